"""Parse tass.com / tass.ru pages saved as plain text into canonical article records.

A text dump of a TASS page is the page's visible text, one element per line:
navigation menus, a news feed, the headline, section, date, lead, photo captions,
the article, related-article widgets, tags and trailing chrome. The layouts seen
over the years are all handled by one line-based scan:

* the 2017 menu-first layout (menus, title, section, ``December 26, 20:52 UTC+3``);
* ``Back to Main page`` pages with ``May 05, 12:08 UTC+3 MOSCOW`` date lines;
* ``All news`` pages (2020 on): title, lead, ``© …/TASS`` captions, ``Read more``, tags;
* text that starts at the dateline (no title);
* ``ITAR-TASS`` datelines and Russian tass.ru pages (``МОСКВА, 26 декабря. /ТАСС/.``);
* news-feed lines (``12:08`` + headline) before the article and ``{{…}}`` template junk.

The article starts at the dateline (``MOSCOW, December 26./TASS/.``); what is above
it is the header (title, lead, section, date, person tags), what follows the
first trailer line (``Show more``, ``Topics``, ``Теги``, …) is chrome. Lines
repeated over many pages of a corpus (:func:`learn_boilerplate`) are removed
from the article as well.

The module is longer than most (~850 lines) on purpose: the vocabulary of page
lines, their classification and the reading of header, body and trailer are one
model of a page, tuned together on real dumps; split apart, each part would
depend on the others' internals.

Examples
--------
>>> from tassanalysis.ingest.tass_text import parse_tass_text
>>> page = "Putin meets Lavrov on strategic stability\\nDecember 26 2017, 20:52 UTC+3\\n" \\
...        "MOSCOW, December 26. /TASS/. The two met at the Kremlin."
>>> rec = parse_tass_text(page)
>>> rec["title"], rec["dateline"], rec["published_at"].isoformat()
('Putin meets Lavrov on strategic stability', 'MOSCOW', '2017-12-26T17:52:00+00:00')
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from tassanalysis.ingest.dates import (
    EARLIEST_YEAR,
    MONTHS,
    PageDate,
    latest_year,
    parse_date_line,
    to_utc,
)
from tassanalysis.ingest.errors import PageError
from tassanalysis.ingest.fields import detect_language
from tassanalysis.ingest.sections import section_from_url, section_name
from tassanalysis.ingest.year_cues import find_url, infer_page_year
from tassanalysis.ingest.years import infer_year
from tassanalysis.schema import make_doc_id

__all__ = ["PageError", "learn_boilerplate", "normalize_line", "parse_tass_text",
           "strip_templates"]

# ----------------------------------------------------------------------------- vocabulary


def normalize_line(line: str) -> str:
    """Return the comparison form of a line: NFKC, case-folded, single spaces.

    Examples
    --------
    >>> normalize_line("  Most   READ ")
    'most read'
    """
    if line.isascii():
        return " ".join(line.split()).lower()
    return " ".join(unicodedata.normalize("NFKC", line).split()).casefold()


def _norm_set(*lines: str) -> frozenset[str]:
    return frozenset(normalize_line(x) for x in lines)


#: Section names as tass.com and tass.ru print them.
SECTIONS = _norm_set(
    "Russian Politics & Diplomacy", "World", "Business & Economy", "Military & Defense",
    "Science & Space", "Society & Culture", "Sport", "Sports", "Press Review", "Emergencies",
    "Politics", "Economy", "Society", "Science", "Defense", "Culture", "Russia",
    "Политика", "Экономика и бизнес", "Экономика", "Международная панорама", "Мир",
    "Происшествия", "Общество", "Армия и ОПК", "Наука", "Спорт", "Культура", "Москва",
    "Санкт-Петербург", "В стране", "Регионы", "Туризм", "Космос", "Национальные проекты",
    "Специальная военная операция", "Недвижимость", "Спецпроекты",
)

# Navigation and widget lines that never carry article content.
_CHROME = _norm_set(
    "Select the city", "Currency converter", "^", "News Feed", "Sections", "All news",
    "News Search Topics", "ОК", "OK", "Use filter", "You can filter your feed,",
    "by choosing only interesting", "sections.", "Go to Search", "Loading", "More news",
    "Share", "Back to Main page", "Back to main page", "Search", "Menu", "Close", "Subscribe",
    "TASS", "ТАСС", "EN", "RU", "Рус", "Eng", "ITAR-TASS", "ИТАР-ТАСС", "Home", "Main page",
    "News", "Russian News Agency", "Information agency of Russia", "Advertisement", "Ad",
    "Print", "Send", "E-mail", "Twitter", "Facebook", "Telegram", "VK", "Reddit",
    "Реклама", "Поделиться", "Лента новостей", "Все новости", "Главная", "Поиск", "Меню",
    "Закрыть", "Подписаться", "Новости", "Загрузка", "Версия для печати", "Ещё", "Еще",
    "Show more", "Read more", "Topics", "Tags", "In other media", "Most read", "Infographics",
    "Photo", "Video", "TOP STORIES", "Partner News", "Now", "Today", "This week", "Comments",
    "Теги", "Темы", "Показать еще", "Показать ещё", "Показать больше", "Самое читаемое",
    "В других СМИ", "Новости партнеров", "Фото", "Видео", "Инфографика", "Сейчас", "Сегодня",
    "За неделю", "Главные новости", "Популярное",
)

# Lines after which the article is over.
_TRAILER = _norm_set(
    "Show more", "Share", "Topics", "Tags", "In other media", "Most read", "Infographics",
    "Photo", "Video", "TOP STORIES", "Partner News", "More news", "Comments", "Persons",
    "Теги", "Темы", "Поделиться", "Показать еще", "Показать ещё", "Показать больше",
    "Самое читаемое", "В других СМИ", "Новости партнеров", "Фото", "Видео", "Инфографика",
    "Лента новостей", "Главные новости", "Популярное", "Персоны",
)
# Trailer lines that never sit between a page's date and its article.
_FALLBACK_STOP = _TRAILER - _norm_set("Share", "Поделиться", "Photo", "Фото", "Video", "Видео",
                                      "Лента новостей")
_TRAILER_PREFIXES = ("ошибка в тексте", "if you have found a typo", "subscribe to tass",
                     "follow tass on", "подписывайтесь на тасс")
# Widgets inside the article announcing a related story (title, then its lead).
_RELATED = _norm_set("Read also", "Read more", "See also", "Also read", "Читайте также",
                     "Также читайте", "Читать также", "Подробнее", "По теме", "Read also:",
                     "Read more:", "Читайте также:", "Подробнее:")
_TAG_MARKERS = _norm_set("Topics", "Tags", "Теги", "Темы", "Topics:", "Tags:", "Теги:")
_PERSON_MARKERS = _norm_set("Persons", "Персоны", "People")
_DROP_IN_BODY = _norm_set("Реклама", "Advertisement", "Ad")

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_AGENCY = r"(?:ITAR-TASS|ИТАР-ТАСС|TASS|ТАСС|Itar-Tass|Итар-Тасс)"
_CITY = r"(?:/[^/\n]{0,40}/\s*|/)?(?P<city>[A-ZА-ЯЁ][^\n]{0,80}?)"
_DATELINE_EN = re.compile(
    rf"^{_CITY}\s*[,.]?\s*(?P<month>{_MONTH_ALT})\.?\s*(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"(?:\s*,?\s*(?P<year>(?:19|20)\d\d))?"
    r"(?:\s*,?\s*(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)\b)?\s*[.,]?\s*"
    rf"(?:/\s*(?P<a1>{_AGENCY})\b[^/\n]{{0,60}}/\s*\.?"
    rf"|\(\s*(?P<a2>{_AGENCY})\s*\)\s*(?:--|—|–|-)?"
    r"|(?P<bare>\.)\s+(?=\S))",
    re.IGNORECASE,
)
_DATELINE_RU = re.compile(
    rf"^{_CITY}\s*[,.]?\s*(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH_ALT})"
    rf"(?:\s+(?P<year>(?:19|20)\d\d))?"
    r"(?:\s*,?\s*(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)\b)?\s*[.,]?\s*"
    rf"(?:/\s*(?P<a1>{_AGENCY})\b[^/\n]{{0,60}}/\s*\.?"
    rf"|\(\s*(?P<a2>{_AGENCY})\s*\)\s*(?:--|—|–|-)?"
    rf"|(?:—|–|-)\s*(?P<a3>{_AGENCY})\.?"
    r"|(?P<bare>\.)\s+(?=\S))",
    re.IGNORECASE,
)
_FACTBOX = re.compile(r"^(?:[A-ZА-ЯЁ][A-ZА-ЯЁ .\-]{1,40},\s*)?(?:(?:TASS|ТАСС)[- ])?"
                      r"(?:FACTBOX|DOSSIER|ДОСЬЕ)\b|^/(?:TASS|ТАСС)/")
_FEED_TIME = re.compile(r"^\d{1,2}:\d{2}$")
_FEED_LINE = re.compile(r"^\d{1,2}:\d{2}\s+\S")
#: A feed item's time stamp at the end of a line (``… delegationWorld December 22, 15:34``).
_FEED_STAMP = re.compile(
    rf"(?:(?:{_MONTH_ALT})\.?\s*\d{{1,2}}|\d{{1,2}}\s+(?:{_MONTH_ALT})),?\s+\d{{1,2}}:\d{{2}}$",
    re.IGNORECASE)
#: Template junk left in a page by a client-side framework: ``{{…}}`` and ``{%…%}``.
_TEMPLATE_DELIMITERS = (("{{", "}}"), ("{%", "%}"))
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_PAGES_IN_ARTICLE = re.compile(r"^\d+\s+pages?\s+in\s+this\s+article$", re.IGNORECASE)
_URL_LINE = re.compile(r"^(?:URL:\s*)?(https?://(?:www\.|m\.)?tass\.(?:com|ru)/\S+)$", re.IGNORECASE)
_NAME = re.compile(r"^[A-ZА-ЯЁ][\w'’.\-]*(?: (?:[A-ZА-ЯЁ][\w'’.\-]*|de|van|von|bin|al|ibn)){1,3}$")
_CLOSERS = '"”»)\'’ '
_STOPS = frozenset(".!?…;:")
_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# line kinds
_CHROME_K, _SECTION, _DATE, _CAPTION, _FEED, _TEXT, _URL = range(7)


def _is_caption(line: str) -> bool:
    return "©" in line or line.startswith("(c) ") or line.startswith("Фото:")


def _ends_sentence(line: str) -> bool:
    """Whether a line ends a sentence (``said.``, ``he said."``); leads and titles do not."""
    end = line.rstrip(_CLOSERS)
    return bool(end) and end[-1] in _STOPS


def _headline_like(line: str, norm: str, boilerplate: frozenset[str]) -> bool:
    if len(line) < 12 or norm in _CHROME or norm in boilerplate or line.endswith((":", ",")):
        return False
    if line[-1].isdigit() and _FEED_STAMP.search(line, max(0, len(line) - 30)):
        return False  # a news-feed item: another article's headline with its date and time
    first = line[0]
    if not (first.isupper() or first.isdigit() or first in "\"«“'‘"):
        return False
    return line.count(" ") >= 2


def _paragraph_like(line: str) -> bool:
    spaces = line.count(" ")
    return (spaces >= 40 or (spaces >= 5 and _ends_sentence(line))) and not _is_caption(line)


# ----------------------------------------------------------------------------- scanning


class _Line:
    __slots__ = ("text", "norm", "kind", "date")

    def __init__(self, text: str) -> None:
        text = " ".join(text.split())  # tabs, no-break and repeated spaces → one space
        self.text = text
        self.norm = text.lower() if text.isascii() else normalize_line(text)
        self.date: PageDate | None = None
        self.kind = _TEXT


def _classify(lines: list[_Line]) -> None:
    feed_next = False
    for ln in lines:
        text, norm = ln.text, ln.norm
        if feed_next:
            feed_next = False
            if norm not in _CHROME and parse_date_line(text) is None and not _FEED_TIME.match(text):
                ln.kind = _FEED
                continue
        if norm in SECTIONS:
            ln.kind = _SECTION
        elif norm in _CHROME or len(norm) <= 2 or norm.isdigit() or _PAGES_IN_ARTICLE.match(norm):
            ln.kind = _CHROME_K
        elif _FEED_TIME.match(text):
            ln.kind = _FEED
            feed_next = True
        elif _is_caption(text):
            ln.kind = _CAPTION
        elif _URL_LINE.match(text):
            ln.kind = _URL
        else:
            date = parse_date_line(text) if len(text) <= 80 else None
            if date is not None:
                ln.kind, ln.date = _DATE, date
            elif _FEED_LINE.match(text):
                ln.kind = _FEED


def _match_dateline(text: str) -> re.Match[str] | None:
    if not (text[:1].isupper() or text[:1] == "/") or _DIGIT.search(text, 0, 130) is None:
        return None
    m = _DATELINE_EN.match(text) or _DATELINE_RU.match(text)
    if m is None:
        return None
    if m.group("bare"):
        # no agency mark: only a capitalised city ("MOSCOW, May 5. Text") counts
        city = m.group("city")
        word = city.split()[0].strip(",.") if city.split() else ""
        if len(word) < 3 or not word.isupper():
            return None
    return m


def _clean_city(city: str) -> str:
    """The dateline's place, its region in slashes set off by one space.

    ``BAIKONUR/Kazakhstan/`` and ``BAIKONUR /Kazakhstan/`` are both
    ``BAIKONUR /Kazakhstan/``.
    """
    city = city.strip().rstrip(".,:;—–- ").strip()
    if city.endswith("/") and city.count("/") >= 2:
        cut = city.rindex("/", 0, len(city) - 1)
        city = f"{city[:cut].rstrip()} {city[cut:]}"
    return city


def _find_body_start(lines: list[_Line]) -> tuple[int | None, re.Match[str] | None]:
    factbox = None
    for i, ln in enumerate(lines):
        if ln.kind in (_TEXT, _FEED) and len(ln.text) > 15:
            m = _match_dateline(ln.text)
            if m is not None:
                return i, m
            if factbox is None and _FACTBOX.match(ln.text) and (
                    "TASS" in ln.text or "ТАСС" in ln.text or ln.text.count(" ") >= 12):
                factbox = i  # "TASS FACTBOX. …": an article without a dateline
    # a real dateline anywhere wins over a factbox-like line (a lead that quotes "/TASS/.")
    return factbox, None


# ----------------------------------------------------------------------------- the parser


def parse_tass_text(text: str, *, origin: str = "<text>", year: int | None = None,
                    metadata: Mapping[str, Any] | None = None,
                    boilerplate: frozenset[str] | None = None) -> dict[str, Any]:
    """Parse the text of one tass.com / tass.ru page into an article record.

    Parameters
    ----------
    text
        The page text, one element per line.
    origin
        Where it came from (a file path); stored in ``origin``.
    year
        The publication year, when the caller knows it and the page prints none.
    metadata
        Facts from outside the page (a sidecar JSON, a table row): ``url``,
        ``crawled_at`` and ``published_at`` (datetime or ISO string; naive values
        are Moscow time), ``section``, ``source``.
    boilerplate
        Normalized lines (:func:`normalize_line`) learned over a corpus by
        :func:`learn_boilerplate`; they are removed from the article body and
        never taken as a title.

    Returns
    -------
    dict
        Every column of :data:`tassanalysis.schema.ARTICLE_SCHEMA`; ``published_at``
        is a tz-aware UTC datetime or None. When the page prints no year and nothing
        gives one, ``published_at`` is None, ``date_source`` is ``unknown-year:<why>``
        and the extra key ``_partial`` holds ``month, day, hour, minute,
        utc_offset_minutes`` for :func:`tassanalysis.ingest.years.infer_years_from_ids`.

    Raises
    ------
    PageError
        ``reason`` is ``empty`` (nothing but whitespace), ``not-a-page`` (binary or
        letterless input), ``no-body`` (no article text) or ``no-date`` (no date on
        the page nor in ``metadata``).

    Examples
    --------
    >>> rec = parse_tass_text("MOSCOW, March 5 /ITAR-TASS/. Talks went on all day.", year=2014)
    >>> rec["title"] is None, rec["dateline"], rec["date_source"]
    (True, 'MOSCOW', 'inferred-year:given;dateline-date')
    """
    if not isinstance(text, str):
        raise PageError("not-a-page", f"expected page text, got {type(text).__name__}")
    if not text.strip():
        raise PageError("empty", "the page is empty")
    _check_text_like(text)
    meta = {k: v for k, v in (metadata or {}).items() if _present(v)}
    for key in ("url", "source", "section"):
        if key in meta:
            meta[key] = str(meta[key]).strip() or None
    boiler = boilerplate or frozenset()

    cleaned = strip_templates(text) if "{" in text else text
    raw_lines = _unwrap([s.strip() for s in cleaned.splitlines()])
    lines = [_Line(s) for s in raw_lines if s and "{{" not in s and "}}" not in s]
    _classify(lines)
    url = meta.get("url") or next((_URL_LINE.match(ln.text).group(1)  # type: ignore[union-attr]
                                   for ln in lines if ln.kind == _URL), None)

    body_start, dl_match = _find_body_start(lines)
    date_idx = None
    if body_start is None:
        date_idx = _pick_date(lines, len(lines))
        first = (date_idx + 1) if date_idx is not None else 0
        body_start = _first_paragraph(lines, first)
        if body_start is None:
            raise PageError("no-body", "no article text found on the page")
    else:
        date_idx = _pick_date(lines, body_start)

    header = _read_header(lines, body_start, date_idx, boiler)
    body_lines, related, end = _read_body(lines, body_start, boiler)
    if not body_lines and boiler:  # a profile never empties an article
        body_lines, related, end = _read_body(lines, body_start, frozenset())
    if not body_lines:
        raise PageError("no-body", "the page has no article text after the dateline")
    if end < len(lines) and len(body_lines) > 1:
        _take_stranded_headings(body_lines, header, boiler)
    tags, trailer_persons = _read_trailer(lines, end)
    persons = _dedupe(header["persons"] + trailer_persons)

    dateline = _clean_city(dl_match.group("city")) if dl_match is not None else None
    page_date = lines[date_idx].date if date_idx is not None else None
    if dateline is None and page_date is not None and page_date.rest:
        dateline = _clean_city(page_date.rest)
    body = "\n\n".join(body_lines)
    full_text = "\n".join(ln.text for ln in lines)
    language = detect_language(body)

    source = meta.get("source") or _source_from(url, language)
    published_at, date_source, partial = _resolve_date(
        page_date, dl_match, year=year, metadata=meta, full_text=full_text, body=body, url=url)

    section = (header["section"] or meta.get("section")
               or section_name(source, section_from_url(url)))
    record: dict[str, Any] = {
        "doc_id": make_doc_id(
            source, url, title=header["title"],
            published=published_at.isoformat() if published_at is not None
            else (f"{partial['month']:02d}-{partial['day']:02d}" if partial else None),
            body=body),
        "source": source,
        "url": url,
        "title": header["title"],
        "lead": header["lead"],
        "body": body,
        "section": section,
        "published_at": published_at,
        "date_source": date_source,
        "dateline": dateline or None,
        "tags": tags,
        "persons": persons,
        "related": related,
        "language": language,
        "origin": origin,
        "merged": 0,
        "date_precision": _precision(published_at, page_date, date_source),
        "truncated": False,
        "boilerplate": [],
    }
    if partial is not None:
        record["_partial"] = partial
    return record


def strip_templates(text: str) -> str:
    r"""Replace each ``{{…}}`` and ``{%…%}`` span (across lines) by a space, in linear time.

    A span runs from an opening delimiter to the first closing one after it;
    an opening delimiter with no closing one after it is left as it is. The
    scan moves forward only, so the work grows with the length of the text
    whatever it holds (a lazy ``\{\{.*?\}\}`` regex is quadratic on text full
    of unclosed ``{{``).

    Parameters
    ----------
    text
        Page text.

    Returns
    -------
    str
        The text without template spans.

    Examples
    --------
    >>> strip_templates("Hi {{ item.title }} there {% if x %}, {{ unclosed")
    'Hi   there  , {{ unclosed'
    """
    closers = [text.rfind(c) for _, c in _TEMPLATE_DELIMITERS]
    if all(text.find(o, max(c - 1, 0) if c >= 0 else 0) < 0
           for (o, _), c in zip(_TEMPLATE_DELIMITERS, closers, strict=True)):
        # every opener has a closer after it: each regex match attempt at an opener
        # succeeds and consumes what it scans, so the (faster) regex is linear here
        return _TEMPLATE.sub(" ", text)
    out: list[str] = []
    pos = 0
    # next opening position of each kind; -1 when there is none (or it cannot close)
    opens = [text.find(o) for o, _ in _TEMPLATE_DELIMITERS]
    while True:
        for k, (opener, _) in enumerate(_TEMPLATE_DELIMITERS):
            if 0 <= opens[k] < pos:
                opens[k] = text.find(opener, pos)
        live = [(p, k) for k, p in enumerate(opens) if p >= 0]
        if not live:
            break
        start, k = min(live)
        end = text.find(_TEMPLATE_DELIMITERS[k][1], start + 2)
        if end < 0:
            opens[k] = -1  # no closer after this one, so none after any later opener either
            continue
        out.append(text[pos:start])
        out.append(" ")
        pos = end + 2
    out.append(text[pos:])
    return "".join(out)


def _present(value: Any) -> bool:
    """Whether a metadata value holds something (not None, empty or NaN)."""
    if value is None:
        return False
    if isinstance(value, float):
        return value == value
    return not (isinstance(value, str) and not value.strip())


def _unwrap(raw: list[str]) -> list[str]:
    """Rejoin paragraphs of dumps wrapped at a fixed width (lynx, w3m, html2text).

    A dump is taken as wrapped when no line is longer than 110 characters and at
    least eight lines, and a third of the lines of 40 characters or more, come
    within 12 characters of the longest, and two in five of the lines after such
    full-width lines start in lower case; then a line that follows, with no blank
    line between, a line within 20 characters of that width continues it.
    """
    width = max(map(len, raw), default=0)
    if width > 110 or width < 50:
        return raw
    near = sum(1 for s in raw if len(s) >= width - 12)
    longish = sum(1 for s in raw if len(s) >= 40)
    if near < 8 or near * 3 < longish:
        return raw
    # wrapping breaks sentences: the lines after full-width lines mostly go on in lower case
    follow = [b for a, b in zip(raw, raw[1:], strict=False) if b and len(a) >= width - 20]
    if sum(1 for b in follow if b[0].islower()) * 5 < len(follow) * 2:
        return raw
    out: list[list[str]] = []  # the parts of each output line, joined once at the end
    tail = ""  # the last two characters of the current output line
    joinable = False
    for s in raw:
        if s and joinable and out:
            # a break after a hyphen ("short-" / "range") keeps the word whole
            glue = "" if tail.endswith("-") and tail[-2:-1].isalpha() else " "
            out[-1] += (glue, s)
            tail = (tail + glue + s)[-2:]
        else:
            out.append([s])
            tail = s[-2:]
        joinable = bool(s) and len(s) >= width - 20
    return ["".join(parts) for parts in out]


def _check_text_like(text: str) -> None:
    sample = text[:4000]
    bad = len(_CONTROL.findall(sample))
    if bad > max(2, len(sample) // 50):
        raise PageError("not-a-page", "the input looks binary (control characters)")
    # U+FFFD marks characters lost to a bad decoding upstream: a page with some is
    # damaged text, one made mostly of them is not text at all
    if sample.count("\ufffd") > max(2, len(sample) // 4):
        raise PageError("not-a-page", "the input is mostly undecodable (U+FFFD)")
    if _LETTER.search(sample) is None:
        raise PageError("not-a-page", "the input has no letters")


def _first_paragraph(lines: list[_Line], start: int) -> int | None:
    """Where an article without a dateline starts: its first sentence-like line."""
    for i in range(start, len(lines)):
        ln = lines[i]
        if ln.norm in _FALLBACK_STOP or ln.norm in _RELATED:
            return None
        if ln.kind == _TEXT and _paragraph_like(ln.text):
            return i
    return None


def _pick_date(lines: list[_Line], stop: int) -> int | None:
    """The page's own date: the last timed date line above ``stop``, else the last date."""
    timed = untimed = None
    for i in range(stop):
        ln = lines[i]
        if ln.kind == _DATE:
            if ln.date is not None and ln.date.has_time:
                timed = i
            else:
                untimed = i
    return timed if timed is not None else untimed


def _take(lines: list[_Line], index: int, used: set[int]) -> str:
    """The text of line ``index``, marked as used by the header."""
    used.add(index)
    return lines[index].text


def _read_header(lines: list[_Line], body_start: int, date_idx: int | None,
                 boiler: frozenset[str]) -> dict[str, Any]:
    title = lead = section = None
    after: list[int] = []
    used: set[int] = set()
    if date_idx is not None:
        before = _block_above(lines, date_idx, boiler, limit=2)
        after = [i for i in range(date_idx + 1, body_start) if lines[i].kind == _TEXT]
        if len(before) > 1 and not _lead_above(lines[before[0]].text, lines[before[1]].text):
            before = before[1:]  # the line above the title belongs to something else
        if before:
            title = _take(lines, before[0], used)
            if len(before) > 1:
                lead = _take(lines, before[1], used)
            elif after and _lead_like(lines[after[0]], boiler):
                lead = _take(lines, after[0], used)
        elif after and _headline_like(lines[after[0]].text, lines[after[0]].norm, boiler) \
                and not _NAME.match(lines[after[0]].text):
            title = _take(lines, after[0], used)
            if len(after) > 1 and _lead_like(lines[after[1]], boiler):
                lead = _take(lines, after[1], used)
        section = _nearest_section(lines, date_idx, body_start)
    else:
        before = _block_above(lines, body_start, boiler, limit=2, min_spaces=3)
        if before:
            title = _take(lines, before[0], used)
            if len(before) > 1:
                lead = _take(lines, before[1], used)
            after = [i for i in range(before[-1] + 1, body_start) if lines[i].kind == _TEXT]
            section = _nearest_section(lines, before[0], body_start)
    persons = [lines[i].text for i in after
               if i not in used and _NAME.match(lines[i].text) and len(lines[i].text) <= 40
               and lines[i].norm not in _CHROME]
    return {"title": title, "lead": lead, "section": section, "persons": _dedupe(persons)}


def _take_stranded_headings(body: list[str], header: dict[str, Any],
                            boiler: frozenset[str]) -> None:
    """Move headings left at the end of a body, just above the trailer, out of it.

    A photo or video page prints its description first and its headline and lead
    below it; other pages end their text with a widget's heading. Up to two
    headline-like lines (one sentence at most, 150 characters at most) that end no
    sentence, right above the trailer, are not article text: they become the title
    and lead of a page that has none, and are dropped otherwise.
    """
    stranded: list[str] = []
    while len(body) > 1 and len(stranded) < 2:
        last = body[-1]
        if (len(last) > 150 or _ends_sentence(last) or ". " in last
                or not _headline_like(last, normalize_line(last), boiler)):
            break
        stranded.insert(0, body.pop())
    if stranded and header["title"] is None:
        header["title"] = stranded[0]
        header["lead"] = header["lead"] or (stranded[1] if len(stranded) > 1 else None)


def _lead_above(title: str, lead: str) -> bool:
    """Whether ``lead`` can be the lead under ``title``: a longer line of eight words or more."""
    return lead.count(" ") >= 7 and len(lead) > len(title)


def _lead_like(ln: _Line, boiler: frozenset[str]) -> bool:
    return (ln.kind == _TEXT and ln.text.count(" ") >= 3 and ln.norm not in boiler
            and not _NAME.match(ln.text))


def _block_above(lines: list[_Line], anchor: int, boiler: frozenset[str], *, limit: int,
                 min_spaces: int = 2) -> list[int]:
    """Indices of the headline lines right above ``anchor`` (sections skipped), top first."""
    found: list[int] = []
    i = anchor - 1
    while i >= 0 and len(found) < limit:
        ln = lines[i]
        # sections, and a photo caption with its person line under the headline block
        if ln.kind == _SECTION or (not found and (
                ln.kind == _CAPTION or (_NAME.match(ln.text) and len(ln.text) <= 40))):
            i -= 1
            continue
        if ln.kind != _TEXT or not _headline_like(ln.text, ln.norm, boiler) \
                or ln.text.count(" ") < min_spaces or _NAME.match(ln.text):
            break
        found.append(i)
        i -= 1
    return found[::-1]


def _nearest_section(lines: list[_Line], anchor: int, stop: int) -> str | None:
    """The section line closest to ``anchor`` within three lines either side."""
    for dist in range(1, 4):
        for i in (anchor - dist, anchor + dist):
            if 0 <= i < stop and lines[i].kind == _SECTION:
                return lines[i].text
    return None


def _read_body(lines: list[_Line], start: int, boiler: frozenset[str]
               ) -> tuple[list[str], list[str], int]:
    body: list[str] = []
    related: dict[str, None] = {}  # an ordered set: titles in page order, once each
    i, n = start, len(lines)
    while i < n:
        ln = lines[i]
        norm = ln.norm
        if i > start and (norm in _TRAILER or norm.startswith(_TRAILER_PREFIXES)):
            break
        if norm in _RELATED:
            i = _skip_widget(lines, i + 1, related)
            continue
        if (ln.kind in (_CAPTION, _URL) or norm in _DROP_IN_BODY or norm in boiler
                or _PAGES_IN_ARTICLE.match(norm) or _FEED_TIME.match(norm)):
            i += 1
            continue
        body.append(ln.text)
        i += 1
    return body, list(related), i


def _skip_widget(lines: list[_Line], i: int, related: dict[str, None]) -> int:
    """Read a ``Read also`` widget at ``i``: a title, then its lead if it has no final stop."""
    n = len(lines)
    while i < n and lines[i].kind == _CAPTION:
        i += 1
    if i >= n or lines[i].norm in _TRAILER or lines[i].kind == _CHROME_K:
        return i
    title = lines[i].text
    related.setdefault(title, None)
    i += 1
    if i < n and lines[i].kind == _DATE:
        i += 1
    if i < n and lines[i].kind == _TEXT and not _ends_sentence(lines[i].text) \
            and lines[i].norm not in _TRAILER and _match_dateline(lines[i].text) is None:
        i += 1  # the related article's lead
    return i


def _read_trailer(lines: list[_Line], start: int) -> tuple[list[str], list[str]]:
    tags: dict[str, None] = {}  # ordered sets
    persons: dict[str, None] = {}
    i, n = start, len(lines)
    while i < n:
        norm = lines[i].norm
        target = tags if norm in _TAG_MARKERS else persons if norm in _PERSON_MARKERS else None
        i += 1
        if target is None:
            continue
        while i < n:
            ln = lines[i]
            if (ln.norm in _CHROME or ln.norm in _TRAILER or ln.kind not in (_TEXT, _SECTION)
                    or len(ln.text) > 60 or ln.text.count(" ") > 5 or _ends_sentence(ln.text)):
                break
            target.setdefault(ln.text, None)
            i += 1
    return list(tags), list(persons)


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _source_from(url: str | None, language: str) -> str:
    if url:
        low = url.lower()
        if "tass.ru" in low:
            return "tass.ru"
        if "tass.com" in low:
            return "tass.com"
    return "tass.ru" if language == "ru" else "tass.com"


def _precision(when: datetime | None, page_date: PageDate | None, date_source: str
               ) -> str | None:
    """``minute`` for a printed time, ``day`` for a date alone (a dateline, metadata)."""
    if when is None:
        return None
    if (page_date is not None and page_date.has_time and "dateline-date" not in date_source) \
            or "dateline-time" in date_source:
        return "minute"
    if date_source == "metadata":
        return "second" if when.second or when.microsecond else (
            "minute" if when.hour or when.minute else "day")
    return "day"


def _resolve_date(page_date: PageDate | None, dl_match: re.Match[str] | None, *,
                  year: int | None, metadata: Mapping[str, Any], full_text: str, body: str,
                  url: str | None = None,
                  ) -> tuple[datetime | None, str, dict[str, Any] | None]:
    qualifiers = ""
    if page_date is None and dl_match is not None:
        month = MONTHS.get(dl_match.group("month").lower().rstrip("."))
        if month is not None:
            y = int(dl_match.group("year")) if dl_match.group("year") else None
            hour = dl_match.group("hour")
            page_date = PageDate(month=month, day=int(dl_match.group("day")), year=y,
                                 hour=int(hour) if hour is not None else None,
                                 minute=int(dl_match.group("minute")) if hour is not None
                                 else None)
            qualifiers += ";dateline-date" if hour is None else ";dateline-time"
    if page_date is None or (page_date.year is None and metadata.get("published_at")):
        published = _to_utc_safe(metadata.get("published_at"))
        if published is not None and (page_date is None or page_date.to_utc(published.year)
                                      is None):
            return published, "metadata", None
        if page_date is None:  # kept, visibly undated: nothing scraped leaves the counts
            return None, "none", None
    if page_date.has_time and page_date.utc_offset_minutes is None:
        qualifiers = ";assumed-moscow-time" + qualifiers
    # the agency's name in the dateline: ITAR-TASS until September 2014, TASS since
    # (a web page is never from the Soviet TASS of before 1992)
    max_year, min_year = None, 1990
    agency = "" if dl_match is None else (dl_match.group("a1") or dl_match.group("a2")
                                          or dl_match.groupdict().get("a3") or "").upper()
    if agency in ("ITAR-TASS", "ИТАР-ТАСС"):
        max_year = 2014
    elif agency in ("TASS", "ТАСС"):
        min_year = 2014
    found, how = infer_year(page_date, year=year, metadata=metadata, max_year=max_year)
    if found is None:  # nothing given from outside: the page's own cues together
        verdict = infer_page_year(page_date, text=full_text, body=body,
                                  url=url or find_url(full_text), max_year=max_year,
                                  min_year=min_year)
        found, how = verdict.year, verdict.date_source
    if found is not None:
        when = page_date.to_utc(found)
        if when is not None:
            return when, how + qualifiers, None
        how = ("unknown-year:implausible-year" if not EARLIEST_YEAR <= found <= latest_year()
               else "unknown-year:day-not-in-year")
    partial = {"month": page_date.month, "day": page_date.day, "hour": page_date.hour,
               "minute": page_date.minute, "utc_offset_minutes": page_date.utc_offset_minutes}
    if partial["hour"] is None:
        partial["hour"], partial["minute"] = 12, 0
    return None, how + qualifiers, partial


def _to_utc_safe(value: Any) -> datetime | None:
    try:
        return to_utc(value, timezone="Europe/Moscow")
    except (ValueError, TypeError, OverflowError):
        return None


# ----------------------------------------------------------------------------- boilerplate


def learn_boilerplate(texts: Iterable[str], *, min_pages: int = 5,
                      min_share: float = 0.2) -> frozenset[str]:
    """Learn the chrome of a site: lines repeated over many pages of a corpus.

    A line is boilerplate when at least ``min_pages`` pages and at least
    ``min_share`` of all pages contain it. Each page counts a line once, and
    identical pages (re-scrapes) count once. Article-like lines (ten words or more,
    ending a sentence) must be on half of the pages, so a paragraph quoted by a
    few articles, or one story scraped several times, stays in the article. Lines
    shorter than three characters and datelines are never boilerplate.

    Parameters
    ----------
    texts
        Page texts of one corpus.

    Returns
    -------
    frozenset of str
        Normalized lines (:func:`normalize_line`), for ``parse_tass_text(boilerplate=…)``.

    Examples
    --------
    >>> pages = [f"Menu\\nFollow us\\nStory number {i} is here." for i in range(10)]
    >>> sorted(learn_boilerplate(pages))
    ['follow us', 'menu']
    """
    counts: Counter[str] = Counter()
    seen_pages: set[int] = set()
    for text in texts:
        key = hash(text)
        if key in seen_pages:
            continue
        seen_pages.add(key)
        counts.update({normalize_line(s) for s in text.splitlines()})
    pages = len(seen_pages)
    if pages == 0:
        return frozenset()
    need = max(min_pages, min_share * pages)
    need_article_like = max(need, 0.5 * pages)
    out = set()
    for line, c in counts.items():
        if c < need or len(line) < 3 or _match_dateline(line.upper()) is not None:
            continue
        if c < need_article_like and line.count(" ") >= 9 and _ends_sentence(line):
            continue
        out.add(line)
    return frozenset(out)

