"""Parse saved HTML article pages into canonical article records.

tass.com and tass.ru pages are read from their markup: the Open Graph and
article meta tags (title, lead, full publication time with zone, section, URL,
keywords) and the article's text container, without scripts, navigation,
share widgets or related-news boxes. Pages of any other site go through
trafilatura's offline extractor (on the string; nothing is fetched), with its
metadata; the page's own meta tags still win where they are more precise
(a full timestamp rather than a day).

Examples
--------
>>> page = ('<html><head><meta property="og:title" content="Talks end">'
...         '<meta property="article:published_time" content="2024-12-26T21:09:18+03:00">'
...         '<link rel="canonical" href="https://tass.com/politics/1"></head><body>'
...         '<div class="text-block"><p>MOSCOW, December 26. /TASS/. The talks ended.</p></div>'
...         '</body></html>')
>>> rec = parse_html(page)
>>> rec["title"], rec["dateline"], rec["body"], rec["published_at"].isoformat()
('Talks end', 'MOSCOW', 'MOSCOW, December 26. /TASS/. The talks ended.', '2024-12-26T18:09:18+00:00')
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from tassanalysis.ingest.clean import clean_string, decode_bytes, split_dateline
from tassanalysis.ingest.errors import PageError
from tassanalysis.ingest.fields import detect_language, split_items
from tassanalysis.ingest.html_dates import published_instant
from tassanalysis.ingest.language import word_count
from tassanalysis.ingest.sections import section_from_url
from tassanalysis.schema import ARTICLE_SCHEMA, make_doc_id

__all__ = ["parse_html", "without_site_name"]

_TASS_HOSTS = ("tass.com", "tass.ru")
#: Where tass.com / tass.ru keep the article text, most specific first.
_BODY_XPATHS = (
    "//*[@itemprop='articleBody']",
    "//div[contains(concat(' ', normalize-space(@class), ' '), ' text-block ')]",
    "//div[contains(@class, 'text-content')]",
    "//div[contains(@class, 'news-text')]",
    "//article",
)
#: Elements never part of an article text.
_DROP_TAGS = ("script", "style", "noscript", "nav", "aside", "footer", "header", "form",
              "iframe", "figure", "figcaption", "button", "svg", "template")
_DROP_CLASS = re.compile(r"share|social|related|banner|advert|subscribe|tags|promo|"
                         r"read-also|readmore|photo|caption|comments|widget|menu", re.I)
_SUFFIX = re.compile(r"\s*[-–—|]\s*(TASS|ТАСС|Russian News Agency)\s*$", re.I)
#: Fewer words than this from the general extractor are not an article.
_MIN_EXTRACTED_WORDS = 8
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


def parse_html(html: str | bytes, *, origin: str = "<html>", url: str | None = None
               ) -> dict[str, Any]:
    """Parse one saved HTML article page.

    Parameters
    ----------
    html
        The page, as text or raw bytes (bytes are decoded with
        :func:`tassanalysis.ingest.clean.decode_bytes`, honouring a
        ``<meta charset>``).
    origin
        Where the page came from (a file path); stored in ``origin``.
    url
        The page's URL when known; otherwise taken from ``og:url`` or the
        canonical link.

    Returns
    -------
    dict
        Every column of :data:`tassanalysis.schema.ARTICLE_SCHEMA`.
        ``published_at`` is a tz-aware UTC datetime (``date_source`` is
        ``metadata``, or ``page`` for a ``<time>`` element), or None with
        ``date_source`` ``none``. ``body`` is the
        cleaned paragraphs joined by ``"\\n\\n"``, with a TASS dateline moved to
        ``dateline``.

    Raises
    ------
    PageError
        ``reason`` ``empty`` (blank input), ``undecodable`` (binary bytes),
        ``not-html`` (markup lxml cannot read) or ``no-body`` (no article text).

    Examples
    --------
    >>> rec = parse_html(b"<html><body><article><h1>Hi</h1><p>MOSCOW, May 5. /TASS/. "
    ...                  b"Text of the article, long enough to count as one.</p></article>"
    ...                  b"</body></html>", url="https://tass.com/world/2")
    >>> rec["source"], rec["section"], rec["title"], rec["published_at"]
    ('tass.com', 'world', 'Hi', None)
    """
    if isinstance(html, bytes | bytearray):
        if not bytes(html).strip():
            raise PageError("empty", "the page is empty")
        html, _ = decode_bytes(bytes(html))
    if not html.strip():
        raise PageError("empty", "the page is empty")
    try:
        tree = lxml.html.document_fromstring(_XML_DECL.sub("", html.lstrip("\ufeff")))
    except (etree.ParserError, ValueError) as err:
        raise PageError("not-html", f"lxml cannot parse the page: {err}") from err

    meta = _meta_tags(tree)
    url = url or meta.get("og:url") or _first(tree, "//link[@rel='canonical']/@href") or None
    url = url.strip() if url else None
    host = _host(url) if url else None
    site = (meta.get("og:site_name") or "").lower()
    is_tass = (host in _TASS_HOSTS) or ("tass" in site) or ("тасс" in site)

    title = _title(tree, meta, host)
    related = _related(tree)
    lead = meta.get("og:description") or meta.get("description")
    lead = clean_string(lead) if lead else None
    paragraphs = _tass_paragraphs(tree) if is_tass else []
    extracted: Any = None
    removed: list[str] = []
    if not paragraphs:
        paragraphs, extracted = _general_paragraphs(html, url, title)
        paragraphs, removed = _cookie_notices(paragraphs)
        if removed and title and len(paragraphs) > 1 and paragraphs[0] == title:
            paragraphs = paragraphs[1:]  # the heading that followed the notice
        if extracted is not None:
            title = title or (clean_string(extracted.title) if extracted.title else None)
            lead = lead or (clean_string(extracted.description) if extracted.description else None)
            url = url or extracted.url
            host = host or (_host(url) if url else None) or extracted.hostname
    if lead and not is_tass and (_same_words(lead, title) or not (
            _about(lead, paragraphs) or _shown(tree, lead))):
        lead = None  # the title again, or a site's description of itself
    if paragraphs and lead and paragraphs[0] == lead and len(paragraphs) > 1:
        paragraphs = paragraphs[1:]
    if lead and paragraphs and _repeats(lead, paragraphs, title):
        lead = None  # the body already says it: counted once
    dateline = None
    if paragraphs:
        dateline, _rest = split_dateline(paragraphs[0])  # the body keeps its dateline
        paragraphs = [p for p in paragraphs if p]
    body = clean_string("\n\n".join(paragraphs))
    if not body:
        raise PageError("no-body", "no article text found in the page")

    published_at, date_source, date_precision = published_instant(
        tree, extracted.date if extracted is not None else None)
    source = (host or "").removeprefix("www.") or (site or "unknown")
    section = meta.get("article:section") or section_from_url(url)
    tags = split_items([meta.get("news_keywords") or meta.get("keywords"),
                        *meta.get("article:tag[]", []),
                        *((extracted.tags or []) if extracted is not None else [])])
    language = _language(tree, body)
    record: dict[str, Any] = {
        "doc_id": make_doc_id(source, url, title=title,
                              published=published_at.isoformat() if published_at else None,
                              body=body),
        "source": source,
        "url": url,
        "title": title,
        "lead": lead,
        "body": body,
        "section": clean_string(section) if section else None,
        "published_at": published_at,
        "date_source": date_source,
        "dateline": dateline,
        "tags": tags,
        "persons": [],
        "related": related,
        "language": language,
        "origin": origin,
        "merged": 0,
        "date_precision": date_precision,
        "truncated": False,
        "boilerplate": removed,
    }
    assert list(record) == list(ARTICLE_SCHEMA)
    return record


def _first(tree: Any, xpath: str) -> str | None:
    found = tree.xpath(xpath)
    return str(found[0]).strip() if found else None


def _meta_tags(tree: Any) -> dict[str, Any]:
    """``<meta>`` contents by lower-cased property/name/itemprop; ``article:tag[]`` lists all tags."""
    meta: dict[str, Any] = {"article:tag[]": []}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = el.get("content")
        if not key or content is None or not content.strip():
            continue
        if key == "article:tag":
            meta["article:tag[]"].append(clean_string(content))
        meta.setdefault(key, content.strip())
    for el in tree.xpath("//*[@itemprop='datePublished']"):
        value = el.get("datetime") or el.get("content")
        if value:
            meta.setdefault("datepublished", value.strip())
    return meta


def _title(tree: Any, meta: dict[str, Any], host: str | None = None) -> str | None:
    raw = meta.get("og:title") or _first(tree, "//h1//text()") or _first(tree, "//title/text()")
    if not raw:
        return None
    title = clean_string(_SUFFIX.sub("", raw))
    return without_site_name(title, site=meta.get("og:site_name"), host=host) or None


#: What separates a headline from the site's name in a page title.
_TITLE_PARTS = re.compile(r"\s+(?:[|–—»‹·•]|-|::)\s+")
_DATE_PART = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")
_DOMAIN_PART = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|info|de|at|ch|fr|it|es|"
                          r"nl|be|pl|ru|ua|by|kz|uk|eu|us|ca|au|in|cn|jp|kr|tr|ir|rs|cz|se|no|"
                          r"fi|dk|pt|gr|ro|hu|bg|co|io|tv|me|biz)$", re.I)


def _plain(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower().removeprefix("www."))


def _is_site_name(part: str, site: str | None, host: str | None) -> bool:
    plain = _plain(part)
    if not plain:
        return False
    if _DATE_PART.match(part.strip()) or _DOMAIN_PART.match(part.strip()):
        return True  # "| DW | 19.01.2020", "- CNET.de": chrome, not the headline's words
    if site and plain == _plain(site):
        return True
    if not host:
        return False
    labels = [x for x in host.lower().removeprefix("www.").split(".") if x]
    names = {_plain(x) for x in labels} | {_plain("".join(labels)), _plain("".join(labels[:-1]))}
    if plain in names:
        return True
    # "Kanzlei Viehbacher" on viehbacher.com, "shingon-reiki.de" on shingon-reiki.de
    main = _plain(labels[-2]) if len(labels) >= 2 else ""
    return len(main) >= 4 and main in plain and len(part.split()) <= 4


def without_site_name(title: str, *, site: str | None = None, host: str | None = None) -> str:
    """A page title without the site's name before or after the headline.

    Pages title themselves "Headline | Site", "Headline - Site.de" or "Site - Headline";
    the site's name (``og:site_name``, or the host's name) and a date part are page
    chrome, and would otherwise be counted as words of every article of the site. A
    part is removed only when it names the site; a dash inside a headline stays.

    Examples
    --------
    >>> without_site_name("What is Rust? - Stack Overflow Blog", host="stackoverflow.blog")
    'What is Rust?'
    >>> without_site_name("Berlin confronts its past | DW | 19.01.2020", host="dw.com")
    'Berlin confronts its past'
    >>> without_site_name("SimplyScience - Wie entsteht Erdöl?", host="simplyscience.ch")
    'Wie entsteht Erdöl?'
    >>> without_site_name("Hating Millennials - the prejudice you may boast about",
    ...                   host="boingboing.net")
    'Hating Millennials - the prejudice you may boast about'
    """
    parts = _TITLE_PARTS.split(title)
    if len(parts) < 2:
        return title
    seps = _TITLE_PARTS.findall(title)
    site_at = [i for i, part in enumerate(parts) if _is_site_name(part, site, host)]
    if not site_at:
        return title
    if site_at[0] == 0:  # "Site - Headline": the headline follows
        start = 0
        while start < len(parts) and start in site_at:
            start += 1
        keep = range(start, len(parts))
    else:  # "Headline | Site | date": the headline comes before the first site part
        keep = range(0, site_at[0])
    if not keep:
        return title
    out = parts[keep[0]]
    for i in keep[1:]:
        out += seps[i - 1] + parts[i]
    return out.strip() or title


def _visible_text(el: Any) -> str:
    return clean_string(" ".join(t for t in el.itertext()))


def _prune(container: Any) -> None:
    """Remove scripts, widgets, share and related boxes from a container, in place."""
    for bad in container.xpath(".//*"):
        if not isinstance(bad.tag, str):  # comments, processing instructions
            bad.drop_tree()
            continue
        cls = f"{bad.get('class') or ''} {bad.get('id') or ''}"
        if bad.tag in _DROP_TAGS or _DROP_CLASS.search(cls):
            bad.drop_tree()


def _tass_paragraphs(tree: Any) -> list[str]:
    for xpath in _BODY_XPATHS:
        for container in tree.xpath(xpath):
            _prune(container)
            blocks = container.xpath(".//p | .//blockquote[not(.//p)] | .//li[not(.//p)]")
            texts = [_visible_text(b) for b in blocks] if blocks else [_visible_text(container)]
            texts = [t for t in texts if t]
            if texts:
                return texts
    return []


def _trafilatura(html: str, url: str | None, setting: str = "balanced") -> Any:
    """trafilatura's extraction with its metadata; ``setting`` ``precision``, ``balanced``
    or ``recall``.

    Tables are kept (figures in a story are its content); reader comments are not.
    """
    import trafilatura

    try:
        return trafilatura.bare_extraction(html, url=url, with_metadata=True,
                                           include_comments=False, include_tables=True,
                                           favor_precision=setting == "precision",
                                           favor_recall=setting == "recall")
    except Exception:  # noqa: BLE001 - the extractor's internal errors mean "nothing found"
        return None


#: trafilatura's settings in the order they are tried, until one finds an article.
_SETTINGS = ("precision", "balanced", "recall")


def _general_paragraphs(html: str, url: str | None, title: str | None) -> tuple[list[str], Any]:
    """The article paragraphs trafilatura finds, and its extraction (with metadata).

    Precision first (counts measure the news, not the page): its balanced setting
    finds more of an article laid out in several blocks, but on real pages it also
    takes reader comments and the widgets after the article (a newsletter form, an
    error-report box), which measured worse against expected texts kept by other
    extractors' maintainers. The wider settings only when it finds no article at all.
    """
    extracted: Any = None
    paragraphs: list[str] = []
    for setting in _SETTINGS:
        extracted = _trafilatura(html, url, setting) or extracted
        paragraphs = _extracted_paragraphs(extracted, title)
        if paragraphs:
            break
    return paragraphs, extracted


_COOKIES = re.compile(r"(?i)\bcookies?\b")
_CONSENT = re.compile(r"(?i)\b(?:accept|agree|consent|privacy|data protection|akzept|zustimm|"
                      r"einverstanden|datenschutz|nutzung|verwende|utilis|accepte|consent|"
                      r"confidentialit|acept|privacidad|utiliz)")
#: Longer than this, a paragraph that mentions cookies is text about them, not a notice.
_NOTICE_WORDS = 80


def _cookie_notices(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """Remove cookie-consent notices from the two edges of the body, whole paragraphs
    only; return the paragraphs kept and those removed.

    Examples
    --------
    >>> _cookie_notices(["We use cookies to improve your experience. By using the site "
    ...                  "you accept our privacy policy.", "Talks ended on Friday.",
    ...                  "The cookie industry grew by 4% a year."])
    (['Talks ended on Friday.', 'The cookie industry grew by 4% a year.'], ['We use cookies to improve your experience. By using the site you accept our privacy policy.'])
    """
    def notice(text: str) -> bool:
        return (len(text.split()) <= _NOTICE_WORDS and _COOKIES.search(text) is not None
                and _CONSENT.search(text) is not None)

    start, end = 0, len(paragraphs)
    while start < end and notice(paragraphs[start]):
        start += 1
    while end > start and notice(paragraphs[end - 1]):
        end -= 1
    if start == end:  # nothing but notices: leave the text as it is
        return paragraphs, []
    return paragraphs[start:end], paragraphs[:start] + paragraphs[end:]


def _extracted_paragraphs(extracted: Any, title: str | None) -> list[str]:
    """The extracted text's paragraphs; none when it is too short to be an article."""
    if extracted is None or not extracted.text:
        return []
    lines = (clean_string(x) for x in extracted.text.split("\n"))
    paragraphs = [p for p in lines if _WORDLIKE.search(p)]  # not an empty table row "| | |"
    if sum(word_count(p) for p in paragraphs) < _MIN_EXTRACTED_WORDS:
        return []  # a menu or a caption, not an article
    if title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    return paragraphs


