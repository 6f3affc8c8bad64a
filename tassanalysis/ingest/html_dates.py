"""The publication instant of a saved HTML page.

Pages state their date in several places that often disagree: JSON-LD
(``datePublished`` in ``application/ld+json``, also inside ``@graph`` arrays and
lists), meta tags (``article:published_time``, ``og:published_time``,
``datePublished`` microdata, ``pubdate``, Dublin Core, ...), ``<time>`` elements and
the text. The rules, in order:

1. Candidates are gathered with their place: JSON-LD of an article type first,
   then other JSON-LD, meta tags, the publication ``<time>`` element (one marked
   ``itemprop="datePublished"`` or ``pubdate``, or with a publish / posted / date
   class, inside the article or its header; not in related-news, comment or side
   boxes, ``<aside>``, ``<nav>``, ``<footer>``, nor quoted posts in ``<blockquote>``),
   hAtom / h-entry ``published`` elements, and last the general extractor's date.
2. A value with a time and a zone wins over a naive one; a naive value wins only
   when no value on the page has a zone. A naive time is read as UTC and says so
   in ``date_source`` (``;naive-time``).
3. A date without a time is used only when no value on the page has a time on the
   same day; it then keeps its calendar day (00:00 UTC) with precision ``day``,
   never a midnight that looks like a time. A timed ``<time>`` element of another
   day does not override a day stated in the metadata.

Examples
--------
>>> import lxml.html
>>> page = lxml.html.document_fromstring(
...     '<html><head><meta property="article:published_time" content="2024-03-01T10:00:00">'
...     '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle",'
...     ' "datePublished": "2024-03-01T10:00:00+08:00"}]}</script></head>'
...     '<body><p>x</p></body></html>')
>>> when, source, precision = published_instant(page)
>>> when.isoformat(), source, precision
('2024-03-01T02:00:00+00:00', 'metadata', 'second')
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from tassanalysis.ingest.dates import MAX_OFFSET_MINUTES, plausible

__all__ = ["DateCandidate", "date_candidates", "parse_instant", "published_instant"]

_ARTICLE_TYPES = ("article", "newsarticle", "reportagenewsarticle", "blogposting",
                  "analysisnewsarticle", "opinionnewsarticle", "backgroundnewsarticle",
                  "report", "liveblogposting", "socialmediaposting", "scholarlyarticle",
                  "techarticle", "videoobject", "webpage")
_META_KEYS = ("article:published_time", "og:published_time", "og:article:published_time",
              "datepublished", "article.published", "published_time", "publish_date",
              "publish-date", "pubdate", "parsely-pub-date", "sailthru.date", "dc.date.issued",
              "dcterms.issued", "dc.date", "dcterms.date", "date", "cxenseparse:recs:publishtime",
              "article_date_original", "original-publish-date", "displaydate", "og:pubdate")
_TIME_CLASS = re.compile(r"publish|posted|pubdate|date|time|dateline|byline", re.I)
_NOT_ARTICLE = re.compile(r"related|comment|sidebar|footer|widget|teaser|recommend|more-|"
                          r"promo|trending|popular|latest|nav|menu|aside|"
                          r"instagram|twitter|tweet|embed", re.I)
#: Elements whose ``<time>`` belongs to something else: boxes beside the article,
#: and quoted posts (social-media embeds are blockquotes with their own post time).
_NOT_ARTICLE_TAGS = frozenset({"aside", "nav", "footer", "blockquote", "a"})
_ISO = re.compile(
    r"^\s*(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d+))?)?)?"
    r"\s*(?P<tz>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?\s*$", re.I)


@dataclass(frozen=True, slots=True)
class DateCandidate:
    """One date the page states: where, the instant (UTC), and what it carries."""

    place: str
    when: datetime
    has_time: bool
    has_zone: bool
    precision: str
    #: the wall-clock time as written (before conversion to UTC)
    local: datetime | None = None


def parse_instant(value: str, place: str = "") -> DateCandidate | None:
    """Read an ISO-like date string; None if it is not one.

    Examples
    --------
    >>> c = parse_instant("2024-12-26T21:09:18+03:00")
    >>> c.when.isoformat(), c.has_zone, c.precision
    ('2024-12-26T18:09:18+00:00', True, 'second')
    >>> parse_instant("2024-12-26").precision
    'day'
    """
    m = _ISO.match(value or "")
    if m is None:
        from email.utils import parsedate_to_datetime

        try:  # RFC 2822, as some feeds and meta tags print it
            dt = parsedate_to_datetime(value.strip())
        except (TypeError, ValueError, IndexError):
            return None
        if dt is None:
            return None
        if ":" not in value:
            return DateCandidate(place, dt.replace(tzinfo=UTC), False, False, "day")
        zoned = dt.tzinfo is not None
        local = dt.replace(tzinfo=None)
        dt = dt if zoned else dt.replace(tzinfo=UTC)
        try:
            return DateCandidate(place, dt.astimezone(UTC), True, zoned, "second", local)
        except OverflowError:
            return None
    try:
        base = datetime(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    if m["H"] is None:
        return DateCandidate(place, base.replace(tzinfo=UTC), False, False, "day")
    try:
        dt = base.replace(hour=int(m["H"]), minute=int(m["M"]), second=int(m["S"] or 0),
                          microsecond=int((m["f"] or "0")[:6].ljust(6, "0")))
    except ValueError:
        return None
    tz = (m["tz"] or "").upper()
    if tz in ("Z", "UTC", "GMT"):
        zone: Any = UTC
    elif tz:
        sign = -1 if tz[0] == "-" else 1
        digits = tz[1:].replace(":", "")
        minutes = int(digits[:2]) * 60 + int(digits[2:4] or 0)
        if minutes > MAX_OFFSET_MINUTES:  # no zone is that far from UTC
            return None
        zone = timezone(sign * timedelta(minutes=minutes))
    else:
        zone = None
    precision = "second" if m["S"] is not None else "minute"
    if zone is None:
        return DateCandidate(place, dt.replace(tzinfo=UTC), True, False, precision, dt)
    try:
        when = dt.replace(tzinfo=zone).astimezone(UTC)
    except OverflowError:  # beyond the calendar: kept, and found implausible
        when = datetime.max.replace(tzinfo=UTC) if dt.year > 1 else datetime.min.replace(tzinfo=UTC)
    return DateCandidate(place, when, True, True, precision, dt)


def _walk_ld(node: Any, found: list[tuple[bool, str]]) -> None:
    if isinstance(node, list):
        for item in node:
            _walk_ld(item, found)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("@type")
    kinds = [str(k).lower() for k in (kind if isinstance(kind, list) else [kind]) if k]
    is_article = any(k in _ARTICLE_TYPES for k in kinds)
    value = node.get("datePublished") or node.get("dateCreated") or node.get("uploadDate")
    if isinstance(value, str) and value.strip():
        found.append((is_article, value.strip()))
    for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement", "hasPart"):
        if key in node:
            _walk_ld(node[key], found)


def _json_ld(tree: Any) -> list[DateCandidate]:
    out: list[tuple[bool, str]] = []
    for script in tree.xpath("//script[contains(translate(@type, 'LDJSON', 'ldjson'), "
                             "'ld+json')]"):
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            try:  # trailing commas and control characters are common
                data = json.loads(re.sub(r",\s*([}\]])", r"\1", raw), strict=False)
            except ValueError:
                continue
        _walk_ld(data, out)
    out.sort(key=lambda x: not x[0])  # article types first, order kept otherwise
    cands = [parse_instant(v, "json-ld") for _, v in out]
    return [c for c in cands if c is not None]


def _meta(tree: Any) -> list[DateCandidate]:
    values: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = (el.get("content") or "").strip()
        if key in _META_KEYS and content:
            values.setdefault(key, content)
    for el in tree.xpath("//*[@itemprop='datePublished' and not(self::meta)]"):
        value = el.get("datetime") or el.get("content")
        if value:
            values.setdefault("datepublished", value.strip())
    out = []
    for key in _META_KEYS:
        if key in values and (c := parse_instant(values[key], "metadata")) is not None:
            out.append(c)
    return out


def _headline_article(tree: Any) -> Any:
    """The ``<article>`` holding the page's headline (the first ``<h1>`` inside one), or None.

    A site logo in an ``<h1>`` of the page header is passed over.
    """
    for h1 in tree.iter("h1"):
        if h1.text_content().strip():
            article = next((a for a in h1.iterancestors() if a.tag == "article"), None)
            if article is not None:
                return article
    return None


def _times(tree: Any) -> list[DateCandidate]:
    """``<time datetime>`` elements, the publication one first, boxes of other news left out.

    Left out: times in related-news, comment and side boxes, in ``<aside>``, ``<nav>``,
    ``<footer>`` or a quoted post (``<blockquote>``), and inside a link (a teaser of
    another page). Ranked last: times in an ``<article>`` other than the headline's.
    """
    main = _headline_article(tree)
    ranked: list[tuple[int, int, DateCandidate]] = []
    for order, el in enumerate(tree.iter("time")):
        value = el.get("datetime")
        if not value:
            continue
        cand = parse_instant(value, "page")
        if cand is None:
            continue
        ancestors = list(el.iterancestors())
        ancestry = " ".join(f"{a.get('class') or ''} {a.get('id') or ''}" for a in ancestors)
        if _NOT_ARTICLE.search(ancestry) or any(a.tag in _NOT_ARTICLE_TAGS for a in ancestors):
            continue
        own = f"{el.get('class') or ''} {el.get('itemprop') or ''}"
        rank = 3
        if el.get("pubdate") is not None or "datepublished" in own.lower():
            rank = 0
        elif re.search(r"publish|posted|pubdate", own + ancestry, re.I):
            rank = 1
        elif any(a.tag in ("article", "header", "main") for a in ancestors) \
                or _TIME_CLASS.search(own):
            rank = 2
        if re.search(r"modif|updat", own, re.I):
            rank += 4
        article = next((a for a in ancestors if a.tag == "article"), None)
        if main is not None and article is not None and article is not main:
            rank += 8  # an article listed beside the one the page is about
        ranked.append((rank, order, cand))
    ranked.sort(key=lambda x: (x[0], x[1]))
    return [c for _, _, c in ranked]


def _microformats(tree: Any) -> list[DateCandidate]:
    """hAtom / h-entry publication dates: ``<abbr class="published" title="...">``,
    ``class="dt-published"`` (blog engines print the full timestamp there)."""
    out = []
    for el in tree.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' published ')"
                         " or contains(concat(' ', normalize-space(@class), ' '), "
                         "' dt-published ')][@title or @datetime]"):
        cand = parse_instant(el.get("datetime") or el.get("title") or "", "page")
        if cand is not None:
            out.append(cand)
    return out


def date_candidates(tree: Any, extracted_date: str | None = None) -> list[DateCandidate]:
    """Every publication date the page states, most trusted place first."""
    cands = _json_ld(tree) + _meta(tree) + _times(tree) + _microformats(tree)
    if extracted_date and (c := parse_instant(extracted_date, "extractor")) is not None:
        cands.append(c)
    return cands


def published_instant(tree: Any, extracted_date: str | None = None
                      ) -> tuple[datetime | None, str, str | None]:
    """Choose the publication instant of a parsed page.

    Parameters
    ----------
    tree
        The page parsed by ``lxml.html``.
    extracted_date
        The general extractor's date (trafilatura's ``date``), used last.

    Returns
    -------
    (published_at, date_source, date_precision)
        ``published_at`` in UTC or None; ``date_source`` is ``metadata`` (JSON-LD,
        meta tags, the extractor) or ``page`` (a ``<time>`` element), with
        ``;naive-time`` when the time had no zone, or ``none``; ``date_precision``
        is ``day``, ``minute``, ``second`` or None.
    """
    found = date_candidates(tree, extracted_date)
    cands = [c for c in found if plausible(c.when)]
    if not cands:
        return None, ("unknown-year:implausible-date" if found else "none"), None
    zoned = [c for c in cands if c.has_time and c.has_zone and not _is_placeholder(c)]
    naive = [c for c in cands if c.has_time and not c.has_zone and not _is_placeholder(c)]
    first_day = cands[0].when.date()
    # the most trusted place decides the day; a timed value of that day gives the time
    for group, suffix in ((zoned, ""), (naive, ";naive-time")):
        same_day = [c for c in group if _near(c, first_day)]
        if same_day:
            best = _misprinted(same_day[0], cands)
            suffix = "" if best.has_zone else ";naive-time"
            return best.when, _SOURCE[best.place] + suffix, best.precision
    # a timed value of another day wins only from the page's metadata: a ``<time>``
    # element of another day is some other item's (a quoted post, a listed article)
    trusted_day = cands[0].place != "page"
    for group, suffix in ((zoned, ""), (naive, ";naive-time")):
        group = [c for c in group if c.place != "page"] if trusted_day else group
        if group:
            return group[0].when, _SOURCE[group[0].place] + suffix, group[0].precision
    best = cands[0]
    return best.when, _SOURCE[best.place], "day"


#: ``date_source`` of each place: the page's metadata, or its visible ``<time>``.
_SOURCE = {"json-ld": "metadata", "metadata": "metadata", "extractor": "metadata", "page": "page"}


def _misprinted(best: DateCandidate, cands: list[DateCandidate]) -> DateCandidate:
    """Correct two misprints that the page's other values give away.

    * Local time labelled UTC: ``15:40+00:00`` where another place states the same
      wall-clock time with the site's zone (``15:40+02:00``): the zoned one is right.
    * A 12-hour clock without AM/PM: ``02:39+02:00`` where another place states
      ``14:39`` of the same day: the afternoon is right, in the zone given.
    """
    if best.local is None:
        return best
    others = [c for c in cands if c.has_time and c.local is not None and c is not best]
    if best.has_zone and best.when.utcoffset() is not None and best.local == best.when.replace(
            tzinfo=None):  # written with offset 0
        for o in others:
            if o.has_zone and o.local == best.local and o.when != best.when:
                return o
    if best.local.hour < 12:
        later = best.local + timedelta(hours=12)
        if any(o.local.replace(microsecond=0) == later.replace(microsecond=0)
               or (o.precision == "minute" and o.local.replace(second=0, microsecond=0)
                   == later.replace(second=0, microsecond=0)) for o in others):
            return DateCandidate(best.place, best.when + timedelta(hours=12), True,
                                 best.has_zone, best.precision, later)
    return best


def _near(c: DateCandidate, day: Any) -> bool:
    """Whether a timed value falls on ``day`` in some zone of the world (±14 h)."""
    return abs((c.when.date() - day).days) <= 1


def _is_placeholder(c: DateCandidate) -> bool:
    """Midnight exactly, written as a time: a date in disguise."""
    return c.has_time and c.when.hour == 0 and c.when.minute == 0 and c.when.second == 0 \
        and not c.has_zone
