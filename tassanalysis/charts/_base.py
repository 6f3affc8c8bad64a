"""Shared pieces of the chart builders: input checks, colours, time axes, partial periods.

Altair is imported inside the functions, so importing the package stays fast.
"""

from __future__ import annotations

import json
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
SMALL_MULTIPLES = 4

#: Width (pixels) a row of small multiples fills.
MULTIPLES_WIDTH = 900

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


#: Polars intervals of the periods a time chart may be counted by.
_INTERVALS = {"day": "1d", "week": "1w", "month": "1mo", "quarter": "3mo", "year": "1y"}

#: A period whose base (words, articles) is below this share of the median period's
#: is drawn hollow, off the line, and left out of the y scale.
THIN_SHARE = 0.2


def complete_periods(frame: pl.DataFrame, *, period: str | None,
                     keys: Sequence[str] = ()) -> pl.DataFrame:
    """``frame`` with a row (null measures) for every period missing between its first and last.

    A line drawn through such a row breaks there: an empty month is a gap,
    not a straight line from the month before to the month after.

    Examples
    --------
    >>> import datetime as dt
    >>> f = pl.DataFrame({"period": [dt.date(2017, 1, 1), dt.date(2017, 3, 1)], "n": [1, 2]})
    >>> complete_periods(f, period="month")["n"].to_list()
    [1, None, 2]
    """
    if frame.height == 0 or "period" not in frame.columns:
        return frame
    period = period or infer_period(frame["period"])
    interval = _INTERVALS.get(period)
    dates = frame["period"]
    if interval is None or not isinstance(dates.dtype, pl.Date):
        return frame
    grid = pl.DataFrame({"period": pl.date_range(dates.min(), dates.max(), interval,
                                                 eager=True)})
    if grid.height > 5 * max(dates.n_unique(), 1) + 50 or not dates.is_in(
            grid["period"].implode()).all():
        return frame  # periods not on the grid (custom starts): leave them as they are
    if keys:
        grid = grid.join(frame.select(keys).unique(maintain_order=True), how="cross")
    on = ["period", *keys]
    full = grid.join(frame, on=on, how="left")
    if "partial" in full.columns:
        full = full.with_columns(pl.col("partial").fill_null(False))
    return full.select(frame.columns).sort(on, maintain_order=True)


def thin_periods(frame: pl.DataFrame, base: str | None, *, share: float = THIN_SHARE,
                 minimum: float = 0) -> pl.Expr:
    """True for rows of a period whose ``base`` is under ``share`` × the median period's.

    Examples
    --------
    >>> import datetime as dt
    >>> f = pl.DataFrame({"period": [dt.date(2017, m, 1) for m in (1, 2, 3)],
    ...                   "tokens": [9000, 120, 8000]})
    >>> f.select(thin_periods(f, "tokens"))["thin"].to_list()
    [False, True, False]
    """
    if base is None or base not in frame.columns:
        return pl.lit(False).alias("thin")
    per = frame.group_by("period").agg(pl.col(base).max()).drop_nulls()
    median = float(per[base].median() or 0)
    limit = max(share * median, minimum)
    return (pl.col(base).is_not_null() & (pl.col(base) < limit)).alias("thin")


