"""Run report notebooks with papermill and render them as self-contained HTML.

A report is a notebook in ``notebooks/`` with one cell tagged ``parameters``.
:func:`run_report` checks the parameters against that cell before any kernel
starts, executes the notebook (kernel ``python3``), renders it with code
hidden through the offline template in ``tassanalysis/templates/tass_report``
(the Vega bundle inlined once, no CDN script or stylesheet) and writes::

    reports/<name>/<YYYY-MM-DD>/<name>.html       the report
    reports/<name>/<YYYY-MM-DD>/<name>.ipynb      the executed notebook
    reports/<name>/<YYYY-MM-DD>/<name>.run.json   parameters, provenance, timing
    reports/index.html                            every run, newest first

A run that fails writes ``failed-<name>.ipynb`` (the executed notebook with
the error) and ``failed-<name>.run.json`` beside them instead, leaves the last
good report untouched, and the index marks the failure.

Examples
--------
>>> parse_params(["start=2017-01-01", "sources=tass.com,ria.ru"])
{'start': '2017-01-01', 'sources': 'tass.com,ria.ru'}
>>> result = run_report("corpus_overview", params={"window": "30d"})  # doctest: +SKIP
>>> result.html  # doctest: +SKIP
PosixPath('reports/corpus_overview/2026-11-27/corpus_overview.html')
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import html
import importlib.util
import json
import os
import re
import sys
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import tassanalysis
from tassanalysis import display, overview

for _module in ("papermill", "nbconvert", "nbformat"):  # fail at import, like a missing extra
    if importlib.util.find_spec(_module) is None:
        raise ImportError(f"No module named {_module!r}")

__all__ = [
    "ParameterError",
    "ReportResult",
    "add_report_arguments",
    "list_reports",
    "notebook_parameters",
    "parse_params",
    "render_html",
    "report_command",
    "run_all",
    "run_report",
    "validate_params",
    "write_index",
]

TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE_NAME = "tass_report"
#: Cells with these tags are left out of the HTML.
HIDDEN_TAGS = frozenset({"parameters", "injected-parameters", "report-hide"})
KERNEL = "python3"

_DATE_PARAMS = ("start", "end")
_SELECTION_PARAMS = ("start", "end", "window", "sources", "sections")


class ParameterError(ValueError):
    """Report parameters that do not fit the notebook or the corpus."""


@dataclass
class ReportResult:
    """What one report run produced.

    Attributes
    ----------
    name
        Report (notebook) name.
    ok
        True when the notebook ran and the HTML was written.
    html
        The HTML report (None when the run failed).
    notebook
        The executed notebook (``failed-<name>.ipynb`` when the run failed).
    params
        The parameters the notebook ran with (defaults filled in).
    seconds
        Wall time of execution and rendering.
    error
        First line of the error when the run failed.
    index
        The regenerated ``index.html``.
    """

    name: str
    ok: bool
    html: Path | None
    notebook: Path | None
    params: dict[str, Any]
    seconds: float
    error: str | None = None
    index: Path | None = None
    provenance: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------- parameters

def list_reports(notebooks: str | Path = "notebooks") -> list[str]:
    """Names of the report notebooks in ``notebooks`` (those with a ``parameters`` cell).

    Examples
    --------
    >>> list_reports("notebooks")  # doctest: +SKIP
    ['corpus_overview', 'term_frequency']
    """
    import nbformat

    names = []
    for path in sorted(Path(notebooks).glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        if any("parameters" in c.metadata.get("tags", []) for c in nb.cells):
            names.append(path.stem)
    return names


def _notebook_path(name: str, notebooks: str | Path) -> Path:
    path = Path(name) if name.endswith(".ipynb") else Path(notebooks) / f"{name}.ipynb"
    if not path.is_file():
        known = ", ".join(list_reports(notebooks)) if Path(notebooks).is_dir() else "none"
        raise ParameterError(f"no report notebook {path} (reports: {known})")
    return path


def notebook_parameters(path: str | Path) -> dict[str, dict[str, Any]]:
    """Parameters declared by a notebook's ``parameters`` cell.

    Returns
    -------
    dict
        name → ``{"type": str, "default": value, "help": str}``, in cell order.

    Examples
    --------
    >>> notebook_parameters("notebooks/corpus_overview.ipynb")["period"]  # doctest: +SKIP
    {'type': 'str', 'default': 'week', 'help': 'time bucket of the charts: …'}
    """
    import papermill

    found = papermill.inspect_notebook(str(path))
    params = {}
    for name, info in found.items():
        try:
            default = ast.literal_eval(info["default"])
        except (ValueError, SyntaxError):
            default = info["default"]
        params[name] = {"type": info["inferred_type_name"], "default": default,
                        "help": info["help"]}
    return params


def parse_params(pairs: Sequence[str]) -> dict[str, str]:
    """Turn ``-p key=value`` arguments into a dict of raw strings.

    Values are converted to each parameter's declared type by
    :func:`validate_params`; lists are given as ``a,b,c`` or a JSON list.

    Raises
    ------
    ParameterError
        A pair without ``=``, an empty or malformed name, or a name given twice.

    Examples
    --------
    >>> parse_params(["top=20", "window=last 7 days"])
    {'top': '20', 'window': 'last 7 days'}
    """
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not re.fullmatch(r"[A-Za-z_]\w*", key):
            raise ParameterError(f"parameter {pair!r} is not key=value")
        if key in params:
            raise ParameterError(f"parameter {key!r} given twice")
        params[key] = value.strip()
    return params


_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off"}


def _coerce(name: str, value: Any, type_name: str) -> Any:
    base = type_name.split("[")[0].strip().lower()
    fail = ParameterError(f"parameter {name}={value!r} is not a valid {type_name}")
    if base == "str":
        if isinstance(value, list | tuple | dict):
            raise fail
        return "" if value is None else str(value)
    if base == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE | _FALSE:
            return text in _TRUE
        raise fail
    if base == "int":
        if isinstance(value, bool):
            raise fail
        if isinstance(value, int):
            return value
        if isinstance(value, str) and re.fullmatch(r"\s*[-+]?\d+\s*", value):
            return int(value)
        raise fail
    if base == "float":
        if isinstance(value, bool):
            raise fail
        try:
            return float(value)
        except (TypeError, ValueError):
            raise fail from None
    if base in ("list", "tuple"):
        if isinstance(value, list | tuple):
            items = list(value)
        elif isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                try:
                    items = json.loads(text)
                except json.JSONDecodeError:
                    raise fail from None
            else:
                items = [v.strip() for v in text.split(",") if v.strip()]
        else:
            raise fail
        inner = type_name[type_name.find("[") + 1: -1] if "[" in type_name else "str"
        return [_coerce(name, v, inner) for v in items]
    if isinstance(value, str):  # untyped: a Python literal, else the text
        try:
            return ast.literal_eval(value)
        except (ValueError, SyntaxError):
            return value
    return value


def _corpus_values(corpus: str, column: str) -> list[str]:
    import polars as pl

    from tassanalysis.store import load_corpus

    values = (load_corpus(corpus, lazy=True).select(pl.col(column).drop_nulls().unique())
              .collect()[column].sort().to_list())
    return values


def _check_known(name: str, wanted: list[str], known: list[str]) -> None:
    unknown = [v for v in wanted if v not in known]
    if unknown:
        shown = ", ".join(known[:30]) + (" …" if len(known) > 30 else "")
        raise ParameterError(f"{name}: {', '.join(map(repr, unknown))} not in the corpus "
                             f"(it has: {shown or 'none'})")


def validate_params(name: str, params: Mapping[str, Any] | None = None, *,
                    notebooks: str | Path = "notebooks") -> dict[str, Any]:
    """Check report parameters against the notebook and the corpus, before any kernel starts.

    Checks names (unknown ones are refused), converts values to the declared
    types, and where the notebook declares them: the corpus exists, dates
    parse and ``start`` is not after ``end``, the ``window`` parses, sources
    and sections occur in the corpus, ``period`` is ``auto`` or a known
    bucket, ``focus_share`` lies in (0, 1], ``top`` is positive.

    Returns
    -------
    dict
        Every parameter of the notebook: the given ones converted, the others
        at their defaults; ``corpus`` as an absolute path.

    Raises
    ------
    ParameterError
        With a message that names the parameter and what is wrong.

    Examples
    --------
    >>> validate_params("corpus_overview", {"top": "x"})  # doctest: +SKIP
    Traceback (most recent call last):
    ParameterError: parameter top='x' is not a valid int
    """
    path = _notebook_path(name, notebooks)
    declared = notebook_parameters(path)
    if not declared:
        raise ParameterError(f"{path} has no cell tagged 'parameters'")
    given = dict(params or {})
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise ParameterError(f"unknown parameter(s) for {path.stem}: {', '.join(unknown)} "
                             f"(it takes: {', '.join(declared)})")
    values = {key: _coerce(key, given[key], info["type"]) if key in given else info["default"]
              for key, info in declared.items()}
    corpus = values.get("corpus")
    if corpus is not None:
        from tassanalysis.store import StoreError, load_corpus

        corpus_path = Path(str(corpus)).expanduser().resolve()
        if not corpus_path.exists():
            raise ParameterError(f"corpus {corpus_path} does not exist: build it with "
                                 f"`tass ingest … --out {corpus}`")
        try:
            load_corpus(corpus_path, lazy=True).collect_schema()
        except StoreError as err:
            raise ParameterError(f"corpus: {err}") from None
        values["corpus"] = str(corpus_path)
    for key in _DATE_PARAMS:
        if values.get(key):
            try:
                date.fromisoformat(str(values[key]))
            except ValueError:
                raise ParameterError(f"{key} {values[key]!r} is not a date: use YYYY-MM-DD") \
                    from None
    try:
        if values.get("window"):
            overview.parse_window(values["window"])
        overview.resolve_dates(values.get("corpus"), start=values.get("start", ""),
                               end=values.get("end", ""), window=values.get("window", ""))
    except ValueError as err:
        raise ParameterError(str(err)) from None
    if "period" in values and values["period"] not in ("auto", *overview.PERIODS):
        raise ParameterError(f"period {values['period']!r} is not one of "
                             f"auto, {', '.join(overview.PERIODS)}")
    share = values.get("focus_share")
    if share is not None and not (isinstance(share, int | float) and 0 < share <= 1):
        raise ParameterError(f"focus_share must be above 0 and at most 1, not {share!r}")
    for key in ("top", "ngram", "min_count", "kwic_lines", "trend_top"):
        if isinstance(values.get(key), int) and values[key] < 1:
            raise ParameterError(f"{key} must be 1 or more, not {values[key]}")
    _check_analysis_options(values)
    if corpus is not None:
        for key, column in (("sources", "source"), ("sections", "section")):
            wanted = values.get(key)
            if wanted:
                wanted = [wanted] if isinstance(wanted, str) else list(wanted)
                _check_known(key, wanted, _corpus_values(values["corpus"], column))
        if values.get("target") or values.get("reference"):
            try:
                overview.comparison(values["corpus"], by=values.get("compare_by", "source"),
                                    target=values.get("target", ""),
                                    reference=values.get("reference", ""))
            except ValueError as err:
                raise ParameterError(f"keyness: {err}") from None
    return values


def _check_analysis_options(values: Mapping[str, Any]) -> None:
    """Options of the term analyses: text column, stopwords, n-gram size, measure."""
    if "text" in values and values["text"] not in ("body", "title", "lead"):
        raise ParameterError(f"text {values['text']!r}: use body, title or lead")
    if "stopwords" in values:
        try:
            overview.stopword_option(values["stopwords"])
        except ValueError as err:
            raise ParameterError(str(err)) from None
    if "ngram" in values and values["ngram"] not in (1, 2, 3):
        raise ParameterError(f"ngram must be 1, 2 or 3, not {values['ngram']}")
    if "collocation_measure" in values:
        from tassanalysis.terms import ASSOCIATION_MEASURES

        if values["collocation_measure"] not in ASSOCIATION_MEASURES:
            raise ParameterError(f"collocation_measure {values['collocation_measure']!r}: use "
                                 f"one of {', '.join(ASSOCIATION_MEASURES)}")


# --------------------------------------------------------------------------- running

@contextlib.contextmanager
def _kernel_environment() -> Iterator[None]:
    """Environment for the kernel papermill starts: the package importable, report mode on."""
    package_root = str(Path(tassanalysis.__file__).resolve().parents[1])
    saved = {k: os.environ.get(k) for k in
             ("PYTHONPATH", display.REPORT_ENV, "TQDM_DISABLE", "PYDEVD_DISABLE_FILE_VALIDATION")}
    paths = [package_root, *[p for p in (saved["PYTHONPATH"] or "").split(os.pathsep) if p]]
    os.environ["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    os.environ[display.REPORT_ENV] = "1"
    os.environ["TQDM_DISABLE"] = "1"
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _provenance(values: Mapping[str, Any]) -> dict[str, Any]:
    """Corpus, selection range and article count of a run."""
    import polars as pl

    from tassanalysis.store import current_snapshot

    corpus = values.get("corpus")
    facts: dict[str, Any] = {"package": f"tassanalysis {tassanalysis.__version__}"}
    if corpus is None:
        return facts
    facts["corpus"] = str(corpus)
    snap = current_snapshot(corpus)
    if snap is not None:
        facts["snapshot"] = snap.name
    selection = {k: values[k] for k in _SELECTION_PARAMS if k in values}
    first, last = overview.resolve_dates(corpus, start=selection.get("start", ""),
                                         end=selection.get("end", ""),
                                         window=selection.get("window", ""))
    frame = overview.select_corpus(corpus, lazy=True, **selection)
    row = frame.select(pl.len().alias("n"), pl.col("published_at").min().alias("first"),
                       pl.col("published_at").max().alias("last")).collect().row(0, named=True)
    facts["articles"] = row["n"]
    facts["selected"] = (f"{first or 'start of corpus'} to {last or 'end of corpus'}"
                         if first or last else "whole corpus")
    facts["first_article"] = f"{row['first']:%Y-%m-%d %H:%M} UTC" if row["first"] else None
    facts["last_article"] = f"{row['last']:%Y-%m-%d %H:%M} UTC" if row["last"] else None
    return facts


def _title(nb: Any, name: str) -> str:
    return nb.metadata.get("title") or name.replace("_", " ").capitalize()


def render_html(nb: Any, *, name: str, params: Mapping[str, Any],
                given: Sequence[str] = (), provenance: Mapping[str, Any] | None = None) -> str:
    """Render an executed notebook as a self-contained HTML report.

    Code cells' inputs, cells tagged ``parameters`` / ``injected-parameters`` /
    ``report-hide`` and ``stderr`` streams are left out; a header lists the
    parameters (``given`` ones marked as set) and the provenance.

    Examples
    --------
    >>> page = render_html(nbformat.read("run.ipynb", 4), name="corpus_overview",
    ...                    params={"top": 10})  # doctest: +SKIP
    """
    import copy

    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs
                            if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
    exporter = HTMLExporter(template_name=TEMPLATE_NAME,
                            extra_template_basedirs=[str(TEMPLATES)],
                            exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags=set(HIDDEN_TAGS), enabled=True), enabled=True)
    prov = dict(provenance or {})
    labels = [("Corpus", prov.get("corpus")), ("Snapshot", prov.get("snapshot")),
              ("Selection", prov.get("selected")), ("Articles", _fmt_int(prov.get("articles"))),
              ("First article", prov.get("first_article")),
              ("Last article", prov.get("last_article")),
              ("Run", prov.get("run")), ("Package", prov.get("package"))]
    report = {
        "title": _title(nb, name),
        "subtitle": prov.get("subtitle", ""),
        "provenance": [(k, str(v)) for k, v in labels if v not in (None, "")],
        "parameters": [(k, _fmt_param(v), k in given) for k, v in params.items()],
    }
    resources = {"metadata": {"name": report["title"]}, "vega_bundle": display.vega_bundle(),
                 "report": report}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body


def _fmt_int(value: Any) -> str | None:
    return f"{value:,}" if isinstance(value, int) else value


def _fmt_param(value: Any) -> str:
    if value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _error_line(err: BaseException) -> str:
    ename, evalue = getattr(err, "ename", None), getattr(err, "evalue", None)
    if ename:
        count = getattr(err, "exec_count", None)
        where = f" (cell [{count}])" if count else ""
        return f"{ename}: {evalue}{where}"
    text = str(err).strip().splitlines()
    return f"{type(err).__name__}: {text[0] if text else ''}"


def run_report(name: str, *, params: Mapping[str, Any] | None = None,
               out: str | Path = "reports", notebooks: str | Path = "notebooks",
               today: date | None = None, timeout: int | None = 900,
               update_index: bool = True) -> ReportResult:
    """Execute report ``name`` and write its HTML, executed notebook and the index.

    Parameters
    ----------
    name
        Notebook name in ``notebooks`` (without ``.ipynb``), or a notebook path.
    params
        Parameter values (strings from the command line, or Python values).
    out
        Reports folder.
    notebooks
        Folder of the report notebooks.
    today
        Date of the run folder (default: today).
    timeout
        Seconds one cell may run.
    update_index
        Regenerate ``out/index.html``.

    Returns
    -------
    ReportResult
        ``ok`` is False when the notebook raised or the HTML could not be made;
        the failed notebook is kept and the last good report left alone.

    Raises
    ------
    ParameterError
        Before any kernel starts, when the parameters do not fit.

    Examples
    --------
    >>> run_report("corpus_overview", params={"period": "month"}).ok  # doctest: +SKIP
    True
    """
    import nbformat
    import papermill

    path = _notebook_path(name, notebooks)
    name = path.stem
    given = sorted((params or {}).keys())
    values = validate_params(str(path), params, notebooks=notebooks)
    provenance = _provenance(values)
    day = (today or date.today()).isoformat()
    folder = Path(out) / name / day
    folder.mkdir(parents=True, exist_ok=True)
    running = folder / f".running-{name}-{uuid.uuid4().hex[:8]}.ipynb"
    started = datetime.now(UTC)
    clock = time.perf_counter()
    error: BaseException | None = None
    page = None
    try:
        with _kernel_environment():
            papermill.execute_notebook(str(path), str(running), parameters=values,
                                       kernel_name=KERNEL, progress_bar=False,
                                       log_output=False, execution_timeout=timeout,
                                       cwd=str(Path.cwd()),
                                       extra_arguments=["--IPKernelApp.log_level=ERROR"])
        nb = nbformat.read(running, as_version=4)
        nb.metadata["title"] = _title(nb, name)
        provenance["run"] = (f"{started:%Y-%m-%d %H:%M:%S} UTC, "
                             f"{time.perf_counter() - clock:.1f} s")
        page = render_html(nb, name=name, params=values, given=given, provenance=provenance)
    except Exception as err:  # noqa: BLE001 - any failure of the run is reported, not raised
        error = err
    seconds = time.perf_counter() - clock
    record = {"name": name, "date": day, "started": started.isoformat(timespec="microseconds"),
              "seconds": round(seconds, 2), "params": values, "given": given,
              "provenance": provenance}
    if error is None:
        html_path, nb_path = folder / f"{name}.html", folder / f"{name}.ipynb"
        _write_atomic(html_path, page)
        os.replace(running, nb_path)
        record.update(ok=True, html=html_path.name, notebook=nb_path.name, error=None)
        _write_atomic(folder / f"{name}.run.json", json.dumps(record, indent=2, default=str))
        for stale in (folder / f"failed-{name}.ipynb", folder / f"failed-{name}.run.json"):
            stale.unlink(missing_ok=True)
    else:
        html_path, nb_path = None, folder / f"failed-{name}.ipynb"
        if running.exists():
            os.replace(running, nb_path)
        else:
            nb_path = None
        record.update(ok=False, html=None, notebook=nb_path.name if nb_path else None,
                      error=_error_line(error))
        _write_atomic(folder / f"failed-{name}.run.json",
                      json.dumps(record, indent=2, default=str))
    index = write_index(out) if update_index else None
    return ReportResult(name=name, ok=error is None, html=html_path, notebook=nb_path,
                        params=values, seconds=seconds, error=record["error"], index=index,
                        provenance=provenance)


def run_all(*, params: Mapping[str, Any] | None = None, out: str | Path = "reports",
            notebooks: str | Path = "notebooks", today: date | None = None,
            timeout: int | None = 900) -> list[ReportResult]:
    """Run every report in ``notebooks``; each gets the ``params`` it declares.

    All parameters are checked before the first kernel starts.

    Raises
    ------
    ParameterError
        A parameter no report declares, or a value that does not fit.

    Examples
    --------
    >>> [r.ok for r in run_all(params={"corpus": "data/corpus"})]  # doctest: +SKIP
    [True, True]
    """
    names = list_reports(notebooks)
    if not names:
        raise ParameterError(f"no report notebooks in {notebooks}")
    params = dict(params or {})
    declared = {n: notebook_parameters(Path(notebooks) / f"{n}.ipynb") for n in names}
    unused = sorted(set(params) - set().union(*(set(d) for d in declared.values())))
    if unused:
        raise ParameterError(f"unknown parameter(s): {', '.join(unused)} (no report takes them)")
    own = {n: {k: v for k, v in params.items() if k in declared[n]} for n in names}
    for n in names:
        validate_params(n, own[n], notebooks=notebooks)
    results = [run_report(n, params=own[n], out=out, notebooks=notebooks, today=today,
                          timeout=timeout, update_index=False) for n in names]
    index = write_index(out)
    for result in results:
        result.index = index
    return results


# --------------------------------------------------------------------------- index

def _runs(out: Path) -> list[dict[str, Any]]:
    runs = []
    for record in out.glob("*/*/*.run.json"):
        try:
            run = json.loads(record.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        run["folder"] = record.parent.relative_to(out).as_posix()
        runs.append(run)
    return sorted(runs, key=lambda r: (r.get("started", ""), r.get("name", "")), reverse=True)


def _when(run: dict[str, Any]) -> str:
    return str(run.get("started", ""))[:19].replace("T", " ")


_INDEX_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 1100px;
  margin: 24px auto; padding: 0 16px; color: #222; }
h1 { color: #1f4e79; } h2 { margin-top: 28px; }
table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
th { text-align: left; background: #eef3f8; border-bottom: 1px solid #9fb6cc; padding: 5px 8px; }
td { border-bottom: 1px solid #e3e3e3; padding: 4px 8px; vertical-align: top; }
.ok { color: #17692b; font-weight: 600; } .failed { color: #b00020; font-weight: 600; }
tr.failed-run { background: #fff3f3; }
.params { font-family: ui-monospace, monospace; font-size: 0.9em; color: #555; }
.error { font-family: ui-monospace, monospace; color: #b00020; font-size: 0.9em; }
"""


