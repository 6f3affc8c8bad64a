"""The publication instant of a saved HTML page.

Pages state their date in several places that often disagree: JSON-LD
(``datePublished`` in ``application/ld+json``, also inside ``@graph`` arrays and
lists), meta tags (``article:published_time``, ``datePublished`` / ``dateCreated``
microdata on any element, ``pubdate``, Dublin Core, ...), ``<time>`` elements, the
visible text of bylines and time stamps, and the page's scripts. The rules, in order:

1. Candidates are gathered with their place: JSON-LD of an article type first,
   then other JSON-LD, meta tags, the page's elements, and last the general
   extractor's date. The elements are ranked: the publication one first (marked
   ``itemprop="datePublished"`` or ``pubdate``, or with a publish / posted / date
   class, inside the article or its header); update times and other articles'
   times last; left out are related-news, comment and side boxes, ``<aside>``,
   ``<nav>``, ``<footer>``, quoted posts in ``<blockquote>``, links to other pages,
   and event times. Elements: ``<time datetime>``, ``<abbr title>`` and hAtom /
   h-entry ``published``, Unix-time attributes (``data-utime``, ...), and the text
   of date, byline and time-stamp elements or just under the headline, read by
   :mod:`tassanalysis.ingest.date_text` with the zone printed after the time.
2. A value with a time and a zone wins over a naive one; a naive value wins only
   when no value on the page has a zone. A naive time is read as UTC and says so
   in ``date_source`` (``;naive-time``). A timed value counts for a day when it
   falls on it in UTC or on the clock it was written in.
3. A date without a time is used only when no value on the page has a time on the
   same day; the page's scripts (``"publishedAt": ...``, ``created_at``) may then
   give the time, never the day. Else the calendar day is kept (00:00 UTC) with
   precision ``day``, never a midnight that looks like a time. A timed element of
   another day does not override a day stated in the metadata.

The module is longer than most (about 600 lines) because these places are ranked
against each other in one pass; printed dates and times are read apart, by
:mod:`tassanalysis.ingest.date_text`.

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
from datetime import UTC, datetime, time, timedelta, timezone
from typing import Any

from lxml import etree

from tassanalysis.ingest.date_text import read_date_time
from tassanalysis.ingest.dates import MAX_OFFSET_MINUTES, plausible

__all__ = ["DateCandidate", "date_candidates", "parse_instant", "published_instant",
           "text_instant"]

_ARTICLE_TYPES = ("article", "newsarticle", "reportagenewsarticle", "blogposting",
                  "analysisnewsarticle", "opinionnewsarticle", "backgroundnewsarticle",
                  "report", "liveblogposting", "socialmediaposting", "scholarlyarticle",
                  "techarticle", "videoobject", "webpage")
_META_KEYS = ("article:published_time", "og:published_time", "og:article:published_time",
              "datepublished", "article.published", "published_time", "publish_date",
              "publish-date", "pubdate", "parsely-pub-date", "sailthru.date", "dc.date.issued",
              "dcterms.issued", "dcterms.created", "dc.date.created", "dc.date", "dcterms.date",
              "datecreated", "date", "cxenseparse:recs:publishtime",
              "article_date_original", "original-publish-date", "displaydate", "og:pubdate")
_TIME_CLASS = re.compile(r"publish|posted|pubdate|date|time|dateline|byline", re.I)
_NOT_ARTICLE = re.compile(r"related|comment|\bcmt|sidebar|(?<!post-)(?<!entry-)(?<!article-)"
                          r"footer|widget|teaser|recommend|more-|"
                          r"promo|trending|popular|latest|nav|menu|aside|"
                          r"instagram|twitter|tweet|embed", re.I)
#: Elements whose ``<time>`` belongs to something else: boxes beside the article,
#: and quoted posts (social-media embeds are blockquotes with their own post time).
_NOT_ARTICLE_TAGS = frozenset({"aside", "nav", "footer", "blockquote", "a"})
_ISO = re.compile(
    r"^\s*(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d+))?)?)?"
    r"\s*(?P<tz>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?\s*$", re.I)


_ISO_BASIC = re.compile(r"^\s*(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})T(?P<H>\d{2})(?P<M>\d{2})"
                        r"(?P<S>\d{2})?(?P<rest>(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)\s*$", re.I)


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
    >>> parse_instant("20180619T055000+0900").when.isoformat()
    '2018-06-18T20:50:00+00:00'
    """
    m = _ISO.match(value or "")
    if m is None and (b := _ISO_BASIC.match(value or "")) is not None:
        # ISO 8601 basic format, 20180619T055000+0900
        m = _ISO.match(f"{b['y']}-{b['m']}-{b['d']}T{b['H']}:{b['M']}:{b['S'] or '00'}"
                       f"{b['rest'] or ''}")
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


