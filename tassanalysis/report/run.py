"""Run a report notebook with papermill and keep every run.

:func:`run_report` checks the parameters (:mod:`~tassanalysis.report.parameters`)
before any kernel starts, then works in a private staging folder
``reports/.staging/<name>.<pid>.<id>/`` and, once the run is complete, renames
it into place in one step::

    reports/<name>/<YYYY-MM-DD>[-HHMMSS]/<name>.html       the report
    reports/<name>/<YYYY-MM-DD>[-HHMMSS]/<name>.ipynb      the executed notebook
    reports/<name>/<YYYY-MM-DD>[-HHMMSS]/<name>.run.json   status, parameters, provenance
    reports/<name>/latest.html                             the newest page of the report
    reports/index.html                                     every run, newest first

The first run of a day gets the day's folder, later ones the day and time.
A run is ``ok``, ``failed`` (the executed notebook with the error is kept, no
page) or ``empty`` (the selection holds no article: no kernel runs, and the
page says so at the top). A run killed midway leaves only its staging folder,
which the next run removes once its process is gone.

Examples
--------
>>> EXIT_CODES
{'ok': 0, 'failed': 1, 'empty': 3}
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import time
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from tassanalysis.report.index import LATEST, write_atomic, write_index
from tassanalysis.report.parameters import (
    Checks,
    ParameterError,
    check_parameters,
    declared_parameters,
    list_reports,
    notebook_path,
    report_spec,
)
from tassanalysis.report.render import notebook_description, render_html, selection_notices, title

__all__ = ["EXIT_CODES", "KERNEL", "REPORTS_MARKER", "ReportResult", "check_reports_folder",
           "kept_runs", "prune_runs", "run_all", "run_report"]

KERNEL = "python3"
#: Exit status of ``tass report`` for each run status (2 is a usage error).
EXIT_CODES = {"ok": 0, "failed": 1, "empty": 3}
STAGING = ".staging"
#: The file that marks a folder as a reports folder this package made.
REPORTS_MARKER = ".tassanalysis-reports"
#: A staging folder's name: ``<name>.<pid>.<id>``; nothing else under ``.staging`` is ours.
_STAGING_NAME = re.compile(r"^[^/]+\.\d+\.[0-9a-f]{8}$")
_KERNEL_ENV = ("PYTHONPATH", "TASSANALYSIS_REPORT", "TQDM_DISABLE",
               "PYDEVD_DISABLE_FILE_VALIDATION")


@dataclass
class ReportResult:
    """What one report run produced.

    Attributes
    ----------
    name : str
        Report (notebook) name.
    status : str
        ``ok``, ``failed`` or ``empty``.
    folder : Path
        The run's folder.
    html : Path or None
        The page (None when the run failed).
    notebook : Path or None
        The executed notebook (None for an empty selection, which runs no kernel).
    params : dict
        The parameters the report ran with (defaults filled in).
    seconds : float
        Wall time of execution and rendering.
    error : str or None
        First line of the error when the run failed.
    index : Path or None
        The regenerated ``index.html``.
    provenance : dict
        Corpus, snapshot, selection and article count.
    """

    name: str
    status: str
    folder: Path
    html: Path | None
    notebook: Path | None
    params: dict[str, Any]
    seconds: float
    error: str | None = None
    index: Path | None = None
    provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the notebook ran and its page was written."""
        return self.status == "ok"

    @property
    def exit_code(self) -> int:
        """0 ok, 1 failed, 3 empty selection."""
        return EXIT_CODES[self.status]


