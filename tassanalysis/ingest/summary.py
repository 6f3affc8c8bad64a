"""Summarise: the account of an ingest run, as a dict and as readable lines.

:func:`summarise` builds what ``summary.json`` of a snapshot holds — inputs
read and skipped, articles accepted, rejects by reason, duplicates merged,
boilerplate removed, and the corpus after the run (size, date range, sources,
languages, how dates were found) — and :func:`format_summary` prints it.

Examples
--------
>>> print(format_summary({"files": 1, "accepted": 1}).splitlines()[2])
accepted:    1 articles
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import polars as pl

__all__ = ["format_summary", "summarise"]


def _iso(value: Any, precision: str | None = None) -> str | None:
    """A date, with its time only when the source gave one."""
    if value is None:
        return None
    return value.strftime("%Y-%m-%d") if precision == "day" else value.strftime("%Y-%m-%d %H:%M UTC")


def _edge(corpus: pl.DataFrame, last: bool) -> str | None:
    dated = corpus.filter(pl.col("published_at").is_not_null())
    if dated.height == 0:
        return None
    row = dated.sort("published_at", descending=last).row(0, named=True)
    return _iso(row["published_at"], row.get("date_precision"))


def _counts(series: pl.Series) -> dict[str, int]:
    if series.len() == 0:
        return {}
    vc = series.fill_null("(none)").value_counts()
    return {str(k): int(v) for k, v in vc.iter_rows()}


def summarise(*, files: int, skipped: int, records_read: int, new_articles: pl.DataFrame,
              new_rejects: pl.DataFrame, corpus: pl.DataFrame, all_rejects: pl.DataFrame,
              duplicates: Mapping[str, int], boilerplate_removed: Mapping[str, Any],
              boilerplate_profile: Iterable[str],
              all_duplicates: pl.DataFrame | None = None) -> dict[str, Any]:
    """Return the account of one ingest run.

    Parameters
    ----------
    files, skipped, records_read
        Inputs given, inputs skipped as unchanged, records read (pages and rows).
    new_articles, new_rejects
        What this run parsed.
    corpus, all_rejects
        The store's articles and rejects after the run.
    duplicates
        Rows merged, by kind (``exact``, ``near``).
    boilerplate_removed
        ``{source: {"articles": n, "words": w}}`` removed as page chrome.
    all_duplicates
        The store's duplicates table after the run: this run's records folded
        away are counted in ``accounted`` (articles + rejects + duplicates =
        records read).
    boilerplate_profile
        Page lines learned as chrome (kept for later runs).

    Returns
    -------
    dict
        JSON-serializable; :func:`format_summary` prints it.

    Examples
    --------
    >>> from tassanalysis.schema import empty_corpus, empty_rejects
    >>> s = summarise(files=0, skipped=0, records_read=0, new_articles=empty_corpus(),
    ...               new_rejects=empty_rejects(), corpus=empty_corpus(),
    ...               all_rejects=empty_rejects(), duplicates={}, boilerplate_removed={},
    ...               boilerplate_profile=[])
    >>> s["corpus"]["articles"], s["rejected"]
    (0, {})
    """
    new_origins = new_articles["origin"].implode()
    kept_new = corpus.filter(pl.col("origin").is_in(new_origins)).height
    folded_new = (all_duplicates.filter(pl.col("origin").is_in(new_origins)).height
                  if all_duplicates is not None else new_articles.height - kept_new)
    return {
        "accounted": {"records_read": records_read, "articles": kept_new,
                      "rejects": new_rejects.height, "duplicates": folded_new},
        "files": files,
        "skipped_unchanged": skipped,
        "records_read": records_read,
        "accepted": new_articles.height,
        "rejected_total": new_rejects.height,
        "rejected": dict(Counter(r.split(":")[0] for r in new_rejects["reason"].to_list())),
        "duplicates": dict(duplicates),
        "boilerplate_removed": dict(boilerplate_removed),
        "corpus": {
            "articles": corpus.height,
            "rejects": all_rejects.height,
            "start": _edge(corpus, last=False),
            "end": _edge(corpus, last=True),
            "undated": corpus["published_at"].null_count(),
            "sources": _counts(corpus["source"]),
            "languages": _counts(corpus["language"]),
            "date_sources": _counts(corpus["date_source"].str.replace(r":.*$", "")),
            "sections": _counts(corpus["section"]),
        },
        "boilerplate_profile": sorted(boilerplate_profile),
    }


def _boilerplate_rows(removed: Mapping[str, Any]) -> str:
    """``source  words in articles`` lines (older summaries held article counts only)."""
    items = [(k, v if isinstance(v, Mapping) else {"articles": v, "words": None})
             for k, v in removed.items()]
    items.sort(key=lambda kv: -(kv[1]["words"] or kv[1]["articles"]))
    return "".join(
        f"\n  {k:<26} {v['words']:>7,} words in {v['articles']:,} articles"
        if v["words"] is not None else f"\n  {k:<26} {v['articles']:>7,} articles"
        for k, v in items)


def format_summary(s: Mapping[str, Any]) -> str:
    """Render an ingest summary dict as aligned text lines.

    Parameters
    ----------
    s
        A summary (:func:`summarise`, or ``summary.json`` of a snapshot).

    Returns
    -------
    str
        The lines, joined by newlines.

    Examples
    --------
    >>> print(format_summary({"files": 2, "accepted": 5, "rejected_total": 1,
    ...                       "rejected": {"empty": 1}}))
    inputs:      2 files (0 unchanged, skipped)
    read:        0 records
    accepted:    5 articles
    rejected:    1
      empty                            1
    duplicates:  0 merged
    corpus:      0 articles, ? – ?
    """

    def rows(values: Mapping[str, int], *, by_count: bool = False) -> str:
        items = sorted(values.items(), key=(lambda kv: -kv[1]) if by_count else None)
        return "".join(f"\n  {k:<26} {v:>7,}" for k, v in items)

    corpus = s.get("corpus", {})
    dups = s.get("duplicates", {})
    undated = f", {corpus['undated']:,} without a known date" if corpus.get("undated") else ""
    lines = [
        f"inputs:      {s.get('files', 0):,} files "
        f"({s.get('skipped_unchanged', 0):,} unchanged, skipped)",
        f"read:        {s.get('records_read', 0):,} records",
        f"accepted:    {s.get('accepted', 0):,} articles",
        f"rejected:    {s.get('rejected_total', 0):,}" + rows(s.get("rejected", {}), by_count=True),
        f"duplicates:  {sum(dups.values()):,} merged" + rows(dups),
    ]
    if s.get("accounted"):
        a = s["accounted"]
        total = a["articles"] + a["rejects"] + a["duplicates"]
        check = "" if total == a["records_read"] else f"  (MISMATCH: {total:,})"
        lines.append(f"accounted:   {a['records_read']:,} read = {a['articles']:,} articles + "
                     f"{a['rejects']:,} rejects + {a['duplicates']:,} duplicates{check}")
    if s.get("boilerplate_removed"):
        lines.append("boilerplate: words removed as page chrome, per source (kept in the "
                     "boilerplate column)" + _boilerplate_rows(s["boilerplate_removed"]))
    lines += [
        f"corpus:      {corpus.get('articles', 0):,} articles, "
        f"{corpus.get('start') or '?'} – {corpus.get('end') or '?'}{undated}",
    ]
    for key, title in (("sources", "sources"), ("languages", "languages"),
                       ("date_sources", "date sources")):
        if corpus.get(key):
            lines.append(f"{title}:" + rows(corpus[key], by_count=True))
    return "\n".join(lines)
