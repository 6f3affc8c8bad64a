"""Report parameters, declared once: name, type, default, check and help.

A report is a notebook whose cell tagged ``parameters`` declares its
parameters. The same declarations live here, in a registry the runner reads:
each :class:`Parameter` has a type (``str``, ``int``, ``float``, ``bool``,
``list[str]``), a default, one line of help and a check that runs **before any
kernel starts**, so a bad value is a one-line usage error, never a traceback
from inside a notebook. :func:`parameter_cell` writes a notebook's parameter
cell from the registry, and the test suite asserts that every registered
notebook's cell declares exactly these names, types, defaults and help.

Reports share groups of parameters, defined in :mod:`tassanalysis.report.catalog`
with the reports that ship: ``SELECTION`` (which articles: corpus, start, end,
window, sources, sections) and ``TIME`` (period, focus_share). A report is
registered with :func:`register_report`::

    register_report("actor_comentions", SELECTION, TIME,
                    Parameter("top", "int", 20, "actors shown", check=between(1, 1000)))

A notebook that is not registered still runs: its parameters are read from
its cell by papermill, and those that share a name with a registered one get
that one's check.

Examples
--------
>>> parse_params(["top=20", "window=last 7 days"])
{'top': '20', 'window': 'last 7 days'}
>>> coerce(Parameter("sources", "list[str]", [], "outlets"), "tass.com, ria.ru")
['tass.com', 'ria.ru']
>>> between(1, 100)(500, None)
Traceback (most recent call last):
ValueError: must be between 1 and 100, not 500
"""

from __future__ import annotations

import ast
import functools
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "Checks",
    "Parameter",
    "ParameterError",
    "ReportSpec",
    "between",
    "check_cluster",
    "check_parameters",
    "coerce",
    "declared_parameters",
    "list_reports",
    "notebook_parameters",
    "notebook_path",
    "one_of",
    "parameter_cell",
    "parse_params",
    "register_report",
    "report_spec",
    "validate_params",
    "words",
]

class ParameterError(ValueError):
    """Report parameters that do not fit the report or the corpus (a usage error)."""


Check = Callable[[Any, "Checks | None"], Any]


@dataclass(frozen=True)
class Parameter:
    """One report parameter.

    Attributes
    ----------
    name : str
        A Python identifier (the variable in the notebook).
    type : str
        ``str``, ``int``, ``float``, ``bool`` or ``list[str]``.
    default : Any
        The value when the parameter is not given.
    help : str
        One line, shown by ``tass report --list`` and in the notebook cell.
    check : callable or None
        ``check(value, checks)`` returns the value (possibly normalised) or
        raises ``ValueError`` with what is wrong; ``checks`` (:class:`Checks`)
        gives the other values and the selected articles.
    """

    name: str
    type: str
    default: Any
    help: str
    check: Check | None = field(default=None, compare=False)


@dataclass(frozen=True)
class ReportSpec:
    """A registered report: its parameters in notebook order and a one-line description."""

    name: str
    parameters: tuple[Parameter, ...]
    description: str = ""

    def by_name(self) -> dict[str, Parameter]:
        """The parameters by name."""
        return {p.name: p for p in self.parameters}


_REGISTRY: dict[str, ReportSpec] = {}


def register_report(name: str, *parameters: Parameter | Iterable[Parameter],
                    description: str = "") -> ReportSpec:
    """Declare report ``name`` (its notebook is ``notebooks/<name>.ipynb``) and its parameters.

    Parameters
    ----------
    name : str
        The notebook's file name without ``.ipynb``.
    *parameters : Parameter or iterable of Parameter
        Single parameters and groups such as ``catalog.SELECTION``, in the order
        the notebook's cell declares them.
    description : str
        One line for the reports index (default: the notebook's first
        markdown cell).

    Returns
    -------
    ReportSpec

    Examples
    --------
    >>> from tassanalysis.report.catalog import SELECTION
    >>> spec = register_report("demo", SELECTION, Parameter("top", "int", 5, "rows"))
    >>> [p.name for p in spec.parameters][-2:]
    ['sections', 'top']
    >>> _ = _REGISTRY.pop("demo")
    """
    flat: list[Parameter] = []
    for item in parameters:
        flat.extend([item] if isinstance(item, Parameter) else item)
    names = [p.name for p in flat]
    if len(set(names)) != len(names):
        raise ValueError(f"report {name}: a parameter is declared twice in {names}")
    spec = ReportSpec(name, tuple(flat), description)
    _REGISTRY[name] = spec
    return spec


