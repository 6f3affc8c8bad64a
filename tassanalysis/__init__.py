"""tassanalysis: computational news analysis for TASS and the outlets it is compared with.

Every helper a report notebook uses is importable from here, grouped by stage in
:data:`STAGES` (``__all__`` is their union):

>>> import tassanalysis as ta
>>> corpus = ta.load_sample()                     # or ta.load_corpus("data/corpus")
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
* :mod:`~tassanalysis.actors` — gazetteer, actor mentions, co-mentions, networks;
* :mod:`~tassanalysis.topics` — dictionary and learned topics, trends, emerging
  terms, change points;
* :mod:`~tassanalysis.charts` — Altair charts, one module per analysis;
* :mod:`~tassanalysis.prose` — report sentences;
* :mod:`~tassanalysis.display` — offline charts and escaped tables in notebooks;
* :mod:`~tassanalysis.report` — papermill → self-contained HTML (the ``report`` extra).

Names are imported on first use (PEP 562): ``import tassanalysis`` and the ``tass``
command start without loading Polars, Altair, papermill or nbconvert until an
analysis, chart or report needs them.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: Public names by stage, each with the module it lives in.
STAGES: dict[str, dict[str, tuple[str, ...]]] = {
    "ingest": {
        "tassanalysis.ingest": ("IngestError", "IngestResult", "PageError"),
        "tassanalysis.ingest.clean": ("clean_text", "dedupe", "strip_source_boilerplate"),
        "tassanalysis.ingest.html": ("parse_html",),
        "tassanalysis.ingest.tabular": ("read_table",),
        "tassanalysis.ingest.tass_text": ("learn_boilerplate", "parse_tass_text"),
    },
    "schema, store and sample data": {
        "tassanalysis.schema": ("ARTICLE_SCHEMA", "SchemaError", "make_doc_id", "validate"),
        "tassanalysis.store": ("StoreError", "load_corpus", "load_rejects", "load_duplicates",
                               "load_summary",
                               "write_corpus"),
        "tassanalysis.datasets": ("load_sample",),
    },
    "vocabulary and selection": {
        "tassanalysis.vocab": ("PERIODS", "stopword_option"),
        "tassanalysis.selection": ("Window", "parse_window", "resolve_dates", "select_corpus",
                                   "selection_filter", "undated_left_out"),
    },
    "text": {
        "tassanalysis.text": ("analysis_text", "strip_dateline", "tokens", "sentences",
                              "ngrams", "stopwords", "stem_map"),
    },
    "corpus statistics": {
        "tassanalysis.stats": ("articles_over_time", "sources_per_period", "corpus_summary",
                               "language_counts", "section_counts", "sections_by_source",
                               "with_shared_sections", "section_mapping", "date_source_counts",
                               "words_per_article", "latest_articles", "reject_counts",
                               "rejected_inputs", "ingest_summary_frame"),
    },
    "time focus": {
        "tassanalysis.focus": ("TimeFocus", "time_focus", "auto_period",
                               "articles_outside_focus", "mark_partial"),
    },
    "terms": {
        "tassanalysis.terms": ("term_counts", "term_frequency", "term_rates", "term_spread",
                               "flag_common_terms", "tf_idf", "keyness", "each_vs_rest",
                               "Comparison", "comparison", "compare_terms", "tass_sources",
                               "top_key_terms", "significant_terms", "outlet_name_terms",
                               "without_outlet_names", "collocations", "kwic", "kwic_sample",
                               "KwicSample"),
    },
    "actors": {
        "tassanalysis.actors": ("Gazetteer", "GazetteerError", "load_gazetteer",
                                "actor_mentions", "co_mention_counts",
                                "merge_co_mention_counts", "co_mentions", "partners",
                                "partner_change"),
        "tassanalysis.actors.discover": ("discover_actors",),
        "tassanalysis.actors.network": ("actor_network", "ego_network", "network_frames"),
    },
    "topics": {
        "tassanalysis.topics": ("TopicDictionary", "TopicFileError", "load_topics",
                                "topic_hits", "topic_counts", "merge_topic_counts",
                                "topic_shares", "topic_trends", "reading_text", "term_trends",
                                "LearnedTopics", "fit_topics", "topic_stability",
                                "emerging_terms", "change_points", "TopicRule", "topic_rule",
                                "validation_sample", "validate_topics", "disagreements",
                                "document_terms", "seedable_topics"),
    },
    "charts": {
        "tassanalysis.charts.actors": ("chart_actor_mentions", "chart_co_mention_heatmap",
                                       "chart_network", "chart_partner_change",
                                       "chart_partners"),
        "tassanalysis.charts.topics": ("chart_topic_shares", "chart_topic_area",
                                       "chart_topic_heatmap", "chart_emerging_terms",
                                       "chart_learned_topics", "chart_change_points"),
        "tassanalysis.charts": ("chart_articles_over_time", "chart_counts",
                                "chart_words_per_article", "chart_term_frequency",
                                "chart_term_trends", "chart_keyness", "chart_comparison",
                                "chart_collocations", "chart_kwic", "kwic_table_html",
                                "save_html"),
    },
    "prose": {
        "tassanalysis.prose": ("corpus_facts", "coverage_note", "describe_focus",
                               "ingest_summary_facts", "kwic_caption", "readable_dates"),
    },
    "display": {
        "tassanalysis.display": ("enable_offline_charts", "show_facts", "show_table",
                                 "show_text", "table_html"),
    },
    "reports": {
        "tassanalysis.report": ("list_reports", "run_all", "run_report"),
    },
}

_HOME = {name: module for stage in STAGES.values() for module, names in stage.items()
         for name in names}
#: Subpackages reachable as attributes (``ta.ingest(...)`` is a callable package).
_MODULES = ("ingest", "datasets", "actors", "topics", "charts", "terms", "stats", "focus",
            "prose", "selection", "vocab", "text", "store", "schema", "display", "distributed")

__all__ = ["__version__", "STAGES", "ingest", "datasets", *_HOME]




def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return importlib.import_module(f"tassanalysis.{name}")
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'tassanalysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
