"""Turn files, folders and globs of raw inputs into one clean corpus store.

:func:`ingest` runs the stages in order, each in its own module:

1. :mod:`.scan` — expand the inputs, skip what the store's manifest already
   holds, read and decode pages, list tables;
2. :mod:`.pages` — parse page dumps (:mod:`.tass_text`) and saved HTML
   (:mod:`.html`), with the page chrome learned over the run;
3. :mod:`.tabular` — read CSV / JSON / JSONL / Parquet tables;
4. :mod:`.years` — give year-less pages a year from article ids (dates
   themselves are read by :mod:`.dates` inside each parser);
5. :mod:`.clean` — repair text, name sections;
6. :mod:`.boilerplate` — remove text each source repeats across its articles;
7. :mod:`.duplicates` — merge the new articles with the stored ones and merge
   duplicates;
8. :mod:`.summary` and :mod:`tassanalysis.store` — summarise the run and write
   the snapshot atomically.

Every input either becomes an article or a row of the rejects table with the
reason and the raw content; nothing is dropped silently.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from tassanalysis.ingest.boilerplate import (
    _SITE_CHROME,
    remove_site_chrome,
    strip_boilerplate_counted,
)
from tassanalysis.ingest.clean import clean_articles
from tassanalysis.ingest.dates import EARLIEST_YEAR, latest_year, to_utc
from tassanalysis.ingest.duplicates import dedupe_recorded
from tassanalysis.ingest.pages import (
    PAGE_TIMEOUT,
    _alarms,
    _PageTimeout,
    page_boilerplate,
    parse_pages,
    records_frame,
)
from tassanalysis.ingest.scan import (
    FORMATS,
    MAX_FIELD_BYTES,
    MAX_PAGE_BYTES,
    MAX_RAW_CHARS,
    MAX_TABLE_BYTES,
    RECORD_SUFFIX,
    IngestError,
    InputTooLarge,
    detect_format,
    expand_inputs,
    gzip_error,
    input_file,
    is_gzip,
    open_input,
    origin_of,
    raw_text,
    resolved,
    scan_inputs,
    unpack_to,
    update_manifest,
)
from tassanalysis.ingest.summary import format_summary, summarise
from tassanalysis.ingest.table_files import EmptyTable, TableTooLarge, check_table_size
from tassanalysis.ingest.tabular import MAPPABLE, PRESETS, ColumnMappingError, read_table
from tassanalysis.ingest.years import infer_years_from_ids
from tassanalysis.schema import REJECT_SCHEMA, empty_corpus, empty_duplicates, empty_rejects
from tassanalysis.store import (
    MANIFEST_SCHEMA,
    check_store_folder,
    current_snapshot,
    load_corpus,
    load_duplicates,
    load_manifest,
    load_rejects,
    load_summary,
    lock_store,
    raise_if_damaged,
    write_corpus,
)

__all__ = ["IngestError", "IngestResult", "detect_format", "expand_inputs", "format_summary",
           "ingest"]

Reject = tuple[str, str, str]


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
    new_rejects
        The rejects of this run only.
    """

    articles: pl.DataFrame
    rejects: pl.DataFrame
    summary: dict[str, Any]
    path: Path | None = None
    new_rejects: pl.DataFrame = field(default_factory=empty_rejects)

    def format_summary(self) -> str:
        """Return the run summary as readable lines (:func:`format_summary`)."""
        return format_summary(self.summary)


# --------------------------------------------------------------------------- stages

def _read_one_table(path: Path, fmt: str, *, max_table_bytes: int, max_field_bytes: int,
                    **options: Any) -> tuple[pl.DataFrame, pl.DataFrame]:
    """:func:`read_table` on a table checked for size first; a gzip table is unpacked
    (in blocks, up to the limit) into a temporary file; origins name the input."""
    origin = origin_of(path)
    fmt = detect_format(path) if fmt is None else fmt
    if not is_gzip(path):
        check_table_size(path, fmt, max_bytes=max_table_bytes, max_record_bytes=max_field_bytes)
        return read_table(path, format=fmt, origin=origin, **options)
    with tempfile.TemporaryDirectory() as tmp:
        inner = Path(tmp) / (path.stem if path.suffix.lower() == ".gz" else path.name)
        unpack_to(path, inner, max_table_bytes)
        check_table_size(inner, fmt, max_bytes=max_table_bytes,
                         max_record_bytes=max_field_bytes)
        return read_table(inner, format=fmt, origin=origin, **options)


