"""The engine: a store's files as tasks, the runners (this process, an executor, a Dask
cluster), the reduction tree and the merge of count frames.

See :mod:`tassanalysis.distributed` for the whole picture; the analyses built on
this are in :mod:`tassanalysis.distributed.analyses`.
"""

from __future__ import annotations

import functools
import os
import re
import socket
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import BrokenExecutor, Executor, ProcessPoolExecutor, as_completed
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl

from tassanalysis.schema import empty_corpus
from tassanalysis.selection import resolve_dates, selection_filter
from tassanalysis.store import StoreError, current_snapshot, load_corpus, locate_store
from tassanalysis.vocab import as_date, as_list

__all__ = [
    "CHUNK_ROWS",
    "FAN_IN",
    "SCHEDULER_ENV",
    "DistributedError",
    "chunked",
    "client_for",
    "describe_runner",
    "map_reduce",
    "scheduler_address",
    "merge_counts",
    "partitions",
    "process_pool",
    "store_selection",
]

#: Environment variable holding the scheduler address used when no ``client`` is given.
SCHEDULER_ENV = "TASS_SCHEDULER"

#: Partial results merged at a time in the reduction tree.
FAN_IN = 8

#: Seconds a Dask run waits while the scheduler has no worker at all (every worker died,
#: or none ever joined) before it stops with a :class:`DistributedError`.
WORKERS_GONE_AFTER = 30.0
#: Seconds to wait for a scheduler's port to answer before trying to connect to it.
PROBE_SECONDS = 5.0

#: Columns :func:`merge_counts` adds up (every other column is a key), and the ones it
#: takes the minimum or maximum of.
SUM_COLUMNS = frozenset({"count", "doc_count", "tokens", "docs", "articles"})

#: Rows of one file held in memory at a time by :func:`chunked` kernels.
CHUNK_ROWS = 100_000
MIN_COLUMNS = frozenset({"first"})
MAX_COLUMNS = frozenset({"last"})

Counts = dict[str, pl.DataFrame | None]
Kernel = Callable[[pl.LazyFrame], Any]
Merge = Callable[[list[Any]], Any]
Store = str | Path | pl.DataFrame | pl.LazyFrame


class DistributedError(RuntimeError):
    """A part of the corpus could not be counted: a worker died or a task failed.

    No result is returned when this is raised: nothing partial, nothing guessed.
    """


# --------------------------------------------------------------------------- partitions

def _store_files(root: Path) -> list[Path]:
    snap = current_snapshot(root)
    if snap is not None:
        return sorted((snap / "articles").rglob("*.parquet"))
    if root.is_file() and root.suffix == ".parquet":
        return [root]
    if root.is_dir():
        return sorted(p for p in root.rglob("*.parquet")
                      if not any(part.startswith(".") for part in p.relative_to(root).parts))
    raise StoreError(f"no corpus at {root}: run `tass ingest … --out {root}` first")


def _hive_month(path: Path) -> tuple[str | None, str | None]:
    keys = dict(part.split("=", 1) for part in path.parts if "=" in part)
    return keys.get("year"), keys.get("month")


