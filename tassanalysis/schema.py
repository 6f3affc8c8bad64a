"""The canonical article schema shared by every stage.

One row per article. Every ingest path produces exactly these columns, in this
order, with these types; :func:`validate` enforces it.

==============  =======================  ==================================================
column          type                     meaning
==============  =======================  ==================================================
doc_id          str                      stable id: hash of source + url, or of source +
                                         title + date (+ body start) where there is no url
source          str                      outlet, e.g. ``tass.com``
url             str, null                canonical article URL
title           str, null                headline; null when the page has none
lead            str, null                subtitle / summary line
body            str                      article paragraphs joined by a blank line; no
                                         navigation, widgets, photo credits or template junk
section         str, null                e.g. ``Russian Politics & Diplomacy``
published_at    datetime[us, UTC], null  publication time in UTC; null only when it cannot
                                         be known (``date_source`` then says why)
date_source     str                      how the date was found: ``page``, ``metadata``,
                                         ``table``, ``inferred-year:<cues>;confidence=<level>``,
                                         ``unknown-year:<why>``, or ``none`` (no date at all)
dateline        str, null                place in the dateline, e.g. ``MOSCOW``
tags            list[str]                topic tags the page lists
persons         list[str]                person tags the page lists
related         list[str]                titles of related articles the page links
language        str                      ISO 639-1 code (``en``, ``ru``, ``de``, ``ja``, ...);
                                         ``und`` when the text has no letters
origin          str                      the input it came from: file path, with ``:row``
                                         or ``#index`` for records inside a table
merged          u32                      how many other inputs (duplicates, re-scrapes)
                                         were merged into this row
date_precision  str, null                how much of ``published_at`` the source gave:
                                         ``day`` (a calendar date, kept at 00:00 UTC of
                                         that day: print no time), ``minute``, ``second``
truncated       bool                     the text is a cut snippet (e.g. a headline index's
                                         first characters, kept in ``lead``, ``body`` empty)
boilerplate     list[str]                text removed from ``body`` / ``lead`` as page chrome
==============  =======================  ==================================================

Rejects have the columns ``origin, reason, raw`` (see :data:`REJECT_SCHEMA`); the
duplicates table has one row per input record folded into another article
(:data:`DUPLICATE_SCHEMA`: ``origin, doc_id, kept_doc_id, kept_origin, kind,
similarity, differs, title, published_at``).

Examples
--------
>>> import polars as pl
>>> from tassanalysis.schema import empty_corpus, validate
>>> validate(empty_corpus()).columns[:3]
['doc_id', 'source', 'url']
"""

from __future__ import annotations

import hashlib
from datetime import datetime

import polars as pl

__all__ = [
    "ARTICLE_SCHEMA",
    "DUPLICATE_SCHEMA",
    "REJECT_SCHEMA",
    "SchemaError",
    "empty_corpus",
    "empty_duplicates",
    "doc_ids",
    "empty_rejects",
    "make_doc_id",
    "validate",
]

UTC_DATETIME = pl.Datetime("us", "UTC")

ARTICLE_SCHEMA: dict[str, pl.DataType] = {
    "doc_id": pl.String(),
    "source": pl.String(),
    "url": pl.String(),
    "title": pl.String(),
    "lead": pl.String(),
    "body": pl.String(),
    "section": pl.String(),
    "published_at": UTC_DATETIME,
    "date_source": pl.String(),
    "dateline": pl.String(),
    "tags": pl.List(pl.String()),
    "persons": pl.List(pl.String()),
    "related": pl.List(pl.String()),
    "language": pl.String(),
    "origin": pl.String(),
    "merged": pl.UInt32(),
    "date_precision": pl.String(),
    "truncated": pl.Boolean(),
    "boilerplate": pl.List(pl.String()),
}

#: Columns that may never hold nulls.
REQUIRED = ("doc_id", "source", "body", "date_source", "language", "origin", "merged",
            "truncated")

#: Columns of the duplicates table: one row per input record folded into another.
DUPLICATE_SCHEMA: dict[str, pl.DataType] = {
    "origin": pl.String(),
    "doc_id": pl.String(),
    "kept_doc_id": pl.String(),
    "kept_origin": pl.String(),
    "kind": pl.String(),
    "similarity": pl.Float64(),
    "differs": pl.List(pl.String()),
    "title": pl.String(),
    "published_at": UTC_DATETIME,
}

REJECT_SCHEMA: dict[str, pl.DataType] = {
    "origin": pl.String(),
    "reason": pl.String(),
    "raw": pl.String(),
}


class SchemaError(ValueError):
    """A frame does not follow the canonical article schema."""


def empty_corpus() -> pl.DataFrame:
    """Return an empty frame with the canonical article schema."""
    return pl.DataFrame(schema=ARTICLE_SCHEMA)


def empty_duplicates() -> pl.DataFrame:
    """Return an empty duplicates table (see :data:`DUPLICATE_SCHEMA`)."""
    return pl.DataFrame(schema=DUPLICATE_SCHEMA)


def empty_rejects() -> pl.DataFrame:
    """Return an empty rejects frame (``origin, reason, raw``)."""
    return pl.DataFrame(schema=REJECT_SCHEMA)