def _raw_start(path: Path) -> str:
    """The start of a rejected table for the rejects table (unpacked; nothing on failure)."""
    try:
        with open_input(path) as fh:
            return raw_text(fh.read(MAX_RAW_CHARS + 1), size=path.stat().st_size)
    except Exception:  # noqa: BLE001 - a damaged input keeps no raw content
        return ""


def _read_tables(tables: list[tuple[Path, str]], *, max_table_bytes: int = MAX_TABLE_BYTES,
                 max_field_bytes: int = MAX_FIELD_BYTES, **options: Any
                 ) -> tuple[list[pl.DataFrame], list[Reject], int]:
    """Read every table; a table that cannot be read at all is one reject.

    A table over ``max_table_bytes`` (unpacked) or holding a record over
    ``max_field_bytes`` is a ``too-large`` reject, found before it is read; one
    without records is ``empty``.
    """
    frames: list[pl.DataFrame] = []
    rejects: list[Reject] = []
    rows_read = 0
    for path, fmt in tables:
        try:
            articles, table_rejects = _read_one_table(
                path, fmt, max_table_bytes=max_table_bytes, max_field_bytes=max_field_bytes,
                **options)
        except ColumnMappingError as err:
            raise IngestError(f"{err}; nothing was written") from None
        except BaseException as err:  # noqa: BLE001 - one table never stops the run
            if isinstance(err, KeyboardInterrupt | SystemExit):
                raise
            if isinstance(err, EmptyTable):
                why = "empty: the table holds no records"
            elif isinstance(err, TableTooLarge | InputTooLarge):
                why = str(err)
            elif (bad := gzip_error(err)) is not None:
                why = bad
            else:
                why = str(err) if isinstance(err, ValueError) else f"{type(err).__name__}: {err}"
                why = f"unreadable-table: {why}"
            rejects.append((origin_of(path), why.splitlines()[0][:300], _raw_start(path)))
            rows_read += 1
            continue
        rows_read += articles.height + table_rejects.height
        frames.append(articles)
        rejects.extend((origin, reason, raw_text(raw)) for origin, reason, raw in
                       table_rejects.select(list(REJECT_SCHEMA)).iter_rows())
    return frames, rejects, rows_read


def _resolve_years(records: list[dict[str, Any]], tables: list[pl.DataFrame],
                   store: Path | None) -> list[dict[str, Any]]:
    """Years missing on pages, interpolated from article ids against dated articles of
    the same corpus (the store, the tables of this run, the other pages)."""
    if any("_partial" in r for r in records):
        dated = [f.lazy() for f in tables]
        if store is not None:
            dated.append(load_corpus(store, lazy=True))
        anchors: list[dict[str, Any]] = []
        if dated:
            try:
                anchors = pl.concat([f.select("url", "published_at", "date_source")
                                     for f in dated]
                                    ).filter(pl.col("url").str.contains(r"/\d+/?$")
                                             & pl.col("published_at").is_not_null()
                                             ).collect().to_dicts()
            except (pl.exceptions.PolarsError, OSError) as err:
                if store is None:
                    raise
                raise_if_damaged(store, err)
        for a in anchors:
            a["_anchor"] = True
        resolved = infer_years_from_ids(records + anchors)
        records = [r for r in resolved if not r.pop("_anchor", False)]
    for r in records:
        r.pop("_partial", None)
    return records


