"""Actors: who the news names, with whom, how strongly, and how that changes.

One module per step: :mod:`~tassanalysis.actors.gazetteer` (the actor list and its
surface forms), :mod:`~tassanalysis.actors.match` (finding actors in text),
:mod:`~tassanalysis.actors.discover` (frequent names the gazetteer lacks),
:mod:`~tassanalysis.actors.comention` (co-mention counts and weights, partners),
:mod:`~tassanalysis.actors.network` (networkx graphs and layouts).

Examples
--------
>>> import polars as pl
>>> from tassanalysis.actors import actor_mentions
>>> corpus = pl.DataFrame({"doc_id": ["1"], "source": ["tass.com"],
...     "published_at": pl.Series([None], dtype=pl.Datetime("us", "UTC")),
...     "title": ["Putin and Erdogan talk Syria"], "body": ["MOSCOW, May 3. /TASS/. Talks."]})
>>> actor_mentions(corpus, level="document")["actor_id"].to_list()
['erdogan', 'putin', 'sy']
"""

from tassanalysis.actors.comention import (
    actor_counts,
    association_weights,
    co_mention_counts,
    co_mentions,
    merge_co_mention_counts,
    partner_change,
    partners,
    resolve_focus,
    with_names,
)
from tassanalysis.actors.gazetteer import (
    ActorNameError,
    Gazetteer,
    GazetteerError,
    default_gazetteer_path,
    load_gazetteer,
    russian_forms,
)
from tassanalysis.actors.match import Matcher, actor_mentions, find_patterns, matcher_for

__all__ = [
    "ActorNameError",
    "Gazetteer",
    "GazetteerError",
    "Matcher",
    "actor_counts",
    "actor_mentions",
    "association_weights",
    "co_mention_counts",
    "co_mentions",
    "default_gazetteer_path",
    "find_patterns",
    "load_gazetteer",
    "matcher_for",
    "merge_co_mention_counts",
    "partner_change",
    "partners",
    "resolve_focus",
    "russian_forms",
    "with_names",
]