_WORDLIKE = re.compile(r"\w")
_ELLIPSIS = re.compile(r"\s*(\.\.\.|…|\[…\]|\[\.\.\.\])\s*$")


#: Scripts written without spaces between words: each character counts as a word there.
_UNSPACED = "\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_UNSPACED}]|[^\W{_UNSPACED}]+")
_TOKEN_UNSPACED = re.compile(rf"[{_UNSPACED}]")


def _tokens(text: str) -> list[str]:
    """Lower-case words, and single characters of Chinese, Japanese and Thai.

    Examples
    --------
    >>> _tokens("Talks ended, 東京都は")
    ['talks', 'ended', '東', '京', '都', 'は']
    """
    return _TOKEN.findall(text.lower())


def _repeats(lead: str, paragraphs: list[str], title: str | None = None) -> bool:
    """Whether the lead is a copy of the body's text (whole, or its cut-off beginning).

    A copy: nine in ten of the lead's words (counted with repeats) are among the
    body's opening words (as many as the lead has, and a fifth more), so a description
    that reprints the article's start, with other spacing or markup, counts; a
    sub-headline that sums the story up in other words does not. A lead that opens
    with the title (or most of it) is compared without it. In Chinese, Japanese and Thai each
    character counts as a word.

    Examples
    --------
    >>> _repeats("Talks ended on Friday ...", ["Talks ended on Friday in Rome.", "More."])
    True
    >>> _repeats("A summary of the talks held in Rome.", ["Talks ended on Friday in Rome."])
    False
    >>> _repeats("Rome talks end --- Talks ended on Friday in Rome.",
    ...          ["Talks ended on Friday in Rome."], title="Rome talks end - Daily News")
    True
    >>> _repeats("记者17日获悉，会议结束。", ["北京电 记者17日获悉，会议结束。"])
    True
    """
    from collections import Counter

    lead_tokens = _tokens(_ELLIPSIS.sub("", lead))
    head = _tokens(title) if title else []
    common = next((i for i, (a, b) in enumerate(zip(lead_tokens, head, strict=False)) if a != b),
                  min(len(lead_tokens), len(head)))
    if common < len(lead_tokens) and common >= max(3, 0.6 * len(head)):
        lead_tokens = lead_tokens[common:]  # the title (without a site name after it)
    words = Counter(lead_tokens)
    total = sum(words.values())
    if total < 4:
        return False
    n = int(total * 1.2) + 2
    opening: list[str] = []
    for paragraph in paragraphs:  # the body's opening words only
        opening += _tokens(paragraph)
        if len(opening) >= n:
            break
    return sum((words & Counter(opening[:n])).values()) >= 0.9 * total