@contextlib.contextmanager
def _kernel_environment() -> Iterator[None]:
    """Environment for the kernel papermill starts: the package importable, report mode on."""
    import tassanalysis
    from tassanalysis.display import REPORT_ENV

    package_root = str(Path(tassanalysis.__file__).resolve().parents[1])
    saved = {k: os.environ.get(k) for k in _KERNEL_ENV}
    paths = [package_root, *[p for p in (saved["PYTHONPATH"] or "").split(os.pathsep) if p]]
    os.environ.update({"PYTHONPATH": os.pathsep.join(dict.fromkeys(paths)), REPORT_ENV: "1",
                       "TQDM_DISABLE": "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1"})
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _provenance(checks: Checks) -> dict[str, Any]:
    """Corpus, snapshot, selected day range and article count of a run."""
    import polars as pl

    import tassanalysis
    from tassanalysis.prose import readable_dates
    from tassanalysis.selection import resolve_dates
    from tassanalysis.store import current_snapshot

    facts: dict[str, Any] = {"package": f"tassanalysis {tassanalysis.__version__}"}
    if checks.corpus is None:
        return facts
    values = checks.values
    facts["corpus"] = checks.corpus
    snap = current_snapshot(checks.corpus)
    if snap is not None:
        facts["snapshot"] = snap.name
    first, last = resolve_dates(checks.corpus, start=values.get("start"), end=values.get("end"),
                                window=values.get("window"))
    scan = checks.selection()
    wanted = [c for c in ("published_at", "source", "origin", "date_precision")
              if c in scan.collect_schema().names()]
    dated = scan.select(wanted).collect()
    facts["articles"] = dated.height
    facts["selected"] = (f"{first or 'start of corpus'} to {last or 'end of corpus'}"
                         if first or last else "whole corpus")
    # a time known only to the day is shown as a day, never as midnight UTC
    shown = readable_dates(dated.with_row_index("row")).join(
        dated.select(pl.col("published_at").alias("at")).with_row_index("row"), on="row")
    ends = shown.filter(pl.col("at").is_not_null()).sort("at")
    facts["first_article"] = ends["published_at"][0] if ends.height else None
    facts["last_article"] = ends["published_at"][-1] if ends.height else None
    return facts


def _error_line(err: BaseException) -> str:
    ename, evalue = getattr(err, "ename", None), getattr(err, "evalue", None)
    if ename:
        count = getattr(err, "exec_count", None)
        where = f" (cell [{count}])" if count else ""
        return f"{ename}: {evalue}{where}"
    text = str(err).strip().splitlines()
    return f"{type(err).__name__}: {text[0] if text else ''}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def check_reports_folder(out: str | Path) -> Path:
    """Check that ``out`` may hold reports, and mark it: the ``--out`` rule.

    ``out`` must be new, empty, or a reports folder this package made (its
    :data:`REPORTS_MARKER`, or runs it wrote, ``<name>/<day>/<name>.run.json``); a
    folder holding only a ``README.md`` (the project's ``reports/``) counts as
    one. Anything else is refused before anything is written, so a user's
    ``index.html`` or drafts are never overwritten or removed.

    Raises
    ------
    ParameterError
        ``out`` is a file, or a folder holding other things.

    Examples
    --------
    >>> import tempfile
    >>> folder = check_reports_folder(Path(tempfile.mkdtemp()) / "reports")
    >>> (folder / REPORTS_MARKER).is_file()
    True
    """
    root = Path(out)
    if root.exists() and not root.is_dir():
        raise ParameterError(f"--out {root} is a file: give a new or empty folder, or a "
                             "reports folder")
    if root.is_dir() and not (root / REPORTS_MARKER).is_file():
        entries = sorted(p.name for p in root.iterdir())
        ours = entries in ([], ["README.md"]) or any(root.glob("*/*/*.run.json"))
        if not ours:
            shown = ", ".join(entries[:3]) + (", …" if len(entries) > 3 else "")
            raise ParameterError(
                f"--out {root} is not empty and not a reports folder ({len(entries)} entries: "
                f"{shown}); give a new or empty folder — nothing in it was changed")
    try:
        root.mkdir(parents=True, exist_ok=True)
        if not (root / REPORTS_MARKER).is_file():
            (root / REPORTS_MARKER).write_text("tassanalysis reports folder\n", encoding="utf-8")
    except OSError as err:
        raise ParameterError(f"--out {root} cannot be written: {err.strerror or err}") from None
    return root


