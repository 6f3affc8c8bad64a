"""Load article tables (CSV, JSON, JSON Lines, Parquet) into the canonical frame.

A *mapping* says which input column feeds each canonical column
(``{"title": "headline", "body": "text", "published_at": "date"}``);
columns already named like canonical ones are taken as they are. Presets
bundle the mapping and the rules of known exports; :func:`detect_preset`
recognizes them by their columns.

Examples
--------
>>> detect_preset(["t", "d", "u", "s", "cat"])
'tass-headlines'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from tassanalysis.ingest.clean import DATELINE as _DATELINE
from tassanalysis.ingest.clean import DATELINE_TAIL as _DATELINE_TAIL
from tassanalysis.ingest.clean import clean_text
from tassanalysis.ingest.dates import EARLIEST_YEAR, MAX_OFFSET_MINUTES, latest_year
from tassanalysis.ingest.fields import detect_language, split_list
from tassanalysis.ingest.scan import PAGE_FORMATS, detect_format
from tassanalysis.ingest.sections import url_sections
from tassanalysis.ingest.table_dates import parse_date_column
from tassanalysis.ingest.table_files import ColumnMappingError, read_rows
from tassanalysis.schema import ARTICLE_SCHEMA, REJECT_SCHEMA, doc_ids, validate

__all__ = ["PRESETS", "ColumnMappingError", "TablePreset", "detect_preset", "read_table"]

#: Canonical columns a mapping may fill from the input.
MAPPABLE = ("doc_id", "source", "url", "title", "lead", "body", "section", "published_at",
            "dateline", "tags", "persons", "related", "language")
_LIST_COLUMNS = ("tags", "persons", "related")


@dataclass(frozen=True)
class TablePreset:
    """How to read one known kind of article table.

    Attributes
    ----------
    name
        Preset name.
    mapping
        Canonical column -> input column.
    signature
        Input columns that identify this kind of table.
    timezone
        Zone of naive dates in the table.
    split_lists
        Split a string tag column into items at commas and semicolons
        (:func:`tassanalysis.ingest.fields.split_list`); False keeps the whole
        string as one item.
    drop_repeated_lead
        Drop the first body paragraph when it repeats the lead.
    paragraph_gap
        A regex for the gap that separates paragraphs in a flattened body
        (group 1, the end of the paragraph, is kept), or ``None``.
    truncated
        The text columns hold cut snippets, not whole texts: rows are marked
        ``truncated`` (the snippet is mapped to ``lead``, never to ``body``).
    mangled_quotes
        The source's quotes are known to be mangled (``DeVos"?highly``): its text
        gets :data:`tassanalysis.ingest.clean.MANGLED_QUOTE_RULES`.
    """

    name: str
    mapping: Mapping[str, str]
    signature: frozenset[str]
    timezone: str = "UTC"
    split_lists: bool = True
    drop_repeated_lead: bool = False
    paragraph_gap: str | None = None
    truncated: bool = False
    mangled_quotes: bool = False
    description: str = field(default="", compare=False)


PRESETS: dict[str, TablePreset] = {
    "newsarticles": TablePreset(
        name="newsarticles",
        mapping={"url": "article_source_link", "title": "title", "lead": "subtitle",
                 "body": "text", "published_at": "publish_date"},
        signature=frozenset({"article_id", "publish_date", "article_source_link", "text"}),
        # paragraphs were flattened into one line; a run of 3+ spaces after the
        # end of a sentence is where one ended
        paragraph_gap=r"([.!?\"”])\s{3,}",
        mangled_quotes=True,
        description="News Articles research set (Dai 2017): nine outlets, 2016-12 to 2017-03",
    ),
    "tass-scraper": TablePreset(
        name="tass-scraper",
        mapping={"title": "title", "lead": "description", "published_at": "date",
                 "url": "link", "body": "content"},
        signature=frozenset({"title", "description", "date", "link", "content"}),
        timezone="Europe/Moscow",
        drop_repeated_lead=True,
        description="tass.com scraper export; content is a list of paragraphs",
    ),
    "tass-headlines": TablePreset(
        name="tass-headlines",
        # "s" is the first ~60 characters, cut mid-word: a lead snippet, never a body
        mapping={"title": "t", "published_at": "d", "url": "u", "lead": "s", "tags": "cat"},
        signature=frozenset({"t", "d", "u", "s"}),
        timezone="Europe/Moscow",
        split_lists=False,
        truncated=True,
        description="tass.com headline index: title, date, url, first characters, category",
    ),
}

#: A hyphenated section taken from URLs must recur in a source with at least
#: this many rows; one-off folders there are author blogs or article folders.
_URL_SECTION_MIN_SOURCE = 20


def detect_preset(columns: Sequence[str]) -> str | None:
    """Name the preset whose signature columns are all present, or ``None``.

    Examples
    --------
    >>> detect_preset(["title", "description", "date", "link", "content"])
    'tass-scraper'
    >>> detect_preset(["headline", "text"]) is None
    True
    """
    present = set(columns)
    best = [p for p in PRESETS.values() if p.signature <= present]
    if not best:
        return None
    return max(best, key=lambda p: len(p.signature)).name


# ---------------------------------------------------------------------------
# Reading the raw table
# ---------------------------------------------------------------------------

# ---------------------------------------------------------------------------
# Column builders
# ---------------------------------------------------------------------------

def _as_text(frame: pl.DataFrame, column: str | None, mangled_quotes: bool = False) -> pl.Expr:
    """A cleaned string expression (null where empty) from an input column."""
    if column is None:
        return pl.lit(None, dtype=pl.String)
    expr = pl.col(column)
    dtype = frame.schema[column]
    if isinstance(dtype, pl.List | pl.Array):
        expr = expr.cast(pl.List(pl.String)).list.join("\n\n")
    elif dtype != pl.String:
        expr = expr.cast(pl.String)
    return clean_text(expr, mangled_quotes=mangled_quotes)


def _as_url(frame: pl.DataFrame, column: str | None) -> pl.Expr:
    if column is None:
        return pl.lit(None, dtype=pl.String)
    return pl.col(column).cast(pl.String).str.strip_chars()


def _null_if_empty(*names: str) -> list[pl.Expr]:
    return [pl.when(pl.col(n).str.len_bytes() > 0).then(pl.col(n)).alias(n) for n in names]


def _list_column(frame: pl.DataFrame, column: str | None, split: bool) -> pl.Expr:
    if column is None:
        return pl.lit([], dtype=pl.List(pl.String))
    return split_list(pl.col(column), frame.schema[column], split=split)


def _body(frame: pl.DataFrame, column: str | None, lead_column: str | None,
          drop_repeated_lead: bool, paragraph_gap: str | None = None,
          mangled_quotes: bool = False) -> pl.Expr:
    if column is None:
        return pl.lit(None, dtype=pl.String)
    if paragraph_gap and frame.schema[column] == pl.String:
        return clean_text(pl.col(column).str.replace_all(paragraph_gap, "${1}\n\n"),
                          mangled_quotes=mangled_quotes)
    if drop_repeated_lead and lead_column and isinstance(frame.schema[column], pl.List):
        paragraphs = pl.col(column).cast(pl.List(pl.String))
        first = clean_text(paragraphs.list.first())
        lead = clean_text(pl.col(lead_column).cast(pl.String))
        paragraphs = (pl.when(first.is_not_null() & (first == lead))
                      .then(paragraphs.list.slice(1)).otherwise(paragraphs))
        return clean_text(paragraphs.list.join("\n\n"))
    return _as_text(frame, column, mangled_quotes)


def _host(url: pl.Expr) -> pl.Expr:
    return (url.str.extract(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//([^/?#:@]+)", 1)
            .str.to_lowercase().str.replace(r"^www\.", ""))


# ---------------------------------------------------------------------------
# The public entry point
# ---------------------------------------------------------------------------

def read_table(path: str | Path, *, format: str | None = None,  # noqa: A002 - CLI name
               mapping: Mapping[str, str] | None = None, preset: str | None = None,
               source: str | None = None, timezone: str | None = None,
               language: str | None = None, date_format: str | None = None,
               require_date: bool = False, origin: str | None = None,
               ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Read an article table into canonical rows and rejects.

    Parameters
    ----------
    path
        A CSV, TSV, JSON (an array of records, or an object holding one),
        JSON Lines or Parquet file.
    format
        ``csv``, ``tsv``, ``json``, ``jsonl``/``ndjson`` or ``parquet``;
        detected from the suffix, then the content, when ``None``.
    mapping
        Canonical column -> input column, e.g. ``{"title": "headline"}``. It
        overrides the preset's mapping; input columns named like canonical
        columns are used without one.
    preset
        A key of :data:`PRESETS`; detected from the columns when ``None``.
    source
        The outlet for every row; by default the URL's host without ``www.``
        (or the file name when a row has no URL).
    timezone
        Zone of naive times; by default the preset's (``Europe/Moscow`` for
        TASS exports) or UTC. Times are converted to UTC; a date without a time
        keeps its calendar day (00:00 UTC, ``date_precision`` ``day``). The forms
        read are listed in :mod:`tassanalysis.ingest.table_dates`.
    language
        A language code for every row; by default detected per row by
        :func:`tassanalysis.ingest.fields.detect_language`.
    date_format
        A ``strftime`` pattern for dates in a form not read by default
        (``%d/%m/%Y %Hh%M``), tried first.
    require_date
        Reject rows without a date value (``no-date``). By default such a row is
        kept, like a page without a date: ``published_at`` null, ``date_source``
        ``none``; it counts for terms and actors, and date-bounded selections
        leave it out. A value that is present but cannot be read is a ``bad-date``
        reject either way.
    origin
        The input's origin, which records' origins extend (default: the path;
        :func:`tassanalysis.ingest.scan.origin_of` writes it unambiguously).

    Returns
    -------
    tuple[pl.DataFrame, pl.DataFrame]
        Articles in the canonical schema (not deduplicated; ``origin`` is
        ``<path>:<row>`` with 1-based data rows, ``date_source`` is ``table``, ``none`` for a row without a date),
        and rejects (``origin, reason, raw``): ``no-text`` when a row has
        neither title nor body, ``no-date`` when its date is missing and
        ``require_date`` is set,
        ``bad-date: cannot read '<value>' in column '<column>'`` when it cannot be
        read, ``implausible-date`` when it is before 1900, after next year or has an
        offset beyond ±14 hours; ``raw`` is the input row as JSON. Records that
        cannot be read at all are rejects of their own (``unreadable-line`` with
        ``<path>:line <n>``, ``bad-value`` for a field shaped unlike the same field
        in the other records).

    Raises
    ------
    ColumnMappingError
        A mapping that names a column the table does not have (the message
        lists the available columns) or a column that is not canonical.
    ValueError
        An unknown format or preset, or a file that holds no table at all.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> tmp = pathlib.Path(tempfile.mkdtemp()) / "news.csv"
    >>> _ = tmp.write_text("headline,text,date,url\\nHi,Some text,2024-05-01,https://ex.org/world/1\\n")
    >>> articles, rejects = read_table(tmp, mapping={"title": "headline", "body": "text",
    ...                                              "published_at": "date"})
    >>> articles.select("source", "section", "title").row(0)
    ('ex.org', 'world', 'Hi')
    """
    path = Path(path)
    fmt = (format or detect_format(path)).lower()
    fmt = "csv" if fmt in PAGE_FORMATS else fmt  # a table without a telling suffix
    fmt = {"ndjson": "jsonl"}.get(fmt, fmt)
    origin = str(path) if origin is None else origin
    raw, broken = read_rows(path, fmt, origin=origin)
    columns = [c for c in raw.columns if c != "__row"]

    if preset is None:
        preset = detect_preset(columns)
    if preset is not None and preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}; known presets: {', '.join(PRESETS)}")
    rules = PRESETS[preset] if preset else None

    chosen: dict[str, str] = {c: c for c in MAPPABLE if c in columns}
    if rules:
        chosen.update({k: v for k, v in rules.mapping.items() if v in columns})
    for canonical, column in (mapping or {}).items():
        if canonical not in MAPPABLE:
            raise ColumnMappingError(f"cannot map {canonical!r}: mappable columns are "
                                     f"{', '.join(MAPPABLE)}")
        if column not in columns:
            raise ColumnMappingError(f"column {column!r} (mapped to {canonical!r}) is not in "
                                     f"{path.name}; available columns: {', '.join(columns)}")
        chosen[canonical] = column
    zone = timezone or (rules.timezone if rules else "UTC")
    split = rules.split_lists if rules else True
    mangled = bool(rules and rules.mangled_quotes)

    built = raw.select(
        pl.col("__row"),
        _as_url(raw, chosen.get("url")).alias("url"),
        _as_text(raw, chosen.get("title"), mangled).alias("title"),
        _as_text(raw, chosen.get("lead"), mangled).alias("lead"),
        _body(raw, chosen.get("body"), chosen.get("lead"),
              bool(rules and rules.drop_repeated_lead),
              rules.paragraph_gap if rules else None, mangled).alias("body"),
        _as_text(raw, chosen.get("section")).alias("section"),
        _as_text(raw, chosen.get("source")).alias("source"),
        _as_text(raw, chosen.get("dateline")).alias("dateline"),
        _as_text(raw, chosen.get("language")).alias("language"),
        _as_text(raw, chosen.get("doc_id")).alias("doc_id"),
        *(_list_column(raw, chosen.get(c), split).alias(c) for c in _LIST_COLUMNS),
    )
    date_column = chosen.get("published_at")
    if date_column is not None:
        dates = parse_date_column(raw[date_column], timezone=zone, date_format=date_format)
        given = raw[date_column].cast(pl.String).str.strip_chars().str.len_chars().fill_null(0) > 0
    else:
        dates = pl.DataFrame({"published_at": pl.Series([None] * raw.height,
                                                        dtype=ARTICLE_SCHEMA["published_at"]),
                              "date_precision": pl.Series([None] * raw.height, dtype=pl.String)})
        given = pl.Series([False] * raw.height)
    date_raw = (raw[date_column].cast(pl.String, strict=False) if date_column is not None
                else pl.Series([None] * raw.height, dtype=pl.String))
    # an offset no zone has (beyond ±14 hours) after a time of day
    offset = date_raw.str.extract(r"\d:\d{2}(?::\d{2}(?:\.\d+)?)?\s*[+-](\d{2}):?(\d{2})$", 1)
    built = built.with_columns(
        dates["published_at"], dates["date_precision"], given.alias("__date_given"),
        date_raw.alias("__date_raw"),
        (offset.cast(pl.Int64, strict=False).fill_null(0) * 60 > MAX_OFFSET_MINUTES)
        .alias("__implausible_offset"))

    built = built.with_columns(_null_if_empty("url", "title", "lead", "body", "section", "source",
                                              "dateline", "language", "doc_id"))
    # A TASS dateline opening the body fills the dateline column; the body keeps it, as
    # the page prints it (the same as for page dumps and HTML).
    opening = pl.coalesce("body", "lead")  # a snippet opens with the dateline too
    built = built.with_columns(opening.str.replace(_DATELINE, "").alias("__rest"))
    found = (
        opening.str.slice(0, opening.str.len_chars() - pl.col("__rest").str.len_chars())
        .str.replace(_DATELINE_TAIL, "").str.strip_chars()
    )
    built = built.with_columns(
        pl.coalesce(pl.col("dateline"), pl.when(found.str.len_bytes() > 0).then(found))
        .alias("dateline"),
    ).drop("__rest")
    fallback_source = source or path.stem
    built = built.with_columns(
        pl.coalesce(pl.lit(source, dtype=pl.String), pl.col("source"), _host(pl.col("url")),
                    pl.lit(fallback_source)).alias("source"),
        url_sections(pl.col("url")).alias("__url_section"),
        pl.coalesce(pl.lit(language, dtype=pl.String), pl.col("language"),
                    detect_language(pl.concat_str(["title", "lead", "body"], separator=" ",
                                                  ignore_nulls=True),
                                    by=pl.coalesce(pl.lit(source, dtype=pl.String),
                                                   pl.col("source"), _host(pl.col("url")))))
        .alias("language"),
        pl.lit(bool(rules and rules.truncated)).alias("truncated"),
        pl.lit([], dtype=ARTICLE_SCHEMA["boilerplate"]).alias("boilerplate"),
        pl.when(pl.col("published_at").is_null()).then(pl.lit("none"))
        .otherwise(pl.lit("table")).alias("date_source"),
        pl.concat_str([pl.lit(f"{origin}:"), pl.col("__row").cast(pl.String)]).alias("origin"),
        pl.lit(0, dtype=pl.UInt32).alias("merged"),
    )

    # a hyphenated URL folder ("renee-fisher", an author's blog) names a section only when
    # it recurs in the source (or the source is small)
    recurring = (~pl.col("__url_section").str.contains("-")
                 | (pl.len().over("source", "__url_section") >= 2)
                 | (pl.len().over("source") < _URL_SECTION_MIN_SOURCE))
    built = built.with_columns(
        pl.coalesce(pl.col("section"), pl.when(recurring).then(pl.col("__url_section")))
        .alias("section")).drop("__url_section")

    earliest = datetime(EARLIEST_YEAR, 1, 1, tzinfo=UTC)
    after = datetime(latest_year() + 1, 1, 1, tzinfo=UTC)
    implausible = (pl.col("published_at") < earliest) | (pl.col("published_at") >= after)
    reason = (pl.when(pl.col("title").is_null() & pl.col("body").is_null()
                      & pl.col("lead").is_null()).then(pl.lit("no-text"))
              .when(pl.col("__implausible_offset")).then(pl.lit("implausible-date"))
              .when(pl.col("published_at").is_null() & pl.col("__date_given"))
              .then(pl.format("bad-date: cannot read '{}' in column '{}'",
                              pl.col("__date_raw").str.slice(0, 80), pl.lit(date_column)))
              .when(pl.col("published_at").is_null() & pl.lit(require_date))
              .then(pl.lit("no-date"))
              .when(implausible).then(pl.lit("implausible-date")))
    built = built.with_columns(reason.alias("__reason"))
    bad = built.filter(pl.col("__reason").is_not_null())
    rejects = pl.DataFrame(schema=REJECT_SCHEMA)
    if bad.height:
        raw_rows = raw.join(bad.select("__row", "__reason"), on="__row", how="inner")
        rejects = raw_rows.select(
            pl.concat_str([pl.lit(f"{origin}:"), pl.col("__row").cast(pl.String)]).alias("origin"),
            pl.col("__reason").alias("reason"),
            pl.struct(columns).struct.json_encode().alias("raw"),
        )
    if broken:
        rejects = pl.concat([rejects, pl.DataFrame(broken, schema=REJECT_SCHEMA, orient="row")])
    articles = built.filter(pl.col("__reason").is_null()).with_columns(
        pl.col("body").fill_null(""))
    if articles.height:
        ids = doc_ids(articles)
        articles = articles.with_columns(pl.coalesce(pl.col("doc_id"), ids).alias("doc_id"))
    return validate(articles.select(list(ARTICLE_SCHEMA)), cast=True), rejects
