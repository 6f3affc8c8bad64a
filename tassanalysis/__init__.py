"""tassanalysis: computational news analysis for TASS and the outlets it is compared with.

Every helper a report notebook uses is importable from here:

>>> import tassanalysis as ta
>>> corpus = ta.load_corpus("data/corpus")                      # doctest: +SKIP
>>> ta.term_frequency(corpus, by="source", top=20)              # doctest: +SKIP
>>> ta.keyness(corpus, target={"source": "tass.com"})           # doctest: +SKIP

Stages (one module each): :mod:`~tassanalysis.ingest` (raw pages, HTML, tables →
canonical rows), :mod:`~tassanalysis.store` (Parquet snapshots),
:mod:`~tassanalysis.text` (tokens, stopwords, stems, n-grams),
:mod:`~tassanalysis.terms` (frequency, TF-IDF, keyness, collocations, KWIC),
:mod:`~tassanalysis.overview` (corpus facts and selections for reports),
:mod:`~tassanalysis.charts` (Altair), :mod:`~tassanalysis.display` (offline
charts and escaped tables in notebooks), :mod:`~tassanalysis.report` (papermill
→ self-contained HTML; needs the ``report`` extra).
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: Where each public name lives. Names are imported on first use (PEP 562), so
#: ``import tassanalysis`` and the ``tass`` command start without loading Polars,
#: Altair, papermill or nbconvert until an analysis, chart or report needs them.
_EXPORTS: dict[str, tuple[str, ...]] = {
    "tassanalysis.charts": ("chart_collocations", "chart_keyness", "chart_kwic",
                            "chart_term_frequency", "chart_term_trends", "kwic_table_html"),
    "tassanalysis.display": ("enable_offline_charts", "show_facts", "show_table", "show_text",
                             "table_html"),
    "tassanalysis.ingest": ("IngestError", "IngestResult", "PageError"),
    "tassanalysis.ingest.clean": ("clean_text", "dedupe", "strip_source_boilerplate"),
    "tassanalysis.ingest.html": ("parse_html",),
    "tassanalysis.ingest.tabular": ("read_table",),
    "tassanalysis.ingest.tass_text": ("learn_boilerplate", "parse_tass_text"),
    "tassanalysis.overview": ("articles_over_time", "chart_articles_over_time", "corpus_facts",
                              "select_corpus", "time_focus"),
    "tassanalysis.report": ("list_reports", "run_all", "run_report"),
    "tassanalysis.schema": ("ARTICLE_SCHEMA", "SchemaError", "make_doc_id", "validate"),
    "tassanalysis.store": ("StoreError", "load_corpus", "load_rejects", "load_summary",
                           "write_corpus"),
    "tassanalysis.terms": ("collocations", "each_vs_rest", "keyness", "kwic", "term_counts",
                           "term_frequency", "tf_idf"),
    "tassanalysis.text": ("ngrams", "sentences", "stem_map", "stopwords", "tokens"),
}
_HOME = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = [
    "ARTICLE_SCHEMA",
    "IngestError",
    "IngestResult",
    "PageError",
    "SchemaError",
    "StoreError",
    "__version__",
    "articles_over_time",
    "chart_articles_over_time",
    "chart_collocations",
    "chart_keyness",
    "chart_kwic",
    "chart_term_frequency",
    "chart_term_trends",
    "clean_text",
    "collocations",
    "corpus_facts",
    "dedupe",
    "each_vs_rest",
    "enable_offline_charts",
    "ingest",
    "keyness",
    "kwic",
    "kwic_table_html",
    "learn_boilerplate",
    "list_reports",
    "load_corpus",
    "load_rejects",
    "load_summary",
    "make_doc_id",
    "ngrams",
    "parse_html",
    "parse_tass_text",
    "read_table",
    "run_all",
    "run_report",
    "select_corpus",
    "sentences",
    "show_facts",
    "show_table",
    "show_text",
    "stem_map",
    "stopwords",
    "strip_source_boilerplate",
    "table_html",
    "term_counts",
    "term_frequency",
    "tf_idf",
    "time_focus",
    "tokens",
    "validate",
    "write_corpus",
]


def __getattr__(name: str) -> Any:
    # ``ingest`` is a callable subpackage: ``ta.ingest(inputs, out, …)``
    if name == "ingest":
        return importlib.import_module("tassanalysis.ingest")
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'tassanalysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
