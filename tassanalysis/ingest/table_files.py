"""Read table files record by record: CSV, TSV, JSON, JSON Lines, Parquet.

:func:`read_rows` gives :func:`tassanalysis.ingest.tabular.read_table` the raw
table — its columns as the file has them, the record number in ``__row`` —
and the records that could not be read. Polars reads a sound file in one go;
a damaged one is read record by record so that one bad record never costs the
others: a CSV line with an unterminated quote, a JSON line that does not parse
or nests too deep, a record whose field has another shape than the same field
in the other records (a list-typed title) — each becomes a reject of its own,
with its line or row number.

Examples
--------
A column mapping the table cannot meet is a :class:`ColumnMappingError`, which
the ingest run reports as a usage error:

>>> issubclass(ColumnMappingError, ValueError)
True
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import numpy as np
import polars as pl

from tassanalysis.ingest.clean import decode_bytes

__all__ = ["ColumnMappingError", "EmptyTable", "TableTooLarge", "check_table_size", "read_rows"]

Reject = tuple[str, str, str]
#: A quoted CSV field may run over at most this many lines; longer, its quote is unterminated.
_MAX_RECORD_LINES = 200
#: A string that is a JSON array or object (a list-typed value flattened by a reader).
_CONTAINER_TEXT = r"(?s)^\s*(?:\[.*\]|\{.*\})\s*$"


class ColumnMappingError(ValueError):
    """A column mapping that names a column the table lacks, or a non-canonical column."""


class EmptyTable(ValueError):
    """A table that holds no records (a header only, ``[]``, an empty file)."""


class TableTooLarge(ValueError):
    """A table over its byte limit, or holding a record over the record limit."""


_BLOCK = 1 << 22


def check_table_size(path: Path, fmt: str, *, max_bytes: int, max_record_bytes: int) -> None:
    """Refuse a table too large to read, before any reader holds it in memory.

    The file is read in blocks of 4 MB: its size against ``max_bytes``, and its
    longest record against ``max_record_bytes`` — a CSV record (newlines inside
    quotes are part of it), a JSON line, or a JSON string.

    Raises
    ------
    TableTooLarge
        The reason, ``too-large: …``, naming the limit.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = path.write_text('title,body\\nA,"' + "x" * 100 + '"\\n')
    >>> check_table_size(path, "csv", max_bytes=10_000, max_record_bytes=1_000)
    >>> check_table_size(path, "csv", max_bytes=10_000, max_record_bytes=50)
    Traceback (most recent call last):
    ...
    tassanalysis.ingest.table_files.TableTooLarge: too-large: a record of over 50 bytes (limit 50)
    """
    size = path.stat().st_size
    if size > max_bytes:
        raise TableTooLarge(f"too-large: {size} bytes (limit {max_bytes})")
    if fmt == "parquet":
        _check_parquet_size(path, max_bytes=max_bytes, max_record_bytes=max_record_bytes)
        return
    if size <= max_record_bytes:
        return
    quote = 34
    newline = -1 if fmt == "json" else 10  # JSON: the run between quotes; else records
    start = offset = 0
    inside = 0  # quotes seen so far, mod 2 (CSV: inside a quoted field)
    longest = 0
    with open(path, "rb") as fh:
        while block := fh.read(_BLOCK):
            data = np.frombuffer(block, dtype=np.uint8)
            quotes = np.flatnonzero(data == quote)
            if newline < 0:  # JSON strings: from one quote to the next
                marks = quotes + offset
            elif fmt in ("csv", "tsv"):
                lines = np.flatnonzero(data == newline)
                before = np.searchsorted(quotes, lines)  # quotes before each newline
                marks = lines[(before + inside) % 2 == 0] + offset
                inside = (inside + len(quotes)) % 2
            else:
                marks = np.flatnonzero(data == newline) + offset
            if len(marks):
                gaps = np.diff(marks, prepend=start)
                longest = max(longest, int(gaps.max()))
                start = int(marks[-1])
            offset += len(block)
            if max(longest, offset - start) > max_record_bytes:
                raise TableTooLarge(f"too-large: a record of over {max_record_bytes} bytes "
                                    f"(limit {max_record_bytes})")


def _check_parquet_size(path: Path, *, max_bytes: int, max_record_bytes: int) -> None:
    """Bound a Parquet file by what it unpacks to, one batch in memory at a time.

    Parquet compresses well (dictionaries, runs): a file of a few KB can decode to
    gigabytes. The file is decoded in batches of 10,000 rows with pyarrow, their
    sizes summed against ``max_bytes`` and their longest text or binary cell
    against ``max_record_bytes``; reading stops at the first excess. A file that
    cannot be decoded is left to the reader, whose error becomes the reject.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    unpacked = 0
    try:
        batches = pq.ParquetFile(path).iter_batches(batch_size=10_000)
        for batch in batches:
            unpacked += batch.nbytes
            if unpacked > max_bytes:
                raise TableTooLarge(f"too-large: over {max_bytes} bytes unpacked "
                                    f"(limit {max_bytes})")
            for column in batch.columns:
                kind = column.type
                if pa.types.is_string(kind) or pa.types.is_large_string(kind) \
                        or pa.types.is_binary(kind) or pa.types.is_large_binary(kind):
                    longest = pc.max(pc.binary_length(column)).as_py() or 0
                    if longest > max_record_bytes:
                        raise TableTooLarge(f"too-large: a record of over {max_record_bytes}"
                                            f" bytes (limit {max_record_bytes})")
    except TableTooLarge:
        raise
    except Exception:  # noqa: BLE001 - the reader reports a damaged file itself
        return


