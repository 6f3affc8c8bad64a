"""Altair charts for actors: network, co-mention heatmap, mentions over time, partners.

Every builder takes the eager frame an analysis of :mod:`tassanalysis.actors`
returned (aggregated to a few hundred rows), and returns a chart with tooltips.

Examples
--------
>>> import polars as pl
>>> nodes = pl.DataFrame({"actor_id": ["a", "b"], "actor": ["A", "B"], "type": ["person"] * 2,
...     "mentions": [3, 2], "degree": [1, 1], "weighted_degree": [0.5, 0.5],
...     "betweenness": [0.0, 0.0], "community": [0, 0], "x": [0.0, 1.0], "y": [0.0, 1.0]})
>>> edges = pl.DataFrame({"actor_a": ["a"], "actor_b": ["b"], "weight": [0.5], "count": [2],
...     "x": [0.0], "y": [0.0], "x2": [1.0], "y2": [1.0]})
>>> spec = chart_network(nodes, edges).to_dict()
>>> [layer["mark"]["type"] for layer in spec["layer"]]
['rule', 'circle', 'text']
"""

from __future__ import annotations

import altair as alt
import polars as pl

from tassanalysis.charts._base import check_lazy
from tassanalysis.charts._base import eager as _eager

__all__ = [
    "chart_actor_mentions",
    "chart_co_mention_heatmap",
    "chart_network",
    "chart_partner_change",
    "chart_partners",
]

def chart_network(nodes: pl.DataFrame, edges: pl.DataFrame, *, title: str | None = None,
                  labels: int = 25, width: int = 620, height: int = 520) -> alt.LayerChart:
    """The actor network: nodes sized by mentions and coloured by community.

    Parameters
    ----------
    nodes, edges : polars.DataFrame
        From :func:`tassanalysis.actors.network.network_frames`.
    labels : int
        Label the most mentioned nodes only (the rest show a tooltip).

    Returns
    -------
    altair.LayerChart
        Edges (opacity and width by weight), nodes, labels.

    Examples
    --------
    >>> import networkx as nx
    >>> from tassanalysis.actors.network import _annotate, network_frames
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", weight=0.5, count=3)
    >>> _annotate(g, seed=1)
    >>> chart = chart_network(*network_frames(g))
    >>> chart.to_dict()["title"]
    'Actor network: 2 actors, 1 ties'
    """
    nodes, edges = _eager(nodes), _eager(edges)
    top = nodes.sort("mentions", descending=True).head(labels)["actor_id"].to_list()
    nodes = nodes.with_columns(
        pl.when(pl.col("actor_id").is_in(top)).then(pl.col("actor")).otherwise(pl.lit(""))
        .alias("label"), pl.col("community").cast(pl.String).alias("community"))
    axis = alt.Axis(title=None, labels=False, ticks=False, grid=False, domain=False)
    pad = 0.08
    xs = nodes["x"].to_list() or [0.0]
    ys = nodes["y"].to_list() or [0.0]
    x_scale = alt.Scale(domain=[min(xs) - pad, max(xs) + pad], nice=False)
    y_scale = alt.Scale(domain=[min(ys) - pad, max(ys) + pad], nice=False)
    edge_layer = alt.Chart(edges).mark_rule(color="#888").encode(
        x=alt.X("x:Q", scale=x_scale, axis=axis), y=alt.Y("y:Q", scale=y_scale, axis=axis),
        x2="x2:Q", y2="y2:Q",
        opacity=alt.Opacity("weight:Q", scale=alt.Scale(range=[0.15, 0.8]), legend=None),
        strokeWidth=alt.StrokeWidth("weight:Q", scale=alt.Scale(range=[0.5, 4]), legend=None),
        tooltip=["actor_a:N", "actor_b:N", alt.Tooltip("weight:Q", format=".3f"), "count:Q"])
    node_layer = alt.Chart(nodes).mark_circle(opacity=0.9, stroke="white", strokeWidth=1).encode(
        x=alt.X("x:Q", scale=x_scale, axis=axis), y=alt.Y("y:Q", scale=y_scale, axis=axis),
        size=alt.Size("mentions:Q", scale=alt.Scale(range=[40, 1200]), title="Mentions"),
        color=alt.Color("community:N", title="Community", scale=alt.Scale(scheme="tableau10")),
        tooltip=["actor:N", "type:N", "mentions:Q", "degree:Q",
                 alt.Tooltip("weighted_degree:Q", format=".2f"),
                 alt.Tooltip("betweenness:Q", format=".3f"), "community:N"])
    text_layer = alt.Chart(nodes).mark_text(dy=-12, fontSize=11).encode(
        x=alt.X("x:Q", scale=x_scale, axis=axis), y=alt.Y("y:Q", scale=y_scale, axis=axis),
        text="label:N")
    return alt.layer(edge_layer, node_layer, text_layer).properties(
        width=width, height=height,
        title=title or f"Actor network: {nodes.height} actors, {edges.height} ties"
    ).configure_view(strokeWidth=0)


