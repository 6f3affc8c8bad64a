"""Raw sources → canonical article rows (+ rejects).

The package is callable: ``tassanalysis.ingest(inputs, out)`` is
:func:`tassanalysis.ingest.pipeline.ingest`, which parses files, folders and globs
into a corpus store. The per-format parsers are here too:
:func:`~tassanalysis.ingest.tass_text.parse_tass_text`,
:func:`~tassanalysis.ingest.html.parse_html`,
:func:`~tassanalysis.ingest.tabular.read_table`.

Examples
--------
>>> import tassanalysis as ta
>>> result = ta.ingest(["seeds/"], "data/corpus")  # doctest: +SKIP
>>> print(result.format_summary())                  # doctest: +SKIP
"""

import sys
import types

from tassanalysis.ingest.errors import PageError
from tassanalysis.ingest.pipeline import (
    IngestError,
    IngestResult,
    detect_format,
    expand_inputs,
    format_summary,
    ingest,
)

__all__ = [
    "IngestError",
    "IngestResult",
    "PageError",
    "detect_format",
    "expand_inputs",
    "format_summary",
    "ingest",
]


class _CallableModule(types.ModuleType):
    """Lets ``tassanalysis.ingest(...)`` run an ingest while the submodules stay
    importable as ``tassanalysis.ingest.tabular`` and so on."""

    def __call__(self, *args, **kwargs) -> IngestResult:
        return ingest(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
