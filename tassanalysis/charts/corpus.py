"""Charts of corpus statistics: articles over time, counts per category, article length.

Examples
--------
>>> from tassanalysis import datasets, stats
>>> frame = stats.articles_over_time(datasets.load_sample(), period="month")
>>> chart_articles_over_time(frame).to_dict()["title"]["text"]
'Articles over time'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from tassanalysis.charts._base import category_scale, check_lazy, partial_note, time_lines

if TYPE_CHECKING:
    import altair as alt

__all__ = ["chart_articles_over_time", "chart_counts", "chart_words_per_article"]


def chart_articles_over_time(frame: pl.DataFrame, *, by: str | None = "source",
                             title: str | None = None, width: int = 640, height: int = 260,
                             period: str | None = None) -> alt.LayerChart | alt.Chart:
    """Line chart of :func:`tassanalysis.stats.articles_over_time` (one line per group).

    Up to four groups share one chart on clearly different colours (Tableau 10);
    beyond four, small multiples (a panel each). Partial first and last
    periods (a ``partial`` column, :meth:`tassanalysis.focus.TimeFocus.mark_partial`)
    are drawn dashed and faded. The date axis has one format.

    Parameters
    ----------
    frame : polars.DataFrame
        ``period``, ``by`` column, ``articles`` (and ``partial``).
    by : str or None, default "source"
    title : str or None
    width : int, default 640
    height : int, default 260
    period : str or None
        The period counted by (inferred from the dates when None).

    Returns
    -------
    altair.Chart or altair.LayerChart
        A line per group; dashed, faded partial ends.

    Examples
    --------
    >>> import datetime as dt
    >>> f = pl.DataFrame({"period": [dt.date(2017, 1, 2), dt.date(2017, 1, 9)],
    ...                   "articles": [3, 4], "partial": [True, False]})
    >>> spec = chart_articles_over_time(f, by=None).to_dict()
    >>> spec["title"]["subtitle"]
    ['Dashed, faded ends: a week only partly covered by the articles (not a real fall or rise).']
    """
    import altair as alt

    check_lazy(frame)
    tooltip = [alt.Tooltip("period:T"), *([alt.Tooltip(f"{by}:N")] if by else []),
               alt.Tooltip("articles:Q", format=",")]
    order = None
    if by:
        order = (frame.group_by(by).agg(pl.col("articles").sum())
                 .sort(["articles", by], descending=[True, False])[by].to_list())
    chart = time_lines(frame, y="articles", y_title="articles", color=by, tooltip=tooltip,
                       period=period, width=width, height=height, sort=order)
    note = partial_note(frame, period)
    return chart.properties(title=alt.TitleParams(title or "Articles over time",
                                                  subtitle=[note] if note else []))


def chart_counts(frame: pl.DataFrame, *, category: str, value: str = "articles",
                 color: str | None = None, title: str | None = None,
                 width: int = 480) -> alt.Chart:
    """Horizontal bar chart of counts per ``category``, largest first.

    Parameters
    ----------
    frame : polars.DataFrame
        E.g. :func:`tassanalysis.stats.language_counts`.
    category : str
        The column on the y axis.
    value : str, default "articles"
    color : str or None
        A column to colour the bars by.
    title : str or None
    width : int, default 480

    Returns
    -------
    altair.Chart
        A bar per category, largest first.

    Examples
    --------
    >>> from tassanalysis import datasets, stats
    >>> chart = chart_counts(stats.language_counts(datasets.load_sample()), category="language")
    >>> chart.to_dict()["mark"]["type"]
    'bar'
    """
    import altair as alt

    check_lazy(frame)
    tooltip = [alt.Tooltip(f"{category}:N"), alt.Tooltip(f"{value}:Q", format=",")]
    if "share" in frame.columns:
        tooltip.append(alt.Tooltip("share:Q", format=".1%"))
    encode = {
        "y": alt.Y(f"{category}:N", sort="-x", title=None),
        "x": alt.X(f"{value}:Q", title=value),
        "tooltip": tooltip,
    }
    if color:
        encode["color"] = alt.Color(f"{color}:N", scale=category_scale(
            frame[color].n_unique()))
    rows = max(1, frame.select(pl.col(category).n_unique()).item())
    return alt.Chart(frame).mark_bar().encode(**encode).properties(
        width=width, height=min(600, 22 * rows + 10), title=title or "")


def chart_words_per_article(frame: pl.DataFrame, *, by: str = "source", top: int | None = 30,
                            title: str | None = None, width: int = 480) -> alt.LayerChart:
    """Article length per source: the median as a bar, the middle 80% as a line.

    A source whose median is a few dozen words holds snippets, not articles.

    Parameters
    ----------
    frame : polars.DataFrame
        :func:`tassanalysis.stats.words_per_article`.
    by : str, default "source"
    top : int or None, default 30
        Draw the ``top`` groups with the most articles (the title says so when
        some are left out); None draws all.
    title : str or None
    width : int, default 480

    Returns
    -------
    altair.LayerChart
        A bar (median) and a rule (10th to 90th percentile) per group.

    Examples
    --------
    >>> from tassanalysis import datasets, stats
    >>> spec = chart_words_per_article(stats.words_per_article(datasets.load_sample())).to_dict()
    >>> len(spec["layer"])
    2
    """
    import altair as alt

    check_lazy(frame)
    default_title = "Words per article by source"
    if top is not None and frame.height > top:
        default_title += f": the {top} of {frame.height:,} with the most articles"
        frame = frame.sort(["articles", by], descending=[True, False]).head(top)
    y = alt.Y(f"{by}:N", sort="-x", title=None)
    tooltip = [alt.Tooltip(f"{by}:N"), alt.Tooltip("articles:Q", format=","),
               alt.Tooltip("words_median:Q", title="median words", format=",.0f"),
               alt.Tooltip("words_p10:Q", title="10th percentile", format=",.0f"),
               alt.Tooltip("words_p90:Q", title="90th percentile", format=",.0f"),
               alt.Tooltip("short_share:Q", title="share under 100 words", format=".0%")]
    bars = alt.Chart(frame).mark_bar(color="#9ecae1").encode(
        x=alt.X("words_median:Q", title="words per article (bar: median; line: 10th–90th "
                                        "percentile)"), y=y, tooltip=tooltip)
    spread = alt.Chart(frame).mark_rule(color="#08519c", strokeWidth=2).encode(
        x="words_p10:Q", x2="words_p90:Q", y=y, tooltip=tooltip)
    rows = max(1, frame.height)
    return alt.layer(bars, spread).properties(
        width=width, height=min(600, 22 * rows + 10),
        title=title or default_title)
