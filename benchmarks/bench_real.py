"""Benchmark: every heavy analysis on real text, against a naive pipeline in the same run.

The corpus is the shipped sample as ``make report`` ingests it (``seeds/`` and
``data/sample/``: 3,840 real articles of nine outlets), replicated to ``--articles``
(default 100,000; each copy gets its own ``doc_id``). Repeated articles make the
vocabulary and the set of actor pairs those of 3,840 articles, so hash tables stay
smaller than in 100,000 distinct articles: the ratios compare like with like, the
absolute times are a lower bound.

Each line times one public analysis and, in the same process right after it, a naive
pipeline doing the same counting (named in the line), and prints both times (the best of
``--repeat`` interleaved runs; where a line is compared with another analysis, as
sentence with document co-mentions, that one is timed again beside it), the analysis' peak resident memory (sampled every
10 ms in its first run; the process's, so memory the allocator kept from earlier lines
counts too: ``bench_actors.py`` measures memory in a fresh process), the ratios of wall and of CPU time (all threads; on a shared machine wall time
follows the load, CPU time much less), and the load average before the line. A
baseline slower than 10 s is timed once. A ratio below 1 means the analysis is faster than
the naive pipeline.

The naive pipelines:

* terms: ``lower → str.extract_all(r"\\w+") → explode → group_by`` on the same frame
  (no dateline removal, no stopwords, no abbreviation rules, no document counts); two
  more lines give the tokenizing floor against it: splitting at spaces in Polars, and
  splitting at white space with PyArrow's compute kernels (no word rules at all);
* keyness: that token count by target/reference, joined, G² in Polars;
* collocations: that token list exploded, shifted, pairs and words counted, PMI;
* actors: Polars ``str.extract_many`` of every alias (no word boundaries, no rules),
  exploded, mapped to actors, distinct per unit, pairs by a self-join; for sentences
  and paragraphs the text is first cut by ``text.sentences`` / at blank lines and
  exploded;
* topic hits and trends: the token list, kept where the token is one of the
  dictionary's one-word terms, mapped to topics, distinct per article (and month);
* learned topics: scikit-learn ``CountVectorizer`` (same token rule, stopwords and
  limits) + ``TfidfTransformer`` + the same ``NMF``.

Quotes and tone are not analyses of the package yet, so they have no line.

Usage::

    python benchmarks/bench_real.py                          # 100k articles, every line
    python benchmarks/bench_real.py --only actors terms      # some groups
    python benchmarks/bench_real.py --articles 30000 --json out.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GROUPS = ("actors", "terms", "topics", "learned")


def real_corpus(n: int, store: Path | None = None):
    """The sample corpus (ingested from ``seeds/`` and ``data/sample/``), replicated to
    ``n`` articles with distinct ``doc_id`` values."""
    import polars as pl

    import tassanalysis as ta

    if store is None:
        store = Path(tempfile.mkdtemp(prefix="bench-real-")) / "store"
        subprocess.run([sys.executable, "-m", "tassanalysis.cli", "ingest", str(ROOT / "seeds"),
                        str(ROOT / "data" / "sample"), "--out", str(store)], check=True,
                       capture_output=True, cwd=ROOT,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    base = ta.load_corpus(store)
    copies = -(-n // base.height)
    return pl.concat([base.with_columns(doc_id=pl.col("doc_id") + f"~{i}")
                      for i in range(copies)]).head(n), base.height


def _timed(fn) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (all threads) and peak resident GB of ``fn()``."""
    from benchmarks.bench_terms import PeakRSS

    cpu = time.process_time()
    with PeakRSS() as rss:
        start = time.perf_counter()
        fn()
        wall = time.perf_counter() - start
    return wall, time.process_time() - cpu, rss.peak / 2**30


# --------------------------------------------------------------------------- naive pipelines
def naive_terms(corpus, by_month: bool = True):
    import polars as pl

    keys = [pl.col("published_at").dt.truncate("1mo").alias("month")] if by_month else []
    return (corpus.lazy().select(*keys, term=pl.col("body").str.to_lowercase()
                                 .str.extract_all(r"\w+"))
            .explode("term").group_by(*(["month"] if by_month else []), "term")
            .agg(count=pl.len()).collect())


def floor_polars_split(corpus):
    """The tokenizing floor in Polars: lower-case, split at spaces, count per month."""
    import polars as pl

    return (corpus.lazy().select(month=pl.col("published_at").dt.truncate("1mo"),
                                 term=pl.col("body").str.to_lowercase().str.split(" "))
            .explode("term").group_by("month", "term").agg(count=pl.len()).collect())


