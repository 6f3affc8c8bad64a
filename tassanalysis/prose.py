"""Report sentences: the few places where numbers become words for a reader.

Analyses return tidy frames; this module turns them into short English
sentences and label → text facts for a report page: what a time view shows
(:func:`describe_focus`), where a trend is one outlet's (:func:`coverage_note`),
what the last ingest run did (:func:`ingest_summary_facts`), a corpus at a
glance (:func:`corpus_facts`), how many concordance lines are shown
(:func:`kwic_caption`), and publication times written only as precisely as
they are known (:func:`readable_dates`).

Examples
--------
>>> from tassanalysis import datasets
>>> corpus_facts(datasets.load_sample())["Articles"]
301
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from tassanalysis.selection import scan_corpus
from tassanalysis.vocab import PERIODS, date_precision, format_day, period_label

if TYPE_CHECKING:
    from tassanalysis.focus import TimeFocus

__all__ = [
    "corpus_facts",
    "coverage_note",
    "describe_focus",
    "ingest_summary_facts",
    "kwic_caption",
    "readable_dates",
]

CorpusLike = pl.DataFrame | pl.LazyFrame


def describe_focus(focus: TimeFocus) -> str:
    """One sentence: the span a time view shows, its period and what was left out.

    Parameters
    ----------
    focus : TimeFocus
        From :func:`tassanalysis.focus.time_focus`.

    Returns
    -------
    str

    Examples
    --------
    >>> from datetime import date
    >>> from tassanalysis import datasets, focus
    >>> describe_focus(focus.time_focus(datasets.load_sample()))
    'Showing 2 Dec 2016 – 26 Dec 2024 by month: all 301 dated articles.'
    >>> describe_focus(focus.TimeFocus(date(2024, 1, 2), date(2024, 3, 30), "week", 20, 21,
    ...     date(2017, 2, 7), date(2024, 3, 30), date(2017, 2, 7), date(2017, 2, 7), undated=3))
    ... # doctest: +NORMALIZE_WHITESPACE
    'Showing 2 Jan 2024 – 30 Mar 2024 by week: 20 of 21 dated articles (95.2%). One article
    on 7 Feb 2017 would squeeze this span into a sliver; it is listed in the table below.
    3 undated articles are not on the time axis.'
    """
    undated = _undated_note(focus.undated)
    if focus.first is None or focus.last is None:
        return "No dated articles to show over time." + undated
    text = f"Showing {focus.span} by {focus.period}: "
    if not focus.trimmed:
        return text + f"all {focus.total:,} dated article{'s' if focus.total != 1 else ''}." \
            + undated
    low = focus.outside_first or focus.corpus_first
    high = focus.outside_last or focus.corpus_last
    if focus.outside == 1:
        left = (f"One article on {format_day(low)} would squeeze this span into a sliver; "
                "it is listed in the table below.")
    else:
        where = (f"all on {format_day(low)}" if low == high
                 else f"scattered between {format_day(low)} and {format_day(high)}")
        left = (f"The other {focus.outside:,}, {where}, would squeeze this span into a "
                "sliver; they are listed in the table below.")
    return (text + f"{focus.articles:,} of {focus.total:,} dated articles "
            f"({focus.articles / focus.total:.1%}). " + left + undated)


def _undated_note(undated: int) -> str:
    """`` N undated articles are not on the time axis.`` (empty for none)."""
    if not undated:
        return ""
    if undated == 1:
        return " One undated article is not on the time axis."
    return f" {undated:,} undated articles are not on the time axis."


def coverage_note(corpus: str | Path | CorpusLike, *, period: str = "week",
                  by: str = "source") -> str:
    """Warn where fewer than half of the sources have articles, so a trend is one outlet's.

    Parameters
    ----------
    corpus : str, Path, polars.DataFrame or polars.LazyFrame
    period : str, default "week"
        The periods checked, one of :data:`~tassanalysis.vocab.PERIODS`.
    by : str, default "source"
        The column whose values count as sources.

    Returns
    -------
    str
        A sentence for each of the (up to three) longest runs of such periods,
        naming the source that wrote most of their articles when it wrote half
        or more; empty when every period has at least half of the sources, or
        there is a single source.

    Examples
    --------
    >>> from tassanalysis import datasets
    >>> coverage_note(datasets.load_sample(), period="month")  # doctest: +ELLIPSIS
    'From Dec 2016 to Jan 2017 (2 months) at most 1 of the 9 sources has articles in any month; ...'
    """
    from tassanalysis.stats import sources_per_period

    per = sources_per_period(corpus, period=period, by=by)
    every = set().union(*per["names"].to_list()) if per.height else set()
    if len(every) < 2:
        return ""
    thin = (per["sources"] * 2 < len(every)).to_list()
    runs: list[tuple[int, int]] = []
    start = None
    for i, flag in enumerate([*thin, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            runs.append((start, i - 1))
            start = None
    runs = [r for r in runs if r[1] > r[0]] or runs[:1]  # single thin periods are noise
    longest = sorted(runs, key=lambda r: (r[0] - r[1], r[0]))[:3]
    notes = []
    every_len = {"day": 1, "week": 7}
    for i, j in sorted(longest):
        first, last = per["period"][i], per["period"][j]
        upto = (pl.date_range(last, last + timedelta(days=400), PERIODS[period], eager=True)[1]
                if period not in every_len else last + timedelta(days=every_len[period]))
        in_run = (scan_corpus(corpus).filter(pl.col("published_at").dt.date() >= first,
                                             pl.col("published_at").dt.date() < upto)
                  .group_by(by).agg(pl.len().alias("n")).collect()
                  .sort(["n", by], descending=[True, False]))
        count = j - i + 1
        span = (f"In {period_label(first, period)}" if count == 1 else
                f"From {period_label(first, period)} to {period_label(last, period)} "
                f"({count} {period}s)")
        most = int(per["sources"][i:j + 1].max())
        have = "has" if most == 1 else "have"
        text = (f"{span} no {by} has articles" if most == 0 else
                f"{span} at most {most} of the {len(every)} {by}s {have} articles in any {period}"
                if count > 1 else f"{span} only {most} of the {len(every)} {by}s {have} articles")
        if in_run.height:
            top, n = in_run.row(0)
            share = n / in_run["n"].sum()
            text += (f"; {top} wrote {share:.0%} of them, so the lines there mostly show "
                     "that outlet" if share >= 0.5 else "")
        notes.append(text + ".")
    if len(runs) > len(longest):
        notes.append(f"{len(runs) - len(longest)} shorter stretches are thin as well.")
    return " ".join(notes)


def ingest_summary_facts(summary: Mapping[str, Any]) -> dict[str, str]:
    """The last ingest run (``store.load_summary``) as a few plain sentences, label → text.

    Parameters
    ----------
    summary : mapping

    Returns
    -------
    dict of str to str

    Examples
    --------
    >>> ingest_summary_facts({"files": 3, "skipped_unchanged": 0, "records_read": 10,
    ...     "accepted": 8, "rejected_total": 2, "rejected": {"no-text": 2},
    ...     "duplicates": {"exact": 1}})["Rejected"]
    '2 (no-text 2)'
    """
    def num(key: str) -> int:
        value = summary.get(key, 0)
        return int(value) if isinstance(value, int | float) else 0

    def parts(key: str) -> str:
        items = summary.get(key) or {}
        shown = [f"{k} {int(v):,}" for k, v in sorted(items.items(), key=lambda kv: -kv[1])
                 if isinstance(v, int | float) and v]
        return f" ({', '.join(shown)})" if shown else ""

    if not summary:
        return {"Last ingest run": "no record of an ingest run in this store"}
    dups = sum(int(v) for v in (summary.get("duplicates") or {}).values()
               if isinstance(v, int | float))
    facts = {
        "Input files": f"{num('files'):,} ({num('skipped_unchanged'):,} skipped as unchanged "
                       "since the run before)",
        "Records read": f"{num('records_read'):,}",
        "Accepted as articles": f"{num('accepted'):,}",
        "Rejected": f"{num('rejected_total'):,}{parts('rejected')}",
        "Merged as duplicates": f"{dups:,}{parts('duplicates')}",
    }
    store = summary.get("corpus") or {}
    if store:
        span = ""
        if store.get("start") and store.get("end"):
            span = f", dated {str(store['start'])[:10]} – {str(store['end'])[:10]}"
        rejects = int(store.get("rejects", 0))
        facts["Store after the run"] = (f"{int(store.get('articles', 0)):,} articles, "
                                        f"{rejects:,} rejected input{'s' if rejects != 1 else ''} "
                                        f"on record{span}")
    return facts


def _when(value: Any, precision: str | None) -> str:
    if value is None:
        return "—"
    if precision == "day":
        return value.strftime("%Y-%m-%d")
    return value.strftime("%Y-%m-%d %H:%M UTC")


def corpus_facts(corpus: str | Path | CorpusLike) -> dict[str, Any]:
    """Key facts about a corpus, label → value, for a summary box.

    Labels: Articles, Sources, Sections, First article, Last article, Undated
    articles, Languages, Inputs merged as duplicates. A publication time known
    only to the day is written as a day.

    Parameters
    ----------
    corpus : str, Path, polars.DataFrame or polars.LazyFrame

    Returns
    -------
    dict

    Examples
    --------
    >>> from tassanalysis import datasets
    >>> corpus_facts(datasets.load_sample())["First article"]
    '2016-12-02'
    """
    from tassanalysis.stats import corpus_summary, language_counts

    row = corpus_summary(corpus).row(0, named=True)
    scan = scan_corpus(corpus)
    names = scan.collect_schema().names()
    ends = (scan.filter(pl.col("published_at").is_not_null())
            .filter((pl.col("published_at") == pl.col("published_at").min())
                    | (pl.col("published_at") == pl.col("published_at").max()))
            .select("published_at", *[c for c in ("source", "date_precision") if c in names])
            .collect())
    # precision of the first and last article: "day" when their source gives days only
    whole = scan.select("published_at", *[c for c in ("source", "date_precision")
                                          if c in names]).collect()
    precision = whole.with_columns(p=date_precision(whole))
    def precision_at(value: Any) -> str | None:
        if value is None or ends.height == 0:
            return None
        hit = precision.filter(pl.col("published_at") == value)["p"]
        return "day" if hit.len() and (hit == "day").all() else "time"
    languages = language_counts(corpus)
    return {
        "Articles": row["articles"],
        "Sources": row["sources"],
        "Sections": row["sections"],
        "First article": _when(row["first"], precision_at(row["first"])),
        "Last article": _when(row["last"], precision_at(row["last"])),
        "Undated articles": row["undated"],
        "Languages": ", ".join(f"{lang} {share:.0%}" for lang, share in
                               languages.select("language", "share").iter_rows()) or "—",
        "Inputs merged as duplicates": row["merged"] or 0,
    }


def readable_dates(frame: pl.DataFrame, column: str = "published_at") -> pl.DataFrame:
    """Publication times as text, as precisely as they are known (for a table).

    A time known only to the day reads ``2017-03-03``, never ``2017-03-03 21:00``;
    other times read ``2017-03-03 18:05 UTC``. A ``date_precision`` column is
    used and dropped; without one, :func:`tassanalysis.vocab.date_precision`
    judges per source.

    Parameters
    ----------
    frame : polars.DataFrame
    column : str, default "published_at"

    Returns
    -------
    polars.DataFrame
        ``frame`` with ``column`` as text.

    Examples
    --------
    >>> import datetime as dt
    >>> f = pl.DataFrame({"published_at": [dt.datetime(2017, 3, 2, 21)], "date_precision": ["day"]})
    >>> readable_dates(f)["published_at"].to_list()
    ['2017-03-02']
    """
    if column not in frame.columns or frame.height == 0:
        return frame.drop("date_precision", strict=False)
    source = frame.rename({column: "published_at"}) if column != "published_at" else frame
    precision = date_precision(source)
    text = (pl.when(precision == "day").then(pl.col(column).dt.strftime("%Y-%m-%d"))
            .otherwise(pl.col(column).dt.strftime("%Y-%m-%d %H:%M UTC")))
    return frame.with_columns(text.alias(column)).drop("date_precision", strict=False)


def kwic_caption(term: str, shown: int, total: int) -> str:
    """How many concordance lines a table shows: ``"'sanctions': 25 of 1,234 lines"``.

    Parameters
    ----------
    term : str
    shown, total : int

    Returns
    -------
    str

    Examples
    --------
    >>> kwic_caption("sanctions", 25, 1234)
    "'sanctions': 25 of 1,234 lines, sampled across sources and time"
    >>> kwic_caption("rare", 2, 2)
    "'rare': all 2 lines"
    """
    if total == 0:
        return f"{term!r}: no lines"
    if shown >= total:
        return f"{term!r}: all {total:,} line{'s' if total != 1 else ''}"
    return f"{term!r}: {shown:,} of {total:,} lines, sampled across sources and time"
