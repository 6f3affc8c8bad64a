"""What changed since the previous run of a report, from the tables the runs showed.

Every table and chart of a report page carries its full data as a CSV download
(:func:`tassanalysis.display.csv_download`). After a run, :func:`summarize` reads
those tables back from the executed notebook and keeps, for each table with one
row per term, actor, partner or topic, the key, its count and the base the count
is out of (words or articles, from a rate or share beside it). The summary is
saved beside the run (``<name>.summary.json``); the next run compares its own
with the last good run's (:func:`compare`), so no notebook needs code for it.

No claim without data: a term is said to have risen or fallen only when a
likelihood-ratio test of its two counts against their bases gives
p < :data:`LEVEL` and it was counted at least :data:`MIN_COUNT` times on one side.
A key missing from one run's table (below its cut-off there) is compared at
that table's smallest count, an upper bound, so its change is never overstated.

Examples
--------
>>> old = {"top-terms": {"key": "term", "rows": {"war": [50, 10_000], "peace": [40, 10_000]}}}
>>> new = {"top-terms": {"key": "term", "rows": {"war": [52, 10_000], "peace": [5, 10_000]}}}
>>> [(c["key"], c["direction"]) for c in compare(old, new)[0]["changes"]]
[('peace', 'fell')]
"""

from __future__ import annotations

import base64
import io
import math
import re
from collections.abc import Mapping
from typing import Any

__all__ = ["LEVEL", "MIN_COUNT", "compare", "summarize", "summary_tables"]

#: Significance level of a rise or fall between two runs.
LEVEL = 0.01
#: A change is named only for a key counted at least this often in one of the runs.
MIN_COUNT = 5
#: Changes listed per table and direction.
TOP = 5
#: Rows kept per table in a summary.
ROWS = 300

#: Columns that name what a row is about, in order of preference.
KEYS = ("term", "actor", "partner", "topic", "label", "name", "pair")
#: Count columns, in order of preference, and how to find the base beside each.
COUNTS = ("count", "articles", "mentions", "docs", "doc_count")

_LINK = re.compile(r'<a class="tass-download" download="([^"]+)\.csv" '
                   r'href="data:text/csv;charset=utf-8;base64,([^"]+)">Download the table')


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split()) or "page"


def summary_tables(outputs: list[tuple[str, str]]) -> dict[str, tuple[str, Any]]:
    """The tables a page shows, from their CSV downloads: id → (title, frame).

    ``outputs`` are (section heading, output HTML) in page order. A table is
    known by its section and its place there (``top-terms-1``), which stay the
    same from run to run even when its caption holds numbers.

    Examples
    --------
    >>> import polars as pl
    >>> from tassanalysis.display import table_html
    >>> found = summary_tables([("Top terms", table_html(pl.DataFrame({"term": ["a"]})))])
    >>> list(found), found["top-terms-1"][0]
    (['top-terms-1'], 'Top terms')
    """
    import polars as pl

    tables: dict[str, tuple[str, Any]] = {}
    seen: dict[str, int] = {}
    for heading, markup in outputs:
        for _, payload in _LINK.findall(markup):
            text = base64.b64decode(payload).decode("utf-8").lstrip("\ufeff")
            try:
                frame = pl.read_csv(io.StringIO(text), infer_schema_length=None)
            except Exception:  # noqa: BLE001 - a table that does not parse is not compared
                continue
            seen[heading] = seen.get(heading, 0) + 1
            title = heading if seen[heading] == 1 else f"{heading} ({seen[heading]})"
            tables[f"{_slug(heading)}-{seen[heading]}"] = (title, frame)
    return tables


def _base(frame: Any, count: str) -> Any:
    """The base each row's count is out of: a base column, or count / rate or share."""
    import polars as pl

    for column in ("tokens", "units", "period_articles"):
        if column in frame.columns:
            return pl.col(column).cast(pl.Float64)
    if "rate_per_10k" in frame.columns:
        return pl.col(count) / pl.col("rate_per_10k") * 10_000
    if "share" in frame.columns:
        return pl.col(count) / pl.col("share")
    return None


