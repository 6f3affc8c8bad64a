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

The command line (``tass report``) is in :mod:`tassanalysis.cli`. These modules
import papermill, nbconvert, Jinja and Polars only inside the functions that
use them, so ``import tassanalysis.report`` is cheap; running a report needs
the ``report`` extra.

Examples
--------
>>> import tempfile
>>> from tassanalysis import datasets, store
>>> from tassanalysis.report import validate_params
>>> corpus = tempfile.mkdtemp() + "/corpus"
>>> _ = store.write_corpus(datasets.load_sample(), corpus)
>>> validate_params("term_frequency", {"corpus": corpus, "top": "10"})["top"]
10
>>> validate_params("term_frequency", {"corpus": corpus, "kwic_terms": "("})
Traceback (most recent call last):
tassanalysis.report.parameters.ParameterError: kwic_terms: '(' is not a word or phrase (each word needs a letter or digit)
>>> validate_params("term_frequency", {"corpus": corpus, "target": "2017-13"})
Traceback (most recent call last):
tassanalysis.report.parameters.ParameterError: target: '2017-13' is not a period (month must be in 1..12)
"""

from __future__ import annotations

from tassanalysis.report.catalog import KEYNESS, SELECTION, TERM_OPTIONS, TIME
from tassanalysis.report.index import write_index
from tassanalysis.report.parameters import (
    Parameter,
    ParameterError,
    ReportSpec,
    between,
    list_reports,
    notebook_parameters,
    one_of,
    parameter_cell,
    parse_params,
    register_report,
    report_spec,
    validate_params,
    words,
)
from tassanalysis.report.render import (
    SMALL_SELECTION,
    render_html,
    selection_notices,
    show_selection_warning,
)
from tassanalysis.report.run import EXIT_CODES, ReportResult, run_all, run_report, sweep_staging

__all__ = [
    "EXIT_CODES",
    "KEYNESS",
    "SELECTION",
    "SMALL_SELECTION",
    "TERM_OPTIONS",
    "TIME",
    "Parameter",
    "ParameterError",
    "ReportResult",
    "ReportSpec",
    "between",
    "list_reports",
    "notebook_parameters",
    "one_of",
    "parameter_cell",
    "parse_params",
    "register_report",
    "render_html",
    "report_spec",
    "run_all",
    "run_report",
    "selection_notices",
    "show_selection_warning",
    "sweep_staging",
    "validate_params",
    "words",
    "write_index",
]
