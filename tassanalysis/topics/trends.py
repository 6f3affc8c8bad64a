"""Topic shares per period, with Wilson intervals: a per-partition kernel and a merge.

The counting is split so that it can run over many Parquet files (one task per
file) and be merged:

* :func:`topic_counts` — the **kernel**: a pure function of one partition (a
  Polars frame) giving additive counts per period, group and topic
  (``articles``, ``period_articles``; ``hits`` and ``period_tokens`` for
  ``measure="tokens"``). Every topic has a row for every (period, group) the
  partition holds, zero or not, so the counts stay additive.
* :func:`merge_topic_counts` — the **merge**: concatenate partial counts and
  sum them per (period, group, topic).
* :func:`topic_shares` — shares, Wilson intervals, low-count flags and the
  periods without any article, computed once on the merged counts.

:func:`topic_trends` is ``topic_shares(merge_topic_counts([topic_counts(corpus)]))``.

Which text is read: :func:`reading_text` picks the columns (``"auto"``: title,
lead and body, leaving out fields that hold truncated snippets); the text of
each is what :func:`tassanalysis.text.analysis_text` gives (datelines removed).
For a distributed run, resolve ``text`` once on the whole corpus and pass the
columns to every kernel call, so that every partition reads the same fields.

Examples
--------
>>> import polars as pl, datetime as dt
>>> corpus = pl.DataFrame({
...     "doc_id": ["a", "b", "c"], "body": ["Syria talks", "Oil prices", "Syria again"],
...     "published_at": [dt.datetime(2025, 1, 3), dt.datetime(2025, 1, 9),
...                      dt.datetime(2025, 3, 1)]})
>>> t = topic_trends(corpus, {"syria": ["syria"]}, text="body", match="any")
>>> t.select("period", "articles", "period_articles", "share").rows()
[(datetime.date(2025, 1, 1), 1, 2, 0.5), (datetime.date(2025, 2, 1), 0, 0, 0.0), (datetime.date(2025, 3, 1), 1, 1, 1.0)]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from tassanalysis import text as _text
from tassanalysis.topics.dictionary import (
    TopicDictionary,
    _build,
    load_topics,
    match_topics,
    token_string,
    topic_names,
)
from tassanalysis.topics.relevance import TopicRule, field_weights, sentence_split, topic_rule

__all__ = [
    "PERIODS",
    "ReadText",
    "document_topics",
    "merge_topic_counts",
    "reading_text",
    "term_trends",
    "topic_counts",
    "topic_shares",
    "topic_trends",
    "wilson_interval",
]

#: Period names and their Polars truncation interval (weeks start on Monday; UTC).
PERIODS = {"day": "1d", "week": "1w", "month": "1mo", "quarter": "1q", "year": "1y"}
_STEP = {"day": "1d", "week": "1w", "month": "1mo", "quarter": "3mo", "year": "1y"}
_BATCH_ROWS = 20_000
_PARALLEL_BATCHES = 4
_SNIPPET_MAX = 300
Corpus = pl.DataFrame | pl.LazyFrame


# --------------------------------------------------------------------------- text

@dataclass(frozen=True)
class ReadText:
    """The text columns an analysis reads, and a sentence saying so."""

    columns: tuple[str, ...]
    note: str
    truncated_flag: bool = False


def _snippet_columns(corpus: Corpus, candidates: Sequence[str]) -> dict[str, int]:
    """Fields whose values are cut at one fixed length (a snippet, not a text).

    A field counts as snippets when at least 20 rows have it, it is at most
    300 characters long, and 90 % of its values are within one character of the
    most common length.
    """
    if not candidates:
        return {}
    lazy = corpus.lazy()
    found = {}
    for col in candidates:
        lengths = (lazy.select(n=pl.col(col).str.len_chars().cast(pl.Int64)).drop_nulls()
                   .filter(pl.col("n") > 0).group_by("n").len().collect())
        total = int(lengths["len"].sum()) if lengths.height else 0
        if total == 0:
            found[col] = 0  # empty everywhere
            continue
        if total < 20:
            continue
        mode = int(lengths.sort(["len", "n"], descending=[True, False])["n"][0])
        near = int(lengths.filter((pl.col("n") - mode).abs() <= 1)["len"].sum())
        if mode <= _SNIPPET_MAX and near >= 0.9 * total:
            found[col] = mode
    return found


def reading_text(corpus: Corpus, text: str | Iterable[str] | ReadText = "auto") -> ReadText:
    """Choose the text columns an analysis of ``corpus`` reads.

    Parameters
    ----------
    corpus : polars.DataFrame or polars.LazyFrame
        A canonical corpus (only its column names and, for ``"auto"``, the
        lengths of ``lead`` and ``body`` are looked at).
    text : str, list of str or ReadText, default "auto"
        Column(s) to read; ``"auto"`` reads ``title``, ``lead`` and ``body``
        where present, but leaves out a field whose values are snippets cut at a
        fixed length (e.g. a headline index whose body is the first 60
        characters of the article), and, where a boolean ``truncated`` column is
        true, that row's lead and body.

    Returns
    -------
    ReadText
        ``columns`` and a ``note`` for reports.

    Examples
    --------
    >>> import polars as pl
    >>> c = pl.DataFrame({"title": ["A", "B"], "body": ["MOSCOW. Long text here.", "More"]})
    >>> reading_text(c).columns
    ('title', 'body')
    >>> reading_text(c, "title").note
    'Text read: title.'
    """
    if isinstance(text, ReadText):
        return text
    names = corpus.collect_schema().names() if isinstance(corpus, pl.LazyFrame) else corpus.columns
    flag = "truncated" in names
    if text != "auto":
        cols = [text] if isinstance(text, str) else list(text)
        missing = [c for c in cols if c not in names]
        if missing or not cols:
            raise ValueError(f"text column(s) {missing or cols} not in the corpus "
                             f"(columns: {', '.join(names)})")
        return ReadText(tuple(cols), f"Text read: {', '.join(cols)}.", flag)
    cols = [c for c in _text.TEXT_FIELDS if c in names]
    if not cols:
        raise ValueError("the corpus has none of the text columns title, lead, body")
    snippets = _snippet_columns(corpus, [c for c in cols if c in ("lead", "body")])
    kept = [c for c in cols if c not in snippets]
    if not kept:
        kept = cols
        snippets = {}
    note = f"Text read: {', '.join(kept)} (datelines removed)."
    if snippets:
        left = ", ".join(f"{c} (snippets cut at about {n} characters)" if n else f"{c} (empty)"
                         for c, n in snippets.items())
        note += f" Left out: {left}."
    if flag:
        note += " Leads and bodies flagged as truncated are left out."
    return ReadText(tuple(kept), note, flag)


def _text_expr(read: ReadText, names: Sequence[str]) -> pl.Expr:
    expr = _text.analysis_text(read.columns, columns=names)
    if read.truncated_flag and any(c in ("lead", "body") for c in read.columns):
        whole = [c for c in read.columns if c not in ("lead", "body")]
        short = (_text.analysis_text(whole, columns=names) if whole else pl.lit(""))
        expr = pl.when(pl.col("truncated").fill_null(False)).then(short).otherwise(expr)
    return expr


# --------------------------------------------------------------------------- kernel

def _batches(frame: pl.LazyFrame, rows: int | None) -> list[pl.LazyFrame]:
    if not rows or rows <= _BATCH_ROWS:
        return [frame]
    return [frame.slice(i, _BATCH_ROWS) for i in range(0, rows, _BATCH_ROWS)]


def _n_rows(corpus: Corpus) -> int | None:
    return corpus.height if isinstance(corpus, pl.DataFrame) else None


def _field_expr(read: ReadText, column: str, names: Sequence[str]) -> pl.Expr:
    """The analysis text of one column (empty where a truncated flag leaves it out)."""
    # The upper-case abbreviation "US" is the country, not the pronoun: read it as "U.S.".
    expr = _text.analysis_text([column], columns=names).str.replace_all(r"\bUS\b", "U.S.")
    if read.truncated_flag and column in ("lead", "body"):
        expr = pl.when(pl.col("truncated").fill_null(False)).then(pl.lit("")).otherwise(expr)
    return expr


def _token_count(ts: pl.Expr) -> pl.Expr:
    return ((ts.str.count_matches(_SEP_RE) + 1).cast(pl.UInt32)
            * (ts != "  ").cast(pl.UInt32))


_SEP_RE = "  "


def _relation_hits(part: pl.LazyFrame, expr: pl.Expr, dictionary: TopicDictionary
                   ) -> list[pl.LazyFrame]:
    """Hits of relation topics: sentences in which every group has a term."""
    relations = [n for n in dictionary.names if dictionary.groups(n) is not None]
    if not relations:
        return []
    whole = part.select("row", ts=token_string(expr))
    out = []
    for name in relations:
        groups = dictionary.groups(name)
        # Only texts that hold every group are cut into sentences.
        holders = (match_topics(whole, groups, level="document").group_by("row")
                   .agg(n=pl.col("topic").n_unique())
                   .filter(pl.col("n") == len(groups.names)).select("row").collect())
        sentences = (part.filter(pl.col("row").is_in(holders["row"].implode()))
                     .select(doc="row", s=sentence_split(expr)).explode("s")
                     .drop_nulls("s").with_row_index("row"))
        strings = sentences.select("row", ts=token_string(pl.col("s")))
        found = match_topics(strings, groups, level="document")
        both = (found.group_by("row").agg(n=pl.col("topic").n_unique(),
                                          matched=pl.col("matched").list.explode(keep_nulls=False, empty_as_null=False))
                .filter(pl.col("n") == len(groups.names)))
        out.append(both.join(sentences.select("row", "doc"), on="row", how="inner")
                   .group_by("doc").agg(hits=pl.len().cast(pl.UInt32),
                                        matched=pl.col("matched").list.explode(keep_nulls=False, empty_as_null=False))
                   .select(row="doc", topic=pl.lit(name, dtype=pl.String), matched="matched",
                           hits="hits"))
    return out


def _body_carries(merged: pl.LazyFrame, strings_of: dict[str, pl.LazyFrame],
                  rule: TopicRule) -> pl.LazyFrame:
    """Keep the topics the body carries: where a document has a body, at least one
    hit in it beyond those of a lead the body repeats (see :class:`TopicRule`)."""
    body = strings_of[rule.body_field].select(
        "row", body_tokens=_token_count(pl.col("ts")), body_ts="ts")
    info = body
    if rule.lead_field in strings_of:
        # The lead is repeated in the body when its last words occur there.
        tail = (pl.lit(" ") + pl.col("ts").str.strip_chars(" ").str.split(_SEP_RE)
                .list.tail(_LEAD_TAIL).list.join(_SEP_RE) + pl.lit(" "))
        lead = strings_of[rule.lead_field].select(
            "row", lead_tail=pl.when(_token_count(pl.col("ts")) >= _LEAD_TAIL).then(tail))
        info = info.join(lead, on="row", how="left").with_columns(
            repeated=pl.col("body_ts").str.contains(pl.col("lead_tail"), literal=True)
            .fill_null(False))
    else:
        info = info.with_columns(repeated=pl.lit(False))
    extra = pl.col("body_hits") - pl.when(pl.col("repeated")).then(pl.col("lead_hits")).otherwise(0)
    return (merged.join(info.select("row", "body_tokens", "repeated"), on="row", how="left")
            .filter((pl.col("body_tokens").fill_null(0) == 0) | (extra >= 1))
            .drop("body_tokens", "repeated"))


#: How many final words of a lead, found in the body, show that the body repeats it.
_LEAD_TAIL = 5


def document_topics(corpus: Corpus, topics: Any = None, *, level: str = "document",
                    text: str | Iterable[str] | ReadText = "auto",
                    match: str | TopicRule | None = None) -> pl.DataFrame:
    """Topic assignments per row number: ``row``, ``topic``, ``matched``, ``score``
    (and ``hits``, ``tokens`` with ``level="token"``).

    The building block of :func:`topic_hits` and :func:`topic_counts`; ``row``
    is the 0-based row of ``corpus``. Each text column is matched on its own, so
    that the rule (see :mod:`~tassanalysis.topics.relevance`) can weigh a hit by
    where it occurs; ``score`` is the weighted count, and only documents whose
    score passes the rule are returned.
    """
    if level not in ("document", "token"):
        raise ValueError(f"level must be 'document' or 'token', not {level!r}")
    if hasattr(topics, "document_topics"):  # a learned model
        return topics.document_topics(corpus, text=text)
    rule = topic_rule(match)
    read = reading_text(corpus, text)
    dictionary = load_topics(topics)
    names = corpus.collect_schema().names() if isinstance(corpus, pl.LazyFrame) else corpus.columns
    fields = {c: _field_expr(read, c, names) for c in read.columns}
    weights = field_weights(rule, read.columns)
    frame = corpus.lazy().with_row_index("row")
    parts = []
    for part in _batches(frame, _n_rows(corpus)):
        pieces, counts, strings_of = [], [], {}
        for column, expr in fields.items():
            strings = part.select("row", ts=token_string(expr))
            strings_of[column] = strings
            counts.append(strings.select("row", tokens=_token_count(pl.col("ts"))))
            found = [match_topics(strings, dictionary, level="token")]
            found += _relation_hits(part, expr, dictionary)
            pieces += [f.with_columns(w=pl.lit(weights[column]), field=pl.lit(column))
                       for f in found]
        tokens = (pl.concat(counts).group_by("row").agg(pl.col("tokens").sum()
                                                        .cast(pl.UInt32)))
        merged = (pl.concat(pieces, how="vertical_relaxed").group_by("row", "topic")
                  .agg(matched=pl.col("matched").list.explode(keep_nulls=False, empty_as_null=False).unique().sort(),
                       hits=pl.col("hits").sum().cast(pl.UInt32),
                       score=(pl.col("hits").cast(pl.Float64) * pl.col("w")).sum(),
                       body_hits=pl.col("hits").filter(pl.col("field") == rule.body_field)
                       .sum().cast(pl.Int64),
                       lead_hits=pl.col("hits").filter(pl.col("field") == rule.lead_field)
                       .sum().cast(pl.Int64))
                  .join(tokens, on="row", how="left")
                  .filter(pl.col("score") > 0, pl.col("score") >= rule.threshold(pl.col("tokens"))))
        if rule.match == "relevant" and rule.body_hit and rule.body_field in strings_of:
            merged = _body_carries(merged, strings_of, rule)
        cols = ["row", "topic", "matched", "score"] + (["hits", "tokens"] if level == "token"
                                                       else [])
        parts.append(merged.select(cols))
    # A few batches at a time: enough to keep the cores busy, while only their token
    # strings are in memory.
    done = [pl.concat(parts[i:i + _PARALLEL_BATCHES]).collect()
            for i in range(0, len(parts), _PARALLEL_BATCHES)]
    return pl.concat(done)


def _period_expr(period: str) -> pl.Expr:
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")
    return pl.col("published_at").dt.truncate(PERIODS[period]).dt.date().alias("period")


def _as_list(by: str | Sequence[str] | None) -> list[str]:
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


def topic_counts(partition: Corpus, topics: Any = None, *, period: str | None = "month",
                 by: str | Sequence[str] | None = None, measure: str = "articles",
                 text: str | Iterable[str] | ReadText = "auto",
                 match: str | TopicRule | None = None) -> pl.DataFrame:
    """Additive topic counts of one partition: the kernel of :func:`topic_trends`.

    Parameters
    ----------
    partition : polars.DataFrame or polars.LazyFrame
        Articles in the canonical schema (a whole corpus or one file of it).
    topics
        A dictionary (see :func:`~tassanalysis.topics.dictionary.load_topics`) or
        a fitted :class:`~tassanalysis.topics.learned.LearnedTopics`.
    period : str or None, default "month"
        ``day``, ``week``, ``month``, ``quarter``, ``year`` of ``published_at``
        (UTC), or None for one row per group. Undated articles are left out when
        a period is asked for.
    by : str or list of str, optional
        Grouping columns, e.g. ``"source"``.
    measure : {"articles", "tokens"}
        ``"tokens"`` also counts topic term occurrences (``hits``) and words
        (``period_tokens``).
    text
        See :func:`reading_text`. Pass explicit columns when running over
        several partitions.
    match : {"relevant", "any"} or TopicRule, optional
        When a document carries a topic (default: ``"relevant"``, see
        :mod:`~tassanalysis.topics.relevance`).

    Returns
    -------
    polars.DataFrame
        ``period`` (when given), ``by…``, ``topic``, ``articles`` (documents with
        the topic), ``period_articles`` (documents in the period and group) and,
        for ``measure="tokens"``, ``hits`` and ``period_tokens``; all UInt64.
        Merge partitions with :func:`merge_topic_counts`.

    Examples
    --------
    >>> import polars as pl, datetime as dt
    >>> p = pl.DataFrame({"doc_id": ["a", "b"], "body": ["Syria", "Oil"],
    ...                   "published_at": [dt.datetime(2025, 1, 3)] * 2})
    >>> topic_counts(p, {"syria": ["syria"], "oil": ["oil"]}, text="body", match="any").rows()
    [(datetime.date(2025, 1, 1), 'syria', 1, 2), (datetime.date(2025, 1, 1), 'oil', 1, 2)]
    """
    if measure not in ("articles", "tokens"):
        raise ValueError(f"measure must be 'articles' or 'tokens', not {measure!r}")
    keys = ([ "period"] if period else []) + _as_list(by)
    level = "token" if measure == "tokens" else "document"
    text = reading_text(partition, text) if not hasattr(topics, "document_topics") else text
    hits = document_topics(partition, topics, level=level, text=text, match=match)
    names = topic_names(topics, hits)
    key_exprs = ([_period_expr(period)] if period else []) + [pl.col(c) for c in _as_list(by)]
    if measure == "tokens":
        read = reading_text(partition, text)
        names_ = (partition.collect_schema().names() if isinstance(partition, pl.LazyFrame)
                  else partition.columns)
        key_exprs.append(_text.tokens(_text_expr(read, names_)).list.len().alias("tokens"))
    rows = partition.lazy().with_row_index("row").select("row", *key_exprs)
    if period:
        rows = rows.filter(pl.col("period").is_not_null())
    totals_aggs = [pl.len().cast(pl.UInt64).alias("period_articles")]
    topic_aggs = [pl.len().cast(pl.UInt64).alias("articles")]
    if measure == "tokens":
        totals_aggs.append(pl.col("tokens").fill_null(0).sum().cast(pl.UInt64)
                           .alias("period_tokens"))
        topic_aggs.append(pl.col("hits").sum().cast(pl.UInt64).alias("hits"))
    rows = rows.collect()
    totals = rows.group_by(keys).agg(totals_aggs) if keys else rows.select(totals_aggs)
    grid = totals.join(pl.DataFrame({"topic": names}, schema={"topic": pl.String}),
                       how="cross")
    per_topic = hits.join(rows, on="row", how="inner")
    per_topic = (per_topic.group_by(keys + ["topic"]).agg(topic_aggs) if keys or per_topic.height
                 else per_topic.select(keys + ["topic"]))
    out = grid.join(per_topic, on=keys + ["topic"], how="left", nulls_equal=True)
    cols = keys + ["topic", "articles", "period_articles"]
    if measure == "tokens":
        cols += ["hits", "period_tokens"]
    fill = {c: pl.col(c).fill_null(0).cast(pl.UInt64) for c in cols if c not in keys + ["topic"]}
    order = {n: i for i, n in enumerate(names)}
    return (out.with_columns(**fill)
            .with_columns(_o=pl.col("topic").replace_strict(order, default=len(order)))
            .sort(keys + ["_o"], nulls_last=True).select(cols))


def merge_topic_counts(parts: Iterable[pl.DataFrame]) -> pl.DataFrame:
    """Merge the kernel outputs of several partitions: sum per (period, group, topic).

    Examples
    --------
    >>> import polars as pl
    >>> a = pl.DataFrame({"topic": ["x"], "articles": [1], "period_articles": [3]})
    >>> merge_topic_counts([a, a]).rows()
    [('x', 2, 6)]
    """
    parts = [p for p in parts]
    if not parts:
        raise ValueError("nothing to merge")
    frame = pl.concat(parts, how="vertical_relaxed")
    measures = [c for c in ("articles", "period_articles", "hits", "period_tokens")
                if c in frame.columns]
    keys = [c for c in frame.columns if c not in measures]
    topics = frame["topic"].unique(maintain_order=True).to_list()
    order = {n: i for i, n in enumerate(topics)}
    others = [k for k in keys if k != "topic"]
    return (frame.group_by(keys).agg(pl.col(measures).sum().cast(pl.UInt64))
            .with_columns(_o=pl.col("topic").replace_strict(order, default=len(order)))
            .sort(others + ["_o"], nulls_last=True).select(keys + measures))


# --------------------------------------------------------------------------- shares

def _z(confidence: float) -> float:
    if not 0 < confidence < 1:
        raise ValueError("confidence must be between 0 and 1")
    from scipy.stats import norm

    return float(norm.ppf(1 - (1 - confidence) / 2))


def wilson_interval(successes: pl.Expr | str, trials: pl.Expr | str, *,
                    confidence: float = 0.95) -> tuple[pl.Expr, pl.Expr]:
    """Wilson score interval of a proportion as two Polars expressions (low, high).

    With no trials the interval is the whole range, 0 to 1.

    Examples
    --------
    >>> import polars as pl
    >>> lo, hi = wilson_interval("k", "n")
    >>> pl.DataFrame({"k": [3], "n": [10]}).select(lo.round(4), hi.round(4)).row(0)
    (0.1078, 0.6032)
    """
    k = pl.col(successes) if isinstance(successes, str) else successes
    n = pl.col(trials) if isinstance(trials, str) else trials
    z = _z(confidence)
    n = n.cast(pl.Float64)
    p = k.cast(pl.Float64) / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * (p * (1 - p) / n + z * z / (4 * n * n)).sqrt() / denom
    low = (pl.when((n > 0) & (k > 0)).then((centre - half).clip(0.0, 1.0)).otherwise(0.0)
           .alias("ci_low"))
    high = pl.when(n > 0).then((centre + half).clip(0.0, 1.0)).otherwise(1.0).alias("ci_high")
    return low, high


def _all_periods(first, last, period: str) -> pl.Series:
    return pl.date_range(first, last, interval=_STEP[period], eager=True).alias("period")


def topic_shares(counts: pl.DataFrame, *, period: str | None = "month",
                 measure: str = "articles", confidence: float = 0.95,
                 min_articles: int = 20, labels: pl.DataFrame | None = None) -> pl.DataFrame:
    """Shares, Wilson intervals and low-count flags from (merged) topic counts.

    Every period from the first to the last of the counts is present for every
    group and topic; a period without articles has zero counts, share 0, the
    interval 0–1 and ``low_count`` true.

    Parameters
    ----------
    counts : polars.DataFrame
        Output of :func:`topic_counts` or :func:`merge_topic_counts`.
    period : str or None
        The period the counts were made with (to fill missing periods).
    measure : {"articles", "tokens"}
        Share of articles carrying the topic, or of words that are topic terms.
    confidence : float, default 0.95
        Level of the Wilson interval.
    min_articles : int, default 20
        Periods (and groups) with fewer articles are flagged ``low_count``.
    labels : polars.DataFrame, optional
        ``topic``, ``label``: adds a ``label`` column.

    Returns
    -------
    polars.DataFrame
        ``period``, ``by…``, ``topic``, (``label``), ``articles``,
        ``period_articles``, (``hits``, ``period_tokens``), ``share``,
        ``ci_low``, ``ci_high``, ``low_count``.

    Examples
    --------
    >>> import polars as pl, datetime as dt
    >>> counts = pl.DataFrame({"period": [dt.date(2025, 1, 1), dt.date(2025, 3, 1)],
    ...                        "topic": "x", "articles": [3, 0], "period_articles": [10, 5]})
    >>> topic_shares(counts)[["period", "articles", "share", "low_count"]].rows()
    [(datetime.date(2025, 1, 1), 3, 0.3, True), (datetime.date(2025, 2, 1), 0, 0.0, True), (datetime.date(2025, 3, 1), 0, 0.0, True)]
    """
    if measure not in ("articles", "tokens"):
        raise ValueError(f"measure must be 'articles' or 'tokens', not {measure!r}")
    if measure == "tokens" and "hits" not in counts.columns:
        raise ValueError("counts were made with measure='articles'; count with "
                         "measure='tokens' first")
    measures = [c for c in ("articles", "period_articles", "hits", "period_tokens")
                if c in counts.columns]
    group_cols = [c for c in counts.columns if c not in measures + ["topic", "period"]]
    topics = counts["topic"].unique(maintain_order=True)
    frame = counts
    if period and "period" in counts.columns and counts.height:
        periods = _all_periods(counts["period"].min(), counts["period"].max(), period)
        groups = (counts.select(group_cols).unique(maintain_order=True) if group_cols
                  else pl.DataFrame())
        grid = pl.DataFrame({"period": periods}).join(pl.DataFrame({"topic": topics}),
                                                      how="cross")
        if group_cols:
            grid = grid.join(groups, how="cross")
        frame = grid.join(counts, on=["period", *group_cols, "topic"], how="left",
                          nulls_equal=True).with_columns(
            [pl.col(c).fill_null(0).cast(pl.UInt64) for c in measures])
    k, n = ("hits", "period_tokens") if measure == "tokens" else ("articles", "period_articles")
    low, high = wilson_interval(k, n, confidence=confidence)
    order = {t: i for i, t in enumerate(topics.to_list())}
    keys = (["period"] if "period" in frame.columns else []) + group_cols
    out = frame.with_columns(
        share=pl.when(pl.col(n) > 0).then(pl.col(k) / pl.col(n)).otherwise(0.0),
        ci_low=low, ci_high=high,
        low_count=pl.col("period_articles") < min_articles,
    )
    if labels is not None:
        out = out.join(labels.select("topic", "label"), on="topic", how="left")
    cols = keys + ["topic"] + (["label"] if labels is not None else []) + measures + [
        "share", "ci_low", "ci_high", "low_count"]
    return (out.with_columns(_o=pl.col("topic").replace_strict(order, default=len(order)))
            .sort(keys + ["_o"], nulls_last=True).select(cols))


def _labels(topics: Any) -> pl.DataFrame | None:
    if hasattr(topics, "labels"):
        return topics.labels()
    return load_topics(topics).labels()


def topic_trends(corpus: Corpus, topics: Any = None, *, period: str | None = "month",
                 by: str | Sequence[str] | None = None, measure: str = "articles",
                 text: str | Iterable[str] | ReadText = "auto", confidence: float = 0.95,
                 min_articles: int = 20, match: str | TopicRule | None = None
                 ) -> pl.DataFrame:
    """Share of articles (or words) per period that carry each topic, with Wilson intervals.

    Parameters
    ----------
    corpus : polars.DataFrame or polars.LazyFrame
        Canonical corpus.
    topics : str, Path, dict, TopicDictionary, LearnedTopics or None
        A topic dictionary (None: the default file) or a fitted learned model
        (each document counts for its main topic).
    period : str or None, default "month"
        ``day``, ``week``, ``month``, ``quarter``, ``year`` (UTC), or None.
    by : str or list of str, optional
        Columns to compare, e.g. ``"source"``.
    measure : {"articles", "tokens"}
        ``share`` is ``articles / period_articles``, or ``hits / period_tokens``.
    text : default "auto"
        See :func:`reading_text`.
    confidence : float, default 0.95
        Level of the Wilson interval.
    min_articles : int, default 20
        Periods with fewer articles (in that group) are flagged ``low_count``.
    match : {"relevant", "any"} or TopicRule, optional
        When an article carries a topic: by default ``"relevant"`` (weighted hits
        over a length-dependent threshold, see :mod:`~tassanalysis.topics.relevance`);
        ``"any"`` counts every article that mentions a term.

    Returns
    -------
    polars.DataFrame
        ``period``, ``by…``, ``topic``, ``label``, ``articles``, ``period_articles``,
        (``hits``, ``period_tokens``), ``share``, ``ci_low``, ``ci_high``,
        ``low_count``, ``rule`` (the rule, in words). Every period from the first
        to the last is present for every group and topic.

    Examples
    --------
    >>> import polars as pl, datetime as dt
    >>> c = pl.DataFrame({"doc_id": ["a", "b"], "source": ["x", "y"],
    ...                   "body": ["Sanctions again", "Nothing"],
    ...                   "published_at": [dt.datetime(2025, 5, 2)] * 2})
    >>> topic_trends(c, {"sanctions": ["sanction*"]}, by="source", text="body", match="any")[
    ...     ["source", "articles", "period_articles", "share"]].rows()
    [('x', 1, 1, 1.0), ('y', 0, 1, 0.0)]
    """
    if not hasattr(topics, "document_topics"):
        topics = load_topics(topics)
    read = reading_text(corpus, text)
    rule = topic_rule(match)
    counts = topic_counts(corpus, topics, period=period, by=by, measure=measure, text=read,
                          match=rule)
    out = topic_shares(merge_topic_counts([counts]), period=period, measure=measure,
                       confidence=confidence, min_articles=min_articles,
                       labels=_labels(topics))
    described = (rule.describe() if not hasattr(topics, "document_topics")
                 else "learned topics: each article counts for its main topic")
    return out.with_columns(rule=pl.lit(described))


def term_trends(corpus: Corpus, terms: Sequence[str], *, period: str = "month",
                by: str | Sequence[str] | None = None, measure: str = "articles",
                text: str | Iterable[str] | ReadText = "auto", smooth: int | None = None,
                confidence: float = 0.95, min_articles: int = 20) -> pl.DataFrame:
    """Share of articles (or words) per period using each term, with Wilson intervals.

    Each term is matched as a one-term topic (a word, a phrase, ``prefix*`` or
    ``re:pattern``; Russian words in all forms) and an article counts for a term
    when it uses it at least once (``match="any"``).

    Parameters
    ----------
    terms : list of str
        The terms to follow.
    smooth : int, optional
        Add ``smoothed``: the mean share over this many periods ending at each one
        (periods without articles are not counted as zeros).

    Returns
    -------
    polars.DataFrame
        As :func:`topic_trends`, with ``term`` in place of ``topic`` and ``label``.

    Examples
    --------
    >>> import polars as pl, datetime as dt
    >>> c = pl.DataFrame({"doc_id": ["a", "b"], "body": ["Oil", "Gas"],
    ...                   "published_at": [dt.datetime(2025, 1, 1), dt.datetime(2025, 2, 1)]})
    >>> term_trends(c, ["oil"], text="body")[["period", "term", "share"]].rows()
    [(datetime.date(2025, 1, 1), 'oil', 1.0), (datetime.date(2025, 2, 1), 'oil', 0.0)]
    """
    if isinstance(terms, str):
        terms = [terms]
    terms = list(dict.fromkeys(terms))
    if not terms:
        raise ValueError("no terms given")
    dictionary: TopicDictionary = _build(
        [(t, t, "", [(t, f"term {t!r}")]) for t in terms], "terms")
    out = topic_trends(corpus, dictionary, period=period, by=by, measure=measure, text=text,
                       confidence=confidence, min_articles=min_articles, match="any")
    out = out.drop("label").rename({"topic": "term"})
    if smooth:
        if smooth < 1:
            raise ValueError("smooth must be 1 or more periods")
        over = ["term"] + _as_list(by)
        known = pl.when(pl.col("period_articles") > 0).then(pl.col("share"))
        out = out.with_columns(smoothed=known.rolling_mean(smooth, min_samples=1)
                               .over(over, order_by="period"))
    return out
