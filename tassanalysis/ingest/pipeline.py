"""Turn files, folders and globs of raw inputs into one clean corpus store.

The stages, each in its own module:

* :mod:`.tass_text` parses tass.com / tass.ru page-text dumps,
* :mod:`.html` parses saved HTML pages,
* :mod:`.tabular` reads CSV / JSON / JSONL / Parquet tables,
* :mod:`.dates` infers missing years across the corpus,
* :mod:`.clean` repairs text and merges duplicates,
* :mod:`tassanalysis.store` writes the snapshot atomically.

Every input either becomes an article or a row of the rejects table with the
reason and the raw content; nothing is dropped silently.
"""

from __future__ import annotations

import glob
import hashlib
import json
import multiprocessing
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from tassanalysis.ingest.clean import (
    clean_text,
    decode_bytes,
    dedupe,
    strip_source_boilerplate,
)
from tassanalysis.ingest.dates import infer_years_from_ids
from tassanalysis.ingest.errors import PageError
from tassanalysis.ingest.html import parse_html
from tassanalysis.ingest.sections import normalize_sections
from tassanalysis.ingest.tabular import read_table
from tassanalysis.ingest.tass_text import learn_boilerplate, parse_tass_text
from tassanalysis.schema import ARTICLE_SCHEMA, REJECT_SCHEMA, empty_corpus, empty_rejects
from tassanalysis.store import (
    MANIFEST_SCHEMA,
    current_snapshot,
    load_corpus,
    load_manifest,
    load_rejects,
    load_summary,
    write_corpus,
)

__all__ = ["IngestError", "IngestResult", "detect_format", "expand_inputs", "ingest"]

#: Pages (text or HTML) of this size or more are rejected unread.
MAX_PAGE_BYTES = 50_000_000
#: How much of a rejected input's content the rejects table keeps.
MAX_RAW_CHARS = 1_000_000

PAGE_FORMATS = ("text", "html")
TABLE_FORMATS = ("csv", "tsv", "json", "jsonl", "parquet")
FORMATS = PAGE_FORMATS + TABLE_FORMATS

_SUFFIX_FORMAT = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".csv": "csv", ".tsv": "tsv",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".parquet": "parquet", ".pq": "parquet",
}
_SIDECAR_SUFFIXES = (".meta.json", ".json")
_TEXT_COLUMNS = ("title", "lead", "body")


class IngestError(RuntimeError):
    """An ingest run that cannot go on (bad arguments, or rejects under ``strict``)."""


@dataclass
class IngestResult:
    """What an ingest run produced.

    Attributes
    ----------
    articles
        The whole corpus after the run (canonical schema).
    rejects
        The whole rejects table after the run (``origin, reason, raw``).
    summary
        The account of the run, as printed by :meth:`format_summary`.
    path
        The snapshot folder written, or None when nothing was written.
    """

    articles: pl.DataFrame
    rejects: pl.DataFrame
    summary: dict[str, Any]
    path: Path | None = None
    new_rejects: pl.DataFrame = field(default_factory=empty_rejects)

    def format_summary(self) -> str:
        """Return the run summary as readable lines."""
        return format_summary(self.summary)