def text_instant(text: str, place: str = "page") -> DateCandidate | None:
    """The date and time a short visible text states, as a candidate (UTC).

    Examples
    --------
    >>> text_instant("Published August 18, 2010 3:21 PM PDT").when.isoformat()
    '2010-08-18T22:21:00+00:00'
    >>> c = text_instant("12.10.2015, 19:16 Uhr")
    >>> c.when.isoformat(), c.has_zone
    ('2015-10-12T19:16:00+00:00', False)
    """
    found = read_date_time(text)
    if found is None:
        return None
    local, zone, precision = found
    if zone is None:
        return DateCandidate(place, local.replace(tzinfo=UTC), True, False, precision, local)
    return DateCandidate(place, local.replace(tzinfo=zone).astimezone(UTC), True, True,
                         precision, local)


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
    values: dict[str, str | DateCandidate] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = (el.get("content") or "").strip()
        if key in _META_KEYS and content:
            values.setdefault(key, content)
    for el in tree.xpath("//*[@itemprop='datePublished' or @itemprop='dateCreated']"
                         "[not(self::meta)]"):
        value = el.get("datetime") or el.get("content") or el.get("title")
        key = el.get("itemprop").lower()
        if value:
            values.setdefault(key, value.strip())
        elif (text := " ".join(el.text_content().split())) and len(text) <= 120:
            cand = parse_instant(text, "metadata") or text_instant(text, "metadata")
            if cand is not None:
                values.setdefault(key, cand)
    out = []
    for key in _META_KEYS:
        value = values.get(key)
        if isinstance(value, DateCandidate):
            out.append(value)
        elif value and (c := parse_instant(value, "metadata")) is not None:
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


#: Attributes holding Unix time (seconds, or milliseconds when 12-13 digits long).
_UNIX_ATTRS = ("data-utime", "data-time", "data-timestamp", "data-time-ms",
               "data-published", "data-publish-time", "data-created")
#: Class or id names of elements whose text may state the date of publication.
_DATE_MARKS = re.compile(r"date|time|stamp|publish|posted|byline|\bmeta\b|-info", re.I)
#: Words that mark a value as an update, not the publication.
_UPDATED = re.compile(r"modif|updat|aktualisiert|mis à jour|actualizado|aggiornat|"
                      r"обновлен|last edit", re.I)


_DIGITS = re.compile(r"\d{9,10}|\d{12,13}")


def _unix(value: str | None, place: str = "page") -> DateCandidate | None:
    """Unix seconds (9-10 digits) or milliseconds (12-13 digits); None otherwise."""
    value = (value or "").strip()
    if not _DIGITS.fullmatch(value):
        return None
    seconds = int(value) / 1000 if len(value) > 10 else int(value)
    when = datetime.fromtimestamp(seconds, UTC)
    return DateCandidate(place, when, True, True, "second", when.replace(tzinfo=None))


def _own_path(tree: Any) -> str | None:
    """The path of the page's own URL (canonical link or ``og:url``), if stated."""
    from urllib.parse import urlsplit

    for xpath in ("//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"):
        found = tree.xpath(xpath)
        if found and (path := urlsplit(str(found[0]).strip()).path.rstrip("/")):
            return path
    return None


_HAS_CLOCK = re.compile(r"\d:\d\d")
_NO_DATE_TAGS = frozenset({"script", "style", "html", "body", "head", "meta", "link", "img",
                           "noscript", "svg", "path", "iframe"})