def _summary_of(frame: Any) -> dict[str, Any] | None:
    import polars as pl

    key = next((k for k in KEYS if k in frame.columns and frame.schema[k] == pl.String), None)
    count = next((c for c in COUNTS if c in frame.columns and frame.schema[c].is_numeric()),
                 None)
    if key is None or count is None or frame.height == 0:
        return None
    per = [key, "period"] if "period" in frame.columns else [key]
    if frame.select(per).n_unique() != frame.height:
        # a row per key and group (partners by outlet): the group joins the key
        groups = [c for c, d in frame.schema.items() if d == pl.String and c != key
                  and frame.select([*per, c]).n_unique() == frame.height
                  and frame[c].n_unique() <= 12]
        if not groups:
            return None
        frame = frame.with_columns(pl.format("{} ({})", pl.col(key), pl.col(groups[0]))
                                   .alias(key))
    base = _base(frame, count)
    if base is None:
        return None
    rows = (frame.select(pl.col(key), pl.col(count).cast(pl.Float64).alias("n"),
                         base.alias("base"))
            .filter(pl.col("n").is_not_null() & pl.col("base").is_finite()
                    & (pl.col("base") > 0)))
    if "period" in frame.columns:  # over the periods: the key's count out of their bases
        rows = rows.group_by(key, maintain_order=True).agg(pl.col("n").sum(),
                                                           pl.col("base").sum())
        rows = rows.sort("n", descending=True, maintain_order=True)
    rows = rows.head(ROWS)
    if rows.height == 0:
        return None
    unit = "words" if "tokens" in frame.columns or "rate_per_10k" in frame.columns else "units"
    return {"key": key, "count": count, "unit": unit,
            "rows": {r[0]: [r[1], round(r[2], 3)] for r in rows.iter_rows()}}


def summarize(nb: Any) -> dict[str, Any]:
    """The comparable tables of an executed notebook: name → key, count and base per row.

    Examples
    --------
    >>> summarize({"cells": []})
    {}
    """
    outputs, heading = [], "Page"
    for cell in nb.get("cells", []):
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        if cell.get("cell_type") == "markdown":
            titles = [line.lstrip("#").strip() for line in source.splitlines()
                      if re.match(r"#{2,4}\s", line)]
            heading = titles[-1] if titles else heading
            continue
        for output in cell.get("outputs", []):
            markup = (output.get("data") or {}).get("text/html")
            if markup:
                outputs.append((heading, "".join(markup) if isinstance(markup, list)
                                else markup))
    found = {}
    for name, (title, frame) in summary_tables(outputs).items():
        summary = _summary_of(frame)
        if summary is not None:
            found[name] = {"title": title, **summary}
    return found


def _g2(a: float, n_a: float, b: float, n_b: float) -> float:
    """Log-likelihood G² of counts ``a`` of ``n_a`` against ``b`` of ``n_b``."""
    total = n_a + n_b
    expected_a = n_a * (a + b) / total
    expected_b = n_b * (a + b) / total
    g2 = 0.0
    for observed, expected in ((a, expected_a), (b, expected_b)):
        if observed > 0 and expected > 0:
            g2 += observed * math.log(observed / expected)
    return 2 * g2


def _p_value(g2: float) -> float:
    """Upper tail of chi-square with one degree of freedom."""
    return math.erfc(math.sqrt(max(g2, 0.0) / 2))


def _title(name: str) -> str:
    return re.sub(r"-\d+$", "", name).replace("-", " ").capitalize()


