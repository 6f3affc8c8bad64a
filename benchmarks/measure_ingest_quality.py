"""Measure how right ingest is on real material: dates, years, text, boilerplate.

Prints one block per measure; run it with the package to measure on the path
(``PYTHONPATH=. python benchmarks/measure_ingest_quality.py``), or point
``PYTHONPATH`` at another checkout to measure that one the same way.

Measures
--------
``yearless``
    tass.com pages whose date line has no year: the real seed page and pages of real
    tass.com articles of known date (NewsArticles 2017 in the menu-first layout of
    that era, the 2024 scraper export in the ``All news`` layout, a sample of the
    2025-2026 headline index, the real tass.com page fixtures) with the year removed. Shares dated and dated with the
    right year, text only and with the article URL; with a URL the shipped id table
    is used without the records of the page's own day (leave-one-day-out), so no
    page is dated by its own entry.
``real-pages``
    the real tass.com pages of ``tests/fixtures/real/pages`` against what a reader sees
    on each (``expected.json``): shares with the right title, lead, dateline place and
    article opening, and with the right day, text only. The same pages (a printed year
    removed) are part of ``yearless`` as the ``real-pages`` set, with their URLs.
``html``
    saved HTML pages with their true publication date (``truth.json`` beside them:
    ``{"file.html": "2024-12-26T18:09:18+00:00"}`` or, at day precision,
    ``{"file.html": "2024-12-26"}``): share whose instant is exact (instant truth),
    share on the right UTC day (day truth), pages placed at midnight UTC although
    the truth has a time.
``text``
    word F1 of lead + body against a reference extraction beside each page
    (``--ref`` suffixes, ``.ref.txt`` by default), and of trafilatura alone
    (``extract`` with its defaults, and without reader comments) in the same run.
    ``benchmarks/build_real_html.py`` builds such a folder from real pages (jusText's
    text and trafilatura's ``favor_recall`` text as references);
    ``benchmarks/build_human_html.py`` builds ``benchmarks/_work/human_html`` (``--human``)
    from the expected texts newspaper4k and python-goose keep in their tests, measured
    in the same run: word F1 on whole texts, recall of the words on openings.
    ``--split dev`` / ``held`` measures one half of the sites, ``--pages-out`` writes
    per-page scores.
``headlines``
    headline-index records of one day found by ``load_corpus(start=day, end=day)``.
``boilerplate``
    words removed as boilerplate per source on NewsArticles, and how often the
    headline after a ``READ MORE:`` link label is removed whole (40 hand-read links).

Real data comes from ``../shared/corpora``; measures whose data is absent are skipped.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import tempfile
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
_MOSCOW = ZoneInfo("Europe/Moscow")
SHARED = ROOT.parent / "shared" / "corpora"
FIXTURES = ROOT / "tests" / "fixtures" / "real"
_MENU = ["Russian Politics & Diplomacy", "World", "Business & Economy", "Military & Defense",
         "Science & Space", "Society & Culture", "Sport", "Press Review", "Select the city",
         "Currency converter", "News Feed", "Sections", "All news"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
REAL_PAGES = FIXTURES / "pages"
#: The page store's record of a page's day before its text: not page text.
_STORE_PREFIX = re.compile(r"^\s*date \d{4}-\d{2}(?:-\d{2})?\s+")
_PRINTED_YEAR = re.compile(r"^((?:" + "|".join(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"]) + r") \d{1,2}), (?:19|20)\d\d(?=,)", re.MULTILINE)


def real_pages() -> list[dict]:
    """The real tass.com page fixtures with what a reader sees on each (``expected.json``)."""
    expected = json.loads((REAL_PAGES / "expected.json").read_text(encoding="utf-8"))
    out = []
    for name, exp in sorted(expected.items()):
        text = _STORE_PREFIX.sub("", (REAL_PAGES / name).read_text(encoding="utf-8"), count=1)
        out.append({**exp, "name": name, "text": text})
    return out


# ----------------------------------------------------------------------------- year-less pages

def _date_line(d: datetime | date, hhmm: str = "12:00") -> str:
    return f"{_MONTHS[d.month - 1]} {d.day:02d}, {hhmm} UTC+3"


def yearless_pages(sample: int = 300, seed: int = 7) -> list[dict]:
    """Year-less page texts of real tass.com articles with their true day and URL."""
    pages: list[dict] = []
    seed_page = ROOT / "seeds" / "000_552685f68ac672a1.txt"
    if seed_page.exists():
        pages.append({"text": seed_page.read_text(encoding="utf-8"), "day": date(2017, 12, 26),
                      "url": None, "set": "seed-2017"})
    for p in real_pages():
        if p["date_printed"] is None:
            continue  # nothing on the page to date
        # a printed year ("February 23, 2014, 13:33") is removed like the others'
        pages.append({"text": _PRINTED_YEAR.sub(r"\1", p["text"]),
                      "day": date.fromisoformat(p["day"]), "url": p["url"], "set": "real-pages"})
    gathered = FIXTURES / "yearless"
    truth = json.loads((gathered / "truth.json").read_text()) if gathered.exists() else {}
    for name, t in sorted(truth.items()):  # gathered year-less, split dev / held-out
        pages.append({"text": (gathered / name).read_text(encoding="utf-8"),
                      "day": date.fromisoformat(t["day"]), "url": None,
                      "set": f"gathered-{t['split']}"})
    if not SHARED.exists():
        return pages
    with open(SHARED / "newsarticles" / "NewsArticles.csv", encoding="latin-1") as fh:
        for row in csv.DictReader(fh):
            if "tass.com" not in row["article_source_link"]:
                continue
            y, m, d = (int(x) for x in row["publish_date"].split("/"))
            day = date(y, m, d)
            text = "\n".join(_MENU + ["", row["title"], "World", _date_line(day), "",
                                      row["subtitle"], "Share", "", row["text"], "",
                                      "Show more", "Topics"])
            pages.append({"text": text, "day": day, "url": row["article_source_link"],
                          "set": "newsarticles-2017"})
    for row in json.loads((SHARED / "tass-scraper-2024" / "politics_20.json").read_text()):
        when = datetime.fromisoformat(row["date"])
        text = "\n".join(["All news", row["title"], row["description"],
                          _date_line(when, when.strftime("%H:%M")), "© Photo/TASS",
                          *row["content"], "Tags", "Politics"])
        pages.append({"text": text, "day": when.date(), "url": row["link"],
                      "set": "scraper-2024"})
    heads = []
    for name in ("tass2025.json", "tass2026.json"):
        heads += json.loads((SHARED / "tass-headlines" / name).read_text())
    random.Random(seed).shuffle(heads)
    for row in heads[:sample]:
        day = date.fromisoformat(row["d"])
        text = "\n".join(["All news", row["t"], _date_line(day), row["s"] + "."])
        pages.append({"text": text, "day": day, "url": row["u"], "set": "headlines-2025"})
    return pages


def measure_yearless(sample: int) -> dict:
    from tassanalysis.ingest.errors import PageError
    from tassanalysis.ingest.tass_text import parse_tass_text

    try:
        from tassanalysis.ingest import year_cues
    except ImportError:  # an older checkout
        year_cues = None
    pages = yearless_pages(sample)
    full_table = None
    if year_cues is not None:
        full_table = year_cues._id_table()
    results: dict[str, Counter] = defaultdict(Counter)
    by_day: dict[date, list[dict]] = defaultdict(list)
    for p in pages:
        by_day[p["day"]].append(p)
    for day, group in by_day.items():
        if year_cues is not None:  # leave the page's own day out of the id table
            table = _table_without(full_table, day)
            year_cues._id_table = lambda t=table: t  # type: ignore[assignment]
        for p in group:
            for mode in ("text-only", "with-url"):
                meta = {"url": p["url"]} if (mode == "with-url" and p["url"]) else None
                if mode == "with-url" and not p["url"]:
                    continue
                key = f"{mode}"
                results[key]["pages"] += 1
                results[f"{mode}:{p['set']}"]["pages"] += 1
                try:
                    rec = parse_tass_text(p["text"], metadata=meta)
                except PageError as err:
                    results[key][f"rejected:{err.reason}"] += 1
                    continue
                when = rec["published_at"]
                if when is None:
                    results[key]["undated"] += 1
                    results[f"{mode}:{p['set']}"]["undated"] += 1
                    if "candidates=" in rec["date_source"]:
                        listed = rec["date_source"].split("candidates=")[1].split(";")[0]
                        results[key]["candidates-listed"] += 1
                        results[key]["truth-listed"] += str(p["day"].year) in listed.split("|")
                    continue
                if "confidence=low" not in rec["date_source"]:
                    results[key]["dated-medium-or-high"] += 1
                    results[key]["wrong-medium-or-high"] += when.year != p["day"].year
                right = when.year == p["day"].year
                results[key]["dated"] += 1
                results[key]["right" if right else "wrong"] += 1
                results[f"{mode}:{p['set']}"]["dated"] += 1
                results[f"{mode}:{p['set']}"]["right" if right else "wrong"] += 1
                if not right:
                    results[key][f"wrong-by:{rec['date_source']}"] += 1
    if year_cues is not None:
        year_cues._id_table = _restore(full_table)  # type: ignore[assignment]
    return results


def _table_without(table: dict, day: date) -> dict:
    out = {}
    for site, (ids, days) in table.items():
        keep = [(i, d) for i, d in zip(ids, days, strict=True) if d != day]
        out[site] = ([k[0] for k in keep], [k[1] for k in keep])
    return out


def _restore(table: dict):
    return lambda: table


def measure_real_pages() -> dict:
    """Title, lead, dateline, article opening and day on the real tass.com pages."""
    import polars as pl

    from tassanalysis.ingest.errors import PageError
    from tassanalysis.ingest.tass_text import parse_tass_text
    from tassanalysis.text import analysis_text

    out: Counter = Counter()
    misses = []
    for p in real_pages():
        out["pages"] += 1
        try:
            rec = parse_tass_text(p["text"], origin=p["name"])
        except PageError as err:
            out[f"rejected:{err.reason}"] += 1
            continue
        text = pl.DataFrame({"body": [rec["body"]]}).select(
            analysis_text("body", columns=["body"])).item()
        when, want = rec["published_at"], date.fromisoformat(p["day"])
        if when is not None:
            got = when.astimezone(_MOSCOW).date()
            month_day = (got.month, got.day)
        else:
            part = rec.get("_partial") or {}
            got, month_day = None, (part.get("month"), part.get("day"))
        checks = {
            "title": rec["title"] == p["title"],
            "lead": rec["lead"] == p["lead"],
            "dateline": rec["dateline"] == p["dateline"],
            "opening": text.startswith(p["body_starts"]),
            "day": p["date_printed"] is None or month_day == (want.month, want.day),
            "year-right": got == want,
            "year-wrong": got is not None and got != want,
        }
        for key, ok in checks.items():
            out[key] += ok
        failed = [k for k in ("title", "lead", "dateline", "opening", "day") if not checks[k]]
        failed += ["year-wrong"] if checks["year-wrong"] else []
        if failed:
            misses.append((p["name"], failed))
    out["misses"] = misses  # type: ignore[assignment]
    return out


# ----------------------------------------------------------------------------- HTML

def html_pages(folder: Path, truth_name: str = "truth.json") -> list[tuple[Path, str | None]]:
    truth_file = folder / truth_name
    truth = json.loads(truth_file.read_text()) if truth_file.exists() else {}
    return [(p, truth.get(p.name)) for p in sorted(folder.glob("*.htm*"))]


def measure_html(folder: Path, truth_name: str = "truth.json") -> dict:
    from tassanalysis.ingest.errors import PageError
    from tassanalysis.ingest.html import parse_html

    out: Counter = Counter()
    misses = []
    for path, truth in html_pages(folder, truth_name):
        if truth is None:
            continue
        out["pages"] += 1
        try:
            rec = parse_html(path.read_bytes(), origin=str(path))
        except PageError as err:
            out[f"rejected:{err.reason}"] += 1
            continue
        got = rec["published_at"]
        if len(truth) == 10:  # a calendar day: day precision
            out["day-pages"] += 1
            # a calendar day is local: an instant is on it if it falls in that day in some
            # zone of the world (UTC-12 .. UTC+14); the strict count asks for the UTC day
            start = datetime.fromisoformat(truth + "T00:00:00+00:00")
            if got is not None and got.date().isoformat() == truth:
                out["day-right-utc"] += 1
            if got is not None and start - timedelta(hours=14) <= got < start + timedelta(hours=36):
                out["day-right"] += 1
            else:
                misses.append((path.name, got.isoformat() if got else None, truth,
                               rec["date_source"]))
            continue
        out["instant-pages"] += 1
        want = datetime.fromisoformat(truth)
        if got is not None and abs(got - want) < timedelta(minutes=1):
            out["minute"] += 1  # the same minute: a page printing minutes gives no more
        if got is not None and got == want:
            out["exact"] += 1
        else:
            misses.append((path.name, got.isoformat() if got else None, truth, rec["date_source"]))
            if got is not None and (got.hour, got.minute) == (0, 0) and (want.hour, want.minute) != (0, 0):
                out["midnight-although-timed"] += 1
    out["misses"] = misses  # type: ignore[assignment]
    return out


#: Scripts written without spaces between words: each character is a token there.
_NO_SPACE = "\u0e00-\u0e7f\u1000-\u109f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[^\W{_NO_SPACE}]+|[{_NO_SPACE}]")


def _tokens(text: str) -> Counter:
    return Counter(_TOKEN.findall(text.lower()))


def _f1(pred: str, ref: str) -> float:
    p, r = _tokens(pred), _tokens(ref)
    common = sum((p & r).values())
    if not common:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(r.values())
    return 2 * precision * recall / (precision + recall)


def _recall(pred: str, ref: str) -> float:
    """Share of the reference's words (with repeats) that the prediction holds."""
    p, r = _tokens(pred), _tokens(ref)
    return sum((p & r).values()) / (sum(r.values()) or 1)