def format_summary(s: Mapping[str, Any]) -> str:
    """Render an ingest summary dict as aligned text lines.

    Examples
    --------
    >>> print(format_summary({"files": 2, "accepted": 5, "rejected_total": 1,
    ...                       "rejected": {"empty": 1}}))
    inputs:      2 files (0 unchanged, skipped)
    read:        0 records
    accepted:    5 articles
    rejected:    1
      empty                            1
    duplicates:  0 merged
    corpus:      0 articles, ? – ?
    """

    def rows(values: Mapping[str, int], *, by_count: bool = False) -> str:
        items = sorted(values.items(), key=(lambda kv: -kv[1]) if by_count else None)
        return "".join(f"\n  {k:<26} {v:>7,}" for k, v in items)

    corpus = s.get("corpus", {})
    dups = s.get("duplicates", {})
    undated = f", {corpus['undated']:,} without a known date" if corpus.get("undated") else ""
    lines = [
        f"inputs:      {s.get('files', 0):,} files "
        f"({s.get('skipped_unchanged', 0):,} unchanged, skipped)",
        f"read:        {s.get('records_read', 0):,} records",
        f"accepted:    {s.get('accepted', 0):,} articles",
        f"rejected:    {s.get('rejected_total', 0):,}" + rows(s.get("rejected", {}), by_count=True),
        f"duplicates:  {sum(dups.values()):,} merged" + rows(dups),
    ]
    if s.get("boilerplate_removed"):
        lines.append("boilerplate: articles cleaned of text repeated across their source"
                     + rows(s["boilerplate_removed"], by_count=True))
    lines += [
        f"corpus:      {corpus.get('articles', 0):,} articles, "
        f"{corpus.get('start') or '?'} – {corpus.get('end') or '?'}{undated}",
    ]
    for key, title in (("sources", "sources"), ("languages", "languages"),
                       ("date_sources", "date sources")):
        if corpus.get(key):
            lines.append(f"{title}:" + rows(corpus[key], by_count=True))
    return "\n".join(lines)


# --------------------------------------------------------------------------- inputs

def detect_format(path: Path, *, head: bytes | None = None) -> str:
    """Guess the format of one input file from its suffix, then its first bytes.

    Examples
    --------
    >>> detect_format(Path("page.txt"))
    'text'
    >>> detect_format(Path("dump"), head=b"<!DOCTYPE html><html>")
    'html'
    """
    fmt = _SUFFIX_FORMAT.get(path.suffix.lower())
    if fmt:
        return fmt
    if head is None:
        try:
            with open(path, "rb") as fh:
                head = fh.read(4096)
        except OSError:
            head = b""
    start = head.lstrip()[:512].lower()
    if start.startswith(b"par1") or head[:4] == b"PAR1":
        return "parquet"
    if start.startswith((b"<!doctype html", b"<html")) or b"<html" in start:
        return "html"
    if start.startswith((b"[", b"{")):
        first = start.split(b"\n", 1)[0].strip()
        return "jsonl" if first.startswith(b"{") and first.endswith(b"}") else "json"
    return "text"


def _sidecar_for(page: Path) -> Path | None:
    for suffix in _SIDECAR_SUFFIXES:
        candidate = page.with_name(page.stem + suffix)
        if candidate.is_file():
            return candidate
    return None


def expand_inputs(inputs: Iterable[str | Path]) -> list[Path]:
    """Expand files, folders (recursively) and glob patterns into input files.

    Hidden files and folders are skipped; JSON files that sit beside a page of
    the same name are sidecars (metadata), not inputs. The order is sorted and
    stable.

    Raises
    ------
    IngestError
        An argument that names nothing.
    """
    found: list[Path] = []
    for item in inputs:
        item = str(item)
        if any(ch in item for ch in "*?["):
            matches = [Path(p) for p in glob.glob(item, recursive=True)]
            if not matches:
                raise IngestError(f"no input matches {item!r}")
        else:
            matches = [Path(item)]
        for match in matches:
            if match.is_dir():
                found.extend(p for p in match.rglob("*") if p.is_file() and not any(
                    part.startswith(".") for part in p.relative_to(match).parts))
            elif match.is_file():
                found.append(match)
            else:
                raise IngestError(f"input not found: {item}")
    unique = sorted({os.path.abspath(p): p for p in found}.values(), key=lambda p: str(p))
    pages = {p.with_suffix("") for p in unique
             if _SUFFIX_FORMAT.get(p.suffix.lower()) in PAGE_FORMATS}
    result = []
    for p in unique:
        name = p.name.lower()
        if name.endswith(_SIDECAR_SUFFIXES):
            stem = p.name[: -len(".meta.json")] if name.endswith(".meta.json") else p.stem
            if p.with_name(stem) in pages:
                continue
        result.append(p)
    return result


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _raw_text(data: bytes) -> str:
    text = data[:MAX_RAW_CHARS].decode("utf-8", errors="backslashreplace")
    if len(data) > MAX_RAW_CHARS:
        text += f"\n…[truncated: {len(data)} bytes in all]"
    return text


