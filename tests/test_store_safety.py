"""The store under concurrency and mistakes: the writers' lock, pruning that keeps what
readers use and never touches what the store did not make, folders that are not stores,
damaged files, and one-line errors with documented exit statuses."""

from __future__ import annotations

import errno
import importlib.util
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import polars as pl
import pytest

from tassanalysis.cli import main
from tassanalysis.store import (
    STORE_MARKER,
    StoreBusyError,
    StoreError,
    StoreUsageError,
    current_snapshot,
    load_corpus,
    lock_store,
    write_corpus,
)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from test_store import make_corpus  # noqa: E402


def _table(path: Path, n: int, start: int = 0) -> Path:
    pl.DataFrame({"title": [f"T{i}" for i in range(start, start + n)],
                  "body": [f"Body {i}." for i in range(start, start + n)],
                  "published_at": ["2017-02-07 10:00"] * n,
                  "url": [f"https://ex.org/news/{i}" for i in range(start, start + n)]}
                 ).write_csv(path)
    return path


def _ingest(*args: str) -> int:
    return main(["ingest", *args, "-q"])


# ----------------------------------------------------------------------------- --out

def test_out_refuses_a_folder_that_is_not_a_store_and_deletes_nothing(tmp_path, capsys):
    table = _table(tmp_path / "t.csv", 3)
    user = tmp_path / "mine"
    (user / "v-2023-drafts").mkdir(parents=True)
    (user / "v-2023-drafts" / "notes.txt").write_text("keep me")
    (user / ".tmp-scratch").mkdir()
    assert _ingest(str(table), "--out", str(user)) == 2
    err = capsys.readouterr().err
    assert "not empty and not a corpus store" in err and "Traceback" not in err
    assert sorted(p.name for p in user.iterdir()) == [".tmp-scratch", "v-2023-drafts"]
    assert (user / "v-2023-drafts" / "notes.txt").read_text() == "keep me"


def test_out_refuses_a_folder_of_other_parquet_files(tmp_path, capsys):
    folder = tmp_path / "parquet"
    folder.mkdir()
    make_corpus(3).write_parquet(folder / "part.parquet")
    before = (folder / "part.parquet").read_bytes()
    assert _ingest(str(_table(tmp_path / "t.csv", 2)), "--out", str(folder)) == 2
    assert (folder / "part.parquet").read_bytes() == before
    assert load_corpus(folder).height == 3  # still readable as a plain dataset


def test_out_naming_a_file_is_a_usage_error(tmp_path, capsys):
    target = tmp_path / "corpus.txt"
    target.write_text("not a folder")
    assert _ingest(str(_table(tmp_path / "t.csv", 2)), "--out", str(target)) == 2
    assert "is a file" in capsys.readouterr().err
    assert target.read_text() == "not a folder"


def test_stores_written_before_the_marker_are_still_stores(tmp_path):
    store = tmp_path / "corpus"
    write_corpus(make_corpus(3), store)
    (store / STORE_MARKER).unlink()
    assert _ingest(str(_table(tmp_path / "t.csv", 2)), "--out", str(store)) == 0
    assert load_corpus(store).height == 5


def test_pruning_keeps_the_previous_snapshot_and_what_the_store_did_not_make(tmp_path):
    store = tmp_path / "corpus"
    write_corpus(make_corpus(2), store)
    (store / "v-2023-drafts").mkdir()
    (store / ".tmp-mine").mkdir()
    (store / "notes.txt").write_text("mine")
    first = current_snapshot(store)
    second = write_corpus(make_corpus(3), store)
    third = write_corpus(make_corpus(4), store)
    names = {p.name for p in store.iterdir()}
    assert {"v-2023-drafts", ".tmp-mine", "notes.txt", second.name, third.name} <= names
    assert first.name in names  # replaced moments ago: a reader may still be on it
    write_corpus(make_corpus(5), store, keep_for=0)
    names = {p.name for p in store.iterdir()}
    assert first.name not in names and second.name not in names and third.name in names
    assert {"v-2023-drafts", ".tmp-mine", "notes.txt"} <= names


# ----------------------------------------------------------------------------- the lock

@pytest.mark.slow
def test_no_wait_fails_fast_while_another_process_writes(tmp_path, capsys):
    store = tmp_path / "corpus"
    write_corpus(make_corpus(2), store)
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from tassanalysis.store import lock_store
        with lock_store({str(store)!r}):
            print("held", flush=True)
            time.sleep(2)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        table = _table(tmp_path / "t.csv", 2)
        assert _ingest(str(table), "--out", str(store), "--no-wait") == 3
        assert "being written by another process" in capsys.readouterr().err
        with pytest.raises(StoreBusyError):
            write_corpus(make_corpus(3), store, wait=False)
        # waiting says so, then goes on when the other writer is done
        started = time.monotonic()
        assert main(["ingest", str(table), "--out", str(store)]) == 0
        assert time.monotonic() - started > 0.5
        assert "waiting for another process" in capsys.readouterr().err
    finally:
        holder.wait(10)
    assert load_corpus(store).height == 4