def make_doc_id(source: str, url: str | None, *, title: str | None = None,
                published: str | datetime | None = None, body: str | None = None) -> str:
    """Return the stable 16-hex-digit id of an article.

    The one rule for document ids: every reader calls it (tables through
    :func:`doc_ids`). The id hashes ``source`` and ``url`` (stripped, without a
    trailing ``/``, lower-cased); where there is no url it hashes the source,
    title, date and the first 200 characters of the body.

    Parameters
    ----------
    source
        The outlet.
    url
        The article URL, or None.
    title, published, body
        Used only without a URL; ``published`` is an ISO string or a datetime
        (written with :meth:`datetime.isoformat`).

    Returns
    -------
    str
        16 hexadecimal digits.

    Examples
    --------
    >>> make_doc_id("tass.com", "https://tass.com/politics/1")
    '053677cebc0ce2d1'
    """
    if url:
        key = _url_key(source, url)
    else:
        if isinstance(published, datetime):
            published = published.isoformat()
        key = "\x1f".join([source, title or "", published or "", (body or "")[:200]])
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


def _url_key(source: str, url: str) -> str:
    """What the id of an article with a URL hashes: its source and normalized URL."""
    return f"{source}\x1f{url.strip().rstrip('/').lower()}"


def doc_ids(frame: pl.DataFrame) -> pl.Series:
    """Return the :func:`make_doc_id` of every row of a frame.

    Parameters
    ----------
    frame
        Columns ``source``, ``url``, ``title``, ``published_at`` and ``body``.

    Returns
    -------
    pl.Series
        ``doc_id`` strings, one per row.

    Examples
    --------
    >>> frame = pl.DataFrame({"source": ["tass.com"], "url": ["https://tass.com/politics/1"],
    ...                       "title": [None], "published_at": [None], "body": ["x"]})
    >>> doc_ids(frame).to_list()
    ['053677cebc0ce2d1']
    """
    sources = frame["source"].to_list()
    urls = frame["url"].to_list()
    blake, key = hashlib.blake2b, _url_key
    ids = [blake(key(s, u).encode("utf-8"), digest_size=8).hexdigest() if u else None
           for s, u in zip(sources, urls, strict=True)]
    missing = [i for i, u in enumerate(urls) if not u]
    if missing:
        rows = frame.select("source", "title", "published_at", "body")[missing]
        for i, (source, title, published, body) in zip(missing, rows.iter_rows(), strict=True):
            ids[i] = make_doc_id(source, None, title=title, published=published, body=body)
    return pl.Series("doc_id", ids, dtype=pl.String)


def validate(frame: pl.DataFrame | pl.LazyFrame, *, cast: bool = False):
    """Check that ``frame`` follows the canonical schema and return it.

    Parameters
    ----------
    frame
        An eager or lazy frame.
    cast
        Cast columns of a compatible type (and add missing optional columns
        as nulls / empty lists) instead of raising.

    Raises
    ------
    SchemaError
        Missing or extra columns, wrong types, or nulls in a required column,
        with a message that names them.

    Examples
    --------
    >>> from tassanalysis.schema import empty_corpus, validate
    >>> validate(empty_corpus()).height
    0
    """
    lazy = isinstance(frame, pl.LazyFrame)
    schema = frame.collect_schema() if lazy else frame.schema
    missing = [c for c in ARTICLE_SCHEMA if c not in schema]
    extra = [c for c in schema if c not in ARTICLE_SCHEMA]
    if cast:
        exprs = []
        for name, dtype in ARTICLE_SCHEMA.items():
            if name in schema:
                exprs.append(pl.col(name).cast(dtype))
            elif name == "merged":
                exprs.append(pl.lit(0, dtype=dtype).alias(name))
            elif name == "truncated":
                exprs.append(pl.lit(False).alias(name))
            elif name in ("tags", "persons", "related", "boilerplate"):
                exprs.append(pl.lit([], dtype=dtype).alias(name))
            else:
                exprs.append(pl.lit(None, dtype=dtype).alias(name))
        frame = frame.select(exprs)
        missing, extra = [], []
        schema = frame.collect_schema() if lazy else frame.schema
    problems = []
    if missing:
        problems.append(f"missing columns: {', '.join(missing)}")
    if extra:
        problems.append(f"unexpected columns: {', '.join(extra)}")
    wrong = [f"{c} is {schema[c]}, expected {t}" for c, t in ARTICLE_SCHEMA.items()
             if c in schema and schema[c] != t]
    if wrong:
        problems.append("wrong types: " + "; ".join(wrong))
    if problems:
        raise SchemaError("not a canonical corpus frame: " + " | ".join(problems))
    frame = frame.select(list(ARTICLE_SCHEMA))
    if not lazy:
        nulls = frame.select(pl.col(c).null_count() for c in REQUIRED).row(0)
        bad = [f"{c} ({n})" for c, n in zip(REQUIRED, nulls, strict=True) if n]
        if bad:
            raise SchemaError("nulls in required columns: " + ", ".join(bad))
    return frame
