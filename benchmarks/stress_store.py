"""Stress the corpus store: concurrent writers, writers killed mid-write, hostile pages.

Three measurements, each printed with its counts:

* two processes run ``ingest`` into one store round after round (each round a new
  table of its own rows) while a third process reads the store: rows lost,
  inputs missing from the manifest, reads that failed;
* a process ingesting in a loop is killed with SIGKILL at random moments: after
  each kill the store must load whole (corpus, rejects, manifest) and hold
  exactly the rows of some finished run;
* the page parser on adversarial pages of 1 MB (unclosed templates, wrapped
  dumps, long widget and tag lists, …): the worst time per MB;
* hostile inputs at full size, each ingested in a process of its own: gzip bombs
  (512 MB and 2 GB unpacked, and 4 GB without a ``.gz`` name), CSV cells of 128 and
  512 MB, ``READ MORE:`` 20,000 times in a CSV cell and 8,000 times in a page: each
  one's wall time against its budget, its peak memory (under 2 GB) and its outcome;
* a killed ingest with its pool of page workers: the workers left alive after
  SIGKILL of the parent, and whether the next ingest gets the lock at once;
* names that collide with the origin scheme (``news`` and ``news:1``): articles lost
  when one of them is parsed again.

Run::

    python benchmarks/stress_store.py                  # 40 rounds, 20 kills
    python benchmarks/stress_store.py --rounds 10 --kills 5
    python benchmarks/stress_store.py --skip concurrency kills pages   # the new cases only
"""

from __future__ import annotations

import argparse
import gzip
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


# --------------------------------------------------------------------------- hostile inputs

_ONE = textwrap.dedent("""
    import json, sys, time
    sys.path.insert(0, {root!r})
    from tassanalysis.ingest import ingest
    started = time.perf_counter()
    result = ingest([sys.argv[1]], None, progress=False, page_timeout=5)
    hwm = [ln for ln in open("/proc/self/status") if ln.startswith("VmHWM:")]
    print(json.dumps({{"seconds": time.perf_counter() - started,
                      "peak_mb": int(hwm[0].split()[1]) / 1024 if hwm else None,
                      "articles": result.articles.height,
                      "reasons": result.new_rejects["reason"].to_list(),
                      "accounted": result.summary["accounted"]}}))
""")