def report_spec(name: str) -> ReportSpec | None:
    """The registered report ``name``, or None.

    Examples
    --------
    >>> report_spec("term_frequency").by_name()["top"].default
    25
    """
    from tassanalysis.report import catalog  # noqa: F401 - registers the shipped reports

    return _REGISTRY.get(name)


# --------------------------------------------------------------------------- checks

def check_cluster(value: str, _: Checks | None = None) -> str:
    """Check a ``cluster`` parameter before any kernel starts: empty (this machine), or
    a Dask scheduler address where a scheduler answers (within a few seconds).

    Examples
    --------
    >>> check_cluster("")
    ''
    >>> check_cluster("notanaddress")
    Traceback (most recent call last):
    ValueError: 'notanaddress' is not a Dask scheduler address: give host:port, e.g. tcp://10.0.0.5:8786
    """
    if not str(value).strip():
        return ""
    from tassanalysis.distributed.engine import DistributedError, probe_scheduler, scheduler_address

    try:
        address = scheduler_address(str(value))
        probe_scheduler(address)
    except DistributedError as err:
        raise ValueError(str(err)) from None
    return address


def between(low: float, high: float) -> Check:
    """A check that a number lies in ``[low, high]``.

    Examples
    --------
    >>> between(1, 10)(3, None)
    3
    """
    def check(value: Any, _: Checks | None) -> Any:
        if not low <= value <= high:  # also refuses NaN
            raise ValueError(f"must be between {low:,} and {high:,}, not {value}")
        return value
    return check


def one_of(*choices: Any) -> Check:
    """A check that a value is one of ``choices``.

    Examples
    --------
    >>> one_of("body", "title")("lead", None)
    Traceback (most recent call last):
    ValueError: 'lead' is not one of body, title
    """
    def check(value: Any, _: Checks | None) -> Any:
        if value not in choices:
            raise ValueError(f"{value!r} is not one of {', '.join(map(str, choices))}")
        return value
    return check


def words(value: list[str], _: Checks | None) -> list[str]:
    """Check that each term is a word or a phrase: every space-separated part holds a letter or digit.

    Examples
    --------
    >>> words(["sanctions", "foreign minister"], None)
    ['sanctions', 'foreign minister']
    >>> words(["("], None)
    Traceback (most recent call last):
    ValueError: '(' is not a word or phrase (each word needs a letter or digit)
    """
    for term in value:
        parts = term.split()
        if not parts or len(term) > 200 or not all(re.search(r"\w", p) for p in parts):
            raise ValueError(f"{term!r} is not a word or phrase (each word needs a letter "
                             "or digit)")
    return value


class Checks:
    """What a check may look at: every parameter's value and the selected articles.

    Attributes
    ----------
    values : dict
        Every parameter's value, converted to its type; the checks that have
        run already left their normalised value (``corpus`` as an absolute path).

    The corpus is scanned lazily; only what a check asks for is collected.

    Examples
    --------
    >>> Checks({"corpus": None}).selection() is None
    True
    """

    def __init__(self, values: dict[str, Any]):
        self.values = values

    @property
    def corpus(self) -> str | None:
        """The corpus path (absolute once its check has run), or None."""
        corpus = self.values.get("corpus")
        return str(corpus) if corpus else None

    def selection(self):
        """The selected articles as a LazyFrame (None without a corpus)."""
        from tassanalysis.selection import select_corpus

        if self.corpus is None:
            return None
        return select_corpus(self.corpus, lazy=True,
                             **{k: self.values.get(k) for k in
                                ("start", "end", "window", "sources", "sections")})

    @functools.cache  # noqa: B019 - one Checks lives for one validation
    def corpus_values(self, column: str) -> tuple[str, ...]:
        """Distinct non-null values of ``column`` in the whole corpus, sorted."""
        import polars as pl

        from tassanalysis.store import load_corpus

        frame = (load_corpus(self.corpus, lazy=True).select(pl.col(column).drop_nulls().unique())
                 .collect())
        return tuple(sorted(frame[column].to_list()))