def write_index(out: str | Path = "reports") -> Path:
    """Regenerate ``out/index.html``: the latest run of each report, then every run, newest first.

    Failed runs are marked, with their error and a link to the notebook that
    holds it, and the last good report of that name stays linked.

    Examples
    --------
    >>> write_index("reports")  # doctest: +SKIP
    PosixPath('reports/index.html')
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    runs = _runs(out)
    esc = html.escape

    def link(run: dict[str, Any], key: str, label: str) -> str:
        if not run.get(key):
            return ""
        href = f"{run['folder']}/{run[key]}"
        return f'<a href="{esc(href, quote=True)}">{esc(label)}</a>'

    def params_text(run: dict[str, Any]) -> str:
        given = run.get("given") or []
        shown = {k: v for k, v in (run.get("params") or {}).items() if k in given}
        return ", ".join(f"{k}={_fmt_param(v)}" for k, v in shown.items()) or "defaults"

    latest: dict[str, dict[str, Any]] = {}
    last_good: dict[str, dict[str, Any]] = {}
    for run in runs:
        latest.setdefault(run["name"], run)
        if run.get("ok"):
            last_good.setdefault(run["name"], run)
    rows_latest = []
    for name in sorted(latest):
        run = latest[name]
        good = last_good.get(name)
        status = ('<span class="ok">ok</span>' if run.get("ok")
                  else '<span class="failed">FAILED</span>')
        rows_latest.append(
            f"<tr{'' if run.get('ok') else ' class=failed-run'}><td>{esc(name)}</td>"
            f"<td>{status}</td><td>{esc(_when(run))}</td>"
            f"<td>{link(good, 'html', good['date']) if good else 'none yet'}</td></tr>")
    rows_all = []
    for run in runs:
        ok = bool(run.get("ok"))
        status = '<span class="ok">ok</span>' if ok else '<span class="failed">FAILED</span>'
        what = (link(run, "html", "report") + " · " + link(run, "notebook", "notebook")) if ok \
            else (link(run, "notebook", "notebook with the error")
                  + f'<div class="error">{esc(run.get("error") or "")}</div>')
        articles = (run.get("provenance") or {}).get("articles")
        rows_all.append(
            f"<tr{'' if ok else ' class=failed-run'}><td>{esc(_when(run))}</td>"
            f"<td>{esc(run['name'])}</td><td>{status}</td><td>{what}</td>"
            f"<td class=params>{esc(params_text(run))}</td>"
            f"<td>{esc(_fmt_int(articles) or '')}</td>"
            f"<td>{esc(str(run.get('seconds', '')))} s</td></tr>")
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Reports</title>
<style>{_INDEX_CSS}</style></head>
<body>
<h1>Reports</h1>
<p>Updated {esc(stamp)}. Each report is one self-contained HTML file.</p>
<h2>Latest run of each report</h2>
<table><thead><tr><th>report</th><th>latest run</th><th>started (UTC)</th>
<th>last good report</th></tr></thead>
<tbody>{''.join(rows_latest) or '<tr><td colspan=4>No reports yet.</td></tr>'}</tbody></table>
<h2>All runs, newest first</h2>
<table><thead><tr><th>started (UTC)</th><th>report</th><th>status</th><th>files</th>
<th>parameters</th><th>articles</th><th>time</th></tr></thead>
<tbody>{''.join(rows_all) or '<tr><td colspan=7>No runs yet.</td></tr>'}</tbody></table>
</body></html>
"""
    path = out / "index.html"
    _write_atomic(path, page)
    return path