def _gzip_rows(path: Path, unpacked: int) -> Path:
    row = b"Title of a row,Some body text of the row that repeats,2017-02-07 10:00\n"
    block = row * (1_000_000 // len(row))
    with gzip.open(path, "wb", compresslevel=6) as fh:
        fh.write(b"title,body,published_at\n")
        for _ in range(unpacked // len(block) + 1):
            fh.write(block)
    return path


def _giant_cell(path: Path, size: int) -> Path:
    with open(path, "wb") as fh:
        fh.write(b'title,body,published_at\nA,"')
        chunk = b"x" * 1_000_000
        for _ in range(size // len(chunk)):
            fh.write(chunk)
        fh.write(b'",2017-02-07\n')
    return path


def _read_more_cell(path: Path, n: int) -> Path:
    import polars as pl

    pl.DataFrame({"title": ["T"], "body": ["He spoke. " + "READ MORE: " * n],
                  "published_at": ["2017-02-07"], "url": ["https://ex.org/a/1"]}).write_csv(path)
    return path


def _read_more_page(path: Path, n: int) -> Path:
    path.write_text(_HEAD + "He spoke. " + "READ MORE: " * n + "\n")
    return path


#: name → (how to make the input in a folder, seconds allowed)
HOSTILE_INPUTS = {
    "csv.gz bomb, 512 MB unpacked": (lambda d: _gzip_rows(d / "bomb.csv.gz", 512 << 20), 60),
    "csv.gz bomb, 2 GB unpacked": (lambda d: _gzip_rows(d / "bomb.csv.gz", 2 << 30), 60),
    "gzip bomb, 4 GB, no .gz name": (lambda d: _gzip_rows(d / "export", 4 << 30), 60),
    "CSV with one 128 MB cell": (lambda d: _giant_cell(d / "cell.csv", 128 << 20), 60),
    "CSV with one 512 MB cell": (lambda d: _giant_cell(d / "cell.csv", 512 << 20), 60),
    "READ MORE: x20,000 in a CSV cell": (lambda d: _read_more_cell(d / "t.csv", 20_000), 30),
    "READ MORE: x8,000 in a page": (lambda d: _read_more_page(d / "p.txt", 8_000), 30),
    "READ MORE: x900,000, a 10 MB cell": (lambda d: _read_more_cell(d / "t.csv", 900_000), 120),
}


def hostile_inputs(names: list[str] | None = None) -> list[dict]:
    """Ingest each hostile input in a process of its own; time, peak memory, outcome."""
    import json

    print("hostile inputs, each in its own ingest process (wall time vs budget, peak RSS):")
    rows = []
    for name, (make, budget) in HOSTILE_INPUTS.items():
        if names and name not in names:
            continue
        work = Path(tempfile.mkdtemp(prefix="stress-hostile-"))
        try:
            path = make(work)
            size = path.stat().st_size
            proc = subprocess.Popen([sys.executable, "-c", _ONE.format(root=str(ROOT)),
                                     str(path)], stdout=subprocess.PIPE, text=True)
            out = proc.stdout.read()
            _, status, usage = os.wait4(proc.pid, 0)
            got = json.loads(out) if status == 0 else {"seconds": float("nan"),
                                                       "reasons": [f"exit {status}"],
                                                       "articles": 0, "accounted": {}}
            # the process's own high-water mark (VmHWM); ru_maxrss would count the
            # memory of this process too, shared with the child before it started Python
            peak_mb = got.pop("peak_mb", None) or usage.ru_maxrss / 1024
        finally:
            shutil.rmtree(work, ignore_errors=True)
        a = got["accounted"]
        identity = bool(a) and a["records_read"] == a["articles"] + a["rejects"] + a["duplicates"]
        outcome = (got["reasons"][0][:60] if got["reasons"] else f"{got['articles']} article(s)")
        ok = got["seconds"] <= budget and peak_mb < 2048 and identity
        rows.append({"case": name, **got, "peak_mb": peak_mb, "budget": budget, "ok": ok})
        print(f"  {name:34} {size / 1e6:9.1f} MB on disk  {got['seconds']:6.1f} s / {budget} s  "
              f"peak {peak_mb:7.0f} MB  {'ok ' if ok else 'BAD'}  {outcome}")
    return rows


_POOL_INGEST = textwrap.dedent("""
    import sys
    sys.path.insert(0, {root!r})
    from tassanalysis.ingest import ingest
    ingest([sys.argv[1]], sys.argv[2], workers=2, progress=False)
""")


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def killed_pool(n: int = 5, pages: int = 2400) -> None:
    """SIGKILL of an ingest while its page workers run: orphans left, lock free after."""
    from tassanalysis.ingest import ingest
    from tassanalysis.store import StoreBusyError

    seed = (ROOT / "seeds" / "000_552685f68ac672a1.txt").read_text()
    work = Path(tempfile.mkdtemp(prefix="stress-orphans-"))
    folder, store = work / "in", work / "corpus"
    folder.mkdir()
    for i in range(pages):
        (folder / f"p{i:05d}.txt").write_text(seed.replace("MOSCOW", f"CITY{i}"))
    one = work / "one.txt"
    one.write_text(seed)
    orphans = busy = 0
    started = time.perf_counter()
    for _ in range(n):
        proc = subprocess.Popen([sys.executable, "-c", _POOL_INGEST.format(root=str(ROOT)),
                                 str(folder), str(store)])
        workers: list[int] = []
        deadline = time.monotonic() + 120
        while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
            workers = _children(proc.pid)
            time.sleep(0.05)
        time.sleep(0.5)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 10
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = [w for w in workers if _alive(w)]
        orphans += len(left)
        for w in left:
            os.kill(w, signal.SIGKILL)
        try:
            ingest([one], store, progress=False, wait=False)
        except StoreBusyError:
            busy += 1
    shutil.rmtree(work, ignore_errors=True)
    print(f"SIGKILL of an ingest with 2 page workers, {n} kills "
          f"({time.perf_counter() - started:.1f} s):")
    print(f"  workers alive 10 s after the kill   {orphans}")
    print(f"  next ingest found the store busy    {busy}")


def name_collisions(rounds: int = 20) -> None:
    """``news`` and ``news:1`` in one folder; ``news`` edited and parsed again each round."""
    from tassanalysis.ingest import ingest
    from tassanalysis.store import load_corpus

    seed = (ROOT / "seeds" / "000_552685f68ac672a1.txt").read_text()
    work = Path(tempfile.mkdtemp(prefix="stress-names-"))
    folder, store = work / "in", work / "corpus"
    folder.mkdir()
    pairs = [("news", "news:1"), ("t.csv", "t.csv:1"), ("a", "a#1"), ("p", "p:line 2")]
    for plain, tricky in pairs:
        (folder / plain).write_text(seed.replace("MOSCOW", f"CITY-{plain}"))
        (folder / tricky).write_text(_HEAD + f"The story of {tricky}, told once.\n")
    ingest([folder], store, progress=False)
    expected = load_corpus(store).height
    lost = 0
    for r in range(rounds):
        for plain, _ in pairs:
            (folder / plain).write_text(seed.replace("MOSCOW", f"CITY-{plain}-{r}"))
        ingest([folder], store, progress=False)
        lost += expected - load_corpus(store).height
    shutil.rmtree(work, ignore_errors=True)
    print(f"names that look like record origins ({len(pairs)} pairs, {rounds} re-parses):")
    print(f"  articles lost                       {lost} of {expected} each round")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--rows", type=int, default=25)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--skip", nargs="*", default=[],
                        choices=["concurrency", "kills", "pages", "hostile", "orphans", "names"])
    parser.add_argument("--hostile", nargs="*", default=None, metavar="CASE",
                        help="only these hostile-input cases (names as printed)")
    args = parser.parse_args()
    if "concurrency" not in args.skip:
        concurrency(args.rounds, args.rows)
    if "kills" not in args.skip:
        kills(args.kills, args.rows)
    if "pages" not in args.skip:
        pages()
    if "hostile" not in args.skip:
        hostile_inputs(args.hostile)
    if "orphans" not in args.skip:
        killed_pool()
    if "names" not in args.skip:
        name_collisions()


if __name__ == "__main__":
    main()