def _literal(value: Any) -> str:
    if isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str)
                                                                  for v in value)):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


# --------------------------------------------------------------------------- values

_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off"}


def coerce(parameter: Parameter, value: Any) -> Any:
    """Convert a given value (a command-line string or a Python value) to the parameter's type.

    Lists are given as ``a,b,c`` or a JSON list; booleans as true/false,
    yes/no, 1/0, on/off; an untyped parameter takes a Python literal.

    Raises
    ------
    ParameterError
        The value does not fit the type.

    Examples
    --------
    >>> coerce(Parameter("top", "int", 5, ""), "12")
    12
    >>> coerce(Parameter("top", "int", 5, ""), "1e23")
    Traceback (most recent call last):
    tassanalysis.report.parameters.ParameterError: top='1e23' is not a whole number
    """
    return _coerce(parameter.name, value, parameter.type)


def _coerce(name: str, value: Any, type_name: str) -> Any:
    base = type_name.split("[")[0].strip().lower()
    fail = ParameterError(f"{name}={value!r} is not a valid {type_name}")
    if base == "str":
        if isinstance(value, list | tuple | dict):
            raise fail
        return "" if value is None else str(value)
    if base == "bool":
        text = str(value).strip().lower()
        if isinstance(value, bool) or text in _TRUE | _FALSE:
            return value if isinstance(value, bool) else text in _TRUE
        raise fail
    if base == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and re.fullmatch(r"\s*[-+]?\d{1,4000}\s*", value):
            return int(value)
        raise ParameterError(f"{name}={value!r} is not a whole number")
    if base == "float":
        try:
            if isinstance(value, bool):
                raise TypeError
            return float(value)
        except (TypeError, ValueError):
            raise fail from None
    if base in ("list", "tuple"):
        if isinstance(value, list | tuple):
            items = list(value)
        elif isinstance(value, str) and value.strip().startswith("["):
            try:
                items = json.loads(value)
            except json.JSONDecodeError:
                raise fail from None
            if not isinstance(items, list):
                raise fail
        elif isinstance(value, str):
            items = [v.strip() for v in value.split(",") if v.strip()]
        else:
            raise fail
        inner = type_name[type_name.find("[") + 1: -1] if "[" in type_name else "str"
        return [_coerce(name, v, inner) for v in items]
    if isinstance(value, str):  # untyped: a Python literal, else the text
        try:
            return ast.literal_eval(value)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return value
    return value


