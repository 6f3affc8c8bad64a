"""Collocations: word pairs that occur together more than chance, scored as NLTK scores them.

Examples
--------
>>> from tassanalysis import datasets
>>> pairs = collocations(datasets.load_sample(), measure="likelihood_ratio", top=3)
>>> [f"{a} {b}" for a, b in pairs.select("w1", "w2").rows()]
['white house', 'united states', 'prime minister']
"""

from __future__ import annotations

import polars as pl

from tassanalysis import text as _text
from tassanalysis.terms.counting import (
    _TEXT,
    Corpus,
    TextOption,
    _merge_chunks,
    _stopword_set,
    _text_column,
    _text_expr,
)
from tassanalysis.vocab import DEFAULT_STOPWORDS, MIN_COUNT, Stopwords, renamed_options

__all__ = ["ASSOCIATION_MEASURES", "collocations"]

#: Association measures: NLTK ``BigramAssocMeasures`` names (and short aliases) plus ``npmi``.
ASSOCIATION_MEASURES = ("pmi", "npmi", "likelihood_ratio", "student_t", "t", "chi_sq", "phi_sq",
                        "dice", "jaccard", "raw_freq", "poisson_stirling", "mi_like")

_SMALL = 1e-20


def _score_expr(measure: str) -> pl.Expr:
    """NLTK's BigramAssocMeasures formulas on columns n_ii, n_ix, n_xi, n_xx."""
    n_ii, n_ix, n_xi, n_xx = (pl.col(c) for c in ("n_ii", "n_ix", "n_xi", "n_xx"))
    n_oi = n_xi - n_ii
    n_io = n_ix - n_ii
    n_oo = n_xx - n_ii - n_oi - n_io
    if measure == "raw_freq":
        return n_ii / n_xx
    if measure in ("student_t", "t"):
        return (n_ii - n_ix * n_xi / n_xx) / (n_ii + _SMALL).sqrt()
    if measure == "pmi":
        return (n_ii * n_xx).log(2) - (n_ix * n_xi).log(2)
    if measure == "npmi":
        return ((n_ii * n_xx).log(2) - (n_ix * n_xi).log(2)) / -(n_ii / n_xx).log(2)
    if measure in ("phi_sq", "chi_sq"):
        phi = (n_ii * n_oo - n_oi * n_io) ** 2 / (
            (n_ii + n_oi) * (n_ii + n_io) * (n_oi + n_oo) * (n_io + n_oo))
        return phi if measure == "phi_sq" else n_xx * phi
    if measure == "likelihood_ratio":
        cont = [n_ii, n_oi, n_io, n_oo]
        total = n_ii + n_oi + n_io + n_oo
        terms = []
        for i, obs in enumerate(cont):
            exp = (cont[i] + cont[i ^ 1]) * (cont[i] + cont[i ^ 2]) / total
            terms.append(obs * (obs / (exp + _SMALL) + _SMALL).log())
        acc = terms[0]
        for t in terms[1:]:
            acc = acc + t
        return 2 * acc
    if measure == "poisson_stirling":
        exp = n_ix * n_xi / n_xx
        return n_ii * ((n_ii / exp).log(2) - 1)
    if measure == "jaccard":
        return n_ii / (n_ii + n_oi + n_io)
    if measure == "dice":
        return 2 * n_ii / (n_ix + n_xi)
    if measure == "mi_like":
        return n_ii ** 3 / (n_ix * n_xi)
    raise ValueError(f"unknown measure {measure!r}; choose from {', '.join(ASSOCIATION_MEASURES)}")


