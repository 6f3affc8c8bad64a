"""Raw sources → canonical article rows (+ rejects), one module per stage.

The package is callable: ``tassanalysis.ingest(inputs, out)`` is
:func:`tassanalysis.ingest.pipeline.ingest`, which runs the stages in order:

=================  =================================================================
module             stage
=================  =================================================================
``scan``           inputs, formats, the store's manifest: what to read, what to skip
``pages``          page dumps and saved HTML → records, in parallel, with a time budget
``tass_text``      the tass.com / tass.ru page-dump parser (``parse_tass_text``)
``html``           the saved-HTML parser (``parse_html``)
``tabular``        CSV / JSON / JSONL / Parquet tables (``read_table``)
``table_files``    table files read record by record when damaged (``read_rows``)
``dates``          printed dates, zones, plausible ranges (``to_utc``)
``years``          the year of a date printed without one (``infer_year``, url ids)
``clean``          byte decoding and text repair (``decode_bytes``, ``clean_text``)
``boilerplate``    text each source repeats across its articles, learned and removed
``duplicates``     exact and near-duplicate merging (``dedupe``, MinHash)
``summary``        the account of a run (``summarise``, ``format_summary``)
``fields``         one rule per derived field: ``detect_language``, ``split_list``
``sections``       one rule for a section from a URL, one section vocabulary per outlet
=================  =================================================================

Document ids come from :func:`tassanalysis.schema.make_doc_id`; the snapshot is
written by :func:`tassanalysis.store.write_corpus` under the store's lock.

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
