"""Terms: frequency, TF-IDF, keyness and comparisons, collocations, keyword-in-context.

Every function takes a corpus in the canonical schema (:mod:`tassanalysis.schema`),
eager ``pl.DataFrame`` or ``pl.LazyFrame``, and returns a tidy eager frame. Each
reads its text through :func:`tassanalysis.text.analysis_text`, so all of them
count the same words: the body without its opening dateline unless
``dateline=True``.

Modules: :mod:`~tassanalysis.terms.counting` (term counts, frequency, TF-IDF),
:mod:`~tassanalysis.terms.trends` (terms over time), :mod:`~tassanalysis.terms.common`
(the common-term flag), :mod:`~tassanalysis.terms.comparing`
(keyness, each-vs-rest, :class:`Comparison`), :mod:`~tassanalysis.terms.association` (collocations),
:mod:`~tassanalysis.terms.context` (keyword-in-context).

Examples
--------
>>> import polars as pl, datetime as dt
>>> corpus = pl.DataFrame({
...     "doc_id": ["a", "b"], "source": ["tass.com", "bbc"],
...     "body": ["MOSCOW, March 3. /TASS/. Moscow and Moscow again.", "London calling."],
...     "published_at": [dt.datetime(2017, 1, 5), dt.datetime(2017, 3, 1)]})
>>> term_frequency(corpus, top=2)[["term", "count"]].rows()
[('moscow', 2), ('calling', 1)]
"""

from __future__ import annotations

from tassanalysis.terms.association import ASSOCIATION_MEASURES, collocations
from tassanalysis.terms.common import flag_common_terms, term_spread
from tassanalysis.terms.comparing import (
    KEYNESS_LEVEL,
    Comparison,
    compare_terms,
    comparison,
    each_vs_rest,
    keyness,
    outlet_name_terms,
    significant_terms,
    tass_sources,
    top_key_terms,
    without_outlet_names,
)
from tassanalysis.terms.context import KwicSample, kwic, kwic_sample
from tassanalysis.terms.counting import (
    _BATCH_ROWS,
    _LAZY_CHUNK_ROWS,
    Corpus,
    _count,
    _Groups,
    _stopword_set,
    _text_expr,
    term_counts,
    term_frequency,
    tf_idf,
)
from tassanalysis.terms.trends import term_rates, term_trends
from tassanalysis.vocab import PERIODS

__all__ = [
    "ASSOCIATION_MEASURES",
    "PERIODS",
    "Comparison",
    "KwicSample",
    "collocations",
    "KEYNESS_LEVEL",
    "compare_terms",
    "comparison",
    "each_vs_rest",
    "flag_common_terms",
    "outlet_name_terms",
    "significant_terms",
    "without_outlet_names",
    "keyness",
    "kwic",
    "kwic_sample",
    "tass_sources",
    "term_counts",
    "term_frequency",
    "term_rates",
    "term_spread",
    "term_trends",
    "tf_idf",
    "top_key_terms",
]

# Helpers kept importable for code written against the single-module layout.
from tassanalysis.terms.association import _merge_chunks, _score_expr  # noqa: E402
from tassanalysis.terms.comparing import _keyness_from_counts, _selector  # noqa: E402
from tassanalysis.terms.counting import (  # noqa: E402
    _as_list,
    _prepare_stems,
    _text_columns,
    _with_doc_index,
)

_PRIVATE = (_BATCH_ROWS, _LAZY_CHUNK_ROWS, Corpus, _count, _Groups, _stopword_set, _text_expr,
            _merge_chunks, _score_expr, _keyness_from_counts, _selector, _as_list,
            _prepare_stems, _text_columns, _with_doc_index)
