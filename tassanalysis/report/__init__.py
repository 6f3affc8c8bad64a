"""Reports: parameterized notebooks run by papermill into self-contained offline HTML.

One module per job:

* :mod:`~tassanalysis.report.parameters`: the parameter registry (name, type,
  default, check, help), conversion of ``-p key=value`` strings and the checks
  that run before any kernel starts;
* :mod:`~tassanalysis.report.catalog`: the shipped reports and their parameters;
* :mod:`~tassanalysis.report.run`: papermill, the kernel's environment, run
  folders (every run kept), empty selections, staging and atomic publishing;
* :mod:`~tassanalysis.report.render`: nbconvert with the offline template
  (Vega inlined once), the header, notices for empty and small selections;
* :mod:`~tassanalysis.report.index`: ``reports/index.html`` from a Jinja template.

The command line (``tass report``) is in :mod:`tassanalysis.cli`. Names are
imported on first use, so ``import tassanalysis.report`` loads neither
papermill nor nbconvert; running a report needs the ``report`` extra.

Examples
--------
>>> from tassanalysis.report import validate_params
>>> validate_params("term_frequency", {"kwic_terms": "("})
Traceback (most recent call last):
tassanalysis.report.parameters.ParameterError: kwic_terms: '(' is not a word or phrase (each word needs a letter or digit)
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS: dict[str, tuple[str, ...]] = {
    "tassanalysis.report.parameters": (
        "SELECTION", "TIME", "Parameter", "ParameterError", "ReportSpec", "between",
        "list_reports", "notebook_parameters", "one_of", "parameter_cell", "parse_params",
        "register_report", "report_spec", "validate_params", "words"),
    "tassanalysis.report.run": ("EXIT_CODES", "ReportResult", "run_all", "run_report",
                                "sweep_staging"),
    "tassanalysis.report.render": ("SMALL_SELECTION", "render_html", "selection_notices",
                                   "show_selection_warning"),
    "tassanalysis.report.index": ("write_index",),
}
_HOME = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = sorted(_HOME)


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'tassanalysis.report' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
