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

from typing import Any

__version__ = "0.1.0"

from tassanalysis import ingest  # a callable package: ingest(inputs, out, …)
from tassanalysis.charts import (
    chart_collocations,
    chart_keyness,
    chart_kwic,
    chart_term_frequency,
    chart_term_trends,
    kwic_table_html,
)
from tassanalysis.display import (
    enable_offline_charts,
    show_facts,
    show_table,
    show_text,
    table_html,
)
from tassanalysis.ingest import IngestError, IngestResult, PageError
from tassanalysis.ingest.clean import clean_text, dedupe, strip_source_boilerplate
from tassanalysis.ingest.html import parse_html
from tassanalysis.ingest.tabular import read_table
from tassanalysis.ingest.tass_text import learn_boilerplate, parse_tass_text
from tassanalysis.overview import (
    articles_over_time,
    chart_articles_over_time,
    corpus_facts,
    select_corpus,
    time_focus,
)
from tassanalysis.schema import ARTICLE_SCHEMA, SchemaError, make_doc_id, validate
from tassanalysis.store import (
    StoreError,
    load_corpus,
    load_rejects,
    load_summary,
    write_corpus,
)
from tassanalysis.terms import (
    collocations,
    each_vs_rest,
    keyness,
    kwic,
    term_counts,
    term_frequency,
    tf_idf,
)
from tassanalysis.text import ngrams, sentences, stem_map, stopwords, tokens

# --- topics and trends over time ------------------------------------------------------------
from tassanalysis.topics import (
    LearnedTopics,
    TopicDictionary,
    TopicFileError,
    change_points,
    emerging_terms,
    fit_topics,
    load_topics,
    merge_topic_counts,
    reading_text,
    term_trends,
    topic_counts,
    topic_hits,
    topic_shares,
    topic_stability,
    topic_trends,
)

# ---------------------------------------------------------------------------------------------

_REPORT_NAMES = ("run_report", "run_all", "list_reports")

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
    # topics and trends over time
    "LearnedTopics",
    "TopicDictionary",
    "TopicFileError",
    "change_points",
    "emerging_terms",
    "fit_topics",
    "load_topics",
    "merge_topic_counts",
    "reading_text",
    "term_trends",
    "topic_counts",
    "topic_hits",
    "topic_shares",
    "topic_stability",
    "topic_trends",
]


# --- actors: gazetteer, matching, discovery, co-mentions, networks ----------------------
from tassanalysis.actors import (  # noqa: E402
    Gazetteer,
    GazetteerError,
    actor_mentions,
    co_mention_counts,
    co_mentions,
    load_gazetteer,
    merge_co_mention_counts,
    partner_change,
    partners,
)
from tassanalysis.actors.discover import discover_actors  # noqa: E402
from tassanalysis.actors.network import actor_network, ego_network, network_frames  # noqa: E402
from tassanalysis.charts.actors import (  # noqa: E402
    chart_actor_mentions,
    chart_co_mention_heatmap,
    chart_network,
    chart_partner_change,
    chart_partners,
)

__all__ += [
    "Gazetteer", "GazetteerError", "actor_mentions", "actor_network", "chart_actor_mentions",
    "chart_co_mention_heatmap", "chart_network", "chart_partner_change", "chart_partners",
    "co_mention_counts", "co_mentions", "discover_actors", "ego_network", "load_gazetteer",
    "merge_co_mention_counts", "network_frames", "partner_change", "partners",
]
# --- end actors ----------------------------------------------------------------------------


def __getattr__(name: str) -> Any:
    # The report runner needs papermill and nbconvert (the ``report`` extra): load it
    # only when asked for.
    if name in _REPORT_NAMES:
        from tassanalysis import report

        return getattr(report, name)
    raise AttributeError(f"module 'tassanalysis' has no attribute {name!r}")