def compare(old: Mapping[str, Any], new: Mapping[str, Any], *, level: float = LEVEL,
            min_count: int = MIN_COUNT, top: int = TOP) -> list[dict[str, Any]]:
    """What rose and fell most between two run summaries, table by table.

    Parameters
    ----------
    old, new : mapping
        :func:`summarize` of the previous and of this run.
    level : float
        Changes with p at or above this are not named.
    min_count : int
        Nor changes of a key counted fewer times in both runs.
    top : int
        Changes listed per direction.

    Returns
    -------
    list of dict
        One per table both runs showed: ``table`` (its title), ``key``,
        ``changes`` (each ``key``, ``direction`` rose/fell, ``before`` and
        ``after`` as counts per 10,000 of the base, ``count_before``,
        ``count_after``, ``p``) and ``compared`` (keys compared).
    """
    found = []
    for name, now in new.items():
        then = old.get(name)
        if not then or then.get("key") != now.get("key"):
            continue
        rows_then, rows_now = then["rows"], now["rows"]
        floor_then = min(v[0] for v in rows_then.values())
        floor_now = min(v[0] for v in rows_now.values())
        base_then = max(v[1] for v in rows_then.values())
        base_now = max(v[1] for v in rows_now.values())
        changes = []
        for key in dict.fromkeys([*rows_now, *rows_then]):
            a, n_a = rows_then.get(key, [floor_then, base_then])
            b, n_b = rows_now.get(key, [floor_now, base_now])
            if max(a, b) < min_count or n_a <= 0 or n_b <= 0:
                continue
            if key not in rows_then and b / n_b <= a / n_a:
                continue  # new in the list but not above the old cut-off: no claim
            if key not in rows_now and b / n_b >= a / n_a:
                continue
            p = _p_value(_g2(a, n_a, b, n_b))
            if p >= level or b / n_b == a / n_a:
                continue
            rate_a, rate_b = a / n_a * 10_000, b / n_b * 10_000
            changes.append({
                "key": key, "direction": "rose" if rate_b > rate_a else "fell",
                "before": rate_a, "after": rate_b, "count_before": a, "count_after": b,
                "p": p, "new": key not in rows_then, "gone": key not in rows_now,
                "strength": abs(math.log((b + 0.5) / n_b) - math.log((a + 0.5) / n_a))})
        changes.sort(key=lambda c: -c["strength"])
        rose = [c for c in changes if c["direction"] == "rose"][:top]
        fell = [c for c in changes if c["direction"] == "fell"][:top]
        for change in rose + fell:
            change["unit"] = now.get("unit", "words")
        found.append({"table": now.get("title") or _title(name), "key": now["key"], "changes": rose + fell,
                      "compared": len(set(rows_now) | set(rows_then))})
    return found


def describe(change: Mapping[str, Any]) -> str:
    """One change as a reader's line.

    Examples
    --------
    >>> describe({"key": "peace", "direction": "fell", "before": 40.0, "after": 5.0,
    ...           "count_before": 40, "count_after": 5, "p": 1e-9, "unit": "words"})
    'peace fell: 40 → 5 per 10,000 words (counted 40 → 5 times; p < 0.001)'
    >>> describe({"key": "Iran", "direction": "rose", "before": 1000.0, "after": 3000.0,
    ...           "count_before": 10, "count_after": 30, "p": 0.002, "unit": "units",
    ...           "new": True})
    'Iran rose: at most 10% → 30% of the articles (counted at most 10 → 30; p = 0.002)'
    """
    from tassanalysis.display import format_number, format_share

    words = change.get("unit", "words") == "words"

    def value(rate: float) -> str:
        return format_number(rate) if words else format_share(rate / 10_000)

    before = ("at most " if change.get("new") else "") + value(change["before"])
    after = ("at most " if change.get("gone") else "") + value(change["after"])
    p = change["p"]
    shown_p = "p < 0.001" if p < 0.001 else f"p = {p:.3f}"
    counts = (f"{'at most ' if change.get('new') else ''}"
              f"{format_number(int(change['count_before']))} → "
              f"{'at most ' if change.get('gone') else ''}"
              f"{format_number(int(change['count_after']))}{' times' if words else ''}")
    scale = " per 10,000 words" if words else " of the articles"
    return (f"{change['key']} {change['direction']}: {before} → {after}{scale} "
            f"(counted {counts}; {shown_p})")