def _half(name: str) -> str:
    """``dev`` or ``held``: a stable half of the sites, by the page name's first part
    (all pages of a site fall in the same half)."""
    import hashlib

    site = re.sub(r"[\d_]+$", "", re.split(r"[._]", name.removeprefix("np4k.")
                                           .removeprefix("goose."), maxsplit=1)[0].lower())
    return "dev" if hashlib.md5(site.encode()).digest()[0] % 2 == 0 else "held"


def measure_text(folder: Path, ref_suffix: str = ".ref.txt", split: str = "all",
                 pages_out: Path | None = None) -> dict:
    """Word F1 of lead + body against a reference text (``*.ref.txt`` beside a page).

    trafilatura alone (``extract`` with its defaults) is measured on the same pages
    against the same reference, in the same run. A page whose reference is only the
    article's opening (``"kind": "opening"`` in ``provenance.json``) is measured by
    recall of the reference's words instead; a page whose reference is empty (the
    reference extractor found nothing) is left out. ``split`` ``dev`` or ``held`` keeps one
    half of the sites (:func:`_half`); ``pages_out`` gets one line per page.
    """
    import trafilatura

    from tassanalysis.ingest.errors import PageError
    from tassanalysis.ingest.html import parse_html

    prov_file = folder / "provenance.json"
    kinds = {k: v.get("kind", "full") for k, v in json.loads(prov_file.read_text()).items()} \
        if prov_file.exists() else {}
    scores: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    hosts: set[str] = set()
    lines = []
    empty_refs = 0
    for path, _truth in html_pages(folder):
        ref_path = path.with_suffix(ref_suffix)
        if not ref_path.exists() or (split != "all" and _half(path.name) != split):
            continue
        kind = kinds.get(path.name, "full")
        score = _f1 if kind == "full" else _recall
        ref = ref_path.read_text(encoding="utf-8")
        if not _tokens(ref):
            empty_refs += 1  # the reference extractor found nothing: no reference
            continue
        try:
            rec = parse_html(path.read_bytes(), origin=str(path))
            text = "\n".join(x for x in (rec["lead"], rec["body"]) if x)
            hosts.add(rec["source"])
        except PageError:
            text = ""
        raw = path.read_bytes()  # trafilatura decodes by the page's charset, as we do
        row = {"ours": score(text, ref),
               "trafilatura": score(trafilatura.extract(raw) or "", ref),
               "trafilatura_no_comments": score(
                   trafilatura.extract(raw, include_comments=False) or "", ref)}
        for key, value in row.items():
            scores[kind][key].append(value)
        lines.append(f"{row['ours'] - row['trafilatura_no_comments']:+.3f}\t{row['ours']:.3f}\t"
                     f"{row['trafilatura_no_comments']:.3f}\t{row['trafilatura']:.3f}\t"
                     f"{kind}\t{path.name}")
    if pages_out is not None:
        pages_out.write_text("\n".join(sorted(lines)) + "\n", encoding="utf-8")
    out: dict = {"pages": sum(len(v["ours"]) for v in scores.values()), "sources": len(hosts),
                 "empty_references_left_out": empty_refs}
    for kind, measure in (("full", "f1"), ("opening", "recall")):
        if kind in scores:
            out[f"{kind}_pages"] = len(scores[kind]["ours"])
            for key, values in scores[kind].items():
                out[f"{measure}_{key}"] = _mean(values)
    return out


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


