"""Parse pages: page dumps and saved HTML into article records, in parallel.

The stage between :mod:`~tassanalysis.ingest.scan` and the table reader. Each
page goes to its parser (:func:`~tassanalysis.ingest.tass_text.parse_tass_text`
for text dumps, :func:`~tassanalysis.ingest.html.parse_html` for HTML); a page
a parser refuses — or one that makes a parser fail — becomes a reject with its
reason and raw text, and the run goes on. Long runs are spread over forked
worker processes.

Examples
--------
>>> from pathlib import Path
>>> from tassanalysis.ingest.scan import Page, raw_text
>>> page = Page(Path("p.txt"), "text", "MOSCOW, March 5 /ITAR-TASS/. Talks went on.")
>>> records, rejects = parse_pages([page], year=2014)
>>> records[0]["dateline"], rejects
('MOSCOW', [])
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import polars as pl

from tassanalysis.ingest.errors import PageError
from tassanalysis.ingest.html import parse_html
from tassanalysis.ingest.scan import Page, origin_of, raw_text
from tassanalysis.ingest.tass_text import learn_boilerplate, parse_tass_text
from tassanalysis.schema import ARTICLE_SCHEMA, empty_corpus

__all__ = ["PAGE_TIMEOUT", "page_boilerplate", "parse_pages", "records_frame"]

Reject = tuple[str, str, str]
_WORK: dict[str, Any] = {}
#: Fewer pages than this are parsed in the calling process.
_PARALLEL_FROM = 2000
_CHUNK = 1000
#: Seconds one page may take before it becomes a ``parser-timeout`` reject.
PAGE_TIMEOUT = 10.0


class _PageTimeout(Exception):
    """Raised in the parsing process when a page uses up its time budget."""


def _on_alarm(_signum: int, _frame: Any) -> None:
    raise _PageTimeout


@contextlib.contextmanager
def _alarms(enabled: bool):
    """Route SIGALRM to :class:`_PageTimeout` while pages are parsed (main thread only)."""
    if not enabled or threading.current_thread() is not threading.main_thread() \
            or not hasattr(signal, "setitimer"):
        yield False
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    try:
        yield True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """Worker initializer: the worker is killed when the process that started it dies.

    On Linux ``prctl(PR_SET_PDEATHSIG, SIGKILL)``; elsewhere a thread that watches
    the parent's pid. A worker never outlives a killed ingest (nor holds its files).
    """
    armed = False
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            armed = libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)
    if not armed:
        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(0.5)
            os._exit(1)

        threading.Thread(target=watch, daemon=True).start()


def page_boilerplate(pages: list[Page], profile: list[str] | None = None) -> frozenset[str]:
    """Learn the lines repeated across this run's page dumps, plus a stored profile.

    Parameters
    ----------
    pages
        The pages of the run (only text dumps count).
    profile
        Lines learned by earlier runs into the same store.

    Returns
    -------
    frozenset of str
        Normalized lines for ``parse_tass_text(boilerplate=…)``.

    Examples
    --------
    >>> page_boilerplate([], ["menu"])
    frozenset({'menu'})
    """
    texts = [p.text for p in pages if p.fmt == "text" and p.text]
    learned = learn_boilerplate(texts) if len(texts) >= 5 else frozenset()
    return learned | frozenset(profile or ())


_WARM_PAGE = "Title\nDecember 26, 20:52 UTC+3\nMOSCOW, December 26. /TASS/. Text.\n"
_WARM_HTML = ("<html><head><title>T</title></head><body><article><p>MOSCOW, December 26. "
              "/TASS/. Text.</p></article></body></html>")


@functools.cache
def _warm_up() -> None:
    from tassanalysis.ingest.language import warm_up

    warm_up()
    for parse, text in ((parse_tass_text, _WARM_PAGE), (parse_html, _WARM_HTML)):
        with contextlib.suppress(Exception):
            parse(text, origin="warm-up")


def _parse_one(page: Page, *, year: int | None, boilerplate: frozenset[str] | None,
               timeout: float | None = None) -> tuple[dict[str, Any] | None, Reject | None]:
    origin = origin_of(page.path)
    started = time.perf_counter()
    try:
        if timeout:
            signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            if page.fmt == "html":
                record = parse_html(page.text or "", origin=origin, url=page.metadata.get("url"))
            else:
                record = parse_tass_text(page.text or "", origin=origin, year=year,
                                         metadata=page.metadata or None, boilerplate=boilerplate)
        finally:
            if timeout:
                signal.setitimer(signal.ITIMER_REAL, 0)
        if timeout and time.perf_counter() - started > timeout:
            # the alarm cannot cut into one long call in compiled code: the budget holds
            # all the same
            raise _PageTimeout
    except PageError as err:
        return None, (origin, err.reason, raw_text(page.text or ""))
    except _PageTimeout:
        return None, (origin, f"parser-timeout: over {timeout:g} s", raw_text(page.text or ""))
    except Exception as err:  # noqa: BLE001 - one page never sinks the run; keep the input
        reason = f"parser-error: {type(err).__name__}: {err}".splitlines()[0][:300]
        return None, (origin, reason, raw_text(page.text or ""))
    return record, None


def _parse_range(bounds: tuple[int, int]) -> list[tuple[dict | None, Reject | None]]:
    pages, year, boiler = _WORK["pages"], _WORK["year"], _WORK["boilerplate"]
    with _alarms(bool(_WORK["timeout"])) as armed:
        timeout = _WORK["timeout"] if armed else None
        return [_parse_one(p, year=year, boilerplate=boiler, timeout=timeout)
                for p in pages[bounds[0]:bounds[1]]]


def _progress_bar(total: int, show: bool | None) -> Any:
    show = show if show is not None else (sys.stderr.isatty() and total >= 500)
    if not show:
        return None
    from tqdm import tqdm  # plain console bar: never a notebook widget

    return tqdm(total=total, unit="page", desc="parsing", file=sys.stderr)


def parse_pages(pages: list[Page], *, year: int | None = None,
                boilerplate: frozenset[str] | None = None, workers: int = 1,
                progress: bool | None = False, timeout: float | None = PAGE_TIMEOUT,
                ) -> tuple[list[dict[str, Any]], list[Reject]]:
    """Parse pages into article records; refused pages become rejects.

    Parameters
    ----------
    pages
        Decoded pages (:class:`~tassanalysis.ingest.scan.Page`).
    year
        The year of pages whose date prints none.
    boilerplate
        Normalized chrome lines (:func:`page_boilerplate`).
    workers
        Processes; runs of fewer than 2,000 pages use the calling process.
    progress
        Show a progress bar on stderr (None: on a terminal, for 500 pages or more).
    timeout
        Seconds one page may take; a page that takes longer becomes a
        ``parser-timeout`` reject (None or 0: no limit). Enforced with
        ``SIGALRM`` where pages are parsed in a main thread.

    Returns
    -------
    tuple[list[dict], list[tuple[str, str, str]]]
        The records (see :func:`~tassanalysis.ingest.tass_text.parse_tass_text`)
        and the rejects ``(origin, reason, raw)``.

    Examples
    --------
    >>> parse_pages([])
    ([], [])
    """
    bar = _progress_bar(len(pages), progress)
    tick: Callable[[int], None] = (lambda n: bar.update(n) if n else None) if bar else (
        lambda n: None)
    parsed: list[tuple[dict | None, Reject | None]] = []
    if pages and timeout:
        # What the parsers load once per process (the language model, the article-id
        # table, compiled patterns) loads here: not inside one page's time budget, where
        # an alarm would cut it short and the next page would pay for it again (and
        # before the workers fork, so they share it).
        _warm_up()
    try:
        if (workers <= 1 or len(pages) < _PARALLEL_FROM
                or "fork" not in multiprocessing.get_all_start_methods()):
            with _alarms(bool(timeout) and bool(pages)) as armed:
                for i, page in enumerate(pages):
                    parsed.append(_parse_one(page, year=year, boilerplate=boilerplate,
                                             timeout=timeout if armed else None))
                    if i % 500 == 499:
                        tick(500)
            tick(len(pages) % 500)
        else:
            _WORK.update(pages=pages, year=year, boilerplate=boilerplate, timeout=timeout)
            ranges = [(i, min(i + _CHUNK, len(pages))) for i in range(0, len(pages), _CHUNK)]
            try:
                ctx = multiprocessing.get_context("fork")
                with ProcessPoolExecutor(max_workers=workers, mp_context=ctx,
                                         initializer=_die_with_parent,
                                         initargs=(os.getpid(),)) as pool:
                    for (lo, hi), chunk in zip(ranges, pool.map(_parse_range, ranges),
                                               strict=True):
                        parsed.extend(chunk)
                        tick(hi - lo)
            finally:
                _WORK.clear()
    finally:
        if bar is not None:
            bar.close()
    records = [rec for rec, _ in parsed if rec is not None]
    rejects = [rej for _, rej in parsed if rej is not None]
    return records, rejects


def records_frame(records: list[dict[str, Any]]) -> pl.DataFrame:
    """Return page records as a canonical frame (extra keys dropped).

    Parameters
    ----------
    records
        Records from :func:`parse_pages`.

    Returns
    -------
    pl.DataFrame
        The canonical article schema.

    Examples
    --------
    >>> records_frame([]).height
    0
    """
    if not records:
        return empty_corpus()
    rows = [{k: r.get(k) for k in ARTICLE_SCHEMA} for r in records]
    for r in rows:
        for key in ("tags", "persons", "related"):
            r[key] = list(r[key] or [])
        r["merged"] = int(r["merged"] or 0)
    return pl.DataFrame(rows, schema=ARTICLE_SCHEMA)
