"""Actor networks: networkx graphs from co-mention tables, and their layout.

:func:`actor_network` turns a :func:`~tassanalysis.actors.comention.co_mentions` table
into a ``networkx.Graph``: one node per actor (the ``top`` most mentioned, so the
picture stays readable), one edge per pair kept, weighted by the chosen measure.
Node attributes: ``label``, ``type``, ``mentions`` (units naming the actor),
``degree``, ``weighted_degree``, ``betweenness`` and ``community`` (Louvain, with a
fixed seed, so the same table gives the same communities). :func:`network_layout`
places the nodes with a seeded spring layout and returns node and edge frames ready
for :func:`tassanalysis.charts.actors.chart_network`. :func:`ego_network` keeps an
actor and its neighbours. Networks per period or per source: filter the co-mention
table (or compute it with ``by=``) and build one graph per value.

Examples
--------
>>> import polars as pl
>>> from tassanalysis.actors.comention import co_mentions
>>> m = pl.DataFrame({"doc_id": list("1122334455"),
...                   "actor_id": ["a", "b", "a", "b", "a", "c", "b", "c", "a", "b"]})
>>> g = actor_network(co_mentions(m, min_count=1), weight="count", min_count=1)
>>> sorted(g.edges(data="weight"))
[('a', 'b', 3.0), ('a', 'c', 1.0), ('b', 'c', 1.0)]
>>> g.nodes["a"]["mentions"], g.nodes["a"]["degree"]
(4, 2)
"""

from __future__ import annotations

import networkx as nx
import polars as pl

__all__ = ["actor_network", "ego_network", "network_frames", "network_layout"]


def actor_network(co: pl.DataFrame, *, weight: str = "npmi", top: int = 40,
                  min_count: int = 2, min_weight: float | None = None,
                  ties: int | None = None, actors: pl.DataFrame | None = None,
                  seed: int = 42) -> nx.Graph:
    """Build the co-mention graph of the ``top`` most mentioned actors.

    Parameters
    ----------
    co : polars.DataFrame
        A co-mention table for one group and period (filter it first when it has
        ``by`` or ``period`` columns with several values).
    weight : str
        Column used as edge weight (``count``, ``pmi``, ``npmi``, ``jaccard``,
        ``dice``, ``g2``). Edges with a weight ≤ 0 are left out (pairs seen
        together less than chance), as Louvain and betweenness need positive weights.
    top : int
        Actors kept, by the number of units that name them.
    min_count : int
        Pairs seen together fewer times are left out.
    min_weight : float, optional
        Leave out weaker edges.
    ties : int, optional
        Keep only each actor's ``ties`` strongest edges (an edge stays when it is among
        the strongest of either end): a readable picture instead of a hairball.
    actors : polars.DataFrame, optional
        ``actor_id, actor, type`` for labels and types; by default the names
        :func:`~tassanalysis.actors.comention.co_mentions` put in ``co``, else the
        default gazetteer's.
    seed : int
        Seed of the Louvain community detection.

    Returns
    -------
    networkx.Graph

    Examples
    --------
    >>> import polars as pl
    >>> from tassanalysis.actors.comention import co_mentions
    >>> m = pl.DataFrame({"doc_id": list("112233"), "actor_id": ["a", "b", "a", "b", "a", "c"]})
    >>> g = actor_network(co_mentions(m, min_count=1), weight="count", min_count=1)
    >>> g.nodes["a"]["community"] == g.nodes["b"]["community"]
    True
    """
    if weight not in co.columns:
        raise ValueError(f"weight {weight!r} is not a column of the co-mention table")
    groups = [c for c in co.columns if c in ("period", "source")]
    for g in groups:
        if co[g].n_unique() > 1:
            raise ValueError(f"the table has several values of {g!r}: filter it to one, or build "
                             "one network per value")
    counts = pl.concat([co.select(pl.col("actor_a").alias("actor_id"),
                                  pl.col("count_a").alias("mentions")),
                        co.select(pl.col("actor_b").alias("actor_id"),
                                  pl.col("count_b").alias("mentions"))]).unique("actor_id")
    counts = counts.sort(["mentions", "actor_id"], descending=[True, False]).head(top)
    keep = set(counts["actor_id"])
    edges = co.filter(pl.col("actor_a").is_in(list(keep)) & pl.col("actor_b").is_in(list(keep))
                      & (pl.col("count") >= min_count) & (pl.col(weight) > 0))
    if min_weight is not None:
        edges = edges.filter(pl.col(weight) >= min_weight)
    if ties is not None and edges.height:
        ranked = edges.with_row_index("_edge")
        ends = pl.concat([ranked.select("_edge", pl.col("actor_a").alias("_node"), weight),
                          ranked.select("_edge", pl.col("actor_b").alias("_node"), weight)])
        strongest = (ends.sort([weight, "_edge"], descending=[True, False])
                     .filter(pl.int_range(pl.len()).over("_node") < ties)["_edge"].unique())
        edges = ranked.filter(pl.col("_edge").is_in(strongest.implode())).drop("_edge")
    if actors is None and {"name_a", "type_a", "name_b", "type_b"} <= set(co.columns):
        # the names and types co_mentions put beside the ids
        actors = pl.concat([
            co.select(pl.col("actor_a").alias("actor_id"), pl.col("name_a").alias("actor"),
                      pl.col("type_a").alias("type")),
            co.select(pl.col("actor_b").alias("actor_id"), pl.col("name_b").alias("actor"),
                      pl.col("type_b").alias("type"))]).unique("actor_id")
    if actors is None:
        from tassanalysis.actors.gazetteer import load_gazetteer

        actors = load_gazetteer().names()
    known = actors.filter(pl.col("actor_id").is_in(list(keep)))
    labels = dict(zip(known["actor_id"], known["actor"], strict=True))
    types = dict(zip(known["actor_id"], known["type"], strict=True))
    graph = nx.Graph()
    for actor_id, mentions in counts.iter_rows():
        graph.add_node(actor_id, label=labels.get(actor_id, actor_id),
                       type=types.get(actor_id, ""), mentions=int(mentions))
    for a, b, w, n in zip(edges["actor_a"], edges["actor_b"], edges[weight], edges["count"],
                          strict=True):
        graph.add_edge(a, b, weight=float(w), count=int(n))
    _annotate(graph, seed=seed)
    return graph