def chart_co_mention_heatmap(co: pl.DataFrame, *, weight: str = "npmi", top: int = 20,
                             actors: pl.DataFrame | None = None, title: str | None = None,
                             size: int = 420) -> alt.Chart:
    """A heatmap of a weight between the ``top`` most mentioned actors (both halves).

    Parameters
    ----------
    co : polars.DataFrame
        From :func:`tassanalysis.actors.co_mentions` (``actor_a``, ``actor_b``,
        ``count``, ``count_a``, ``count_b`` and the weight column).
    weight : str, default "npmi"
        The weight coloured.
    top : int, default 20
        How many of the most mentioned actors are shown.
    actors : polars.DataFrame, optional
        ``actor_id, actor`` to show names instead of ids (``Gazetteer.actors``).
    title : str, optional
    size : int, default 420
        Width and height in pixels.

    Returns
    -------
    altair.Chart
        A cell per pair of actors (both halves), coloured by ``weight``.

    Examples
    --------
    >>> import polars as pl
    >>> co = pl.DataFrame({"actor_a": ["a"], "actor_b": ["b"], "count": [2], "count_a": [3],
    ...                    "count_b": [2], "npmi": [0.5]})
    >>> chart_co_mention_heatmap(co).to_dict()["mark"]["type"]
    'rect'
    """
    check_lazy(co)
    sizes = pl.concat([co.select(pl.col("actor_a").alias("a"), pl.col("count_a").alias("n")),
                       co.select(pl.col("actor_b").alias("a"), pl.col("count_b").alias("n"))]
                      ).unique("a").sort(["n", "a"], descending=[True, False]).head(top)
    keep = sizes["a"].to_list()
    sub = co.filter(pl.col("actor_a").is_in(keep) & pl.col("actor_b").is_in(keep))
    both = pl.concat([sub.select(pl.col("actor_a").alias("row"), pl.col("actor_b").alias("col"),
                                 "count", weight),
                      sub.select(pl.col("actor_b").alias("row"), pl.col("actor_a").alias("col"),
                                 "count", weight)])
    names = dict(zip(keep, keep, strict=True))
    if actors is not None:
        known = actors.filter(pl.col("actor_id").is_in(keep))
        names.update(zip(known["actor_id"], known["actor"], strict=True))
    both = both.with_columns(pl.col("row").replace_strict(names).alias("row"),
                             pl.col("col").replace_strict(names).alias("col"))
    order = [names[k] for k in keep]
    return alt.Chart(both).mark_rect().encode(
        x=alt.X("col:N", sort=order, title=None, axis=alt.Axis(labelAngle=-45)),
        y=alt.Y("row:N", sort=order, title=None),
        color=alt.Color(f"{weight}:Q", title=weight.upper() if len(weight) <= 4 else weight,
                        scale=alt.Scale(scheme="blues")),
        tooltip=["row:N", "col:N", "count:Q", alt.Tooltip(f"{weight}:Q", format=".3f")],
    ).properties(width=size, height=size, title=title or
                 f"Co-mentions of the {len(keep)} most mentioned actors ({weight})")


def chart_actor_mentions(frame: pl.DataFrame, *, value: str = "share",
                         title: str | None = None, width: int = 560, height: int = 240,
                         period: str | None = None, minimum_units: int = 5) -> alt.Chart:
    """Actors' mentions over time: one line, or small multiples beyond four actors.

    A period with no article is a gap; a period of fewer than ``minimum_units``
    units (or under a fifth of the usual) is a hollow point off the line and
    out of the scale, so one article naming an actor is not a 100% peak.

    Parameters
    ----------
    frame : polars.DataFrame
        ``period, actor, units, count`` (+ ``share`` = count / units): documents
        naming the actor per period beside the documents of the period.
    value : {"share", "count"}
    title : str, optional
    width, height : int
    period : str, optional
        The period counted by (inferred from the dates when None).
    minimum_units : int, default 5

    Returns
    -------
    altair.Chart
        A line per actor (a panel each beyond four), a point per period.

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import date
    >>> f = pl.DataFrame({"period": [date(2017, 1, 1)], "actor": ["A"], "count": [2],
    ...                   "units": [10], "share": [0.2]})
    >>> [layer["mark"]["type"] for layer in chart_actor_mentions(f).to_dict()["layer"]]
    ['line', 'point']
    """
    from tassanalysis.charts._base import thin_note, time_lines

    frame = _eager(frame)
    y_title = ("Share of the period's articles naming the actor" if value == "share"
               else "Articles naming the actor")
    who = "actor" if "actor" in frame.columns else "actor_id"
    order = (frame.group_by(who).agg(pl.col("count").sum())
             .sort(["count", who], descending=[True, False])[who].to_list())
    tooltip = [f"{who}:N", alt.Tooltip("period:T"), alt.Tooltip("count:Q", format=","),
               alt.Tooltip("share:Q", format=".1%")]
    chart = time_lines(frame.select("period", who, "count", "units", "share"), y=value,
                       y_title=y_title, color=who, tooltip=tooltip, period=period, width=width,
                       height=height, sort=order, base="units", base_title="units in the period",
                       minimum_base=minimum_units, y_format="%" if value == "share" else "d")
    note = thin_note(frame, "units", "articles", minimum_base=minimum_units)
    return chart.properties(title=alt.TitleParams(title or "Mentions over time",
                                                  subtitle=[note] if note else []))