# ----------------------------------------------------------------------------- tables

def measure_headlines(day: str = "2025-06-06") -> dict:
    from tassanalysis.ingest.pipeline import ingest
    from tassanalysis.store import load_corpus

    src = SHARED / "tass-headlines" / "tass2025.json"
    rows = [r for r in json.loads(src.read_text()) if r["d"] in (day, "2025-06-07")]
    expected = sum(r["d"] == day for r in rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "h.json"
        path.write_text(json.dumps(rows))
        ingest([path], out=Path(tmp) / "corpus", progress=False)
        got = load_corpus(Path(tmp) / "corpus", start=day, end=day).height
        body_words = load_corpus(Path(tmp) / "corpus")["body"].str.len_chars().sum()
    return {"day": day, "expected": expected, "found": got, "body_chars": body_words}


def measure_boilerplate() -> dict:
    from tassanalysis.ingest.pipeline import ingest

    src = SHARED / "newsarticles" / "NewsArticles.csv"
    with tempfile.TemporaryDirectory() as tmp:
        result = ingest([src], out=Path(tmp) / "corpus", progress=False)
    return {k: v for k, v in result.summary.items() if "boilerplate" in k or k == "cleaned"}


#: Words in the linked headline of 40 ``READ MORE:`` links in NewsArticles (Al Jazeera),
#: counted by reading each one: ``random.Random(5).sample`` of the links in file order.
READ_MORE_HEADLINE_WORDS = [7, 10, 6, 9, 6, 9, 7, 7, 5, 8, 8, 9, 7, 7, 9, 10, 5, 7, 4, 7, 8, 8,
                            6, 7, 6, 10, 9, 7, 7, 9, 8, 8, 6, 6, 6, 9, 9, 7, 8, 7]


def measure_link_labels() -> dict:
    """How often the headline after ``READ MORE:`` is removed whole, and never longer.

    Truth: 40 hand-read links, and the links whose headline is the title of another
    article in the corpus (an independent truth, for the links it covers).
    """
    from tassanalysis.ingest import boilerplate

    with open(SHARED / "newsarticles" / "NewsArticles.csv", encoding="latin-1") as fh:
        rows = list(csv.DictReader(fh))
    rests = [r["text"][m.end():] for r in rows
             for m in re.finditer(r"READ MORE:\s*", r["text"])]
    sample = random.Random(5).sample(rests, len(READ_MORE_HEADLINE_WORDS))
    titles = sorted({r["title"].strip() for r in rows if "aljazeera" in r["article_source_link"]})
    by_title = [(s, len(t.split())) for s in rests for t in titles if s.startswith(t + " ")]
    out = {}
    for name, truth in (("hand-read", list(zip(sample, READ_MORE_HEADLINE_WORDS, strict=True))),
                        ("corpus-titles", by_title)):
        got = [len(s[:boilerplate._headline_end(s)].split()) for s, _ in truth]
        out[name] = {"links": len(truth),
                     "exact": sum(g == w for g, (_, w) in zip(got, truth, strict=True)),
                     "too_long": sum(g > w for g, (_, w) in zip(got, truth, strict=True))}
    return out


def _print_html(truth_name: str, res: dict) -> None:
    nd, ni = res["day-pages"], res["instant-pages"]
    rejected = sum(v for k, v in res.items() if k.startswith("rejected"))
    print(f"html {truth_name}: pages {res['pages']}  rejected {rejected}  |  day truth {nd}: "
          f"right day {res['day-right'] / (nd or 1):.1%} (UTC day "
          f"{res['day-right-utc'] / (nd or 1):.1%})  |  instant truth {ni}: exact "
          f"{res['exact'] / (ni or 1):.1%} (to the minute {res['minute'] / (ni or 1):.1%})  "
          "midnight-although-timed "
          f"{res['midnight-although-timed']}")
    for miss in res["misses"]:
        print("    miss", *miss)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", default=None)
    ap.add_argument("--sample", type=int, default=300)
    ap.add_argument("--html", type=Path, default=FIXTURES / "html")
    ap.add_argument("--truth", nargs="*", default=["truth.json"],
                    help="truth files in the --html folder")
    ap.add_argument("--ref", nargs="*", default=[".ref.txt"],
                    help="suffixes of the reference texts beside the pages")
    ap.add_argument("--split", choices=["all", "dev", "held"], default="all",
                    help="text: measure one half of the sites (dev / held out) or all")
    ap.add_argument("--pages-out", type=Path, default=None,
                    help="text: write per-page scores (ours minus trafilatura without comments, "
                         "ours, trafilatura without comments, trafilatura) to this file, "
                         "one per reference suffix")
    ap.add_argument("--human", type=Path, default=ROOT / "benchmarks" / "_work" / "human_html",
                    help="text: pages with expected texts from other extractors' tests "
                         "(benchmarks/build_human_html.py), measured in the same run")
    args = ap.parse_args(argv)
    todo = args.only or ["real-pages", "yearless", "html", "text", "headlines", "boilerplate"]
    for name in todo:
        if name == "yearless":
            res = measure_yearless(args.sample)
            for key in sorted(res):
                c = res[key]
                n = c["pages"]
                print(f"yearless {key:32s} pages {n:4d}  dated {c['dated'] / n:6.1%}  "
                      f"right-year {c['right'] / n:6.1%}  wrong {c['wrong']:3d}  "
                      f"undated {c['undated'] / n:6.1%}")
                for k, v in sorted(c.items()):
                    if k.startswith(("wrong-by", "rejected", "candidates-listed", "truth-listed",
                                      "dated-medium", "wrong-medium")):
                        print(f"    {k}: {v}")
        elif name == "real-pages":
            res = measure_real_pages()
            n = res["pages"]
            print(f"real-pages: {n} pages  " + "  ".join(
                f"{k} {res[k] / n:.0%}" if k != "year-wrong" else f"{k} {res[k]}"
                for k in ("title", "lead", "dateline", "opening", "day", "year-right",
                          "year-wrong")) + "  (text only)")
            for miss in res["misses"]:
                print("    miss", *miss)
        elif name == "html" and args.html.exists():
            for truth_name in args.truth:
                if (args.html / truth_name).exists():
                    _print_html(truth_name, measure_html(args.html, truth_name))
        elif name == "text" and args.html.exists():
            for suffix in args.ref:
                pages_out = (args.pages_out.with_name(args.pages_out.name + suffix)
                             if args.pages_out else None)
                print("text", suffix, args.split,
                      measure_text(args.html, suffix, args.split, pages_out))
            if args.human.exists():
                suffix = ".ref-human.txt"
                pages_out = (args.pages_out.with_name(args.pages_out.name + suffix)
                             if args.pages_out else None)
                print("text", suffix, args.split,
                      measure_text(args.human, suffix, args.split, pages_out))
        elif name == "headlines" and SHARED.exists():
            print("headlines", measure_headlines())
        elif name == "boilerplate" and SHARED.exists():
            print("boilerplate", measure_boilerplate())
            print("boilerplate link headlines", measure_link_labels())
    return 0


if __name__ == "__main__":
    sys.exit(main())
