"""Benchmark: exact actor matching plus co-mention pair counting over synthetic corpora.

For each size, a fresh Python process generates the corpus (not timed), compiles the
default gazetteer (not timed: it is compiled once per session), then times
``co_mention_counts(corpus)``: every alias form found at word boundaries in title +
lead + body (datelines left out), roles resolved by date, and actor and pair counts
per document. Peak resident memory is sampled in a thread. In the same process it
times, on a subsample extrapolated linearly, the baseline of a Python loop doing the
same exact matching with one compiled ``re`` alternation of every alias form with
word boundaries (longest forms first), then counting pairs with ``itertools``. As the
speed-of-light reference it times Polars' bare Aho-Corasick pass (``str.extract_many``:
no word boundaries, no rules, no counting) over the same text, prepared outside the
timing; a ratio above 1 means the exact pipeline is faster than that bare pass.

Usage::

    python benchmarks/bench_actors.py                       # 100k articles
    python benchmarks/bench_actors.py --sizes 100000 1000000
    python benchmarks/bench_actors.py --sizes 1000000 --unit sentence   # memory at 1M
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


_CAPITAL = re.compile(r" [A-ZА-ЯЁ]")
_FORMER = ("former ", "Former ", "ex-", "Ex-", "late ", "бывший ", "бывшего ", "бывшему ",
           "бывшим ", "экс-")


def re_loop(texts: list[str], sources: list[str], days: list, table: dict[str, tuple],
            holders: dict[str, list[tuple]], own: dict[str, set[str]]) -> Counter:
    """The baseline: the package's matching rules in plain Python with one word-bounded
    ``re`` alternation (longest forms first), then pairs per document.

    ``table`` maps each form to (kind, actor_id, role); ``holders`` maps a role to
    (actor_id, from, to) spans; ``own`` maps an outlet to the actors it publishes as.
    """
    alternation = "|".join(re.escape(p) for p in sorted(table, key=len, reverse=True))
    regex = re.compile(rf"(?<![^\W_])(?:{alternation})(?![^\W_])")
    pairs: Counter = Counter()
    for text, source, day in zip(texts, sources, days, strict=True):
        actors = set()
        for m in regex.finditer(text):
            kind, actor, role = table[m.group(0)]
            if kind in ("role", "surname", "ambiguous") and _CAPITAL.match(text, m.end()):
                continue  # a longer name goes on: the name decides
            if kind == "role":
                if text[:m.start()].endswith(_FORMER):
                    continue
                actor = next((a for a, start, end in holders[role]
                              if day is not None and start <= day and (end is None or day <= end)),
                             None)
            if actor is not None:
                actors.add(actor)
        pairs.update(itertools.combinations(sorted(actors - own.get(source, set())), 2))
    return pairs


def measure(n_articles: int, *, sample: int, words: int, seed: int,
            unit: str = "document") -> dict:
    sys.path.insert(0, str(ROOT))
    import polars as pl
    import psutil

    from benchmarks.bench_terms import PeakRSS, _timed
    from benchmarks.synthetic import synthetic_corpus
    from tassanalysis.actors import co_mention_counts, load_gazetteer, matcher_for
    from tassanalysis.text import analysis_text

    corpus, gen_wall, _ = _timed(lambda: synthetic_corpus(n_articles, words_per_article=words,
                                                          seed=seed))
    gaz = load_gazetteer()
    matcher = matcher_for(gaz)
    co_mention_counts(corpus.head(1_000), unit=unit)  # warm-up
    rss_before = psutil.Process().memory_info().rss
    with PeakRSS() as rss:
        counts, wall, cpu = _timed(lambda: co_mention_counts(corpus, unit=unit))
    n_pairs = int(counts.filter(pl.col("kind") == "pair")["count"].sum())
    n_mentions = int(counts.filter(pl.col("kind") == "actor")["count"].sum())

    # The speed-of-light reference: Polars' bare Aho-Corasick pass (str.extract_many,
    # no word boundaries, no rules, no counting) over the same analysed text, prepared
    # outside the timing, in slices of 100k articles.
    bare_wall = bare_cpu = 0.0
    for offset in range(0, n_articles, 100_000):
        part = corpus.slice(offset, 100_000)
        texts = part.select(analysis_text(("title", "lead", "body"),
                                          columns=part.columns)).to_series()
        _, w, c = _timed(lambda texts=texts: texts.str.extract_many(matcher.search,
                                                                    leftmost=True))
        bare_wall, bare_cpu = bare_wall + w, bare_cpu + c
    del texts

    figures = {
        "unit": unit, "articles": n_articles, "patterns": len(matcher.search),
        "corpus_mb": round(corpus.estimated_size("mb"), 1), "generate_s": round(gen_wall, 2),
        "wall_s": round(wall, 3), "cpu_s": round(cpu, 3), "docs_per_s": round(n_articles / wall),
        "docs_per_cpu_s": round(n_articles / cpu), "document_actors": n_mentions,
        "pairs": n_pairs, "rss_before_gb": round(rss_before / 2**30, 2),
        "peak_rss_gb": round(rss.peak / 2**30, 2),
        "extract_many_s": round(bare_wall, 3), "extract_many_cpu_s": round(bare_cpu, 3),
        "vs_extract_many": round(bare_wall / wall, 2),
        "cpu_vs_extract_many": round(bare_cpu / cpu, 2),
        "threads": pl.thread_pool_size(), "cpus": os.cpu_count(),
        "load": round(os.getloadavg()[0], 2),
    }
    if unit != "document" or not sample:  # the re baseline counts pairs per document
        return figures
    step = max(1, n_articles // sample)
    subsample = corpus.gather_every(step).head(sample)
    texts = subsample.select(analysis_text(("title", "lead", "body"),
                                           columns=subsample.columns)).to_series().to_list()
    table = {p: (k, a, r) for p, k, a, r in matcher.patterns.select(
        "pattern", "kind", "actor_id", "role").iter_rows()}
    holders: dict[str, list[tuple]] = {}
    for role, actor_id, start, end in gaz.roles.iter_rows():
        holders.setdefault(role, []).append((actor_id, start, end))
    own: dict[str, set[str]] = {}
    for actor_id, outlets in gaz.actors.select("actor_id", "outlets").iter_rows():
        for outlet in outlets:
            own.setdefault(outlet, set()).add(actor_id)
    scale = n_articles / len(texts)
    days = [d.date() if d is not None else None for d in subsample["published_at"].to_list()]
    base_pairs, re_wall, re_cpu = _timed(
        lambda: re_loop(texts, subsample["source"].to_list(), days, table, holders, own))
    # the same subsample through the package, to check both count the same pairs
    ours = co_mention_counts(subsample).filter(pl.col("kind") == "pair")
    agree = int(ours["count"].sum()) == sum(base_pairs.values())
    return {**figures, "baseline_sample": len(texts), "re_s": round(re_wall * scale, 1),
            "re_cpu_s": round(re_cpu * scale, 1),
            "speedup_vs_re": round(re_wall * scale / wall, 1),
            "cpu_speedup_vs_re": round(re_cpu * scale / cpu, 1),
            "pairs_agree_on_sample": agree}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000],
                        help="corpus sizes in articles (default: 100000)")
    parser.add_argument("--baseline-sample", type=int, default=300,
                        help="articles the re baseline runs on (extrapolated linearly)")
    parser.add_argument("--words", type=int, default=350, help="mean words per article")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--unit", choices=("document", "paragraph", "sentence"),
                        default="document", help="co-mention unit (the Python re baseline "
                        "counts per document, so it runs with the document unit only)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.child, sample=args.baseline_sample, words=args.words,
                                 seed=args.seed, unit=args.unit)))
        return 0
    rows = []
    for size in args.sizes:
        started = time.perf_counter()
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(size), "--baseline-sample",
             str(args.baseline_sample), "--words", str(args.words), "--seed", str(args.seed),
             "--unit", args.unit],
            check=True, capture_output=True, text=True)
        row = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(row)
        baseline = (f"Python re loop {row['re_s']:,.0f} s ({row['speedup_vs_re']:,}x wall, "
                    f"{row['cpu_speedup_vs_re']:,}x CPU; extrapolated from "
                    f"{row['baseline_sample']:,} articles; same pairs: "
                    f"{row['pairs_agree_on_sample']})" if "re_s" in row
                    else "Python re loop: per document only")
        print(f"{row['articles']:>9,} articles, {row['patterns']:,} alias patterns, unit "
              f"{row['unit']} | matching + pair counting {row['wall_s']:.2f} s wall "
              f"({row['cpu_s']:.2f} s CPU), {row['docs_per_s']:,} docs/s "
              f"({row['docs_per_cpu_s']:,} per CPU-second), peak RSS {row['peak_rss_gb']:.2f} GB "
              f"(corpus {row['corpus_mb']:,.0f} MB) | {row['document_actors']:,} "
              f"(unit, actor) rows, {row['pairs']:,} pairs | {baseline}"
              f" | bare Polars extract_many {row['extract_many_s']:.2f} s wall "
              f"({row['extract_many_cpu_s']:.2f} s CPU): {row['vs_extract_many']}x wall, "
              f"{row['cpu_vs_extract_many']}x CPU of ours"
              f" | {row['threads']} threads | load {row['load']} | run "
              f"{time.perf_counter() - started:.0f} s",
              flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
