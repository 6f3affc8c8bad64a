"""Stress the corpus store: concurrent writers, writers killed mid-write, hostile pages.

Three measurements, each printed with its counts:

* two processes run ``ingest`` into one store round after round (each round a new
  table of its own rows) while a third process reads the store: rows lost,
  inputs missing from the manifest, reads that failed;
* a process ingesting in a loop is killed with SIGKILL at random moments: after
  each kill the store must load whole (corpus, rejects, manifest) and hold
  exactly the rows of some finished run;
* the page parser on adversarial pages of 1 MB (unclosed templates, wrapped
  dumps, long widget and tag lists, …): the worst time per MB.

Run::

    python benchmarks/stress_store.py                  # 40 rounds, 20 kills
    python benchmarks/stress_store.py --rounds 10 --kills 5
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_WRITER = textwrap.dedent("""
    import os, sys, time
    sys.path.insert(0, {root!r})
    import polars as pl
    from tassanalysis.ingest import ingest
    name, rounds, rows, store, folder = sys.argv[1:6]
    rounds, rows = int(rounds), int(rows)
    open(os.path.join(folder, "ready-" + name), "w").close()
    while not all(os.path.exists(os.path.join(folder, "ready-" + n)) for n in {names!r}):
        time.sleep(0.01)
    r = 0
    while rounds < 0 or r < rounds:
        path = os.path.join(folder, f"{{name}}-{{r}}.csv")
        ids = range(r * rows, (r + 1) * rows)
        pl.DataFrame({{"title": [f"{{name}} {{i}}" for i in ids],
                      "body": [f"Body of {{name}} {{i}}, a text of its own." for i in ids],
                      "published_at": ["2017-02-07 10:00"] * rows,
                      "url": [f"https://ex.org/{{name}}/{{i}}" for i in ids]}}).write_csv(path)
        ingest([path], store, progress=False, strip_boilerplate=False)
        print(r, flush=True)
        r += 1
""")

_READER = textwrap.dedent("""
    import os, sys, time
    sys.path.insert(0, {root!r})
    from tassanalysis.store import current_snapshot, load_corpus, load_manifest
    store, stop = sys.argv[1:3]
    reads = failures = 0
    while not os.path.exists(stop):
        try:
            if current_snapshot(store) is not None:
                load_corpus(store); load_manifest(store)
                reads += 1
        except Exception as err:
            failures += 1
            print("read failed:", type(err).__name__, err, file=sys.stderr)
        time.sleep(0.02)
    print(reads, failures)