def _month_overlaps(year: str | None, month: str | None, lo: datetime | None,
                    hi: datetime | None, hi_inclusive: bool) -> bool:
    if year is None:  # not a year=/month= folder: cannot tell, keep it
        return True
    if year == "unknown" or month == "unknown":
        return lo is None and hi is None  # undated articles drop out with any bound
    y, m = int(year), int(month or 1)
    first = datetime(y, m, 1, tzinfo=UTC)
    after = datetime(y + m // 12, m % 12 + 1, 1, tzinfo=UTC)
    return (lo is None or after > lo) and (hi is None or first < hi
                                           or (hi_inclusive and first == hi))


def _may_hold_sources(path: Path, sources: list[str]) -> bool:
    """False only when the Parquet statistics of ``source`` rule out every wanted value."""
    import pyarrow.parquet as pq

    meta = pq.read_metadata(path)
    if meta.num_rows == 0:
        return False
    index = meta.schema.to_arrow_schema().get_field_index("source")
    if index < 0:
        return True
    for group in range(meta.num_row_groups):
        stats = meta.row_group(group).column(index).statistics
        if stats is None or not stats.has_min_max:
            return True
        if any(stats.min <= s <= stats.max for s in sources):
            return True
    return False


def store_selection(store: str | Path, *, start: str | date | None = None,
                    end: str | date | None = None, window: str | None = None,
                    sources: Sequence[str] | str | None = None,
                    sections: Sequence[str] | str | None = None) -> dict[str, Any]:
    """A report's selection parameters as the ``start``, ``end``, ``sources`` and
    ``sections`` the analyses here take: the ``window`` resolved to days (as
    :func:`tassanalysis.selection.select_corpus` resolves it), empty values as None.

    Parameters
    ----------
    store
        The store the window ends in (its last day, when ``end`` is empty).
    start, end, window, sources, sections
        As in :func:`tassanalysis.selection.select_corpus`.

    Returns
    -------
    dict
        Keyword arguments for :func:`map_reduce` and the analyses.

    Examples
    --------
    >>> chosen = store_selection("data/corpus", end="2017-03-31", window="7d",
    ...                          sources="tass.com")
    >>> chosen["start"], chosen["sources"], chosen["sections"]
    (datetime.date(2017, 3, 25), ['tass.com'], None)
    """
    first, last = resolve_dates(store if window and not end else None, start=start, end=end,
                                window=window)
    return {"start": first, "end": last, "sources": as_list(sources) or None,
            "sections": as_list(sections) or None}


def _instant(bound: str | date | datetime | None, name: str) -> tuple[datetime | None, bool]:
    """A bound as :func:`~tassanalysis.selection.selection_filter` reads it: an instant
    (inclusive) for a time, else the start of the day (``start``) or of the next day
    (``end``, exclusive)."""
    if isinstance(bound, str) and ("T" in bound or ":" in bound):
        bound = datetime.fromisoformat(bound)
    if isinstance(bound, datetime):
        return (bound if bound.tzinfo else bound.replace(tzinfo=UTC)), True
    day = as_date(bound, name)
    if day is None:
        return None, False
    first = datetime.combine(day, datetime.min.time(), tzinfo=UTC)
    return (first + timedelta(days=1) if name == "end" else first), False


def partitions(store: str | Path, *, start: str | date | datetime | None = None,
               end: str | date | datetime | None = None,
               sources: Sequence[str] | str | None = None) -> list[str]:
    """The Parquet files of a store that can hold articles of the selection.

    Parameters
    ----------
    store
        A store folder (``tass ingest --out``), a folder of canonical Parquet files
        or one Parquet file.
    start, end
        As in :func:`tassanalysis.store.load_corpus`: months outside ``[start, end]``
        (and the undated partition, when either is given) are left out.
    sources
        Files whose ``source`` statistics exclude all of these are left out.

    Returns
    -------
    list of str
        Absolute paths, in store order: one task each.

    Examples
    --------
    >>> partitions("data/corpus", start="2017-02-01")  # doctest: +SKIP
    ['/…/articles/year=2017/month=02/part-0.parquet', '/…/year=2017/month=03/part-0.parquet']
    """
    root = locate_store(store)
    lo, _ = _instant(start, "start")
    hi, hi_inclusive = _instant(end, "end")
    wanted = as_list(sources) or None
    out = []
    for path in _store_files(root):
        if not _month_overlaps(*_hive_month(path.relative_to(root) if path.is_relative_to(root)
                                            else path), lo, hi, hi_inclusive):
            continue
        if wanted is not None and not _may_hold_sources(path, wanted):
            continue
        out.append(str(path.resolve()))
    return out


# --------------------------------------------------------------------------- runners

#: Clients made by :func:`client_for`, by scheduler address.
_CLIENTS: dict[str, Any] = {}


def _connect(address: str, timeout: float):
    from dask.distributed import Client

    client = _CLIENTS.get(address)
    if client is None or client.status in ("closing", "closed"):
        client = _CLIENTS[address] = Client(address, timeout=timeout)
    return client


_ADDRESS = re.compile(r"^(?P<scheme>tcp|tls)://(?P<host>\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_.-]+)"
                      r":(?P<port>\d{1,5})$")


def scheduler_address(cluster: str) -> str:
    """The scheduler address ``cluster`` names, in full (``tcp://host:port``).

    Raises
    ------
    DistributedError
        ``cluster`` is no address (one line, naming the form wanted).

    Examples
    --------
    >>> scheduler_address("10.0.0.5:8786")
    'tcp://10.0.0.5:8786'
    >>> scheduler_address("notanaddress")
    Traceback (most recent call last):
    tassanalysis.distributed.engine.DistributedError: 'notanaddress' is not a Dask scheduler address: give host:port, e.g. tcp://10.0.0.5:8786
    """
    address = cluster.strip()
    if "://" not in address:
        address = "tcp://" + address
    m = _ADDRESS.match(address)
    if m is None or not 0 < int(m.group("port")) < 65536:
        raise DistributedError(f"{cluster!r} is not a Dask scheduler address: give host:port, "
                               "e.g. tcp://10.0.0.5:8786")
    return address


def probe_scheduler(address: str, timeout: float = PROBE_SECONDS) -> None:
    """Check that something listens at a scheduler address, within ``timeout`` seconds.

    Raises
    ------
    DistributedError
        Nothing answers (refused at once, or silent for ``timeout`` seconds).
    """
    m = _ADDRESS.match(address)
    if m is None:
        raise DistributedError(f"{address!r} is not a Dask scheduler address")
    host = m.group("host").strip("[]")
    try:
        with socket.create_connection((host, int(m.group("port"))), timeout=timeout):
            pass
    except OSError as exc:
        why = "no answer" if isinstance(exc, TimeoutError) else (exc.strerror or str(exc))
        raise DistributedError(f"no Dask scheduler answered at {address}: {why}") from None


def client_for(cluster: str | None = None, *, timeout: float = 20):
    """The Dask client a report parameter ``cluster`` asks for, or None to run in-process.

    Parameters
    ----------
    cluster
        A scheduler address (``"tcp://10.0.0.5:8786"``, ``"10.0.0.5:8786"``). Empty or
        None: the address in the ``TASS_SCHEDULER`` environment variable, and when
        that is empty too, None. One client per address is kept for the session.
    timeout
        Seconds to wait for the scheduler to answer.

    Returns
    -------
    dask.distributed.Client or None
        Pass it on as ``client=``; :func:`describe_runner` says where a run went.

    Raises
    ------
    DistributedError
        Not an address, or no scheduler answers there: one line, within
        ``timeout`` seconds (a refused connection at once).

    Examples
    --------
    >>> import os
    >>> os.environ.pop("TASS_SCHEDULER", None) and None
    >>> client_for("") is None
    True
    """
    cluster = (cluster or "").strip() or os.environ.get(SCHEDULER_ENV, "").strip()
    if not cluster:
        return None
    address = scheduler_address(cluster)
    if address not in _CLIENTS:
        probe_scheduler(address, min(timeout, PROBE_SECONDS))
    try:
        return _connect(address, timeout)
    except (OSError, ValueError) as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        raise DistributedError(f"no Dask scheduler answered at {address}: {first}") from None


def _is_dask_client(runner: Any) -> bool:
    return hasattr(runner, "scheduler_info") and hasattr(runner, "map") \
        and hasattr(runner, "submit")


def _resolve(client: Any) -> Any:
    if client is None or isinstance(client, str):
        return client_for(client)
    if isinstance(client, Executor) or _is_dask_client(client):
        return client
    raise TypeError("client must be a dask.distributed.Client, a concurrent.futures.Executor, "
                    f"a scheduler address or None, not {type(client).__name__}")


_ENV_LOCK = threading.Lock()


class _SpawnPool(ProcessPoolExecutor):
    """A spawn-started process pool whose processes start with ``POLARS_MAX_THREADS`` set.

    Polars sizes its thread pool at its first call in a process (importing this
    package makes one), so the variable must be in the environment the process
    starts with: it is set around ``submit``, which is where the pool starts its
    processes.
    """

    def __init__(self, workers: int, threads: int):
        import multiprocessing

        super().__init__(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
        self.polars_threads = threads

    def submit(self, fn, /, *args, **kwargs):
        with _ENV_LOCK:
            before = os.environ.get("POLARS_MAX_THREADS")
            os.environ["POLARS_MAX_THREADS"] = str(self.polars_threads)
            try:
                return super().submit(fn, *args, **kwargs)
            finally:
                if before is None:
                    del os.environ["POLARS_MAX_THREADS"]
                else:
                    os.environ["POLARS_MAX_THREADS"] = before


def process_pool(workers: int | None = None, *, polars_threads: int | None = None
                 ) -> ProcessPoolExecutor:
    """A process pool for ``client=``: spawn-started, Polars threads sharing the cores.

    Parameters
    ----------
    workers
        Processes (default: the number of cores).
    polars_threads
        ``POLARS_MAX_THREADS`` of each process (default: cores // workers, at least 1).

    Returns
    -------
    concurrent.futures.ProcessPoolExecutor

    Examples
    --------
    >>> with process_pool(2) as pool:  # doctest: +SKIP
    ...     term_counts("data/corpus", client=pool)
    """
    cores = os.cpu_count() or 1
    workers = workers or cores
    return _SpawnPool(workers, polars_threads or max(1, cores // workers))


def _polars_threads_plugin(threads: int):
    from distributed.diagnostics.plugin import WorkerPlugin

    class PolarsThreads(WorkerPlugin):
        """Sets ``POLARS_MAX_THREADS`` on each worker (unless its environment has it).

        Defined here so that it travels by value: unpickling it on a worker must not
        import this package, whose import starts Polars' thread pool.
        """

        name = "tassanalysis-polars-threads"

        def __init__(self, threads: int):
            self.threads = threads

        def setup(self, worker) -> None:
            import os

            os.environ.setdefault("POLARS_MAX_THREADS", str(self.threads))

    return PolarsThreads(threads)


#: Clients (by id) whose workers already have the Polars-threads plugin.
_REGISTERED: set[str] = set()


def _share_cores(client) -> None:
    """Register, once per client, the plugin that gives each worker cores // slots threads
    (slots: task threads of all workers on its host)."""
    if client.id in _REGISTERED:
        return
    workers = client.scheduler_info(n_workers=-1)["workers"]
    cores = client.run(os.cpu_count)
    slots: dict[str, int] = {}
    for info in workers.values():
        slots[info["host"]] = slots.get(info["host"], 0) + int(info["nthreads"])
    per_host = [max(1, (cores.get(addr) or 1) // slots[info["host"]])
                for addr, info in workers.items()]
    client.register_plugin(_polars_threads_plugin(min(per_host, default=1)))
    _REGISTERED.add(client.id)


def describe_runner(client: Any = None) -> str:
    """Where a run goes, in one line for a report header.

    Examples
    --------
    >>> describe_runner(None).startswith("in one process on ")  # doctest: +SKIP
    True
    """
    runner = _resolve(client)
    if runner is None:
        return f"in one process on {socket.gethostname()} ({os.cpu_count()} cores)"
    if isinstance(runner, Executor):
        workers = getattr(runner, "_max_workers", None)
        kind = ("process pool" if isinstance(runner, ProcessPoolExecutor)
                else type(runner).__name__)
        return (f"on a {kind}" + (f" of {workers} workers" if workers else "")
                + f" on {socket.gethostname()}")
    info = runner.scheduler_info(n_workers=-1)
    workers = info.get("workers", {})
    hosts = {w.get("host") for w in workers.values()}
    threads = sum(int(w.get("nthreads", 0)) for w in workers.values())
    return (f"on the Dask cluster at {runner.scheduler.address}: {len(workers)} workers, "
            f"{threads} threads, {len(hosts)} host{'s' if len(hosts) != 1 else ''}")


# --------------------------------------------------------------------------- map and reduce

def _count_part(kernel: Kernel, path: str | None, filters: dict[str, Any]) -> Any:
    """Run ``kernel`` on one file of the store (read here, on the worker)."""
    try:
        scan = (empty_corpus().lazy() if path is None
                else load_corpus(path, lazy=True, **filters))
        return kernel(scan)
    except Exception as exc:
        raise DistributedError(f"counting {path or 'an empty selection'} failed: "
                               f"{type(exc).__name__}: {exc}") from exc


def _merge_parts(merge: Merge, parts: list[Any]) -> Any:
    return merge(list(parts))


class _Tree:
    """Merge results as they arrive, ``fan_in`` at a time per level (a reduction tree)."""

    def __init__(self, merge: Merge, fan_in: int):
        self.merge, self.fan_in, self.levels = merge, fan_in, [[]]

    def add(self, item: Any, level: int = 0) -> None:
        while len(self.levels) <= level:
            self.levels.append([])
        self.levels[level].append(item)
        if len(self.levels[level]) >= self.fan_in:
            merged, self.levels[level] = self.merge(self.levels[level]), []
            self.add(merged, level + 1)

    def result(self) -> Any:
        return self.merge([item for level in self.levels for item in level])


def _kernel_name(kernel: Kernel) -> str:
    inner = getattr(kernel, "func", kernel)
    return getattr(inner, "__name__", "kernel").strip("_")


def _on_dask(client, kernel: Kernel, merge: Merge, paths: list[str], filters: dict,
             fan_in: int) -> Any:
    from distributed import KilledWorker

    _share_cores(client)
    token = f"{_kernel_name(kernel)}-{uuid.uuid4().hex[:8]}"
    task = functools.partial(_count_part, kernel, filters=filters)
    level = client.map(task, paths, key=[f"tass-count-{token}-{i}" for i in range(len(paths))],
                       pure=False)
    held = list(level)
    depth = 0
    while len(level) > 1 or depth == 0:
        level = [client.submit(_merge_parts, merge, level[i:i + fan_in], pure=False,
                               key=f"tass-merge-{token}-{depth}-{i // fan_in}")
                 for i in range(0, len(level), fan_in)]
        held += level
        depth += 1
    try:
        return _wait_for(client, level[0])
    except KilledWorker as exc:
        raise DistributedError(
            f"Dask workers died {exc.allowed_failures + 1} times while running {exc.task!r} "
            f"(last on {exc.last_worker.address}); the run was stopped and returned nothing. "
            "A worker killed for memory says so in its log: give workers more memory, "
            "or fewer threads each") from exc
    finally:
        client.cancel(held)


def _wait_for(client, future) -> Any:
    """The result of ``future``; a scheduler left without any worker for
    :data:`WORKERS_GONE_AFTER` seconds, or lost itself, ends the wait with a
    :class:`DistributedError`."""
    from distributed import TimeoutError as DaskTimeout

    empty_since: float | None = None
    while True:
        try:
            return future.result(timeout=1)
        except (DaskTimeout, TimeoutError):
            pass
        except (OSError, EOFError) as exc:  # the scheduler itself is gone
            raise DistributedError(
                f"the Dask scheduler at {client.scheduler.address} stopped answering "
                f"({type(exc).__name__}); the run was stopped and returned nothing") from None
        try:
            workers = len(client.scheduler_info(n_workers=-1).get("workers", {}))
        except Exception:  # noqa: BLE001 - an unanswered question counts as no worker
            workers = 0
        if workers:
            empty_since = None
            continue
        now = time.monotonic()
        empty_since = now if empty_since is None else empty_since
        if now - empty_since >= WORKERS_GONE_AFTER:
            raise DistributedError(
                f"the Dask scheduler at {client.scheduler.address} has had no worker for "
                f"{WORKERS_GONE_AFTER:g} s (every worker died, or none joined); the run was "
                "stopped and returned nothing: start workers, or leave out the cluster")


def _on_executor(executor: Executor, kernel: Kernel, merge: Merge, paths: list[str],
                 filters: dict, fan_in: int) -> Any:
    tree = _Tree(merge, fan_in)
    futures = {executor.submit(_count_part, kernel, path, filters): path for path in paths}
    try:
        for future in as_completed(futures):
            try:
                tree.add(future.result())
            except BrokenExecutor as exc:
                raise DistributedError(
                    f"a worker process died while counting {futures[future]}; the run was "
                    "stopped and returned nothing, and this executor can run nothing more "
                    "(make a new one)") from exc
    finally:
        for future in futures:
            future.cancel()
    return tree.result()


def _run_in_chunks(part: pl.LazyFrame, *, kernel: Kernel, merge: Merge, rows: int) -> Any:
    tree = _Tree(merge, FAN_IN)
    seen = False
    for batch in part.collect_batches(chunk_size=rows):
        if batch.height:
            tree.add(kernel(batch))
            seen = True
    if not seen:
        tree.add(kernel(part.head(0).collect()))
    return tree.result()


def chunked(kernel: Kernel, merge: Merge, *, rows: int = CHUNK_ROWS) -> Kernel:
    """A kernel that runs ``kernel`` on ``rows`` rows at a time and merges the results.

    For kernels that hold their whole input in memory: with it, a worker holds one
    chunk of one file whatever the size of the file.

    Examples
    --------
    >>> import polars as pl
    >>> count = lambda f: {"n": pl.DataFrame({"articles": [len(f)]})}
    >>> chunked(count, merge_counts, rows=2)(pl.LazyFrame({"a": [1, 2, 3]}))["n"].item()
    3
    """
    return functools.partial(_run_in_chunks, kernel=kernel, merge=merge, rows=rows)


def map_reduce(store: Store, kernel: Kernel, merge: Merge, *,
               start: str | date | datetime | None = None,
               end: str | date | datetime | None = None,
               sources: Sequence[str] | str | None = None,
               sections: Sequence[str] | str | None = None,
               client: Any = None, fan_in: int = FAN_IN) -> Any:
    """Run ``kernel`` on every file of a store and ``merge`` the results in a tree.

    This is the one engine behind the analyses here, and the hook for any other
    additive count: a kernel is a module-level function (or a
    :func:`functools.partial` of one) taking a :class:`polars.LazyFrame` of one
    part of the corpus and returning small frames; a merge takes a list of such
    results and returns one (:func:`merge_counts` adds frames up).

    Parameters
    ----------
    store
        A store path (one task per Parquet file, pruned by :func:`partitions`), or a
        frame (one part; in-process only).
    start, end, sources, sections
        The selection, as in :func:`tassanalysis.store.load_corpus`.
    client
        None (``TASS_SCHEDULER`` or in-process), a scheduler address, a
        ``dask.distributed.Client`` or a ``concurrent.futures.Executor``.
    fan_in
        Results merged at a time.

    Returns
    -------
    The merged result.

    Raises
    ------
    DistributedError
        A task failed, a worker process died, or Dask lost the same task too often.

    Examples
    --------
    >>> import polars as pl
    >>> c = pl.DataFrame({"source": ["a", "a", "b"]})
    >>> counts = map_reduce(c, lambda f: {"n": f.group_by("source").agg(articles=pl.len())
    ...                                         .collect()}, merge_counts)
    >>> counts["n"].sort("source").rows()
    [('a', 2), ('b', 1)]
    """
    runner = _resolve(client)
    filters = {"start": start, "end": end, "sources": sources, "sections": sections}
    if isinstance(store, pl.DataFrame | pl.LazyFrame):
        if runner is not None:
            raise ValueError("a cluster or executor reads the store itself: pass the store "
                             "path, not a frame")
        frame = _select(store, **filters)
        return merge([kernel(frame)])
    paths: list[str | None] = list(partitions(store, start=start, end=end, sources=sources))
    if not paths:
        return merge([_count_part(kernel, None, filters)])
    if runner is None:
        tree = _Tree(merge, fan_in)
        for path in paths:
            tree.add(_count_part(kernel, path, filters))
        return tree.result()
    if isinstance(runner, Executor):
        return _on_executor(runner, kernel, merge, paths, filters, fan_in)
    return _on_dask(runner, kernel, merge, paths, filters, fan_in)


def _select(frame: pl.DataFrame | pl.LazyFrame, *, start=None, end=None,
            sources=None, sections=None) -> pl.LazyFrame:
    """A frame with the selection of :func:`~tassanalysis.store.load_corpus` applied."""
    predicate = selection_filter(start=start, end=end, sources=sources, sections=sections)
    return frame.lazy() if predicate is None else frame.lazy().filter(predicate)


def merge_counts(parts: list[dict[str, pl.DataFrame | None]]) -> dict[str, pl.DataFrame | None]:
    """Add up count frames: per name, rows with equal keys summed.

    Each part maps names to frames (or None). Columns in :data:`SUM_COLUMNS` are
    added, ``first`` takes the minimum and ``last`` the maximum; every other column
    is a key (nulls are a key value like any other).

    Examples
    --------
    >>> import polars as pl
    >>> a = {"c": pl.DataFrame({"term": ["x", "y"], "count": [1, 2]})}
    >>> b = {"c": pl.DataFrame({"term": ["x"], "count": [5]})}
    >>> merge_counts([a, b])["c"].sort("term").rows()
    [('x', 6), ('y', 2)]
    """
    out: dict[str, pl.DataFrame | None] = {}
    for name in parts[0]:
        frames = [p[name] for p in parts if p.get(name) is not None]
        if not frames:
            out[name] = None
            continue
        whole = pl.concat(frames, how="vertical")
        keys = [c for c in whole.columns if c not in SUM_COLUMNS | MIN_COLUMNS | MAX_COLUMNS]
        aggs = [pl.col(c).sum() if c in SUM_COLUMNS else
                pl.col(c).min() if c in MIN_COLUMNS else pl.col(c).max()
                for c in whole.columns if c not in keys]
        if not keys:
            out[name] = whole.select(aggs)
        else:
            out[name] = whole.group_by(keys).agg(aggs).select(whole.columns)
    return out
