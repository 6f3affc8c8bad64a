"""Shared pieces of the chart builders: input checks, colours, time axes, partial periods.

Altair is imported inside the functions, so importing the package stays fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import polars as pl

from tassanalysis.vocab import AXIS_DATE_FORMATS

if TYPE_CHECKING:
    import altair as alt

#: Columns of result tables that are measures, not groups.
MEASURES = {"term", "stem", "count", "doc_count", "tokens", "docs", "rate_per_10k", "rank",
            "period", "count_target", "count_reference", "rate_target", "rate_reference", "g2",
            "g2_p", "chi2", "chi2_p", "log_ratio", "direction", "tf", "idf", "tf_idf",
            "groups_with_term", "partial", "common_in", "articles", "share"}
MAX_ROWS = 4_000

#: More series than this in one time chart are drawn as small multiples.
SMALL_MULTIPLES = 8

#: Categorical colours: ten clearly different hues (Tableau 10), then Tableau 20.
SCHEME_10 = "tableau10"
SCHEME_20 = "tableau20"


def check_lazy(frame: Any) -> None:
    if isinstance(frame, pl.LazyFrame):
        raise TypeError("charts take an eager pl.DataFrame: collect() the frame first")


def eager(frame: Any, advice: str | None = None) -> pl.DataFrame:
    """``frame`` when it is an eager frame small enough to draw; ``advice`` ends the error."""
    check_lazy(frame)
    if frame.height > MAX_ROWS:
        raise ValueError(f"{frame.height} rows are too many for a chart; "
                         + (advice or f"aggregate or filter to fewer than {MAX_ROWS}"))
    return frame


def group_columns(frame: pl.DataFrame) -> list[str]:
    return [c for c in frame.columns if c not in MEASURES]


def label(group: Sequence[str]) -> str:
    return ", ".join(group)


def category_scale(n: int) -> alt.Scale:
    """A colour scale with a distinct hue for each of ``n`` series (up to 20)."""
    import altair as alt

    return alt.Scale(scheme=SCHEME_10 if n <= 10 else SCHEME_20)


def infer_period(dates: pl.Series) -> str:
    """The period a column of period starts was counted by, from its spacing."""
    days = dates.drop_nulls().unique().sort()
    if days.len() < 2:
        return "day"
    step = days.diff().drop_nulls().dt.total_days().median()
    for limit, name in ((1, "day"), (7, "week"), (31, "month"), (92, "quarter")):
        if step <= limit:
            return name
    return "year"


def time_axis(period: str | None, dates: pl.Series, title: str | None = None) -> alt.X:
    """An x encoding of period starts with one date format for the whole axis."""
    import altair as alt

    period = period or infer_period(dates)
    return alt.X("period:T", title=title,
                 axis=alt.Axis(format=AXIS_DATE_FORMATS.get(period, "%-d %b %Y"), labelAngle=0))


def time_lines(frame: pl.DataFrame, *, y: str, y_title: str, color: str | None,
               tooltip: list, period: str | None, width: int, height: int,
               sort: list[str] | str | None = None) -> alt.LayerChart | alt.Chart:
    """Lines over ``period``; partial first/last periods dashed and their points faded.

    ``frame`` may carry a boolean ``partial`` column
    (:func:`tassanalysis.focus.mark_partial`). Five to eight series: each line is
    also labelled at its last full period. More than eight: small multiples, one
    panel per series (three to a row), so no two lines need telling apart by colour
    alone. All layers read one data set (one CSV download).
    """
    import altair as alt

    n_series = frame[color].n_unique() if color else 1
    x = time_axis(period, frame["period"])
    scale = category_scale(n_series)
    order = sort if sort is not None else "ascending"
    enc: dict[str, Any] = {"x": x, "y": alt.Y(f"{y}:Q", title=y_title)}
    if color:
        enc["color"] = alt.Color(f"{color}:N", title=color, scale=scale, sort=order)
    points = frame.height <= 400
    partial = frame["partial"] if "partial" in frame.columns else pl.Series([False])
    multiples = bool(color) and n_series > SMALL_MULTIPLES
    if not partial.any() and not (color and 4 < n_series <= SMALL_MULTIPLES) and not multiples:
        return alt.Chart(frame).mark_line(point=points).encode(**enc, tooltip=tooltip).properties(
            width=width, height=height)
    periods = frame["period"].unique().sort()
    flag = pl.col("partial") if "partial" in frame.columns else pl.lit(False)
    first_p, last_p = periods.min(), periods.max()
    start_partial = "partial" in frame.columns and frame.filter(
        flag & (pl.col("period") == first_p)).height > 0
    end_partial = "partial" in frame.columns and frame.filter(
        flag & (pl.col("period") == last_p)).height > 0
    start_seg = periods[:2].to_list() if start_partial and periods.len() > 1 else []
    end_seg = periods[-2:].to_list() if end_partial and periods.len() > 1 else []
    keys = [color] if color else []
    labelled = frame.with_columns(
        line_full=~flag, line_start=pl.col("period").is_in(start_seg),
        line_end=pl.col("period").is_in(end_seg))
    last_full = (labelled.filter(pl.col("line_full") & pl.col(y).is_not_null())
                 .group_by(keys or pl.lit(0)).agg(pl.col("period").max().alias("_last")))
    if keys:
        labelled = labelled.join(last_full, on=keys, how="left")
    else:
        labelled = labelled.with_columns(_last=pl.lit(last_full["_last"].max()))
    labelled = labelled.with_columns(label=pl.col("period") == pl.col("_last")).drop("_last")
    base = alt.Chart(labelled)
    layers = [base.mark_line().encode(**enc).transform_filter("datum.line_full")]
    for name in ("line_start", "line_end"):
        if (start_seg if name == "line_start" else end_seg):
            layers.append(base.mark_line(strokeDash=[4, 3], opacity=0.7).encode(**enc)
                          .transform_filter(f"datum.{name}"))
    layers.append(base.mark_point(filled=True, size=30 if points else 0).encode(
        **enc, opacity=alt.condition("datum.partial", alt.value(0.35), alt.value(1.0))
        if "partial" in frame.columns else alt.value(1.0),
        tooltip=[*tooltip, *([alt.Tooltip("partial:N", title="partial period")]
                             if "partial" in frame.columns else [])]))
    if color and 4 < n_series <= SMALL_MULTIPLES:
        layers.append(base.mark_text(align="left", dx=6, fontSize=10).encode(
            x=x, y=alt.Y(f"{y}:Q"), text=f"{color}:N",
            color=alt.Color(f"{color}:N", scale=scale, sort=order))
            .transform_filter("datum.label"))
    if multiples:
        panel = max(160, (width - 40) // 3)
        return alt.layer(*layers).properties(width=panel, height=max(90, height // 2)).facet(
            facet=alt.Facet(f"{color}:N", sort=order, title=None), columns=3)
    return alt.layer(*layers).properties(width=width, height=height)


def partial_note(frame: pl.DataFrame, period: str | None) -> str:
    """A subtitle line when a frame has partial periods (empty otherwise)."""
    if "partial" not in frame.columns or not frame["partial"].any():
        return ""
    period = period or infer_period(frame["period"])
    return (f"Dashed, faded ends: a {period} only partly covered by the articles "
            "(not a real fall or rise).")