def _annotate(graph: nx.Graph, *, seed: int) -> None:
    strength = dict(graph.degree(weight="weight"))
    # betweenness on distances: a strong tie is a short path
    for _, _, data in graph.edges(data=True):
        data["distance"] = 1.0 / data["weight"] if data["weight"] > 0 else float("inf")
    between = nx.betweenness_centrality(graph, weight="distance") if graph.number_of_nodes() \
        else {}
    communities = (nx.community.louvain_communities(graph, weight="weight", seed=seed)
                   if graph.number_of_edges() else [{n} for n in graph.nodes])
    # number communities by size, largest first, ties by their first actor: stable labels
    ordered = sorted(communities, key=lambda c: (-len(c), min(c)))
    community = {n: i for i, c in enumerate(ordered) for n in c}
    for node in graph.nodes:
        graph.nodes[node].update(degree=graph.degree(node),
                                 weighted_degree=float(strength.get(node, 0.0)),
                                 betweenness=float(between.get(node, 0.0)),
                                 community=community[node])


def ego_network(graph: nx.Graph, focus: str, *, radius: int = 1,
                gazetteer=None) -> nx.Graph:
    """The focus actor, its neighbours within ``radius`` steps, and the edges among them.

    ``focus`` is a node id, a node's label, or any name of the actor in the gazetteer
    ("Lavrov", "Лавров"); an unknown or ambiguous name raises
    :class:`~tassanalysis.actors.gazetteer.ActorNameError` with the closest candidates.

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> sorted(ego_network(g, "b").nodes)
    ['a', 'b', 'c']
    """
    if focus not in graph:
        by_label = [n for n, d in graph.nodes(data=True)
                    if str(d.get("label", "")).casefold() == str(focus).casefold()]
        if len(by_label) == 1:
            focus = by_label[0]
        else:
            from tassanalysis.actors.comention import resolve_focus

            focus = resolve_focus(focus, gazetteer)
        if focus not in graph:
            raise KeyError(f"{focus!r} is not in the network")
    return nx.ego_graph(graph, focus, radius=radius).copy()


def network_layout(graph: nx.Graph, *, seed: int = 42, iterations: int = 200
                   ) -> dict[str, tuple[float, float]]:
    """Node positions from a seeded spring layout (the same graph, the same picture).

    Examples
    --------
    >>> g = nx.path_graph(["a", "b", "c"])
    >>> network_layout(g) == network_layout(g)
    True
    """
    if graph.number_of_nodes() == 0:
        return {}
    pos = nx.spring_layout(graph, seed=seed, weight="weight", iterations=iterations)
    return {n: (round(float(x), 6), round(float(y), 6)) for n, (x, y) in sorted(pos.items())}


def network_frames(graph: nx.Graph, *, seed: int = 42) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Nodes and edges with their layout positions, as frames for charts and tables.

    Returns
    -------
    tuple of polars.DataFrame
        Nodes: ``actor_id, actor, type, mentions, degree, weighted_degree,
        betweenness, community, x, y``; edges: ``actor_a, actor_b, weight, count,
        x, y, x2, y2``.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", weight=1.0, count=2)
    >>> _annotate(g, seed=1)
    >>> nodes, edges = network_frames(g)
    >>> nodes.columns[:4], edges.height
    (['actor_id', 'actor', 'type', 'mentions'], 1)
    """
    pos = network_layout(graph, seed=seed)
    nodes = pl.DataFrame(
        [{"actor_id": n, "actor": d.get("label", n), "type": d.get("type", ""),
          "mentions": d.get("mentions", 0), "degree": d.get("degree", 0),
          "weighted_degree": d.get("weighted_degree", 0.0),
          "betweenness": d.get("betweenness", 0.0), "community": d.get("community", 0),
          "x": pos[n][0], "y": pos[n][1]} for n, d in graph.nodes(data=True)],
        schema={"actor_id": pl.String, "actor": pl.String, "type": pl.String,
                "mentions": pl.Int64, "degree": pl.Int64, "weighted_degree": pl.Float64,
                "betweenness": pl.Float64, "community": pl.Int64, "x": pl.Float64,
                "y": pl.Float64})
    edges = pl.DataFrame(
        [{"actor_a": a, "actor_b": b, "weight": d.get("weight", 1.0), "count": d.get("count", 0),
          "x": pos[a][0], "y": pos[a][1], "x2": pos[b][0], "y2": pos[b][1]}
         for a, b, d in graph.edges(data=True)],
        schema={"actor_a": pl.String, "actor_b": pl.String, "weight": pl.Float64,
                "count": pl.Int64, "x": pl.Float64, "y": pl.Float64, "x2": pl.Float64,
                "y2": pl.Float64})
    return nodes.sort("mentions", "actor_id", descending=[True, False]), edges
