"""Altair charts for topic trends, emerging terms, learned topics and change points.

Every builder takes the eager frame an analysis of :mod:`tassanalysis.topics`
returned and says in its title what was counted. Periods without any article
are drawn as gaps in the lines (their share is unknown, not zero); periods with
few articles are drawn hollow.

Examples
--------
>>> import polars as pl, datetime as dt
>>> t = pl.DataFrame({"period": [dt.date(2025, 1, 1), dt.date(2025, 2, 1)], "topic": "x",
...                   "label": "X", "articles": [1, 2], "period_articles": [10, 10],
...                   "share": [0.1, 0.2], "ci_low": [0.0, 0.05], "ci_high": [0.4, 0.5],
...                   "low_count": [True, True]})
>>> chart_topic_shares(t).to_dict()["layer"][0]["mark"]["type"]
'area'
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import polars as pl

from tassanalysis.charts._base import eager

__all__ = [
    "chart_change_points",
    "chart_emerging_terms",
    "chart_learned_topics",
    "chart_topic_area",
    "chart_topic_heatmap",
    "chart_topic_panels",
    "chart_topic_shares",
]


def _eager(frame: pl.DataFrame) -> pl.DataFrame:
    return eager(frame, "choose fewer topics or a longer period")


def _named(frame: pl.DataFrame) -> tuple[pl.DataFrame, str]:
    """Add ``name`` (label, or topic/term) for legends."""
    col = "topic" if "topic" in frame.columns else "term"
    name = pl.col("label") if "label" in frame.columns else pl.col(col)
    return frame.with_columns(name=name.fill_null(pl.col(col))), col


def _top_names(frame: pl.DataFrame, top: int | None) -> list[str]:
    order = (frame.group_by("name").agg(pl.col("share").mean())
             .sort(["share", "name"], descending=[True, False])["name"].to_list())
    return order[:top] if top else order


def _named_in(names: list[str]) -> pl.Expr:
    return pl.col("name").is_in(pl.Series(names, dtype=pl.String).implode())


def _top_topics(trends: pl.DataFrame, top: int | None) -> tuple[pl.DataFrame, str, list[str]]:
    """The rows of the ``top`` topics by mean share, named; the topic column; their names."""
    frame, col = _named(_eager(trends))
    names = _top_names(frame, top)
    return frame.filter(_named_in(names)), col, names


def _what(frame: pl.DataFrame) -> str:
    return "share of words" if "period_tokens" in frame.columns else "share of articles"


def _titled(title: str, frame: pl.DataFrame, *, notes: Sequence[str] = ()) -> alt.TitleParams:
    """A chart title with the counting rule (the ``rule`` column) and ``notes`` as its
    subtitle lines (a subtitle wraps where one long title would run off the chart)."""
    rules = frame["rule"].unique().drop_nulls().to_list() if "rule" in frame.columns else []
    lines = ([f"An article counts for a topic by the rule — {'; '.join(rules)}"]
             if rules else []) + [*notes]
    return alt.TitleParams(title, subtitle=lines) if lines else alt.TitleParams(title)


def chart_topic_panels(trends: pl.DataFrame, *, top: int | None = None,
                       changes: pl.DataFrame | None = None, columns: int = 3,
                       width: int = 210, height: int = 110,
                       title: str | None = None) -> alt.Chart:
    """Small multiples: one panel per topic on a shared time axis, its band and shifts.

    Each panel has its own share scale, set by the periods with enough articles: a
    period flagged ``low_count`` is drawn as a hollow point, outside the line and the
    band, and cut at the top of the panel's scale when its share is higher (its
    tooltip gives the true share), so one article making a topic 100 % never flattens
    the rest. Periods without articles are gaps. The counting rule (the ``rule``
    column) is printed under the title.

    Parameters
    ----------
    trends : polars.DataFrame
        Output of ``topic_trends`` (without ``by``).
    top : int or None
        The topics with the largest mean share drawn; None for all.
    changes : polars.DataFrame, optional
        Output of ``change_points``: a dashed rule in the topic's panel.
    columns : int, default 3
        Panels per row.
    width, height : int
        Size of one panel in pixels.
    title : str, optional

    Returns
    -------
    altair.FacetChart

    Examples
    --------
    >>> import polars as pl, datetime as dt
    >>> t = pl.DataFrame({"period": [dt.date(2025, m, 1) for m in (1, 2, 3)] * 2,
    ...                   "topic": ["x"] * 3 + ["y"] * 3, "label": ["X"] * 3 + ["Y"] * 3,
    ...                   "articles": [2, 3, 1, 0, 1, 1], "period_articles": [40, 50, 1] * 2,
    ...                   "share": [0.05, 0.06, 1.0, 0.0, 0.02, 1.0],
    ...                   "ci_low": [0.01, 0.02, 0.2, 0.0, 0.0, 0.2],
    ...                   "ci_high": [0.16, 0.16, 1.0, 0.09, 0.1, 1.0],
    ...                   "low_count": [False, False, True] * 2})
    >>> spec = chart_topic_panels(t).to_dict()
    >>> spec["facet"]["field"], spec["resolve"]["scale"]["y"]
    ('name', 'independent')
    """
    frame, col, names = _top_topics(trends, top)
    if "by" in frame.columns:
        raise ValueError("one panel per topic needs trends without a 'by' column")
    has = pl.col("period_articles") > 0
    solid = has & ~pl.col("low_count")
    # The panel's scale: the highest interval bound of its solid periods.
    frame = frame.with_columns(
        top_=pl.when(solid).then(pl.col("ci_high")).max().over("name").fill_null(1.0))
    frame = frame.with_columns(
        share_solid=pl.when(solid).then(pl.col("share")),
        lo=pl.when(solid).then(pl.col("ci_low")),
        hi=pl.when(solid).then(pl.col("ci_high")),
        share_few=pl.when(has & pl.col("low_count"))
        .then(pl.min_horizontal(pl.col("share"), pl.col("top_"))),
        cut=pl.when(has & pl.col("low_count") & (pl.col("share") > pl.col("top_")))
        .then(pl.lit("above the scale")).otherwise(pl.lit("")),
        kind=pl.lit("share"))
    rows = frame.select("name", "period", "share", "share_solid", "lo", "hi", "share_few", "cut",
                        "articles", "period_articles", "kind")
    n_changes = 0
    if changes is not None and changes.height:
        ch = (changes.join(frame.select(col, "name").unique(), on=col, how="inner")
              if "name" not in changes.columns else _named(changes)[0])
        ch = ch.filter(_named_in(names))
        n_changes = ch.height
        if n_changes:
            rows = pl.concat([rows, ch.select("name", pl.col("period").cast(rows["period"].dtype),
                                              kind=pl.lit("change"),
                                              before=pl.col("before"), after=pl.col("after"))],
                             how="diagonal_relaxed")
    tip = [alt.Tooltip("name:N", title=col), alt.Tooltip("period:T", title="period"),
           alt.Tooltip("share:Q", format=".1%"), alt.Tooltip("articles:Q", format=","),
           alt.Tooltip("period_articles:Q", format=",", title="articles in period")]
    x = alt.X("period:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=-40,
                                                     tickCount=5))
    y = alt.Y("share_solid:Q", title=None, axis=alt.Axis(format="%", tickCount=4))
    base = alt.Chart().encode(x=x)
    shares = base.transform_filter(alt.datum.kind == "share")
    band = shares.mark_area(opacity=0.2, color="#4c78a8").encode(
        y=alt.Y("hi:Q", title=None, axis=alt.Axis(format="%", tickCount=4)), y2="lo:Q")
    line = shares.mark_line(color="#4c78a8", point=alt.OverlayMarkDef(filled=True, size=18)
                            ).encode(y=y, tooltip=tip)
    few = shares.mark_point(shape="circle", filled=False, color="#4c78a8", size=30).encode(
        y=alt.Y("share_few:Q"),
        tooltip=[*tip, alt.Tooltip("cut:N", title="note")])
    layers = [band, line, few]
    if n_changes:
        layers.append(base.transform_filter(alt.datum.kind == "change").mark_rule(
            strokeDash=[4, 3], color="#c0392b").encode(
            tooltip=[alt.Tooltip("name:N", title=col), alt.Tooltip("period:T", title="shift from"),
                     alt.Tooltip("before:Q", format=".1%"), alt.Tooltip("after:Q", format=".1%")]))
    default = f"{_what(frame).capitalize()} per period, one panel per topic, with 95% Wilson intervals"
    notes = ["Hollow: a period with few articles, left out of the line, the band and the scale"
             + ("; dashed: a change point." if n_changes else ".")]
    chart = alt.layer(*layers, data=rows).properties(width=width, height=height).facet(
        facet=alt.Facet("name:N", sort=names, title=None,
                        header=alt.Header(labelFontSize=12, labelFontWeight="bold")),
        columns=columns)
    return chart.resolve_scale(y="independent").properties(
        title=_titled(title or default, trends, notes=notes))


def chart_topic_shares(trends: pl.DataFrame, *, top: int | None = 8, title: str | None = None,
                       changes: pl.DataFrame | None = None, width: int = 560,
                       facet: str | None = None) -> alt.Chart:
    """Lines of topic shares per period with Wilson interval bands.

    Parameters
    ----------
    trends : polars.DataFrame
        Output of ``topic_trends`` or ``term_trends``.
    top : int or None, default 8
        Topics drawn (largest mean share first).
    changes : polars.DataFrame, optional
        Output of ``change_points``: drawn as vertical rules with a tooltip (in a
        single panel; not with ``facet``).
    facet : str, optional
        A ``by`` column of the trends: one panel per value.

    Returns
    -------
    altair.Chart
        A line, a point per period and an interval band for each topic.

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import datetime, timezone
    >>> from tassanalysis.topics import topic_trends
    >>> c = pl.DataFrame({"published_at": [datetime(2017, m, 5, tzinfo=timezone.utc)
    ...                                    for m in (1, 2, 3)],
    ...                   "title": ["Syria talks", "Oil prices", "Syria oil deal"]})
    >>> trends = topic_trends(c, {"syria": ["syria"], "oil": ["oil"]}, text="title")
    >>> "area" in str(chart_topic_shares(trends).to_dict())  # the interval band
    True
    """
    frame, col, names = _top_topics(trends, top)
    # A period without articles has no share: leave a gap.
    frame = frame.with_columns(
        share=pl.when(pl.col("period_articles") > 0).then(pl.col("share")),
        ci_low=pl.when(pl.col("period_articles") > 0).then(pl.col("ci_low")),
        ci_high=pl.when(pl.col("period_articles") > 0).then(pl.col("ci_high")),
        few=pl.when(pl.col("low_count")).then(pl.lit("few articles")).otherwise(pl.lit("")))
    color = alt.Color("name:N", sort=names, title=col)
    tooltip = [alt.Tooltip("name:N", title=col), alt.Tooltip("period:T", title="period"),
               alt.Tooltip("share:Q", format=".1%"),
               alt.Tooltip("ci_low:Q", format=".1%", title="95% low"),
               alt.Tooltip("ci_high:Q", format=".1%", title="95% high"),
               alt.Tooltip("articles:Q", format=","),
               alt.Tooltip("period_articles:Q", format=",", title="articles in period"),
               alt.Tooltip("few:N", title="note")]
    if facet:
        tooltip.insert(0, alt.Tooltip(f"{facet}:N"))
    base = alt.Chart(frame).encode(x=alt.X("period:T", title=None), color=color)
    band = base.mark_area(opacity=0.15).encode(y=alt.Y("ci_low:Q", title=_what(frame),
                                                       axis=alt.Axis(format="%")),
                                               y2="ci_high:Q")
    line = base.mark_line(point=alt.OverlayMarkDef(filled=True, size=30)).encode(
        y="share:Q", tooltip=tooltip)
    hollow = base.transform_filter(alt.datum.low_count).mark_point(
        filled=True, fill="white", size=40).encode(y="share:Q", tooltip=tooltip)
    layers = [band, line, hollow]
    if changes is not None and changes.height and not facet:  # rules: single panel only
        # the rules take the names the lines have (labels where the trends carry them)
        ch = (changes.join(frame.select(col, "name").unique(), on=col, how="inner")
              if "name" not in changes.columns else _named(changes)[0])
        ch = ch.filter(_named_in(names))
        if ch.height:
            layers.append(alt.Chart(ch).mark_rule(strokeDash=[4, 3], size=1.5).encode(
                x="period:T", color=alt.Color("name:N", sort=names, title=col),
                tooltip=[alt.Tooltip("name:N", title=col),
                         alt.Tooltip("period:T", title="shift from"),
                         alt.Tooltip("before:Q", format=".1%"),
                         alt.Tooltip("after:Q", format=".1%")]))
    chart = alt.layer(*layers).properties(width=width, height=280)
    default = (f"Share of {'articles' if _what(frame).endswith('articles') else 'words'} "
               "per period, with 95% Wilson intervals (hollow points: few articles"
               + ("; dashed rules: change points" if len(layers) > 3 else "") + ")")
    if facet:
        return chart.facet(row=alt.Row(f"{facet}:N"), title=_titled(title or default, trends))
    return chart.properties(title=_titled(title or default, trends))


def chart_topic_area(trends: pl.DataFrame, *, top: int | None = 10, title: str | None = None,
                     width: int = 560) -> alt.Chart:
    """Stacked areas of topic article counts per period (a topic mix; an article with
    two topics counts in both).

    Parameters
    ----------
    trends : polars.DataFrame
        From :func:`tassanalysis.topics.topic_trends`.
    top : int or None, default 10
        The topics with most articles drawn; None for all.
    title : str, optional
    width : int, default 560

    Returns
    -------
    altair.Chart
        One stacked area per topic.

    Examples
    --------
    >>> from tassanalysis import datasets
    >>> from tassanalysis.topics import topic_trends
    >>> trends = topic_trends(datasets.load_sample(), {"syria": ["syria"], "oil": ["oil"]})
    >>> chart_topic_area(trends).to_dict()["mark"]["type"]
    'area'
    """
    frame, col, names = _top_topics(trends, top)
    return alt.Chart(frame).mark_area().encode(
        x=alt.X("period:T", title=None),
        y=alt.Y("articles:Q", stack="zero", title="articles with the topic"),
        color=alt.Color("name:N", sort=names, title=col),
        order=alt.Order("name:N"),
        tooltip=[alt.Tooltip("name:N", title=col), alt.Tooltip("period:T"),
                 alt.Tooltip("articles:Q", format=","), alt.Tooltip("share:Q", format=".1%"),
                 alt.Tooltip("period_articles:Q", format=",", title="articles in period")],
    ).properties(width=width, height=260,
                 title=_titled(title or "Articles per topic and period (stacked; an article "
                                        "may carry several topics)", trends))


def chart_topic_heatmap(trends: pl.DataFrame, *, title: str | None = None,
                        width: int = 560) -> alt.Chart:
    """Topic × period heatmap of shares; empty periods are left blank.

    Parameters
    ----------
    trends : polars.DataFrame
        From :func:`tassanalysis.topics.topic_trends`.
    title : str, optional
    width : int, default 560

    Returns
    -------
    altair.Chart
        A cell per topic and period, darker for a larger share.

    Examples
    --------
    >>> from tassanalysis import datasets
    >>> from tassanalysis.topics import topic_trends
    >>> trends = topic_trends(datasets.load_sample(), {"sanctions": ["sanctions"]}, period="year")
    >>> chart_topic_heatmap(trends).to_dict()["mark"]["type"]
    'rect'
    """
    frame, col = _named(_eager(trends))
    names = _top_names(frame, None)
    frame = frame.filter(pl.col("period_articles") > 0)
    return alt.Chart(frame).mark_rect().encode(
        x=alt.X("period:O", title=None, timeUnit="yearmonthdate",
                axis=alt.Axis(format="%Y-%m-%d", labelAngle=-45)),
        y=alt.Y("name:N", sort=names, title=None),
        color=alt.Color("share:Q", title=_what(frame), scale=alt.Scale(scheme="blues"),
                        legend=alt.Legend(format="%")),
        tooltip=[alt.Tooltip("name:N", title=col), alt.Tooltip("period:T"),
                 alt.Tooltip("share:Q", format=".1%"), alt.Tooltip("articles:Q", format=","),
                 alt.Tooltip("period_articles:Q", format=",", title="articles in period")],
    ).properties(width=width, title=_titled(
        title or f"{_what(frame).capitalize()} by topic and period", trends))


def chart_emerging_terms(emerging: pl.DataFrame, history: pl.DataFrame | None = None, *,
                         title: str | None = None, width: int = 260) -> alt.Chart:
    """Bars of the emerging (or falling) terms' log ratios, with sparklines of their shares.

    Parameters
    ----------
    emerging : polars.DataFrame
        Output of ``emerging_terms``.
    history : polars.DataFrame, optional
        ``term_trends`` of the same terms: drawn as a small line per term.
    title : str, optional
    width : int, default 260
        Width of the bars in pixels.

    Returns
    -------
    altair.Chart
        The bars, beside a sparkline per term when ``history`` is given.

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import datetime, timezone
    >>> from tassanalysis.topics import emerging_terms
    >>> c = pl.DataFrame({"published_at": [datetime(2017, m, d, tzinfo=timezone.utc)
    ...                                    for m in (1, 2) for d in range(1, 21)],
    ...                   "title": ["Budget talks"] * 20 + ["Greenland talks"] * 20})
    >>> e = emerging_terms(c, text="title", baseline=1, min_count=5)
    >>> e["term"].to_list()
    ['greenland']
    >>> "bar" in str(chart_emerging_terms(e).to_dict())
    True
    """
    frame = _eager(emerging)
    order = frame["term"].to_list()
    when = frame["target"][0] if frame.height else None
    bars = alt.Chart(frame).mark_bar().encode(
        y=alt.Y("term:N", sort=order, title=None),
        x=alt.X("log_ratio:Q", title="log2 ratio: target vs baseline"),
        color=alt.condition(alt.datum.log_ratio > 0, alt.value("#c0392b"), alt.value("#2e86c1")),
        tooltip=["term", alt.Tooltip("count_target:Q", title="in target"),
                 alt.Tooltip("count_baseline:Q", title="in baseline"),
                 alt.Tooltip("rate_target:Q", format=".2f", title="per 1,000 (target)"),
                 alt.Tooltip("rate_baseline:Q", format=".2f", title="per 1,000 (baseline)"),
                 alt.Tooltip("g2:Q", format=".1f")],
    ).properties(width=width, height=alt.Step(18))
    default = (f"Terms that changed most in the period of {when} against the periods before"
               if when else "Emerging terms")
    if history is None or not history.height:
        return bars.properties(title=title or default)
    hist = _eager(history.filter(pl.col("term").is_in(pl.Series(order, dtype=pl.String)
                                                      .implode())))
    if "period_articles" in hist.columns:  # no articles: a gap, not a zero
        hist = hist.with_columns(share=pl.when(pl.col("period_articles") > 0)
                                 .then(pl.col("share")))
    spark = alt.Chart(hist).mark_line(point=alt.OverlayMarkDef(size=12)).encode(
        x=alt.X("period:T", title="share per period", axis=alt.Axis(format="%b %y")),
        y=alt.Y("share:Q", title=None, axis=None, scale=alt.Scale(zero=True)),
        tooltip=["term", alt.Tooltip("period:T"), alt.Tooltip("share:Q", format=".2%"),
                 alt.Tooltip("articles:Q", format=",")],
    ).properties(width=180, height=18).facet(
        row=alt.Row("term:N", sort=order, title=None, header=alt.Header(labelAngle=0,
                                                                         labelAlign="left")),
        spacing=0)
    return alt.hconcat(bars, spark).properties(title=title or default)


def chart_learned_topics(model_or_terms, *, top: int = 8, title: str | None = None,
                         columns: int = 4) -> alt.Chart:
    """Top terms of each learned topic, one small bar chart per topic.

    ``model_or_terms`` is a fitted ``LearnedTopics`` or its ``topic_terms()`` frame.

    Parameters
    ----------
    model_or_terms : LearnedTopics or polars.DataFrame
        A fitted model (:func:`tassanalysis.topics.fit_topics`) or its
        ``topic_terms()`` frame.
    top : int, default 8
        Terms shown per topic.
    title : str, optional
    columns : int, default 4
        Small charts per row.

    Returns
    -------
    altair.Chart
        Bars of term weights, one panel per topic.

    Examples
    --------
    >>> import polars as pl
    >>> t = pl.DataFrame({"topic": [0, 0], "label": ["oil, gas", "oil, gas"],
    ...                   "term": ["oil", "gas"], "weight": [0.9, 0.5], "rank": [1, 2]})
    >>> "bar" in str(chart_learned_topics(t).to_dict())
    True
    """
    frame = (model_or_terms.topic_terms(top) if hasattr(model_or_terms, "topic_terms")
             else model_or_terms.filter(pl.col("rank") <= top))
    frame = _eager(frame)
    return alt.Chart(frame).mark_bar().encode(
        y=alt.Y("term:N", sort=alt.EncodingSortField("weight", order="descending"), title=None),
        x=alt.X("weight:Q", title=None, axis=None),
        tooltip=["topic", "term", alt.Tooltip("weight:Q", format=".3f")],
    ).properties(width=110, height=alt.Step(12)).facet(
        facet=alt.Facet("topic:N", title=None), columns=columns
    ).resolve_scale(y="independent", x="independent").properties(
        title=title or "Learned topics: their heaviest terms")


def chart_change_points(trends: pl.DataFrame, changes: pl.DataFrame, *,
                        topics: Sequence[str] | None = None, title: str | None = None,
                        width: int = 560) -> alt.Chart:
    """Shares of the topics with change points, the shifts marked as rules.

    Parameters
    ----------
    trends : polars.DataFrame
        From :func:`tassanalysis.topics.topic_trends`.
    changes : polars.DataFrame
        From :func:`tassanalysis.topics.change_points` on the same trends.
    topics : sequence of str, optional
        The topics drawn; default those with a change point.
    title : str, optional
    width : int, default 560

    Returns
    -------
    altair.Chart
        :func:`chart_topic_shares` of those topics, a dashed rule at each shift.

    Examples
    --------
    >>> from tassanalysis import datasets
    >>> from tassanalysis.topics import change_points, topic_trends
    >>> trends = topic_trends(datasets.load_sample(), {"syria": ["syria"], "oil": ["oil"]})
    >>> chart = chart_change_points(trends, change_points(trends))
    >>> [layer["mark"]["type"] for layer in chart.to_dict()["layer"]]
    ['area', 'line', 'point', 'rule']
    """
    col = "topic" if "topic" in trends.columns else "term"
    wanted = list(topics) if topics else changes[col].unique(maintain_order=True).to_list()
    sub = trends.filter(pl.col(col).is_in(pl.Series(wanted, dtype=pl.String).implode()))
    return chart_topic_shares(sub, top=None, changes=changes, width=width,
                              title=title or "Topics whose share shifted (dashed rule: the "
                                             "first period at the new level)")