def chart_partners(frame: pl.DataFrame, *, weight: str = "npmi", title: str | None = None,
                   width: int = 560) -> alt.Chart:
    """A focus actor's top partners, per period when the frame has one (a heat grid).

    Parameters
    ----------
    frame : polars.DataFrame
        From :func:`tassanalysis.actors.comention.partners` (``partner``, ``weight``,
        and ``period`` or a group column such as ``source``).
    weight : str, default "npmi"
    title : str, optional
    width : int, default 560

    Returns
    -------
    altair.Chart
        Bars of the partners' weights, or a grid of partner × period (or group).

    Examples
    --------
    >>> import polars as pl
    >>> f = pl.DataFrame({"focus": ["a"], "partner": ["b"], "rank": [1], "count": [2],
    ...                   "npmi": [0.4]})
    >>> chart_partners(f).to_dict()["mark"]["type"]
    'bar'
    """
    frame = _eager(frame)
    focus = frame["focus"][0] if frame.height else ""
    across = next((c for c in ("period", "source", "outlet") if c in frame.columns), None)
    tooltip = ["partner:N", "count:Q", alt.Tooltip(f"{weight}:Q", format=".3f")]
    if across is None:
        return alt.Chart(frame).mark_bar().encode(
            x=alt.X(f"{weight}:Q", title=weight),
            y=alt.Y("partner:N", sort="-x", title=None),
            tooltip=tooltip,
        ).properties(width=width, title=title or f"Partners of {focus} by {weight}")
    if across == "period":
        frame = frame.with_columns(pl.col("period").cast(pl.String))
    order = (frame.group_by("partner").agg(pl.col(weight).max()).sort(weight, descending=True)
             ["partner"].to_list())
    return alt.Chart(frame).mark_rect().encode(
        x=alt.X(f"{across}:O", title=None, axis=alt.Axis(labelAngle=-45)),
        y=alt.Y("partner:N", sort=order, title=None),
        color=alt.Color(f"{weight}:Q", scale=alt.Scale(scheme="oranges"), title=weight),
        tooltip=[*tooltip, f"{across}:O", "rank:Q"],
    ).properties(width=width, title=title or f"Top partners of {focus} by {across} ({weight})")


def chart_partner_change(frame: pl.DataFrame, *, title: str | None = None,
                         width: int = 420) -> alt.Chart:
    """Partners whose association with the focus actor rose or fell most.

    Bars: the log2 ratio of the share of the focus actor's articles that name the
    partner, after vs before; opaque when p < 0.05.

    Parameters
    ----------
    frame : polars.DataFrame
        From :func:`tassanalysis.actors.partner_change`.
    title : str, optional
    width : int, default 420

    Returns
    -------
    altair.Chart
        A bar per partner, coloured by direction.

    Examples
    --------
    >>> import polars as pl
    >>> f = pl.DataFrame({"partner": ["b"], "log_ratio": [1.0], "g2": [5.0], "p_value": [0.02],
    ...     "count_before": [1], "count_after": [4], "share_before": [0.1],
    ...     "share_after": [0.4], "direction": ["rose"]})
    >>> chart_partner_change(f).to_dict()["mark"]["type"]
    'bar'
    """
    frame = _eager(frame).with_columns((pl.col("p_value") < 0.05).alias("significant"))
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("log_ratio:Q", title="log2(share after / share before)"),
        y=alt.Y("partner:N", sort="-x", title=None),
        color=alt.Color("direction:N", scale=alt.Scale(domain=["rose", "fell"],
                                                       range=["#d95f02", "#1b9e77"]),
                        title=None),
        opacity=alt.condition("datum.significant", alt.value(1.0), alt.value(0.35)),
        tooltip=["partner:N", "count_before:Q", alt.Tooltip("share_before:Q", format=".1%"),
                 "count_after:Q", alt.Tooltip("share_after:Q", format=".1%"),
                 alt.Tooltip("g2:Q", format=".2f"), alt.Tooltip("p_value:Q", format=".3g")],
    ).properties(width=width, title=title or "Partners that rose or fell (faded: p ≥ 0.05)")
