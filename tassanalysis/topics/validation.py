"""Validate topic assignments against hand coding: draw, measure, read the disagreements.

The workflow follows R's *oolong*: draw a sample a person codes by reading
(:func:`validation_sample`), then compare the rule with the coder
(:func:`validate_topics`) and read the articles where they differ
(:func:`disagreements`).

* :func:`validation_sample` draws, for each topic, articles the rule assigns to it
  (hits) and articles it does not (non-hits), spread over periods and sources, into
  one table with an empty ``relevant`` column to fill in; each row carries its
  stratum's ``sampling_fraction``.
* :func:`validate_topics` gives precision, recall and F1 per topic and pooled over
  topics. Each coded row weighs ``1 / sampling_fraction`` (1 when the column is
  absent), so that a sample drawn heavily from hits still estimates the corpus's
  precision and recall without bias. Intervals: Wilson score intervals on the
  weighted proportion with Kish's effective sample size
  ``(Σw)² / Σw²`` (with equal weights, the plain Wilson interval), and for F1 a
  percentile bootstrap over coded articles.

Examples
--------
>>> import polars as pl
>>> corpus = pl.DataFrame({"doc_id": ["a", "b", "c"],
...                        "title": ["Syria talks", "Oil", "Syria again"]})
>>> coded = pl.DataFrame({"doc_id": ["a", "b", "c"], "topic": "syria",
...                       "relevant": [True, False, False]})
>>> v = validate_topics(corpus, {"syria": ["syria"]}, coded, match="any")
>>> v.filter(topic="syria").select("precision", "recall").row(0)
(0.5, 1.0)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import polars as pl

from tassanalysis.topics.dictionary import load_topics
from tassanalysis.topics.relevance import TopicRule, topic_rule
from tassanalysis.topics.trends import ReadText, reading_text

__all__ = ["POOLED", "disagreements", "validate_topics", "validation_sample"]

#: The ``topic`` of the row that pools every topic's decisions.
POOLED = "(all topics)"


def _rule_hits(corpus: pl.DataFrame, topics: Any, rule: TopicRule, text) -> pl.DataFrame:
    from tassanalysis.topics.dictionary import topic_hits

    return topic_hits(corpus, topics, match=rule, text=text, level="token")


def _coded_long(coded: pl.DataFrame, names: list[str]) -> pl.DataFrame:
    """``doc_id, topic, relevant, weight`` from a long or a wide (``codes``) table."""
    if "codes" in coded.columns and "topic" not in coded.columns:
        weight = (1 / pl.col("sampling_fraction") if "sampling_fraction" in coded.columns
                  else pl.lit(1.0))
        base = coded.select("doc_id", "codes", weight=weight.cast(pl.Float64))
        grid = base.join(pl.DataFrame({"topic": names}), how="cross")
        return grid.select("doc_id", "topic",
                           relevant=pl.col("codes").list.contains(pl.col("topic")),
                           weight="weight")
    missing = {"doc_id", "topic", "relevant"} - set(coded.columns)
    if missing:
        raise ValueError(f"coded needs doc_id, topic and relevant (or doc_id and codes); "
                         f"missing {sorted(missing)}")
    out = coded.filter(pl.col("relevant").is_not_null())
    if out["relevant"].dtype != pl.Boolean:
        text = out["relevant"].cast(pl.String).str.strip_chars().str.to_lowercase()
        known = {"1": True, "true": True, "yes": True, "y": True,
                 "0": False, "false": False, "no": False, "n": False}
        bad = text.filter(~text.is_in(list(known)))
        if bad.len():
            raise ValueError(f"relevant must be true/false, 1/0 or yes/no; got {bad[0]!r}")
        out = out.with_columns(relevant=text.replace_strict(known, return_dtype=pl.Boolean))
    weight = (1 / pl.col("sampling_fraction") if "sampling_fraction" in out.columns
              else pl.lit(1.0))
    return out.select("doc_id", "topic", "relevant", weight=weight.cast(pl.Float64))


def _decisions(corpus: pl.DataFrame, topics: Any, coded: pl.DataFrame, rule: TopicRule,
               text) -> pl.DataFrame:
    dictionary = load_topics(topics)
    long = _coded_long(coded, dictionary.names)
    ids = long["doc_id"].unique()
    sub = corpus.filter(pl.col("doc_id").is_in(ids.implode()))
    unknown = ids.filter(~ids.is_in(sub["doc_id"].implode()))
    if unknown.len():
        raise ValueError(f"{unknown.len()} coded doc_id(s) not in the corpus, e.g. "
                         f"{unknown[0]!r}")
    hits = _rule_hits(sub, dictionary, rule, text).select("doc_id", "topic", rule=pl.lit(True))
    # Scores and terms of every mention, so that a document below the threshold shows
    # what the rule saw.
    seen = _rule_hits(sub, dictionary, TopicRule(match="any", weights=rule.weights), text)
    return (long.join(hits, on=["doc_id", "topic"], how="left")
            .join(seen.select("doc_id", "topic", "matched", "score", "tokens"),
                  on=["doc_id", "topic"], how="left")
            .with_columns(pl.col("rule").fill_null(False), pl.col("score").fill_null(0.0)))


def _wilson(p: float, n_eff: float, z: float) -> tuple[float, float]:
    if n_eff <= 0 or np.isnan(p):
        return (0.0, 1.0)
    denom = 1 + z * z / n_eff
    centre = (p + z * z / (2 * n_eff)) / denom
    half = z * np.sqrt(p * (1 - p) / n_eff + z * z / (4 * n_eff * n_eff)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def _ratio(num_w: np.ndarray, den_w: np.ndarray, z: float) -> tuple[float, float, float, float]:
    """Weighted share of ``num_w`` within ``den_w`` (weights, 0 where not in the set)."""
    total = den_w.sum()
    if total <= 0:
        return (float("nan"), 0.0, 1.0, 0.0)
    p = float(num_w.sum() / total)
    n_eff = float(total ** 2 / (den_w ** 2).sum())
    lo, hi = _wilson(p, n_eff, z)
    return (p, lo, hi, n_eff)


def _f1(tp: float, fp: float, fn: float) -> float:
    return 2 * tp / (2 * tp + fp + fn) if (2 * tp + fp + fn) > 0 else float("nan")


def _scores(frame: pl.DataFrame, z: float, boot: int, rng: np.random.Generator,
            level: float) -> dict:
    w = frame["weight"].to_numpy()
    rule = frame["rule"].to_numpy()
    true = frame["relevant"].to_numpy()
    tp_w = w * (rule & true)
    p, p_lo, p_hi, _ = _ratio(tp_w, w * rule, z)
    r, r_lo, r_hi, _ = _ratio(tp_w, w * true, z)
    fp_w, fn_w = w * (rule & ~true), w * (~rule & true)
    f1 = _f1(tp_w.sum(), fp_w.sum(), fn_w.sum())
    f_lo = f_hi = float("nan")
    if boot and len(w) and not np.isnan(f1):
        docs = frame["doc_id"].to_numpy()
        uniq, inv = np.unique(docs, return_inverse=True)
        per = np.zeros((3, len(uniq)))
        np.add.at(per[0], inv, tp_w)
        np.add.at(per[1], inv, fp_w)
        np.add.at(per[2], inv, fn_w)
        draws = rng.integers(0, len(uniq), size=(boot, len(uniq)))
        sums = per[:, draws].sum(axis=2)
        den = 2 * sums[0] + sums[1] + sums[2]
        vals = np.where(den > 0, 2 * sums[0] / np.where(den > 0, den, 1), np.nan)
        vals = vals[~np.isnan(vals)]
        if len(vals):
            f_lo, f_hi = (float(np.quantile(vals, (1 - level) / 2)),
                          float(np.quantile(vals, 1 - (1 - level) / 2)))
    return {"articles": int(frame["doc_id"].n_unique()), "coded_relevant": int(true.sum()),
            "rule_hits": int(rule.sum()), "agree_relevant": int((rule & true).sum()),
            "precision": p, "precision_low": p_lo, "precision_high": p_hi,
            "recall": r, "recall_low": r_lo, "recall_high": r_hi,
            "f1": f1, "f1_low": f_lo, "f1_high": f_hi}


def validate_topics(corpus: pl.DataFrame | pl.LazyFrame, topics: Any, coded: pl.DataFrame,
                    *, match: str | TopicRule = "relevant",
                    text: str | Iterable[str] | ReadText = "auto",
                    confidence: float = 0.95, bootstrap: int = 1000,
                    seed: int = 0) -> pl.DataFrame:
    """Precision, recall and F1 of a topic rule against hand coding, per topic and pooled.

    Parameters
    ----------
    corpus : polars.DataFrame or polars.LazyFrame
        The corpus holding the coded articles (``doc_id`` and text columns).
    topics
        A topic dictionary (see :func:`~tassanalysis.topics.dictionary.load_topics`).
    coded : polars.DataFrame
        Either long, one row per coded (article, topic): ``doc_id``, ``topic``,
        ``relevant`` (bool, or ``1/0``, ``yes/no``, ``true/false``; empty rows are
        skipped), optional ``sampling_fraction``, as :func:`validation_sample` writes
        it; or wide, one row per article: ``doc_id``, ``codes`` (list of the topics
        it is about; every topic of the dictionary counts as coded), optional
        ``sampling_fraction``.
    match : {"relevant", "any"} or TopicRule
        The rule under test (see :func:`~tassanalysis.topics.relevance.topic_rule`).
    text : default "auto"
        See :func:`~tassanalysis.topics.trends.reading_text`.
    confidence : float, default 0.95
        Level of the intervals.
    bootstrap : int, default 1000
        Resamples of coded articles for the F1 interval (0: no F1 interval).
    seed : int, default 0
        Seed of the bootstrap.

    Returns
    -------
    polars.DataFrame
        One row per topic and a last row ``topic == POOLED`` pooling every
        decision: ``topic``, ``label``, ``articles``, ``coded_relevant``,
        ``rule_hits``, ``agree_relevant`` (unweighted counts), ``precision``,
        ``precision_low``, ``precision_high``, ``recall``, ``recall_low``,
        ``recall_high``, ``f1``, ``f1_low``, ``f1_high`` (weighted), ``rule`` (the
        rule's description). Precision is NaN where the rule assigns no coded
        article; recall is NaN where the coder marked none relevant.

    Examples
    --------
    >>> import polars as pl
    >>> corpus = pl.DataFrame({"doc_id": ["a", "b"], "title": ["Oil prices", "Gas"]})
    >>> coded = pl.DataFrame({"doc_id": ["a", "b"], "codes": [["energy"], []]})
    >>> validate_topics(corpus, {"energy": ["oil", "gas"]}, coded, match="any",
    ...                 bootstrap=0)["precision"].to_list()
    [0.5, 0.5]
    """
    from scipy.stats import norm

    if not 0 < confidence < 1:
        raise ValueError("confidence must be between 0 and 1")
    rule = topic_rule(match)
    frame = corpus.collect() if isinstance(corpus, pl.LazyFrame) else corpus
    dictionary = load_topics(topics)
    text = reading_text(frame, text)
    decisions = _decisions(frame, dictionary, coded, rule, text)
    z = float(norm.ppf(1 - (1 - confidence) / 2))
    rng = np.random.default_rng(seed)
    labels = dict(zip(dictionary.names, [t.label for t in dictionary.topics], strict=True))
    rows = []
    for name in dictionary.names:
        part = decisions.filter(topic=name)
        if part.height:
            rows.append({"topic": name, "label": labels[name],
                         **_scores(part, z, bootstrap, rng, confidence)})
    rows.append({"topic": POOLED, "label": "All topics, pooled",
                 **_scores(decisions, z, bootstrap, rng, confidence)})
    return pl.DataFrame(rows).with_columns(rule=pl.lit(rule.describe()))


def disagreements(corpus: pl.DataFrame | pl.LazyFrame, topics: Any, coded: pl.DataFrame, *,
                  match: str | TopicRule = "relevant",
                  text: str | Iterable[str] | ReadText = "auto") -> pl.DataFrame:
    """The coded (article, topic) pairs where the rule and the coder differ.

    Returns
    -------
    polars.DataFrame
        ``doc_id``, ``topic``, ``coded`` (the coder's decision), ``rule`` (the
        rule's), ``kind`` (``"false positive"``: the rule assigns a topic the coder
        did not; ``"false negative"``: the reverse), ``score`` (weighted hits of every
        mention, also below the threshold), ``tokens`` (the document's words),
        ``matched`` (terms found), and ``title`` where the corpus has one.

    Examples
    --------
    >>> import polars as pl
    >>> corpus = pl.DataFrame({"doc_id": ["a", "b"], "title": ["Oil prices", "Palm oil"]})
    >>> coded = pl.DataFrame({"doc_id": ["a", "b"], "codes": [["energy"], []]})
    >>> disagreements(corpus, {"energy": ["oil"]}, coded, match="any")[
    ...     ["doc_id", "kind"]].rows()
    [('b', 'false positive')]
    """
    rule = topic_rule(match)
    frame = corpus.collect() if isinstance(corpus, pl.LazyFrame) else corpus
    text = reading_text(frame, text)
    decisions = _decisions(frame, load_topics(topics), coded, rule, text)
    out = (decisions.filter(pl.col("rule") != pl.col("relevant"))
           .with_columns(kind=pl.when(pl.col("rule")).then(pl.lit("false positive"))
                         .otherwise(pl.lit("false negative")))
           .select("doc_id", "topic", coded="relevant", rule="rule", kind="kind",
                   score="score", tokens="tokens", matched=pl.col("matched").fill_null([])))
    if "title" in frame.columns:
        out = out.join(frame.select("doc_id", "title"), on="doc_id", how="left")
    return out


def validation_sample(corpus: pl.DataFrame | pl.LazyFrame, topics: Any = None, *, n: int = 20,
                      seed: int = 0, match: str | TopicRule = "relevant",
                      by: str | Iterable[str] | None = "source", period: str | None = "year",
                      text: str | Iterable[str] | ReadText = "auto",
                      excerpt: int = 600) -> pl.DataFrame:
    """A stratified sample to code by hand: for each topic, hits and non-hits.

    For each topic, ``n`` articles the rule assigns to it and ``n`` it does not are
    drawn, each half spread evenly over the strata of ``by`` and ``period`` (as many
    from each stratum as it allows, the rest from the larger strata). The table is
    meant to be written to CSV (``.write_csv``), coded in a spreadsheet by filling
    ``relevant`` with 1 or 0 *without looking at* ``rule``, and read back into
    :func:`validate_topics`. The ``sampling_fraction`` of each row (articles drawn
    / articles in its topic, hit/non-hit and stratum cell) weights it there.

    Parameters
    ----------
    corpus : polars.DataFrame or polars.LazyFrame
        Canonical corpus.
    topics
        A topic dictionary (None: the default).
    n : int, default 20
        Hits and non-hits to draw per topic (each).
    seed : int, default 0
        Same seed, same sample.
    match : {"relevant", "any"} or TopicRule
        The rule whose hits stratify the sample.
    by : str, list of str or None, default "source"
        Columns to spread the sample over (ignored where absent).
    period : str or None, default "year"
        Spread over these periods of ``published_at`` too (None: not).
    excerpt : int, default 600
        Characters of the text shown in ``excerpt``.

    Returns
    -------
    polars.DataFrame
        ``topic``, ``label``, ``doc_id``, ``stratum``, ``rule`` (``"hit"`` or
        ``"non-hit"``), ``sampling_fraction``, ``title``, ``excerpt`` and an empty
        ``relevant`` (String) column; one row per (topic, article).

    Examples
    --------
    >>> import polars as pl
    >>> c = pl.DataFrame({"doc_id": list("abcdef"),
    ...                   "title": ["Syria", "Syria", "Oil", "Gas", "Syria", "Tea"]})
    >>> s = validation_sample(c, {"syria": ["syria"]}, n=2, seed=1, match="any")
    >>> s.group_by("rule").len().sort("rule").rows()
    [('hit', 2), ('non-hit', 2)]
    """
    if n < 1:
        raise ValueError("n must be 1 or more")
    rule = topic_rule(match)
    frame = corpus.collect() if isinstance(corpus, pl.LazyFrame) else corpus
    dictionary = load_topics(topics)
    read = reading_text(frame, text)
    hits = _rule_hits(frame, dictionary, rule, read).select("doc_id", "topic")
    by_cols = [c for c in ([by] if isinstance(by, str) else list(by or [])) if c in frame.columns]
    parts = [pl.col(c).cast(pl.String).fill_null("?") for c in by_cols]
    if period and "published_at" in frame.columns:
        from tassanalysis.topics.trends import _period_expr

        parts.append(_period_expr(period).cast(pl.String).fill_null("undated"))
    stratum = (pl.concat_str(parts, separator=" · ") if parts else pl.lit("all")).alias("stratum")
    from tassanalysis import text as _text

    names = frame.columns
    shown = _text.analysis_text([c for c in read.columns if c != "title"] or list(read.columns),
                                columns=names)
    docs = frame.select("doc_id", stratum,
                        title=pl.col("title") if "title" in names else pl.lit(""),
                        excerpt=shown.str.slice(0, excerpt))
    rng = np.random.default_rng(seed)
    labels = dict(zip(dictionary.names, [t.label for t in dictionary.topics], strict=True))
    out = []
    for name in dictionary.names:
        hit_ids = hits.filter(topic=name)["doc_id"].implode()
        marked = docs.with_columns(rule=pl.when(pl.col("doc_id").is_in(hit_ids))
                                   .then(pl.lit("hit")).otherwise(pl.lit("non-hit")))
        for kind in ("hit", "non-hit"):
            pool = marked.filter(rule=kind)
            if not pool.height:
                continue
            sizes = pool.group_by("stratum").len().sort("stratum")
            take = _allocate(sizes["len"].to_list(), n)
            for (stratum_name, size), k in zip(sizes.rows(), take, strict=True):
                if not k:
                    continue
                cell = pool.filter(stratum=stratum_name)
                pick = np.sort(rng.choice(size, size=k, replace=False))
                out.append(cell[pick].with_columns(
                    topic=pl.lit(name), label=pl.lit(labels[name]),
                    sampling_fraction=pl.lit(k / size)))
    cols = ["topic", "label", "doc_id", "stratum", "rule", "sampling_fraction", "title",
            "excerpt"]
    if not out:
        return pl.DataFrame(schema={c: pl.String for c in cols} | {"sampling_fraction": pl.Float64,
                                                                    "relevant": pl.String})
    return pl.concat(out).select(cols).with_columns(relevant=pl.lit(None, dtype=pl.String))


def _allocate(sizes: list[int], n: int) -> list[int]:
    """Spread ``n`` draws over cells of these sizes: evenly, capped by each cell's size."""
    take = [0] * len(sizes)
    left = min(n, sum(sizes))
    while left:
        open_cells = [i for i, s in enumerate(sizes) if take[i] < s]
        share = max(1, left // len(open_cells))
        for i in sorted(open_cells, key=lambda i: sizes[i] - take[i], reverse=True):
            k = min(share, sizes[i] - take[i], left)
            take[i] += k
            left -= k
            if not left:
                break
    return take
