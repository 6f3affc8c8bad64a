"""``python -m tassanalysis.distributed STORE``: where runs go, and a first count there."""

from __future__ import annotations

import argparse
import contextlib
import time
from collections.abc import Sequence

from tassanalysis.distributed.analyses import articles_over_time, term_frequency
from tassanalysis.distributed.engine import client_for, describe_runner, partitions


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m tassanalysis.distributed STORE``: where runs go, and a first count there."""
    parser = argparse.ArgumentParser(
        prog="python -m tassanalysis.distributed",
        description="Count the words of a corpus store per Parquet file, in this process or "
                    "on the Dask cluster of --cluster / $TASS_SCHEDULER, and show the top.")
    parser.add_argument("store", help="corpus store folder (the same path on every worker)")
    parser.add_argument("--cluster", default="",
                        help="scheduler address; default $TASS_SCHEDULER, empty: this process")
    parser.add_argument("--top", type=int, default=5)
    args = parser.parse_args(argv)
    client = client_for(args.cluster)
    stream = contextlib.nullcontext()
    if client is not None:
        from distributed import get_task_stream

        client.wait_for_workers(1, timeout=120)
        stream = get_task_stream(client)
    print(f"running {describe_runner(client)}")
    files = partitions(args.store)
    started = time.perf_counter()
    with stream as tasks:
        top = term_frequency(args.store, top=args.top, client=client)
        articles = articles_over_time(args.store, by=None, period="year", client=client)
    print(f"{len(files)} Parquet files, {int(articles['articles'].sum()):,} dated articles; "
          f"counted in {time.perf_counter() - started:.1f} s")
    if tasks is not None:
        workers = sorted({t["worker"] for t in tasks.data})
        print(f"{len(tasks.data)} tasks ran on {len(workers)} workers: {', '.join(workers)}")
    for term, count, docs in top.select("term", "count", "doc_count").iter_rows():
        print(f"  {term:<20} {count:>10,} in {docs:,} articles")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
