"""Topics and their trends over time.

* :mod:`~tassanalysis.topics.dictionary` — topics as lists of words, phrases and
  patterns (a default ships in ``resources/topics.yml``), matched per document;
* :mod:`~tassanalysis.topics.trends` — topic shares per period with Wilson
  intervals (a per-partition kernel, a merge, then shares);
* :mod:`~tassanalysis.topics.learned` — topics learned by NMF or LDA
  (scikit-learn) on the package's tokens, and their stability across seeds;
* :mod:`~tassanalysis.topics.relevance` — the rule that decides when a document
  carries a topic (weighted, length-aware hits by default; ``match="any"`` for
  any mention);
* :mod:`~tassanalysis.topics.validation` — hand-coding samples, precision and
  recall against them, and the disagreements;
* :mod:`~tassanalysis.topics.change` — emerging terms and change points.
"""

from tassanalysis.topics.change import change_points, emerging_terms, g_squared
from tassanalysis.topics.dictionary import (
    DEFAULT_TOPICS,
    Topic,
    TopicDictionary,
    TopicFileError,
    load_topics,
    topic_hits,
)
from tassanalysis.topics.learned import (
    DocumentTerms,
    LearnedTopics,
    document_terms,
    fit_topics,
    seedable_topics,
    topic_stability,
)
from tassanalysis.topics.relevance import DEFAULT_RULE, TopicRule, topic_rule
from tassanalysis.topics.trends import (
    ReadText,
    merge_topic_counts,
    reading_text,
    term_trends,
    topic_counts,
    topic_shares,
    topic_trends,
    wilson_interval,
)
from tassanalysis.topics.validation import (
    POOLED,
    disagreements,
    validate_topics,
    validation_sample,
)

__all__ = [
    "DEFAULT_TOPICS",
    "DocumentTerms",
    "LearnedTopics",
    "change_points",
    "document_terms",
    "emerging_terms",
    "fit_topics",
    "seedable_topics",
    "g_squared",
    "topic_stability",
    "ReadText",
    "Topic",
    "TopicDictionary",
    "TopicFileError",
    "load_topics",
    "merge_topic_counts",
    "reading_text",
    "term_trends",
    "topic_counts",
    "topic_hits",
    "topic_shares",
    "topic_trends",
    "wilson_interval",
    "DEFAULT_RULE",
    "POOLED",
    "TopicRule",
    "disagreements",
    "topic_rule",
    "validate_topics",
    "validation_sample",
]