def sweep_staging(out: str | Path) -> list[Path]:
    """Remove the staging folders of runs whose process is gone (killed midway).

    Returns
    -------
    list of Path
        The folders removed.

    Examples
    --------
    >>> sweep_staging("/no/such/reports")
    []
    """
    staging = Path(out) / STAGING
    removed = []
    for folder in sorted(staging.glob("*")) if staging.is_dir() else []:
        if not _STAGING_NAME.match(folder.name) or not folder.is_dir() or folder.is_symlink():
            continue  # not a run's staging folder: never ours to remove
        pid = folder.name.rsplit(".", 2)[-2]
        if pid.isdigit() and _alive(int(pid)):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def _publish(staging: Path, base: Path, day: str, started: datetime) -> Path:
    """Rename the finished ``staging`` folder to the run's folder under ``base``."""
    base.mkdir(parents=True, exist_ok=True)
    stamp = f"{day}-{started:%H%M%S}"
    for attempt in range(1000):
        folder = base / (day if attempt == 0 else stamp if attempt == 1
                         else f"{stamp}-{attempt}")
        if folder.exists():
            continue
        try:
            os.rename(staging, folder)
        except OSError:  # another run took the name meanwhile
            continue
        return folder
    raise RuntimeError(f"no free run folder under {base}")


SUMMARY = "{name}.summary.json"


