"""Co-mentions: which actors appear in the same unit, and how strongly they attract.

The counting is split so that it can run over partitions (Parquet files, Dask
tasks, an executor) and be merged:

* :func:`co_mention_counts` — the **kernel**: for one partition of articles (or of
  actor mentions) it returns additive counts in one tidy frame, with ``kind``
  ``"units"`` (units per group and period: documents, paragraphs or sentences,
  including those that name no actor), ``"actor"`` (units naming each actor) and
  ``"pair"`` (units naming both actors of a pair, ``actor_a < actor_b``);
* :func:`merge_co_mention_counts` — the **merge**: concatenate kernel outputs and
  sum ``count`` by every other column (sums of counts are counts, so the merge is
  exact in any order);
* :func:`association_weights` — weights computed from the merged counts only.

:func:`co_mentions` = kernel → merge → weights. Its table has, for each pair, the
pair's count, each actor's own count and the number of units beside them, so every
share can be checked. Weights, with ``N`` units, ``a``, ``b`` units naming each actor
and ``ab`` both:

* ``pmi`` = log2(ab·N / (a·b)); ``npmi`` = pmi / −log2(ab/N) (1 = always together,
  0 = independent);
* ``jaccard`` = ab / (a + b − ab); ``dice`` = 2·ab / (a + b);
* ``g2`` = the log-likelihood ratio of the 2×2 table (ab, a−ab, b−ab, N−a−b+ab),
  ``p_value`` its χ² tail with one degree of freedom (as ``scipy.stats.chi2.sf``).

Examples
--------
>>> import polars as pl
>>> from tassanalysis.actors.comention import co_mentions
>>> mentions = pl.DataFrame({"doc_id": ["1", "1", "2", "2", "3"],
...                          "actor_id": ["lavrov", "tillerson", "lavrov", "tillerson", "lavrov"]})
>>> co_mentions(mentions, min_count=1).select("actor_a", "actor_b", "count", "count_a",
...                                           "count_b", "units").rows()
[('lavrov', 'tillerson', 2, 3, 2, 3)]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from typing import Literal

import numpy as np
import polars as pl
from scipy import stats

from tassanalysis.actors.gazetteer import gazetteer_of
from tassanalysis.actors.match import (
    _one_host,
    find_patterns,
    matcher_for,
    moscow_dateline,
    with_nested,
)
from tassanalysis.actors.units import TextPositions, paragraph_counts
from tassanalysis.text import TEXT_FIELDS, analysis_text

__all__ = [
    "MIN_FOCUS_UNITS",
    "PERIODS",
    "actor_counts",
    "WEIGHTS",
    "association_weights",
    "co_mention_counts",
    "co_mentions",
    "merge_co_mention_counts",
    "partner_change",
    "partners",
    "resolve_focus",
    "with_names",
]

#: Period names and their Polars truncation interval.
PERIODS = {"day": "1d", "week": "1w", "month": "1mo", "quarter": "1q", "year": "1y"}
#: The association weights :func:`co_mentions` computes.
WEIGHTS = ("pmi", "npmi", "jaccard", "dice", "g2")
UNITS = ("document", "paragraph", "sentence")
_CHUNK_ROWS = 100_000
_MIN_SLICE_ROWS = 20_000  # smaller slices are not worth a thread

Unit = Literal["document", "paragraph", "sentence"]


def _keys(by: str | Sequence[str] | None, period: str | None) -> list[str]:
    keys = [by] if isinstance(by, str) else list(by or [])
    if period is not None:
        if period not in PERIODS:
            raise ValueError(f"period {period!r} is not one of {', '.join(PERIODS)}")
        keys.append("period")
    return keys


def _with_period(frame: pl.DataFrame, period: str | None) -> pl.DataFrame:
    if period is None:
        return frame
    return frame.with_columns(pl.col("published_at").dt.date().dt.truncate(PERIODS[period])
                              .alias("period"))


def _is_mentions(frame: pl.DataFrame | pl.LazyFrame) -> bool:
    return "actor_id" in frame.collect_schema().names()


def _article_actor_units(articles: pl.DataFrame, unit: Unit, gazetteer, metonyms: bool,
                         text) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(articles with ``_units``, the units each has; distinct (article row, unit index,
    actor_id)), from one matching pass over the analysed text, whatever the unit."""
    from tassanalysis.actors.match import _hit_actors, _utf8_buffers

    body = analysis_text(text, columns=articles.columns).alias("_text")
    framed = articles.with_columns(body)
    texts = framed["_text"]
    gaz = gazetteer_of(gazetteer)
    matcher = matcher_for(gaz, metonyms=metonyms)
    hits = with_nested(find_patterns(texts, matcher), gaz, matcher, texts=texts)
    if unit == "document":
        n_units = np.ones(framed.height, dtype=np.int64)
        unit_of = np.zeros(hits.height, dtype=np.int64)
    else:
        data, offsets = _utf8_buffers(texts)
        positions = TextPositions(data, offsets)
        rows = hits["row"].to_numpy().astype(np.int64)
        gpos = offsets[rows] + hits["start"].to_numpy()
        if unit == "paragraph":
            n_units = paragraph_counts(texts)
            unit_of = positions.paragraph_index(rows, gpos)
        else:
            n_units = positions.sentence_counts()
            unit_of = positions.sentence_index(rows, gpos)
    meta = framed.select(*[c for c in ("published_at", "source") if c in framed.columns],
                         moscow_dateline(framed.columns)).with_row_index("row")
    framed = framed.drop("_text").with_columns(pl.Series("_units", n_units, dtype=pl.Int64))
    hits = hits.with_columns(pl.Series("unit", unit_of, dtype=pl.Int64))
    if "published_at" not in meta.columns:
        meta = meta.with_columns(pl.lit(None, pl.Datetime("us", "UTC")).alias("published_at"))
    if "source" not in meta.columns:
        meta = meta.with_columns(pl.lit(None, pl.String).alias("source"))
    pairs = _hit_actors(hits, meta, gaz, matcher)
    return framed, pairs.select("row", "unit", "actor_id", "host")


