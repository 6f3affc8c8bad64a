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

#: Categorical colours: ten clearly different hues (Tableau 10), then Tableau 20.
SCHEME_10 = "tableau10"
SCHEME_20 = "tableau20"


def check_lazy(frame: Any) -> None:
    if isinstance(frame, pl.LazyFrame):
        raise TypeError("charts take an eager pl.DataFrame: collect() the frame first")


def eager(frame: Any) -> pl.DataFrame:
    check_lazy(frame)
    if frame.height > MAX_ROWS:
        raise ValueError(f"{frame.height} rows are too many for a chart; aggregate or filter "
                         f"to fewer than {MAX_ROWS}")
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
                 axis=alt.Axis(format=AXIS_DATE_FORMATS.get(period, "%d %b %Y"), labelAngle=0))


def time_lines(frame: pl.DataFrame, *, y: str, y_title: str, color: str | None,
               tooltip: list, period: str | None, width: int, height: int,
               sort: list[str] | str | None = None) -> alt.LayerChart | alt.Chart:
    """Lines over ``period``; partial first/last periods dashed and their points faded.

    ``frame`` may carry a boolean ``partial`` column
    (:func:`tassanalysis.focus.mark_partial`). With more than four series each line
    is labelled at its end, so the colours need not be matched with a legend.
    """
    import altair as alt

    n_series = frame[color].n_unique() if color else 1
    x = time_axis(period, frame["period"])
    enc: dict[str, Any] = {"x": x, "y": alt.Y(f"{y}:Q", title=y_title)}
    if color:
        enc["color"] = alt.Color(f"{color}:N", title=color, scale=category_scale(n_series),
                                 sort=sort if sort is not None else "ascending")
    partial = frame["partial"] if "partial" in frame.columns else None
    points = frame.height <= 400
    layers = []
    if partial is None or not partial.any():
        layers.append(alt.Chart(frame).mark_line(point=points).encode(**enc, tooltip=tooltip))
    else:
        periods = frame["period"].unique().sort()
        full = frame.filter(~pl.col("partial"))
        layers.append(alt.Chart(full).mark_line().encode(**enc))
        starts = frame.filter(pl.col("partial") & (pl.col("period") == periods.min()))
        ends = frame.filter(pl.col("partial") & (pl.col("period") == periods.max()))
        for edge, rows in (("start", starts), ("end", ends)):
            if rows.height == 0 or periods.len() < 2:
                continue
            near = periods[1] if edge == "start" else periods[-2]
            seg = frame.filter(pl.col("period").is_in([rows["period"][0], near]))
            layers.append(alt.Chart(seg).mark_line(strokeDash=[4, 3], opacity=0.7)
                          .encode(**enc))
        layers.append(alt.Chart(frame).mark_point(filled=True, size=30 if points else 0).encode(
            **enc, opacity=alt.condition("datum.partial", alt.value(0.35), alt.value(1.0)),
            tooltip=[*tooltip, alt.Tooltip("partial:N", title="partial period")]))
    if color and 4 < n_series <= 20:
        last = (frame.filter(pl.col(y).is_not_null()).sort("period")
                .group_by(color, maintain_order=True).last())
        layers.append(alt.Chart(last).mark_text(align="left", dx=5, fontSize=10).encode(
            x=x, y=alt.Y(f"{y}:Q"), text=f"{color}:N",
            color=alt.Color(f"{color}:N", scale=category_scale(n_series), legend=None,
                            sort=sort if sort is not None else "ascending")))
    chart = alt.layer(*layers) if len(layers) > 1 else layers[0]
    return chart.properties(width=width, height=height)


def partial_note(frame: pl.DataFrame, period: str | None) -> str:
    """A subtitle line when a frame has partial periods (empty otherwise)."""
    if "partial" not in frame.columns or not frame["partial"].any():
        return ""
    period = period or infer_period(frame["period"])
    return (f"Dashed, faded ends: a {period} only partly covered by the articles "
            "(not a real fall or rise).")