def kept_runs(out: str | Path, name: str) -> list[tuple[Path, dict[str, Any]]]:
    """The kept runs of report ``name`` under ``out``, oldest first: (folder, run record).

    Examples
    --------
    >>> kept_runs("/no/such/reports", "term_frequency")
    []
    """
    found = []
    for record_path in Path(out, name).glob(f"*/{name}.run.json"):
        try:
            record = json.loads(record_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        found.append((record_path.parent, record))
    return sorted(found, key=lambda item: (str(item[1].get("started", "")), item[0].name))


def _previous_summary(out: Path, name: str) -> tuple[Path, dict[str, Any], dict[str, Any]] | None:
    """The newest good run of ``name`` that kept a summary: folder, record, summary."""
    for folder, record in reversed(kept_runs(out, name)):
        path = folder / SUMMARY.format(name=name)
        if record.get("status") != "ok" or not path.is_file():
            continue
        try:
            return folder, record, json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
    return None


def _what_changed(out: Path, name: str, summary: dict[str, Any],
                  params: Mapping[str, Any], keep: int | None = None) -> dict[str, Any] | None:
    """The "What changed" section of a page, against the previous good run (None: first)."""
    from tassanalysis.report.changes import LEVEL, MIN_COUNT, compare, describe

    previous = _previous_summary(out, name)
    if previous is None:
        return None
    folder, record, before = previous
    tables = compare(before, summary)
    differ = sorted(k for k, v in (record.get("params") or {}).items()
                    if k not in ("start", "end", "window") and params.get(k) != v)
    started = str(record.get("started", ""))[:16].replace("T", " ")
    return {
        # with --keep 1 the previous run is removed after this one: no link to nothing
        "previous": f"{folder.name}/{name}.html" if keep is None or keep >= 2 else None,
        "when": f"{started} UTC" if started else "",
        "articles": (record.get("provenance") or {}).get("articles"),
        "differ": differ,
        "rule": (f"Named only where the change is beyond chance (likelihood-ratio test, "
                 f"p < {LEVEL:g}) for a count of at least {MIN_COUNT} in one run; a name "
                 "missing from one run's table is compared at that table's smallest count."),
        "tables": [{"table": t["table"], "compared": t["compared"],
                    "rose": [describe(c) for c in t["changes"] if c["direction"] == "rose"],
                    "fell": [describe(c) for c in t["changes"] if c["direction"] == "fell"]}
                   for t in tables],
    }


def prune_runs(out: str | Path, name: str, keep: int) -> list[Path]:
    """Remove all but the ``keep`` newest runs of report ``name``; never the latest good one.

    With ``keep=1`` only the latest run stays (and the latest good run, when the
    latest failed). Summaries for "What changed" are compared with the latest
    good run, which is always kept.

    Returns
    -------
    list of Path
        The run folders removed.

    Examples
    --------
    >>> prune_runs("/no/such/reports", "term_frequency", 2)
    []
    """
    if keep < 1:
        raise ValueError(f"keep must be 1 or more, not {keep}")
    runs = kept_runs(out, name)
    good = [folder for folder, record in runs if record.get("status") == "ok"]
    spared = {folder for folder, _ in runs[-keep:]} | ({good[-1]} if good else set())
    removed = []
    for folder, _ in runs:
        if folder not in spared:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def run_report(name: str, *, params: Mapping[str, Any] | None = None,
               out: str | Path = "reports", notebooks: str | Path = "notebooks",
               today: date | None = None, timeout: int | None = 900,
               update_index: bool = True, keep: int | None = None) -> ReportResult:
    """Execute report ``name`` and write its page, executed notebook, run record and the index.

    Parameters
    ----------
    name : str
        Notebook name in ``notebooks`` (without ``.ipynb``), or a notebook path.
    params : mapping
        Parameter values (strings from the command line, or Python values).
    out : str or Path
        Reports folder.
    notebooks : str or Path
        Folder of the report notebooks.
    today : date
        Date of the run folder (default: today).
    timeout : int or None
        Seconds one cell may run.
    update_index : bool
        Regenerate ``out/index.html``.
    keep : int or None
        Afterwards keep only this many newest runs of the report
        (:func:`prune_runs`); None keeps every run.

    Returns
    -------
    ReportResult
        ``status`` ``failed`` when the notebook raised or the page could not be
        made (the executed notebook is kept); ``empty`` when the selection
        holds no article.

    Raises
    ------
    ParameterError
        Before any kernel starts and before anything is written, when the
        parameters do not fit.

    Examples
    --------
    A selection without articles runs no kernel; its page says so:

    >>> import tempfile
    >>> from tassanalysis import datasets, store
    >>> corpus, out = tempfile.mkdtemp() + "/corpus", tempfile.mkdtemp()
    >>> _ = store.write_corpus(datasets.load_sample(), corpus)
    >>> result = run_report("corpus_overview", out=out, today=date(2026, 1, 5),
    ...                     params={"corpus": corpus, "start": "2030-01-01"})
    >>> result.status, result.exit_code, result.html.relative_to(out).as_posix()
    ('empty', 3, 'corpus_overview/2026-01-05/corpus_overview.html')
    """
    path = notebook_path(name, notebooks)
    name = path.stem
    given = sorted((params or {}).keys())
    values, checks = check_parameters(path, params)
    import nbformat  # after the checks: a usage error answers without loading it
    spec = report_spec(name)
    notebook = nbformat.read(path, as_version=4)
    description = (spec.description if spec else "") or notebook_description(notebook)
    provenance = _provenance(checks)
    notices = selection_notices(provenance.get("articles"))
    out = check_reports_folder(out)
    sweep_staging(out)
    started = datetime.now(UTC)
    clock = time.perf_counter()
    staging = out / STAGING / f"{name}.{os.getpid()}.{uuid.uuid4().hex[:8]}"
    staging.mkdir(parents=True)
    try:
        status, error, page, executed = "ok", None, None, staging / f"{name}.ipynb"
        try:
            if notices and notices[0][0] == "empty":
                status, executed = "empty", None
                nb = nbformat.v4.new_notebook(metadata=notebook.metadata)
            else:
                import papermill

                with _kernel_environment():
                    papermill.execute_notebook(
                        str(path), str(executed), parameters=values, kernel_name=KERNEL,
                        progress_bar=False, log_output=False, execution_timeout=timeout,
                        cwd=str(Path.cwd()), extra_arguments=["--IPKernelApp.log_level=CRITICAL"])
                nb = nbformat.read(executed, as_version=4)
            nb.metadata["title"] = title(nb, name)
            provenance["run"] = f"{started:%Y-%m-%d %H:%M:%S} UTC, {time.perf_counter() - clock:.1f} s"
            changed = None
            if status == "ok" and executed is not None:
                from tassanalysis.report.changes import summarize

                try:  # an optional section: its failure is said on the page, not fatal
                    summary = summarize(nb)
                    changed = _what_changed(out, name, summary, values, keep)
                    (staging / SUMMARY.format(name=name)).write_text(
                        json.dumps(summary, ensure_ascii=False), encoding="utf-8")
                except Exception as err:  # noqa: BLE001
                    changed = {"error": _error_line(err)}
            page = render_html(nb, name=name, params=values, given=given, provenance=provenance,
                               description=description, notices=notices, changes=changed)
            (staging / f"{name}.html").write_text(page, encoding="utf-8")
        except Exception as err:  # noqa: BLE001 - any failure of the run is reported, not raised
            status, error = "failed", _error_line(err)
        seconds = time.perf_counter() - clock
        has_notebook = executed is not None and executed.is_file()
        record = {"name": name, "status": status, "ok": status == "ok",
                  "started": started.isoformat(timespec="microseconds"),
                  "seconds": round(seconds, 2), "params": values, "given": given,
                  "description": description, "provenance": provenance, "error": error,
                  "html": f"{name}.html" if page is not None else None,
                  "notebook": executed.name if has_notebook else None}
        (staging / f"{name}.run.json").write_text(json.dumps(record, indent=2, default=str),
                                                  encoding="utf-8")
        folder = _publish(staging, out / name, (today or date.today()).isoformat(), started)
        if page is not None:
            # latest.html sits one folder up: the link to the previous run starts there
            write_atomic(out / name / LATEST, page.replace('href="../', 'href="'))
        if keep is not None:
            prune_runs(out, name, keep)
        index = write_index(out) if update_index else None
        return ReportResult(name=name, status=status, folder=folder,
                            html=folder / f"{name}.html" if page is not None else None,
                            notebook=folder / executed.name if has_notebook else None,
                            params=values, seconds=seconds, error=error, index=index,
                            provenance=provenance)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # gone already unless the run broke off


def run_all(*, params: Mapping[str, Any] | None = None, out: str | Path = "reports",
            notebooks: str | Path = "notebooks", today: date | None = None,
            timeout: int | None = 900, keep: int | None = None) -> list[ReportResult]:
    """Run every report in ``notebooks``; each gets the ``params`` it declares.

    All parameters are checked before the first kernel starts.

    Raises
    ------
    ParameterError
        A parameter no report declares, or a value that does not fit.

    Examples
    --------
    >>> import tempfile
    >>> from tassanalysis import datasets, store
    >>> corpus = tempfile.mkdtemp() + "/corpus"
    >>> _ = store.write_corpus(datasets.load_sample(), corpus)
    >>> {r.status for r in run_all(out=tempfile.mkdtemp(),
    ...                            params={"corpus": corpus, "end": "2000-01-01"})}
    {'empty'}
    """
    names = list_reports(notebooks)
    if not names:
        raise ParameterError(f"no report notebooks in {notebooks}")
    params = dict(params or {})
    declared = {n: {p.name for p in declared_parameters(Path(notebooks) / f"{n}.ipynb")}
                for n in names}
    unused = sorted(set(params) - set().union(*declared.values()))
    if unused:
        raise ParameterError(f"unknown parameter(s): {', '.join(unused)} (no report takes them)")
    own = {n: {k: v for k, v in params.items() if k in declared[n]} for n in names}
    for n in names:
        check_parameters(Path(notebooks) / f"{n}.ipynb", own[n])
    check_reports_folder(out)
    results = [run_report(n, params=own[n], out=out, notebooks=notebooks, today=today,
                          timeout=timeout, update_index=False, keep=keep) for n in names]
    index = write_index(out)
    for result in results:
        result.index = index
    return results
