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
['rule', 'circle', 'text', 'text']
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

NO_CLAIM = "no claim (see reason)"  # the legend entry of a partner change without a direction

_LABEL_SPOTS = {  # where a node's label may go: the text mark's anchor there
    "above": {"baseline": "bottom", "align": "center"},
    "below": {"baseline": "top", "align": "center"},
    "right": {"baseline": "middle", "align": "left"},
    "left": {"baseline": "middle", "align": "right"},
}


def place_labels(nodes: pl.DataFrame, *, width: int, height: int, labels: int = 25,
                 font_size: int = 11, pad: float = 0.08) -> pl.DataFrame:
    """Put each node's label where it overlaps no other label and no other node.

    The most mentioned nodes are placed first, each above, below, right or left
    of its circle, whichever spot is free; a node with no free spot (or beyond
    the ``labels`` most mentioned) gets ``spot`` null and is listed under the chart.

    Returns
    -------
    polars.DataFrame
        ``nodes`` with ``spot`` (``above`` … ``left`` or null) and ``label``.

    Examples
    --------
    >>> f = pl.DataFrame({"actor_id": ["a", "b"], "actor": ["Alpha", "Beta"], "mentions": [5, 4],
    ...                   "x": [0.0, 0.001], "y": [0.0, 0.0]})
    >>> place_labels(f, width=400, height=300)["spot"].to_list()
    ['above', 'right']
    """
    import math

    if nodes.height == 0:
        return nodes.with_columns(spot=pl.lit(None, pl.String), label=pl.lit("", pl.String))
    xs, ys = nodes["x"].to_list(), nodes["y"].to_list()
    x0, x1 = min(xs) - pad, max(xs) + pad
    y0, y1 = min(ys) - pad, max(ys) + pad
    top = max(nodes["mentions"].max() or 1, 1)

    def pixel(x: float, y: float) -> tuple[float, float]:
        return ((x - x0) / ((x1 - x0) or 1) * width, (y1 - y) / ((y1 - y0) or 1) * height)

    def data(px: float, py: float) -> tuple[float, float]:
        return (x0 + px / width * ((x1 - x0) or 1), y1 - py / height * ((y1 - y0) or 1))

    circles = []
    for row in nodes.iter_rows(named=True):
        area = 40 + (1200 - 40) * row["mentions"] / top  # the chart's size scale
        circles.append((*pixel(row["x"], row["y"]), math.sqrt(area / math.pi)))
    boxes: list[tuple[float, float, float, float]] = []

    def free(box: tuple[float, float, float, float], own: int, nodes_too: bool = True) -> bool:
        left, top_, right, bottom = box
        if left < 0 or right > width or top_ < 0 or bottom > height:
            return False
        for other in boxes:
            if left < other[2] and other[0] < right and top_ < other[3] and other[1] < bottom:
                return False
        for i, (cx, cy, r) in enumerate(circles if nodes_too else ()):
            if i != own and left - r < cx < right + r and top_ - r < cy < bottom + r:
                return False
        return True

    order = nodes.with_row_index("_i").sort("mentions", descending=True)["_i"].to_list()
    spots: list[str | None] = [None] * nodes.height
    anchors: list[tuple[float | None, float | None]] = [(None, None)] * nodes.height
    names = nodes["actor"].to_list()
    def place(i: int, nodes_too: bool) -> None:
        cx, cy, r = circles[i]
        w, h = 0.6 * font_size * len(names[i] or "") + 2, font_size + 2
        for spot, box, anchor in (
                ("above", (cx - w / 2, cy - r - h, cx + w / 2, cy - r), (cx, cy - r)),
                ("below", (cx - w / 2, cy + r, cx + w / 2, cy + r + h), (cx, cy + r)),
                ("right", (cx + r + 2, cy - h / 2, cx + r + 2 + w, cy + h / 2), (cx + r + 2, cy)),
                ("left", (cx - r - 2 - w, cy - h / 2, cx - r - 2, cy + h / 2), (cx - r - 2, cy))):
            if spot in ("above", "below"):  # slide along the edge rather than fall off it
                shift = max(0.0, -box[0]) - max(0.0, box[2] - width)
                box = (box[0] + shift, box[1], box[2] + shift, box[3])
                anchor = (anchor[0] + shift, anchor[1])
            if free(box, i, nodes_too):
                boxes.append(box)
                spots[i] = spot
                anchors[i] = data(*anchor)
                return

    # first spots clear of every label and node; then, for the rest, clear of labels only
    for i in order[:labels]:
        place(i, True)
    for i in order[:labels]:
        if spots[i] is None:
            place(i, False)
    placed = nodes.with_columns(spot=pl.Series(spots, dtype=pl.String),
                                label_x=pl.Series([a[0] for a in anchors], dtype=pl.Float64),
                                label_y=pl.Series([a[1] for a in anchors], dtype=pl.Float64))
    return placed.with_columns(label=pl.when(pl.col("spot").is_not_null())
                               .then(pl.col("actor")).otherwise(pl.lit("")))


