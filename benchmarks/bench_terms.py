"""Benchmark: term frequency per month over synthetic news-like corpora.

For each size, a fresh Python process generates the corpus (not timed), then
times ``tassanalysis.terms.term_frequency(corpus, period="month")`` and samples
its resident memory in a thread (psutil, every 10 ms). In the same process it
times two baselines doing the same job (the same token rules, stopwords dropped,
counts per month) on a subsample, extrapolated linearly to the full size:

* NLTK ``RegexpTokenizer`` + ``collections.Counter`` in a Python loop;
* scikit-learn ``CountVectorizer`` (sparse matrix, summed per month).

The baselines count occurrences only; ``term_frequency`` also counts documents
per term and fills the per-month table.

Usage::

    python benchmarks/bench_terms.py                       # 100k articles
    python benchmarks/bench_terms.py --sizes 100000 1000000
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Python-regex form of tassanalysis.text.token_pattern() (same rules; see tests/test_text.py).
_L = r"[^\W\d_]"
_B = r"[^\W_]"
_CONT = rf"(?:[-‐]{_B}+|['’](?:[^\W\d_sS]{_L}*|[sS]{_L}+))"
PY_TOKEN_PATTERN = rf"(?:{_L}\.){{2,}}|{_L}(?:{_B}+|{_CONT}){_CONT}*"


class PeakRSS:
    """Sample this process's resident set size in a thread; ``peak`` in bytes."""

    def __init__(self, interval: float = 0.01):
        import psutil

        self.process = psutil.Process()
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(self.interval)

    def __enter__(self) -> PeakRSS:
        self.peak = self.process.memory_info().rss
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss)


def _timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def nltk_counter_loop(bodies: list[str], months: list[int], stop: frozenset[str]) -> dict:
    from nltk.tokenize import RegexpTokenizer

    tokenizer = RegexpTokenizer(PY_TOKEN_PATTERN)
    counts: dict[int, Counter] = {}
    for body, month in zip(bodies, months, strict=True):
        counter = counts.setdefault(month, Counter())
        counter.update(w for w in tokenizer.tokenize(body.lower()) if w not in stop)
    return counts


def sklearn_count_vectorizer(bodies: list[str], months: list[int], stop: frozenset[str]) -> dict:
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer

    vectorizer = CountVectorizer(token_pattern=PY_TOKEN_PATTERN, lowercase=True,
                                 stop_words=sorted(stop))
    matrix = vectorizer.fit_transform(bodies)
    month_array = np.asarray(months)
    return {m: np.asarray(matrix[month_array == m].sum(axis=0)).ravel()
            for m in np.unique(month_array)}


def measure(n_articles: int, *, sample: int, words: int, seed: int) -> dict:
    """Run one size in this process and return the figures."""
    sys.path.insert(0, str(ROOT))
    import polars as pl

    from benchmarks.synthetic import synthetic_corpus
    from tassanalysis import terms
    from tassanalysis.text import stopwords

    corpus, gen_wall, _ = _timed(lambda: synthetic_corpus(n_articles, words_per_article=words,
                                                          seed=seed))
    corpus_mb = corpus.estimated_size("mb")
    terms.term_frequency(corpus.head(2_000), period="month")  # warm-up (regex compile, imports)
    import psutil

    rss_before = psutil.Process().memory_info().rss
    with PeakRSS() as rss:
        result, wall, cpu = _timed(lambda: terms.term_frequency(corpus, period="month", top=50))
    n_tokens = int(result.unique("period")["tokens"].sum())

    step = max(1, n_articles // sample)
    subsample = corpus.gather_every(step).head(sample)
    bodies = subsample["body"].to_list()
    months = subsample["published_at"].dt.month().to_list()
    scale = n_articles / len(bodies)
    stop = stopwords("en")
    _, nltk_wall, _ = _timed(lambda: nltk_counter_loop(bodies, months, stop))
    _, sk_wall, _ = _timed(lambda: sklearn_count_vectorizer(bodies, months, stop))
    return {
        "articles": n_articles, "tokens": n_tokens, "corpus_mb": round(corpus_mb, 1),
        "generate_s": round(gen_wall, 2), "wall_s": round(wall, 3), "cpu_s": round(cpu, 3),
        "tokens_per_s": round(n_tokens / wall), "rss_before_gb": round(rss_before / 2**30, 2),
        "peak_rss_gb": round(rss.peak / 2**30, 2),
        "baseline_sample": len(bodies), "baseline_extrapolated": scale > 1,
        "nltk_s": round(nltk_wall * scale, 2), "sklearn_s": round(sk_wall * scale, 2),
        "speedup_vs_nltk": round(nltk_wall * scale / wall, 1),
        "speedup_vs_sklearn": round(sk_wall * scale / wall, 1),
        "threads": pl.thread_pool_size(), "cpus": os.cpu_count(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000],
                        help="corpus sizes in articles (default: 100000)")
    parser.add_argument("--baseline-sample", type=int, default=20_000,
                        help="articles the baselines run on (extrapolated linearly beyond)")
    parser.add_argument("--words", type=int, default=350, help="mean words per article")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.child, sample=args.baseline_sample, words=args.words,
                                 seed=args.seed)))
        return 0
    rows = []
    for size in args.sizes:
        # A fresh process per size, so that peak memory belongs to that size alone.
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(size), "--baseline-sample",
             str(args.baseline_sample), "--words", str(args.words), "--seed", str(args.seed)],
            check=True, capture_output=True, text=True)
        row = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(row)
        label = "extrapolated from" if row["baseline_extrapolated"] else "measured on"
        print(f"{row['articles']:>9,} articles {row['tokens']:>12,} tokens | "
              f"term_frequency per month {row['wall_s']:7.2f} s wall ({row['cpu_s']:.2f} s CPU), "
              f"{row['tokens_per_s'] / 1e6:5.1f} M tokens/s, peak RSS {row['peak_rss_gb']:.2f} GB "
              f"(corpus {row['corpus_mb']:,.0f} MB) | NLTK loop {row['nltk_s']:.1f} s "
              f"({row['speedup_vs_nltk']}x), CountVectorizer {row['sklearn_s']:.1f} s "
              f"({row['speedup_vs_sklearn']}x), baselines {label} {row['baseline_sample']:,} "
              f"articles | {row['threads']} threads", flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
