"""The Parquet corpus store: atomic writes, versioned snapshots, lazy scans.

A store is a folder::

    data/corpus/
      CURRENT                      name of the live snapshot, replaced atomically
      v-20261127T101500-3f2a/      one complete snapshot
        articles/year=2017/month=12/part-0.parquet
        articles/year=unknown/month=unknown/part-0.parquet   (no known date)
        rejects.parquet            origin, reason, raw
        duplicates.parquet         input records folded into another article
        manifest.parquet           inputs already parsed (path, size, mtime_ns, digest)
        summary.json               what the last ingest run did

A write builds a new snapshot in a hidden temporary folder, renames it into
place and only then points ``CURRENT`` at it (``os.replace``), so a run killed
at any moment leaves the previous corpus readable and whole. Older snapshots are
removed after the switch.

A folder without ``CURRENT`` holding Parquet files (for instance one written by
another tool) is read as a plain dataset of canonical rows.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import polars as pl

from tassanalysis.schema import (
    ARTICLE_SCHEMA,
    DUPLICATE_SCHEMA,
    REJECT_SCHEMA,
    empty_corpus,
    empty_duplicates,
    empty_rejects,
    validate,
)

__all__ = [
    "MANIFEST_SCHEMA",
    "StoreError",
    "current_snapshot",
    "load_corpus",
    "load_duplicates",
    "load_manifest",
    "load_rejects",
    "load_summary",
    "locate_store",
    "write_corpus",
]

MANIFEST_SCHEMA: dict[str, pl.DataType] = {
    "path": pl.String(),
    "size": pl.Int64(),
    "mtime_ns": pl.Int64(),
    "digest": pl.String(),
    "format": pl.String(),
    "articles": pl.Int64(),
    "rejects": pl.Int64(),
}

_CURRENT = "CURRENT"
_ROW_GROUP = 50_000


class StoreError(RuntimeError):
    """The corpus folder is missing or not a corpus store."""


def locate_store(path: str | Path) -> Path:
    """Resolve a relative store path the way a notebook user means it.

    A relative path that does not exist from the working folder is looked up from
    its parent folders, up to the project root (the first folder holding a
    ``pyproject.toml`` or ``.git``): a notebook opened in ``notebooks/`` finds
    ``data/corpus`` of its project. Anything else is returned unchanged.

    Examples
    --------
    >>> locate_store("/no/such/store")
    PosixPath('/no/such/store')
    """
    p = Path(path)
    if p.is_absolute() or p.exists():
        return p
    for parent in Path.cwd().parents:
        if (parent / p).exists():
            return parent / p
        if (parent / "pyproject.toml").exists() or (parent / ".git").exists():
            break
    return p


def current_snapshot(path: str | Path) -> Path | None:
    """Return the folder of the live snapshot of store ``path`` (None if none).

    Examples
    --------
    >>> current_snapshot("no/such/store") is None
    True
    """
    root = locate_store(path)
    pointer = root / _CURRENT
    if not pointer.is_file():
        return None
    name = pointer.read_text(encoding="utf-8").strip()
    snap = root / name
    if not name or not snap.is_dir():
        raise StoreError(f"{pointer} names snapshot {name!r}, which is missing")
    return snap


def _partition_frames(articles: pl.DataFrame) -> Iterable[tuple[str, str, pl.DataFrame]]:
    keyed = articles.with_columns(
        pl.col("published_at").dt.year().cast(pl.String).fill_null("unknown").alias("_y"),
        pl.col("published_at").dt.month().cast(pl.String).str.zfill(2)
        .fill_null("unknown").alias("_m"),
    )
    for (year, month), part in keyed.partition_by(["_y", "_m"], as_dict=True,
                                                  maintain_order=True).items():
        yield str(year), str(month), part.drop("_y", "_m")


def write_corpus(
    articles: pl.DataFrame,
    out: str | Path,
    *,
    rejects: pl.DataFrame | None = None,
    summary: dict[str, Any] | None = None,
    manifest: pl.DataFrame | None = None,
    keep: int = 1,
    duplicates: pl.DataFrame | None = None,
) -> Path:
    """Write a corpus snapshot atomically and make it the live one.

    Parameters
    ----------
    articles
        Canonical article frame (checked with :func:`tassanalysis.schema.validate`).
    out
        The store folder; created if missing.
    rejects
        ``origin, reason, raw`` rows of inputs that did not become articles.
    summary
        JSON-serializable account of the run that produced the snapshot.
    manifest
        Inputs already parsed (see :data:`MANIFEST_SCHEMA`), so a later run can
        skip them.
    duplicates
        Input records folded into another article
        (:data:`tassanalysis.schema.DUPLICATE_SCHEMA`).
    keep
        How many snapshots to keep, the new one included.

    Returns
    -------
    Path
        The folder of the new snapshot.

    Examples
    --------
    >>> import tempfile
    >>> from tassanalysis.schema import empty_corpus
    >>> snap = write_corpus(empty_corpus(), tempfile.mkdtemp())
    >>> load_corpus(snap.parent).height
    0
    """
    articles = validate(articles)
    rejects = empty_rejects() if rejects is None else rejects.select(
        [pl.col(c).cast(t) for c, t in REJECT_SCHEMA.items()])
    manifest = pl.DataFrame(schema=MANIFEST_SCHEMA) if manifest is None else manifest.select(
        [pl.col(c).cast(t) for c, t in MANIFEST_SCHEMA.items()])
    duplicates = empty_duplicates() if duplicates is None else duplicates.select(
        [pl.col(c).cast(t) for c, t in DUPLICATE_SCHEMA.items()])
    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    name = f"v-{stamp}-{uuid.uuid4().hex[:6]}"
    tmp = root / f".tmp-{name}"
    try:
        (tmp / "articles").mkdir(parents=True)
        ordered = articles.sort(["published_at", "doc_id"], nulls_last=True)
        for year, month, part in _partition_frames(ordered):
            folder = tmp / "articles" / f"year={year}" / f"month={month}"
            folder.mkdir(parents=True, exist_ok=True)
            part.write_parquet(folder / "part-0.parquet", row_group_size=_ROW_GROUP,
                               statistics=True)
        if ordered.height == 0:
            folder = tmp / "articles" / "year=unknown" / "month=unknown"
            folder.mkdir(parents=True, exist_ok=True)
            empty_corpus().write_parquet(folder / "part-0.parquet")
        rejects.write_parquet(tmp / "rejects.parquet")
        duplicates.write_parquet(tmp / "duplicates.parquet")
        manifest.write_parquet(tmp / "manifest.parquet")
        (tmp / "summary.json").write_text(
            json.dumps(summary or {}, indent=2, ensure_ascii=False, default=str),
            encoding="utf-8")
        _fsync_tree(tmp)
        final = root / name
        os.rename(tmp, final)
        pointer_tmp = root / f".{_CURRENT}.{uuid.uuid4().hex[:6]}"
        pointer_tmp.write_text(name + "\n", encoding="utf-8")
        with open(pointer_tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(pointer_tmp, root / _CURRENT)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _prune(root, keep=max(1, keep), live=name)
    return final


def _fsync_tree(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            with open(path, "rb") as fh:
                os.fsync(fh.fileno())


def _prune(root: Path, *, keep: int, live: str) -> None:
    snaps = sorted((p for p in root.iterdir() if p.is_dir() and p.name.startswith("v-")),
                   key=lambda p: p.name)
    old = [p for p in snaps if p.name != live][: max(0, len(snaps) - keep)]
    stale = [p for p in root.iterdir() if p.name.startswith((".tmp-", f".{_CURRENT}."))]
    for path in old + stale:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _as_utc(value: str | date | datetime, *, end: bool) -> datetime:
    if isinstance(value, str):
        text = value.strip()
        value = datetime.fromisoformat(text) if ("T" in text or ":" in text) \
            else date.fromisoformat(text)
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None \
            else value.astimezone(UTC)
    start_of_day = datetime.combine(value, time(0), tzinfo=UTC)
    return start_of_day + timedelta(days=1) if end else start_of_day


def _scan_articles(path: Path) -> pl.LazyFrame:
    snap = current_snapshot(path)
    if snap is not None:
        files = sorted((snap / "articles").rglob("*.parquet"))
    elif path.is_file() and path.suffix == ".parquet":
        files = [path]
    elif path.is_dir():
        files = sorted(p for p in path.rglob("*.parquet")
                       if not any(part.startswith(".") for part in p.relative_to(path).parts))
    else:
        raise StoreError(f"no corpus at {path}: run `tass ingest … --out {path}` first")
    if not files:
        raise StoreError(f"no corpus at {path}: the folder holds no Parquet files")
    scan = pl.scan_parquet(files, hive_partitioning=False, schema=ARTICLE_SCHEMA,
                           missing_columns="insert")
    if any(c not in pl.read_parquet_schema(f) for f in files for c in _ADDED_COLUMNS):
        # a store written before a column existed reads it as its default
        scan = scan.with_columns(
            pl.col("truncated").fill_null(False),
            pl.col("boilerplate").fill_null(pl.lit([], dtype=ARTICLE_SCHEMA["boilerplate"])))
    return scan


#: Columns added to the schema after stores were first written.
_ADDED_COLUMNS = ("date_precision", "truncated", "boilerplate")


def load_corpus(
    path: str | Path,
    *,
    lazy: bool = False,
    start: str | date | datetime | None = None,
    end: str | date | datetime | None = None,
    sources: Sequence[str] | str | None = None,
    sections: Sequence[str] | str | None = None,
) -> pl.DataFrame | pl.LazyFrame:
    """Load the canonical article frame of a corpus store.

    Filters are pushed down to the Parquet scan.

    Parameters
    ----------
    path
        Store folder written by ``tass ingest`` / :func:`write_corpus` (or any
        folder of canonical Parquet files).
    lazy
        Return a :class:`polars.LazyFrame` instead of collecting.
    start, end
        Keep articles published in ``[start, end]``; a date (or ``"2017-01-31"``)
        as ``end`` includes that whole day. Articles without a known date are
        dropped when either bound is given.
    sources, sections
        Keep only these values of ``source`` / ``section``.

    Returns
    -------
    polars.DataFrame or polars.LazyFrame
        The canonical schema (see :mod:`tassanalysis.schema`).

    Examples
    --------
    >>> corpus = load_corpus("data/corpus", start="2017-01-01",
    ...                      sources=["tass.com"])  # doctest: +SKIP
    """
    scan = _scan_articles(locate_store(path))
    if start is not None:
        scan = scan.filter(pl.col("published_at") >= _as_utc(start, end=False))
    if end is not None:
        bound = _as_utc(end, end=True)
        inclusive = isinstance(end, datetime) or (isinstance(end, str) and ":" in end)
        scan = scan.filter(pl.col("published_at") <= bound if inclusive
                           else pl.col("published_at") < bound)
    if sources is not None:
        values = [sources] if isinstance(sources, str) else list(sources)
        scan = scan.filter(pl.col("source").is_in(pl.Series(values, dtype=pl.String).implode()))
    if sections is not None:
        values = [sections] if isinstance(sections, str) else list(sections)
        scan = scan.filter(pl.col("section").is_in(pl.Series(values, dtype=pl.String).implode()))
    return scan if lazy else scan.collect()


def load_rejects(path: str | Path) -> pl.DataFrame:
    """Return the rejects table of a store: ``origin, reason, raw``.

    Examples
    --------
    >>> load_rejects("data/corpus").columns  # doctest: +SKIP
    ['origin', 'reason', 'raw']
    """
    snap = current_snapshot(path)
    if snap is None or not (snap / "rejects.parquet").is_file():
        return empty_rejects()
    return pl.read_parquet(snap / "rejects.parquet")


def load_duplicates(path: str | Path) -> pl.DataFrame:
    """Return the duplicates table of a store: one row per input record folded away.

    Columns (:data:`tassanalysis.schema.DUPLICATE_SCHEMA`): ``origin`` and
    ``doc_id`` of the folded record, ``kept_doc_id`` and ``kept_origin`` of the
    article it was folded into, ``kind`` (``exact`` or ``near``), ``similarity``,
    ``differs`` (fields that were not the same), its ``title`` and
    ``published_at``. Articles + rejects + duplicates account for every record
    an ingest read.

    Examples
    --------
    >>> load_duplicates("data/corpus").columns[:3]  # doctest: +SKIP
    ['origin', 'doc_id', 'kept_doc_id']
    """
    snap = current_snapshot(path)
    if snap is None or not (snap / "duplicates.parquet").is_file():
        return empty_duplicates()
    return pl.read_parquet(snap / "duplicates.parquet")


def load_manifest(path: str | Path) -> pl.DataFrame:
    """Return the inputs a store has already parsed (see :data:`MANIFEST_SCHEMA`)."""
    snap = current_snapshot(path)
    if snap is None or not (snap / "manifest.parquet").is_file():
        return pl.DataFrame(schema=MANIFEST_SCHEMA)
    return pl.read_parquet(snap / "manifest.parquet")


def load_summary(path: str | Path) -> dict[str, Any]:
    """Return the account of the last ingest run into a store (empty if none).

    Examples
    --------
    >>> load_summary("no/such/store")
    {}
    """
    snap = current_snapshot(path)
    if snap is None or not (snap / "summary.json").is_file():
        return {}
    return json.loads((snap / "summary.json").read_text(encoding="utf-8"))
