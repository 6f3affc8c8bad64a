"""Altair charts, one module per analysis; every builder is re-exported here.

* :mod:`~tassanalysis.charts.terms` — top terms, keyness and comparisons, terms over
  time, collocations, keyword-in-context;
* :mod:`~tassanalysis.charts.corpus` — articles over time, counts per category,
  article length.

Builders take the eager frame an analysis returned and return an Altair chart.
Altair itself is imported only when a chart is built, so ``import tassanalysis``
stays fast. To save a chart as an HTML file that needs no network, use
:func:`tassanalysis.display.chart_html`.

Examples
--------
>>> import sys, tassanalysis.charts
>>> callable(tassanalysis.charts.chart_keyness)
True
"""

from __future__ import annotations

from tassanalysis.charts.corpus import (
    chart_articles_over_time,
    chart_counts,
    chart_words_per_article,
)
from tassanalysis.charts.save import save_html
from tassanalysis.charts.terms import (
    chart_collocations,
    chart_comparison,
    chart_keyness,
    chart_kwic,
    chart_term_frequency,
    chart_term_trends,
    kwic_table_html,
)

__all__ = [
    "chart_articles_over_time",
    "chart_collocations",
    "chart_comparison",
    "chart_counts",
    "chart_keyness",
    "chart_kwic",
    "chart_term_frequency",
    "chart_term_trends",
    "chart_words_per_article",
    "kwic_table_html",
    "save_html",
]
