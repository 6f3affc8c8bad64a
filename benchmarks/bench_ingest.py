"""Ingest speed: page dumps per second and table rows per second.

Page dumps: a synthetic set (default 100,000) built from real article bodies
(the NewsArticles sample in ``data/sample/``) wrapped in tass.com page chrome
of three layouts. It measures

* the page parser alone, on one core (pages/s per core);
* the whole ``ingest`` run from files on disk to a corpus store, all cores;
* a naive baseline in the same run: a typical one-off script that reads each
  file, finds the date with ``dateutil``'s fuzzy parser and keeps the lines that
  are not in a list of known chrome lines.

Saved HTML pages: ``parse_html`` on real pages of many publishers (the set
``benchmarks/build_real_html.py`` builds in ``benchmarks/_work/real_html``, else
the HTML fixtures in ``tests/``), pages/s on one core, against trafilatura's
``extract`` alone on the same pages in the same run.

Tables: ``read_table`` on a synthetic headline index (default 1,000,000 rows,
CSV) against a ``csv.DictReader`` loop that builds the same rows.

Run::

    python benchmarks/bench_ingest.py                 # 100k pages, 1M table rows
    python benchmarks/bench_ingest.py --pages 20000 --rows 200000
    python benchmarks/bench_ingest.py --only html --html-rounds 3
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

import polars as pl

from tassanalysis.ingest import PageError, ingest
from tassanalysis.ingest.tabular import read_table
from tassanalysis.ingest.tass_text import parse_tass_text

ROOT = Path(__file__).resolve().parents[1]

SAMPLE = ROOT / "data" / "sample" / "newsarticles.parquet"
SEED = ROOT / "seeds" / "000_552685f68ac672a1.txt"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
SECTIONS = ["Russian Politics & Diplomacy", "World", "Business & Economy", "Military & Defense",
            "Science & Space", "Society & Culture", "Sport"]
CITIES = ["MOSCOW", "WASHINGTON", "BEIJING", "BERLIN", "ST. PETERSBURG", "UNITED NATIONS"]


def _seed_chrome() -> tuple[str, str]:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    head = "\n".join(lines[: lines.index("More news") + 1])
    tail = "\n".join(lines[lines.index("{{item.group_date}}"):])
    return head, tail


def synthetic_pages(n: int, *, seed: int = 0, truth: list | None = None) -> list[str]:
    """Return ``n`` page dumps: real bodies in tass.com chrome of three layouts.

    With ``truth`` (a list), append ``(local publication time, body)`` for each page.
    """
    rng = random.Random(seed)
    frame = pl.read_parquet(SAMPLE, columns=["title", "subtitle", "text"]).drop_nulls("text")
    titles, leads, texts = (frame[c].to_list() for c in ("title", "subtitle", "text"))
    head, tail = _seed_chrome()
    start = datetime(2017, 1, 2, 9, 0)
    pages = []
    for i in range(n):
        k = rng.randrange(len(texts))
        # paragraphs drawn from three real articles: every synthetic body is unique
        sentences = [s for j in (k, rng.randrange(len(texts)), rng.randrange(len(texts)))
                     for s in texts[j].replace('""?', "\u201d ").split(". ")]
        picked = rng.sample(sentences, min(len(sentences), 12))
        paras = [". ".join(picked[j:j + 3]) for j in range(0, len(picked), 3)]
        when = start + timedelta(minutes=7 * i)
        city = rng.choice(CITIES)
        date_line = f"{MONTHS[when.month - 1]} {when.day}, {when:%H:%M} UTC+3"
        body = f"{city}, {MONTHS[when.month - 1]} {when.day}./TASS/. " + "\n\n".join(paras)
        title = titles[k] or "Untitled"
        lead = leads[k] or f"{title}, sources told TASS"
        layout = i % 3
        if layout == 0:
            page = (f"{head}\n\n{title}\n\n{rng.choice(SECTIONS)}\n{date_line}\n\n{lead}\n\n"
                    f"Share\n1 pages in this article\n\n{body}\n\n{tail}")
        elif layout == 1:
            page = (f"All news\n{title}\n{lead}\n\u00a9 Photographer/TASS\n"
                    f"{when:%B %d, %Y}, {when:%H:%M} UTC+3\n\n{body}\n\nTags\nRussia\n"
                    f"Read more\n{tail}")
        else:
            page = (f"Back to Main page\n{title}\n\n{date_line} {city}\n\n{lead}\n\n{body}\n\n"
                    "Show more\nShare\nTopics\nWorld\n")
        pages.append(page)
        if truth is not None:
            truth.append((when, body))
    return pages


def naive_parse(text: str, chrome: list[str]) -> dict:
    """A typical one-off script: fuzzy date search, chrome lines from a list."""
    from dateutil import parser as dateparser

    when = None
    for line in text.splitlines():
        if "UTC" in line:
            try:
                when = dateparser.parse(line.replace("UTC+3", ""), fuzzy=True)
                break
            except (ValueError, OverflowError):
                continue
    body = [ln for ln in text.splitlines() if ln.strip() and ln not in chrome]
    return {"published_at": when, "body": "\n\n".join(body)}


def bench_pages(n: int, *, files: int) -> None:
    print(f"building {n:,} synthetic page dumps …", flush=True)
    truth: list = []
    pages = synthetic_pages(n, truth=truth)
    size = sum(len(p) for p in pages) / n
    print(f"  mean page size {size:,.0f} characters")

    failed = 0
    parsed = []
    t0 = time.perf_counter()
    for i, text in enumerate(pages):
        try:
            parsed.append(parse_tass_text(text, origin=f"page-{i}", year=2017))
        except PageError:
            failed += 1
            parsed.append(None)
    parse_s = time.perf_counter() - t0
    ours = n / parse_s

    head, tail = _seed_chrome()
    chrome = [ln for ln in (head + "\n" + tail).splitlines() if ln.strip()]
    m = min(n, 5_000)
    t0 = time.perf_counter()
    naive_out = [naive_parse(text, chrome) for text in pages[:m]]
    naive = m / (time.perf_counter() - t0)

    def right(records, k: int) -> tuple[float, float]:
        dates = bodies = 0
        for rec, (when, body) in zip(records[:k], truth[:k], strict=True):
            if rec is None:
                continue
            got = rec["published_at"]
            if got is not None and got.tzinfo is not None:
                got = (got + timedelta(hours=3)).replace(tzinfo=None)
            dates += got == when
            bodies += " ".join(rec["body"].split()) == " ".join(body.split())
        return 100 * dates / k, 100 * bodies / k
    print("page parser, one core:")
    print(f"  tassanalysis.parse_tass_text  {ours:10,.0f} pages/s  ({parse_s:.1f} s for {n:,}, "
          f"{failed} rejected)")
    print(f"  naive baseline (dateutil)     {naive:10,.0f} pages/s  (measured on {m:,})")
    print(f"  ratio                         {ours / naive:10.1f}x")
    ours_d, ours_b = right(parsed, m)
    naive_d, naive_b = right(naive_out, m)
    print(f"  right on the first {m:,} pages: date and time {ours_d:.1f}% vs {naive_d:.1f}%, "
          f"body exactly {ours_b:.1f}% vs {naive_b:.1f}% (tassanalysis vs naive)")

    work = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    try:
        folder = work / "pages"
        folder.mkdir()
        k = min(files, n)
        for i, text in enumerate(pages[:k]):
            (folder / f"{i:07d}.txt").write_text(text, encoding="utf-8")
        t0 = time.perf_counter()
        result = ingest([folder], work / "corpus", year=2017, progress=False)
        full_s = time.perf_counter() - t0
        print(f"whole ingest from {k:,} files to a store (all cores):")
        print(f"  {k / full_s:10,.0f} pages/s  ({full_s:.1f} s; {result.articles.height:,} "
              f"articles, {result.rejects.height} rejects, "
              f"{sum(result.summary['duplicates'].values())} duplicates merged)")
        t0 = time.perf_counter()
        again = ingest([folder], work / "corpus", year=2017, progress=False)
        print(f"  re-run on the same files: {time.perf_counter() - t0:.2f} s, "
              f"{again.summary['skipped_unchanged']:,} skipped, corpus "
              f"{again.articles.height:,} articles")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def bench_tables(rows: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-tables-"))
    try:
        rng = random.Random(1)
        path = work / "headlines.csv"
        start = datetime(2025, 6, 1)
        frame = pl.DataFrame({
            "t": [f"Headline number {i} about {rng.choice(CITIES).title()}" for i in range(rows)],
            "d": [(start + timedelta(minutes=i)).strftime("%Y-%m-%d") for i in range(rows)],
            "u": [f"https://tass.com/{rng.choice(['politics', 'world', 'economy'])}/{2_000_000 + i}"
                  for i in range(rows)],
            "s": [f"{rng.choice(CITIES)}, June 6. /TASS/. Text of item {i}" for i in range(rows)],
            "cat": [rng.choice(SECTIONS) for _ in range(rows)],
        })
        frame.write_csv(path)
        t0 = time.perf_counter()
        articles, rejects = read_table(path)
        ours_s = time.perf_counter() - t0
        m = min(rows, 200_000)
        t0 = time.perf_counter()
        out = []
        with open(path, newline="", encoding="utf-8") as fh:
            for i, row in enumerate(csv.DictReader(fh)):
                if i >= m:
                    break
                out.append({"title": row["t"], "url": row["u"], "body": row["s"],
                            "published_at": datetime.strptime(row["d"], "%Y-%m-%d"),
                            "section": row["u"].split("/")[3], "tags": [row["cat"]]})
        naive_s = time.perf_counter() - t0
        print(f"tables ({rows:,}-row headline CSV):")
        print(f"  read_table          {rows / ours_s:12,.0f} rows/s  ({ours_s:.2f} s, "
              f"{articles.height:,} articles, {rejects.height} rejects)")
        print(f"  csv.DictReader loop {m / naive_s:12,.0f} rows/s  (measured on {m:,})")
        print(f"  ratio               {(rows / ours_s) / (m / naive_s):12.1f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def bench_html(folder: Path | None = None, rounds: int = 1) -> None:
    """``parse_html`` pages/s on real saved pages, and trafilatura's ``extract`` alone.

    Times are CPU seconds of this process (``time.process_time``), the fastest of
    ``rounds``, so other work on a shared machine disturbs them less.
    """
    import trafilatura

    from tassanalysis.ingest.html import parse_html

    if folder is None:
        work = ROOT / "benchmarks" / "_work" / "real_html"
        folder = work if work.exists() else ROOT / "tests" / "fixtures"
    pages = [p.read_bytes() for p in sorted(folder.rglob("*.htm*"))]
    print(f"saved HTML: {len(pages)} pages from {folder}, {rounds} round(s)")
    best_ours = best_traf = float("inf")
    for _ in range(rounds):
        t0 = time.process_time()
        for raw in pages:
            try:
                parse_html(raw)
            except PageError:
                pass
        best_ours = min(best_ours, time.process_time() - t0)
        t0 = time.process_time()
        for raw in pages:
            trafilatura.extract(raw)
        best_traf = min(best_traf, time.process_time() - t0)
    print(f"  tassanalysis.parse_html       {len(pages) / best_ours:10,.1f} pages/s")
    print(f"  trafilatura.extract alone     {len(pages) / best_traf:10,.1f} pages/s")
    print(f"  ratio                         {best_traf / best_ours:10.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--files", type=int, default=20_000,
                        help="how many of the pages to write as files for the whole-run figure")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--only", nargs="*", choices=["pages", "html", "tables"],
                        default=["pages", "html", "tables"])
    parser.add_argument("--html", type=Path, default=None,
                        help="folder of saved HTML pages (default: the real set, else fixtures)")
    parser.add_argument("--html-rounds", type=int, default=1,
                        help="rounds over the HTML pages; the fastest counts")
    args = parser.parse_args()
    if "pages" in args.only:
        bench_pages(args.pages, files=args.files)
    if "html" in args.only:
        bench_html(args.html, args.html_rounds)
    if "tables" in args.only:
        bench_tables(args.rows)


if __name__ == "__main__":
    main()
