"""Sections: one rule for a section from a URL, one vocabulary per outlet.

Every reader takes a section the same way: the one the page or row prints,
else :func:`section_from_url` — the first meaningful folder of the URL path
(``http://tass.com/politics/929606`` → ``politics``,
``https://www.rte.ie/news/2017/0207/852183-education/`` → ``news``).

tass.com names a section one way in its pages (``Russian Politics & Diplomacy``)
and another in its URLs (``/politics/``); exports and scrapers carry either.
The names the site shows its readers are kept (:data:`SECTION_NAMES`,
:func:`section_name`, :func:`normalize_sections`), so that section counts from
pages, HTML and tables add up.

Examples
--------
>>> import polars as pl
>>> frame = pl.DataFrame({"source": ["tass.com", "tass.com", "bbc.co.uk"],
...                       "section": ["politics", "Russian Politics & Diplomacy", "politics"]})
>>> frame.with_columns(normalize_sections()).get_column("section").to_list()
['Russian Politics & Diplomacy', 'Russian Politics & Diplomacy', 'politics']
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

import polars as pl

__all__ = ["SECTION_NAMES", "normalize_sections", "section_from_url", "section_name",
           "url_sections"]

#: Per source: URL slug → the section name the site shows.
SECTION_NAMES: dict[str, dict[str, str]] = {
    "tass.com": {
        "politics": "Russian Politics & Diplomacy",
        "russias-foreign-policy": "Russian Politics & Diplomacy",
        "world": "World",
        "economy": "Business & Economy",
        "defense": "Military & Defense",
        "science": "Science & Space",
        "society": "Society & Culture",
        "sport": "Sport",
        "sports": "Sport",
        "pressreview": "Press Review",
        "emergencies": "Emergencies",
        "press-releases": "Press Releases",
    },
    "tass.ru": {
        "politika": "Политика",
        "ekonomika": "Экономика и бизнес",
        "mezhdunarodnaya-panorama": "Международная панорама",
        "proisshestviya": "Происшествия",
        "obschestvo": "Общество",
        "armiya-i-opk": "Армия и ОПК",
        "nauka": "Наука",
        "sport": "Спорт",
        "kultura": "Культура",
    },
}

# Path folders that never name a section: language editions and generic words.
_NOT_SECTIONS = frozenset((
    "en", "ru", "uk", "de", "fr", "es", "it", "pt", "ar", "zh", "ja", "tr", "fa", "eng", "rus",
    "story", "stories", "article", "articles", "content", "amp", "www", "index", "wirestory",
    "a", "p", "n", "epaper", "html", "m", "mobile"))
_SKIP = re.compile(r"[\d.%]")


@lru_cache(maxsize=65536)
def section_from_url(url: str | None) -> str | None:
    """Return the first meaningful folder of a URL path, lower-cased, or None.

    The last segment (the article's own slug or id, also before a trailing
    ``/``) never counts; folders are skipped when they hold a digit (dates,
    years, ids such as ``852183-education``), a dot (``index.html``) or ``%``,
    are language codes (``en``, ``ru``) or generic words (``story``, ``www``),
    have more than two hyphens (a slug) or more than 30 characters.

    Parameters
    ----------
    url
        An article URL (None allowed).

    Returns
    -------
    str or None
        The folder, e.g. ``politics``.

    Examples
    --------
    >>> section_from_url("https://www.rte.ie/news/2017/0207/852183-education/")
    'news'
    >>> section_from_url("http://tass.com/politics/929606")
    'politics'
    >>> section_from_url("https://tass.com/929606") is None
    True
    """
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if not parts.netloc:
        return None
    folders = parts.path.rstrip("/").split("/")[1:-1]
    for folder in folders:
        folder = folder.lower()
        if (folder and not _SKIP.search(folder) and folder not in _NOT_SECTIONS
                and folder.count("-") <= 2 and len(folder) <= 30):
            return folder
    return None


def url_sections(urls: pl.Expr) -> pl.Expr:
    """Apply :func:`section_from_url` to a column of URLs (once per distinct URL folder).

    Examples
    --------
    >>> import polars as pl
    >>> pl.DataFrame({"u": ["http://tass.com/world/1", None]}).select(
    ...     url_sections(pl.col("u")))["u"].to_list()
    ['world', None]
    """
    return urls.map_batches(_sections_of, return_dtype=pl.String, is_elementwise=True)


def _sections_of(urls: pl.Series) -> pl.Series:
    # the last path segment never counts: one call per distinct folder, not per article
    folder = urls.cast(pl.String).str.replace(r"[?#].*$", "").str.replace(r"/[^/]*/?$", "/x")
    distinct = folder.unique().drop_nulls()
    table = pl.DataFrame({"k": distinct, "v": [section_from_url(f) for f in distinct.to_list()]},
                         schema={"k": pl.String, "v": pl.String})
    return folder.to_frame("k").join(table, on="k", how="left", maintain_order="left")["v"]


def section_name(source: str | None, slug: str | None) -> str | None:
    """Return the section name ``source`` shows for a URL slug (the slug if unknown).

    Examples
    --------
    >>> section_name("tass.com", "politics")
    'Russian Politics & Diplomacy'
    >>> section_name("bbc.co.uk", "politics")
    'politics'
    """
    if slug is None:
        return None
    return SECTION_NAMES.get(source or "", {}).get(slug, slug)


def normalize_sections(*, source: str = "source", section: str = "section") -> pl.Expr:
    """Return an expression that maps URL slugs to section names per source.

    Sections of other sources, and slugs not in :data:`SECTION_NAMES`, are kept
    as they are.

    Parameters
    ----------
    source, section
        The column names.

    Returns
    -------
    pl.Expr
        The section column, renamed to ``section``.

    Examples
    --------
    >>> import polars as pl
    >>> pl.DataFrame({"source": ["tass.ru"], "section": ["politika"]}).select(
    ...     normalize_sections())["section"].to_list()
    ['Политика']
    """
    expr = pl.col(section)
    for outlet, names in SECTION_NAMES.items():
        mapped = pl.col(section).replace(list(names), list(names.values()))
        expr = pl.when(pl.col(source) == outlet).then(mapped).otherwise(expr)
    return expr.alias(section)