def _chrome_over_budget(articles: pl.DataFrame, timeout: float | None
                        ) -> tuple[pl.DataFrame, list[Reject]]:
    """Records whose site-chrome pass (a Python pass per text) overruns the record budget
    become ``parser-timeout`` rejects, like a page whose parse does; the rest stay.

    The pass itself is linear in the text; this bounds what a record of many megabytes
    of link labels may cost. Only texts holding known site chrome are timed.
    """
    if not timeout or articles.height == 0:
        return articles, []
    texts = pl.concat_str([pl.col("lead").fill_null(""), pl.col("body").fill_null("")],
                          separator="\n\n")
    flagged = articles.select(texts.str.contains(_SITE_CHROME).fill_null(False)
                              .arg_true().alias("i"))["i"].to_list()
    over: list[int] = []
    with _alarms(bool(flagged)) as armed:
        if not armed:
            return articles, []
        for i in flagged:
            row = articles.row(i, named=True)
            started = time.perf_counter()
            try:
                signal.setitimer(signal.ITIMER_REAL, timeout)
                try:
                    for column in ("body", "lead"):
                        if row[column]:
                            remove_site_chrome(row[column])
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                if time.perf_counter() - started > timeout:
                    raise _PageTimeout
            except _PageTimeout:
                over.append(i)
    if not over:
        return articles, []
    rejects = [(articles["origin"][i], f"parser-timeout: over {timeout:g} s (site chrome)",
                raw_text(articles["body"][i] or "")) for i in over]
    keep = pl.Series(sorted(set(range(articles.height)) - set(over)), dtype=pl.UInt32)
    return articles[keep], rejects


def _merge_with_store(new_articles: pl.DataFrame, new_rejects: pl.DataFrame,
                      store: Path | None, reparsed: set[str]
                      ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, dict[str, int]]:
    """The corpus, rejects and duplicates after the run: stored rows plus new ones.

    An input read again in this run (changed, parsed under other options, or
    forced) replaces its old articles, rejects and duplicate records; skipped
    (unchanged) inputs keep theirs. A stored duplicate whose article is folded in
    this run now points at the article kept.
    """
    old_articles = load_corpus(store) if store is not None else empty_corpus()
    old_rejects = load_rejects(store) if store is not None else empty_rejects()
    old_dups = load_duplicates(store) if store is not None else empty_duplicates()
    again = pl.Series(sorted(reparsed), dtype=pl.String).implode()
    old_rejects = old_rejects.filter(
        ~pl.col("origin").str.replace(RECORD_SUFFIX, "").is_in(again))
    old_articles = old_articles.filter(
        ~pl.col("origin").str.replace(RECORD_SUFFIX, "").is_in(again))
    old_dups = old_dups.filter(~pl.col("origin").str.replace(RECORD_SUFFIX, "").is_in(again))
    corpus, dup_counts, folded = dedupe_recorded(
        pl.concat([old_articles, new_articles], how="vertical"))
    if old_dups.height and folded.height:
        moved = folded.select(pl.col("doc_id").alias("kept_doc_id"),
                              pl.col("kept_doc_id").alias("_new"),
                              pl.col("kept_origin").alias("_new_origin"))
        old_dups = (old_dups.join(moved, on="kept_doc_id", how="left", maintain_order="left")
                    .with_columns(pl.coalesce("_new", "kept_doc_id").alias("kept_doc_id"),
                                  pl.coalesce("_new_origin", "kept_origin").alias("kept_origin"))
                    .drop("_new", "_new_origin"))
    duplicates = pl.concat([old_dups, folded], how="vertical")
    return corpus, pl.concat([old_rejects, new_rejects], how="vertical"), duplicates, dup_counts


def _check_options(*, format: str | None, mapping: Mapping[str, str] | None,  # noqa: A002
                   preset: str | None, timezone: str | None, year: int | None,
                   language: str | None, workers: int | None,
                   page_timeout: float | None) -> None:
    """Refuse option values that cannot be right, naming the valid ones (a usage error)."""
    if format is not None and format not in FORMATS:
        raise IngestError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    if preset is not None and preset not in PRESETS:
        raise IngestError(f"unknown preset {preset!r}; choose one of {', '.join(PRESETS)}")
    for canonical in mapping or {}:
        if canonical not in MAPPABLE:
            raise IngestError(f"cannot map {canonical!r}; mappable columns are "
                              f"{', '.join(MAPPABLE)}")
    if timezone is not None:
        try:
            to_utc("2000-01-01", timezone=timezone)
        except ValueError as err:
            raise IngestError(f"{err}; give an IANA zone such as Europe/Moscow, or UTC, "
                              "UTC+3") from None
    if year is not None and not EARLIEST_YEAR <= year <= latest_year():
        raise IngestError(f"year {year} is out of range; give one from {EARLIEST_YEAR} to "
                          f"{latest_year()}")
    if language is not None and language not in ("en", "ru"):
        raise IngestError(f"unknown language {language!r}; choose en or ru")
    if workers is not None and workers < 1:
        raise IngestError(f"workers must be 1 or more, got {workers}")
    if page_timeout is not None and page_timeout < 0:
        raise IngestError(f"the page time budget must be positive, got {page_timeout}")


