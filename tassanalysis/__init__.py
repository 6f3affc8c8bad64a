"""tassanalysis: computational news analysis for TASS and the outlets it is compared with.

Every helper a report notebook uses is importable from here, grouped by stage in
``__all__``:

>>> import tassanalysis as ta
>>> corpus = ta.datasets.load_sample()            # or ta.load_corpus("data/corpus")
>>> ta.term_frequency(corpus, by="source", top=1).height
9
>>> ta.comparison(corpus).label
'tass.com vs the other 8 sources'

Stages, one module each, in the order data flows:

* :mod:`~tassanalysis.ingest` — raw pages, saved HTML and tables → canonical rows;
* :mod:`~tassanalysis.schema` — the canonical article frame;
* :mod:`~tassanalysis.store` — Parquet snapshots (``load_corpus``, ``load_rejects``);
* :mod:`~tassanalysis.datasets` — the shipped sample as a ready frame;
* :mod:`~tassanalysis.vocab` — the shared vocabulary: periods, date bounds, lists,
  stopword options, defaults;
* :mod:`~tassanalysis.selection` — which articles (start, end, window, sources,
  sections);
* :mod:`~tassanalysis.text` — the text an analysis reads (datelines left out),
  tokens, stopwords, stems;
* :mod:`~tassanalysis.stats` — corpus statistics as tidy frames;
* :mod:`~tassanalysis.focus` — the span and period an over-time view shows;
* :mod:`~tassanalysis.terms` — frequency, TF-IDF, keyness and comparisons,
  collocations, KWIC;
* :mod:`~tassanalysis.charts` — Altair charts, one module per analysis;
* :mod:`~tassanalysis.prose` — report sentences;
* :mod:`~tassanalysis.display` — offline charts and escaped tables in notebooks;
* :mod:`~tassanalysis.report` — papermill → self-contained HTML (the ``report`` extra).

Altair, papermill and nbconvert are imported only when a chart or a report needs
them.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

from tassanalysis import datasets
from tassanalysis.charts import (
    chart_articles_over_time,
    chart_collocations,
    chart_comparison,
    chart_counts,
    chart_keyness,
    chart_kwic,
    chart_term_frequency,
    chart_term_trends,
    chart_words_per_article,
    kwic_table_html,
)
from tassanalysis.datasets import load_sample
from tassanalysis.display import (
    enable_offline_charts,
    show_facts,
    show_table,
    show_text,
    table_html,
)
from tassanalysis.focus import (
    TimeFocus,
    articles_outside_focus,
    auto_period,
    mark_partial,
    time_focus,
)
from tassanalysis.prose import (
    corpus_facts,
    coverage_note,
    describe_focus,
    ingest_summary_facts,
    kwic_caption,
    readable_dates,
)
from tassanalysis.schema import ARTICLE_SCHEMA, SchemaError, make_doc_id, validate
from tassanalysis.selection import (
    Window,
    parse_window,
    resolve_dates,
    select_corpus,
    selection_filter,
)
from tassanalysis.stats import (
    articles_over_time,
    corpus_summary,
    date_source_counts,
    ingest_summary_frame,
    language_counts,
    latest_articles,
    reject_counts,
    rejected_inputs,
    section_counts,
    sections_by_source,
    sources_per_period,
    with_shared_sections,
    words_per_article,
)
from tassanalysis.store import (
    StoreError,
    load_corpus,
    load_rejects,
    load_summary,
    write_corpus,
)
from tassanalysis.terms import (
    Comparison,
    KwicSample,
    collocations,
    compare_terms,
    comparison,
    each_vs_rest,
    flag_common_terms,
    keyness,
    kwic,
    kwic_sample,
    tass_sources,
    term_counts,
    term_frequency,
    term_spread,
    term_trends,
    tf_idf,
    top_key_terms,
)
from tassanalysis.text import (
    analysis_text,
    ngrams,
    sentences,
    stem_map,
    stopwords,
    strip_dateline,
    tokens,
)
from tassanalysis.vocab import PERIODS, stopword_option

_REPORT_NAMES = ("run_report", "run_all", "list_reports")

# Ingest pulls in HTML and table readers: loaded on first use, so that importing the
# package (and ``tass --help``) stays fast.
_LAZY: dict[str, str] = {
    **dict.fromkeys(("IngestError", "IngestResult", "PageError"), "tassanalysis.ingest"),
    **dict.fromkeys(("clean_text", "dedupe", "strip_source_boilerplate"),
                    "tassanalysis.ingest.clean"),
    "parse_html": "tassanalysis.ingest.html",
    "read_table": "tassanalysis.ingest.tabular",
    **dict.fromkeys(("learn_boilerplate", "parse_tass_text"), "tassanalysis.ingest.tass_text"),
}

#: Public names by stage (``__all__`` is their union).
STAGES: dict[str, tuple[str, ...]] = {
    "ingest": ("ingest", "IngestError", "IngestResult", "PageError", "clean_text", "dedupe",
               "strip_source_boilerplate", "parse_html", "read_table", "learn_boilerplate",
               "parse_tass_text"),
    "schema and store": ("ARTICLE_SCHEMA", "SchemaError", "make_doc_id", "validate",
                         "StoreError", "load_corpus", "load_rejects", "load_summary",
                         "write_corpus", "datasets", "load_sample"),
    "vocabulary and selection": ("PERIODS", "stopword_option", "Window", "parse_window",
                                 "resolve_dates", "select_corpus", "selection_filter"),
    "text": ("analysis_text", "strip_dateline", "tokens", "sentences", "ngrams", "stopwords",
             "stem_map"),
    "corpus statistics": ("articles_over_time", "sources_per_period", "corpus_summary",
                          "language_counts", "section_counts", "sections_by_source",
                          "with_shared_sections", "date_source_counts", "words_per_article",
                          "latest_articles", "reject_counts", "rejected_inputs",
                          "ingest_summary_frame"),
    "time focus": ("TimeFocus", "time_focus", "auto_period", "articles_outside_focus",
                   "mark_partial"),
    "terms": ("term_counts", "term_frequency", "term_trends", "term_spread",
              "flag_common_terms", "tf_idf", "keyness", "each_vs_rest", "Comparison",
              "comparison", "compare_terms", "tass_sources", "top_key_terms",
              "collocations", "kwic", "kwic_sample", "KwicSample"),
    "charts": ("chart_articles_over_time", "chart_counts", "chart_words_per_article",
               "chart_term_frequency", "chart_term_trends", "chart_keyness",
               "chart_comparison", "chart_collocations", "chart_kwic", "kwic_table_html"),
    "prose": ("corpus_facts", "coverage_note", "describe_focus", "ingest_summary_facts",
              "kwic_caption", "readable_dates"),
    "display": ("enable_offline_charts", "show_facts", "show_table", "show_text",
                "table_html"),
    "reports": _REPORT_NAMES,
}

__all__ = ["__version__", "STAGES", *(name for names in STAGES.values() for name in names)]


def __getattr__(name: str) -> Any:
    # The report runner needs papermill and nbconvert (the ``report`` extra): load it
    # only when asked for.
    import importlib

    if name in _REPORT_NAMES:
        from tassanalysis import report

        return getattr(report, name)
    if name == "ingest":
        return importlib.import_module("tassanalysis.ingest")
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'tassanalysis' has no attribute {name!r}")
