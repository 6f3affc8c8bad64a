"""Deprecated: the names of this module moved to one module per stage.

``tassanalysis.overview`` keeps working for one release; each name now lives in:

* :mod:`tassanalysis.selection` — ``Window``, ``parse_window``, ``resolve_dates``,
  ``select_corpus``, ``corpus_last_date``;
* :mod:`tassanalysis.vocab` — ``PERIODS``, ``stopword_option``;
* :mod:`tassanalysis.stats` — ``articles_over_time``, ``sources_per_period``,
  ``language_counts``, ``section_counts``, ``sections_by_source``,
  ``date_source_counts``, ``reject_counts``, ``ingest_summary_frame``,
  ``latest_articles``;
* :mod:`tassanalysis.focus` — ``TimeFocus``, ``time_focus``, ``auto_period``,
  ``articles_outside_focus``;
* :mod:`tassanalysis.prose` — ``corpus_facts``, ``coverage_note``,
  ``ingest_summary_facts``;
* :mod:`tassanalysis.terms` — ``Comparison``, ``comparison``, ``compare_terms``,
  ``tass_sources``, ``term_trends`` (and :func:`tassanalysis.terms.kwic_sample`
  instead of ``first_kwic_lines``);
* :mod:`tassanalysis.charts` — ``chart_articles_over_time``, ``chart_counts``,
  ``chart_comparison``.

Using a name from here warns (:class:`DeprecationWarning`) and gives the moved object.
``keyness_table`` and ``first_kwic_lines`` stay here until the module goes.

Examples
--------
>>> import warnings
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")
...     from tassanalysis.overview import parse_window
>>> parse_window("7d").count
7
"""

from __future__ import annotations

import importlib
import warnings
from typing import Any

import polars as pl

_MOVED: dict[str, str] = {
    **dict.fromkeys(("Window", "parse_window", "resolve_dates", "select_corpus",
                     "corpus_last_date"), "tassanalysis.selection"),
    **dict.fromkeys(("PERIODS", "stopword_option"), "tassanalysis.vocab"),
    **dict.fromkeys(("articles_over_time", "sources_per_period", "language_counts",
                     "section_counts", "sections_by_source", "date_source_counts",
                     "reject_counts", "ingest_summary_frame", "latest_articles"),
                    "tassanalysis.stats"),
    **dict.fromkeys(("TimeFocus", "time_focus", "auto_period", "articles_outside_focus"),
                    "tassanalysis.focus"),
    **dict.fromkeys(("corpus_facts", "coverage_note", "ingest_summary_facts"),
                    "tassanalysis.prose"),
    **dict.fromkeys(("Comparison", "comparison", "compare_terms", "tass_sources",
                     "term_trends"), "tassanalysis.terms"),
    **dict.fromkeys(("chart_articles_over_time", "chart_counts", "chart_comparison"),
                    "tassanalysis.charts"),
}

__all__ = sorted([*_MOVED, "first_kwic_lines", "keyness_table"])


def __getattr__(name: str) -> Any:
    if name in _MOVED:
        where = _MOVED[name]
        warnings.warn(f"tassanalysis.overview.{name} moved to {where}.{name}; "
                      "tassanalysis.overview goes in the next release",
                      DeprecationWarning, stacklevel=2)
        return getattr(importlib.import_module(where), name)
    raise AttributeError(f"module 'tassanalysis.overview' has no attribute {name!r}")


def first_kwic_lines(corpus: pl.DataFrame, pattern: str, *, limit: int = 25,
                     **options: Any) -> pl.DataFrame:
    """Deprecated: the ``limit`` oldest keyword-in-context lines.

    Use :func:`tassanalysis.terms.kwic_sample` (lines spread across sources and
    time) or :func:`tassanalysis.terms.kwic` with ``top=``.

    Parameters
    ----------
    corpus : polars.DataFrame
    pattern : str
    limit : int, default 25
    **options
        Passed to :func:`tassanalysis.terms.kwic`.

    Returns
    -------
    polars.DataFrame

    Examples
    --------
    >>> from tassanalysis import datasets
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     first_kwic_lines(datasets.load_sample(), "sanctions", limit=2).height
    2
    """
    from tassanalysis import terms

    warnings.warn("first_kwic_lines is deprecated: use tassanalysis.terms.kwic_sample",
                  DeprecationWarning, stacklevel=2)
    options.setdefault("sort", "date")
    return terms.kwic(corpus, pattern, top=limit, **options)


def keyness_table(keyness_frame: pl.DataFrame, comparison: Any) -> pl.DataFrame:
    """Deprecated: a keyness result with columns named after the two sides.

    Use the tidy :func:`tassanalysis.terms.compare_terms` output with
    :attr:`tassanalysis.terms.Comparison.target_name` and ``reference_name``.

    Parameters
    ----------
    keyness_frame : polars.DataFrame
    comparison : tassanalysis.terms.Comparison

    Returns
    -------
    polars.DataFrame

    Examples
    --------
    >>> from tassanalysis import datasets, terms
    >>> sample = datasets.load_sample()
    >>> compare = terms.comparison(sample)
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     keyness_table(terms.compare_terms(sample, compare), compare).columns[:3]
    ['direction', 'term', 'count in tass.com']
    """
    warnings.warn("keyness_table is deprecated: show compare_terms() with the Comparison's "
                  "target_name and reference_name", DeprecationWarning, stacklevel=2)
    if keyness_frame.height == 0:
        return keyness_frame
    if comparison.kind == "each":
        target, reference = "target", "rest"
    else:
        target, reference = comparison.target_name, comparison.reference_name
        if reference.startswith("the other "):
            reference = "others"
    groups = [c for c in keyness_frame.columns if c not in (
        "term", "count_target", "count_reference", "rate_target", "rate_reference", "g2",
        "g2_p", "chi2", "chi2_p", "log_ratio", "direction", "common_in")]
    return (keyness_frame.sort([*groups, "direction", "g2"],
                               descending=[*(False for _ in groups), False, True])
            .select(*groups, "direction", "term",
                    pl.col("count_target").alias(f"count in {target}"),
                    pl.col("count_reference").alias(f"count in {reference}"),
                    pl.col("rate_target").alias(f"per 10k in {target}"),
                    pl.col("rate_reference").alias(f"per 10k in {reference}"),
                    "log_ratio", "g2"))