#: Elements whose markup states a date: ``<time>``, ``<abbr title>``, hAtom ``published``.
_MARKUP_XPATH = etree.XPath(
    "//time | //abbr[@title] | //*[@title][contains(concat(' ', normalize-space(@class), ' '),"
    " ' published ') or contains(concat(' ', normalize-space(@class), ' '), ' dt-published ')]")


def _date_elements(tree: Any) -> list[Any]:
    """Elements that may state a date with a time, in document order: the markup of
    :data:`_MARKUP_XPATH`, Unix-time attributes, and date-like class or id names.
    (A plain loop: it is faster here than an XPath with as many tests.)"""
    out = []
    unix = frozenset(_UNIX_ATTRS)
    for el in tree.iter():
        attrib = el.attrib
        if not attrib or el.tag in _NO_DATE_TAGS:
            if el.tag == "time":
                out.append(el)
            continue
        marks = f"{attrib.get('class') or ''} {attrib.get('id') or ''}"
        if el.tag in ("time", "abbr") or (len(marks) > 1 and _DATE_MARKS.search(marks)) \
                or not unix.isdisjoint(attrib.keys()):
            out.append(el)
    return out


def _page_values(tree: Any, full: bool = True) -> list[tuple[Any, DateCandidate]]:
    """Every date with a time an element of the page states, with its element, in
    document order.

    ``<time datetime>``, ``<abbr title>`` and hAtom ``published`` titles; with
    ``full``, also Unix-time attributes (``data-utime``, ``data-timestamp``, ...) and
    the visible text of date, byline and time-stamp elements ("August 18, 2010
    3:21 PM PDT"), which takes a pass over every element.
    """
    out: list[tuple[Any, DateCandidate]] = []
    for el in (_date_elements(tree) if full else _MARKUP_XPATH(tree)):
        tag = el.tag
        value = el.get("datetime") if tag == "time" else el.get("title") if (
            tag == "abbr" or _is_hatom(el)) else None
        if value and (cand := parse_instant(value, "page")) is not None:
            out.append((el, cand))
            continue
        if not full:
            continue
        unix = next((c for a in _UNIX_ATTRS if a in el.attrib
                     and (c := _unix(el.get(a))) is not None), None)
        if unix is not None:
            out.append((el, unix))
            continue
        if tag != "time" and not _DATE_MARKS.search(f"{el.get('class') or ''} "
                                                    f"{el.get('id') or ''}"):
            continue
        text = " ".join(" ".join(el.itertext()).split())
        if len(text) <= 300 and _HAS_CLOCK.search(text) \
                and (cand := text_instant(text)) is not None:
            out.append((el, cand))
    if full:
        out += _under_headline(tree, {id(el) for el, _ in out})
    return out


_FOLLOWING = etree.XPath("following::*[position() <= 40]")


def _under_headline(tree: Any, known: set[int]) -> list[tuple[Any, DateCandidate]]:
    """A short text with a date and a time among the elements that follow a headline
    (``<h1>``) in the page, whatever their class ("2023-11-17 15:13" under the title)."""
    out = []
    for h1 in [h for h in tree.iter("h1") if h.text_content().strip()][:3]:
        for el in _FOLLOWING(h1):
            if id(el) in known or not isinstance(el.tag, str) or el.tag in _NO_DATE_TAGS \
                    or el.tag == "h1":
                continue
            text = " ".join((el.text or "").split())
            if 6 <= len(text) <= 80 and _HAS_CLOCK.search(text) \
                    and (cand := text_instant(text)) is not None:
                out.append((el, cand))
                known.add(id(el))
                break
    return out