def parse_params(pairs: Sequence[str]) -> dict[str, str]:
    """Turn ``-p key=value`` arguments into a dict of raw strings.

    Values are converted to each parameter's type by :func:`validate_params`.

    Raises
    ------
    ParameterError
        A pair without ``=``, an empty or malformed name, or a name given twice.

    Examples
    --------
    >>> parse_params(["a=1", "b = x=y"])
    {'a': '1', 'b': 'x=y'}
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


# --------------------------------------------------------------------------- notebooks

def _parameters_cell(path: Path) -> str | None:
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    for cell in nb.get("cells", []):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = cell.get("source", "")
            return "".join(source) if isinstance(source, list) else source
    return None


def list_reports(notebooks: str | Path = "notebooks") -> list[str]:
    """Names of the report notebooks in ``notebooks`` (those with a ``parameters`` cell).

    Examples
    --------
    >>> {"corpus_overview", "term_frequency"} <= set(list_reports("notebooks"))
    True
    """
    return [p.stem for p in sorted(Path(notebooks).glob("*.ipynb"))
            if _parameters_cell(p) is not None]


def notebook_parameters(path: str | Path) -> dict[str, dict[str, Any]]:
    """Parameters a notebook's ``parameters`` cell declares, as papermill reads them.

    Returns
    -------
    dict
        name → ``{"type": str, "default": value, "help": str}``, in cell order.

    Examples
    --------
    >>> notebook_parameters("notebooks/corpus_overview.ipynb")["top"]["type"]
    'int'
    """
    import papermill

    params = {}
    for name, info in papermill.inspect_notebook(str(path)).items():
        try:
            default = ast.literal_eval(info["default"])
        except (ValueError, SyntaxError):
            default = info["default"]
        params[name] = {"type": info["inferred_type_name"], "default": default,
                        "help": info["help"]}
    return params


def parameter_cell(name: str) -> str:
    """The source of the ``parameters`` cell for registered report ``name``.

    Examples
    --------
    >>> print(parameter_cell("corpus_overview").splitlines()[0])
    corpus: str = "data/corpus"  # path to the corpus store written by `tass ingest`
    """
    spec = report_spec(name)
    if spec is None:
        raise ParameterError(f"no registered report {name!r}")
    return "\n".join(f"{p.name}: {p.type} = {_literal(p.default)}  # {p.help}"
                     for p in spec.parameters)


def notebook_path(name: str, notebooks: str | Path = "notebooks") -> Path:
    """The notebook of report ``name`` (a name in ``notebooks`` or a path to an ``.ipynb``)."""
    path = Path(name) if name.endswith(".ipynb") else Path(notebooks) / f"{name}.ipynb"
    if not path.is_file():
        known = ", ".join(list_reports(notebooks)) if Path(notebooks).is_dir() else "none"
        raise ParameterError(f"no report notebook {path} (reports: {known or 'none'})")
    return path


def declared_parameters(path: Path) -> tuple[Parameter, ...]:
    """The parameters of the report at ``path``: the registry's, else the notebook cell's.

    An unregistered notebook's parameters get the check of a registered
    parameter with the same name and type.
    """
    spec = report_spec(path.stem)
    if spec is not None:
        return spec.parameters
    if _parameters_cell(path) is None:
        raise ParameterError(f"{path} has no cell tagged 'parameters'")
    known = {p.name: p for s in _REGISTRY.values() for p in s.parameters}
    found = []
    for key, info in notebook_parameters(path).items():
        same = known.get(key)
        check = same.check if same is not None and same.type == info["type"] else None
        found.append(Parameter(key, info["type"], info["default"], info["help"], check))
    return tuple(found)


def validate_params(name: str, params: Mapping[str, Any] | None = None, *,
                    notebooks: str | Path = "notebooks") -> dict[str, Any]:
    """Check report parameters against the report and the corpus, before any kernel starts.

    Unknown names are refused; values are converted to their types, then each
    parameter's check runs in declaration order (the corpus first, so later
    checks see its absolute path and the selected articles).

    Parameters
    ----------
    name : str
        Report name (or notebook path).
    params : mapping
        Given values (strings from the command line, or Python values).
    notebooks : str or Path
        Folder of the report notebooks.

    Returns
    -------
    dict
        Every parameter: the given ones converted and checked, the others at
        their defaults; ``corpus`` as an absolute path.

    Raises
    ------
    ParameterError
        One line that names the parameter and what is wrong.

    Examples
    --------
    >>> validate_params("term_frequency", {"corpus": "/no/such/store"})
    Traceback (most recent call last):
    tassanalysis.report.parameters.ParameterError: corpus: /no/such/store does not exist: build it with `tass ingest … --out /no/such/store`
    """
    return check_parameters(notebook_path(name, notebooks), params)[0]


def check_parameters(path: Path, params: Mapping[str, Any] | None = None
                     ) -> tuple[dict[str, Any], Checks]:
    """:func:`validate_params` for the notebook at ``path``; also returns the :class:`Checks`."""
    declared = {p.name: p for p in declared_parameters(path)}
    given = dict(params or {})
    unknown = sorted(set(given) - set(declared))
    if unknown:
        from tassanalysis.report.catalog import closest

        hints = "".join(closest(u, list(declared)) for u in unknown)
        raise ParameterError(f"unknown parameter(s) for {path.stem}: {', '.join(unknown)}"
                             f"{hints} (it takes: {', '.join(declared)})")
    values = {key: coerce(p, given[key]) if key in given else p.default
              for key, p in declared.items()}
    checks = Checks(values)
    for key, parameter in declared.items():
        if parameter.check is None:
            continue
        try:
            values[key] = parameter.check(values[key], checks)
        except ParameterError:
            raise
        except (ValueError, OverflowError) as err:
            message = str(err)
            prefix = "" if message.startswith(f"{key} ") else f"{key}: "
            raise ParameterError(prefix + message) from None
    return values, checks

