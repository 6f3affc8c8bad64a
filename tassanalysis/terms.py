"""Term frequency, TF-IDF, keyness, collocations and keyword-in-context.

Every function takes a corpus in the canonical schema (:mod:`tassanalysis.schema`),
eager ``pl.DataFrame`` or ``pl.LazyFrame``, and returns a tidy eager frame.
Words are counted with the tokenizer of :mod:`tassanalysis.text`.

Eager input is processed in row batches that run in parallel; lazy input (for
example a Parquet scan larger than memory) runs on Polars' streaming engine.
Both give the same numbers.

Examples
--------
>>> import polars as pl, datetime as dt
>>> corpus = pl.DataFrame({
...     "doc_id": ["a", "b"], "source": ["tass.com", "bbc"],
...     "body": ["Moscow and Moscow again.", "London calling."],
...     "published_at": [dt.datetime(2017, 1, 5), dt.datetime(2017, 3, 1)]})
>>> term_frequency(corpus, top=2)[["term", "count"]].rows()
[('moscow', 2), ('calling', 1)]
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence

import polars as pl

from tassanalysis import text as _text

__all__ = [
    "ASSOCIATION_MEASURES",
    "PERIODS",
    "collocations",
    "each_vs_rest",
    "keyness",
    "kwic",
    "term_counts",
    "term_frequency",
    "tf_idf",
]

#: Period names and their Polars truncation interval.
PERIODS = {"day": "1d", "week": "1w", "month": "1mo", "quarter": "1q", "year": "1y"}

_BATCH_ROWS = 20_000
#: Rows of a lazy corpus held in memory at a time.
_LAZY_CHUNK_ROWS = 100_000

Corpus = pl.DataFrame | pl.LazyFrame
Stopwords = str | Sequence[str] | Iterable[str] | None


# --------------------------------------------------------------------------- helpers

def _stopword_set(stopwords: Stopwords) -> frozenset[str]:
    """``"en"``, ``("en", "ru")``, a set of words, or None (no stopwords)."""
    if stopwords is None:
        return frozenset()
    if isinstance(stopwords, str):
        return _text.stopwords(stopwords)
    words = list(stopwords)
    if words and all(isinstance(w, str) and len(w) == 2 and w.isalpha() and w.islower()
                     and w in ("en", "ru") for w in words):
        return _text.stopwords(tuple(words))
    return frozenset(w.lower() for w in words)


def _text_expr(text: str | Sequence[str]) -> pl.Expr:
    """One text column, or several joined by a blank line (title + lead + body)."""
    if isinstance(text, str):
        return pl.col(text).fill_null("")
    return pl.concat_str([pl.col(c) for c in text], separator="\n\n", ignore_nulls=True)


def _period_expr(period: str) -> pl.Expr:
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")
    return pl.col("published_at").dt.truncate(PERIODS[period]).dt.date().alias("period")


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

    def attach(self, corpus: Corpus, text: str | Sequence[str]) -> pl.LazyFrame:
        """The text column(s) of the corpus with ``doc`` (row number) and ``gid``."""
        columns = _text_columns(text)
        if not self.key_exprs:
            return (corpus.lazy().select(columns).with_row_index("doc")
                    .with_columns(gid=pl.lit(0, dtype=pl.UInt32)))
        if isinstance(corpus, pl.DataFrame):
            # Join only the keys, so the text is never copied.
            gid = (corpus.select(self.key_exprs)
                   .join(self.table, on=self.names, how="left", nulls_equal=True,
                         maintain_order="left").get_column("gid"))
            return corpus.select(columns).with_row_index("doc").with_columns(gid).lazy()
        frame = corpus.lazy().with_row_index("doc").with_columns(self.key_exprs)
        return frame.join(self.table.lazy(), on=self.names, how="left", nulls_equal=True,
                          maintain_order="left").select(["doc", "gid"] + columns)


def _n_rows(corpus: Corpus) -> int | None:
    return corpus.height if isinstance(corpus, pl.DataFrame) else None


# --------------------------------------------------------------------------- term counts

def term_counts(corpus: Corpus, *, text: str | Sequence[str] = "body",
                by: str | Sequence[str] | None = None, period: str | None = None,
                stopwords: Stopwords = "en", stem: bool = False, ngram: int = 1,
                lowercase: bool = True, numbers: bool = False, sort: bool = True
                ) -> pl.DataFrame:
    """Count every term per group: the full table behind :func:`term_frequency`.

    Returns
    -------
    polars.DataFrame
        ``by…``, ``period`` (when given), ``term``, ``count``, ``doc_count``,
        ``tokens`` (words in the group), ``docs`` (documents in the group); and
        ``stem`` when ``stem=True`` (``term`` is then the most frequent surface
        form of the stem). Only groups and terms that occur; sorted by group,
        then count (descending) and term, unless ``sort=False``.

    Examples
    --------
    >>> import polars as pl
    >>> c = pl.DataFrame({"body": ["Sanctions, sanctions, sanction!"], "source": ["x"]})
    >>> term_counts(c, stem=True)[["term", "stem", "count"]].rows()
    [('sanctions', 'sanction', 3)]
    """
    if ngram < 1:
        raise ValueError("ngram must be 1 or more")
    streaming = isinstance(corpus, pl.LazyFrame)
    groups = _Groups(corpus, _as_list(by), period)
    stop = _stopword_set(stopwords)
    frame = groups.attach(corpus, text)
    stems = _prepare_stems(frame, stem=stem, streaming=streaming, text=text,
                           lowercase=lowercase, numbers=numbers, stop=stop)
    counts, totals, forms = _count(frame, streaming=streaming, n_rows=_n_rows(corpus), text=text,
                                   ngram=ngram, lowercase=lowercase, numbers=numbers, stop=stop,
                                   stems=stems, surface=stem)
    return _term_table(counts, totals, forms, groups=groups.table, names=groups.names,
                       stem=stem, sort=sort)


def _term_table(counts: pl.DataFrame, totals: pl.DataFrame, forms: pl.DataFrame | None, *,
                groups: pl.DataFrame, names: list[str], stem: bool, sort: bool
                ) -> pl.DataFrame:
    """The :func:`term_counts` table from counts and totals per ``gid`` (``groups`` maps
    each ``gid`` to its ``names`` values) and, with ``stem``, the surface-form counts."""
    out = counts.join(totals, on="gid", how="left")
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


def term_frequency(corpus: Corpus, *, text: str | Sequence[str] = "body",
                   by: str | Sequence[str] | None = None, period: str | None = None,
                   top: int | None = 50, stopwords: Stopwords = "en", stem: bool = False,
                   ngram: int = 1, min_count: int = 1, lowercase: bool = True,
                   numbers: bool = False) -> pl.DataFrame:
    """Most frequent terms, overall or per group and period.

    Parameters
    ----------
    corpus
        Canonical corpus, eager or lazy.
    text
        A text column, or a list of columns joined by a blank line
        (``["title", "lead", "body"]``).
    by
        Column(s) to group by (``"source"``, ``["source", "section"]``).
    period
        ``"day"``, ``"week"`` (Monday), ``"month"``, ``"quarter"`` or ``"year"`` of
        ``published_at`` (UTC).
    top
        Terms kept per group (by count; ties alphabetically); None keeps all.
    stopwords
        ``"en"``, ``"ru"``, ``("en", "ru")``, a set of words, or None. Unigrams that
        are stopwords are dropped; n-grams that start or end with one are dropped.
    stem
        Count Snowball stems; ``term`` shows the most frequent surface form.
    ngram
        1 for words, 2 or 3 for n-grams within sentences.
    min_count
        Drop terms seen fewer times than this in the whole corpus.
    lowercase, numbers
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
    >>> import polars as pl, datetime as dt
    >>> c = pl.DataFrame({"body": ["Moscow talks.", "Moscow again."],
    ...                   "published_at": [dt.datetime(2017, 1, 5), dt.datetime(2017, 3, 9)]})
    >>> term_frequency(c, period="month", top=1)[["period", "term", "count"]].rows()
    [(datetime.date(2017, 1, 1), 'moscow', 1), (datetime.date(2017, 2, 1), 'moscow', 0), (datetime.date(2017, 3, 1), 'moscow', 1)]
    """
    full = term_counts(corpus, text=text, by=by, period=period, stopwords=stopwords, stem=stem,
                       ngram=ngram, lowercase=lowercase, numbers=numbers, sort=False)
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
           top: int | None = 20, text: str | Sequence[str] = "body",
           stopwords: Stopwords = "en", stem: bool = False, ngram: int = 1,
           min_count: int = 2, lowercase: bool = True) -> pl.DataFrame:
    """Most distinctive terms of each group or period (each group is one "document").

    ``tf = count / tokens`` in the group; ``idf = ln((1 + G) / (1 + g)) + 1`` with
    ``G`` groups and ``g`` groups containing the term (scikit-learn's smoothed
    idf); ``tf_idf = tf * idf * 10_000`` (per 10k words).

    Returns
    -------
    polars.DataFrame
        ``by…``, ``period``, ``term``, ``count``, ``tokens``, ``groups_with_term``,
        ``idf``, ``tf_idf``, ``rank`` (1 = most distinctive in its group).

    Examples
    --------
    >>> import polars as pl
    >>> c = pl.DataFrame({"body": ["Moscow Kremlin Kremlin", "London Moscow"], "source": ["a", "b"]})
    >>> tf_idf(c, by="source", top=1, min_count=1)[["source", "term"]].rows()
    [('a', 'kremlin'), ('b', 'london')]
    """
    keys = _as_list(by)
    names = keys + (["period"] if period else [])
    if not names:
        raise ValueError("tf_idf needs by= and/or period=")
    full = term_counts(corpus, text=text, by=by, period=period, stopwords=stopwords, stem=stem,
                       ngram=ngram, lowercase=lowercase)
    n_groups = full.select(names).unique().height
    full = full.filter(pl.col("count").sum().over("term") >= min_count)
    out = full.with_columns(groups_with_term=pl.len().over("term").cast(pl.UInt32))
    out = out.with_columns(
        idf=((1 + n_groups) / (1 + pl.col("groups_with_term"))).log() + 1.0)
    out = out.with_columns(tf_idf=pl.col("count") / pl.col("tokens") * pl.col("idf") * 10_000)
    out = out.sort(names + ["tf_idf", "term"], descending=[False] * len(names) + [True, False],
                   nulls_last=True)
    out = out.with_columns(rank=pl.int_range(1, pl.len() + 1, dtype=pl.UInt32).over(names))
    if top is not None:
        out = out.filter(pl.col("rank") <= top)
    return out.select(names + ["term", "count", "tokens", "groups_with_term", "idf", "tf_idf",
                               "rank"])


# --------------------------------------------------------------------------- keyness

_PERIOD_RE = re.compile(r"^(\d{4})(?:-(?:Q([1-4])|(\d{1,2}))(?:-(\d{1,2}))?)?$")


def _period_bounds(spec: str) -> tuple[dt.datetime, dt.datetime]:
    """``"2017"``, ``"2017-Q1"``, ``"2017-03"``, ``"2017-03-05"`` or ``"A..B"`` → [start, end)."""
    if ".." in spec:
        a, b = spec.split("..", 1)
        return _period_bounds(a.strip())[0], _period_bounds(b.strip())[1]
    m = _PERIOD_RE.match(spec.strip())
    if not m:
        raise ValueError(f"not a period: {spec!r} (use 2017, 2017-Q1, 2017-03, 2017-03-05 "
                         "or a range A..B)")
    year, quarter, month, day = m.groups()
    y = int(year)
    utc = dt.UTC
    if quarter:
        start = dt.datetime(y, 3 * int(quarter) - 2, 1, tzinfo=utc)
        end = _add_months(start, 3)
    elif month and day:
        start = dt.datetime(y, int(month), int(day), tzinfo=utc)
        end = start + dt.timedelta(days=1)
    elif month:
        start = dt.datetime(y, int(month), 1, tzinfo=utc)
        end = _add_months(start, 1)
    else:
        start, end = dt.datetime(y, 1, 1, tzinfo=utc), dt.datetime(y + 1, 1, 1, tzinfo=utc)
    return start, end


def _add_months(d: dt.datetime, months: int) -> dt.datetime:
    m = d.month - 1 + months
    return d.replace(year=d.year + m // 12, month=m % 12 + 1)


def _selector(spec, corpus: Corpus) -> pl.Expr:
    """Turn a target/reference spec into a boolean expression over ``corpus``."""
    if isinstance(spec, pl.Expr):
        return spec
    if isinstance(spec, Mapping):
        parts = []
        for col, value in spec.items():
            if isinstance(value, (list, tuple, set, frozenset)):
                parts.append(pl.col(col).is_in(pl.Series(list(value)).implode()))
            else:
                parts.append(pl.col(col) == value)
        return pl.all_horizontal(parts) if parts else pl.lit(True)
    if isinstance(spec, str):
        start, end = _period_bounds(spec)
        ts = pl.col("published_at")
        return (ts >= start) & (ts < end)
    raise TypeError("target/reference must be a pl.Expr, a dict, a period string or a frame")


def _keyness_table(counts: pl.DataFrame, n_target: int, n_reference: int, *,
                   min_count: int) -> pl.DataFrame:
    """Statistics from ``term, count_target, count_reference`` and the two word totals."""
    from scipy.stats import chi2 as chi2_dist

    a = pl.col("count_target").cast(pl.Float64)
    b = pl.col("count_reference").cast(pl.Float64)
    n1, n2 = float(n_target), float(n_reference)
    total = n1 + n2
    out = counts.filter((pl.col("count_target") + pl.col("count_reference")) >= min_count)
    # 2×2 table: [[a, b], [n1 - a, n2 - b]]; expected = row total × column total / N.
    cells = [
        (a, (a + b) * n1 / total),
        (b, (a + b) * n2 / total),
        (n1 - a, (total - a - b) * n1 / total),
        (n2 - b, (total - a - b) * n2 / total),
    ]
    g2 = 2 * pl.sum_horizontal([
        pl.when(o > 0).then(o * (o / e).log()).otherwise(0.0) for o, e in cells])
    chi2 = pl.sum_horizontal([(o - e) ** 2 / e for o, e in cells])
    # Hardie's log ratio; with a zero count, half an occurrence in the larger corpus is
    # added to both relative frequencies (finite, and the sign follows `direction`).
    small = 0.5 / max(n1, n2, 1.0)
    zero = (a == 0) | (b == 0)
    rate_a = a / n1 if n1 else pl.lit(0.0)
    rate_b = b / n2 if n2 else pl.lit(0.0)
    log_ratio = (pl.when(zero).then((rate_a + small) / (rate_b + small))
                 .otherwise(rate_a / rate_b).log(2))
    out = out.with_columns(
        rate_target=a / n1 * 10_000 if n1 else pl.lit(0.0),
        rate_reference=b / n2 * 10_000 if n2 else pl.lit(0.0),
        g2=g2 if n1 and n2 else pl.lit(float("nan")),
        chi2=chi2 if n1 and n2 else pl.lit(float("nan")),
        log_ratio=log_ratio if n1 and n2 else pl.lit(float("nan")),
    )
    out = out.with_columns(
        g2_p=pl.Series(chi2_dist.sf(out["g2"].to_numpy(), 1), dtype=pl.Float64),
        chi2_p=pl.Series(chi2_dist.sf(out["chi2"].to_numpy(), 1), dtype=pl.Float64),
        direction=pl.when(pl.col("rate_target") >= pl.col("rate_reference"))
        .then(pl.lit("over")).otherwise(pl.lit("under")),
    )
    return out


def _sorted_keyness(out: pl.DataFrame, top: int | None, keys: list[str]) -> pl.DataFrame:
    signed = pl.when(pl.col("direction") == "over").then(pl.col("g2")).otherwise(-pl.col("g2"))
    out = out.with_columns(_signed=signed)
    if top is not None:
        rank = pl.col("g2").rank("ordinal", descending=True)
        over_keys = keys + ["direction"]
        out = out.filter(rank.over(over_keys) <= top)
    cols = keys + ["term", "count_target", "count_reference", "rate_target", "rate_reference",
                   "g2", "g2_p", "chi2", "chi2_p", "log_ratio", "direction"]
    return out.sort(keys + ["_signed", "term"], descending=[False] * len(keys) + [True, False]
                    ).select(cols)


def keyness(corpus: Corpus, *, target, reference=None, text: str | Sequence[str] = "body",
            stopwords: Stopwords = "en", stem: bool = False, ngram: int = 1,
            min_count: int = 5, top: int | None = None, lowercase: bool = True
            ) -> pl.DataFrame:
    """Terms over- and under-used in a target part of a corpus against a reference.

    Parameters
    ----------
    corpus
        Canonical corpus, eager or lazy.
    target, reference
        Each a boolean ``pl.Expr`` (``pl.col("source") == "tass.com"``), a dict of
        column values (``{"source": "tass.com"}``; a list value means any of them),
        a period string (``"2017"``, ``"2017-Q1"``, ``"2017-03"``, ``"2017-03-05"``,
        ``"2017-01..2017-03"``; of ``published_at``, UTC), or a whole second corpus
        frame. ``reference=None`` means the rest of ``corpus`` (needs a non-frame target).
    min_count
        Drop terms seen fewer times than this in target and reference together.
    top
        Keep the ``top`` over-used and the ``top`` under-used terms (by G²).

    Returns
    -------
    polars.DataFrame
        ``term``, ``count_target``, ``count_reference``, ``rate_target``,
        ``rate_reference`` (per 10k words), ``g2`` (log-likelihood G² of the 2×2
        table term/other words × target/reference, as ``scipy.stats.chi2_contingency(
        lambda_="log-likelihood", correction=False)``), ``g2_p``, ``chi2`` (Pearson,
        no continuity correction), ``chi2_p`` (both p-values with 1 degree of
        freedom), ``log_ratio`` (Hardie's binary log ratio ``log2(rate_target /
        rate_reference)``; when either count is zero, ``0.5 / max(N_target,
        N_reference)`` — half an occurrence in the larger corpus — is added to both
        relative frequencies, so that it stays finite and its sign agrees with
        ``direction``),
        ``direction`` (``"over"`` when the target rate is higher, else ``"under"``).
        Sorted from the most over-used to the most under-used (G² signed by
        direction); sort by ``log_ratio`` or ``g2`` for other views.

    Examples
    --------
    >>> import polars as pl
    >>> c = pl.DataFrame({"source": ["tass.com", "bbc"],
    ...                   "body": ["Moscow Moscow Moscow London", "London London London Moscow"]})
    >>> keyness(c, target={"source": "tass.com"}, min_count=1)[["term", "direction"]].rows()
    [('moscow', 'over'), ('london', 'under')]
    """
    stop = _stopword_set(stopwords)
    options = dict(text=text, ngram=ngram, lowercase=lowercase, numbers=False, stop=stop)
    if isinstance(target, (pl.DataFrame, pl.LazyFrame)) or isinstance(
            reference, (pl.DataFrame, pl.LazyFrame)):
        if isinstance(target, (pl.DataFrame, pl.LazyFrame)):
            t_frame = target
        else:
            t_frame = corpus.lazy().filter(_selector(target, corpus).fill_null(False))
        if reference is None:
            raise ValueError("reference=None (the rest) needs a target that is not a frame")
        r_frame = (reference if isinstance(reference, (pl.DataFrame, pl.LazyFrame))
                   else corpus.lazy().filter(_selector(reference, corpus).fill_null(False)))
        both = pl.concat([
            t_frame.lazy().select(_text_columns(text)).with_columns(gid=pl.lit(0, pl.UInt32)),
            r_frame.lazy().select(_text_columns(text)).with_columns(gid=pl.lit(1, pl.UInt32)),
        ]).with_row_index("doc")
        streaming = isinstance(t_frame, pl.LazyFrame) or isinstance(r_frame, pl.LazyFrame)
        n_rows = None if streaming else t_frame.height + r_frame.height
    else:
        t_expr = _selector(target, corpus).fill_null(False)
        # rows where the target test is null (e.g. an undated article against a
        # period) belong to neither side
        r_expr = ((~_selector(target, corpus)).fill_null(False) if reference is None
                  else _selector(reference, corpus).fill_null(False))
        gid = pl.when(t_expr).then(0).when(r_expr).then(1).otherwise(2)
        both = _with_doc_index(corpus, gid).filter(pl.col("gid") < 2)
        streaming = isinstance(corpus, pl.LazyFrame)
        n_rows = None if streaming else corpus.height
        if not streaming:
            both = both.collect().lazy()
            n_rows = both.select(pl.len()).collect().item()
            both = both.drop("doc").with_row_index("doc")
    stems = _prepare_stems(both, stem=stem, streaming=streaming, text=text,
                           lowercase=lowercase, numbers=False, stop=stop)
    counts, totals, forms = _count(both, streaming=streaming, n_rows=n_rows, stems=stems,
                                   surface=stem, **options)
    return _keyness_from_counts(counts, totals, forms, stem=stem, min_count=min_count, top=top)


def _text_columns(text) -> list[str]:
    return [text] if isinstance(text, str) else list(text)


def _keyness_from_counts(counts: pl.DataFrame, totals: pl.DataFrame, forms, *, stem: bool,
                         min_count: int, top: int | None) -> pl.DataFrame:
    tot = dict(zip(totals["gid"].to_list(), totals["tokens"].to_list(), strict=True))
    wide = (counts.filter(pl.col("gid") == 0).select("term", count_target="count")
            .join(counts.filter(pl.col("gid") == 1).select("term", count_reference="count"),
                  on="term", how="full", coalesce=True)
            .with_columns(pl.col("count_target", "count_reference").fill_null(0)))
    out = _keyness_table(wide, tot.get(0, 0), tot.get(1, 0), min_count=min_count)
    if stem:
        out = out.rename({"term": "stem"}).join(
            _display_forms(forms).rename({"term": "stem", "display": "term"}), on="stem",
            how="left")
    return _sorted_keyness(out, top, [])


def each_vs_rest(corpus: Corpus, *, by: str = "source", text: str | Sequence[str] = "body",
                 stopwords: Stopwords = "en", ngram: int = 1, min_count: int = 5,
                 top: int | None = 20, lowercase: bool = True) -> pl.DataFrame:
    """Keyness of each value of ``by`` against all other rows (counted in one pass).

    Returns
    -------
    polars.DataFrame
        ``by`` plus the columns of :func:`keyness`; ``top`` over- and under-used
        terms per value.

    Examples
    --------
    >>> import polars as pl
    >>> c = pl.DataFrame({"source": ["a", "b"], "body": ["Moscow Moscow", "London London"]})
    >>> each_vs_rest(c, min_count=1, top=1).filter(direction="over")[["source", "term"]].rows()
    [('a', 'moscow'), ('b', 'london')]
    """
    groups = _Groups(corpus, [by], None)
    stop = _stopword_set(stopwords)
    streaming = isinstance(corpus, pl.LazyFrame)
    counts, totals, _ = _count(groups.attach(corpus, text), streaming=streaming,
                               n_rows=_n_rows(corpus), text=text, ngram=ngram,
                               lowercase=lowercase, numbers=False, stop=stop, stems=None)
    all_counts = counts.group_by("term").agg(total=pl.col("count").sum())
    n_all = int(totals["tokens"].sum())
    results = []
    for gid, value in groups.table.select("gid", by).iter_rows():
        mine = counts.filter(pl.col("gid") == gid).select("term", count_target="count")
        wide = all_counts.join(mine, on="term", how="left").with_columns(
            count_target=pl.col("count_target").fill_null(0))
        wide = wide.with_columns(count_reference=pl.col("total") - pl.col("count_target"))
        wide = wide.drop("total")
        n_t = int(totals.filter(pl.col("gid") == gid)["tokens"].sum())
        table = _keyness_table(wide, n_t, n_all - n_t, min_count=min_count)
        results.append(table.with_columns(pl.lit(value).alias(by)))
    if not results:
        empty = pl.DataFrame(schema={"term": pl.String, "count_target": pl.UInt64,
                                     "count_reference": pl.UInt64})
        results.append(_keyness_table(empty, 0, 0, min_count=min_count).with_columns(
            pl.lit(None, dtype=pl.String).alias(by)))
    return _sorted_keyness(pl.concat(results), top, [by])


# --------------------------------------------------------------------------- collocations

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


def collocations(corpus: Corpus, *, measure: str = "pmi", window: int = 2, min_count: int = 5,
                 top: int | None = 50, stopwords: Stopwords = "en",
                 text: str | Sequence[str] = "body", lowercase: bool = True,
                 numbers: bool = False) -> pl.DataFrame:
    """Word pairs that occur together more than chance, scored as NLTK scores them.

    Counts follow ``nltk.collocations.BigramCollocationFinder.from_words(tokens,
    window_size=window)`` run separately on each document's tokens (pairs never
    cross documents): ``count`` is how often ``w2`` follows ``w1`` within
    ``window - 1`` words, ``count_w1`` / ``count_w2`` are word frequencies and the
    total is the number of words. Pairs with a stopword and pairs seen fewer than
    ``min_count`` times are dropped after counting (NLTK's ``apply_word_filter``
    and ``apply_freq_filter``); scores then equal ``finder.score_ngrams(measure)``
    (the pair count divided by ``window - 1``, as NLTK does).

    Parameters
    ----------
    measure
        ``pmi``, ``npmi`` (PMI / -log2 p(w1, w2), in [-1, 1]; not in NLTK),
        ``likelihood_ratio``, ``student_t`` (``t``), ``chi_sq``, ``phi_sq``,
        ``dice``, ``jaccard``, ``raw_freq``, ``poisson_stirling``, ``mi_like``.
    window
        2 for adjacent pairs; larger for pairs up to ``window - 1`` words apart.

    Returns
    -------
    polars.DataFrame
        ``w1``, ``w2``, ``count``, ``count_w1``, ``count_w2``, ``score``; best first
        (ties by w1, w2).

    Examples
    --------
    >>> import polars as pl
    >>> c = pl.DataFrame({"body": ["Foreign Minister Lavrov. Foreign Minister Wang."]})
    >>> collocations(c, min_count=2)[["w1", "w2", "count"]].rows()
    [('foreign', 'minister', 2)]
    """
    if window < 2:
        raise ValueError("window must be 2 or more")
    _score_expr(measure)  # validate early
    stop = _stopword_set(stopwords)

    def count_chunk(part: pl.LazyFrame, rows: int | None) -> pl.DataFrame:
        return _collocation_counts(part, window=window, stop=stop, text=text,
                                   lowercase=lowercase, numbers=numbers)

    frame = corpus.lazy().select(_text_columns(text))
    if isinstance(corpus, pl.LazyFrame):
        done = _merge_chunks(frame, count_chunk, _merge_collocation_counts)
    else:
        done = count_chunk(frame, corpus.height)
    return _score_collocations(done, measure=measure, window=window, min_count=min_count,
                               top=top)


def _collocation_counts(part: pl.LazyFrame, *, window: int, stop: frozenset[str],
                        text: str | Sequence[str], lowercase: bool, numbers: bool
                        ) -> pl.DataFrame:
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
        for k in range(1, window)
    ]).group_by("w1", "w2").agg(count=pl.len().cast(pl.UInt64)).select(
        kind=pl.lit(1, pl.UInt8), w1="w1", w2="w2", count="count")
    return pl.concat([words, pairs]).collect()


def _merge_collocation_counts(parts: pl.LazyFrame) -> pl.LazyFrame:
    return parts.group_by("kind", "w1", "w2").agg(pl.col("count").sum())


def _score_collocations(done: pl.DataFrame, *, measure: str, window: int, min_count: int,
                        top: int | None) -> pl.DataFrame:
    """The :func:`collocations` table from merged :func:`_collocation_counts`."""
    word_counts = done.filter(pl.col("kind") == 0).select(
        term="w1", n=pl.col("count").cast(pl.Float64))
    pairs = done.filter(pl.col("kind") == 1).select("w1", "w2", "count")
    n_xx = float(word_counts["n"].sum())
    out = (pairs.filter(pl.col("count") >= min_count)
           .join(word_counts.rename({"term": "w1", "n": "n_ix"}), on="w1", how="left")
           .join(word_counts.rename({"term": "w2", "n": "n_xi"}), on="w2", how="left")
           .with_columns(n_ii=pl.col("count") / (window - 1.0), n_xx=pl.lit(n_xx)))
    out = out.with_columns(score=_score_expr(measure))
    out = out.select("w1", "w2", count=pl.col("count").cast(pl.UInt64),
                     count_w1=pl.col("n_ix").cast(pl.UInt64),
                     count_w2=pl.col("n_xi").cast(pl.UInt64), score="score")
    out = out.sort(["score", "w1", "w2"], descending=[True, False, False])
    return out if top is None else out.head(top)


# --------------------------------------------------------------------------- KWIC

def _kwic_norm(word: pl.Expr, token_re: str) -> pl.Expr:
    """A word's first token, or (for one-letter words) the word without edge punctuation."""
    stripped = word.str.replace_all(r"^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$", "")
    return (word.str.extract(f"({token_re})", 1)
            .fill_null(pl.when(stripped != "").then(stripped)))