def _times(tree: Any, full: bool = True) -> list[DateCandidate]:
    """The dates with a time that elements state, the publication one first, boxes of
    other news left out.

    Left out: values in related-news, comment and side boxes, in ``<aside>``,
    ``<nav>``, ``<footer>`` or a quoted post (``<blockquote>``), and inside a link
    (a teaser of another page; a link to the page itself is kept). Ranked last:
    update times, and times in an ``<article>`` other than the headline's.
    """
    main = _headline_article(tree)
    own = _own_path(tree)
    ranked: list[tuple[int, int, DateCandidate]] = []
    for order, (el, cand) in enumerate(_page_values(tree, full)):
        ancestors = [a for a in el.iterancestors() if a.tag not in ("body", "html")]
        # (the body's classes describe the whole page: "has-sidebar", "menu-open")
        ancestry = " ".join(f"{a.get('class') or ''} {a.get('id') or ''}"
                            for a in [el, *ancestors])
        if _is_hatom(el):  # explicit markup: blog engines put posts in widgets and links
            if _NOT_POST.search(ancestry) or any(a.tag == "blockquote" for a in ancestors):
                continue
        elif _NOT_ARTICLE.search(ancestry) or any(
                a.tag in _NOT_ARTICLE_TAGS and not _links_to(a, own) for a in ancestors):
            continue
        marks = f"{el.get('class') or ''} {el.get('itemprop') or ''}"
        if _EVENT.search(ancestry) or el.xpath(".//*[@itemprop='startDate' or "
                                               "@itemprop='endDate']"):
            continue  # when an event takes place, not when the page was published
        rank = 3
        if el.get("pubdate") is not None or "datepublished" in marks.lower():
            rank = 0
        elif re.search(r"publish|posted|pubdate", marks + ancestry, re.I):
            rank = 1
        elif any(a.tag in ("article", "header", "main") for a in ancestors) \
                or _TIME_CLASS.search(marks):
            rank = 2
        text = " ".join(el.text_content().split())[:80]
        if _UPDATED.search(marks) or (_UPDATED.search(text) and not re.search(
                r"publi|posted|veröffentlicht", text, re.I)):
            rank += 4
        article = next((a for a in ancestors if a.tag == "article"), None)
        if main is not None and article is not None and article is not main:
            rank += 8  # an article listed beside the one the page is about
        ranked.append((rank, order, cand))
    ranked.sort(key=lambda x: (x[0], x[1]))
    return [c for _, _, c in ranked]


_EVENT = re.compile(r"event|startdate|enddate|dtstart|dtend", re.I)
#: Boxes whose hAtom ``published`` values belong to other posts or comments.
_NOT_POST = re.compile(r"related|comment|cmt|teaser|recommend|popular", re.I)


def _is_hatom(el: Any) -> bool:
    """Whether ``el`` is hAtom / h-entry publication markup (``class="published"``)."""
    return bool({"published", "dt-published"} & set((el.get("class") or "").split())) \
        and (el.get("title") or el.get("datetime")) is not None


def _links_to(el: Any, own: str | None) -> bool:
    """Whether ``el`` is a link to the page itself (a permalink, not a teaser)."""
    from urllib.parse import urlsplit

    if el.tag != "a" or not own:
        return False
    return urlsplit((el.get("href") or "").strip()).path.rstrip("/") == own


#: Keys of the publication time in a page's embedded state (``window.__STATE__ = {...}``,
#: share-widget settings): publication names first, then creation names.
_STATE_KEYS = ("datePublished", "date_published", "publishedAt", "published_at",
               "publishDate", "publish_date", "publishedDate", "published_date",
               "publishTime", "publish_time", "firstPublished", "first_published_at",
               "pubDate", "dateCreated", "created_at", "createdAt")
_STATE = re.compile(r"""["']?\b(""" + "|".join(_STATE_KEYS) + r""")["']?\s*[:=]\s*"""
                    r"""(?:"([^"]{8,40})"|'([^']{8,40})'|(\d{9,13})\b)""")


def _state(tree: Any) -> list[DateCandidate]:
    """Timed values of publication keys in the page's scripts other than JSON-LD.

    They only ever give the time of a day the page states elsewhere (a script also
    holds the dates of comments, related items and the page's own build).
    """
    found: list[tuple[int, int, DateCandidate]] = []
    order = 0
    for script in tree.xpath("//script[not(contains(translate(@type, 'LDJSON', 'ldjson'), "
                             "'ld+json'))]"):
        for m in _STATE.finditer(script.text or ""):
            value = m[2] or m[3]
            cand = parse_instant(value, "state") if value else _unix(m[4], "state")
            if cand is not None and cand.has_time:
                found.append((_STATE_KEYS.index(m[1]) >= _STATE_KEYS.index("dateCreated"),
                              order, cand))
                order += 1
    found.sort(key=lambda x: (x[0], x[1]))
    return [c for _, _, c in found]