def _read_sidecar(page: Path) -> dict[str, Any]:
    side = _sidecar_for(page)
    if side is None:
        return {}
    try:
        meta = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


# --------------------------------------------------------------------------- pages

@dataclass
class _Page:
    path: Path
    fmt: str
    text: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)


_WORK: dict[str, Any] = {}


def _parse_one(page: _Page, *, year: int | None, boilerplate: frozenset[str] | None
               ) -> tuple[dict[str, Any] | None, tuple[str, str, str] | None]:
    origin = str(page.path)
    try:
        if page.fmt == "html":
            record = parse_html(page.text or "", origin=origin, url=page.metadata.get("url"))
        else:
            record = parse_tass_text(page.text or "", origin=origin, year=year,
                                     metadata=page.metadata or None, boilerplate=boilerplate)
    except PageError as err:
        return None, (origin, err.reason, page.text or "")
    except Exception as err:  # a parser bug must not sink the run; keep the input
        return None, (origin, f"parser-error: {type(err).__name__}: {err}", page.text or "")
    return record, None


def _parse_range(bounds: tuple[int, int]) -> list[tuple[dict | None, tuple | None]]:
    pages, year, boiler = _WORK["pages"], _WORK["year"], _WORK["boilerplate"]
    return [_parse_one(p, year=year, boilerplate=boiler) for p in pages[bounds[0]:bounds[1]]]


def _parse_pages(pages: list[_Page], *, year: int | None, boilerplate: frozenset[str] | None,
                 workers: int, progress: Callable[[int], None]) -> list[tuple]:
    if workers <= 1 or len(pages) < 2000 or "fork" not in multiprocessing.get_all_start_methods():
        out = []
        for i, page in enumerate(pages):
            out.append(_parse_one(page, year=year, boilerplate=boilerplate))
            if i % 500 == 499:
                progress(500)
        progress(len(pages) % 500)
        return out
    _WORK.update(pages=pages, year=year, boilerplate=boilerplate)
    step = 1000
    ranges = [(i, min(i + step, len(pages))) for i in range(0, len(pages), step)]
    out = []
    try:
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            for (lo, hi), chunk in zip(ranges, pool.map(_parse_range, ranges), strict=True):
                out.extend(chunk)
                progress(hi - lo)
    finally:
        _WORK.clear()
    return out


def _records_frame(records: list[dict[str, Any]]) -> pl.DataFrame:
    if not records:
        return empty_corpus()
    rows = [{k: r.get(k) for k in ARTICLE_SCHEMA} for r in records]
    for r in rows:
        for key in ("tags", "persons", "related"):
            r[key] = list(r[key] or [])
        r["merged"] = int(r["merged"] or 0)
    return pl.DataFrame(rows, schema=ARTICLE_SCHEMA)


def _clean(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        [clean_text(pl.col(c)).alias(c) for c in _TEXT_COLUMNS] + [normalize_sections()]
    ).with_columns(
        [pl.when(pl.col(c).str.len_chars() == 0).then(None).otherwise(pl.col(c)).alias(c)
         for c in ("title", "lead")]
    )


def _iso(value: Any) -> str | None:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value is not None else None


def _counts(series: pl.Series) -> dict[str, int]:
    if series.len() == 0:
        return {}
    vc = series.fill_null("(none)").value_counts()
    return {str(k): int(v) for k, v in vc.iter_rows()}


# --------------------------------------------------------------------------- run