def chart_network(nodes: pl.DataFrame, edges: pl.DataFrame, *, title: str | None = None,
                  labels: int = 25, width: int = 620, height: int = 520) -> alt.LayerChart:
    """The actor network: nodes sized by mentions and coloured by community.

    Every node is labelled where its label overlaps no other label or node
    (:func:`place_labels`); the nodes left unlabelled are named in the subtitle.

    Parameters
    ----------
    nodes, edges : polars.DataFrame
        From :func:`tassanalysis.actors.network.network_frames`.
    labels : int
        Label at most this many of the most mentioned nodes (the rest are listed).

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
    >>> chart.to_dict()["title"]["text"]
    'Actor network: 2 actors, 1 ties'
    """
    nodes, edges = _eager(nodes), _eager(edges)
    nodes = place_labels(nodes, width=width, height=height, labels=labels).with_columns(
        pl.col("community").cast(pl.String).alias("community"))
    unlabelled = nodes.filter(pl.col("spot").is_null()).sort("mentions", descending=True)
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
    layers = [edge_layer, node_layer]
    base = alt.Chart(nodes)
    for spot, options in _LABEL_SPOTS.items():
        if not (nodes["spot"] == spot).any():
            continue
        for halo in ({"stroke": "white", "strokeWidth": 3, "opacity": 0.85}, {}):
            layers.append(base.mark_text(fontSize=11, **options, **halo).encode(
                x=alt.X("label_x:Q", scale=x_scale, axis=axis),
                y=alt.Y("label_y:Q", scale=y_scale, axis=axis), text="label:N")
                .transform_filter(f"datum.spot === '{spot}'"))
    subtitle = []
    if unlabelled.height:
        names = ", ".join(unlabelled["actor"].to_list())
        subtitle = [f"Not labelled (no room): {names}"] if len(names) < 220 else [
            f"{unlabelled.height} nodes not labelled (no room); the table below lists every node"]
    return alt.layer(*layers).properties(
        width=width, height=height,
        title=alt.TitleParams(title or f"Actor network: {nodes.height} actors, "
                              f"{edges.height} ties", subtitle=subtitle)
    ).configure_view(strokeWidth=0)


def chart_co_mention_heatmap(co: pl.DataFrame, *, weight: str = "npmi", top: int = 20,
                             actors: pl.DataFrame | None = None, title: str | None = None,
                             size: int = 420) -> alt.Chart:
    """A heatmap of a weight between the ``top`` most mentioned actors (both halves).

    Axis labels are the actors' whole names, never cut short.

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
    # Vega cuts labels at 180 px by default ("Pentagon (US Department of Def…"): a
    # reader must see whole names, so the axes never cut them (labelLimit 0).
    return alt.Chart(both).mark_rect().encode(
        x=alt.X("col:N", sort=order, title=None, axis=alt.Axis(labelAngle=-45, labelLimit=0)),
        y=alt.Y("row:N", sort=order, title=None, axis=alt.Axis(labelLimit=0)),
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
    partner, after vs before, coloured by the direction claimed (only where the
    change is significant and both windows hold enough units). A partner without
    a direction (too little data to claim one; ``reason`` says why) is drawn grey,
    under "no claim (see reason)"; one without a ratio (a window holds no unit
    naming the focus) is named under the title instead of drawn.

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
    >>> f = pl.DataFrame({"partner": ["b", "c"], "log_ratio": [1.0, 0.4], "g2": [5.0, 0.2],
    ...     "p_value": [0.02, 0.6], "count_before": [1, 0], "count_after": [4, 1],
    ...     "share_before": [0.1, 0.0], "share_after": [0.4, 0.1],
    ...     "direction": ["rose", None], "reason": [None, "too few focus articles after"]})
    >>> spec = chart_partner_change(f).to_dict()
    >>> spec["mark"]["type"], spec["encoding"]["color"]["scale"]["domain"]
    ('bar', ['rose', 'fell', 'no claim (see reason)'])
    """
    frame = _eager(frame).with_columns(pl.col("direction").fill_null(NO_CLAIM))
    if "reason" not in frame.columns:
        frame = frame.with_columns(reason=pl.lit(None, pl.String))
    # a window without the focus gives no share, so no ratio: such partners are named,
    # not drawn
    unmeasured = frame.filter(pl.col("log_ratio").is_null())["partner"].cast(pl.String)
    frame = frame.filter(pl.col("log_ratio").is_not_null())
    heading = title or "Partners that rose or fell (grey: no claim, see reason)"
    if len(unmeasured):
        shown = ", ".join(unmeasured.head(6).fill_null("?").to_list())
        more = f" and {len(unmeasured) - 6} more" if len(unmeasured) > 6 else ""
        heading = alt.TitleParams(heading, subtitle=[
            f"Not drawn (a window without the focus; see reason): {shown}{more}"])
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("log_ratio:Q", title="log2(share after / share before)"),
        y=alt.Y("partner:N", sort="-x", title=None),
        color=alt.Color("direction:N", scale=alt.Scale(domain=["rose", "fell", NO_CLAIM],
                                                       range=["#d95f02", "#1b9e77", "#9e9e9e"]),
                        title=None),
        tooltip=["partner:N", "direction:N", "reason:N", "count_before:Q",
                 alt.Tooltip("share_before:Q", format=".1%"),
                 "count_after:Q", alt.Tooltip("share_after:Q", format=".1%"),
                 alt.Tooltip("g2:Q", format=".2f"), alt.Tooltip("p_value:Q", format=".3g")],
    ).properties(width=width, title=heading)
