"""The analyses counted per file — in-process, on a process pool, on a Dask cluster —
give the frames the in-process analyses give, and a lost worker never changes a result."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import tassanalysis as ta
from tassanalysis import actors, topics
from tassanalysis import distributed as td
from tassanalysis.schema import validate

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample" / "newsarticles.parquet"
SELECTION = {"start": "2016-12-01", "end": "2017-03-31",
             "sources": ["tass.com", "bbc.co.uk", "cnn.com"]}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """The shipped NewsArticles sample as a store: one Parquet file per month."""
    articles, _ = ta.read_table(SAMPLE)
    path = tmp_path_factory.mktemp("dist") / "corpus"
    ta.write_corpus(articles, path)
    return path


@pytest.fixture(scope="module")
def corpus(store) -> pl.DataFrame:
    return ta.load_corpus(store, **SELECTION)


#: name → (in-process call on a frame, options of the per-file call on the store).
ANALYSES = {
    "term_counts": (lambda c: ta.term_counts(c, by="source", period="month"),
                    lambda s, **k: td.term_counts(s, by="source", period="month", **k)),
    "term_counts_stem_bigrams": (
        lambda c: ta.term_counts(c, by="section", stem=True, ngram=2),
        lambda s, **k: td.term_counts(s, by="section", stem=True, ngram=2, **k)),
    "term_frequency": (
        lambda c: ta.term_frequency(c, by="source", period="week", top=10, min_count=3),
        lambda s, **k: td.term_frequency(s, by="source", period="week", top=10, min_count=3,
                                         **k)),
    "keyness": (lambda c: ta.keyness(c, target={"source": "tass.com"}),
                lambda s, **k: td.keyness(s, target={"source": "tass.com"}, **k)),
    "keyness_periods_stem": (
        lambda c: ta.keyness(c, target="2017-02", reference="2017-01", stem=True, min_count=2),
        lambda s, **k: td.keyness(s, target="2017-02", reference="2017-01", stem=True,
                                  min_count=2, **k)),
    "collocations": (
        lambda c: ta.collocations(c, measure="likelihood_ratio", span=3, min_count=3,
                                  top=None),
        lambda s, **k: td.collocations(s, measure="likelihood_ratio", span=3, min_count=3,
                                       top=None, **k)),
    "collocations_pmi": (lambda c: ta.collocations(c, measure="pmi", min_count=2, top=None),
                         lambda s, **k: td.collocations(s, measure="pmi", min_count=2,
                                                        top=None, **k)),
    "articles_over_time": (lambda c: ta.articles_over_time(c, by="source", period="week"),
                           lambda s, **k: td.articles_over_time(s, by="source", period="week",
                                                                **k)),
    "co_mentions": (lambda c: actors.co_mentions(c, by="source", period="month"),
                    lambda s, **k: td.co_mentions(s, by="source", period="month", **k)),
    "co_mentions_sentences": (
        lambda c: actors.co_mentions(c, unit="sentence", min_count=1),
        lambda s, **k: td.co_mentions(s, unit="sentence", min_count=1, **k)),
    "co_mention_counts": (
        lambda c: actors.merge_co_mention_counts([actors.co_mention_counts(c, period="week")]),
        lambda s, **k: td.co_mention_counts(s, period="week", **k)),
    "topic_trends": (lambda c: topics.topic_trends(c, by="source", period="week"),
                     lambda s, **k: td.topic_trends(s, by="source", period="week", **k)),
    "topic_trends_tokens": (
        lambda c: topics.topic_trends(c, period="month", measure="tokens"),
        lambda s, **k: td.topic_trends(s, period="month", measure="tokens", **k)),
}


#: The analyses run again on a process pool and a cluster (each kind of count once).
REMOTE = ["term_counts", "term_frequency", "keyness", "keyness_periods_stem", "collocations",
          "articles_over_time", "co_mentions", "topic_trends"]


def assert_same(got: pl.DataFrame, want: pl.DataFrame) -> None:
    assert want.height > 0
    assert_frame_equal(got, want, check_exact=False, rel_tol=1e-12, abs_tol=1e-12)
    # counts and keys exactly: every non-float column
    exact = [c for c, t in want.schema.items() if not t.is_float()]
    assert_frame_equal(got.select(exact), want.select(exact), check_exact=True)


@pytest.fixture(scope="module")
def expected(corpus) -> dict[str, pl.DataFrame]:
    return {name: local(corpus) for name, (local, _) in ANALYSES.items()}


def test_the_store_has_many_files(store):
    files = td.partitions(store)
    assert len(files) >= 5
    assert all(Path(f).is_absolute() and f.endswith(".parquet") for f in files)


@pytest.mark.parametrize("name", list(ANALYSES))
def test_in_process_per_file_equals_the_whole_frame(store, expected, name):
    assert_same(ANALYSES[name][1](store, **SELECTION), expected[name])


def test_term_rates_are_bit_for_bit_those_of_the_whole_frame(store, corpus):
    # The report's top terms: one group, so the totals are a single row joined onto every
    # term; the rates must come out of the same division, not merely close.
    options = {"top": 25, "min_count": 5, "stopwords": ("en", "ru")}
    got = td.term_frequency(store, **SELECTION, **options)
    assert got.equals(ta.term_frequency(corpus, **options))
    assert got.equals(ta.term_frequency(corpus.lazy(), **options))


def test_report_selection_resolves_like_select_corpus(store):
    chosen = td.store_selection(store, window="30d", sources="tass.com, cnn.com")
    assert chosen["sources"] == ["tass.com", "cnn.com"] and chosen["sections"] is None
    want = ta.select_corpus(store, window="30d", sources="tass.com, cnn.com")
    got = td.articles_over_time(store, by="source", period="day", **chosen)
    assert got.equals(ta.articles_over_time(want, by="source", period="day"))


def test_a_lazy_frame_is_one_part(corpus, expected):
    lazy = corpus.lazy()
    assert_same(td.term_counts(lazy, by="source", period="month"), expected["term_counts"])


def test_pruning_by_month_and_source(tmp_path):
    rows = validate(pl.DataFrame({
        "doc_id": ["a", "b", "c", "d"], "source": ["tass.com", "tass.com", "bbc", None],
        "body": ["One.", "Two.", "Three.", "Four."],
        "published_at": [dt.datetime(2017, 1, 5, tzinfo=dt.UTC),
                         dt.datetime(2017, 2, 9, tzinfo=dt.UTC),
                         dt.datetime(2017, 3, 10, tzinfo=dt.UTC), None],
        "date_source": "page", "language": "en", "origin": "x"}).with_columns(
            source=pl.col("source").fill_null("rt.com")), cast=True)
    ta.write_corpus(rows, tmp_path)

    def months(**k):
        return sorted(Path(f).parent.name + "/" + Path(f).parent.parent.name
                      for f in td.partitions(tmp_path, **k))

    assert len(months()) == 4  # three months and the undated partition
    assert months(start="2017-02-01") == ["month=02/year=2017", "month=03/year=2017"]
    assert months(end="2017-01-31") == ["month=01/year=2017"]
    assert months(start=dt.datetime(2017, 2, 28, 23, tzinfo=dt.UTC), end="2017-03-01") == [
        "month=02/year=2017", "month=03/year=2017"]
    assert months(sources=["bbc"]) == ["month=03/year=2017"]
    assert months(sources="rt.com") == ["month=unknown/year=unknown"]
    assert months(sources=["nobody"]) == []
    # an empty selection still gives the right (empty) frame
    assert td.term_counts(tmp_path, sources=["nobody"]).height == 0
    assert td.articles_over_time(tmp_path, sources=["nobody"]).height == 0


def test_bad_options_fail_before_anything_runs(store):
    with pytest.raises(ValueError, match="period"):
        td.term_counts(store, period="fortnight")
    with pytest.raises(ValueError, match="measure"):
        td.collocations(store, measure="nope")
    with pytest.raises(TypeError, match="frame"):
        td.keyness(store, target=pl.DataFrame({"body": ["x"]}))
    with pytest.raises(TypeError, match="client"):
        td.term_counts(store, client=42)


def test_a_broken_file_is_named_in_the_error(tmp_path, store):
    broken = tmp_path / "corpus"
    broken.mkdir()
    (broken / "part-0.parquet").write_bytes(b"not parquet at all")
    with pytest.raises(td.DistributedError, match="counting .*part-0.parquet failed"):
        td.term_counts(broken)


def test_dask_is_imported_only_when_a_cluster_is_used():
    code = ("import sys, tassanalysis, tassanalysis.distributed as td; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.stdout.strip() == "[]"


def test_no_scheduler_means_in_process(monkeypatch):
    monkeypatch.delenv("TASS_SCHEDULER", raising=False)
    assert td.client_for("") is None
    assert td.client_for(None) is None
    assert td.describe_runner(None).startswith("in one process on ")


def test_an_unreachable_scheduler_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("TASS_SCHEDULER", "127.0.0.1:9")  # nothing listens on the discard port
    with pytest.raises(td.DistributedError, match="no Dask scheduler answered at tcp://127"):
        td.client_for("", timeout=1)


@pytest.mark.parametrize("address, words", [
    ("notanaddress", "is not a Dask scheduler address: give host:port"),
    ("tcp://", "is not a Dask scheduler address"),
    ("10.0.0.5:99999", "is not a Dask scheduler address"),
    ("127.0.0.1:9", "no Dask scheduler answered at tcp://127.0.0.1:9: Connection refused"),
])
def test_a_bad_or_dead_address_is_a_one_line_error_at_once(monkeypatch, address, words):
    monkeypatch.delenv("TASS_SCHEDULER", raising=False)
    started = time.monotonic()
    with pytest.raises(td.DistributedError) as caught:
        td.client_for(address)
    assert time.monotonic() - started < 5
    message = str(caught.value)
    assert words in message and "\n" not in message
    assert caught.value.__cause__ is None  # no chain of library frames beneath it
    with pytest.raises(td.DistributedError, match="scheduler"):
        td.term_counts(ROOT / "no-such-store", client=address)


@pytest.mark.parametrize("address", ["notanaddress", "127.0.0.1:9"])
def test_the_cluster_parameter_is_checked_before_the_kernel_starts(corpus_path, tmp_path,
                                                                    capsys, address):
    from tassanalysis.cli import main

    started = time.monotonic()
    code = main(["report", "corpus_overview", "--out", str(tmp_path / "reports"),
                 "-p", f"corpus={corpus_path}", "-p", f"cluster={address}"])
    assert code == 2 and time.monotonic() - started < 10
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("tass report: cluster: ")
    assert not (tmp_path / "reports").exists()  # nothing written, no kernel started


# --------------------------------------------------------------------------- executor

@pytest.mark.slow
def test_a_process_pool_gives_the_same_frames(store, expected):
    with td.process_pool(2) as pool:
        assert "process pool of 2 workers" in td.describe_runner(pool)
        for name in REMOTE:
            assert_same(ANALYSES[name][1](store, client=pool, **SELECTION), expected[name])
        threads = pool.submit(pl.thread_pool_size).result()
    assert threads == max(1, (os.cpu_count() or 1) // 2)


@pytest.mark.slow
def test_a_process_killed_mid_run_stops_the_run_with_a_clear_error(store):
    pool = td.process_pool(2)
    outcome: dict = {}

    def run():
        try:
            outcome["result"] = td.collocations(store, span=5, top=None, client=pool)
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            outcome["error"] = exc

    worker = threading.Thread(target=run)
    worker.start()
    deadline = time.monotonic() + 60
    while not pool._processes and time.monotonic() < deadline:  # processes start on submit
        time.sleep(0.01)
    time.sleep(0.2)
    assert worker.is_alive(), "the run ended before a process could be killed"
    os.kill(next(iter(pool._processes)), signal.SIGKILL)
    worker.join(120)
    pool.shutdown(wait=False, cancel_futures=True)
    assert "result" not in outcome
    assert isinstance(outcome["error"], td.DistributedError)
    assert "worker process died" in str(outcome["error"])


# --------------------------------------------------------------------------- Dask

@pytest.fixture(scope="module")
def cluster_client():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, host="127.0.0.1")
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


@pytest.mark.slow
def test_a_dask_cluster_gives_the_same_frames(store, expected, cluster_client):
    assert "2 workers, 2 threads, 1 host" in td.describe_runner(cluster_client)
    for name in REMOTE:
        assert_same(ANALYSES[name][1](store, client=cluster_client, **SELECTION),
                    expected[name])
    # each worker's Polars got its share of the cores
    sizes = cluster_client.run(pl.thread_pool_size)
    assert set(sizes.values()) == {max(1, (os.cpu_count() or 1) // 2)}


@pytest.mark.slow
def test_a_scheduler_address_and_the_environment_variable_work(store, expected,
                                                               cluster_client, monkeypatch):
    address = cluster_client.scheduler.address
    got = td.articles_over_time(store, by="source", period="week", client=address, **SELECTION)
    assert_same(got, expected["articles_over_time"])
    monkeypatch.setenv("TASS_SCHEDULER", address)
    assert td.client_for("") is td.client_for(address)
    got = td.term_counts(store, by="source", period="month", **SELECTION)
    assert_same(got, expected["term_counts"])
    td.client_for(address).close()


@pytest.mark.slow
def test_losing_every_dask_worker_ends_in_an_error_within_a_bounded_wait(store, monkeypatch):
    """Workers without nannies (nothing restarts them), all killed: the run stops with a
    DistributedError once the scheduler has had no worker for WORKERS_GONE_AFTER."""
    distributed = pytest.importorskip("distributed")
    monkeypatch.setattr("tassanalysis.distributed.engine.WORKERS_GONE_AFTER", 3.0)
    cluster = distributed.LocalCluster(n_workers=0, processes=True, dashboard_address=None,
                                       host="127.0.0.1")
    client = distributed.Client(cluster)
    workers = [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker",
                                 cluster.scheduler_address, "--no-nanny", "--nthreads", "1",
                                 "--no-dashboard"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL) for _ in range(2)]
    try:
        client.wait_for_workers(2, timeout=60)
        for w in workers:
            w.kill()
            w.wait()
        started = time.monotonic()
        with pytest.raises(td.DistributedError, match="has had no worker for 3 s"):
            td.term_counts(store, client=client, **SELECTION)
        assert time.monotonic() - started < 30
    finally:
        for w in workers:
            w.kill()
        client.close()
        cluster.close()


@pytest.mark.slow
def test_a_dask_worker_killed_mid_run_changes_nothing(store, corpus, cluster_client):
    want = ta.collocations(corpus, span=5, min_count=2, top=None)
    pids = cluster_client.run(os.getpid)
    outcome: dict = {}

    def run():
        try:
            outcome["result"] = td.collocations(store, span=5, min_count=2, top=None,
                                                client=cluster_client, **SELECTION)
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            outcome["error"] = exc

    worker = threading.Thread(target=run)
    worker.start()
    victim = None
    deadline = time.monotonic() + 60
    while victim is None and worker.is_alive() and time.monotonic() < deadline:
        # wait until a worker holds a finished count, so its loss must be made good
        held = {k: v for k, v in cluster_client.who_has().items()
                if str(k).startswith("tass-count") and v}
        if held:
            victim = next(iter(next(iter(held.values()))))
        else:
            time.sleep(0.005)
    assert victim is not None and worker.is_alive(), "the run ended before a kill"
    os.kill(pids[victim], signal.SIGKILL)
    worker.join(180)
    assert "error" not in outcome, outcome.get("error")
    assert_same(outcome["result"], want)
