"""Actor mentions and co-mention pairs of a store, counted per file.

The kernel is :func:`tassanalysis.actors.co_mention_counts` (units, mentions per
actor and pairs, per group and period), the merge
:func:`tassanalysis.actors.merge_co_mention_counts`, and the weights
:func:`tassanalysis.actors.association_weights`, computed once from the merged
counts: the frames of :func:`tassanalysis.actors.co_mentions` on the whole selection.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any

import polars as pl

from tassanalysis import actors as _actors
from tassanalysis.actors.comention import UNITS
from tassanalysis.distributed.engine import Store, chunked, map_reduce
from tassanalysis.text import TEXT_FIELDS

__all__ = ["co_mention_counts", "co_mentions"]


def co_mention_counts(store: Store, *, unit: str = "document",
                      by: str | Sequence[str] | None = None, period: str | None = None,
                      gazetteer: Any = None, metonyms: bool = False,
                      text: str | Iterable[str] = TEXT_FIELDS, start=None, end=None,
                      sources=None, sections=None, client: Any = None) -> pl.DataFrame:
    """:func:`tassanalysis.actors.co_mention_counts` of a store selection, merged.

    ``kind`` (``units``, ``actor``, ``pair``), the ``by`` columns, ``period``,
    ``actor_a``, ``actor_b``, ``count``: mentions per actor and pairs per unit, added
    up over every file. ``client`` as in :func:`~tassanalysis.distributed.map_reduce`.

    Examples
    --------
    >>> co_mention_counts("data/corpus", period="month", client=client)  # doctest: +SKIP
    """
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}, not {unit!r}")
    kernel = functools.partial(_actors.co_mention_counts, unit=unit, by=by, period=period,
                               gazetteer=gazetteer, metonyms=metonyms, text=text)
    merge = _actors.merge_co_mention_counts
    return map_reduce(store, chunked(kernel, merge), merge, start=start, end=end,
                      sources=sources, sections=sections, client=client)


def co_mentions(store: Store, *, unit: str = "document", by: str | Sequence[str] | None = None,
                period: str | None = None, min_count: int = 2, gazetteer: Any = None,
                metonyms: bool = False, text: str | Iterable[str] = TEXT_FIELDS, start=None,
                end=None, sources=None, sections=None, client: Any = None) -> pl.DataFrame:
    """:func:`tassanalysis.actors.co_mentions` of a store selection, counted per file.

    Examples
    --------
    >>> co_mentions("data/corpus", by="source", client=client)  # doctest: +SKIP
    """
    counts = co_mention_counts(store, unit=unit, by=by, period=period, gazetteer=gazetteer,
                               metonyms=metonyms, text=text, start=start, end=end,
                               sources=sources, sections=sections, client=client)
    weights = _actors.association_weights(counts, min_count=min_count)
    return _actors.with_names(weights, gazetteer, {"actor_a": ("name_a", "type_a"),
                                                   "actor_b": ("name_b", "type_b")})