def read_rows(path: Path, fmt: str, *, origin: str | None = None
              ) -> tuple[pl.DataFrame, list[Reject]]:
    """Return the raw table of a file and the records that could not be read.

    Parameters
    ----------
    path
        The file.
    fmt
        ``csv``, ``tsv``, ``json``, ``jsonl`` or ``parquet``.
    origin
        The input's origin in rejects (default: the path).

    Returns
    -------
    tuple[pl.DataFrame, list[tuple[str, str, str]]]
        The table with its record number (1-based) in ``__row``, and rejects
        ``(origin, reason, raw)``: origin ``<path>:line <n>`` for lines,
        ``<path>:<n>`` for records of a JSON array.

    Raises
    ------
    ValueError
        An unknown format, or a file that holds no table at all.
    EmptyTable
        A table without records (a header only, ``[]``).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.jsonl"
    >>> _ = path.write_text('{"title": "A"}\\n{"title": ["x"]}\\n{"title": "B"}\\n')
    >>> frame, rejects = read_rows(path, "jsonl")
    >>> frame["title"].to_list(), rejects[0][1].split(":")[0]
    (['A', 'B'], 'bad-value')
    """
    name = str(path) if origin is None else origin
    if path.stat().st_size == 0:
        raise EmptyTable(f"{name}: the file is empty")
    if fmt in ("csv", "tsv"):
        frame, broken = _read_csv(path, "\t" if fmt == "tsv" else ",", name)
    elif fmt == "parquet":
        frame, broken = pl.read_parquet(path), []
    elif fmt == "jsonl":
        frame, broken = _read_jsonl(path, name)
    elif fmt == "json":
        frame, broken = _read_json(path, name)
    else:
        raise ValueError(f"unknown table format {fmt!r}: use csv, tsv, json, jsonl, ndjson or "
                         "parquet")
    if frame.height == 0 and not broken:
        raise EmptyTable(f"{name}: the table holds no records")
    if "__row" not in frame.columns:
        frame = frame.with_row_index("__row", offset=1)
    return frame, broken


def _read_csv(path: Path, separator: str, name: str) -> tuple[pl.DataFrame, list[Reject]]:
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
    return _csv_records(text, separator, name)


def _csv_records(text: str, separator: str, path: str) -> tuple[pl.DataFrame, list[Reject]]:
    """Read CSV record by record; a record that does not parse is a reject, the rest stay.

    A record starts on a line and may run over the next lines inside a quoted
    field, up to :data:`_MAX_RECORD_LINES`. One whose quote never closes (or
    whose span has the wrong number of fields) is rejected with its first line,
    and reading goes on from the next line.
    """
    lines = text.splitlines(keepends=True)
    if not lines:
        raise EmptyTable(f"{path}: the table is empty")
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


def _read_jsonl(path: Path, name: str) -> tuple[pl.DataFrame, list[Reject]]:
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
        origin = f"{name}:line {number}"
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
    if not records and not broken:
        raise EmptyTable(f"{name}: the table holds no records")
    if not records:
        return pl.DataFrame({"__row": pl.Series([], dtype=pl.UInt32)}), broken
    frame, odd = _records_frame(records)
    return frame, broken + odd


def _read_json(path: Path, name: str) -> tuple[pl.DataFrame, list[Reject]]:
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
        raise ValueError(f"{name}: the JSON nests too deep to be a table of records") from None
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
        if len(lists) != 1:
            raise ValueError(f"{name}: a JSON object must hold exactly one list of records")
        data = lists[0]
    if data == []:
        raise EmptyTable(f"{name}: the table holds no records")
    if not isinstance(data, list) or not any(isinstance(r, dict) for r in data):
        raise ValueError(f"{name}: JSON holds no list of records (objects)")
    records, broken = [], []
    for i, r in enumerate(data, start=1):
        if isinstance(r, dict):
            records.append((i, f"{name}:{i}", r))
        else:
            broken.append((f"{name}:{i}", "unreadable-record: not a JSON object",
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