""")


def concurrency(rounds: int, rows: int, *, quiet: bool = False) -> dict[str, int]:
    """Two writers and a reader on one store; returns the counts it prints."""
    from tassanalysis.store import load_corpus, load_manifest

    work = Path(tempfile.mkdtemp(prefix="stress-concurrency-"))
    store, folder, stop = work / "corpus", work / "in", work / "stop"
    folder.mkdir()
    reader = subprocess.Popen([sys.executable, "-c", _READER.format(root=str(ROOT)),
                               str(store), str(stop)], stdout=subprocess.PIPE, text=True)
    started = time.perf_counter()
    writers = [subprocess.Popen([sys.executable, "-c",
                                 _WRITER.format(root=str(ROOT), names=("a", "b")), name,
                                 str(rounds), str(rows), str(store), str(folder)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
               for name in ("a", "b")]
    codes = [w.wait() for w in writers]
    stop.touch()
    reads, failures = map(int, reader.communicate()[0].split())
    corpus, manifest = load_corpus(store), load_manifest(store)
    expected = 2 * rounds * rows
    result = {"exit_codes": max(codes), "rows": corpus.height, "expected": expected,
              "merged": int(corpus["merged"].sum()), "manifest": manifest.height,
              "reads": reads, "failed_reads": failures}
    shutil.rmtree(work, ignore_errors=True)
    if quiet:
        return result
    print(f"two writers × {rounds} rounds of {rows} rows, one reader "
          f"({time.perf_counter() - started:.1f} s):")
    print(f"  writer exit codes       {codes}")
    print(f"  rows                    {corpus.height:,} of {expected:,} "
          f"({expected - corpus.height:,} lost); rows merged with another: "
          f"{int(corpus['merged'].sum())}")
    print(f"  manifest                {manifest.height} of {2 * rounds} inputs")
    print(f"  reads                   {reads:,} ({failures} failed)")
    return result


def kills(n: int, rows: int) -> None:
    from tassanalysis.store import current_snapshot, load_corpus, load_manifest, load_rejects

    work = Path(tempfile.mkdtemp(prefix="stress-kill-"))
    store, folder = work / "corpus", work / "in"
    folder.mkdir()
    rng = random.Random(7)
    unreadable = partial = 0
    for k in range(n):
        name = f"k{k}"
        proc = subprocess.Popen([sys.executable, "-c",
                                 _WRITER.format(root=str(ROOT), names=(name,)), name, "-1",
                                 str(rows), str(store), str(folder)],
                                stdout=subprocess.PIPE, text=True)
        proc.stdout.readline()  # one round done: the writer is inside its loop
        time.sleep(rng.uniform(0.0, 0.4))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        try:
            if current_snapshot(store) is not None:
                corpus = load_corpus(store)
                load_rejects(store)
                manifest = load_manifest(store)
                if corpus.height != rows * manifest.height:
                    partial += 1
        except Exception as err:  # noqa: BLE001 - counted, and said
            unreadable += 1
            print(f"  kill {k}: unreadable: {type(err).__name__}: {err}")
    shutil.rmtree(work, ignore_errors=True)
    print(f"SIGKILL at random moments of an ingest loop, {n} kills:")
    print(f"  stores unreadable       {unreadable}")
    print(f"  stores with rows of a half-done run  {partial}")


_HEAD = "Title of the article here\nDecember 26, 20:52 UTC+3\nMOSCOW, December 26. /TASS/. Text.\n"
#: Page texts of about ``n`` characters built to make a careless parser slow: unclosed
#: template openers (a lazy ``{{.*?}}`` regex rescans the rest for each), dumps wrapped
#: at a fixed width, long widget and tag lists, many date or name lines.
ADVERSARIAL_PAGES = {
    "unclosed {{": lambda n: _HEAD + "{{ " * (n // 3),
    "unclosed {% {{": lambda n: _HEAD + "{% {{ x }" * (n // 9),
    "one long line": lambda n: _HEAD + "word " * (n // 5),
    "wrapped dump": lambda n: _HEAD + ("x" * 70 + "\n" + "y" * 70 + "\n") * (n // 142),
    "Read also widgets": lambda n: _HEAD + "".join(f"Read also\nStory number {i} here\n"
                                                    for i in range(n // 30)),
    "tag list": lambda n: _HEAD + "Tags\n" + "".join(f"Tag {i}\n" for i in range(n // 8)),
    "date lines": lambda n: _HEAD + "December 26, 20:52 UTC+3\n" * (n // 25),
    "name lines": lambda n: _HEAD + "Sergey Lavrov\n" * (n // 14),
    "slashes": lambda n: _HEAD + "MOSCOW /" * (n // 8),
}


def parse_seconds(text: str, *, repeat: int = 2) -> float:
    """CPU seconds ``parse_tass_text`` takes on ``text`` (best of ``repeat``)."""
    from tassanalysis.ingest.tass_text import parse_tass_text

    best = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        try:
            parse_tass_text(text, year=2017)
        except ValueError:
            pass
        best = min(best, time.process_time() - t)
    return best


def pages() -> None:
    print("page parser on adversarial 1 MB pages (CPU seconds, best of 2):")
    worst = 0.0
    for name, make in ADVERSARIAL_PAGES.items():
        text = make(1_000_000)
        per_mb = parse_seconds(text) / (len(text.encode()) / 1e6)
        worst = max(worst, per_mb)
        print(f"  {name:22} {per_mb:7.3f} s/MB")
    print(f"  worst                  {worst:7.3f} s/MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--rows", type=int, default=25)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--skip", nargs="*", default=[], choices=["concurrency", "kills", "pages"])
    args = parser.parse_args()
    if "concurrency" not in args.skip:
        concurrency(args.rounds, args.rows)
    if "kills" not in args.skip:
        kills(args.kills, args.rows)
    if "pages" not in args.skip:
        pages()


if __name__ == "__main__":
    main()