def floor_pyarrow_split(corpus):
    """The same floor with PyArrow compute kernels: lower-case, split at Unicode white
    space, count per month (value_counts per month)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    table = corpus.select("published_at", "body").to_arrow()
    months = pc.strftime(table["published_at"], format="%Y-%m")
    words = pc.utf8_split_whitespace(pc.utf8_lower(table["body"]))
    flat = pc.list_flatten(words)
    parent = pc.list_parent_indices(words)
    return (pa.table({"month": pc.take(months, parent), "term": flat})
            .group_by(["month", "term"]).aggregate([([], "count_all")]))


def naive_keyness(corpus, target):
    import polars as pl

    counts = (corpus.lazy().select(target=target, term=pl.col("body").str.to_lowercase()
                                   .str.extract_all(r"\w+"))
              .explode("term").group_by("target", "term").agg(n=pl.len()).collect())
    a = counts.filter("target").select("term", a="n")
    b = counts.filter(~pl.col("target")).select("term", b="n")
    t = pl.DataFrame(a).join(b, on="term", how="full", coalesce=True).fill_null(0)
    n1, n2 = t["a"].sum(), t["b"].sum()
    e1 = (pl.col("a") + pl.col("b")) * n1 / (n1 + n2)
    e2 = (pl.col("a") + pl.col("b")) * n2 / (n1 + n2)
    g2 = 2 * (pl.when(pl.col("a") > 0).then(pl.col("a") * (pl.col("a") / e1).log()).otherwise(0)
              + pl.when(pl.col("b") > 0).then(pl.col("b") * (pl.col("b") / e2).log())
              .otherwise(0))
    return t.with_columns(g2=g2).sort("g2", descending=True).head(50)


def naive_collocations(corpus):
    import polars as pl

    toks = (corpus.lazy().with_row_index("doc").select(
        "doc", w1=pl.col("body").str.to_lowercase().str.extract_all(r"\w+")).explode("w1")
        .with_columns(w2=pl.col("w1").shift(-1), same=pl.col("doc").shift(-1) == pl.col("doc"))
        .collect())
    words = toks.group_by("w1").agg(n=pl.len())
    total = toks.height
    pairs = toks.filter("same").group_by("w1", "w2").agg(n12=pl.len())
    pairs = pairs.filter(pl.col("n12") >= 5).join(words, on="w1").join(
        words.rename({"w1": "w2", "n": "n2"}), on="w2")
    return pairs.with_columns(pmi=(pl.col("n12") * total / (pl.col("n") * pl.col("n2"))).log(2)
                              ).sort("pmi", descending=True).head(50)


def _alias_table(matcher):
    import polars as pl

    return matcher.patterns.select(alias=pl.col("pattern"), actor=pl.col("actor_id")).filter(
        pl.col("actor").is_not_null())


def _fields():
    import polars as pl

    return pl.concat_str([pl.col(c) for c in ("title", "lead", "body")], separator="\n\n",
                         ignore_nulls=True)


def naive_co_mentions(corpus, matcher, unit: str):
    """Aliases by Polars extract_many, distinct actors per unit, pairs by a self-join."""
    import polars as pl

    from tassanalysis.text import sentences

    frame = corpus.lazy().with_row_index("doc").select("doc", text=_fields())
    if unit == "sentence":
        frame = frame.select("doc", text=sentences(pl.col("text")))
    elif unit == "paragraph":
        frame = frame.select("doc", text=pl.col("text").str.split("\n\n"))
    if unit != "document":
        frame = (frame.with_columns(unit=pl.int_ranges(pl.col("text").list.len()))
                 .explode("text", "unit"))
    else:
        frame = frame.with_columns(unit=pl.lit(0, pl.Int64))
    found = (frame.select("doc", "unit", alias=pl.col("text").str.extract_many(
        matcher.search, leftmost=True)).explode("alias")
        .join(_alias_table(matcher).lazy(), on="alias").select("doc", "unit", "actor").unique())
    pairs = (found.join(found, on=["doc", "unit"]).filter(pl.col("actor") < pl.col("actor_right"))
             .group_by("actor", "actor_right").agg(count=pl.len()))
    return pairs.collect()


def naive_mentions(corpus, matcher):
    """Every alias found by Polars extract_many, one row per mention (no offsets)."""

    return (corpus.lazy().select("doc_id", alias=_fields().str.extract_many(
        matcher.search, leftmost=True)).explode("alias").drop_nulls("alias")
        .join(_alias_table(matcher).lazy(), on="alias", how="left").collect())


def naive_topics(corpus, dictionary, by_month: bool):
    import polars as pl

    words = [(t, lit.strip()) for t in dictionary.names for lit in dictionary.literals(t)
             if len(lit.split()) == 1]
    table = pl.DataFrame(words, schema={"topic": pl.String, "term": pl.String}, orient="row")
    keys = [pl.col("published_at").dt.truncate("1mo").alias("month")] if by_month else []
    found = (corpus.lazy().with_row_index("doc").select(
        "doc", *keys, term=pl.concat_str([pl.col("title"), pl.col("body")], separator="\n\n",
                                         ignore_nulls=True)
        .str.to_lowercase().str.extract_all(r"\w+")).explode("term")
        .join(table.lazy(), on="term").select("doc", *(["month"] if by_month else []), "topic")
        .unique())
    if by_month:
        found = found.group_by("month", "topic").agg(articles=pl.len())
    return found.collect()


def sklearn_topics(corpus, k: int, max_iter: int):
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

    from benchmarks.bench_terms import PY_TOKEN_PATTERN
    from tassanalysis import text as _text

    texts = (corpus["title"].fill_null("") + "\n\n" + corpus["body"].fill_null("")).to_list()
    vec = CountVectorizer(token_pattern=PY_TOKEN_PATTERN,
                          stop_words=sorted(_text.stopwords(("en", "ru"))), min_df=5,
                          max_df=0.5, max_features=10_000)
    weights = TfidfTransformer(sublinear_tf=True).fit_transform(vec.fit_transform(texts))
    nmf = NMF(n_components=k, init="random", random_state=0, max_iter=max_iter, tol=1e-4)
    nmf.fit_transform(weights)
    return nmf


# --------------------------------------------------------------------------- the run
def run(args) -> list[dict]:
    sys.path.insert(0, str(ROOT))
    import polars as pl

    from tassanalysis.actors import actor_mentions, co_mention_counts, load_gazetteer, matcher_for
    from tassanalysis.terms import collocations, keyness, term_frequency
    from tassanalysis.topics import fit_topics, load_topics, topic_hits, topic_trends

    corpus, distinct = real_corpus(args.articles, args.store)
    words = int(corpus.select(pl.col("body").str.count_matches(r"\S+").sum()).item())
    print(f"corpus: {corpus.height:,} articles ({distinct:,} distinct, replicated), "
          f"{words / corpus.height:,.0f} words per body, "
          f"{corpus.estimated_size('mb'):,.0f} MB in memory | {platform.node()}, "
          f"{os.cpu_count()} cores, polars {pl.__version__}, "
          f"{pl.thread_pool_size()} threads", flush=True)
    rows: list[dict] = []

    references: dict[str, object] = {}

    def line(group, name, ours, naive_name, naive, *, relative_to=None):
        """Time ``ours`` and ``naive`` (and the ``relative_to`` analysis), interleaved."""
        inf = float("inf")
        wall = base = ref = cpu = base_cpu = ref_cpu = inf
        peak, load = 0.0, os.getloadavg()[0]
        for i in range(args.repeat):  # interleaved, best of each
            w, c, p = _timed(ours)
            wall, cpu = min(wall, w), min(cpu, c)
            peak = p if i == 0 else peak  # before this line's baseline has run
            if i == 0 or base < 10:  # a slow baseline is timed once
                b, c, _ = _timed(naive)
                base, base_cpu = min(base, b), min(base_cpu, c)
            if relative_to is not None:
                r, c, _ = _timed(references[relative_to])
                ref, ref_cpu = min(ref, r), min(ref_cpu, c)
        references[name] = ours
        row = {"group": group, "analysis": name, "seconds": round(wall, 2),
               "cpu_seconds": round(cpu, 2), "peak_rss_gb": round(peak, 2),
               "baseline": naive_name, "baseline_seconds": round(base, 2),
               "baseline_cpu_seconds": round(base_cpu, 2), "ratio": round(wall / base, 2),
               "cpu_ratio": round(cpu / base_cpu, 2), "load": round(load, 2)}
        extra = ""
        if relative_to is not None:
            row.update(vs=relative_to, vs_seconds=round(ref, 2), vs_ratio=round(wall / ref, 2),
                       vs_cpu_seconds=round(ref_cpu, 2), vs_cpu_ratio=round(cpu / ref_cpu, 2))
            extra = (f" | {row['vs_ratio']}x wall, {row['vs_cpu_ratio']}x CPU of "
                     f"{relative_to} ({ref:.2f} s, {ref_cpu:.2f} s CPU, timed beside it)")
        rows.append(row)
        print(f"{name:<44} {wall:7.2f} s ({cpu:.2f} s CPU), peak RSS {peak:5.2f} GB | "
              f"{naive_name}: {base:.2f} s ({base_cpu:.2f} s CPU) -> ratio {row['ratio']:.2f} "
              f"wall, {row['cpu_ratio']:.2f} CPU{extra} | load {load:.2f}", flush=True)

    if "actors" in args.only:
        gaz = load_gazetteer()
        matcher = matcher_for(gaz)
        co_mention_counts(corpus.head(2_000))
        for unit in ("document", "sentence", "paragraph"):
            line("actors", f'co_mention_counts(unit="{unit}")',
                 lambda unit=unit: co_mention_counts(corpus, unit=unit),
                 f"naive Polars extract_many per {unit} + self-join",
                 lambda unit=unit: naive_co_mentions(corpus, matcher, unit),
                 relative_to=None if unit == "document" else 'co_mention_counts(unit="document")')
        line("actors", 'actor_mentions(level="mention")', lambda: actor_mentions(corpus),
             "naive Polars extract_many + explode (no offsets, no rules)",
             lambda: naive_mentions(corpus, matcher),
             relative_to='co_mention_counts(unit="document")')
        line("actors", 'actor_mentions(level="document")',
             lambda: actor_mentions(corpus, level="document"),
             "naive Polars extract_many + explode (no offsets, no rules)",
             lambda: naive_mentions(corpus, matcher),
             relative_to='co_mention_counts(unit="document")')
    if "terms" in args.only:
        term_frequency(corpus.head(2_000), period="month")
        line("terms", 'term_frequency(period="month")',
             lambda: term_frequency(corpus, period="month"),
             "naive Polars lower+extract_all(\\w+)+explode+group_by(month, term)",
             lambda: naive_terms(corpus))
        line("terms", "floor: Polars lower+split(' ')+explode+group_by",
             lambda: floor_polars_split(corpus),
             "naive Polars lower+extract_all(\\w+)+explode+group_by(month, term)",
             lambda: naive_terms(corpus))
        line("terms", "floor: PyArrow utf8_lower+utf8_split_whitespace+group_by",
             lambda: floor_pyarrow_split(corpus),
             "naive Polars lower+extract_all(\\w+)+explode+group_by(month, term)",
             lambda: naive_terms(corpus))
        target = pl.col("source") == "tass.com"
        line("terms", 'keyness(target=tass.com)', lambda: keyness(corpus, target=target),
             "naive Polars token counts by side + G2", lambda: naive_keyness(corpus, target))
        line("terms", 'collocations(measure="pmi")', lambda: collocations(corpus),
             "naive Polars tokens + shift + group_by + PMI",
             lambda: naive_collocations(corpus))
    if "topics" in args.only:
        dictionary = load_topics()
        line("topics", "topic_hits()", lambda: topic_hits(corpus),
             "naive Polars tokens in one-word terms, distinct per article",
             lambda: naive_topics(corpus, dictionary, by_month=False))
        line("topics", 'topic_trends(period="month")',
             lambda: topic_trends(corpus, period="month"),
             "naive Polars tokens in one-word terms, per month",
             lambda: naive_topics(corpus, dictionary, by_month=True))
    if "learned" in args.only:
        part = corpus.head(args.topics_articles)
        line("learned", f"fit_topics(k={args.k}, nmf) on {part.height:,}",
             lambda: fit_topics(part, k=args.k, method="nmf", seed=0, text=("title", "body"),
                                max_iter=args.max_iter, min_df=5, max_df=0.5,
                                max_terms=10_000),
             "scikit-learn CountVectorizer+TfidfTransformer+NMF",
             lambda: sklearn_topics(part, args.k, args.max_iter))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--store", type=Path, help="an ingested sample store (default: "
                        "ingest seeds/ and data/sample/ into a temporary directory)")
    parser.add_argument("--only", nargs="+", choices=GROUPS, default=list(GROUPS))
    parser.add_argument("--topics-articles", type=int, default=100_000,
                        help="articles fit_topics and scikit-learn run on")
    parser.add_argument("--k", type=int, default=20)
    parser.add_argument("--max-iter", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=2,
                        help="runs of each pair, interleaved; the best time of each counts")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows = run(args)
    print(f"run {time.perf_counter() - started:.0f} s, load average now "
          f"{os.getloadavg()[0]:.2f}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
