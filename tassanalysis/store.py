"""The Parquet corpus store: atomic writes, versioned snapshots, lazy scans.

A store is a folder::

    data/corpus/
      CURRENT                      name of the live snapshot, replaced atomically
      v-20261127T101500-3f2a/      one complete snapshot
        articles/year=2017/month=12/part-0.parquet
        articles/year=unknown/month=unknown/part-0.parquet   (no known date)
        rejects.parquet            origin, reason, raw
        duplicates.parquet         input records folded into another article
        manifest.parquet           inputs already parsed (path, size, mtime_ns, digest,
                                   the parsing options)
        summary.json               what the last ingest run did

      .tassanalysis-store          marks the folder as a store (written at creation)
      .lock                        the writers' lock

A write builds a new snapshot in a hidden temporary folder, renames it into
place and only then points ``CURRENT`` at it (``os.replace``), so a run killed
at any moment leaves the previous corpus readable and whole.

Writers take an exclusive OS lock on ``.lock`` (:func:`lock_store`; ``fcntl.flock``,
released by the kernel when a writer dies) and hold it from reading the current
snapshot to switching ``CURRENT``, so two writers never lose each other's rows.
Only the writing process holds it: the file is opened ``O_CLOEXEC``, a process
forked meanwhile closes its copy, and the file names its writer, so a lock kept
by a dead writer's leftover processes is recognised as stale and taken over.
Readers take no lock and never wait: a snapshot stays on disk while it is live
and while it is the previous one, and older ones only once they were replaced
more than ``keep_for`` seconds ago, so a reader that resolved ``CURRENT`` just
before a switch still finds its files. Pruning removes only what the store made
(``v-<time>-<id>`` snapshots, ``.tmp-v-…`` folders of writers that died), and a
folder that is neither empty nor a store is never written into.

A folder without ``CURRENT`` holding Parquet files (for instance one written by
another tool) is read as a plain dataset of canonical rows.

The module is longer than most (~910 lines) on purpose: the layout, the writers'
protocol (marker, lock, snapshot, switch, prune) and the readers that rely on it
are one contract, easier to check in one place.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import shutil
import threading
import time as _time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
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
    "STORE_MARKER",
    "StoreBusyError",
    "StoreError",
    "StoreUsageError",
    "StoreWriteError",
    "check_store_folder",
    "current_snapshot",
    "is_store_folder",
    "load_corpus",
    "load_duplicates",
    "load_manifest",
    "load_rejects",
    "load_summary",
    "locate_store",
    "lock_store",
    "raise_if_damaged",
    "write_corpus",
]

MANIFEST_SCHEMA: dict[str, pl.DataType] = {
    "path": pl.String(),
    "size": pl.Int64(),
    "mtime_ns": pl.Int64(),
    "digest": pl.String(),
    "format": pl.String(),
    "options": pl.String(),
    "articles": pl.Int64(),
    "rejects": pl.Int64(),
}

_CURRENT = "CURRENT"
_ROW_GROUP = 50_000
#: The file that marks a folder as a corpus store.
STORE_MARKER = ".tassanalysis-store"
_LOCK = ".lock"
_SNAPSHOT_NAME = re.compile(r"^v-\d{8}T\d{12}-[0-9a-f]{6}$")
_TMP_NAME = re.compile(r"^\.tmp-v-\d{8}T\d{12}-[0-9a-f]{6}$")
_POINTER_TMP = re.compile(r"^\.(?:CURRENT|lock)\.[0-9a-f]{6}$")
#: Seconds a replaced snapshot stays on disk for readers that may still use it.
KEEP_FOR_SECONDS = 600.0


class StoreError(RuntimeError):
    """The corpus folder is missing, damaged or not a corpus store (exit status 4)."""

    exit_code = 4


class StoreUsageError(StoreError):
    """A folder that may not become a store: a file, or a folder holding other things (2)."""

    exit_code = 2


class StoreBusyError(StoreError):
    """Another process is writing the store and the caller chose not to wait (3)."""

    exit_code = 3


class StoreWriteError(StoreError):
    """The store cannot be written: read-only, no permission, disk full (5)."""

    exit_code = 5


def _write_error(root: Path, err: OSError) -> StoreWriteError:
    why = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is exceeded",
           errno.EROFS: "the file system is read-only",
           errno.EACCES: "permission denied", errno.EPERM: "permission denied"}.get(
        err.errno or 0, err.strerror or str(err))
    return StoreWriteError(f"cannot write the store {root}: {why}; the previous corpus is "
                           "untouched — free space or fix the permissions and run again")


_OS_ERROR = re.compile(r"\(os error (\d+)\)")


def _os_error_of(err: BaseException) -> OSError:
    """The OS error inside a Polars I/O error (``… (os error 28)``), as an OSError."""
    text = str(err)
    m = _OS_ERROR.search(text)
    code = int(m.group(1)) if m else (errno.ENOSPC if "No space left" in text else 0)
    return OSError(code, os.strerror(code) if code else _first_line(err))


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


def is_store_folder(path: str | Path) -> bool:
    """Whether a folder is a corpus store: its marker, or a ``CURRENT`` naming a snapshot.

    Examples
    --------
    >>> import tempfile
    >>> is_store_folder(tempfile.mkdtemp())
    False
    """
    root = Path(path)
    if (root / STORE_MARKER).is_file():
        return True
    pointer = root / _CURRENT
    if not pointer.is_file():
        return False
    try:
        name = pointer.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return False
    return bool(_SNAPSHOT_NAME.match(name)) and (root / name).is_dir()


def check_store_folder(path: str | Path, *, create: bool = False) -> Path:
    """Check that a folder may hold a store: new, empty, or a store already.

    A store is recognised by its marker file (:data:`STORE_MARKER`) or, for
    stores written before the marker existed, by a ``CURRENT`` pointer naming
    one of its snapshots. Nothing is changed in a folder that is refused.

    Parameters
    ----------
    path
        The folder.
    create
        Create it (with its marker) when it is new or empty.

    Returns
    -------
    Path
        The folder.

    Raises
    ------
    StoreUsageError
        ``path`` is a file, or a folder holding anything else.

    Examples
    --------
    >>> import tempfile
    >>> folder = check_store_folder(Path(tempfile.mkdtemp()) / "corpus", create=True)
    >>> (folder / STORE_MARKER).is_file()
    True
    """
    root = Path(path)
    try:
        os.path.abspath(root).encode("utf-8")
    except UnicodeEncodeError:  # the Parquet reader and writer take UTF-8 paths only
        shown = os.fsencode(root).decode("utf-8", "backslashreplace")
        raise StoreUsageError(f"the store path {shown} is not valid UTF-8: give a folder "
                              "whose name is") from None
    if root.exists() and not root.is_dir():
        raise StoreUsageError(f"{root} is a file, not a folder: give a new or empty folder "
                              "(or an existing corpus store) as the store")
    if root.is_dir():
        if (root / STORE_MARKER).is_file():
            return root
        pointer = root / _CURRENT
        if pointer.is_file():
            name = pointer.read_text(encoding="utf-8", errors="replace").strip()
            if _SNAPSHOT_NAME.match(name) and (root / name).is_dir():
                if create:
                    _write_marker(root)
                return root
        entries = sorted(p.name for p in root.iterdir()
                         if p.name != _LOCK or not _own_lock(p))  # another tool's lock
        if entries:
            shown = ", ".join(entries[:3]) + (", …" if len(entries) > 3 else "")
            raise StoreUsageError(
                f"{root} is not empty and not a corpus store ({len(entries)} entries: {shown}); "
                "give a new or empty folder — nothing in it was changed")
    if create:
        try:
            root.mkdir(parents=True, exist_ok=True)
            _write_marker(root)
        except OSError as err:
            raise _write_error(root, err) from err
    return root


def _write_marker(root: Path) -> None:
    try:
        (root / STORE_MARKER).write_text("tassanalysis corpus store\n", encoding="utf-8")
    except OSError as err:
        raise _write_error(root, err) from err


_HELD: dict[str, int] = {}
_HELD_FDS: dict[str, int] = {}
_HELD_GUARD = threading.RLock()
#: The first line of a lock file this package wrote (another tool's ``.lock`` lacks it).
_LOCK_SIGNATURE = "tassanalysis writers' lock"


def _close_held_locks_in_child() -> None:
    """In a forked child: drop the inherited descriptors of held store locks.

    ``flock`` belongs to the open file, which a fork shares: a worker that kept
    the descriptor would hold the writers' lock after its parent died. Closing
    the child's copy leaves the parent's lock held.
    """
    for fd in list(_HELD_FDS.values()):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD_FDS.clear()
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_held_locks_in_child)


def _holder(fd: int) -> tuple[str, int] | None:
    """``(host, pid)`` of the writer named in a lock file, or None."""
    try:
        text = os.pread(fd, 512, 0).decode("utf-8", "replace").splitlines()
    except OSError:
        return None
    if len(text) < 2 or text[0] != _LOCK_SIGNATURE:
        return None
    host, _, pid = text[1].rpartition(" pid ")
    return (host, int(pid)) if pid.isdigit() else None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie is dead, only not reaped yet
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[-1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def _stale(fd: int) -> bool:
    """Whether a busy lock names a writer of this machine that is dead (its orphans
    may hold the lock file open, the writer is gone)."""
    found = _holder(fd)
    return found is not None and found[0] == os.uname().nodename and not _pid_alive(found[1])


def _still_stale(fd: int, lock_path: Path, delay: float) -> bool:
    """Stale again after ``delay``: not a live writer that locked it a moment ago and has
    not yet written its name."""
    _time.sleep(delay)
    try:
        same = os.fstat(fd).st_ino == os.stat(lock_path).st_ino
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return same and _stale(fd)
    except OSError:
        return False
    fcntl.flock(fd, fcntl.LOCK_UN)  # free now: the normal path takes it
    return False


def _sign(fd: int) -> None:
    with contextlib.suppress(OSError):  # a read-only store: locked, but unsigned
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{_LOCK_SIGNATURE}\n{os.uname().nodename} pid {os.getpid()}\n"
                  .encode(), 0)


def _open_lock(lock_path: Path, root: Path) -> int:
    try:
        return os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as err:
        try:  # a read-only store can still be locked (and left unchanged)
            return os.open(lock_path, os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            raise _write_error(root, err) from err


def _take_over(lock_path: Path) -> int | None:
    """Replace a stale lock file by a new one, locked; None if that cannot be done."""
    spare = lock_path.with_name(f"{_LOCK}.{uuid.uuid4().hex[:6]}")
    try:
        fd = os.open(spare, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
    except OSError:
        return None
    fcntl.flock(fd, fcntl.LOCK_EX)
    _sign(fd)
    try:
        os.rename(spare, lock_path)
    except OSError:
        os.close(fd)
        with contextlib.suppress(OSError):
            spare.unlink()
        return None
    return fd


def _acquire(root: Path, *, wait: bool, on_wait: Callable[[str], None] | None,
             poll: float = 0.1) -> int:
    """Lock ``root/.lock``; the descriptor that holds it."""
    lock_path = root / _LOCK
    said = False
    while True:
        fd = _open_lock(lock_path, root)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if _stale(fd) and _still_stale(fd, lock_path, poll * 5):
                os.close(fd)
                taken = _take_over(lock_path)
                if taken is not None:
                    return taken
                continue
            os.close(fd)
            if not wait:
                raise StoreBusyError(
                    f"{root} is being written by another process; try again when it "
                    "is done (or leave out --no-wait to wait for it)") from None
            if on_wait is not None and not said:
                on_wait(f"waiting for another process that is writing {root} …")
            said = True
            _time.sleep(poll)
            continue
        try:  # the file may have been replaced (a stale lock taken over) meanwhile
            same = os.fstat(fd).st_ino == os.stat(lock_path).st_ino
        except OSError:
            same = False
        if same:
            _sign(fd)
            return fd
        os.close(fd)


@contextlib.contextmanager
def lock_store(path: str | Path, *, wait: bool = True,
               on_wait: Callable[[str], None] | None = None) -> Iterator[Path]:
    """Hold the writers' lock of a store (an exclusive ``fcntl.flock`` on ``.lock``).

    Re-entrant within one process. The kernel drops the lock when the holder
    exits, killed or not; processes forked while it is held do not keep it
    (their copy of the descriptor is closed), and a lock whose writer (named in
    the file) is dead is taken over. Readers never take it.

    Parameters
    ----------
    path
        The store folder (it must exist).
    wait
        Wait for another writer to finish; False raises :class:`StoreBusyError`.
    on_wait
        Called with a message before waiting (e.g. to print it).

    Yields
    ------
    Path
        The store folder.

    Raises
    ------
    StoreBusyError
        Another process holds the lock and ``wait`` is False.
    StoreWriteError
        The lock file cannot be created (read-only folder, no permission).

    Examples
    --------
    >>> import tempfile
    >>> with lock_store(tempfile.mkdtemp()) as root:
    ...     (root / ".lock").is_file()
    True
    """
    root = Path(path)
    key = os.path.realpath(root)
    with _HELD_GUARD:
        if _HELD.get(key):
            _HELD[key] += 1
            try:
                yield root
            finally:
                _HELD[key] -= 1
            return
        fd = _acquire(root, wait=wait, on_wait=on_wait)
        try:
            _HELD[key] = 1
            _HELD_FDS[key] = fd
            try:
                yield root
            finally:
                _HELD.pop(key, None)
                _HELD_FDS.pop(key, None)
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def _own_lock(path: Path) -> bool:
    """Whether a ``.lock`` file is one this package wrote (signed, or never signed yet)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(_LOCK_SIGNATURE))
    except OSError:
        return False
    return head == _LOCK_SIGNATURE.encode()


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
    keep: int = 2,
    keep_for: float = KEEP_FOR_SECONDS,
    wait: bool = True,
    duplicates: pl.DataFrame | None = None,
) -> Path:
    """Write a corpus snapshot atomically and make it the live one.

    Parameters
    ----------
    articles
        Canonical article frame (checked with :func:`tassanalysis.schema.validate`).
    out
        The store folder: new, empty, or a store (see :func:`check_store_folder`).
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
        Snapshots always kept, the new one included (at least 2: the new one
        and the one it replaces, which readers may still be reading).
    keep_for
        Older snapshots are removed once they were replaced more than this
        many seconds ago.
    wait
        Wait for another writer; False raises :class:`StoreBusyError`.

    Returns
    -------
    Path
        The folder of the new snapshot.

    Raises
    ------
    StoreUsageError
        ``out`` is a file or a folder that is not a store.
    StoreBusyError
        Another process is writing and ``wait`` is False.
    StoreWriteError
        The store cannot be written (read-only, disk full); nothing changed.

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
    root = check_store_folder(out, create=True)
    with lock_store(root, wait=wait):
        final = _write_snapshot(root, articles, rejects, manifest, summary, duplicates)
        _prune(root, keep=max(2, keep), keep_for=keep_for, live=final.name)
    return final


def _write_snapshot(root: Path, articles: pl.DataFrame, rejects: pl.DataFrame,
                    manifest: pl.DataFrame, summary: dict[str, Any] | None,
                    duplicates: pl.DataFrame) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    name = f"v-{stamp}-{uuid.uuid4().hex[:6]}"
    tmp = root / f".tmp-{name}"
    pointer_tmp = root / f".{_CURRENT}.{uuid.uuid4().hex[:6]}"
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
        pointer_tmp.write_text(name + "\n", encoding="utf-8")
        with open(pointer_tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(pointer_tmp, root / _CURRENT)
    except BaseException as err:
        shutil.rmtree(tmp, ignore_errors=True)
        with contextlib.suppress(OSError):
            pointer_tmp.unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise _write_error(root, err) from err
        if isinstance(err, pl.exceptions.PolarsError):  # the Parquet writer's own I/O errors
            raise _write_error(root, _os_error_of(err)) from None
        raise
    return final


def _fsync_tree(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            with open(path, "rb") as fh:
                os.fsync(fh.fileno())


def _snapshot_time(name: str) -> float:
    return datetime.strptime(name[2:22], "%Y%m%dT%H%M%S%f").replace(tzinfo=UTC).timestamp()


def _prune(root: Path, *, keep: int, keep_for: float, live: str) -> None:
    """Remove old snapshots and what dead writers left; only names the store made.

    Runs under the writers' lock: no other writer is active, so temporary
    folders are leftovers of writers that died. The live snapshot and the
    ``keep - 1`` before it stay; older ones go once the snapshot that replaced
    them is more than ``keep_for`` seconds old.
    """
    snaps = sorted(p.name for p in root.iterdir()
                   if _SNAPSHOT_NAME.match(p.name) and p.is_dir() and p.name <= live)
    now = _time.time()
    old = []
    for i, name in enumerate(snaps[: max(0, len(snaps) - keep)]):
        if now - _snapshot_time(snaps[i + 1]) >= keep_for:
            old.append(root / name)
    stale = [p for p in root.iterdir() if _TMP_NAME.match(p.name) or _POINTER_TMP.match(p.name)]
    for path in old + stale:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                path.unlink()


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
    missing_added = False
    for file in files:
        missing_added |= _check_parquet(file, snapshot=snap is not None)
    scan = pl.scan_parquet(files, hive_partitioning=False, schema=ARTICLE_SCHEMA,
                           missing_columns="insert")
    if missing_added:
        # a store written before a column existed reads it as its default
        scan = scan.with_columns(
            pl.col("truncated").fill_null(False),
            pl.col("boilerplate").fill_null(pl.lit([], dtype=ARTICLE_SCHEMA["boilerplate"])))
    return scan


#: Columns added to the schema after stores were first written: read as defaults.
_ADDED_COLUMNS = ("date_precision", "truncated", "boilerplate")


def _check_parquet(file: Path, *, snapshot: bool) -> bool:
    """Read a file's footer: a damaged or non-canonical file is a one-line StoreError.

    Returns whether the file lacks columns added to the schema later (read as defaults).
    """
    try:
        schema = pl.read_parquet_schema(file)
    except Exception as err:  # noqa: BLE001 - any reader failure means a damaged file
        first = (str(err).strip().splitlines() or [type(err).__name__])[0][:200]
        advice = ("the snapshot is damaged: restore it from a backup, or ingest the inputs "
                  "again into a new folder") if snapshot else "the file is not readable Parquet"
        raise StoreError(f"cannot read {file}: {first}; {advice}") from None
    missing = [c for c in ARTICLE_SCHEMA if c not in schema and c not in _ADDED_COLUMNS]
    extra = [c for c in schema if c not in ARTICLE_SCHEMA]
    if missing or extra:
        what = "; ".join(x for x in (f"missing columns: {', '.join(missing)}" if missing else "",
                                     f"other columns: {', '.join(extra[:8])}" if extra else "")
                         if x)
        raise StoreError(f"{file} does not hold canonical article rows ({what}); read it as a "
                         f"table with `tass ingest {file} --out <store>` instead")
    return any(c not in schema for c in _ADDED_COLUMNS)


_DAMAGED = ("the snapshot is damaged: restore it from a backup, or ingest the inputs again "
            "into a new folder")


def _first_line(err: BaseException) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0][:200]


def _damaged_file(files: Sequence[Path]) -> tuple[Path, BaseException] | None:
    """The first of ``files`` that cannot be read whole, and why."""
    for file in files:
        try:
            pl.read_parquet(file)
        except Exception as err:  # noqa: BLE001 - any reader failure means damage
            return file, err
    return None


def _collect(frame: pl.LazyFrame, path: Path, files: Sequence[Path] = ()) -> pl.DataFrame:
    """Collect a scan of the store; a damaged file is a one-line StoreError naming it."""
    try:
        return frame.collect()
    except (pl.exceptions.PolarsError, OSError) as err:
        found = _damaged_file(files)
        if found is not None:
            raise StoreError(f"cannot read {found[0]}: {_first_line(found[1])}; {_DAMAGED}"
                             ) from None
        raise StoreError(f"cannot read the corpus at {path}: {_first_line(err)}; the store may "
                         "be damaged: restore it, or ingest the inputs again into a new folder"
                         ) from None


def _snapshot_files(path: Path) -> list[Path]:
    snap = current_snapshot(path)
    return sorted(snap.rglob("*.parquet")) if snap is not None else []


def raise_if_damaged(path: str | Path, err: BaseException) -> None:
    """Turn a failed read of a store's scan into a one-line :class:`StoreError`.

    Called where a lazy scan of the store was collected: names the damaged file.
    """
    root = locate_store(path)
    found = _damaged_file(_snapshot_files(root))
    if found is not None:
        raise StoreError(f"cannot read {found[0]}: {_first_line(found[1])}; {_DAMAGED}") from None
    raise StoreError(f"cannot read the corpus at {root}: {_first_line(err)}") from None


def _read_table_file(file: Path) -> pl.DataFrame:
    """A whole Parquet file of a snapshot; damage is a one-line StoreError naming it."""
    return _collect(pl.scan_parquet(file), file.parent, [file])


def load_corpus(
    path: str | Path,
    *,
    lazy: bool = False,
    start: str | date | datetime | None = None,
    end: str | date | datetime | None = None,
    sources: Sequence[str] | str | None = None,
    sections: Sequence[str] | str | None = None,
    window: str | None = None,
) -> pl.DataFrame | pl.LazyFrame:
    """Load the canonical article frame of a corpus store.

    Filters are pushed down to the Parquet scan. The selection options mean what
    they mean everywhere in the package (:func:`tassanalysis.selection.selection_filter`).

    Parameters
    ----------
    path
        Store folder written by ``tass ingest`` / :func:`write_corpus` (or any
        folder of canonical Parquet files).
    lazy
        Return a :class:`polars.LazyFrame` instead of collecting.
    start, end
        Keep articles published in ``[start, end]``; a date (or ``"2017-01-31"``)
        as ``end`` includes that whole UTC day, a datetime (or an ISO string with a
        time) is an instant. Articles without a known date are dropped when either
        bound is given.
    sources, sections
        Keep only these values of ``source`` / ``section`` (a list, or one
        comma-separated string).
    window
        A rolling window such as ``"30d"`` ending at ``end`` or the last article
        (:func:`tassanalysis.selection.parse_window`).

    Returns
    -------
    polars.DataFrame or polars.LazyFrame
        The canonical schema (see :mod:`tassanalysis.schema`).

    Examples
    --------
    >>> import tempfile
    >>> from tassanalysis.datasets import load_sample
    >>> store = tempfile.mkdtemp() + "/corpus"
    >>> _ = write_corpus(load_sample(), store)
    >>> tass = load_corpus(store, start="2017-02-01", end="2017-02-28", sources="tass.com")
    >>> tass["source"].unique().to_list(), tass["published_at"].min().month
    (['tass.com'], 2)
    >>> load_corpus(store, window="7d", lazy=True).collect().height > 0
    True
    """
    from tassanalysis.selection import resolve_dates, selection_filter

    root = locate_store(path)
    scan = _scan_articles(root)
    if window:
        start, end = resolve_dates(scan, start=start, end=end, window=window)
    predicate = selection_filter(start=start, end=end, sources=sources, sections=sections)
    if predicate is not None:
        scan = scan.filter(predicate)
    return scan if lazy else _collect(scan, root, _snapshot_files(root))


def load_rejects(path: str | Path) -> pl.DataFrame:
    """Return the rejects table of a store: ``origin, reason, raw``.

    Examples
    --------
    >>> import tempfile
    >>> from tassanalysis.datasets import load_sample
    >>> store = tempfile.mkdtemp() + "/corpus"
    >>> _ = write_corpus(load_sample().head(5), store)
    >>> load_rejects(store).columns[:3]
    ['origin', 'reason', 'raw']
    """
    snap = current_snapshot(path)
    if snap is None or not (snap / "rejects.parquet").is_file():
        return empty_rejects()
    return _read_table_file(snap / "rejects.parquet")


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
    return _read_table_file(snap / "duplicates.parquet")


def load_manifest(path: str | Path) -> pl.DataFrame:
    """Return the inputs a store has already parsed (see :data:`MANIFEST_SCHEMA`)."""
    snap = current_snapshot(path)
    if snap is None or not (snap / "manifest.parquet").is_file():
        return pl.DataFrame(schema=MANIFEST_SCHEMA)
    manifest = _read_table_file(snap / "manifest.parquet")
    # manifests written before the options column existed
    return manifest.select([pl.col(c).cast(t) if c in manifest.columns else
                            pl.lit(None, dtype=t).alias(c) for c, t in MANIFEST_SCHEMA.items()])


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
    try:
        return json.loads((snap / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise StoreError(f"cannot read {snap / 'summary.json'}: {err}") from None
