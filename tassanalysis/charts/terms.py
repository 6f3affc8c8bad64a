"""Charts of term results: top terms, keyness, terms over time, collocations, KWIC.

Every builder takes an eager ``pl.DataFrame`` as the analysis returned it,
aggregates it to a few hundred rows at most, and returns an Altair chart with
tooltips and a title that says what was counted and over how much text.
Article text is untrusted: :func:`kwic_table_html` escapes everything.

Examples
--------
>>> import polars as pl
>>> tf = pl.DataFrame({"term": ["moscow", "talks"], "count": [5, 3], "doc_count": [2, 2],
...                    "tokens": [100, 100], "docs": [2, 2], "rate_per_10k": [500.0, 300.0],
...                    "rank": [1, 2]})
>>> chart_term_frequency(tf).to_dict()["mark"]["type"]
'bar'
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

import polars as pl

from tassanalysis.charts._base import check_lazy as _check_lazy
from tassanalysis.charts._base import eager as _eager
from tassanalysis.charts._base import group_columns as _group_columns
from tassanalysis.charts._base import label as _label
from tassanalysis.charts._base import partial_note, thin_note, time_axis, time_lines
from tassanalysis.vocab import renamed_options

if TYPE_CHECKING:
    import altair as alt

    from tassanalysis.terms import Comparison

__all__ = [
    "chart_collocations",
    "chart_comparison",
    "chart_keyness",
    "chart_kwic",
    "chart_term_frequency",
    "chart_term_trends",
    "kwic_table_html",
]

def _words(frame: pl.DataFrame, groups: Sequence[str]) -> tuple[int, int]:
    """Total words and articles behind a term table (each group/period counted once)."""
    if "tokens" not in frame.columns or frame.height == 0:
        return 0, 0
    keys = list(groups) + (["period"] if "period" in frame.columns else [])
    per = frame.unique(keys) if keys else frame.head(1)
    docs = int(per["docs"].sum()) if "docs" in per.columns else 0
    return int(per["tokens"].sum()), docs


def chart_term_frequency(tf_frame: pl.DataFrame, *, title: str | None = None,
                         value: str = "count", width: int = 320) -> alt.Chart:
    """Horizontal bars of the most frequent terms, one panel per group.

    Parameters
    ----------
    tf_frame
        :func:`tassanalysis.terms.term_frequency` output. With ``period``, counts
        are summed over the periods.
    value
        ``"count"`` or ``"rate_per_10k"``.

    Returns
    -------
    altair.Chart
        A bar per term; a panel per group.

    Examples
    --------
    >>> import polars as pl
    >>> tf = pl.DataFrame({"source": ["a", "b"], "term": ["x", "y"], "count": [2, 1],
    ...                    "doc_count": [1, 1], "tokens": [10, 10], "docs": [1, 1],
    ...                    "rate_per_10k": [2000.0, 1000.0], "rank": [1, 1]})
    >>> "facet" in chart_term_frequency(tf).to_dict()
    True
    """
    import altair as alt

    frame = _eager(tf_frame)
    groups = _group_columns(frame)
    words, docs = _words(frame, groups)
    if "period" in frame.columns:
        totals = (frame.unique(groups + ["period"]).group_by(groups)
                  .agg(pl.col("tokens").sum()) if groups else None)
        frame = frame.group_by(groups + ["term"]).agg(
            pl.col("count").sum(), pl.col("doc_count").sum())
        if totals is not None:
            frame = frame.join(totals, on=groups, how="left")
        else:
            frame = frame.with_columns(tokens=pl.lit(words))
        frame = frame.with_columns(rate_per_10k=pl.col("count") / pl.col("tokens") * 10_000)
    if groups:
        frame = frame.with_columns(group=pl.concat_str(groups, separator=" · "))
    what = "count" if value == "count" else "rate per 10,000 words"
    default = f"Most frequent terms ({what}) in {docs:,} articles, {words:,} words"
    tooltip = ["term", alt.Tooltip("count:Q", format=","),
               alt.Tooltip("doc_count:Q", title="articles", format=","),
               alt.Tooltip("rate_per_10k:Q", title="per 10k words", format=".2f")]
    base = alt.Chart(frame).mark_bar().encode(
        x=alt.X(f"{value}:Q", title=what),
        y=alt.Y("term:N", sort="-x", title=None),
        tooltip=(["group:N"] if groups else []) + tooltip,
    ).properties(width=width)
    if groups:
        return base.facet(row=alt.Row("group:N", title=_label(groups)),
                          title=title or default).resolve_scale(y="independent")
    return base.properties(title=title or default)


def chart_keyness(keyness_frame: pl.DataFrame, *, top: int = 20, value: str = "g2",
                  title: str | None = None, width: int = 320,
                  level: float | None = None) -> alt.Chart:
    """Diverging bars: terms over-used (right) and under-used (left) in the target.

    Parameters
    ----------
    keyness_frame
        :func:`tassanalysis.terms.keyness` or :func:`~tassanalysis.terms.each_vs_rest`
        output (one panel per value of the ``by`` column).
    top
        Terms per direction (and per panel), strongest by G².
    value
        ``"g2"`` (signed by direction) or ``"log_ratio"``.
    level : float, optional
        Only terms whose G² p-value is below this are drawn; the subtitle states
        it (default :data:`tassanalysis.terms.KEYNESS_LEVEL`, 0.001; 1 draws all).

    Returns
    -------
    altair.Chart
        A signed bar per term; a panel per ``by`` value.

    Examples
    --------
    >>> import polars as pl
    >>> k = pl.DataFrame({"term": ["a", "b"], "count_target": [9, 1], "count_reference": [1, 9],
    ...     "rate_target": [9.0, 1.0], "rate_reference": [1.0, 9.0], "g2": [5.0, 5.0],
    ...     "g2_p": [0.02, 0.02], "chi2": [4.0, 4.0], "chi2_p": [0.04, 0.04],
    ...     "log_ratio": [3.1, -3.1], "direction": ["over", "under"]})
    >>> chart_keyness(k).to_dict()["mark"]["type"]
    'bar'
    """
    import altair as alt

    from tassanalysis.terms.comparing import KEYNESS_LEVEL

    _check_lazy(keyness_frame)
    level = KEYNESS_LEVEL if level is None else level
    groups = _group_columns(keyness_frame)
    rank = pl.col("g2").rank("ordinal", descending=True).over(groups + ["direction"])
    shown = keyness_frame.filter(pl.col("g2_p") < level)
    left_out = keyness_frame.height - shown.height
    frame = _eager(shown.filter(rank <= top))
    signed = (pl.when(pl.col("direction") == "over").then(pl.col("g2")).otherwise(-pl.col("g2"))
              if value == "g2" else pl.col("log_ratio"))
    frame = frame.with_columns(value=signed)
    if groups:
        frame = frame.with_columns(group=pl.concat_str(groups, separator=" · "))
    axis = "G² (signed: + over-used, − under-used)" if value == "g2" else "log ratio (log2)"
    default = "Keyness: terms over- and under-used in the target compared with the reference"
    base = alt.Chart(frame).mark_bar().encode(
        x=alt.X("value:Q", title=axis),
        y=alt.Y("term:N", sort="-x", title=None),
        color=alt.Color("direction:N", scale=alt.Scale(domain=["over", "under"],
                                                       range=["#c0392b", "#2e6da4"])),
        tooltip=(["group:N"] if groups else []) + [
            "term", "direction",
            alt.Tooltip("count_target:Q", title="count (target)", format=","),
            alt.Tooltip("count_reference:Q", title="count (reference)", format=","),
            alt.Tooltip("rate_target:Q", title="per 10k (target)", format=".2f"),
            alt.Tooltip("rate_reference:Q", title="per 10k (reference)", format=".2f"),
            alt.Tooltip("g2:Q", title="G²", format=".1f"),
            alt.Tooltip("g2_p:Q", title="p (G²)", format=".2e"),
            alt.Tooltip("log_ratio:Q", title="log ratio", format=".2f"),
        ],
    ).properties(width=width)
    cut = ""
    if level < 1:
        cut = f"Only terms with p < {level:g} (G² test)" + (
            f"; {left_out:,} weaker term{'s' if left_out != 1 else ''} left out."
            if left_out else ".")
    heading = alt.TitleParams(title or default, subtitle=[cut] if cut else [])
    if groups:
        return base.facet(row=alt.Row("group:N", title=_label(groups)),
                          title=heading).resolve_scale(y="independent")
    return base.properties(title=heading)


def chart_term_trends(frame_of_term_rates_over_time: pl.DataFrame, *,
                      terms: Sequence[str] | None = None, value: str = "rate_per_10k",
                      title: str | None = None, width: int = 520, height: int = 260,
                      period: str | None = None) -> alt.Chart:
    """Lines of each term's rate per 10,000 words over the periods.

    Partial first and last periods (a ``partial`` column, from
    :meth:`tassanalysis.focus.TimeFocus.mark_partial`) are drawn dashed and faded;
    the date axis uses one format (:data:`tassanalysis.vocab.AXIS_DATE_FORMATS`).

    Parameters
    ----------
    frame_of_term_rates_over_time : polars.DataFrame
        A frame with ``period``, ``term`` and ``rate_per_10k`` (and ``count``), e.g.
        :func:`tassanalysis.terms.term_trends`; extra group columns (``source``)
        give one panel each.
    terms : sequence of str or None
        Terms to draw (default: all in the frame, at most 12 by total count).
    value : str, default "rate_per_10k"
    title : str or None
    width : int, default 520
    height : int, default 260
    period : str or None
        The period counted by (inferred from the dates when None).

    Returns
    -------
    altair.Chart
        A line per term (panels per group, or small multiples beyond eight terms).

    Examples
    --------
    >>> import polars as pl, datetime as dt
    >>> f = pl.DataFrame({"period": [dt.date(2017, 1, 1), dt.date(2017, 2, 1)],
    ...                   "term": ["x", "x"], "count": [1, 0], "rate_per_10k": [1.0, 0.0]})
    >>> chart_term_trends(f).to_dict()["layer"][0]["encoding"]["x"]["axis"]["format"]
    '%b %Y'
    """
    import altair as alt

    frame = frame_of_term_rates_over_time
    _check_lazy(frame)
    if terms is None:
        weight = "count" if "count" in frame.columns else value
        terms = (frame.group_by("term").agg(pl.col(weight).sum())
                 .sort([weight, "term"], descending=[True, False])["term"].head(12).to_list())
    frame = _eager(frame.filter(pl.col("term").is_in(pl.Series(list(terms), dtype=pl.String)
                                                     .implode())))
    groups = _group_columns(frame)
    if groups:
        frame = frame.with_columns(group=pl.concat_str(groups, separator=" · "))
    what = "per 10,000 words" if value == "rate_per_10k" else value
    default = f"Term use over time ({what})"
    tooltip = (["group:N"] if groups else []) + ["term", alt.Tooltip("period:T", title="period"),
                                                 alt.Tooltip(f"{value}:Q", format=".2f")]
    if "count" in frame.columns:
        tooltip.append(alt.Tooltip("count:Q", format=","))
    notes = [n for n in (partial_note(frame, period),
                         thin_note(frame, "tokens", "words") if not groups else "") if n]
    heading = alt.TitleParams(title or default, subtitle=notes)
    if groups:
        base = alt.Chart(frame).mark_line(point=frame.height <= 400).encode(
            x=time_axis(period, frame["period"]),
            y=alt.Y(f"{value}:Q", title=what),
            color=alt.Color("term:N", sort=list(terms), title="term"),
            tooltip=tooltip).properties(width=width)
        return base.facet(row=alt.Row("group:N", title=_label(groups)), title=heading)
    chart = time_lines(frame, y=value, y_title=what, color="term", tooltip=tooltip,
                       period=period, width=width, height=height, sort=list(terms),
                       base="tokens" if "tokens" in frame.columns else None,
                       base_title="words in the period")
    return chart.properties(title=heading)


def chart_collocations(collocations_frame: pl.DataFrame, *, top: int = 30,
                       measure: str | None = None, title: str | None = None,
                       width: int = 320) -> alt.Chart:
    """Horizontal bars of the best-scoring word pairs.

    Parameters
    ----------
    collocations_frame : polars.DataFrame
        :func:`tassanalysis.terms.collocations` output.
    top : int, default 30
    measure : str or None
        The measure's name, for the axis.
    title : str or None
    width : int, default 320

    Returns
    -------
    altair.Chart
        A bar per word pair, best first.

    Examples
    --------
    >>> import polars as pl
    >>> c = pl.DataFrame({"w1": ["foreign"], "w2": ["minister"], "count": [5],
    ...                   "count_w1": [6], "count_w2": [7], "score": [3.2]})
    >>> chart_collocations(c, measure="pmi").to_dict()["title"]
    'Collocations by pmi: top 1 word pairs'
    """
    import altair as alt

    frame = _eager(collocations_frame.sort("score", descending=True).head(top))
    frame = frame.with_columns(pair=pl.concat_str(["w1", "w2"], separator=" "))
    name = measure or "association score"
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("score:Q", title=name),
        y=alt.Y("pair:N", sort="-x", title=None),
        tooltip=["pair", alt.Tooltip("score:Q", format=".3f"),
                 alt.Tooltip("count:Q", title="pair count", format=","),
                 alt.Tooltip("count_w1:Q", title="count of w1", format=","),
                 alt.Tooltip("count_w2:Q", title="count of w2", format=",")],
    ).properties(width=width, title=title or f"Collocations by {name}: top {frame.height} "
                 "word pairs")


@renamed_options(limit="top")
def chart_kwic(kwic_frame: pl.DataFrame, *, top: int = 40, title: str | None = None
               ) -> alt.HConcatChart:
    """Concordance lines as an Altair text chart (left context right-aligned).

    :func:`kwic_table_html` is usually easier to read; this keeps a KWIC view
    inside an all-Altair report.

    Parameters
    ----------
    kwic_frame : polars.DataFrame
        :func:`tassanalysis.terms.kwic` output.
    top : int, default 40
        Lines drawn (``limit=`` before).
    title : str or None

    Returns
    -------
    altair.HConcatChart

    Examples
    --------
    >>> import polars as pl
    >>> k = pl.DataFrame({"doc_id": ["a"], "left": ["the"], "match": ["Kremlin"], "right": ["said"]})
    >>> len(chart_kwic(k).to_dict()["hconcat"])
    3
    """
    import altair as alt

    frame = _eager(kwic_frame.head(top)).with_row_index("line")
    height = 16 * max(frame.height, 1)

    def column(field: str, align: str, width: int, **mark) -> alt.Chart:
        return alt.Chart(frame).mark_text(align=align, baseline="middle", **mark).encode(
            y=alt.Y("line:O", axis=None), text=f"{field}:N",
            tooltip=[c for c in ("source", "doc_id", "published_at", "title")
                     if c in frame.columns],
        ).properties(width=width, height=height)

    chart = alt.hconcat(column("left", "right", 300, dx=145),
                        column("match", "center", 120, fontWeight="bold", color="#c0392b"),
                        column("right", "left", 300, dx=-145), spacing=0)
    return chart.properties(title=title or f"Keyword in context: {frame.height} lines")


@renamed_options(limit="top")
def kwic_table_html(kwic_frame: pl.DataFrame, *, top: int | None = 200,
                    caption: str | None = None) -> str:
    """Concordance lines as an HTML table with source, date and a link; every value escaped.

    A date known only to the day shows no time (``date_precision``).

    Parameters
    ----------
    kwic_frame : polars.DataFrame
        :func:`tassanalysis.terms.kwic` output.
    top : int or None, default 200
        Lines shown (``limit=`` before).
    caption : str or None
        E.g. :attr:`tassanalysis.terms.KwicSample.caption`.

    Returns
    -------
    str
        An HTML ``<table>``.

    Examples
    --------
    >>> import polars as pl
    >>> k = pl.DataFrame({"doc_id": ["a"], "left": ["<b>x"], "match": ["y"], "right": ["z"],
    ...                   "url": ["https://tass.com/politics/1"], "title": ["T"]})
    >>> page = kwic_table_html(k)
    >>> "&lt;b&gt;x" in page and "<b>x" not in page, "href='https://tass.com/politics/1'" in page
    (True, True)
    """
    from tassanalysis.vocab import date_precision

    frame = kwic_frame if top is None else kwic_frame.head(top)
    if "published_at" in frame.columns and frame.height:
        precision = date_precision(frame)
        frame = frame.with_columns(published_at=pl.when(precision == "day")
                                   .then(pl.col("published_at").dt.strftime("%Y-%m-%d"))
                                   .otherwise(pl.col("published_at")
                                              .dt.strftime("%Y-%m-%d %H:%M")))
    meta = [c for c in ("source", "published_at", "title") if c in frame.columns]
    names = {"published_at": "date"}

    def esc(value) -> str:
        if value is None:
            return ""
        if hasattr(value, "strftime"):
            value = value.strftime("%Y-%m-%d")
        return html.escape(str(value), quote=True)

    head = "".join(f"<th>{esc(names.get(c, c))}</th>" for c in meta)
    rows = []
    for row in frame.iter_rows(named=True):
        cells = []
        for c in meta:
            value = esc(row[c])
            if c == "title" and row.get("url"):
                url = str(row["url"])
                if url.startswith(("http://", "https://")):
                    value = f"<a href='{esc(url)}' target='_blank' rel='noopener'>{value or esc(url)}</a>"
            nowrap = " style='white-space:nowrap'" if c in ("source", "published_at") else ""
            cells.append(f"<td class='kwic-meta'{nowrap}>{value}</td>")
        rows.append(
            f"<tr>{''.join(cells)}<td class='kwic-left' style='text-align:right'>"
            f"{esc(row['left'])}</td>"
            f"<td class='kwic-match' style='text-align:center;font-weight:bold'>"
            f"{esc(row['match'])}</td>"
            f"<td class='kwic-right' style='text-align:left'>{esc(row['right'])}</td></tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return (f"<table class='kwic'>{cap}<thead><tr>{head}<th>left</th><th>match</th>"
            f"<th>right</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")


def chart_comparison(keyness_frame: pl.DataFrame, comparison: Comparison, *, top: int = 15,
                     width: int = 420, level: float | None = None) -> alt.Chart:
    """Keyness of one comparison as one readable panel; each-vs-rest as a panel per value.

    A single comparison is drawn as diverging bars of the binary log ratio of
    the two rates per 10,000 words, the ``top`` strongest (by G²) over- and
    under-used terms, with the axis naming both sides
    (:attr:`~tassanalysis.terms.Comparison.target_name`,
    :attr:`~tassanalysis.terms.Comparison.reference_name`). ``kind="each"``
    keeps one panel per value (:func:`chart_keyness`).

    Parameters
    ----------
    keyness_frame : polars.DataFrame
        :func:`tassanalysis.terms.compare_terms` output.
    comparison : tassanalysis.terms.Comparison
    top : int, default 15
    width : int, default 420
    level : float, optional
        Significance level of the terms drawn (see :func:`chart_keyness`).

    Returns
    -------
    altair.Chart
        Diverging bars of the log ratio (or :func:`chart_keyness` panels for each-vs-rest).

    Examples
    --------
    >>> from tassanalysis import datasets, terms
    >>> sample = datasets.load_sample()
    >>> compare = terms.comparison(sample)
    >>> spec = chart_comparison(terms.compare_terms(sample, compare), compare).to_dict()
    >>> spec["encoding"]["x"]["title"].startswith("log₂ of (rate in tass.com")
    True
    """
    import altair as alt

    if comparison.kind == "each":
        return chart_keyness(keyness_frame, top=top, level=level,
                             title=f"Keyness: {comparison.label} (G², signed)")
    target, reference = comparison.target_name, comparison.reference_name
    axis = (f"log₂ of (rate in {target} ÷ rate in {reference}): "
            "+1 = twice as frequent, −1 = half as frequent")
    chart = chart_keyness(keyness_frame, top=top, value="log_ratio", width=width, level=level,
                          title=f"Terms over- and under-used in {target} "
                                f"compared with {reference}")
    return chart.encode(x=alt.X("value:Q", title=axis))