#: Text nodes a reader sees (not scripts, styles or the head).
_SHOWN_TEXT = etree.XPath("//body//text()[not(ancestor::script) and not(ancestor::style)"
                          " and not(ancestor::template)]")
#: How many characters of a lead (without spaces) must be found on the page.
_SHOWN_PREFIX = 60


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def _shown(tree: Any, lead: str) -> bool:
    """Whether the lead (its opening) is text the page shows, not only a ``<meta>``
    description: a site's description of itself ("The official site of ...") repeated
    on every page is not the article's lead.

    Examples
    --------
    >>> tree = lxml.html.document_fromstring("<html><head><meta name='description' "
    ...     "content='Our blog about the world.'></head><body><p class='standfirst'>Talks "
    ...     "<b>ended</b> on Friday.</p><script>var d = 'Our blog about the world.'</script>"
    ...     "</body></html>")
    >>> _shown(tree, "Talks ended on Friday."), _shown(tree, "Our blog about the world.")
    (True, False)
    """
    wanted = _squeeze(_ELLIPSIS.sub("", lead))[:_SHOWN_PREFIX]
    return bool(wanted) and wanted in _squeeze("".join(_SHOWN_TEXT(tree)))


def _about(lead: str, paragraphs: list[str]) -> bool:
    """Whether half of the lead's longer words (five letters or more; any character in
    Chinese, Japanese and Thai) are in the body:
    a summary of the article, not a description of the site.

    Examples
    --------
    >>> _about("Engineers inspect damaged bridges after the rain.",
    ...        ["The rain stopped on Friday.", "Engineers said two bridges were damaged."])
    True
    >>> _about("The official site of the regional government.", ["The rain stopped."])
    False
    """
    words = {w for w in _tokens(lead) if len(w) >= 5 or _TOKEN_UNSPACED.match(w)}
    body = set(_tokens(" ".join(paragraphs)))
    return bool(words) and len(words & body) >= 0.5 * len(words)


def _same_words(a: str, b: str | None) -> bool:
    return b is not None and re.findall(r"\w+", a.lower()) == re.findall(r"\w+", b.lower())


def _host(url: str) -> str | None:
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    labels = host.split(".") if host else []
    if not (host == "localhost" or (len(labels) >= 2 and all(map(_LABEL.match, labels)))):
        return None  # "https://.tramino.de" on a page's own og:url: no usable host
    return host.lower().removeprefix("www.")


_LABEL = re.compile(r"^[^\W_](?:[\w-]*[^\W_])?$")


def _related(tree: Any) -> list[str]:
    titles: list[str] = []
    boxes = tree.xpath("//*[contains(@class, 'related') or contains(@class, 'read-also')]")
    for box in boxes:
        for link in box.xpath(".//a"):
            text = clean_string(" ".join(link.itertext()))
            if len(text) > 15 and text not in titles:
                titles.append(text)
    return titles


def _language(tree: Any, body: str) -> str:
    """The page's declared language when it names one, else the text's (any language)."""
    declared = (tree.get("lang") or "").split("-")[0].split("_")[0].lower()
    if len(declared) == 2 and declared.isalpha():
        return declared
    return detect_language(body)