def kwic(corpus: Corpus, pattern: str, *, window: int = 8, regex: bool = False,
         case: bool = False, sort: str = "date", text: str = "body",
         limit: int | None = None) -> pl.DataFrame:
    """Keyword in context: every occurrence of a word, phrase or regex with its neighbours.

    The text is cut into whitespace-separated words (shown exactly as written,
    punctuation included). A word of the text matches a pattern word when its
    first token (:func:`tassanalysis.text.tokens`, numbers kept; for a word without
    one, such as ``I`` or ``5``, the word without its edge punctuation) equals the
    pattern word's, so ``Russia's`` and ``(Russia),`` match ``russia``; a phrase matches consecutive
    words. With ``regex=True`` the pattern is a Rust regular expression searched
    in each word's first token (one word; anchor it with ``^…$`` for a whole word).

    Parameters
    ----------
    pattern
        A word, a phrase (``"foreign minister"``) or a regex.
    window
        Words of context on each side.
    case
        Match case exactly (default: ignore case).
    sort
        ``"date"`` (publication time, then document and position), ``"left"`` (the
        word just before the match, then the one before, …) or ``"right"`` (the
        words after the match).
    limit
        Keep the first ``limit`` lines after sorting.

    Returns
    -------
    polars.DataFrame
        ``doc_id``, ``published_at``, ``title``, ``left``, ``match``, ``right``
        (``left``/``right`` up to ``window`` words, joined by single spaces), and
        ``position`` (word index of the match in the document).

    Examples
    --------
    >>> import polars as pl, datetime as dt
    >>> c = pl.DataFrame({"doc_id": ["a"], "title": ["T"], "published_at": [dt.datetime(2017, 1, 1)],
    ...                   "body": ["Russia's foreign minister Sergey Lavrov said on Monday."]})
    >>> kwic(c, "foreign minister", window=2)[["left", "match", "right"]].rows()
    [("Russia's", 'foreign minister', 'Sergey Lavrov')]
    """
    if sort not in ("date", "left", "right"):
        raise ValueError("sort must be 'date', 'left' or 'right'")
    lower = not case
    token_re = _text.token_pattern(numbers=True)
    if regex:
        n_words = 1
        flags = "" if case else "(?i)"
        word_exprs = [pl.col("norm").str.contains(flags + pattern)]
        # Anchors refer to a word, not the text: no document prefilter.
        prefilter = pl.lit(True)
    else:
        words = pattern.split()
        if not words:
            raise ValueError("empty pattern")
        norm_words = pl.Series(words, dtype=pl.String)
        if lower:
            norm_words = norm_words.str.to_lowercase()
        norm_words = pl.select(_kwic_norm(pl.lit(norm_words), token_re)).to_series().to_list()
        if any(w is None for w in norm_words):
            raise ValueError(f"pattern has no word: {pattern!r}")
        n_words = len(words)
        word_exprs = [pl.col("norm").shift(-k) == w for k, w in enumerate(norm_words)]
        prefilter = pl.col(text).str.contains(re.escape(words[0]) if case else
                                              "(?i)" + re.escape(norm_words[0].rstrip(".")))
    lf = corpus.lazy()
    cols = [c for c in ("doc_id", "published_at", "title") if c in lf.collect_schema().names()]
    docs = lf.with_row_index("doc").filter(prefilter.fill_null(False)).select(
        ["doc"] + cols + [text])

    def lines(chunk: pl.DataFrame) -> pl.DataFrame:
        chunk = chunk.with_columns(words=pl.col(text).str.extract_all(r"\S+"))
        exploded = chunk.select("doc", "words").explode("words").with_columns(
            position=pl.int_range(pl.len()).over("doc").cast(pl.Int64))
        norm = pl.col("words").str.to_lowercase() if lower else pl.col("words")
        exploded = exploded.with_columns(norm=_kwic_norm(norm, token_re))
        hit = pl.all_horizontal(
            [e & (pl.col("doc").shift(-k) == pl.col("doc")) for k, e in enumerate(word_exprs)])
        hits = exploded.filter(hit.fill_null(False)).select("doc", "position")
        found = hits.join(chunk.drop(text), on="doc", how="left")
        start = (pl.col("position") - window).clip(lower_bound=0)
        return found.with_columns(
            left=pl.col("words").list.slice(start, pl.col("position") - start).list.join(" "),
            match=pl.col("words").list.slice(pl.col("position"), n_words).list.join(" "),
            right=pl.col("words").list.slice(pl.col("position") + n_words, window)
            .list.join(" "),
        ).drop("words")

    if isinstance(corpus, pl.LazyFrame):
        # One chunk of matching articles in memory at a time.
        parts = [lines(chunk) for chunk in docs.collect_batches(chunk_size=_LAZY_CHUNK_ROWS)]
        out = pl.concat(parts) if parts else lines(docs.head(0).collect())
    else:
        out = lines(docs.collect())
    if sort == "date":
        keys = [c for c in ("published_at", "doc_id") if c in out.columns] + ["doc", "position"]
        out = out.sort(keys, nulls_last=True)
    elif sort == "left":
        out = out.sort(pl.col("left").str.to_lowercase().str.split(" ").list.reverse()
                       .list.join(" "), "doc", "position")
    else:
        out = out.sort(pl.col("right").str.to_lowercase(), "doc", "position")
    out = out.select(cols + ["left", "match", "right", "position"])
    return out if limit is None else out.head(limit)