def ingest(
    inputs: Sequence[str | Path] | str | Path,
    out: str | Path | None = None,
    *,
    format: str | None = None,
    mapping: Mapping[str, str] | None = None,
    preset: str | None = None,
    year: int | None = None,
    timezone: str | None = None,
    source: str | None = None,
    language: str | None = None,
    strict: bool = False,
    workers: int | None = None,
    progress: bool | None = None,
    max_page_bytes: int = MAX_PAGE_BYTES,
    strip_boilerplate: bool = True,
) -> IngestResult:
    """Parse raw inputs into the canonical corpus and store it.

    Parameters
    ----------
    inputs
        Files, folders (searched recursively) and glob patterns.
    out
        The store folder. Inputs it has already parsed (same path and content)
        are skipped, new articles are merged with the stored ones, and the new
        snapshot replaces the old one atomically. None: parse only, write nothing.
    format
        Force one format for every file (``text``, ``html``, ``csv``, ``tsv``,
        ``json``, ``jsonl``, ``parquet``); by default it is detected per file.
    mapping
        For tables: canonical column → input column, e.g. ``{"title": "headline"}``.
    preset
        For tables: a named column mapping (``newsarticles``, ``tass-scraper``,
        ``tass-headlines``); detected from the columns by default.
    year
        The year of pages whose date is printed without one.
    timezone
        IANA zone of naive dates in tables, e.g. ``Europe/Moscow``. By default a
        preset's own zone (TASS exports: Moscow time), else UTC. Pages carry
        their own ``UTC+3``.
    source, language
        Values for tables that lack them.
    strict
        Raise :class:`IngestError` (and write nothing) if any input is rejected.
    workers
        Processes for parsing pages (default: the number of cores).
    progress
        Show a progress bar on stderr (default: on a terminal, for long runs).
    max_page_bytes
        Pages of this size or more are rejected as ``too-large``.
    strip_boilerplate
        Remove text that recurs across many articles of one source (share bars,
        sign-offs, edition lines), learned over this run's articles by
        :func:`tassanalysis.ingest.clean.strip_source_boilerplate`. Page dumps also
        lose lines repeated across pages (:func:`learn_boilerplate`) either way.

    Returns
    -------
    IngestResult

    Examples
    --------
    >>> result = ingest(["seeds/"], "data/corpus")  # doctest: +SKIP
    >>> print(result.format_summary())  # doctest: +SKIP
    """
    if isinstance(inputs, str | Path):
        inputs = [inputs]
    if format is not None and format not in FORMATS:
        raise IngestError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    files = expand_inputs(inputs)
    store = Path(out) if out is not None else None
    snapshot = current_snapshot(store) if store is not None else None
    manifest_old = load_manifest(store) if snapshot is not None else pl.DataFrame(
        schema=MANIFEST_SCHEMA)
    known = {(r["path"], r["size"], r["mtime_ns"]): r
             for r in manifest_old.iter_rows(named=True)}
    known_digests = {r["path"]: r["digest"] for r in manifest_old.iter_rows(named=True)}

    rejects: list[tuple[str, str, str]] = []
    pages: list[_Page] = []
    tables: list[tuple[Path, str, os.stat_result, str]] = []
    manifest_rows: list[dict[str, Any]] = []
    skipped = 0
    page_inputs = 0

    for path in files:
        key = os.path.abspath(path)
        try:
            st = path.stat()
        except OSError as err:
            rejects.append((str(path), f"unreadable: {err.strerror}", ""))
            page_inputs += 1
            continue
        if (key, st.st_size, st.st_mtime_ns) in known:
            skipped += 1
            continue
        fmt = format or detect_format(path)
        if fmt not in TABLE_FORMATS:
            page_inputs += 1
        entry = {"path": key, "size": st.st_size, "mtime_ns": st.st_mtime_ns,
                 "format": fmt, "digest": None}
        if fmt in TABLE_FORMATS:
            tables.append((path, fmt, st, key))
            manifest_rows.append(entry)
            continue
        if st.st_size >= max_page_bytes:
            try:
                with open(path, "rb") as fh:
                    head = fh.read(65536)
            except OSError as err:
                rejects.append((str(path), f"unreadable: {err.strerror}", ""))
                continue
            rejects.append((str(path), f"too-large: {st.st_size} bytes (limit {max_page_bytes})",
                            _raw_text(head) + f"\n…[truncated: {st.st_size} bytes in all]"))
            manifest_rows.append(entry)
            continue
        try:
            data = path.read_bytes()
        except OSError as err:
            rejects.append((str(path), f"unreadable: {err.strerror}", ""))
            continue
        entry["digest"] = _digest(data)
        manifest_rows.append(entry)
        if known_digests.get(key) == entry["digest"]:
            # touched but unchanged: refresh its mtime in the manifest, parse nothing
            skipped += 1
            page_inputs -= 1
            manifest_rows[-1] = {**entry, "articles": 0, "rejects": 0}
            continue
        if not data.strip():
            rejects.append((str(path), "empty", _raw_text(data)))
            continue
        try:
            text, _encoding = decode_bytes(data)
        except PageError as err:
            rejects.append((str(path), err.reason, _raw_text(data)))
            continue
        pages.append(_Page(path, fmt, text, _read_sidecar(path)))

    show = progress if progress is not None else (sys.stderr.isatty() and len(pages) >= 500)
    bar = None
    if show:
        from tqdm import tqdm  # plain console bar: never a notebook widget
        bar = tqdm(total=len(pages), unit="page", desc="parsing", file=sys.stderr)

    def tick(n: int) -> None:
        if bar is not None and n:
            bar.update(n)

    profile_old = load_summary(store).get("boilerplate_profile", []) if snapshot else []
    text_pages = [p.text for p in pages if p.fmt == "text" and p.text]
    boilerplate = learn_boilerplate(text_pages) if len(text_pages) >= 5 else frozenset()
    boilerplate = boilerplate | frozenset(profile_old)
    parsed = _parse_pages(pages, year=year, boilerplate=boilerplate or None,
                          workers=workers or os.cpu_count() or 1, progress=tick)
    if bar is not None:
        bar.close()
    records = [rec for rec, _ in parsed if rec is not None]
    rejects.extend(rej for _, rej in parsed if rej is not None)

    table_frames: list[pl.DataFrame] = []
    rows_read = page_inputs
    for path, fmt, _st, _key in tables:
        try:
            articles, table_rejects = read_table(path, format=fmt, mapping=mapping, preset=preset,
                                                 source=source, timezone=timezone,
                                                 language=language)
        except (ValueError, TypeError, OSError, pl.exceptions.PolarsError) as err:
            try:
                raw = _raw_text(path.read_bytes()[: MAX_RAW_CHARS + 1])
            except OSError:
                raw = ""
            rejects.append((str(path), f"unreadable-table: {err}".splitlines()[0][:300], raw))
            rows_read += 1
            continue
        rows_read += articles.height + table_rejects.height
        table_frames.append(articles)
        rejects.extend(table_rejects.select(list(REJECT_SCHEMA)).iter_rows())

    # years missing on pages: interpolate from article ids against dated articles of the
    # same corpus (the store, the tables of this run, the other pages)
    if any("_partial" in r for r in records):
        dated = [f.lazy() for f in table_frames]
        if snapshot is not None:
            dated.append(load_corpus(store, lazy=True))
        anchors: list[dict[str, Any]] = []
        if dated:
            anchors = pl.concat([f.select("url", "published_at", "date_source") for f in dated]
                                ).filter(pl.col("url").str.contains(r"/\d+/?$")
                                         & pl.col("published_at").is_not_null()
                                         ).collect().to_dicts()
        for a in anchors:
            a["_anchor"] = True
        resolved = infer_years_from_ids(records + anchors)
        records = [r for r in resolved if not r.pop("_anchor", False)]
    for r in records:
        r.pop("_partial", None)

    frames = [_records_frame(records), *table_frames]
    new_articles = _clean(pl.concat(frames, how="vertical"))
    stripped: dict[str, int] = {}
    if strip_boilerplate:
        # page chrome inside article text (share bars, sign-offs, edition lines), learned
        # per source over this run's articles
        before = new_articles.select("source", "body", "lead")
        new_articles, _profile = strip_source_boilerplate(new_articles)
        changed = before.filter(
            (pl.col("body") != new_articles["body"])
            | (pl.col("lead").fill_null("") != new_articles["lead"].fill_null("")))
        stripped = dict(sorted(Counter(changed["source"].to_list()).items()))
    new_rejects = pl.DataFrame(rejects, schema=REJECT_SCHEMA, orient="row")
    if strict and new_rejects.height:
        reasons = Counter(new_rejects["reason"].to_list())
        raise IngestError(f"{new_rejects.height} inputs rejected under --strict: "
                          + ", ".join(f"{r} ({n})" for r, n in reasons.most_common())
                          + "; nothing was written")

    resolved_name = {str(p): os.path.abspath(p) for p in files}
    old_articles = load_corpus(store) if snapshot is not None else empty_corpus()
    old_rejects = load_rejects(store) if snapshot is not None else empty_rejects()
    if new_rejects.height or new_articles.height:
        # only inputs parsed again in this run replace their old rejects; skipped
        # (unchanged) inputs keep theirs
        reparsed = {str(m["path"]) for m in manifest_rows if m.get("articles") is None}
        reparsed |= {str(p) for p in files if resolved_name[str(p)] in reparsed}
        old_rejects = old_rejects.filter(
            ~pl.col("origin").str.replace(r"(:line \d+|:\d+|#\d+)$", "").is_in(
                pl.Series(sorted(reparsed), dtype=pl.String).implode()))
    combined = pl.concat([old_articles, new_articles], how="vertical")
    corpus, dup_counts = dedupe(combined)
    all_rejects = pl.concat([old_rejects, new_rejects], how="vertical")


    def per_file(origins: pl.Series) -> Counter:
        stripped = origins.str.replace(r"(:line \d+|:\d+|#\d+)$", "").to_list()
        return Counter(resolved_name.get(o, o) for o in stripped)

    made, refused = per_file(new_articles["origin"]), per_file(new_rejects["origin"])
    manifest_new = pl.DataFrame(
        [{**m, "digest": m.get("digest") or "",
          "articles": m.get("articles", made.get(m["path"], 0)),
          "rejects": m.get("rejects", refused.get(m["path"], 0))} for m in manifest_rows],
        schema=MANIFEST_SCHEMA)
    manifest = pl.concat([manifest_old.filter(~pl.col("path").is_in(
        manifest_new["path"].implode())), manifest_new], how="vertical")

    summary = {
        "files": len(files),
        "skipped_unchanged": skipped,
        "records_read": rows_read,
        "accepted": new_articles.height,
        "rejected_total": new_rejects.height,
        "rejected": dict(Counter(r.split(":")[0] for r in new_rejects["reason"].to_list())),
        "duplicates": dup_counts,
        "boilerplate_removed": stripped,
        "corpus": {
            "articles": corpus.height,
            "rejects": all_rejects.height,
            "start": _iso(corpus["published_at"].min()),
            "end": _iso(corpus["published_at"].max()),
            "undated": corpus["published_at"].null_count(),
            "sources": _counts(corpus["source"]),
            "languages": _counts(corpus["language"]),
            "date_sources": _counts(corpus["date_source"].str.replace(r":.*$", "")),
            "sections": _counts(corpus["section"]),
        },
        "boilerplate_profile": sorted(boilerplate),
    }
    path_written = None
    if store is not None and (snapshot is None or new_articles.height or new_rejects.height
                              or manifest_new.height):
        path_written = write_corpus(corpus, store, rejects=all_rejects, summary=summary,
                                    manifest=manifest)
    return IngestResult(corpus, all_rejects, summary, path_written, new_rejects)
