"""Build ``tassanalysis/resources/tass_article_ids.csv`` from dated public records.

tass.com and tass.ru number their articles in publication order, so a table of
(article id, publication day) pairs taken from records whose date is known lets a
page whose printed date has no year be placed in time by the id in its URL. The
table keeps, per site and day, the smallest and largest id seen and how many
records support the day, with the record set it came from.

Sources (read from ``../shared/corpora``, absent in a fresh clone, so the table is
shipped built):

* ``newsarticles``: NewsArticles.csv (Dai 2017, Harvard Dataverse
  doi:10.7910/DVN/GMFCTR), tass.com URLs with ``publish_date``;
* ``tass-scraper``: politics_20.json (opnweb/tass-scraper example output),
  ``link`` with ``date``;
* ``tass-headlines``: tass2025.json, tass2026.json (lobsterbush/kremlin-speeches
  headline index), ``u`` with ``d``;
* ``public-pages``: single dated tass.com URLs seen in public pages and code, listed
  in :data:`EXTRA` with where each was seen (among them the real tass.com pages of
  ``tests/fixtures/real/pages`` whose day the page store records or the page prints).

Run: ``python benchmarks/build_article_id_table.py``.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpora"
OUT = ROOT / "tassanalysis" / "resources" / "tass_article_ids.csv"
_ID = re.compile(r"^https?://(?:www\.)?(tass\.com|tass\.ru)/(?:[^?#]*/)?(\d{4,})(?:/amp)?/?$")

#: (url, day, where it was seen): dated tass.com URLs from public pages and code.
EXTRA = [
    ("https://tass.com/world/1809373", "2024-06-27",
     "news-API sample record, dateTimePub 2024-06-27T12:25:52Z"),
    ("https://tass.com/society/1836711", "2024-11-13",
     "prologuejournal.com post dated 11/13/2024 linking the article"),
    # tass.com pages in a public web-page store (the real-page test fixtures and one
    # more): the store's date of the page (which matched the dateline's day on each
    # fixture) or a date line with its year printed on the page
    ("http://tass.com/sport/720430", "2014-02-22",
     "public web-page store copy dated 2014-02-22; dateline February 22"),
    ("https://tass.com/sports/720568/amp", "2014-02-23",
     "public web-page store copy; date line 'February 23, 2014, 13:33' printed on the page"),
    ("http://tass.com/economy/1062122", "2019-06-06",
     "public web-page store copy dated 2019-06-06; dateline June 6"),
    ("https://tass.com/politics/1128881", "2020-03-11",
     "public web-page store copy dated 2020-03-11; dateline March 11"),
    ("https://tass.com/society/1136475", "2020-03-27",
     "public web-page store copy dated 2020-03-27; dateline March 27"),
    ("https://tass.com/society/1170751", "2020-06-23",
     "public web-page store copy dated 2020-06-23; dateline June 23"),
    ("https://tass.com/world/1187615", "2020-08-10",
     "public web-page store copy dated 2020-08-10; dateline none"),
    ("https://tass.com/world/1188415", "2020-08-11",
     "public web-page store copy dated 2020-08-11; dateline August 11"),
    ("https://tass.com/world/1191683", "2020-08-19",
     "public web-page store copy dated 2020-08-19; dateline August 19"),
    ("https://tass.com/world/1192065", "2020-08-20",
     "public web-page store copy dated 2020-08-20; dateline August 20"),
    ("https://tass.com/politics/1359687", "2021-11-10",
     "public web-page store copy dated 2021-11-10; dateline November 10"),
    ("https://tass.com/politics/1360613", "2021-11-12",
     "public web-page store copy dated 2021-11-12; dateline November 12"),
    ("https://tass.com/world/1380371", "2021-12-24",
     "public web-page store copy dated 2021-12-24; dateline December 24"),
    ("https://tass.com/politics/1798057", "2024-06-04",
     "public web-page store copy dated 2024-06-04; dateline June 4"),
    ("https://tass.com/economy/1800195", "2024-06-07",
     "public web-page store copy dated 2024-06-07; dateline June 7"),
    ("https://tass.com/politics/1800049", "2024-06-07",
     "public web-page store copy dated 2024-06-07; dateline June 7"),
    ("https://tass.com/pressreview/2019909", "2025-09-23",
     "public web-page store copy dated 2025-09-23; dateline September 23"),
    ("https://tass.com/politics/1663845", "2023-08-23",
     "public web-page store copy dated 2023-08-22 (UTC); dateline August 23"),
]


def _day(value: str) -> str:
    value = value.strip().split(" ")[0].split("T")[0]
    if "/" in value:
        y, m, d = (int(x) for x in value.split("/"))
        return f"{y:04d}-{m:02d}-{d:02d}"
    return value


def records() -> list[tuple[str, int, str, str]]:
    """Return ``(site, id, day, source)`` for every dated record found."""
    out: list[tuple[str, int, str, str]] = []

    def add(url: str, day: str, source: str) -> None:
        m = _ID.match((url or "").strip())
        if m:
            out.append((m.group(1), int(m.group(2)), _day(day), source))

    with open(SHARED / "newsarticles" / "NewsArticles.csv", encoding="latin-1") as fh:
        for row in csv.DictReader(fh):
            add(row["article_source_link"], row["publish_date"], "newsarticles")
    for row in json.loads((SHARED / "tass-scraper-2024" / "politics_20.json").read_text()):
        add(row["link"], row["date"], "tass-scraper")
    for name in ("tass2025.json", "tass2026.json"):
        for row in json.loads((SHARED / "tass-headlines" / name).read_text()):
            add(row["u"], row["d"], "tass-headlines")
    for url, day, _where in EXTRA:
        add(url, day, "public-pages")
    return out


def build(rows: list[tuple[str, int, str, str]]) -> list[dict[str, object]]:
    """Collapse records to one row per site and day (min id, max id, count, sources)."""
    days: dict[tuple[str, str], dict[str, object]] = {}
    sources: dict[tuple[str, str], set[str]] = defaultdict(set)
    for site, art_id, day, source in rows:
        key = (site, day)
        cur = days.setdefault(key, {"site": site, "day": day, "id_min": art_id,
                                    "id_max": art_id, "records": 0})
        cur["id_min"] = min(int(cur["id_min"]), art_id)
        cur["id_max"] = max(int(cur["id_max"]), art_id)
        cur["records"] = int(cur["records"]) + 1
        sources[key].add(source)
    table = []
    for key in sorted(days):
        row = days[key]
        row["source"] = "+".join(sorted(sources[key]))
        table.append(row)
    return table


def main() -> int:
    if not SHARED.exists():
        print(f"{SHARED} not found: the shipped table stays as it is", file=sys.stderr)
        return 1
    table = build(records())
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, ["site", "day", "id_min", "id_max", "records", "source"],
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)
    print(f"{len(table)} days, {sum(int(r['records']) for r in table)} records -> {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