def co_mention_counts(partition: pl.DataFrame | pl.LazyFrame, *, unit: Unit = "document",
                      by: str | Sequence[str] | None = None, period: str | None = None,
                      gazetteer=None, metonyms: bool = False,
                      text: str | Iterable[str] = TEXT_FIELDS) -> pl.DataFrame:
    """Additive co-mention counts of one partition: the kernel of :func:`co_mentions`.

    Parameters
    ----------
    partition : polars.DataFrame or polars.LazyFrame
        Canonical articles (then actors are found with the gazetteer), or mentions
        from :func:`~tassanalysis.actors.match.actor_mentions` (``doc_id``,
        ``actor_id``, and ``paragraph``/``sentence`` for those units). With mentions,
        units that name no actor are not seen: pass articles for honest unit counts.
    unit : {"document", "paragraph", "sentence"}
        What counts as "together".
    by : str or list of str, optional
        Columns to count separately (e.g. ``"source"``).
    period : {"day", "week", "month", "quarter", "year"}, optional
        Count per period of ``published_at`` (a ``period`` column, the period's first day).
    gazetteer, metonyms, text
        As in :func:`~tassanalysis.actors.match.actor_mentions` (articles only).

    Returns
    -------
    polars.DataFrame
        ``kind`` (``units``, ``actor``, ``pair``), the ``by`` columns, ``period``,
        ``actor_a``, ``actor_b``, ``count``. Merge partitions with
        :func:`merge_co_mention_counts` (a group-by sum).

    Examples
    --------
    >>> import polars as pl
    >>> m = pl.DataFrame({"doc_id": ["1", "1", "2"], "actor_id": ["a", "b", "a"]})
    >>> co_mention_counts(m).rows()
    [('actor', 'a', None, 2), ('actor', 'b', None, 1), ('pair', 'a', 'b', 1), ('units', None, None, 2)]
    """
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}, not {unit!r}")
    keys = _keys(by, period)
    frame = partition.collect() if isinstance(partition, pl.LazyFrame) else partition
    threads = max(1, min(pl.thread_pool_size(), frame.height // _MIN_SLICE_ROWS))
    if not _is_mentions(frame) and (frame.height > _CHUNK_ROWS or threads > 1):
        # Articles are counted in slices (each article lies in one slice, and counts add
        # up), so the copies of the text the matcher makes stay small, and slices are
        # counted in parallel threads (matching and Polars release the GIL); the slices
        # in flight together hold at most _CHUNK_ROWS articles.
        rows = min(_CHUNK_ROWS // threads, -(-frame.height // threads))  # slices in flight
        gaz = gazetteer_of(gazetteer)
        matcher_for(gaz, metonyms=metonyms)  # compiled once, before the threads

        def count(offset: int) -> pl.DataFrame:
            return co_mention_counts(frame.slice(offset, rows), unit=unit, by=by,
                                     period=period, gazetteer=gaz, metonyms=metonyms,
                                     text=text)

        with ThreadPoolExecutor(threads) as pool:
            parts = list(pool.map(count, range(0, frame.height, rows)))
        return merge_co_mention_counts(parts).select(
            "kind", *keys, "actor_a", "actor_b", "count").sort(
            ["kind", *keys, "actor_a", "actor_b"], nulls_last=True)
    if _is_mentions(frame):
        frame = frame.filter(pl.col("actor_id").is_not_null())
        frame = _with_period(frame, period)
        unit_cols = ["doc_id"] + ([] if unit == "document" else [unit])
        host = (pl.col("nested_in_id") if "nested_in_id" in frame.columns
                else pl.lit(None, pl.String)).alias("host")
        present = _one_host(frame.select(*keys, *unit_cols, "actor_id", host),
                                  [*keys, *unit_cols])
        units = present.select(*keys, *unit_cols).unique().group_by(keys or pl.lit(1)).agg(
            pl.len().cast(pl.Int64).alias("count"))
        if not keys:
            units = units.select("count")
        occurrences = present.rename({"actor_id": "actor"})
        unit_key = unit_cols
    else:
        framed, pairs = _article_actor_units(frame, unit, gazetteer, metonyms, text)
        framed = _with_period(framed, period).with_row_index("row")
        units = (framed.group_by(keys or pl.lit(1)).agg(pl.col("_units").sum().alias("count"))
                 if keys else framed.select(pl.col("_units").sum().alias("count")))
        # one integer key per unit (article row, unit index) joins faster than two
        occurrences = (pairs.join(framed.select("row", *keys), on="row")
                       .rename({"actor_id": "actor"})
                       .with_columns((pl.col("row").cast(pl.Int64) * (1 << 32)
                                      + pl.col("unit")).alias("_unit")))
        unit_key = ["_unit"]
    actor_counts = occurrences.group_by(*keys, "actor").agg(
        pl.len().cast(pl.Int64).alias("count"))
    # a pair is not counted where one actor is named only inside the other's alias
    # ("Kremlin spokesman Dmitry Peskov" does not pair the Kremlin with Peskov)
    left = occurrences.select(*keys, *unit_key, pl.col("actor").alias("actor_a"),
                              pl.col("host").cast(pl.String).alias("host_a"))
    right = occurrences.select(*unit_key, pl.col("actor").alias("actor_b"),
                               pl.col("host").cast(pl.String).alias("host_b"))
    apart = ((pl.col("host_a").is_null() | (pl.col("host_a") != pl.col("actor_b").cast(pl.String)))
             & (pl.col("host_b").is_null()
                | (pl.col("host_b") != pl.col("actor_a").cast(pl.String))))
    pair_counts = (left.join(right, on=unit_key)
                   .filter(pl.col("actor_a") < pl.col("actor_b"), apart)
                   .group_by(*keys, "actor_a", "actor_b")
                   .agg(pl.len().cast(pl.Int64).alias("count")))
    schema = {"kind": pl.String, **{k: occurrences.schema[k] for k in keys},
              "actor_a": pl.String, "actor_b": pl.String, "count": pl.Int64}
    parts = [
        units.with_columns(pl.lit("units").alias("kind"), pl.lit(None, pl.String).alias("actor_a"),
                           pl.lit(None, pl.String).alias("actor_b")),
        actor_counts.rename({"actor": "actor_a"}).with_columns(
            pl.lit("actor").alias("kind"), pl.lit(None, pl.String).alias("actor_b")),
        pair_counts.with_columns(pl.lit("pair").alias("kind")),
    ]
    out = pl.concat([p.select([pl.col(c).cast(t) for c, t in schema.items()]) for p in parts])
    return out.sort(["kind", *keys, "actor_a", "actor_b"], nulls_last=True)


def merge_co_mention_counts(parts: Iterable[pl.DataFrame]) -> pl.DataFrame:
    """Merge kernel outputs of several partitions: concatenate, then sum ``count``.

    Examples
    --------
    >>> import polars as pl
    >>> m1 = pl.DataFrame({"doc_id": ["1", "1"], "actor_id": ["a", "b"]})
    >>> m2 = pl.DataFrame({"doc_id": ["2", "2"], "actor_id": ["a", "b"]})
    >>> merged = merge_co_mention_counts([co_mention_counts(m1), co_mention_counts(m2)])
    >>> merged.filter(kind="pair")["count"].item()
    2
    """
    frames = [p for p in parts if p.height]
    if not frames:
        return pl.DataFrame(schema={"kind": pl.String, "actor_a": pl.String,
                                    "actor_b": pl.String, "count": pl.Int64})
    merged = pl.concat(frames, how="vertical_relaxed")
    keys = [c for c in merged.columns if c != "count"]
    return merged.group_by(keys).agg(pl.col("count").sum()).sort(keys, nulls_last=True)


def association_weights(counts: pl.DataFrame, *, min_count: int = 1) -> pl.DataFrame:
    """Pairs with their counts and weights, from merged :func:`co_mention_counts`.

    Returns
    -------
    polars.DataFrame
        Group columns, ``actor_a, actor_b, count, count_a, count_b, units, share``
        (``count / units``), ``pmi, npmi, jaccard, dice, g2, p_value`` for pairs seen at
        least ``min_count`` times; strongest evidence (``g2``) first.

    Examples
    --------
    >>> import polars as pl
    >>> counts = pl.DataFrame({"kind": ["units", "actor", "actor", "pair"],
    ...     "actor_a": [None, "a", "b", "a"], "actor_b": [None, None, None, "b"],
    ...     "count": [100, 10, 20, 5]})
    >>> w = association_weights(counts)
    >>> round(w["pmi"].item(), 4), round(w["dice"].item(), 4)
    (1.3219, 0.3333)
    """
    keys = [c for c in counts.columns if c not in ("kind", "actor_a", "actor_b", "count")]
    units = counts.filter(pl.col("kind") == "units").select(*keys,
                                                            pl.col("count").alias("units"))
    actors = counts.filter(pl.col("kind") == "actor").select(*keys, "actor_a", "count")
    pairs = counts.filter((pl.col("kind") == "pair") & (pl.col("count") >= min_count))
    pairs = (pairs.select(*keys, "actor_a", "actor_b", "count")
             .join(actors.rename({"count": "count_a"}), on=[*keys, "actor_a"], how="left")
             .join(actors.rename({"actor_a": "actor_b", "count": "count_b"}),
                   on=[*keys, "actor_b"], how="left"))
    pairs = pairs.join(units, on=keys, how="left") if keys else pairs.with_columns(
        pl.lit(units["units"].sum() if units.height else 0, pl.Int64).alias("units"))
    return _weights(pairs).sort([*keys, "g2"], descending=[False] * len(keys) + [True],
                                nulls_last=True)


def _g2(o11: pl.Expr, o12: pl.Expr, o21: pl.Expr, o22: pl.Expr) -> pl.Expr:
    n = o11 + o12 + o21 + o22
    rows = (o11 + o12, o21 + o22)
    cols = (o11 + o21, o12 + o22)
    cells = ((o11, rows[0], cols[0]), (o12, rows[0], cols[1]), (o21, rows[1], cols[0]),
             (o22, rows[1], cols[1]))
    total = pl.lit(0.0)
    for o, r, c in cells:
        expected = r * c / n
        total = total + pl.when(o > 0).then(o * (o / expected).log()).otherwise(0.0)
    return (2 * total).clip(lower_bound=0.0)


def _weights(pairs: pl.DataFrame) -> pl.DataFrame:
    ab = pl.col("count").cast(pl.Float64)
    a = pl.col("count_a").cast(pl.Float64)
    b = pl.col("count_b").cast(pl.Float64)
    n = pl.col("units").cast(pl.Float64)
    pmi = (ab * n / (a * b)).log(2)
    frame = pairs.with_columns(
        (ab / n).alias("share"),
        pmi.alias("pmi"),
        pl.when(ab < n).then(pmi / -(ab / n).log(2)).otherwise(1.0).alias("npmi"),
        (ab / (a + b - ab)).alias("jaccard"),
        (2 * ab / (a + b)).alias("dice"),
        _g2(ab, a - ab, b - ab, n - a - b + ab).alias("g2"),
    )
    p = stats.chi2.sf(frame["g2"].to_numpy(), 1) if frame.height else np.array([])
    # the sign of the association: G² is large for pairs seen together less than chance too
    return frame.with_columns(pl.Series("p_value", p, dtype=pl.Float64))


def co_mentions(corpus_or_mentions: pl.DataFrame | pl.LazyFrame, *, unit: Unit = "document",
                by: str | Sequence[str] | None = None, period: str | None = None,
                min_count: int = 2, gazetteer=None, metonyms: bool = False,
                text: str | Iterable[str] = TEXT_FIELDS) -> pl.DataFrame:
    """Pairs of actors named in the same unit, with counts and association weights.

    Kernel (:func:`co_mention_counts`) → merge (:func:`merge_co_mention_counts`) →
    weights (:func:`association_weights`); a distributed runner maps the kernel over
    partitions and merges the results the same way.

    Parameters
    ----------
    corpus_or_mentions : polars.DataFrame or polars.LazyFrame
        Canonical articles, or mentions from :func:`actor_mentions` (see
        :func:`co_mention_counts` on unit counts).
    unit : {"document", "paragraph", "sentence"}
    by : str or list of str, optional
        e.g. ``"source"``: weights within each value.
    period : {"day", "week", "month", "quarter", "year"}, optional
    min_count : int, default 2
        Leave out pairs seen together fewer times.
    gazetteer, metonyms, text
        As in :func:`actor_mentions`.

    Returns
    -------
    polars.DataFrame
        ``by`` columns, ``period``, ``actor_a``, ``actor_b``, ``count``, ``count_a``,
        ``count_b``, ``units``, ``share``, ``pmi``, ``npmi``, ``jaccard``, ``dice``,
        ``g2``, ``p_value``.

    Examples
    --------
    >>> import polars as pl
    >>> articles = pl.DataFrame({"doc_id": ["1", "2", "3"], "source": ["tass.com"] * 3,
    ...     "published_at": pl.Series([None] * 3, dtype=pl.Datetime("us", "UTC")),
    ...     "title": ["Lavrov meets Tillerson", "Lavrov, Tillerson talk", "Weather"],
    ...     "body": ["Talks.", "Sergey Lavrov said.", "Rain."]})
    >>> co_mentions(articles).select("actor_a", "actor_b", "count", "units").rows()
    [('lavrov', 'tillerson', 2, 3)]
    """
    counts = co_mention_counts(corpus_or_mentions, unit=unit, by=by, period=period,
                               gazetteer=gazetteer, metonyms=metonyms, text=text)
    weights = association_weights(merge_co_mention_counts([counts]), min_count=min_count)
    return with_names(weights, gazetteer, {"actor_a": ("name_a", "type_a"),
                                           "actor_b": ("name_b", "type_b")})


def with_names(frame: pl.DataFrame, gazetteer=None,
               columns: dict[str, tuple[str, str]] | None = None) -> pl.DataFrame:
    """Put each id column's readable name and type right after it.

    Parameters
    ----------
    frame : polars.DataFrame
    gazetteer : Gazetteer, str, Path, list or None
        Where the names come from (the default gazetteer when None).
    columns : dict
        ``{id column: (name column, type column)}``. An id the gazetteer does not
        list keeps itself as its name and an empty type.

    Examples
    --------
    >>> import polars as pl
    >>> with_names(pl.DataFrame({"partner": ["us", "zz"]}), None,
    ...            {"partner": ("partner_name", "partner_type")}).rows()
    [('us', 'United States', 'country'), ('zz', 'zz', '')]
    """
    names = gazetteer_of(gazetteer).names()
    order = list(frame.columns)
    for col, (name_col, type_col) in (columns or {}).items():
        if col not in frame.columns:
            continue
        looked = names.rename({"actor_id": col, "actor": name_col, "type": type_col})
        frame = (frame.drop([c for c in (name_col, type_col) if c in frame.columns])
                 .join(looked, on=col, how="left", maintain_order="left")
                 .with_columns(pl.coalesce(name_col, col).alias(name_col),
                               pl.col(type_col).fill_null("")))
        at = order.index(col) + 1
        order = [c for c in order if c not in (name_col, type_col)]
        order[at:at] = [name_col, type_col]
    return frame.select(order)


def resolve_focus(focus: str, gazetteer=None, known: Iterable[str] = ()) -> str:
    """The ``actor_id`` of a focus actor given by id, canonical name or any alias.

    An id among ``known`` (the ids of the table at hand) is taken as it is; anything
    else is looked up in the gazetteer (:meth:`Gazetteer.resolve`), which raises
    :class:`~tassanalysis.actors.gazetteer.ActorNameError` with the closest
    candidates for an unknown or ambiguous name.

    Examples
    --------
    >>> resolve_focus("Лавров"), resolve_focus("Sergey Lavrov"), resolve_focus("a", known=["a"])
    ('lavrov', 'lavrov', 'a')
    """
    if focus in set(known):
        return focus
    return gazetteer_of(gazetteer).resolve(focus)


def actor_counts(corpus_or_mentions: pl.DataFrame | pl.LazyFrame, *, unit: Unit = "document",
                 by: str | Sequence[str] | None = None, period: str | None = None,
                 gazetteer=None, metonyms: bool = False,
                 text: str | Iterable[str] = TEXT_FIELDS) -> pl.DataFrame:
    """How many units name each actor, beside the number of units (per group and period).

    The ``actor`` and ``units`` rows of :func:`co_mention_counts`, merged, with the
    gazetteer's name and type.

    Returns
    -------
    polars.DataFrame
        Group columns, ``period``, ``actor_id``, ``actor``, ``type``, ``count``,
        ``units``, ``share`` (``count / units``); most named first.

    Examples
    --------
    >>> import polars as pl
    >>> articles = pl.DataFrame({"doc_id": ["1", "2"], "title": ["Lavrov in Bonn", "Rain"],
    ...                          "body": ["Talks.", "Snow."]})
    >>> actor_counts(articles).select("actor_id", "count", "units", "share").rows()
    [('lavrov', 1, 2, 0.5)]
    """
    counts = merge_co_mention_counts([co_mention_counts(
        corpus_or_mentions, unit=unit, by=by, period=period, gazetteer=gazetteer,
        metonyms=metonyms, text=text)])
    keys = [c for c in counts.columns if c not in ("kind", "actor_a", "actor_b", "count")]
    units = counts.filter(pl.col("kind") == "units").select(*keys, pl.col("count").alias("units"))
    actors = counts.filter(pl.col("kind") == "actor").select(
        *keys, pl.col("actor_a").alias("actor_id"), "count")
    actors = (actors.join(units, on=keys, how="left") if keys else
              actors.with_columns(pl.lit(units["units"].sum(), pl.Int64).alias("units")))
    names = gazetteer_of(gazetteer).actors.select("actor_id", "actor", "type")
    out = actors.join(names, on="actor_id", how="left").with_columns(
        (pl.col("count") / pl.col("units")).alias("share"))
    return out.select(*keys, "actor_id", "actor", "type", "count", "units", "share").sort(
        [*keys, "count", "actor_id"], descending=[False] * len(keys) + [True, False])


def partners(co: pl.DataFrame, *, focus: str, weight: str = "npmi", top: int = 10,
             min_count: int = 1, gazetteer=None) -> pl.DataFrame:
    """The focus actor's partners, ranked by a weight within each group and period.

    Parameters
    ----------
    co : polars.DataFrame
        Output of :func:`co_mentions`.
    focus : str
        The focus actor: its id, canonical name or any alias in either language
        ("lavrov", "Sergey Lavrov", "Лавров"); see :func:`resolve_focus`.
    weight : str
        A column of ``co`` (``count``, ``pmi``, ``npmi``, ``jaccard``, ``dice``, ``g2``).
    top : int
        Partners kept per group and period.
    gazetteer : Gazetteer, str, Path, list or None
        Where names are looked up (the default gazetteer when None).

    Returns
    -------
    polars.DataFrame
        Group columns, ``focus``, ``focus_name``, ``partner``, ``partner_name``,
        ``partner_type``, ``rank`` and the counts and weights.

    Raises
    ------
    ActorNameError
        A focus that names no actor, or several (the message lists candidates).

    Examples
    --------
    >>> import polars as pl
    >>> m = pl.DataFrame({"doc_id": ["1", "1", "2", "2", "3"],
    ...                   "actor_id": ["lavrov", "tillerson", "lavrov", "kerry", "lavrov"]})
    >>> partners(co_mentions(m, min_count=1), focus="lavrov", weight="count")["partner"].to_list()
    ['kerry', 'tillerson']
    """
    if weight not in co.columns:
        raise ValueError(f"weight {weight!r} is not a column of the co-mention table")
    keys = [c for c in co.columns if c in ("period",) or c not in _CO_COLUMNS]
    focus = resolve_focus(focus, gazetteer, set(co["actor_a"]) | set(co["actor_b"]))
    mine = co.filter(((pl.col("actor_a") == focus) | (pl.col("actor_b") == focus))
                     & (pl.col("count") >= min_count))
    mine = mine.with_columns(
        pl.lit(focus).alias("focus"),
        pl.when(pl.col("actor_a") == focus).then(pl.col("actor_b")).otherwise(pl.col("actor_a"))
        .alias("partner"),
        pl.when(pl.col("actor_a") == focus).then(pl.col("count_a")).otherwise(pl.col("count_b"))
        .alias("count_focus"),
        pl.when(pl.col("actor_a") == focus).then(pl.col("count_b")).otherwise(pl.col("count_a"))
        .alias("count_partner"))
    ranked = mine.sort([weight, "count", "partner"], descending=[True, True, False])
    rank = pl.int_range(pl.len()).over(keys) + 1 if keys else pl.int_range(pl.len()) + 1
    ranked = ranked.with_columns(rank.alias("rank")).filter(pl.col("rank") <= top)
    cols = [*keys, "focus", "partner", "rank", "count", "count_focus", "count_partner", "units",
            "pmi", "npmi", "jaccard", "dice", "g2", "p_value"]
    out = ranked.select(cols).sort([*keys, "rank"])
    return with_names(out, gazetteer, {"focus": ("focus_name", "focus_type"),
                                       "partner": ("partner_name", "partner_type")})


_CO_COLUMNS = {"actor_a", "actor_b", "count", "count_a", "count_b", "units", "share", "pmi",
               "npmi", "jaccard", "dice", "g2", "p_value", "name_a", "type_a", "name_b",
               "type_b"}


def _window(value) -> tuple[datetime | None, datetime | None]:
    start, end = value
    def as_date(v):
        if v is None or v == "":
            return None
        if isinstance(v, datetime):
            return v.date()
        if isinstance(v, date):
            return v
        return date.fromisoformat(str(v))
    return as_date(start), as_date(end)


#: Units naming the focus actor each window needs before a change is tested.
MIN_FOCUS_UNITS = 5
#: Expected count of every cell of the 2×2 table below which the exact test is used.
MIN_EXPECTED = 5


def partner_change(corpus_or_mentions: pl.DataFrame | pl.LazyFrame, *, focus: str,
                   before: tuple, after: tuple, unit: Unit = "document",
                   by: str | Sequence[str] | None = None, min_count: int = 2,
                   top: int | None = 20, alpha: float = 0.05, gazetteer=None,
                   metonyms: bool = False,
                   text: str | Iterable[str] = TEXT_FIELDS) -> pl.DataFrame:
    """Partners whose association with the focus actor rose or fell between windows.

    For each partner, among the units naming the focus actor: the share that also
    names the partner before and after. The change is tested on the 2×2 table
    (partner named or not × window): with the log-likelihood G² (χ², 1 df) when every
    expected count is at least :data:`MIN_EXPECTED`, else with Fisher's exact test.

    A direction is claimed only where the data hold it: each window has at least
    :data:`MIN_FOCUS_UNITS` units naming the focus, and the test gives p < ``alpha``.
    Elsewhere ``direction`` is null and ``reason`` says why ("no article naming the
    focus before", "too few …", "no significant change …").

    Parameters
    ----------
    corpus_or_mentions : polars.DataFrame or polars.LazyFrame
        Articles or mentions with ``published_at``.
    focus : str
        The focus actor: id, canonical name or any alias (:func:`resolve_focus`).
    before, after : tuple of (start, end)
        Day ranges (ISO strings or dates; both days included, None = open).
    top : int or None
        Keep the partners with the largest G² (all when None).
    alpha : float
        Significance level a direction needs.

    Returns
    -------
    polars.DataFrame
        Group columns, ``focus``, ``focus_name``, ``partner``, ``partner_name``,
        ``partner_type``, ``count_before``, ``focus_before``, ``share_before``,
        ``count_after``, ``focus_after``, ``share_after``, ``log_ratio`` (log2 of the
        share ratio, with 0.5 added to empty cells; null where a window has no focus
        unit), ``npmi_before``, ``npmi_after``,
        ``g2``, ``test`` (``G2`` or ``Fisher exact``), ``p_value``, ``direction``
        (``rose``/``fell`` or null), ``reason`` (why there is no direction).

    Examples
    --------
    >>> import polars as pl
    >>> day = lambda d: pl.datetime(2017, 1, d, time_zone="UTC")
    >>> m = pl.DataFrame({"doc_id": [str(i // 2) for i in range(40)],
    ...     "actor_id": ["lavrov", "kerry"] * 10 + ["lavrov", "tillerson"] * 10}).with_columns(
    ...     pl.when(pl.col("doc_id").cast(pl.Int64) < 10).then(day(5)).otherwise(day(25))
    ...     .alias("published_at"))
    >>> change = partner_change(m, focus="Lavrov", before=("2017-01-01", "2017-01-15"),
    ...                         after=("2017-01-16", "2017-01-31"), min_count=1)
    >>> change.select("partner_name", "share_before", "share_after", "test", "direction").rows()
    [('John Kerry', 1.0, 0.0, 'G2', 'fell'), ('Rex Tillerson', 0.0, 1.0, 'G2', 'rose')]
    >>> partner_change(m, focus="lavrov", before=("2016-01-01", "2016-12-31"),
    ...                after=("2017-01-16", "2017-01-31"), min_count=1
    ...                ).select("log_ratio", "direction", "reason").rows()
    [(None, None, 'no article naming the focus before')]
    """
    frame = (corpus_or_mentions.collect() if isinstance(corpus_or_mentions, pl.LazyFrame)
             else corpus_or_mentions)
    known = (frame["actor_id"].drop_nulls().unique().to_list()
             if "actor_id" in frame.columns else ())
    focus = resolve_focus(focus, gazetteer, known)
    keys = _keys(by, None)
    sides = []
    for label, window in (("before", before), ("after", after)):
        start, end = _window(window)
        day = pl.col("published_at").dt.date()
        cond = pl.lit(True)
        if start:
            cond = cond & (day >= start)
        if end:
            cond = cond & (day <= end)
        part = frame.filter(cond)
        co = co_mentions(part, unit=unit, by=by, min_count=1, gazetteer=gazetteer,
                         metonyms=metonyms, text=text)
        counts = merge_co_mention_counts([co_mention_counts(
            part, unit=unit, by=by, gazetteer=gazetteer, metonyms=metonyms, text=text)])
        focus_n = counts.filter((pl.col("kind") == "actor") & (pl.col("actor_a") == focus))
        focus_n = focus_n.select(*keys, pl.col("count").alias(f"focus_{label}"))
        mine = (partners(co, focus=focus, weight="count", top=10**9, gazetteer=gazetteer)
                if co.height else pl.DataFrame(schema={
                    **{k: co.schema[k] for k in keys}, "partner": pl.String,
                    "count": pl.Int64, "npmi": pl.Float64}))
        mine = mine.select(*keys, "partner", pl.col("count").alias(f"count_{label}"),
                           pl.col("npmi").alias(f"npmi_{label}"))
        sides.append((mine, focus_n))
    (b_pairs, b_focus), (a_pairs, a_focus) = sides
    joined = b_pairs.join(a_pairs, on=[*keys, "partner"], how="full", coalesce=True)
    for f in (b_focus, a_focus):
        joined = joined.join(f, on=keys, how="left") if keys else joined.with_columns(
            pl.lit(f[f.columns[-1]].sum() if f.height else 0, pl.Int64).alias(f.columns[-1]))
    joined = joined.with_columns(pl.col("count_before", "count_after", "focus_before",
                                        "focus_after").fill_null(0))
    joined = joined.filter((pl.col("count_before") + pl.col("count_after")) >= min_count)
    k1, n1 = pl.col("count_before").cast(pl.Float64), pl.col("focus_before").cast(pl.Float64)
    k2, n2 = pl.col("count_after").cast(pl.Float64), pl.col("focus_after").cast(pl.Float64)
    joined = joined.with_columns(
        pl.when(n1 > 0).then(k1 / n1).otherwise(None).alias("share_before"),
        pl.when(n2 > 0).then(k2 / n2).otherwise(None).alias("share_after"),
        # no ratio where a window has no focus unit: there is no share to compare
        pl.when((n1 > 0) & (n2 > 0))
        .then((((k2 + 0.5) / (n2 + 1)) / ((k1 + 0.5) / (n1 + 1))).log(2))
        .otherwise(None).alias("log_ratio"),
        _g2(k1, n1 - k1, k2, n2 - k2).alias("g2"))
    joined = _test_change(joined, unit=unit, alpha=alpha)
    joined = joined.sort([*keys, "g2", "partner"], descending=[False] * len(keys) + [True, False])
    if top is not None:
        joined = (joined.filter(pl.int_range(pl.len()).over(keys) < top) if keys
                  else joined.head(top))
    joined = with_names(joined.with_columns(pl.lit(focus).alias("focus")), gazetteer,
                        {"focus": ("focus_name", "focus_type"),
                         "partner": ("partner_name", "partner_type")})
    return joined.select(*keys, "focus", "focus_name", "partner", "partner_name",
                         "partner_type", "count_before", "focus_before", "share_before",
                         "count_after", "focus_after", "share_after", "log_ratio",
                         "npmi_before", "npmi_after", "g2", "test", "p_value", "direction",
                         "reason")


def _test_change(joined: pl.DataFrame, *, unit: str, alpha: float) -> pl.DataFrame:
    """``test``, ``p_value``, ``direction`` and ``reason`` of each partner's change."""
    rows = joined.select("count_before", "focus_before", "count_after", "focus_after",
                         "log_ratio").rows()
    noun = "article" if unit == "document" else unit
    tests, pvalues, directions, reasons = [], [], [], []
    for k1, n1, k2, n2, log_ratio in rows:
        table = np.array([[k1, n1 - k1], [k2, n2 - k2]], dtype=float)
        if n1 == 0 or n2 == 0:
            tests.append(None)
            pvalues.append(None)
            directions.append(None)
            reasons.append(f"no {noun} naming the focus {'before' if n1 == 0 else 'after'}")
            continue
        total = table.sum()
        expected = table.sum(axis=1)[:, None] * table.sum(axis=0)[None, :] / total
        if (expected >= MIN_EXPECTED).all():
            test, p = "G2", float(stats.chi2.sf(_g2_value(table), 1))
        else:
            test, p = "Fisher exact", float(stats.fisher_exact(table.astype(int))[1])
        tests.append(test)
        pvalues.append(p)
        if min(n1, n2) < MIN_FOCUS_UNITS:
            directions.append(None)
            reasons.append(f"too few {noun}s naming the focus ({n1} before, {n2} after; "
                           f"at least {MIN_FOCUS_UNITS} each)")
        elif not p < alpha:
            directions.append(None)
            reasons.append(f"no significant change ({test}: p = {p:.3g} ≥ {alpha})")
        else:
            directions.append("rose" if log_ratio >= 0 else "fell")
            reasons.append(None)
    return joined.with_columns(pl.Series("test", tests, dtype=pl.String),
                               pl.Series("p_value", pvalues, dtype=pl.Float64),
                               pl.Series("direction", directions, dtype=pl.String),
                               pl.Series("reason", reasons, dtype=pl.String))


def _g2_value(table: np.ndarray) -> float:
    """G² of a 2×2 table of counts (0·log 0 = 0), as :func:`_g2` computes it."""
    total = table.sum()
    expected = table.sum(axis=1)[:, None] * table.sum(axis=0)[None, :] / total
    nz = table > 0
    return float(2 * (table[nz] * np.log(table[nz] / expected[nz])).sum())
