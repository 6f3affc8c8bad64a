"""Term frequency per month on a store of synthetic articles: whole corpus in memory,
per file in one process, and per file on a local Dask cluster of 2 workers.

Each way runs in a fresh process (so its peak memory is its own) on the same
store, one Parquet file per month, and every result is checked equal to the
baseline. From the cluster's task stream (compute time of each per-file task and
of each merge) it projects the time and the workers a 60-second report needs at
10M and 100M articles.

    python benchmarks/bench_distributed.py --articles 100000
    python benchmarks/bench_distributed.py --articles 1000000 --months 24

The store is written once under ``--store`` (default: a folder in the temporary
directory) and reused when it already has the asked size.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WAYS = ("in_memory", "per_file", "cluster")
OPTIONS = {"period": "month", "top": 50}


def build_store(folder: Path, articles: int, months: int, words: int) -> Path:
    """One ``year=/month=`` Parquet file per month of synthetic articles (bounded memory)."""
    import polars as pl

    from benchmarks.synthetic import synthetic_corpus

    marker = folder / "SIZE"
    wanted = f"{articles} {months} {words}"
    if marker.is_file() and marker.read_text() == wanted:
        return folder
    per_month = [articles // months + (1 if m < articles % months else 0) for m in range(months)]
    for m, n in enumerate(per_month):
        year, month = 2017 + m // 12, m % 12 + 1
        part = synthetic_corpus(n, words_per_article=words, seed=m,
                                start=f"{year}-{month:02d}-01", months=1)
        part = part.with_columns(doc_id=pl.lit(f"m{m:03d}-") + pl.col("doc_id"))
        out = folder / f"year={year}" / f"month={month:02d}"
        out.mkdir(parents=True, exist_ok=True)
        part.write_parquet(out / "part-0.parquet", row_group_size=50_000, statistics=True)
    marker.write_text(wanted)
    return folder


def peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def run_way(way: str, store: Path, out: Path) -> dict:
    """One way, in this (fresh) process; the result frame goes to ``out``."""
    import polars as pl

    import tassanalysis as ta
    from tassanalysis import distributed as td

    row: dict = {"way": way}
    if way == "in_memory":
        t0 = time.perf_counter()
        corpus = ta.load_corpus(store)
        row["load_s"] = time.perf_counter() - t0
        row["corpus_gb"] = corpus.estimated_size("gb")
        result = ta.term_frequency(corpus, **OPTIONS)
        row["wall_s"] = time.perf_counter() - t0
        row["peak_gb"] = peak_rss() / 2**30
        row["threads"] = pl.thread_pool_size()
    elif way == "per_file":
        t0 = time.perf_counter()
        result = td.term_frequency(store, **OPTIONS)
        row["wall_s"] = time.perf_counter() - t0
        row["peak_gb"] = peak_rss() / 2**30
        row["threads"] = pl.thread_pool_size()
    else:
        from distributed import Client, LocalCluster

        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                          dashboard_address=None, host="127.0.0.1") as cluster, \
                Client(cluster) as client:
            t0 = time.perf_counter()
            # warm-up: the first run registers the Polars-threads plugin; then every
            # worker imports the package (seconds on a busy machine), outside the timing
            td.term_frequency(td.partitions(store)[0], client=client, **OPTIONS)
            client.run(importlib.import_module, "tassanalysis.distributed")
            row["warmup_s"] = time.perf_counter() - t0
            from distributed import get_task_stream

            with get_task_stream(client) as stream:
                t0 = time.perf_counter()
                result = td.term_frequency(store, client=client, **OPTIONS)
                row["wall_s"] = time.perf_counter() - t0
            row["where"] = td.describe_runner(client)
            row["worker_peak_gb"] = sorted(
                v / 2**30 for v in client.run(peak_rss).values())
            row["threads"] = sorted(client.run(pl.thread_pool_size).values())
            tasks = []
            for task in stream.data:
                compute = [s for s in task["startstops"] if s["action"] == "compute"]
                if compute:
                    tasks.append((str(task["key"]), sum(s["stop"] - s["start"] for s in compute)))
            row["count_task_s"] = [t for k, t in tasks if k.startswith("tass-count")]
            row["merge_task_s"] = [t for k, t in tasks if k.startswith("tass-merge")]
        row["peak_gb"] = peak_rss() / 2**30
    result.write_parquet(out)
    return row


def project(rows: dict, articles: int, files: int) -> list[str]:
    """Time and workers for a 60 s report at 10M and 100M articles, from per-task costs."""
    cluster = rows["cluster"]
    count = cluster["count_task_s"]
    core_s_per_article = sum(count) / articles
    merge_level_s = max(cluster["merge_task_s"]) if cluster["merge_task_s"] else 0.0
    lines = [f"per-file cost {core_s_per_article * 1e6:.1f} core-µs per article "
             f"({sum(count):.1f} core-s in {len(count)} tasks); a merge level "
             f"{merge_level_s:.2f} s (vocabulary-bound, not corpus-bound)"]
    budget = 60.0
    for target in (10_000_000, 100_000_000):
        core_s = core_s_per_article * target
        for per_file, label in ((target / files, f"{files} monthly files"),
                                (50_000, "files of 50,000 articles")):
            n_files = math.ceil(target / per_file)
            levels = max(1, math.ceil(math.log(n_files, 8)))
            fixed = levels * merge_level_s
            task_s = core_s_per_article * per_file
            if task_s + fixed >= budget:
                lines.append(f"{target / 1e6:>4.0f}M articles, {label}: one file takes "
                             f"{task_s:.0f} s alone, so no number of workers makes 60 s "
                             f"(split into files of at most "
                             f"{int((budget - fixed) / core_s_per_article):,} articles)")
                continue
            # fewest workers whose waves of tasks (plus the merges) fit in the budget
            waves = int((budget - fixed) // task_s)
            workers = math.ceil(n_files / waves)
            waves = math.ceil(n_files / workers)
            lines.append(f"{target / 1e6:>4.0f}M articles, {label}: {core_s / 3600:.1f} "
                         f"core-hours of counting; {workers:,} single-thread workers finish "
                         f"in ~{waves * task_s + fixed:.0f} s ({waves} wave"
                         f"{'s' if waves > 1 else ''} of {task_s:.1f} s + {levels} merge "
                         "levels)")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--months", type=int, default=24, help="one file per month")
    parser.add_argument("--words", type=int, default=350)
    parser.add_argument("--store", type=Path,
                        default=Path(tempfile.gettempdir()) / "tass-bench-distributed")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--way", choices=WAYS, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.way:
        print(json.dumps(run_way(args.way, args.store, args.out)))
        return 0

    import polars as pl
    from polars.testing import assert_frame_equal

    store = args.store / f"{args.articles}-{args.months}-{args.words}"
    t0 = time.perf_counter()
    build_store(store, args.articles, args.months, args.words)
    files = sorted(store.rglob("*.parquet"))
    one = pl.read_parquet(files[0])
    print(f"store: {args.articles:,} articles in {len(files)} files "
          f"({sum(f.stat().st_size for f in files) / 2**20:,.0f} MB Parquet; one file "
          f"{one.height:,} articles, {one.estimated_size('mb'):,.0f} MB in memory), "
          f"ready in {time.perf_counter() - t0:.1f} s; {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)
    rows, frames = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for way in WAYS:
            out = Path(tmp) / f"{way}.parquet"
            done = subprocess.run([sys.executable, __file__, "--way", way, "--store", str(store),
                                   "--out", str(out)], check=True, capture_output=True,
                                  text=True)
            rows[way] = json.loads(done.stdout.strip().splitlines()[-1])
            frames[way] = pl.read_parquet(out)
            print(f"  {way:<9} {rows[way]['wall_s']:7.2f} s  peak RSS "
                  f"{rows[way]['peak_gb']:.2f} GB", flush=True)
    for way in WAYS[1:]:
        assert_frame_equal(frames[way], frames["in_memory"], check_exact=False,
                           rel_tol=1e-12, abs_tol=1e-12)
    base, per_file, cluster = rows["in_memory"], rows["per_file"], rows["cluster"]
    print(f"all three results equal ({frames['in_memory'].height:,} rows)")
    print(f"in memory: {base['wall_s']:.2f} s (load {base['load_s']:.2f} s, corpus "
          f"{base['corpus_gb']:.2f} GB), peak RSS {base['peak_gb']:.2f} GB, "
          f"{base['threads']} Polars threads")
    print(f"per file, one process: {per_file['wall_s']:.2f} s = "
          f"{per_file['wall_s'] / base['wall_s']:.2f}x, peak RSS {per_file['peak_gb']:.2f} GB")
    print(f"LocalCluster(2 workers x 1 thread): {cluster['wall_s']:.2f} s = "
          f"{cluster['wall_s'] / base['wall_s']:.2f}x the in-memory run "
          f"(start-up and warm-up {cluster['warmup_s']:.1f} s not counted); peak RSS per "
          f"worker {', '.join(f'{g:.2f}' for g in cluster['worker_peak_gb'])} GB; Polars "
          f"threads per worker {cluster['threads']}; {cluster['where']}")
    for line in project(rows, args.articles, len(files)):
        print("projection: " + line)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