def time_lines(frame: pl.DataFrame, *, y: str, y_title: str, color: str | None,
               tooltip: list, period: str | None, width: int, height: int,
               sort: list[str] | str | None = None, base: str | None = None,
               base_title: str | None = None, minimum_base: float = 0,
               y_format: str | None = None) -> alt.LayerChart | alt.FacetChart:
    """Lines over ``period`` drawn for reading.

    * More than :data:`SMALL_MULTIPLES` series: small multiples, one panel per
      series (named above it), so no line needs telling apart by colour or label.
    * A period missing from the data (no articles) is a gap in the line.
    * A period whose ``base`` (the words or articles behind the value) is under
      :data:`THIN_SHARE` of the median period's, or under ``minimum_base``, is a
      hollow point off the line and outside the y scale (drawn at its edge when
      higher): one article cannot make a peak.
    * Partial first/last periods (a boolean ``partial`` column,
      :func:`tassanalysis.focus.mark_partial`) are dashed, their points faded.

    All layers read one data set (one CSV download).
    """
    import altair as alt

    keys = [color] if color else []
    frame = complete_periods(frame, period=period, keys=keys)
    n_series = frame[color].n_unique() if color else 1
    multiples = bool(color) and n_series > SMALL_MULTIPLES
    x = time_axis(period, frame["period"])
    scale = category_scale(n_series)
    order = sort if sort is not None else "ascending"
    periods = frame["period"].drop_nulls().unique().sort()
    has_partial = "partial" in frame.columns
    flag = pl.col("partial").fill_null(False) if has_partial else pl.lit(False)
    first_p, last_p = periods.min(), periods.max()
    start_partial = has_partial and frame.filter(flag & (pl.col("period") == first_p)).height > 0
    end_partial = has_partial and frame.filter(flag & (pl.col("period") == last_p)).height > 0
    start_seg = periods[:2].to_list() if start_partial and periods.len() > 1 else []
    end_seg = periods[-2:].to_list() if end_partial and periods.len() > 1 else []
    data = frame.with_columns(thin_periods(frame, base, minimum=minimum_base))
    if start_seg or end_seg:
        data = data.with_columns(line_start=pl.col("period").is_in(start_seg),
                                 line_end=pl.col("period").is_in(end_seg))
    # the lines' values are computed in the page, not stored thrice in its data
    field = "datum[" + json.dumps(y) + "]"
    solid = f"datum.thin || datum.partial ? null : {field}"
    segment = "datum.{} && !datum.thin ? " + field + " : null"
    kept = data.filter(~pl.col("thin"))[y].drop_nulls()
    top = float(kept.max()) if kept.len() else None
    thin_above = top is not None and data.filter(pl.col("thin") & (pl.col(y) > top)).height > 0
    y_scale = (alt.Scale(domain=[0, top * 1.05 if top else 1], clamp=True, nice=False)
               if thin_above else alt.Scale(zero=True))
    enc: dict[str, Any] = {"x": x}
    if color and not multiples:
        enc["color"] = alt.Color(f"{color}:N", title=color, scale=scale, sort=order)
    axis = alt.Axis(format=y_format) if y_format else alt.Undefined
    y_axis = alt.Y(f"{y}:Q", title=y_title, scale=y_scale, axis=axis)
    base_tip = ([alt.Tooltip(f"{base}:Q", title=base_title or base, format=",")]
                if base and base in data.columns else [])
    tips = [*tooltip, *base_tip, *([alt.Tooltip("partial:N", title="partial period")]
                                   if has_partial else [])]
    chart = alt.Chart(data)
    invalid = "break-paths-filter-domains"
    layers = [chart.mark_line(invalid=invalid).transform_calculate(_solid=solid).encode(
        **enc, y=alt.Y("_solid:Q", title=y_title, scale=y_scale, axis=axis))]
    for name, seg in (("line_start", start_seg), ("line_end", end_seg)):
        if seg:
            layers.append(chart.mark_line(strokeDash=[4, 3], opacity=0.7, invalid=invalid)
                          .transform_calculate(_segment=segment.format(name))
                          .encode(**enc, y=alt.Y("_segment:Q", scale=y_scale)))
    size = 30 if frame.height <= 400 else 0
    layers.append(chart.mark_point(filled=True, size=size).encode(
        **enc, y=y_axis,
        opacity=alt.condition("datum.partial", alt.value(0.35), alt.value(1.0))
        if has_partial else alt.value(1.0), tooltip=tips).transform_filter("!datum.thin"))
    if data["thin"].any():
        layers.append(chart.mark_point(filled=False, size=40, strokeWidth=1.2).encode(
            **enc, y=y_axis, tooltip=tips).transform_filter("datum.thin"))
    if multiples:
        columns = 3 if n_series <= 9 else 4
        panel = max(200, (max(width, MULTIPLES_WIDTH) - 30 * columns) // columns)
        if len(y_title) > 24:  # a long axis title does not fit beside a small panel
            layers = [layer.encode(y=alt.Y(layer.encoding.y.shorthand, title=None,
                                           scale=y_scale, axis=axis)) for layer in layers]
        return alt.layer(*layers).properties(width=panel, height=max(110, height // 2)).facet(
            facet=alt.Facet(f"{color}:N", sort=order, title=None,
                            header=alt.Header(labelFontSize=12, labelFontWeight="bold")),
            columns=columns)
    return alt.layer(*layers).properties(width=width, height=height)


def thin_note(frame: pl.DataFrame, base: str | None, what: str, *,
              minimum_base: float = 0) -> str:
    """A subtitle line when some periods are drawn hollow for their small base (else empty)."""
    if base is None or base not in frame.columns or frame.height == 0:
        return ""
    if not frame.select(thin_periods(frame, base, minimum=minimum_base))["thin"].any():
        return ""
    return (f"Hollow points: a period with few {what} (under a fifth of the usual), "
            "left off the line and out of the scale.")


def partial_note(frame: pl.DataFrame, period: str | None) -> str:
    """A subtitle line when a frame has partial periods (empty otherwise)."""
    if "partial" not in frame.columns or not frame["partial"].any():
        return ""
    period = period or infer_period(frame["period"])
    return (f"Dashed, faded ends: a {period} only partly covered by the articles "
            "(not a real fall or rise).")