def date_candidates(tree: Any, extracted_date: str | None = None, *,
                    full: bool = True) -> list[DateCandidate]:
    """Every publication date the page states, most trusted place first.

    Without ``full``, only the page's metadata and its date markup (``<time>``,
    hAtom), not the visible text nor Unix-time attributes of every element.
    """
    cands = _json_ld(tree) + _meta(tree) + _times(tree, full)
    if extracted_date and (c := parse_instant(extracted_date, "extractor")) is not None \
            and not _from_vocabulary_url(tree, c):
        cands.append(c)
    return cands


#: Vocabulary and namespace URLs carry a year and month of their own
#: ("http://www.w3.org/2000/01/rdf-schema#"), never the page's date.
_VOCABULARY_DATE = re.compile(r"(?:w3\.org|purl\.org|xmlns\.com|ogp\.me|schema\.org)"
                              r"/(?:[\w.-]+/)*?((?:19|20)\d\d)/(\d\d)\b")


def _from_vocabulary_url(tree: Any, cand: DateCandidate) -> bool:
    """Whether the extractor's date is a year and month read from a namespace URL."""
    when = cand.when
    if when.day != 1 or cand.has_time:
        return False
    root = tree.getroottree().getroot()
    named = " ".join(str(v) for k, v in root.attrib.items()
                     if k == "prefix" or k.startswith("xmlns") or k == "profile")
    named += " " + " ".join(tree.xpath("//head/@profile | //link/@href"))
    return any(int(y) == when.year and int(m) == when.month
               for y, m in _VOCABULARY_DATE.findall(named))


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
        meta tags, the page's scripts, the extractor) or ``page`` (an element of the
        page: ``<time>``, a time stamp, a byline's date), with
        ``;naive-time`` when the time had no zone, or ``none``; ``date_precision``
        is ``day``, ``minute``, ``second`` or None.
    """
    # most pages state a zoned time in their metadata: the pass over every element
    # of the page is made only when they do not
    found = date_candidates(tree, extracted_date, full=False)
    chosen = _choose(found, tree, last=False)
    if chosen is None:
        chosen = _choose(date_candidates(tree, extracted_date), tree, last=True)
    return chosen  # type: ignore[return-value]


def _choose(found: list[DateCandidate], tree: Any, *, last: bool
            ) -> tuple[datetime | None, str, str | None] | None:
    """The rules of the module docstring; None when not ``last`` and the metadata
    give no zoned time of the stated day (the page's elements are then read too)."""
    cands = [c for c in found if plausible(c.when)]
    if not cands:
        return (None, "unknown-year:implausible-date" if found else "none", None) \
            if last else None
    zoned = [c for c in cands if c.has_time and c.has_zone and not _is_placeholder(c)]
    naive = [c for c in cands if c.has_time and not c.has_zone and not _is_placeholder(c)]
    first_day = cands[0].when.date()
    # the most trusted place decides the day; a timed value of that day gives the time
    for group in (zoned, naive):
        same_day = [c for c in group if _near(c, first_day)]
        if same_day:
            if not last and (not same_day[0].has_zone or same_day[0].place == "page"):
                return None
            best = _misprinted(same_day[0], cands)
            suffix = "" if best.has_zone else ";naive-time"
            return best.when, _SOURCE[best.place] + suffix, best.precision
    if not last:
        return None
    # last, the page's scripts may give the time of that day
    state = [c for c in _state(tree) if _near(c, first_day) and c.local is not None
             and c.local.time() != time(0)]  # midnight exactly: a day in disguise
    if state:
        best = next((c for c in state if c.has_zone), state[0])
        return best.when, "metadata" + ("" if best.has_zone else ";naive-time"), best.precision
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
    """Whether a timed value falls on ``day``: in UTC, or on the clock it was written in."""
    return c.when.date() == day or (c.local is not None and c.local.date() == day)


def _is_placeholder(c: DateCandidate) -> bool:
    """Midnight exactly, written as a time: a date in disguise."""
    return c.has_time and c.when.hour == 0 and c.when.minute == 0 and c.when.second == 0 \
        and not c.has_zone
