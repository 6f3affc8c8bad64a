"""Term counts, term frequency and TF-IDF: the counting engine of the term analyses.

The counting engine shared by :mod:`tassanalysis.terms`: every analysis reads its
text through :func:`tassanalysis.text.analysis_text` (one column, or several joined
by a blank line; the body's opening dateline left out unless ``dateline=True``),
cuts it with the tokenizer of :mod:`tassanalysis.text`, and counts per group.

Eager input is processed in row batches that run in parallel; lazy input (for
example a Parquet scan larger than memory) runs in chunks of rows. Both give the
same numbers.

Examples
--------
>>> from tassanalysis import datasets
>>> sample = datasets.load_sample()
>>> term_frequency(sample.filter(pl.col("source") == "tass.com"), top=3)["term"].to_list()
['russia', 'russian', 'putin']
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from tassanalysis import text as _text
from tassanalysis.vocab import (
    DEFAULT_STOPWORDS,
    MIN_COUNT,
    PERIODS,
    Stopwords,
    check_period,
    stopword_set,
)

__all__ = ["term_counts", "term_frequency", "tf_idf"]

_BATCH_ROWS = 20_000
#: Rows of a lazy corpus held in memory at a time.
_LAZY_CHUNK_ROWS = 100_000
#: Name of the column that holds the text an analysis reads.
_TEXT = "_text"

Corpus = pl.DataFrame | pl.LazyFrame
TextOption = str | Sequence[str]


# --------------------------------------------------------------------------- helpers

def _stopword_set(stopwords: Stopwords) -> frozenset[str]:
    return stopword_set(stopwords)


def _text_column(text: TextOption, dateline: bool = False) -> pl.Expr:
    """The text an analysis reads, as the column ``_text`` (:func:`~tassanalysis.text.analysis_text`)."""
    return _text.analysis_text(text, dateline=dateline).alias(_TEXT)


def _text_expr(text: TextOption = _TEXT) -> pl.Expr:
    """The prepared text column (nulls as empty text)."""
    if text == _TEXT:
        return pl.col(_TEXT).fill_null("")
    return _text.analysis_text(text)


def _text_columns(text: TextOption) -> list[str]:
    """The columns a text option names."""
    return [text] if isinstance(text, str) else list(text)


def _with_doc_index(corpus: Corpus, gid: pl.Expr) -> pl.LazyFrame:
    return corpus.lazy().with_row_index("doc").with_columns(gid=gid.cast(pl.UInt32))


def _period_expr(period: str) -> pl.Expr:
    return pl.col("published_at").dt.truncate(check_period(period)).dt.date().alias("period")


def _as_list(by: str | Sequence[str] | None) -> list[str]:
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


def _word_mask(numbers: bool) -> pl.Expr:
    return pl.col("term").str.contains(r"^[\p{L}\p{N}]" if numbers else r"^\p{L}")


def _ngram_terms(frame: pl.LazyFrame, *, text: str | Sequence[str], ngram: int,
                 lowercase: bool, numbers: bool, stop: frozenset[str],
                 stems: pl.DataFrame | None) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """Return (terms, totals) for a frame with columns ``gid``, ``doc`` and the text.

    ``terms`` has one row per n-gram occurrence (``gid``, ``doc``, ``term`` and,
    with ``stems``, the ``surface`` n-gram), n-grams that start or end with a
    stopword left out; ``totals`` has (``gid``, ``doc``, ``words``).
    """
    body = _text_expr(text)
    # N-grams: words and sentence breaks in one list, exploded, then shifted.
    toks = (frame.select("gid", "doc", term=_text.sentence_tokens(body, lowercase=lowercase))
            .explode("term").drop_nulls("term"))
    toks = toks.with_columns(is_word=_word_mask(numbers))
    toks = toks.with_columns(segment=(~pl.col("is_word")).cum_sum())
    toks = toks.filter("is_word")
    totals = toks.group_by("gid", "doc").agg(words=pl.len())
    toks = toks.with_columns(is_stop=pl.col("term").is_in(pl.Series(list(stop), dtype=pl.String)
                                                          .implode()))
    joined = {"term": "term"}
    if stems is not None:
        # Stem each word; keep the surface n-gram for display.
        toks = _apply_stems(toks.with_columns(surface=pl.col("term")), stems)
        joined["surface"] = "surface"
    same = [(pl.col("segment").shift(-k) == pl.col("segment"))
            & (pl.col("doc").shift(-k) == pl.col("doc")) for k in range(1, ngram)]
    terms = toks.select(
        "gid", "doc",
        *[pl.concat_str([pl.col(c).shift(-k) for k in range(ngram)], separator=" ").alias(name)
          for name, c in joined.items()],
        keep=pl.all_horizontal(same) & ~pl.col("is_stop")
        & ~pl.col("is_stop").shift(-(ngram - 1)).fill_null(True),
    ).filter(pl.col("keep").fill_null(False)).drop("keep")
    return terms, totals


def _apply_stems(terms: pl.LazyFrame, stems: pl.DataFrame) -> pl.LazyFrame:
    """Replace words by their stems (words missing from the map are kept)."""
    return terms.with_columns(
        term=pl.col("term").replace(stems["term"], stems["stem"]))


def _vocabulary(frame: pl.LazyFrame, *, text, lowercase: bool, numbers: bool,
                streaming: bool) -> pl.DataFrame:
    """Distinct words (unigrams, as :func:`tassanalysis.text.sentence_tokens` gives them)."""
    body = _text_expr(text)
    plan = frame.select(term=pl.concat_list(
        _text.tokens(body, lowercase=lowercase, numbers=numbers),
        _text.sentence_tokens(body, lowercase=lowercase))).explode("term").unique()
    return _collect(plan, streaming)


def _collect(plan: pl.LazyFrame, streaming: bool) -> pl.DataFrame:
    return plan.collect(engine="streaming") if streaming else plan.collect()


def _with_doc_index(corpus: Corpus, gid: pl.Expr) -> pl.LazyFrame:
    return corpus.lazy().with_row_index("doc").with_columns(gid=gid.cast(pl.UInt32))


def _unigram_plans(part: pl.LazyFrame, *, text, lowercase: bool, numbers: bool,
                   stems: pl.DataFrame | None, surface: bool, stop: frozenset[str]):
    """Counting plans for words (stopwords dropped before grouping, which makes
    the hash tables much smaller)."""
    toks = part.select("gid", "doc", term=_text.tokens(_text_expr(text), lowercase=lowercase,
                                                        numbers=numbers))
    tot = toks.group_by("gid").agg(tokens=pl.col("term").list.len().sum().cast(pl.UInt64),
                                   docs=pl.len().cast(pl.UInt64))
    keep = pl.col("term").is_not_null()
    if stop:
        keep = keep & ~pl.col("term").is_in(pl.Series(sorted(stop), dtype=pl.String).implode())
    words = toks.explode("term").filter(keep)
    forms = None
    if stems is not None:
        if surface:
            forms = (words.group_by("term").agg(count=pl.len().cast(pl.UInt64))
                     .select(surface="term",
                             term=pl.col("term").replace(stems["term"], stems["stem"]),
                             count="count"))
        words = _apply_stems(words, stems)
    counts = words.group_by("gid", "term").agg(
        count=pl.len().cast(pl.UInt64), doc_count=pl.col("doc").n_unique().cast(pl.UInt64))
    return counts, tot, forms


def _count(frame: pl.LazyFrame, *, streaming: bool, n_rows: int | None, text, ngram: int,
           lowercase: bool, numbers: bool, stop: frozenset[str],
           stems: pl.DataFrame | None, surface: bool = False
           ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame | None]:
    """Count terms per ``gid``.

    Returns ``counts`` (gid, term, count, doc_count), ``totals`` (gid, tokens, docs)
    and, when ``surface`` (stemming), the surface-term counts (term, stem, count).
    """
    def plans(part: pl.LazyFrame):
        if ngram == 1:
            return _unigram_plans(part, text=text, lowercase=lowercase, numbers=numbers,
                                  stems=stems, surface=surface, stop=stop)
        terms, totals = _ngram_terms(part, text=text, ngram=ngram, lowercase=lowercase,
                                  numbers=numbers, stop=stop, stems=stems)
        counts = terms.group_by("gid", "term").agg(
            count=pl.len().cast(pl.UInt64), doc_count=pl.col("doc").n_unique().cast(pl.UInt64))
        tot = totals.group_by("gid").agg(tokens=pl.col("words").sum().cast(pl.UInt64),
                                         docs=pl.col("doc").n_unique().cast(pl.UInt64))
        forms = (terms.group_by("surface", "term").agg(count=pl.len().cast(pl.UInt64))
                 if surface else None)
        return counts, tot, forms

    def combined(part: pl.LazyFrame) -> pl.LazyFrame:
        # One plan per part, so that the tokens are computed once and shared.
        counts, tot, forms = plans(part)
        no_text = pl.lit(None, dtype=pl.String)
        frames = [
            counts.select(kind=pl.lit(0, pl.UInt8), gid="gid", term="term", surface=no_text,
                          count="count", doc_count="doc_count"),
            tot.select(kind=pl.lit(1, pl.UInt8), gid="gid", term=no_text, surface=no_text,
                       count="tokens", doc_count="docs"),
        ]
        if forms is not None:
            frames.append(forms.select(kind=pl.lit(2, pl.UInt8), gid=pl.lit(0, pl.UInt32),
                                       term="term", surface="surface", count="count",
                                       doc_count=pl.lit(0, pl.UInt64)))
        return pl.concat(frames)

    def in_memory(part: pl.LazyFrame, rows: int | None) -> pl.DataFrame:
        if not rows or rows <= _BATCH_ROWS:
            plan = combined(part)
        else:
            plan = pl.concat([combined(part.slice(i, _BATCH_ROWS))
                              for i in range(0, rows, _BATCH_ROWS)])
        return _merge_partials(plan).collect()

    if streaming:
        # Lazy input: stream it in chunks of rows, count each in memory, merge.
        done = _merge_chunks(frame, in_memory)
    else:
        done = in_memory(frame, n_rows)
    counts = done.filter(pl.col("kind") == 0).select("gid", "term", "count", "doc_count")
    tot = done.filter(pl.col("kind") == 1).select("gid", tokens="count", docs="doc_count")
    forms = (done.filter(pl.col("kind") == 2).select("surface", "term", "count")
             if surface else None)
    if ngram == 1 and stop:
        counts = counts.filter(~pl.col("term").is_in(pl.Series(list(stop), dtype=pl.String)
                                                     .implode()))
    return counts, tot, forms


def _merge_partials(partials: pl.LazyFrame) -> pl.LazyFrame:
    return partials.group_by("kind", "gid", "term", "surface").agg(
        pl.col("count").sum(), pl.col("doc_count").sum())


def _merge_chunks(frame: pl.LazyFrame, count_chunk, merge=None) -> pl.DataFrame:
    """Run ``count_chunk(chunk, rows)`` on chunks of a lazy frame and ``merge`` the
    partial counts (default :func:`_merge_partials`), so that memory holds one chunk of
    text at a time."""
    merge = merge or _merge_partials
    merged: list[pl.DataFrame] = []
    for chunk in frame.collect_batches(chunk_size=_LAZY_CHUNK_ROWS):
        if chunk.height:
            merged.append(count_chunk(chunk.lazy(), chunk.height))
        if len(merged) >= 8:
            merged = [merge(pl.concat(merged).lazy()).collect()]
    if not merged:
        return count_chunk(frame.head(0).collect().lazy(), 0)
    return merge(pl.concat(merged).lazy()).collect()


def _prepare_stems(frame: pl.LazyFrame, *, stem: bool, streaming: bool, text, lowercase: bool,
                   numbers: bool, stop: frozenset[str]) -> pl.DataFrame | None:
    if not stem:
        return None
    vocab = _vocabulary(frame, text=text, lowercase=lowercase, numbers=numbers,
                        streaming=streaming)
    vocab = vocab.filter(~pl.col("term").is_in(pl.Series(list(stop), dtype=pl.String).implode()))
    vocab = vocab.filter(pl.col("term").str.contains(r"^\p{L}"))
    return _text.stem_map(vocab)


def _display_forms(forms: pl.DataFrame | None) -> pl.DataFrame | None:
    """Most frequent surface form of each stem (ties: alphabetically first)."""
    if forms is None:
        return None
    return (forms.group_by("term", "surface").agg(pl.col("count").sum())
            .sort(["term", "count", "surface"], descending=[False, True, False])
            .group_by("term", maintain_order=True).agg(display=pl.col("surface").first()))


class _Groups:
    """Distinct values of the grouping columns, numbered (``gid``)."""

    def __init__(self, corpus: Corpus, keys: list[str], period: str | None):
        self.keys = keys
        self.period = period
        exprs = [pl.col(k) for k in keys] + ([_period_expr(period)] if period else [])
        self.names = keys + (["period"] if period else [])
        if not exprs:
            self.table = pl.DataFrame({"gid": pl.Series([0], dtype=pl.UInt32)})
            self.key_exprs: list[pl.Expr] = []
            return
        self.key_exprs = exprs
        self.table = (corpus.lazy().select(exprs).unique().sort(self.names, nulls_last=True)
                      .with_row_index("gid").collect())

    def attach(self, corpus: Corpus, text: TextOption, dateline: bool = False) -> pl.LazyFrame:
        """The analysis text (column ``_text``) with ``doc`` (row number) and ``gid``."""
        column = _text_column(text, dateline)
        if isinstance(corpus, pl.DataFrame):
            # Row numbers and group ids as columns of the frame itself, so that a batch
            # (a slice of the plan) reaches the frame: the text is prepared lazily, batch
            # by batch, never for the whole corpus at once.
            if self.key_exprs:
                gid = (corpus.select(self.key_exprs)
                       .join(self.table, on=self.names, how="left", nulls_equal=True,
                             maintain_order="left").get_column("gid"))
            else:
                gid = pl.Series("gid", [0], dtype=pl.UInt32).new_from_index(0, corpus.height)
            base = corpus.with_row_index("doc").with_columns(gid.alias("gid"))
            return base.lazy().select("doc", column, "gid")
        if not self.key_exprs:
            return (corpus.lazy().select(column).with_row_index("doc")
                    .with_columns(gid=pl.lit(0, dtype=pl.UInt32)))
        frame = corpus.lazy().with_row_index("doc").with_columns(self.key_exprs)
        return frame.join(self.table.lazy(), on=self.names, how="left", nulls_equal=True,
                          maintain_order="left").select("doc", "gid", column)


def _n_rows(corpus: Corpus) -> int | None:
    return corpus.height if isinstance(corpus, pl.DataFrame) else None


# --------------------------------------------------------------------------- term counts

def term_counts(corpus: Corpus, *, text: TextOption = "body",
                by: str | Sequence[str] | None = None, period: str | None = None,
                stopwords: Stopwords = DEFAULT_STOPWORDS, stem: bool = False, ngram: int = 1,
                lowercase: bool = True, numbers: bool = False, dateline: bool = False,
                sort: bool = True) -> pl.DataFrame:
    """Count every term per group: the full table behind :func:`term_frequency`.

    Parameters
    ----------
    corpus : polars.DataFrame or polars.LazyFrame
        Canonical corpus.
    text : str or sequence of str, default "body"
        A text column, or several joined by a blank line (``("title", "lead",
        "body")``), as :func:`tassanalysis.text.analysis_text` gives them.
    dateline : bool, default False
        Count the body's opening dateline (``MOSCOW, March 3. /TASS/.``) too.
    by, period, stopwords, stem, ngram, lowercase, numbers
        As in :func:`term_frequency`.
    sort : bool, default True
        Sort by group, then count (descending) and term.

    Returns
    -------
    polars.DataFrame
        ``by…``, ``period`` (when given), ``term``, ``count``, ``doc_count``,
        ``tokens`` (words in the group), ``docs`` (documents in the group); and
        ``stem`` when ``stem=True`` (``term`` is then the most frequent surface
        form of the stem). Only groups and terms that occur.

    Examples
    --------
    >>> c = pl.DataFrame({"body": ["Sanctions, sanctions, sanction!"], "source": ["x"]})
    >>> term_counts(c, stem=True)[["term", "stem", "count"]].rows()
    [('sanctions', 'sanction', 3)]
    """
    if ngram < 1:
        raise ValueError("ngram must be 1 or more")
    streaming = isinstance(corpus, pl.LazyFrame)
    groups = _Groups(corpus, _as_list(by), period)
    stop = _stopword_set(stopwords)
    frame = groups.attach(corpus, text, dateline)
    stems = _prepare_stems(frame, stem=stem, streaming=streaming, text=_TEXT,
                           lowercase=lowercase, numbers=numbers, stop=stop)
    counts, totals, forms = _count(frame, streaming=streaming, n_rows=_n_rows(corpus),
                                   text=_TEXT, ngram=ngram, lowercase=lowercase,
                                   numbers=numbers, stop=stop, stems=stems, surface=stem)
    return _term_table(counts, totals, forms, groups=groups.table, names=groups.names,
                       stem=stem, sort=sort)


def _term_table(counts: pl.DataFrame, totals: pl.DataFrame, forms: pl.DataFrame | None, *,
                groups: pl.DataFrame, names: list[str], stem: bool, sort: bool
                ) -> pl.DataFrame:
    """The :func:`term_counts` table from counts and totals per ``gid`` (``groups`` maps
    each ``gid`` to its ``names`` values) and, with ``stem``, the surface-form counts."""
    # As plain columns: a one-row ``totals`` may join as a broadcast scalar, which Polars
    # divides by through its reciprocal, so rates would depend on how the counts were made.
    out = pl.DataFrame(list(counts.join(totals, on="gid", how="left").iter_columns()))
    if stem:
        out = out.rename({"term": "stem"}).join(
            _display_forms(forms).rename({"term": "stem", "display": "term"}), on="stem",
            how="left")
    out = out.join(groups, on="gid", how="left")
    cols = names + ["term"] + (["stem"] if stem else []) + [
        "count", "doc_count", "tokens", "docs"]
    out = out.select(cols)
    if not sort:
        return out
    return out.sort(names + ["count", "term"],
                    descending=[False] * len(names) + [True, False], nulls_last=True)


def term_frequency(corpus: Corpus, *, text: TextOption = "body",
                   by: str | Sequence[str] | None = None, period: str | None = None,
                   top: int | None = 50, stopwords: Stopwords = DEFAULT_STOPWORDS,
                   stem: bool = False, ngram: int = 1, min_count: int = 1,
                   lowercase: bool = True, numbers: bool = False,
                   dateline: bool = False) -> pl.DataFrame:
    """Most frequent terms, overall or per group and period.

    Parameters
    ----------
    corpus : polars.DataFrame or polars.LazyFrame
        Canonical corpus.
    text : str or sequence of str, default "body"
        A text column, or several joined by a blank line (``("title", "lead",
        "body")``), as :func:`tassanalysis.text.analysis_text` gives them.
    dateline : bool, default False
        Count the body's opening dateline (``MOSCOW, March 3. /TASS/.``) too.
    by : str, sequence of str, or None
        Column(s) to group by (``"source"``, ``["source", "section"]``).
    period : str or None
        ``"day"``, ``"week"`` (Monday), ``"month"``, ``"quarter"`` or ``"year"`` of
        ``published_at`` (UTC).
    top : int or None, default 50
        Terms kept per group (by count; ties alphabetically); None keeps all.
    stopwords : str, sequence, set of words or None, default ("en", "ru")
        Unigrams that are stopwords are dropped; n-grams that start or end with
        one are dropped.
    stem : bool, default False
        Count Snowball stems; ``term`` shows the most frequent surface form.
    ngram : int, default 1
        1 for words, 2 or 3 for n-grams within sentences.
    min_count : int, default 1
        Drop terms seen fewer times than this in the whole corpus.
    lowercase, numbers : bool
        Tokenizer options (see :func:`tassanalysis.text.tokens`).

    Returns
    -------
    polars.DataFrame
        ``by…``, ``period`` (Date, when given), ``term``, (``stem``), ``count``,
        ``doc_count`` (documents containing it), ``tokens`` (all words in the
        group, stopwords included), ``docs`` (documents in the group),
        ``rate_per_10k`` (``count / tokens * 10_000``), ``rank`` (1 = most frequent
        in its group and period; ties alphabetically). With ``period``, every
        period from the first to the last is present for each group and every
        term shown in it: periods without the term (or without any article) have
        ``count = 0``, ``rate_per_10k = 0`` and a null ``rank``; where the term
        occurs but is not among that period's ``top``, ``rank`` is null too.

    Examples
    --------
    >>> from tassanalysis import datasets
    >>> tass = datasets.load_sample().filter(pl.col("source") == "tass.com")
    >>> term_frequency(tass, top=3)[["term", "count"]].rows()
    [('russia', 138), ('russian', 104), ('putin', 42)]
    >>> moscow = pl.col("term") == "moscow"
    >>> [term_frequency(tass, top=None, dateline=d).filter(moscow)["count"].item()
    ...  for d in (False, True)]  # the dateline "MOSCOW, February 6. /TASS/." counted or not
    [21, 46]
    """
    full = term_counts(corpus, text=text, by=by, period=period, stopwords=stopwords, stem=stem,
                       ngram=ngram, lowercase=lowercase, numbers=numbers, dateline=dateline,
                       sort=False)
    return _rank_terms(full, corpus=corpus, by=by, period=period, top=top, min_count=min_count,
                       stem=stem)


def _rank_terms(full: pl.DataFrame, *, corpus: Corpus, by: str | Sequence[str] | None,
                period: str | None, top: int | None, min_count: int, stem: bool
                ) -> pl.DataFrame:
    """The :func:`term_frequency` table from the full :func:`term_counts` table
    (``corpus`` gives only the first and last ``published_at``)."""
    keys = _as_list(by)
    names = keys + (["period"] if period else [])
    if min_count > 1:
        full = full.filter(pl.col("count").sum().over("term") >= min_count)
    candidates = full
    if top is not None:
        # Only terms at least as frequent as the top-th of their group can be shown:
        # rank those (ties included) instead of sorting the whole table.
        kth = pl.col("count").top_k(top).min()
        candidates = full.filter(pl.col("count") >= (kth.over(names) if names else kth))
    rank = pl.int_range(1, pl.len() + 1, dtype=pl.UInt32)
    ranked = candidates.sort(names + ["count", "term"],
                             descending=[False] * len(names) + [True, False], nulls_last=True)
    ranked = ranked.with_columns(rank=rank.over(names) if names else rank)
    shown = ranked if top is None else ranked.filter(pl.col("rank") <= top)
    if period:
        shown = _fill_periods(full, ranked, shown, keys=keys, period=period, corpus=corpus)
    out = shown.with_columns(
        rate_per_10k=pl.when(pl.col("tokens") > 0)
        .then(pl.col("count") / pl.col("tokens") * 10_000).otherwise(0.0))
    cols = names + ["term"] + (["stem"] if stem else []) + [
        "count", "doc_count", "tokens", "docs", "rate_per_10k", "rank"]
    return out.select(cols).sort(names + ["count", "term"],
                                 descending=[False] * len(names) + [True, False],
                                 nulls_last=True)


def _fill_periods(full: pl.DataFrame, ranked: pl.DataFrame, shown: pl.DataFrame, *,
                  keys: list[str], period: str, corpus: Corpus) -> pl.DataFrame:
    """Every period × shown term of each group, zeros where absent."""
    bounds = corpus.lazy().select(lo=pl.col("published_at").min(),
                                  hi=pl.col("published_at").max()).collect()
    lo, hi = bounds.row(0)
    if lo is None:
        return shown
    start = (pl.select(pl.lit(lo).dt.truncate(PERIODS[period]).dt.date()).item())
    end = (pl.select(pl.lit(hi).dt.truncate(PERIODS[period]).dt.date()).item())
    periods = pl.date_range(start, end, PERIODS[period], eager=True).alias("period")
    term_cols = ["term", "stem"] if "stem" in full.columns else ["term"]
    grid = shown.select(keys + term_cols).unique().join(periods.to_frame(), how="cross")
    group_totals = full.select(keys + ["period", "tokens", "docs"]).unique(keys + ["period"])
    on = keys + term_cols + ["period"]
    out = grid.join(full.drop("tokens", "docs"), on=on, how="left", nulls_equal=True)
    out = out.join(ranked.select(on + ["rank"]), on=on, how="left", nulls_equal=True)
    out = out.join(group_totals, on=keys + ["period"], how="left", nulls_equal=True)
    out = out.with_columns(
        pl.col("count", "doc_count", "tokens", "docs").fill_null(0),
        rank=pl.when(pl.col("count").fill_null(0) > 0).then(pl.col("rank")))
    return out


# --------------------------------------------------------------------------- TF-IDF

def tf_idf(corpus: Corpus, *, by: str | Sequence[str] | None = None, period: str | None = None,
           top: int | None = 20, text: TextOption = "body",
           stopwords: Stopwords = DEFAULT_STOPWORDS, stem: bool = False, ngram: int = 1,
           min_count: int = MIN_COUNT, lowercase: bool = True,
           dateline: bool = False) -> pl.DataFrame:
    """The most distinctive terms of each group or period: each group is one document.

    The articles of a group are pooled into one document, as quanteda does with
    ``dfm_group`` before ``dfm_tfidf``: ``tf = count / tokens`` (the term's share of
    the group's words), ``idf = log10(G / g)`` with ``G`` groups and ``g`` groups
    that use the term (quanteda's default inverse document frequency, no
    smoothing), and ``tf_idf = tf * idf * 10_000``. A term every group uses
    ("russia" in every section of a TASS corpus) scores 0, so each group's own
    terms come first.

    Parameters
    ----------
    corpus : polars.DataFrame or polars.LazyFrame
        Canonical corpus.
    by : str, sequence of str, or None
        Group column(s); with ``period`` (or alone) the groups are periods.
    period : str or None
        A period name.
    top : int or None, default 20
        Terms kept per group.
    text : str or sequence of str, default "body"
        A text column, or several joined by a blank line (``("title", "lead",
        "body")``), as :func:`tassanalysis.text.analysis_text` gives them.
    dateline : bool, default False
        Count the body's opening dateline (``MOSCOW, March 3. /TASS/.``) too.
    stopwords, stem, ngram, lowercase
        As in :func:`term_frequency`.
    min_count : int, default 5
        Ignore terms seen fewer times than this in the whole corpus.

    Returns
    -------
    polars.DataFrame
        ``by…``, ``period``, ``term``, ``count``, ``tokens``, ``groups_with_term``,
        ``idf``, ``tf_idf``, ``rank`` (1 = most distinctive in its group).

    Raises
    ------
    ValueError
        Neither ``by`` nor ``period``.

    Examples
    --------
    >>> c = pl.DataFrame({"body": ["Moscow Kremlin Kremlin", "London Moscow"], "source": ["a", "b"]})
    >>> tf_idf(c, by="source", top=1, min_count=1)[["source", "term"]].rows()
    [('a', 'kremlin'), ('b', 'london')]
    """
    keys = _as_list(by)
    names = keys + (["period"] if period else [])
    if not names:
        raise ValueError("tf_idf needs by= and/or period=")
    full = term_counts(corpus, text=text, by=by, period=period, stopwords=stopwords, stem=stem,
                       ngram=ngram, lowercase=lowercase, dateline=dateline)
    n_groups = full.select(names).unique().height
    full = full.filter(pl.col("count").sum().over("term") >= min_count)
    out = full.with_columns(groups_with_term=pl.len().over("term").cast(pl.UInt32))
    out = out.with_columns(idf=(n_groups / pl.col("groups_with_term")).log(10))
    out = out.with_columns(tf_idf=pl.col("count") / pl.col("tokens") * pl.col("idf") * 10_000)
    out = out.sort(names + ["tf_idf", "count", "term"],
                   descending=[False] * len(names) + [True, True, False], nulls_last=True)
    out = out.with_columns(rank=pl.int_range(1, pl.len() + 1, dtype=pl.UInt32).over(names))
    if top is not None:
        out = out.filter(pl.col("rank") <= top)
    return out.select(names + ["term", "count", "tokens", "groups_with_term", "idf", "tf_idf",
                               "rank"])