# --------------------------------------------------------------------------- run

def ingest(
    inputs: Sequence[str | Path] | str | Path,
    out: str | Path | None = None,
    *,
    format: str | None = None,  # noqa: A002 - the CLI's name
    mapping: Mapping[str, str] | None = None,
    preset: str | None = None,
    year: int | None = None,
    timezone: str | None = None,
    date_format: str | None = None,
    require_date: bool = False,
    source: str | None = None,
    language: str | None = None,
    strict: bool = False,
    workers: int | None = None,
    progress: bool | None = None,
    max_page_bytes: int = MAX_PAGE_BYTES,
    max_table_bytes: int = MAX_TABLE_BYTES,
    max_field_bytes: int = MAX_FIELD_BYTES,
    strip_boilerplate: bool = True,
    force: bool = False,
    wait: bool = True,
    page_timeout: float | None = PAGE_TIMEOUT,
) -> IngestResult:
    """Parse raw inputs into the canonical corpus and store it.

    Parameters
    ----------
    inputs
        Files, folders (searched recursively) and glob patterns.
    out
        The store folder: a new or empty folder, or a store. Inputs it has
        already parsed (same file and content, same parsing options) are
        skipped, new articles are merged with the stored ones, and the new
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
    date_format
        For tables: a ``strftime`` pattern for dates in a form not read by default.
    require_date
        For tables: reject a row without a date value (``no-date``). By default it
        is kept with ``date_source`` ``none``, as a page without a date is.
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
    max_table_bytes, max_field_bytes
        A table over ``max_table_bytes`` (unpacked, for gzip), or holding one
        record (a CSV record, a JSON line or string) over ``max_field_bytes``, is
        rejected as ``too-large`` before it is read: memory stays bounded
        whatever the input.
    strip_boilerplate
        Remove text that recurs across many articles of one source (share bars,
        sign-offs, edition lines), learned over this run's articles by
        :func:`tassanalysis.ingest.boilerplate.strip_source_boilerplate`. Page
        dumps also lose lines repeated across pages
        (:func:`~tassanalysis.ingest.tass_text.learn_boilerplate`) either way.
    force
        Parse every input again, even those the store has already parsed.
    wait
        When another process is writing the store, wait for it (saying so on
        stderr); False raises :class:`~tassanalysis.store.StoreBusyError`.
    page_timeout
        Seconds one page may take to parse; a slower page becomes a
        ``parser-timeout`` reject. None: no limit.

    Returns
    -------
    IngestResult

    Raises
    ------
    IngestError
        Invalid option values (the message names the valid ones), inputs that
        do not exist, a column mapping a table cannot meet, or rejects under
        ``strict``; nothing is written.
    tassanalysis.store.StoreError
        ``out`` is not usable (:class:`~tassanalysis.store.StoreUsageError`),
        busy, damaged, or cannot be written; nothing is written.

    Examples
    --------
    >>> result = ingest(["seeds/"], None, progress=False)
    >>> result.articles.select("source", "dateline").row(0)
    ('tass.com', 'MOSCOW')
    """
    if isinstance(inputs, str | Path):
        inputs = [inputs]
    _check_options(format=format, mapping=mapping, preset=preset, timezone=timezone, year=year,
                   language=language, workers=workers, page_timeout=page_timeout)
    files = expand_inputs(inputs, exclude=[out] if out is not None else [])
    store = Path(out) if out is not None else None
    if store is None:
        guard: contextlib.AbstractContextManager = contextlib.nullcontext()
    else:
        check_store_folder(store, create=True)
        guard = lock_store(store, wait=wait,
                           on_wait=lambda message: print(message, file=sys.stderr, flush=True))
    options = {"mapping": dict(mapping or {}), "preset": preset, "year": year,
               "timezone": timezone, "date_format": date_format,
               "require_date": require_date or None, "source": source,
               "language": language,
               "strip_boilerplate": strip_boilerplate}
    limits = {"max_page_bytes": max_page_bytes, "max_table_bytes": max_table_bytes,
              "max_field_bytes": max_field_bytes}
    with guard:  # the store's current snapshot is read, merged and replaced under the lock
        return _run(files, store, options, format=format, strict=strict, workers=workers,
                    progress=progress, limits=limits, force=force, page_timeout=page_timeout)