_KILLED_INGEST = textwrap.dedent("""
    import os, sys, time
    sys.path.insert(0, {root!r})
    import tassanalysis.ingest.pages as pages
    from tassanalysis.ingest import ingest
    pages._PARALLEL_FROM, pages._CHUNK = 2, 1  # a pool of workers for a few pages
    def slow(text, **options):  # a worker that is busy when its parent is killed
        open(os.path.join({flags!r}, "busy-" + str(os.getpid())), "w").close()
        time.sleep(120)
    pages.parse_tass_text = slow
    ingest([{pages!r}], {store!r}, workers=2, progress=False, page_timeout=None)
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


def test_a_killed_ingest_leaves_no_worker_and_no_lock_behind(tmp_path):
    store, folder, flags = tmp_path / "corpus", tmp_path / "in", tmp_path / "flags"
    folder.mkdir()
    flags.mkdir()
    seed = (ROOT / "seeds" / "000_552685f68ac672a1.txt").read_text()
    for i in range(4):
        (folder / f"p{i}.txt").write_text(seed.replace("MOSCOW", f"CITY{i}"))
    write_corpus(make_corpus(2), store)
    proc = subprocess.Popen([sys.executable, "-c", _KILLED_INGEST.format(
        root=str(ROOT), flags=str(flags), pages=str(folder), store=str(store))])
    try:
        deadline = time.monotonic() + 60
        while not list(flags.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert list(flags.iterdir()), "no worker started"
        workers = _children(proc.pid)
        assert workers
    finally:
        proc.kill()
        proc.wait()
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    orphans = [w for w in workers if _alive(w)]
    for w in orphans:  # never leave them running, whatever the test says
        os.kill(w, 9)
    assert orphans == []
    with lock_store(store, wait=False):  # free at once: no process holds it
        pass


_ORPHAN = textwrap.dedent("""
    import fcntl, os, sys, time
    fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    os.pwrite(fd, ("tassanalysis writers' lock\\n" + os.uname().nodename + " pid "
                   + sys.argv[2] + "\\n").encode(), 0)
    print("held", flush=True)
    time.sleep(60)
""")


@pytest.mark.parametrize("writer_dead", [True, False])
def test_a_lock_held_for_a_dead_writer_is_taken_over(tmp_path, writer_dead):
    """An old worker that kept the lock file open after its writer died: the writer
    named in the file is dead, so the lock is stale and is taken over."""
    store = tmp_path / "corpus"
    write_corpus(make_corpus(2), store)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    holder = subprocess.Popen([sys.executable, "-c", _ORPHAN, str(store / ".lock"),
                               dead if writer_dead else "PID"], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        if not writer_dead:  # the holder names itself: a live writer, busy
            (store / ".lock").write_text(f"tassanalysis writers' lock\n{os.uname().nodename}"
                                         f" pid {holder.pid}\n")
            with pytest.raises(StoreBusyError):
                write_corpus(make_corpus(3), store, wait=False)
        else:
            write_corpus(make_corpus(3), store, wait=False)
            assert load_corpus(store).height == 3
            assert sorted(p.name for p in store.iterdir() if p.name.startswith(".")) == [
                ".lock", STORE_MARKER]
    finally:
        holder.kill()
        holder.wait()


def test_a_folder_holding_only_another_tools_lock_is_not_a_store(tmp_path):
    other = tmp_path / "build"
    other.mkdir()
    (other / ".lock").write_text("12345\n")  # another tool's lock file
    with pytest.raises(StoreUsageError, match="not empty and not a corpus store"):
        write_corpus(make_corpus(2), other)
    assert [p.name for p in other.iterdir()] == [".lock"]
    ours = tmp_path / "ours"
    ours.mkdir()
    with lock_store(ours):  # a lock this package left: still an empty folder
        pass
    write_corpus(make_corpus(2), ours)
    assert load_corpus(ours).height == 2


def test_the_lock_is_reentrant_in_one_process(tmp_path):
    with lock_store(tmp_path), lock_store(tmp_path):
        write_corpus(make_corpus(2), tmp_path, wait=False)
    assert load_corpus(tmp_path).height == 2


@pytest.mark.slow
def test_two_writers_and_a_reader_lose_nothing():
    """Two processes ingest into one store, round after round, while a third reads it
    (the measurement of ``benchmarks/stress_store.py``, in fewer rounds)."""
    spec = importlib.util.spec_from_file_location("stress_store",
                                                  ROOT / "benchmarks" / "stress_store.py")
    stress = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(stress)
    result = stress.concurrency(rounds=30, rows=20, quiet=True)
    assert result["exit_codes"] == 0
    assert result["rows"] == result["expected"] == 2 * 30 * 20
    assert result["merged"] == 0 and result["manifest"] == 60
    assert result["failed_reads"] == 0 and result["reads"] > 0


# ----------------------------------------------------------------------------- damage and errors

def test_a_corrupted_part_file_is_a_one_line_error(tmp_path, capsys):
    store = tmp_path / "corpus"
    write_corpus(make_corpus(4), store)
    part = next((current_snapshot(store) / "articles").rglob("part-0.parquet"))
    part.write_bytes(b"PAR1 this is not parquet any more PAR1")
    with pytest.raises(StoreError, match="cannot read .*part-0.parquet"):
        load_corpus(store)
    with pytest.raises(StoreError):
        load_corpus(store, lazy=True)
    assert _ingest(str(_table(tmp_path / "t.csv", 2)), "--out", str(store)) == 4
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "damaged" in err and "Traceback" not in err


def _damage(file: Path, how: str) -> None:
    data = file.read_bytes()
    if how == "truncated":
        file.write_bytes(data[: len(data) // 2])
    else:  # the footer intact, the pages between overwritten
        middle = len(data) // 2
        file.write_bytes(data[:8] + b"\xff" * (middle - 8) + data[middle:])


@pytest.mark.parametrize("how", ["truncated", "pages overwritten"])
@pytest.mark.parametrize("name", ["part-0.parquet", "rejects.parquet", "duplicates.parquet",
                                  "manifest.parquet"])
def test_a_damaged_parquet_file_is_exit_4_naming_the_file(tmp_path, capsys, name, how):
    store = tmp_path / "corpus"
    folder = tmp_path / "in"
    folder.mkdir()
    _table(folder / "a.csv", 30)
    _table(folder / "b.csv", 30)  # the same rows: duplicates
    main(["ingest", str(folder / "a.csv"), str(folder / "b.csv"), "--out", str(store), "-q"])
    rejected = folder / "c.csv"
    rejected.write_text("title,body,published_at\nA,Some text,notadate\n")
    main(["ingest", str(rejected), "--out", str(store), "-q"])
    file = next(current_snapshot(store).rglob(name))
    _damage(file, how)
    capsys.readouterr()
    assert _ingest(str(_table(tmp_path / "t.csv", 2, start=100)), "--out", str(store)) == 4
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert str(file) in err and "damaged" in err


def test_a_full_disk_met_by_the_parquet_writer_is_exit_5(tmp_path, capsys, monkeypatch):
    store = tmp_path / "corpus"
    write_corpus(make_corpus(3), store)
    before = load_corpus(store)
    real = pl.DataFrame.write_parquet
    calls = {"n": 0}

    def fail(self, path, *args, **kwargs):
        calls["n"] += 1
        if ".tmp-v-" in str(path) and calls["n"] > 1:  # a later file of the snapshot
            raise pl.exceptions.ComputeError(
                f"failed to write {path}: No space left on device (os error 28)")
        return real(self, path, *args, **kwargs)

    monkeypatch.setattr(pl.DataFrame, "write_parquet", fail)
    assert _ingest(str(_table(tmp_path / "t.csv", 2)), "--out", str(store)) == 5
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "the disk is full" in err, err
    monkeypatch.undo()
    assert load_corpus(store).equals(before)
    assert not [p for p in store.iterdir() if p.name.startswith(".tmp-")]


def test_a_non_canonical_parquet_folder_is_a_one_line_error(tmp_path):
    folder = tmp_path / "other"
    folder.mkdir()
    pl.DataFrame({"headline": ["a"], "text": ["b"]}).write_parquet(folder / "x.parquet")
    with pytest.raises(StoreError, match="does not hold canonical article rows"):
        load_corpus(folder)


@pytest.mark.parametrize("code, words", [(errno.ENOSPC, "the disk is full"),
                                         (errno.EROFS, "read-only")])
def test_a_full_disk_or_read_only_store_is_a_one_line_error(tmp_path, capsys, monkeypatch,
                                                            code, words):
    store = tmp_path / "corpus"
    write_corpus(make_corpus(3), store)
    before = load_corpus(store)
    real = pl.DataFrame.write_parquet

    def fail(self, path, *args, **kwargs):
        if ".tmp-v-" in str(path):
            raise OSError(code, os.strerror(code), str(path))
        return real(self, path, *args, **kwargs)

    monkeypatch.setattr(pl.DataFrame, "write_parquet", fail)
    assert _ingest(str(_table(tmp_path / "t.csv", 2)), "--out", str(store)) == 5
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and words in err
    monkeypatch.undo()
    assert load_corpus(store).equals(before)
    assert not [p for p in store.iterdir() if p.name.startswith(".tmp-")]


def test_a_store_whose_folder_cannot_be_written_is_a_one_line_error(tmp_path, capsys,
                                                                    monkeypatch):
    store = tmp_path / "corpus"
    write_corpus(make_corpus(3), store)
    real = Path.mkdir

    def read_only(self, *args, **kwargs):
        if ".tmp-v-" in str(self):
            raise OSError(errno.EROFS, "Read-only file system", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", read_only)
    assert _ingest(str(_table(tmp_path / "t.csv", 2)), "--out", str(store)) == 5
    assert "read-only" in capsys.readouterr().err


def test_usage_and_store_errors_have_distinct_statuses(tmp_path):
    with pytest.raises(StoreUsageError):
        write_corpus(make_corpus(1), _file(tmp_path))
    assert StoreUsageError.exit_code == 2 and StoreBusyError.exit_code == 3
    assert StoreError.exit_code == 4


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "a-file"
    path.write_text("x")
    return path
