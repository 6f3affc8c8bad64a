"""Topic hits per period of a store, counted per file.

The kernel is :func:`tassanalysis.topics.topic_counts` (articles with each topic and
articles per period and group), the merge :func:`tassanalysis.topics.merge_topic_counts`,
and the shares and intervals :func:`tassanalysis.topics.topic_shares`, computed once
from the merged counts: the frames of :func:`tassanalysis.topics.topic_trends` on the
whole selection.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any

import polars as pl

from tassanalysis import topics as _topics
from tassanalysis.distributed.engine import Store, _select, chunked, map_reduce
from tassanalysis.store import load_corpus
from tassanalysis.topics import trends as _trends

__all__ = ["topic_counts", "topic_trends"]


def _prepared(store: Store, topics: Any, text: Any, selection: dict) -> tuple[Any, Any]:
    """Topics loaded and the text columns chosen once, on the whole selection (``"auto"``
    looks at the lengths of leads and bodies), so every file reads the same columns."""
    if not hasattr(topics, "document_topics"):
        topics = _topics.load_topics(topics)
    scan = (_select(store, **selection) if isinstance(store, pl.DataFrame | pl.LazyFrame)
            else load_corpus(store, lazy=True, **selection))
    return topics, _topics.reading_text(scan, text)


def _counts(store: Store, topics: Any, *, period, by, measure, text, selection: dict,
            client: Any, match: Any = None) -> pl.DataFrame:
    kernel = functools.partial(_topics.topic_counts, topics=topics, period=period, by=by,
                               measure=measure, text=text, match=match)
    merge = _topics.merge_topic_counts
    return map_reduce(store, chunked(kernel, merge), merge, client=client, **selection)


def topic_counts(store: Store, topics: Any = None, *, period: str | None = "month",
                 by: str | Sequence[str] | None = None, measure: str = "articles",
                 text: str | Iterable[str] = "auto", start=None, end=None, sources=None,
                 sections=None, client: Any = None, match: Any = None) -> pl.DataFrame:
    """:func:`tassanalysis.topics.topic_counts` of a store selection, merged over its files.

    Examples
    --------
    >>> topic_counts("data/corpus", period="week", client=client)  # doctest: +SKIP
    """
    selection = {"start": start, "end": end, "sources": sources, "sections": sections}
    topics, read = _prepared(store, topics, text, selection)
    return _counts(store, topics, period=period, by=by, measure=measure, text=read,
                   selection=selection, client=client, match=match)


def topic_trends(store: Store, topics: Any = None, *, period: str | None = "month",
                 by: str | Sequence[str] | None = None, measure: str = "articles",
                 text: str | Iterable[str] = "auto", confidence: float = 0.95,
                 min_articles: int = 20, start=None, end=None, sources=None, sections=None,
                 client: Any = None, match: Any = None) -> pl.DataFrame:
    """:func:`tassanalysis.topics.topic_trends` of a store selection, counted per file.

    Examples
    --------
    >>> topic_trends("data/corpus", by="source", client=client)  # doctest: +SKIP
    """
    selection = {"start": start, "end": end, "sources": sources, "sections": sections}
    topics, read = _prepared(store, topics, text, selection)
    counts = _counts(store, topics, period=period, by=by, measure=measure, text=read,
                     selection=selection, client=client, match=match)
    out = _topics.topic_shares(counts, period=period, measure=measure, confidence=confidence,
                               min_articles=min_articles, labels=_trends._labels(topics))
    described = (_topics.topic_rule(match).describe() if not hasattr(topics, "document_topics")
                 else "learned topics: each article counts for its main topic")
    return out.with_columns(rule=pl.lit(described))
