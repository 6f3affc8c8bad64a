"""Altair charts (and an HTML table) for the frames of :mod:`tassanalysis.terms`.

Every builder takes an eager ``pl.DataFrame`` as the analysis returned it,
aggregates it to a few hundred rows at most, and returns an Altair chart with
tooltips and a title that says what was counted and over how much text.
Article text is untrusted: :func:`kwic_table_html` escapes everything.

Examples
--------
>>> import polars as pl
>>> tf = pl.DataFrame({"term": ["moscow", "talks"], "count": [5, 3], "doc_count": [2, 2],
...                    "tokens": [100, 100], "docs": [2, 2], "rate_per_10k": [500.0, 300.0],
...                    "rank": [1, 2]})
>>> chart_term_frequency(tf).to_dict()["mark"]["type"]
'bar'
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import altair as alt
import polars as pl

__all__ = [
    "chart_collocations",
    "chart_keyness",
    "chart_kwic",
    "chart_term_frequency",
    "chart_term_trends",
    "kwic_table_html",
]

#: Columns of term tables that are measures, not groups.
_MEASURES = {"term", "stem", "count", "doc_count", "tokens", "docs", "rate_per_10k", "rank",
             "period", "count_target", "count_reference", "rate_target", "rate_reference", "g2",
             "g2_p", "chi2", "chi2_p", "log_ratio", "direction", "tf", "idf", "tf_idf",
             "groups_with_term"}
_MAX_ROWS = 4_000


def _check_lazy(frame) -> None:
    if isinstance(frame, pl.LazyFrame):
        raise TypeError("charts take an eager pl.DataFrame: collect() the frame first")


def _eager(frame) -> pl.DataFrame:
    _check_lazy(frame)
    if frame.height > _MAX_ROWS:
        raise ValueError(f"{frame.height} rows are too many for a chart; aggregate or filter "
                         f"to fewer than {_MAX_ROWS}")
    return frame


def _group_columns(frame: pl.DataFrame) -> list[str]:
    return [c for c in frame.columns if c not in _MEASURES]


def _words(frame: pl.DataFrame, groups: Sequence[str]) -> tuple[int, int]:
    """Total words and articles behind a term table (each group/period counted once)."""
    if "tokens" not in frame.columns or frame.height == 0:
        return 0, 0
    keys = list(groups) + (["period"] if "period" in frame.columns else [])
    per = frame.unique(keys) if keys else frame.head(1)
    docs = int(per["docs"].sum()) if "docs" in per.columns else 0
    return int(per["tokens"].sum()), docs


def _label(group: list[str]) -> str:
    return ", ".join(group)


def chart_term_frequency(tf_frame: pl.DataFrame, *, title: str | None = None,
                         value: str = "count", width: int = 320) -> alt.Chart:
    """Horizontal bars of the most frequent terms, one panel per group.

    Parameters
    ----------
    tf_frame
        :func:`tassanalysis.terms.term_frequency` output. With ``period``, counts
        are summed over the periods.
    value
        ``"count"`` or ``"rate_per_10k"``.

    Examples
    --------
    >>> import polars as pl
    >>> tf = pl.DataFrame({"source": ["a", "b"], "term": ["x", "y"], "count": [2, 1],
    ...                    "doc_count": [1, 1], "tokens": [10, 10], "docs": [1, 1],
    ...                    "rate_per_10k": [2000.0, 1000.0], "rank": [1, 1]})
    >>> "facet" in chart_term_frequency(tf).to_dict()
    True
    """
    frame = _eager(tf_frame)
    groups = _group_columns(frame)
    words, docs = _words(frame, groups)
    if "period" in frame.columns:
        totals = (frame.unique(groups + ["period"]).group_by(groups)
                  .agg(pl.col("tokens").sum()) if groups else None)
        frame = frame.group_by(groups + ["term"]).agg(
            pl.col("count").sum(), pl.col("doc_count").sum())
        if totals is not None:
            frame = frame.join(totals, on=groups, how="left")
        else:
            frame = frame.with_columns(tokens=pl.lit(words))
        frame = frame.with_columns(rate_per_10k=pl.col("count") / pl.col("tokens") * 10_000)
    if groups:
        frame = frame.with_columns(group=pl.concat_str(groups, separator=" · "))
    what = "count" if value == "count" else "rate per 10,000 words"
    default = f"Most frequent terms ({what}) in {docs:,} articles, {words:,} words"
    tooltip = ["term", alt.Tooltip("count:Q", format=","),
               alt.Tooltip("doc_count:Q", title="articles", format=","),
               alt.Tooltip("rate_per_10k:Q", title="per 10k words", format=".2f")]
    base = alt.Chart(frame).mark_bar().encode(
        x=alt.X(f"{value}:Q", title=what),
        y=alt.Y("term:N", sort="-x", title=None),
        tooltip=(["group:N"] if groups else []) + tooltip,
    ).properties(width=width)
    if groups:
        return base.facet(row=alt.Row("group:N", title=_label(groups)),
                          title=title or default).resolve_scale(y="independent")
    return base.properties(title=title or default)


def chart_keyness(keyness_frame: pl.DataFrame, *, top: int = 20, value: str = "g2",
                  title: str | None = None, width: int = 320) -> alt.Chart:
    """Diverging bars: terms over-used (right) and under-used (left) in the target.

    Parameters
    ----------
    keyness_frame
        :func:`tassanalysis.terms.keyness` or :func:`~tassanalysis.terms.each_vs_rest`
        output (one panel per value of the ``by`` column).
    top
        Terms per direction (and per panel), strongest by G².
    value
        ``"g2"`` (signed by direction) or ``"log_ratio"``.

    Examples
    --------
    >>> import polars as pl
    >>> k = pl.DataFrame({"term": ["a", "b"], "count_target": [9, 1], "count_reference": [1, 9],
    ...     "rate_target": [9.0, 1.0], "rate_reference": [1.0, 9.0], "g2": [5.0, 5.0],
    ...     "g2_p": [0.02, 0.02], "chi2": [4.0, 4.0], "chi2_p": [0.04, 0.04],
    ...     "log_ratio": [3.1, -3.1], "direction": ["over", "under"]})
    >>> chart_keyness(k).to_dict()["mark"]["type"]
    'bar'
    """
    _check_lazy(keyness_frame)
    groups = _group_columns(keyness_frame)
    rank = pl.col("g2").rank("ordinal", descending=True).over(groups + ["direction"])
    frame = _eager(keyness_frame.filter(rank <= top))
    signed = (pl.when(pl.col("direction") == "over").then(pl.col("g2")).otherwise(-pl.col("g2"))
              if value == "g2" else pl.col("log_ratio"))
    frame = frame.with_columns(value=signed)
    if groups:
        frame = frame.with_columns(group=pl.concat_str(groups, separator=" · "))
    axis = "G² (signed: + over-used, − under-used)" if value == "g2" else "log ratio (log2)"
    default = "Keyness: terms over- and under-used in the target compared with the reference"
    base = alt.Chart(frame).mark_bar().encode(
        x=alt.X("value:Q", title=axis),
        y=alt.Y("term:N", sort="-x", title=None),
        color=alt.Color("direction:N", scale=alt.Scale(domain=["over", "under"],
                                                       range=["#c0392b", "#2e6da4"])),
        tooltip=(["group:N"] if groups else []) + [
            "term", "direction",
            alt.Tooltip("count_target:Q", title="count (target)", format=","),
            alt.Tooltip("count_reference:Q", title="count (reference)", format=","),
            alt.Tooltip("rate_target:Q", title="per 10k (target)", format=".2f"),
            alt.Tooltip("rate_reference:Q", title="per 10k (reference)", format=".2f"),
            alt.Tooltip("g2:Q", title="G²", format=".1f"),
            alt.Tooltip("g2_p:Q", title="p (G²)", format=".2e"),
            alt.Tooltip("log_ratio:Q", title="log ratio", format=".2f"),
        ],
    ).properties(width=width)
    if groups:
        return base.facet(row=alt.Row("group:N", title=_label(groups)),
                          title=title or default).resolve_scale(y="independent")
    return base.properties(title=title or default)


def chart_term_trends(frame_of_term_rates_over_time: pl.DataFrame, *,
                      terms: Sequence[str] | None = None, value: str = "rate_per_10k",
                      title: str | None = None, width: int = 520) -> alt.Chart:
    """Lines of each term's rate per 10,000 words over the periods.

    Parameters
    ----------
    frame_of_term_rates_over_time
        A frame with ``period``, ``term`` and ``rate_per_10k`` (and ``count``), e.g.
        :func:`tassanalysis.terms.term_frequency` with ``period=``; extra group
        columns (``source``) give one panel each.
    terms
        Terms to draw (default: all in the frame, at most 12 by total count).

    Examples
    --------
    >>> import polars as pl, datetime as dt
    >>> f = pl.DataFrame({"period": [dt.date(2017, 1, 1), dt.date(2017, 2, 1)],
    ...                   "term": ["x", "x"], "count": [1, 0], "rate_per_10k": [1.0, 0.0]})
    >>> chart_term_trends(f).to_dict()["mark"]["type"]
    'line'
    """
    frame = frame_of_term_rates_over_time
    if isinstance(frame, pl.LazyFrame):
        raise TypeError("charts take an eager pl.DataFrame: collect() the frame first")
    if terms is None:
        weight = "count" if "count" in frame.columns else value
        terms = (frame.group_by("term").agg(pl.col(weight).sum())
                 .sort([weight, "term"], descending=[True, False])["term"].head(12).to_list())
    frame = _eager(frame.filter(pl.col("term").is_in(pl.Series(list(terms), dtype=pl.String)
                                                     .implode())))
    groups = _group_columns(frame)
    if groups:
        frame = frame.with_columns(group=pl.concat_str(groups, separator=" · "))
    what = "per 10,000 words" if value == "rate_per_10k" else value
    default = f"Term use over time ({what})"
    tooltip = (["group:N"] if groups else []) + ["term", alt.Tooltip("period:T", title="period"),
                                                 alt.Tooltip(f"{value}:Q", format=".2f")]
    if "count" in frame.columns:
        tooltip.append(alt.Tooltip("count:Q", format=","))
    base = alt.Chart(frame).mark_line(point=frame.height <= 400).encode(
        x=alt.X("period:T", title=None),
        y=alt.Y(f"{value}:Q", title=what),
        color=alt.Color("term:N", sort=list(terms), title="term"),
        tooltip=tooltip,
    ).properties(width=width)
    if groups:
        return base.facet(row=alt.Row("group:N", title=_label(groups)), title=title or default)
    return base.properties(title=title or default)


def chart_collocations(collocations_frame: pl.DataFrame, *, top: int = 30,
                       measure: str | None = None, title: str | None = None,
                       width: int = 320) -> alt.Chart:
    """Horizontal bars of the best-scoring word pairs.

    Examples
    --------
    >>> import polars as pl
    >>> c = pl.DataFrame({"w1": ["foreign"], "w2": ["minister"], "count": [5],
    ...                   "count_w1": [6], "count_w2": [7], "score": [3.2]})
    >>> chart_collocations(c, measure="pmi").to_dict()["title"]
    'Collocations by pmi: top 1 word pairs'
    """
    frame = _eager(collocations_frame.sort("score", descending=True).head(top))
    frame = frame.with_columns(pair=pl.concat_str(["w1", "w2"], separator=" "))
    name = measure or "association score"
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("score:Q", title=name),
        y=alt.Y("pair:N", sort="-x", title=None),
        tooltip=["pair", alt.Tooltip("score:Q", format=".3f"),
                 alt.Tooltip("count:Q", title="pair count", format=","),
                 alt.Tooltip("count_w1:Q", title="count of w1", format=","),
                 alt.Tooltip("count_w2:Q", title="count of w2", format=",")],
    ).properties(width=width, title=title or f"Collocations by {name}: top {frame.height} "
                 "word pairs")


def chart_kwic(kwic_frame: pl.DataFrame, *, limit: int = 40, title: str | None = None
               ) -> alt.Chart:
    """Concordance lines as an Altair text chart (left context right-aligned).

    :func:`kwic_table_html` is usually easier to read; this keeps a KWIC view
    inside an all-Altair report.

    Examples
    --------
    >>> import polars as pl
    >>> k = pl.DataFrame({"doc_id": ["a"], "left": ["the"], "match": ["Kremlin"], "right": ["said"]})
    >>> len(chart_kwic(k).to_dict()["hconcat"])
    3
    """
    frame = _eager(kwic_frame.head(limit)).with_row_index("line")
    height = 16 * max(frame.height, 1)

    def column(field: str, align: str, width: int, **mark) -> alt.Chart:
        return alt.Chart(frame).mark_text(align=align, baseline="middle", **mark).encode(
            y=alt.Y("line:O", axis=None), text=f"{field}:N",
            tooltip=[c for c in ("doc_id", "published_at", "title") if c in frame.columns],
        ).properties(width=width, height=height)

    chart = alt.hconcat(column("left", "right", 300, dx=145),
                        column("match", "center", 120, fontWeight="bold", color="#c0392b"),
                        column("right", "left", 300, dx=-145), spacing=0)
    return chart.properties(title=title or f"Keyword in context: {frame.height} lines")


def kwic_table_html(kwic_frame: pl.DataFrame, *, limit: int | None = 200,
                    caption: str | None = None) -> str:
    """Concordance lines as an HTML table; every value is escaped.

    Examples
    --------
    >>> import polars as pl
    >>> k = pl.DataFrame({"doc_id": ["a"], "left": ["<b>x"], "match": ["y"], "right": ["z"]})
    >>> "&lt;b&gt;x" in kwic_table_html(k) and "<b>x" not in kwic_table_html(k)
    True
    """
    frame = kwic_frame if limit is None else kwic_frame.head(limit)
    meta = [c for c in ("published_at", "title", "doc_id") if c in frame.columns]

    def esc(value) -> str:
        if value is None:
            return ""
        if hasattr(value, "strftime"):
            value = value.strftime("%Y-%m-%d")
        return html.escape(str(value), quote=True)

    head = "".join(f"<th>{esc(c)}</th>" for c in meta)
    rows = []
    for row in frame.iter_rows(named=True):
        cells = "".join(f"<td class='kwic-meta'>{esc(row[c])}</td>" for c in meta)
        rows.append(
            f"<tr>{cells}<td class='kwic-left' style='text-align:right'>{esc(row['left'])}</td>"
            f"<td class='kwic-match' style='text-align:center;font-weight:bold'>"
            f"{esc(row['match'])}</td>"
            f"<td class='kwic-right' style='text-align:left'>{esc(row['right'])}</td></tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return (f"<table class='kwic'>{cap}<thead><tr>{head}<th>left</th><th>match</th>"
            f"<th>right</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")