# --------------------------------------------------------------------------- command line

def add_report_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the ``tass report`` arguments to ``parser``.

    ``NAME``, ``-p/--param key=value`` (repeatable), ``--all``, ``--out``,
    ``--notebooks``, ``--date``, ``--list``.

    Examples
    --------
    >>> import argparse
    >>> args = add_report_arguments(argparse.ArgumentParser()).parse_args(
    ...     ["corpus_overview", "-p", "top=5"])
    >>> args.name, args.param
    ('corpus_overview', ['top=5'])
    """
    parser.add_argument("name", nargs="?", help="report (notebook) name, e.g. corpus_overview")
    parser.add_argument("-p", "--param", action="append", default=[], metavar="KEY=VALUE",
                        help="set a notebook parameter (repeatable); lists as a,b,c")
    parser.add_argument("--all", action="store_true", help="run every report notebook")
    parser.add_argument("--out", default="reports", help="reports folder (default: reports)")
    parser.add_argument("--notebooks", default="notebooks",
                        help="folder of the report notebooks (default: notebooks)")
    parser.add_argument("--date", type=date.fromisoformat, default=None,
                        help="date of the run folder, YYYY-MM-DD (default: today)")
    parser.add_argument("--list", action="store_true",
                        help="list the reports and their parameters, run nothing")
    return parser


def _print_reports(notebooks: str | Path) -> None:
    for name in list_reports(notebooks):
        print(name)
        for key, info in notebook_parameters(Path(notebooks) / f"{name}.ipynb").items():
            print(f"  {key}: {info['type']} = {info['default']!r}  {info['help']}")


def report_command(args: argparse.Namespace) -> int:
    """Run ``tass report``; returns the exit status (0 ok, 1 a report failed, 2 bad arguments).

    Examples
    --------
    >>> import argparse
    >>> parser = add_report_arguments(argparse.ArgumentParser())
    >>> report_command(parser.parse_args(["--list"]))  # doctest: +SKIP
    0
    """
    try:
        if args.list:
            _print_reports(args.notebooks)
            return 0
        params = parse_params(args.param)
        if args.all == bool(args.name):
            print("tass report: give a report NAME or --all (not both)", file=sys.stderr)
            return 2
        if args.all:
            results = run_all(params=params, out=args.out, notebooks=args.notebooks,
                              today=args.date)
        else:
            results = [run_report(args.name, params=params, out=args.out,
                                  notebooks=args.notebooks, today=args.date)]
    except ParameterError as err:
        print(f"tass report: {err}", file=sys.stderr)
        return 2
    for result in results:
        if result.ok:
            print(f"{result.name}: ok, {result.seconds:.1f} s → {result.html}")
        else:
            print(f"{result.name}: FAILED after {result.seconds:.1f} s: {result.error}\n"
                  f"  executed notebook kept at {result.notebook}", file=sys.stderr)
    if results and results[0].index:
        print(f"index: {results[0].index}")
    return 0 if all(r.ok for r in results) else 1