def _run(files: list[Path], store: Path | None, options: dict[str, Any], *,
         format: str | None, strict: bool, workers: int | None,  # noqa: A002
         progress: bool | None, limits: dict[str, int], force: bool,
         page_timeout: float | None) -> IngestResult:
    snapshot = current_snapshot(store) if store is not None else None
    stored = store if snapshot is not None else None
    manifest_old = load_manifest(store) if stored else pl.DataFrame(schema=MANIFEST_SCHEMA)

    # 1. scan and manifest
    scan = scan_inputs(files, manifest_old, format=format, options=options, force=force,
                       max_page_bytes=limits["max_page_bytes"])
    # 2. parse pages, with the chrome learned over this run and earlier ones
    boilerplate = page_boilerplate(
        scan.pages, load_summary(store).get("boilerplate_profile", []) if stored else [])
    records, page_rejects = parse_pages(scan.pages, year=options["year"],
                                        boilerplate=boilerplate or None,
                                        workers=workers or os.cpu_count() or 1,
                                        progress=progress, timeout=page_timeout)
    # 3. read tables
    tables, table_rejects, table_rows = _read_tables(
        scan.tables, mapping=options["mapping"] or None, preset=options["preset"],
        source=options["source"], timezone=options["timezone"], language=options["language"],
        date_format=options["date_format"], require_date=bool(options["require_date"]),
        max_table_bytes=limits["max_table_bytes"], max_field_bytes=limits["max_field_bytes"])
    # 4. resolve dates the pages leave open
    records = _resolve_years(records, tables, stored)
    # 5. clean, 6. boilerplate
    new_articles = clean_articles(pl.concat([records_frame(records), *tables], how="vertical"))
    stripped: dict[str, dict[str, int]] = {}
    slow_rejects: list[Reject] = []
    if options["strip_boilerplate"]:
        new_articles, slow_rejects = _chrome_over_budget(new_articles, page_timeout)
        new_articles, stripped = strip_boilerplate_counted(new_articles)
    new_rejects = pl.DataFrame(scan.rejects + page_rejects + table_rejects + slow_rejects,
                               schema=REJECT_SCHEMA, orient="row")
    if strict and new_rejects.height:
        reasons = Counter(new_rejects["reason"].to_list())
        raise IngestError(f"{new_rejects.height} inputs rejected under --strict: "
                          + ", ".join(f"{r} ({n})" for r, n in reasons.most_common())
                          + "; nothing was written")

    # 7. merge with the store, duplicates merged; inputs read again replace their old rows
    # origins and manifest paths are written by origin_of: compared as written
    resolved_name = {origin_of(p): origin_of(resolved(p)) for p in files}
    read_again = {str(m["path"]) for m in scan.manifest_rows if m.get("articles") is None}
    read_again |= {input_file(origin) for origin, _, _ in scan.rejects}
    reparsed = read_again | {o for o, real in resolved_name.items() if real in read_again}
    corpus, all_rejects, duplicates, dup_counts = _merge_with_store(
        new_articles, new_rejects, stored, reparsed)

    # 8. summarise and write
    def per_file(origins: pl.Series) -> Counter:
        names = origins.str.replace(RECORD_SUFFIX, "").to_list()
        return Counter(resolved_name.get(o, o) for o in names)

    manifest = update_manifest(manifest_old, scan.manifest_rows,
                               per_file(new_articles["origin"]), per_file(new_rejects["origin"]))
    summary = summarise(files=len(files), skipped=scan.skipped,
                        records_read=scan.page_inputs + table_rows, new_articles=new_articles,
                        new_rejects=new_rejects, corpus=corpus, all_rejects=all_rejects,
                        duplicates=dup_counts, boilerplate_removed=stripped,
                        boilerplate_profile=boilerplate, all_duplicates=duplicates)
    path_written = None
    changed = any(not m.get("refreshed") for m in scan.manifest_rows)
    if store is not None and (snapshot is None or new_articles.height or new_rejects.height
                              or changed):  # a touch alone is no change
        path_written = write_corpus(corpus, store, rejects=all_rejects, summary=summary,
                                    manifest=manifest, duplicates=duplicates)
    return IngestResult(corpus, all_rejects, summary, path_written, new_rejects)
