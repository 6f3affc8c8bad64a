"""Benchmark: dictionary topic trends and learned topics (NMF) over synthetic corpora.

For each size, a fresh Python process generates the corpus (not timed), then times

* ``topic_trends(corpus, period="month")`` with the default dictionary (14 topics,
  ~1,400 literal terms with Russian inflections) on title + body;
* ``fit_topics(corpus, k=20, method="nmf")``: the document–term matrix from the
  package's tokens and stopwords (Polars), then scikit-learn's NMF;
* the plain scikit-learn pipeline in the same process: ``CountVectorizer`` (same
  token rule, same stopwords, same ``min_df``/``max_df``/``max_features``) +
  ``TfidfTransformer`` + the same ``NMF`` settings;

and samples resident memory in a thread (psutil, every 10 ms). Ratios are
against the scikit-learn pipeline measured in the same run.

Usage::

    python benchmarks/bench_topics.py                       # 100k articles
    python benchmarks/bench_topics.py --sizes 100000 1000000
    python benchmarks/bench_topics.py --words 120           # shorter articles
    python benchmarks/bench_topics.py --sizes 1000000 --no-nmf

``cpu_s`` gives the CPU seconds of each step (all threads): on a shared machine,
wall time grows with the load, CPU time much less.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


_CPU: dict[str, float] = {}


def _timed(fn, label: str = ""):
    sys.path.insert(0, str(ROOT))
    from benchmarks.bench_terms import PeakRSS

    with PeakRSS() as mem:
        start, cpu = time.perf_counter(), time.process_time()
        result = fn()
        seconds = time.perf_counter() - start
    _CPU[label] = round(time.process_time() - cpu, 2)
    return result, seconds, mem.peak / 2**30


def run_one(n: int, words: int, k: int, max_iter: int, nmf: bool = True) -> dict:
    sys.path.insert(0, str(ROOT))
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

    from benchmarks.synthetic import synthetic_corpus
    from tassanalysis import text as _text
    from tassanalysis.terms import term_frequency
    from tassanalysis.topics import fit_topics, topic_trends

    corpus = synthetic_corpus(n, words_per_article=words)
    out = {"articles": n, "words_per_article": words, "k": k, "max_iter": max_iter}

    # Reference: the package's monthly term counts on the same text (the same tokenizer).
    _, secs, gb = _timed(lambda: term_frequency(corpus, period="month",
                                                text=["title", "body"]), "terms")
    out["term_frequency_s"], out["term_frequency_gb"] = round(secs, 2), round(gb, 2)
    trends, secs, gb = _timed(lambda: topic_trends(corpus, period="month",
                                                  text=("title", "body")), "trends")
    out["dictionary_trends_s"], out["dictionary_trends_gb"] = round(secs, 2), round(gb, 2)
    out["dictionary_trends_s_per_100k"] = round(secs * 100_000 / n, 2)
    out["dictionary_rows"] = trends.height
    out["dictionary_vs_term_frequency"] = round(out["dictionary_trends_s"]
                                                / out["term_frequency_s"], 2)
    if not nmf:
        out["cpu_s"] = dict(_CPU)
        return out

    options = dict(min_df=5, max_df=0.5, max_terms=10_000)
    model, secs, gb = _timed(lambda: fit_topics(corpus, k=k, method="nmf", seed=0,
                                                text=("title", "body"), max_iter=max_iter,
                                                **options), "nmf")
    out["nmf_s"], out["nmf_gb"] = round(secs, 2), round(gb, 2)
    out["nmf_iterations"] = int(model.model.n_iter_)

    # The plain scikit-learn pipeline, same token rule, stopwords and limits.
    stop = sorted(_text.stopwords(("en", "ru")))
    from benchmarks.bench_terms import PY_TOKEN_PATTERN

    def plain():
        texts = (corpus["title"].fill_null("") + "\n\n" + corpus["body"]).to_list()
        vec = CountVectorizer(token_pattern=PY_TOKEN_PATTERN, stop_words=stop, min_df=5,
                              max_df=0.5, max_features=10_000)
        counts = vec.fit_transform(texts)
        weights = TfidfTransformer(sublinear_tf=True).fit_transform(counts)
        nmf = NMF(n_components=k, init="random", random_state=0, max_iter=max_iter, tol=1e-4)
        nmf.fit_transform(weights)
        return nmf

    base, secs, gb = _timed(plain, "sklearn")
    out["sklearn_s"], out["sklearn_gb"] = round(secs, 2), round(gb, 2)
    out["sklearn_iterations"] = int(base.n_iter_)
    out["nmf_vs_sklearn"] = round(out["nmf_s"] / out["sklearn_s"], 2)
    out["nmf_s_per_100k"] = round(out["nmf_s"] * 100_000 / n, 2)
    out["cpu_s"] = dict(_CPU)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--words", type=int, default=350)
    parser.add_argument("--k", type=int, default=20)
    parser.add_argument("--max-iter", type=int, default=50)
    parser.add_argument("--no-nmf", action="store_true", help="time dictionary trends only")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.words, args.k, args.max_iter,
                                 nmf=not args.no_nmf)))
        return
    for n in args.sizes:
        env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
        done = subprocess.run([sys.executable, __file__, "--one", str(n), "--words",
                               str(args.words), "--k", str(args.k), "--max-iter",
                               str(args.max_iter)] + (["--no-nmf"] if args.no_nmf else []),
                              capture_output=True, text=True, env=env)
        if done.returncode:
            print(done.stderr[-3000:], file=sys.stderr)
            raise SystemExit(done.returncode)
        row = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"{n:>9,} articles: dictionary trends {row['dictionary_trends_s']} s "
              f"({row['dictionary_trends_s_per_100k']} s/100k, {row['dictionary_trends_gb']} GB; "
              f"{row['dictionary_vs_term_frequency']}x term_frequency)")
        if "nmf_s" in row:
            print(f"    NMF k={row['k']} {row['nmf_s']} s ({row['nmf_s_per_100k']} s/100k, "
                  f"{row['nmf_gb']} GB, {row['nmf_iterations']} it.); scikit-learn "
                  f"CountVectorizer+NMF {row['sklearn_s']} s ({row['sklearn_gb']} GB, "
                  f"{row['sklearn_iterations']} it.); ratio {row['nmf_vs_sklearn']}")
        print(json.dumps(row))


if __name__ == "__main__":
    main()
