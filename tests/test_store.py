"""The Parquet corpus store: round trips, filters, atomic writes."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from tassanalysis.schema import SchemaError, empty_corpus, validate
from tassanalysis.store import (
    StoreError,
    StoreWriteError,
    current_snapshot,
    load_corpus,
    load_rejects,
    load_summary,
    write_corpus,
)

ROOT = Path(__file__).resolve().parents[1]


def make_corpus(n: int = 6) -> pl.DataFrame:
    dates = [datetime(2017, 1 + i % 3, 1 + i, 12, tzinfo=UTC) for i in range(n - 1)] + [None]
    return validate(pl.DataFrame({
        "doc_id": [f"d{i}" for i in range(n)],
        "source": ["tass.com" if i % 2 else "bbc.co.uk" for i in range(n)],
        "url": [f"https://example.org/{i}" for i in range(n)],
        "title": [f"Title {i}" for i in range(n)],
        "body": [f"Body text {i}." for i in range(n)],
        "section": ["politics" if i % 3 else "world" for i in range(n)],
        "published_at": dates,
        "date_source": ["page"] * (n - 1) + ["unknown-year:no cue"],
        "language": ["en"] * n,
        "origin": [f"f{i}.txt" for i in range(n)],
    }), cast=True)


def test_round_trip_and_partitions(tmp_path):
    corpus = make_corpus()
    rejects = pl.DataFrame({"origin": ["x.txt"], "reason": ["empty"], "raw": [""]})
    snap = write_corpus(corpus, tmp_path, rejects=rejects, summary={"accepted": 6})
    parts = sorted(str(p.relative_to(snap / "articles")) for p in snap.rglob("*.parquet")
                   if "articles" in p.parts)
    assert parts == ["year=2017/month=01/part-0.parquet", "year=2017/month=02/part-0.parquet",
                     "year=2017/month=03/part-0.parquet",
                     "year=unknown/month=unknown/part-0.parquet"]
    loaded = load_corpus(tmp_path)
    assert_frame_equal(loaded.sort("doc_id"), corpus.sort("doc_id"))
    assert_frame_equal(load_rejects(tmp_path), rejects)
    assert load_summary(tmp_path) == {"accepted": 6}


def test_filters_are_pushed_to_the_scan(tmp_path):
    write_corpus(make_corpus(), tmp_path)
    lazy = load_corpus(tmp_path, lazy=True, start="2017-02-01", sources=["tass.com"])
    assert isinstance(lazy, pl.LazyFrame)
    plan = lazy.explain()
    # both filters sit on the Parquet scan itself (no FILTER node above it)
    assert plan.startswith("Parquet SCAN") and "FILTER" not in plan
    selection = next(line for line in plan.splitlines() if line.startswith("SELECTION"))
    assert "published_at" in selection and "source" in selection
    got = lazy.collect()
    assert set(got["source"]) == {"tass.com"}
    assert got["published_at"].min() >= datetime(2017, 2, 1, tzinfo=UTC)
    # end as a date includes the whole day; unknown dates drop out once a bound is given
    day = load_corpus(tmp_path, start="2017-01-01", end="2017-01-01")
    assert day["doc_id"].to_list() == ["d0"]
    assert load_corpus(tmp_path, sections="world")["doc_id"].sort().to_list() == ["d0", "d3"]


def test_plain_parquet_folder_is_readable(tmp_path):
    corpus = make_corpus()
    corpus.head(3).write_parquet(tmp_path / "a.parquet")
    corpus.tail(3).write_parquet(tmp_path / "b.parquet")
    assert load_corpus(tmp_path).height == 6


def test_missing_store_says_how_to_make_one(tmp_path):
    with pytest.raises(StoreError, match="tass ingest"):
        load_corpus(tmp_path / "nothing")
    assert load_rejects(tmp_path / "nothing").columns == ["origin", "reason", "raw"]


def test_validate_names_the_problems():
    bad = empty_corpus().drop("body").with_columns(pl.lit(None, pl.Int64).alias("extra"))
    with pytest.raises(SchemaError, match="missing columns: body.*unexpected columns: extra"):
        validate(bad)
    nulls = make_corpus().with_columns(pl.lit(None, pl.String).alias("source"))
    with pytest.raises(SchemaError, match="nulls in required columns: source"):
        validate(nulls)


def test_failed_write_leaves_previous_snapshot(tmp_path, monkeypatch):
    first = make_corpus(4)
    snap1 = write_corpus(first, tmp_path)
    calls = {"n": 0}
    real = pl.DataFrame.write_parquet

    def flaky(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pl.DataFrame, "write_parquet", flaky)
    with pytest.raises(StoreWriteError, match="disk full"):
        write_corpus(make_corpus(6), tmp_path)
    monkeypatch.undo()
    assert current_snapshot(tmp_path) == snap1
    assert_frame_equal(load_corpus(tmp_path).sort("doc_id"), first.sort("doc_id"))
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tmp-")]


@pytest.mark.slow
@pytest.mark.parametrize("where", ["rename", "replace"])
def test_process_killed_mid_write_leaves_a_whole_corpus(tmp_path, where):
    """A process killed (SIGKILL) just before the snapshot or pointer switch."""
    script = textwrap.dedent(f"""
        import os, signal, sys
        sys.path.insert(0, {str(ROOT)!r})
        sys.path.insert(0, {str(ROOT / "tests")!r})
        from test_store import make_corpus
        from tassanalysis.store import write_corpus
        write_corpus(make_corpus(4), {str(tmp_path)!r})
        def die(*a, **k):
            os.kill(os.getpid(), signal.SIGKILL)
        os.{where} = die
        write_corpus(make_corpus(6), {str(tmp_path)!r})
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == -9, proc.stderr
    corpus = load_corpus(tmp_path)
    assert corpus.height == 4
    # the next write cleans up what the killed one left behind (and keeps the
    # snapshot it replaces, which a reader may still be reading)
    write_corpus(make_corpus(6), tmp_path)
    assert load_corpus(tmp_path).height == 6
    leftovers = sorted(p.name for p in tmp_path.iterdir()
                       if p.name not in ("CURRENT", ".lock", ".tassanalysis-store"))
    assert all(name.startswith("v-") for name in leftovers)  # no .tmp- folder left
    assert leftovers[-1] == current_snapshot(tmp_path).name and len(leftovers) <= 3


def test_keep_prunes_old_snapshots(tmp_path):
    for n in (2, 3, 4):
        write_corpus(make_corpus(n), tmp_path, keep=2, keep_for=0)
    snaps = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("v-"))
    assert len(snaps) == 2
    assert load_corpus(tmp_path).height == 4
    assert os.path.basename(current_snapshot(tmp_path)) == snaps[-1]


def test_a_notebook_in_a_subfolder_finds_the_project_store(tmp_path, monkeypatch):
    project = tmp_path / "project"
    (project / "notebooks").mkdir(parents=True)
    (project / "pyproject.toml").write_text("")
    write_corpus(make_corpus(3), project / "data" / "corpus")
    monkeypatch.chdir(project / "notebooks")
    assert load_corpus("data/corpus").height == 3
    assert load_summary("data/corpus") == {}
    with pytest.raises(StoreError):
        load_corpus("data/elsewhere")
