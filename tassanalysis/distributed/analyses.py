"""Term counts, term frequency, keyness, collocations and articles per period of a
store, counted per file by :func:`~tassanalysis.distributed.engine.map_reduce`.

Each analysis is a kernel (counts of one part of the corpus, made by the counting
stages of :mod:`tassanalysis.terms` and :mod:`tassanalysis.stats`), the merge
:func:`~tassanalysis.distributed.engine.merge_counts`, and the statistics of the
in-process analysis computed once from the merged counts.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import polars as pl

from tassanalysis import stats as _stats
from tassanalysis.distributed.engine import Counts, Store, map_reduce, merge_counts
from tassanalysis.terms import association as _association
from tassanalysis.terms import comparing as _comparing
from tassanalysis.terms import counting as _counting
from tassanalysis.vocab import (
    DEFAULT_STOPWORDS,
    MIN_COUNT,
    Stopwords,
    check_period,
    renamed_options,
)

__all__ = ["articles_over_time", "collocations", "keyness", "term_counts", "term_frequency"]


# --------------------------------------------------------------------------- term counts

def _span(part: pl.LazyFrame) -> pl.DataFrame:
    return part.select(first=pl.col("published_at").min(),
                       last=pl.col("published_at").max()).collect()


def _keyed(frame: pl.DataFrame, groups: pl.DataFrame) -> pl.DataFrame:
    return frame.join(groups, on="gid", how="left").drop("gid")


def _term_kernel(part: pl.LazyFrame, *, text, dateline, by, period, stopwords, stem, ngram,
                 lowercase, numbers) -> Counts:
    """Term counts, totals and surface forms of one part, keyed by group values."""
    groups = _counting._Groups(part, _counting._as_list(by), period)
    stop = _counting._stopword_set(stopwords)
    frame = groups.attach(part, text, dateline)
    stems = _counting._prepare_stems(frame, stem=stem, streaming=True, text=_counting._TEXT,
                                     lowercase=lowercase, numbers=numbers, stop=stop)
    counts, totals, forms = _counting._count(frame, streaming=True, n_rows=None,
                                             text=_counting._TEXT, ngram=ngram,
                                             lowercase=lowercase, numbers=numbers, stop=stop,
                                             stems=stems, surface=stem)
    return {"counts": _keyed(counts, groups.table), "totals": _keyed(totals, groups.table),
            "forms": forms, "span": _span(part)}


def _finish_terms(merged: Counts, names: list[str], *, stem: bool, sort: bool) -> pl.DataFrame:
    totals = merged["totals"]
    if names:
        table = (totals.select(names).unique().sort(names, nulls_last=True)
                 .with_row_index("gid"))
    else:
        table = pl.DataFrame({"gid": pl.Series([0], dtype=pl.UInt32)})
    ids = table.lazy()

    def with_gid(frame: pl.DataFrame) -> pl.DataFrame:
        if not names:
            return frame.with_columns(gid=pl.lit(0, pl.UInt32))
        return (frame.lazy().join(ids, on=names, how="left", nulls_equal=True)
                .drop(names).collect())

    return _counting._term_table(with_gid(merged["counts"]), with_gid(totals),
                                 merged["forms"], groups=table, names=names, stem=stem,
                                 sort=sort)


def _term_parts(store: Store, *, selection: dict, client, **options) -> Counts:
    if options["ngram"] < 1:
        raise ValueError("ngram must be 1 or more")
    if options["period"] is not None:
        _counting._period_expr(options["period"])  # a bad period fails here, not on a worker
    kernel = functools.partial(_term_kernel, **options)
    return map_reduce(store, kernel, merge_counts, client=client, **selection)


def term_counts(store: Store, *, start=None, end=None, sources=None, sections=None,
                client: Any = None, text: str | Sequence[str] = "body",
                by: str | Sequence[str] | None = None, period: str | None = None,
                stopwords: Stopwords = DEFAULT_STOPWORDS, stem: bool = False, ngram: int = 1,
                lowercase: bool = True, numbers: bool = False, dateline: bool = False,
                sort: bool = True) -> pl.DataFrame:
    """:func:`tassanalysis.terms.term_counts` of a store selection, counted per file.

    Equal to ``terms.term_counts(load_corpus(store, start=…, end=…, sources=…,
    sections=…), …)``; ``client`` as in :func:`map_reduce`.

    Examples
    --------
    >>> term_counts("data/corpus", by="source", period="month", client=client)  # doctest: +SKIP
    """
    selection = {"start": start, "end": end, "sources": sources, "sections": sections}
    merged = _term_parts(store, selection=selection, client=client, text=text, by=by,
                         period=period, stopwords=stopwords, stem=stem, ngram=ngram,
                         lowercase=lowercase, numbers=numbers, dateline=dateline)
    names = _counting._as_list(by) + (["period"] if period else [])
    return _finish_terms(merged, names, stem=stem, sort=sort)


def term_frequency(store: Store, *, start=None, end=None, sources=None, sections=None,
                   client: Any = None, text: str | Sequence[str] = "body",
                   by: str | Sequence[str] | None = None, period: str | None = None,
                   top: int | None = 50, stopwords: Stopwords = DEFAULT_STOPWORDS,
                   stem: bool = False, ngram: int = 1, min_count: int = 1,
                   lowercase: bool = True, numbers: bool = False,
                   dateline: bool = False) -> pl.DataFrame:
    """:func:`tassanalysis.terms.term_frequency` of a store selection, counted per file.

    Examples
    --------
    >>> term_frequency("data/corpus", period="month", top=10, client=client)  # doctest: +SKIP
    """
    selection = {"start": start, "end": end, "sources": sources, "sections": sections}
    merged = _term_parts(store, selection=selection, client=client, text=text, by=by,
                         period=period, stopwords=stopwords, stem=stem, ngram=ngram,
                         lowercase=lowercase, numbers=numbers, dateline=dateline)
    names = _counting._as_list(by) + (["period"] if period else [])
    full = _finish_terms(merged, names, stem=stem, sort=False)
    span = merged["span"].select(published_at=pl.concat_list("first", "last")).explode(
        "published_at")
    return _counting._rank_terms(full, corpus=span, by=by, period=period, top=top,
                                 min_count=min_count, stem=stem)


# --------------------------------------------------------------------------- keyness

def _keyness_kernel(part: pl.LazyFrame, *, target, reference, text, dateline, stopwords, stem,
                    ngram, lowercase) -> Counts:
    """Term counts of the target (``gid`` 0) and reference (``gid`` 1) rows of one part."""
    stop = _counting._stopword_set(stopwords)
    t_expr = _comparing._selector(target, part).fill_null(False)
    r_expr = ((~_comparing._selector(target, part)).fill_null(False) if reference is None
              else _comparing._selector(reference, part).fill_null(False))
    gid = pl.when(t_expr).then(0).when(r_expr).then(1).otherwise(2).cast(pl.UInt32)
    both = (part.select(_counting._text_column(text, dateline), gid=gid)
            .filter(pl.col("gid") < 2).with_row_index("doc"))
    options = dict(text=_counting._TEXT, lowercase=lowercase, numbers=False, stop=stop)
    stems = _counting._prepare_stems(both, stem=stem, streaming=True, **options)
    counts, totals, forms = _counting._count(both, streaming=True, n_rows=None, ngram=ngram,
                                             stems=stems, surface=stem, **options)
    return {"counts": counts, "totals": totals, "forms": forms}


def keyness(store: Store, *, target, reference=None, start=None, end=None, sources=None,
            sections=None, client: Any = None, text: str | Sequence[str] = "body",
            stopwords: Stopwords = DEFAULT_STOPWORDS, stem: bool = False, ngram: int = 1,
            min_count: int = MIN_COUNT, top: int | None = None, lowercase: bool = True,
            dateline: bool = False) -> pl.DataFrame:
    """:func:`tassanalysis.terms.keyness` of a store selection, counted per file.

    ``target`` and ``reference`` are expressions, dicts of column values or period
    strings (a second corpus frame cannot travel to workers: select it with an
    expression instead).

    Examples
    --------
    >>> keyness("data/corpus", target={"source": "tass.com"}, client=client)  # doctest: +SKIP
    """
    for spec in (target, reference):
        if isinstance(spec, pl.DataFrame | pl.LazyFrame):
            raise TypeError("target/reference must be an expression, a dict or a period "
                            "string here, not a frame")
        if spec is not None:
            _comparing._selector(spec, None)  # a bad spec fails here, not on a worker
    kernel = functools.partial(_keyness_kernel, target=target, reference=reference, text=text,
                               dateline=dateline, stopwords=stopwords, stem=stem, ngram=ngram,
                               lowercase=lowercase)
    merged = map_reduce(store, kernel, merge_counts, start=start, end=end, sources=sources,
                        sections=sections, client=client)
    return _comparing._keyness_from_counts(merged["counts"], merged["totals"],
                                           merged["forms"], stem=stem, min_count=min_count,
                                           top=top)


# --------------------------------------------------------------------------- collocations

def _collocation_kernel(part: pl.LazyFrame, *, span, stopwords, text, dateline, lowercase,
                        numbers) -> Counts:
    """Word and pair counts of one part, read in chunks of rows."""
    stop = _counting._stopword_set(stopwords)

    def chunk(frame: pl.LazyFrame, rows: int | None) -> pl.DataFrame:
        return _association._collocation_counts(frame, span=span, stop=stop,
                                                text=_counting._TEXT, lowercase=lowercase,
                                                numbers=numbers)

    frame = part.select(_counting._text_column(text, dateline))
    return {"pairs": _counting._merge_chunks(frame, chunk,
                                             _association._merge_collocation_counts)}


@renamed_options(window="span")
def collocations(store: Store, *, measure: str = "pmi", span: int = 2,
                 min_count: int = MIN_COUNT, top: int | None = 50, start=None, end=None,
                 sources=None, sections=None, client: Any = None,
                 stopwords: Stopwords = DEFAULT_STOPWORDS, text: str | Sequence[str] = "body",
                 lowercase: bool = True, numbers: bool = False,
                 dateline: bool = False) -> pl.DataFrame:
    """:func:`tassanalysis.terms.collocations` of a store selection, counted per file.

    Examples
    --------
    >>> collocations("data/corpus", measure="likelihood_ratio", client=client)  # doctest: +SKIP
    """
    if span < 2:
        raise ValueError("span must be 2 or more")
    _association._score_expr(measure)
    kernel = functools.partial(_collocation_kernel, span=span, stopwords=stopwords,
                               text=text, dateline=dateline, lowercase=lowercase,
                               numbers=numbers)
    merged = map_reduce(store, kernel, merge_counts, start=start, end=end, sources=sources,
                        sections=sections, client=client)
    return _association._score_collocations(merged["pairs"], measure=measure, span=span,
                                            min_count=min_count, top=top)


# --------------------------------------------------------------------------- articles

def _articles_kernel(part: pl.LazyFrame, *, by: str | None, every: str) -> Counts:
    return {"articles": _stats._article_counts(part, by=by, every=every)}


def articles_over_time(store: Store, *, by: str | None = "source", period: str = "week",
                       top: int | None = None, other: str = "other", start=None, end=None,
                       sources=None, sections=None, client: Any = None) -> pl.DataFrame:
    """:func:`tassanalysis.stats.articles_over_time` of a store selection, per file.

    Examples
    --------
    >>> articles_over_time("data/corpus", period="month", client=client)  # doctest: +SKIP
    """
    every = check_period(period)
    kernel = functools.partial(_articles_kernel, by=by, every=every)
    merged = map_reduce(store, kernel, merge_counts, start=start, end=end, sources=sources,
                        sections=sections, client=client)
    counts = merged["articles"].with_columns(pl.col("articles").cast(pl.UInt32))
    return _stats._articles_table(counts, by=by, every=every, top=top, other=other)