@renamed_options(window="span")
def collocations(corpus: Corpus, *, measure: str = "pmi", span: int = 2,
                 min_count: int = MIN_COUNT, top: int | None = 50,
                 stopwords: Stopwords = DEFAULT_STOPWORDS, text: TextOption = "body",
                 lowercase: bool = True, numbers: bool = False,
                 dateline: bool = False) -> pl.DataFrame:
    """Word pairs that occur together more than chance, scored as NLTK scores them.

    Counts follow ``nltk.collocations.BigramCollocationFinder.from_words(tokens,
    window_size=span)`` run separately on each document's tokens (pairs never
    cross documents): ``count`` is how often ``w2`` follows ``w1`` within
    ``span - 1`` words, ``count_w1`` / ``count_w2`` are word frequencies and the
    total is the number of words. Pairs with a stopword and pairs seen fewer than
    ``min_count`` times are dropped after counting (NLTK's ``apply_word_filter``
    and ``apply_freq_filter``); scores then equal ``finder.score_ngrams(measure)``
    (the pair count divided by ``span - 1``, as NLTK does).

    Parameters
    ----------
    corpus : polars.DataFrame or polars.LazyFrame
    measure : str, default "pmi"
        ``pmi``, ``npmi`` (PMI / -log2 p(w1, w2), in [-1, 1]; not in NLTK),
        ``likelihood_ratio``, ``student_t`` (``t``), ``chi_sq``, ``phi_sq``,
        ``dice``, ``jaccard``, ``raw_freq``, ``poisson_stirling``, ``mi_like``.
    span : int, default 2
        2 for adjacent pairs; larger for pairs up to ``span - 1`` words apart
        (``window=`` before; still accepted, with a warning).
    min_count : int, default 5
        Drop pairs seen fewer times.
    top : int or None, default 50
    stopwords, text, lowercase, numbers, dateline
        As in :func:`~tassanalysis.terms.term_frequency`; pairs with a stopword
        are dropped.

    Returns
    -------
    polars.DataFrame
        ``w1``, ``w2``, ``count``, ``count_w1``, ``count_w2``, ``score``; best first
        (ties by w1, w2).

    Examples
    --------
    >>> c = pl.DataFrame({"body": ["Foreign Minister Lavrov. Foreign Minister Wang."]})
    >>> collocations(c, min_count=2)[["w1", "w2", "count"]].rows()
    [('foreign', 'minister', 2)]
    """
    if span < 2:
        raise ValueError("span must be 2 or more")
    _score_expr(measure)  # validate early
    stop = _stopword_set(stopwords)
    def count_chunk(part: pl.LazyFrame, rows: int | None) -> pl.DataFrame:
        return _collocation_counts(part, span=span, stop=stop, text=_TEXT,
                                   lowercase=lowercase, numbers=numbers)

    frame = corpus.lazy().select(_text_column(text, dateline))
    if isinstance(corpus, pl.LazyFrame):
        done = _merge_chunks(frame, count_chunk, _merge_collocation_counts)
    else:
        done = count_chunk(frame, corpus.height)
    return _score_collocations(done, measure=measure, span=span, min_count=min_count, top=top)


def _collocation_counts(part: pl.LazyFrame, *, span: int, stop: frozenset[str],
                        text: TextOption, lowercase: bool, numbers: bool) -> pl.DataFrame:
    """Word counts (``kind`` 0: ``w1``, ``count``) and pair counts (``kind`` 1: ``w1``,
    ``w2``, ``count``) of a part of a corpus, in one plan; additive over parts."""
    stop_s = pl.Series(list(stop), dtype=pl.String).implode()
    no_text = pl.lit(None, dtype=pl.String)
    toks = (part.with_row_index("doc")
            .select("doc", term=_text.tokens(_text_expr(text), lowercase=lowercase,
                                             numbers=numbers))
            .explode("term").drop_nulls("term"))
    # u64 counts: merged over a large corpus, the commonest words pass 2**32.
    words = toks.group_by("term").agg(count=pl.len().cast(pl.UInt64)).select(
        kind=pl.lit(0, pl.UInt8), w1="term", w2=no_text, count="count")
    pairs = pl.concat([
        toks.select(w1="term", w2=pl.col("term").shift(-k),
                    ok=pl.col("doc").shift(-k) == pl.col("doc"))
        .filter(pl.col("ok").fill_null(False))
        .filter(~pl.col("w1").is_in(stop_s) & ~pl.col("w2").is_in(stop_s))
        .select("w1", "w2")
        for k in range(1, span)
    ]).group_by("w1", "w2").agg(count=pl.len().cast(pl.UInt64)).select(
        kind=pl.lit(1, pl.UInt8), w1="w1", w2="w2", count="count")
    return pl.concat([words, pairs]).collect()


def _merge_collocation_counts(parts: pl.LazyFrame) -> pl.LazyFrame:
    """Add up :func:`_collocation_counts` of several parts."""
    return parts.group_by("kind", "w1", "w2").agg(pl.col("count").sum())


def _score_collocations(done: pl.DataFrame, *, measure: str, span: int, min_count: int,
                        top: int | None) -> pl.DataFrame:
    """The :func:`collocations` table from merged :func:`_collocation_counts`."""
    word_counts = done.filter(pl.col("kind") == 0).select(
        term="w1", n=pl.col("count").cast(pl.Float64))
    pairs = done.filter(pl.col("kind") == 1).select("w1", "w2", "count")
    n_xx = float(word_counts["n"].sum())
    out = (pairs.filter(pl.col("count") >= min_count)
           .join(word_counts.rename({"term": "w1", "n": "n_ix"}), on="w1", how="left")
           .join(word_counts.rename({"term": "w2", "n": "n_xi"}), on="w2", how="left")
           .with_columns(n_ii=pl.col("count") / (span - 1.0), n_xx=pl.lit(n_xx)))
    out = out.with_columns(score=_score_expr(measure))
    out = out.select("w1", "w2", count=pl.col("count").cast(pl.UInt64),
                     count_w1=pl.col("n_ix").cast(pl.UInt64),
                     count_w2=pl.col("n_xi").cast(pl.UInt64), score="score")
    out = out.sort(["score", "w1", "w2"], descending=[True, False, False])
    return out if top is None else out.head(top)


