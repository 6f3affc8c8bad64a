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

import csv
import io
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from tassanalysis.ingest.clean import DATELINE as _DATELINE
from tassanalysis.ingest.clean import DATELINE_TAIL as _DATELINE_TAIL
from tassanalysis.ingest.clean import clean_text, decode_bytes
from tassanalysis.ingest.dates import EARLIEST_YEAR, MAX_OFFSET_MINUTES, latest_year
from tassanalysis.ingest.fields import detect_language, split_list
from tassanalysis.ingest.scan import PAGE_FORMATS, detect_format
from tassanalysis.ingest.sections import url_sections
from tassanalysis.ingest.table_dates import parse_date_column
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
    """

    name: str
    mapping: Mapping[str, str]
    signature: frozenset[str]
    timezone: str = "UTC"
    split_lists: bool = True
    drop_repeated_lead: bool = False
    paragraph_gap: str | None = None
    truncated: bool = False
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

Reject = tuple[str, str, str]
#: A quoted CSV field may run over at most this many lines; longer, its quote is unterminated.
_MAX_RECORD_LINES = 200
#: A string that is a JSON array or object (a list-typed value flattened by a reader).
_CONTAINER_TEXT = r"(?s)^\s*(?:\[.*\]|\{.*\})\s*$"


class ColumnMappingError(ValueError):
    """A column mapping that names a column the table lacks, or a non-canonical column."""


def _read_rows(path: Path, fmt: str) -> tuple[pl.DataFrame, list[Reject]]:
    """The raw table, its record number in ``__row``, and the records that could not be read.

    One bad record never loses the others: a CSV line with an unterminated quote,
    a JSON line that does not parse (or nests too deep), a record whose value has
    another shape than the same field in the other records (a list where the
    others hold text) — each becomes its own reject with its line or row number.
    """
    if fmt in ("csv", "tsv"):
        frame, broken = _read_csv(path, "\t" if fmt == "tsv" else ",")
    elif fmt == "parquet":
        frame, broken = pl.read_parquet(path), []
    elif fmt == "jsonl":
        frame, broken = _read_jsonl(path)
    elif fmt == "json":
        frame, broken = _read_json(path)
    else:
        raise ValueError(f"unknown table format {fmt!r}: use csv, tsv, json, jsonl, ndjson or "
                         "parquet")
    if "__row" not in frame.columns:
        frame = frame.with_row_index("__row", offset=1)
    return frame, broken


def _read_csv(path: Path, separator: str) -> tuple[pl.DataFrame, list[Reject]]:
    options = {"infer_schema": False, "separator": separator, "truncate_ragged_lines": True}
    try:
        return pl.read_csv(path, **options), []
    except pl.exceptions.ComputeError as err:
        legacy = "utf-8" in str(err).lower()
    text = decode_bytes(path.read_bytes())[0]
    if legacy:  # a legacy export (cp1252, windows-1251…)
        try:
            return pl.read_csv(text.encode("utf-8"), **options), []
        except pl.exceptions.ComputeError:
            pass
    return _csv_records(text, separator, path)


def _csv_records(text: str, separator: str, path: Path) -> tuple[pl.DataFrame, list[Reject]]:
    """Read CSV record by record; a record that does not parse is a reject, the rest stay.

    A record starts on a line and may run over the next lines inside a quoted
    field, up to :data:`_MAX_RECORD_LINES`. One whose quote never closes (or
    whose span has the wrong number of fields) is rejected with its first line,
    and reading goes on from the next line.
    """
    lines = text.splitlines(keepends=True)
    if not lines:
        raise ValueError(f"{path}: the table is empty")
    header = next(csv.reader([lines[0]], delimiter=separator))
    names = _unique_names(header)
    rows: list[list[str | None]] = []
    numbers: list[int] = []
    broken: list[Reject] = []
    i, ordinal = 1, 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        ordinal += 1
        record, used = _one_record(lines, i, separator, len(header))
        if record is None:
            broken.append((f"{path}:line {i + 1}", "unreadable-line: unterminated quote or "
                           "malformed CSV record", lines[i].rstrip("\r\n")))
            i += 1
            continue
        record = (record + [""] * len(header))[: len(header)]
        rows.append([v if v != "" else None for v in record])
        numbers.append(ordinal)
        i += used
    frame = pl.DataFrame(rows, schema={n: pl.String for n in names}, orient="row")
    return frame.with_columns(pl.Series("__row", numbers, dtype=pl.UInt32)), broken


def _one_record(lines: list[str], start: int, separator: str, width: int
                ) -> tuple[list[str] | None, int]:
    for span in range(1, min(_MAX_RECORD_LINES, len(lines) - start) + 1):
        chunk = "".join(lines[start:start + span])
        try:
            records = list(csv.reader(io.StringIO(chunk, newline=""), delimiter=separator,
                                      strict=True))
        except csv.Error as err:
            if "unexpected end of data" in str(err) or "newline inside string" in str(err):
                continue  # a quoted field goes on on the next line
            return None, 1
        if len(records) != 1:
            return None, 1
        if span > 1 and len(records[0]) != width:
            return None, 1  # a quote that swallowed other lines: not one record
        return records[0], span
    return None, 1


def _unique_names(header: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    names = []
    for name in header:
        n = seen.get(name, 0)
        seen[name] = n + 1
        names.append(name if n == 0 else f"{name}_duplicated_{n - 1}")
    return names


def _has_flattened_containers(frame: pl.DataFrame) -> bool:
    """Whether a string column holds JSON arrays/objects in a minority of its rows."""
    for name, dtype in frame.schema.items():
        if dtype == pl.String:
            counts = frame.select(pl.col(name).str.contains(_CONTAINER_TEXT).sum().alias("c"),
                                  pl.col(name).count().alias("n")).row(0)
            if counts[0] and counts[0] * 2 <= counts[1]:
                return True
    return False


def _read_jsonl(path: Path) -> tuple[pl.DataFrame, list[Reject]]:
    """JSON lines; broken lines (a file cut off mid-write, a bad line, nesting too deep)
    and odd values are rejects with their line number, the other lines are read."""
    try:
        frame = pl.read_ndjson(path, infer_schema_length=None)
        if not _has_flattened_containers(frame):
            return frame, []
    except pl.exceptions.PolarsError:
        pass
    records, broken = [], []
    text = decode_bytes(path.read_bytes())[0]
    ordinal = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        ordinal += 1
        origin = f"{path}:line {number}"
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as err:
            why = "nested too deep" if isinstance(err, RecursionError) else str(err)
            broken.append((origin, f"unreadable-line: {why}", line))
            continue
        if isinstance(record, dict):
            records.append((ordinal, origin, record))
        else:
            broken.append((origin, "unreadable-line: not a JSON object", line))
    if not records:
        raise ValueError(f"{path}: no readable JSON line")
    frame, odd = _records_frame(records)
    return frame, broken + odd


def _read_json(path: Path) -> tuple[pl.DataFrame, list[Reject]]:
    with path.open("rb") as handle:
        array = handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"[")
    if array:
        try:
            frame = pl.read_json(path, infer_schema_length=None)
            if not _has_flattened_containers(frame):
                return frame, []
        except pl.exceptions.PolarsError:  # mixed shapes: the json module copes
            pass
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except RecursionError:
        raise ValueError(f"{path}: the JSON nests too deep to be a table of records") from None
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
        if len(lists) != 1:
            raise ValueError(f"{path}: a JSON object must hold exactly one list of records")
        data = lists[0]
    if not isinstance(data, list) or not any(isinstance(r, dict) for r in data):
        raise ValueError(f"{path}: JSON holds no list of records (objects)")
    records, broken = [], []
    for i, r in enumerate(data, start=1):
        if isinstance(r, dict):
            records.append((i, f"{path}:{i}", r))
        else:
            broken.append((f"{path}:{i}", "unreadable-record: not a JSON object",
                           _json_text(r)))
    frame, odd = _records_frame(records)
    return frame, broken + odd


def _json_text(value: object) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, default=str)[:1_000_000]
    except (ValueError, RecursionError):
        return repr(value)[:1_000_000]


def _kind(value: object) -> str:
    return "a list" if isinstance(value, list) else "an object" if isinstance(value, dict) \
        else "text"


def _records_frame(records: list[tuple[int, str, dict]]) -> tuple[pl.DataFrame, list[Reject]]:
    """A frame from JSON records; a record whose field has another shape than the same
    field in most records (a list where the others hold text) is a reject."""
    kinds: dict[str, Counter] = {}
    for _, _, r in records:
        for k, v in r.items():
            if v is not None:
                kinds.setdefault(k, Counter())[_kind(v)] += 1
    major = {k: c.most_common(1)[0][0] for k, c in kinds.items()}
    good: list[dict] = []
    odd: list[Reject] = []
    for number, origin, r in records:
        field = next((k for k, v in r.items() if v is not None and _kind(v) != major[k]), None)
        if field is not None:
            odd.append((origin, f"bad-value: {field} is {_kind(r[field])} where the other "
                                f"records hold {major[field]}", _json_text(r)))
            continue
        good.append({**r, "__row": number})
    # one type per column: mixed scalars become text, objects JSON text
    for k, kind in major.items():
        values = [r[k] for r in good if r.get(k) is not None]
        if kind == "an object":
            for r in good:
                if r.get(k) is not None:
                    r[k] = _json_text(r[k])
        elif kind == "text" and len({type(v) for v in values}) > 1:
            for r in good:
                if r.get(k) is not None and not isinstance(r[k], str):
                    r[k] = str(r[k])
        elif kind == "a list" and len({type(x) for v in values for x in v}) > 1:
            for r in good:
                if r.get(k) is not None:
                    r[k] = [x if isinstance(x, str) or x is None else _json_text(x)
                            for x in r[k]]
    if not good:
        return pl.DataFrame({"__row": pl.Series([], dtype=pl.UInt32)}), odd
    frame = pl.from_dicts(good, infer_schema_length=None)
    return frame.with_columns(pl.col("__row").cast(pl.UInt32)), odd


# ---------------------------------------------------------------------------
# Column builders
# ---------------------------------------------------------------------------

def _as_text(frame: pl.DataFrame, column: str | None) -> pl.Expr:
    """A cleaned string expression (null where empty) from an input column."""
    if column is None:
        return pl.lit(None, dtype=pl.String)
    expr = pl.col(column)
    dtype = frame.schema[column]
    if isinstance(dtype, pl.List | pl.Array):
        expr = expr.cast(pl.List(pl.String)).list.join("\n\n")
    elif dtype != pl.String:
        expr = expr.cast(pl.String)
    return clean_text(expr)


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
          drop_repeated_lead: bool, paragraph_gap: str | None = None) -> pl.Expr:
    if column is None:
        return pl.lit(None, dtype=pl.String)
    if paragraph_gap and frame.schema[column] == pl.String:
        return clean_text(pl.col(column).str.replace_all(paragraph_gap, "${1}\n\n"))
    if drop_repeated_lead and lead_column and isinstance(frame.schema[column], pl.List):
        paragraphs = pl.col(column).cast(pl.List(pl.String))
        first = clean_text(paragraphs.list.first())
        lead = clean_text(pl.col(lead_column).cast(pl.String))
        paragraphs = (pl.when(first.is_not_null() & (first == lead))
                      .then(paragraphs.list.slice(1)).otherwise(paragraphs))
        return clean_text(paragraphs.list.join("\n\n"))
    return _as_text(frame, column)


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

    Returns
    -------
    tuple[pl.DataFrame, pl.DataFrame]
        Articles in the canonical schema (not deduplicated; ``origin`` is
        ``<path>:<row>`` with 1-based data rows, ``date_source`` is ``table``),
        and rejects (``origin, reason, raw``): ``no-text`` when a row has
        neither title nor body, ``no-date`` when its date is missing,
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
    raw, broken = _read_rows(path, fmt)
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

    built = raw.select(
        pl.col("__row"),
        _as_url(raw, chosen.get("url")).alias("url"),
        _as_text(raw, chosen.get("title")).alias("title"),
        _as_text(raw, chosen.get("lead")).alias("lead"),
        _body(raw, chosen.get("body"), chosen.get("lead"),
              bool(rules and rules.drop_repeated_lead),
              rules.paragraph_gap if rules else None).alias("body"),
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
        pl.lit("table").alias("date_source"),
        pl.concat_str([pl.lit(f"{path}:"), pl.col("__row").cast(pl.String)]).alias("origin"),
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
              .when(pl.col("published_at").is_null()).then(pl.lit("no-date"))
              .when(implausible).then(pl.lit("implausible-date")))
    built = built.with_columns(reason.alias("__reason"))
    bad = built.filter(pl.col("__reason").is_not_null())
    rejects = pl.DataFrame(schema=REJECT_SCHEMA)
    if bad.height:
        raw_rows = raw.join(bad.select("__row", "__reason"), on="__row", how="inner")
        rejects = raw_rows.select(
            pl.concat_str([pl.lit(f"{path}:"), pl.col("__row").cast(pl.String)]).alias("origin"),
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
