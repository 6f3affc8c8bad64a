"""Hostile and careless input: bounded work per input, one bad record is one reject,
dates that cannot be right, idempotent re-runs, options that shape the manifest."""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from tassanalysis.cli import main
from tassanalysis.ingest import IngestError, ingest
from tassanalysis.ingest.pages import parse_pages
from tassanalysis.ingest.scan import Page, origin_of
from tassanalysis.ingest.tass_text import parse_tass_text
from tassanalysis.store import current_snapshot, load_corpus, load_manifest, load_rejects

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_552685f68ac672a1.txt"
HEAD = "Title of the article here\nDecember 26, 20:52 UTC+3\nMOSCOW, December 26. /TASS/. Text.\n"


def _rows(n: int, *, start: int = 0, host: str = "ex.org") -> list[dict]:
    return [{"title": f"Title {i}", "body": f"Body of article {i} with some words.",
             "published_at": f"2017-02-{1 + i % 27:02d} 10:00", "url": f"https://{host}/news/{i}"}
            for i in range(start, start + n)]


def _csv(path: Path, rows: list[dict]) -> Path:
    pl.DataFrame(rows).write_csv(path)
    return path


# ----------------------------------------------------------------------------- bounded work

def _stress_module():
    spec = importlib.util.spec_from_file_location("stress_store",
                                                  ROOT / "benchmarks" / "stress_store.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


STRESS = _stress_module()


@pytest.mark.parametrize("shape", sorted(STRESS.ADVERSARIAL_PAGES))
def test_page_parser_time_is_linear_on_adversarial_pages(shape):
    """A page four times longer takes about four times the CPU time, not sixteen.

    The sizes differ by 4x so that linear (4x) and quadratic (16x) growth stay far
    apart even when a busy machine makes CPU times noisy."""
    make = STRESS.ADVERSARIAL_PAGES[shape]
    t_small = STRESS.parse_seconds(make(50_000), repeat=3)
    t_large = STRESS.parse_seconds(make(200_000), repeat=3)
    assert t_large <= 8 * t_small + 0.02, (shape, t_small, t_large)
    assert t_large < 2.0, (shape, t_large)  # ~200 KB: a quadratic pattern takes minutes


@pytest.mark.parametrize("unit", ["READ MORE: ", "READ MORE: Big talks\n", "WATCH: x "])
def test_site_chrome_removal_is_linear_in_the_number_of_links(unit):
    """Four times the links cost about four times the time, not sixteen (a text of
    nothing but ``READ MORE:`` labels was quadratic)."""
    from tassanalysis.ingest.boilerplate import remove_site_chrome

    def seconds(n: int) -> float:
        text = "He spoke. " + unit * n
        best = float("inf")
        for _ in range(3):
            t = time.process_time()
            remove_site_chrome(text)
            best = min(best, time.process_time() - t)
        return best

    small, large = seconds(2_000), seconds(8_000)
    assert large < 8 * small + 0.05, (small, large)


def test_a_table_cell_of_link_labels_is_read_within_the_page_budget(tmp_path):
    body = "He spoke. " + "READ MORE: " * 20_000  # 220 KB of labels in one cell
    table = _csv(tmp_path / "t.csv", [{"title": "T", "body": body,
                                       "published_at": "2017-02-07", "url": "https://ex.org/a/1"}])
    started = time.perf_counter()
    result = ingest([table], None, progress=False, page_timeout=5)
    assert time.perf_counter() - started < 30
    assert result.articles.height == 1 and "READ MORE" not in result.articles["body"][0]


def test_a_table_record_whose_site_chrome_overruns_the_budget_is_a_timeout_reject(tmp_path):
    rows = _rows(2) + [{"title": "Links", "body": "He spoke. " + "READ MORE: " * 100_000,
                        "published_at": "2017-02-07 10:00", "url": "https://ex.org/news/99"}]
    table = _csv(tmp_path / "t.csv", rows)
    started = time.perf_counter()
    result = ingest([table], None, progress=False, page_timeout=0.2)
    assert time.perf_counter() - started < 20
    assert result.articles.height == 2
    assert result.new_rejects.select("origin", "reason").rows() == [
        (f"{table}:3", "parser-timeout: over 0.2 s (site chrome)")]
    a = result.summary["accounted"]
    assert a["records_read"] == 3 == a["articles"] + a["rejects"] + a["duplicates"]


def test_a_page_over_its_time_budget_is_a_parser_timeout_reject(tmp_path, monkeypatch):
    import tassanalysis.ingest.pages as pages_module

    real_parse = pages_module.parse_tass_text

    def parse(text, **options):  # a parser that is slow on one page, in plain Python
        if "SLOW-PAGE" in text:
            end = time.perf_counter() + 3
            while time.perf_counter() < end:
                pass
        return real_parse(text, **options)

    monkeypatch.setattr(pages_module, "parse_tass_text", parse)
    slow = HEAD + "SLOW-PAGE\n"
    pages = [Page(tmp_path / "slow.txt", "text", slow), Page(tmp_path / "ok.txt", "text", HEAD)]
    records, rejects = parse_pages(pages, year=2017, timeout=0.5)
    assert [r["origin"] for r in records] == [str(tmp_path / "ok.txt")]
    assert len(rejects) == 1 and rejects[0][1].startswith("parser-timeout")
    assert rejects[0][2].startswith("Title of the article")
    # through the whole run
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "slow.txt").write_text(slow)
    shutil.copy(SEED, tmp_path / "in" / "good.txt")
    result = ingest([tmp_path / "in"], None, progress=False, page_timeout=0.5)
    assert result.articles.height == 1
    assert result.new_rejects["reason"].str.starts_with("parser-timeout").to_list() == [True]


# ----------------------------------------------------------------------------- one input never sinks the run

def test_deeply_nested_json_is_a_reject_and_the_run_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "deep.json").write_text("[" * 100_000)
    (folder / "deep.jsonl").write_text(json.dumps(_rows(1)[0]) + "\n"
                                       + '{"title": ' + "[" * 100_000 + "\n"
                                       + json.dumps(_rows(1, start=1)[0]) + "\n")
    (folder / "page.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "page.json").write_text('{"url": ' + "[" * 100_000)  # the page's sidecar
    shutil.copy(SEED, folder / "good.txt")
    result = ingest([folder], tmp_path / "corpus", progress=False)
    reasons = dict(result.new_rejects.select(
        pl.col("origin").str.replace(r"^.*/", ""), "reason").iter_rows())
    assert reasons["deep.json"].startswith("unreadable-table:")
    assert reasons["deep.jsonl:line 2"].startswith("unreadable-line:")
    assert reasons["page.txt"].startswith("unreadable-sidecar")
    titles = set(result.articles["title"].drop_nulls())
    assert {"Title 0", "Title 1"} <= titles  # the good lines of deep.jsonl
    assert result.articles.filter(pl.col("origin").str.ends_with("good.txt")).height == 1


def test_dates_that_cannot_be_right_are_refused_never_shifted(tmp_path):
    rows = _rows(6)
    rows[0]["published_at"] = "9999-12-31T23:59:59-12:00"
    rows[1]["published_at"] = "0000-01-01"
    rows[2]["published_at"] = "2017-02-07T10:00:00+99:00"
    rows[3]["published_at"] = "1850-02-07"
    rows[4]["published_at"] = "2017-02-07T10:00:00+14:00"  # Kiribati: a real zone
    table = _csv(tmp_path / "dates.csv", rows)
    result = ingest([table], tmp_path / "corpus", progress=False)
    reasons = dict(result.new_rejects.select(
        pl.col("origin").str.replace(r"^.*:", ""), "reason").iter_rows())
    assert reasons == {"1": "implausible-date", "2": "implausible-date", "3": "implausible-date",
                       "4": "implausible-date"}
    when = dict(result.articles.select("title", "published_at").iter_rows())
    assert when["Title 4"] == datetime(2017, 2, 6, 20, tzinfo=UTC)
    assert when["Title 5"] == datetime(2017, 2, 6, 10, tzinfo=UTC)


def test_implausible_dates_in_pages_html_and_sidecars(tmp_path):
    # a sidecar date no article can have is not used: the page's own date is
    page = parse_tass_text(SEED.read_text(encoding="utf-8"),
                           metadata={"published_at": "9999-12-31T23:59:59-12:00",
                                     "crawled_at": "0000-01-01"})
    assert page["published_at"].year == 2017
    # an offset no zone has does not shift the time: the line is not taken as a date
    rec = parse_tass_text("Some title of the story\nDecember 26, 20:52 UTC+99\n"
                          "MOSCOW, December 26. /TASS/. Text of it.", year=2017)
    assert rec["published_at"] == datetime(2017, 12, 26, 9, 0, tzinfo=UTC)  # noon, the dateline
    from tassanalysis.ingest.html import parse_html

    html = parse_html('<html><head><meta property="article:published_time" '
                      'content="9999-12-31T23:59:59-12:00"></head><body><article><p>A text '
                      'long enough to be an article, in a few words.</p></article></body></html>')
    assert html["published_at"] is None
    assert html["date_source"] == "unknown-year:implausible-date"


# ----------------------------------------------------------------------------- one bad row

def test_csv_with_an_unterminated_quote_keeps_its_good_rows(tmp_path):
    path = tmp_path / "broken.csv"
    path.write_text("title,body,published_at\n"
                    "A,Text a,2017-01-01\n"
                    'B,"Text b,2017-01-02\n'
                    "C,Text c,2017-01-03\n"
                    '"D","Text, d",2017-01-04\n', encoding="utf-8")
    result = ingest([path], None, progress=False)
    assert sorted(result.articles["title"]) == ["A", "C", "D"]
    assert result.new_rejects.select("origin", "reason").rows() == [
        (f"{path}:line 3", "unreadable-line: unterminated quote or malformed CSV record")]
    assert result.new_rejects["raw"][0] == 'B,"Text b,2017-01-02'


def test_jsonl_bad_lines_and_list_typed_titles_are_rejects_of_their_own(tmp_path):
    good = _rows(3)
    path = tmp_path / "mixed.jsonl"
    odd = {**_rows(1, start=7)[0], "title": ["a", "list"]}
    path.write_text("\n".join([json.dumps(good[0]), "{not json", json.dumps(odd),
                               json.dumps(good[1]), "", json.dumps(good[2])]) + "\n")
    result = ingest([path], None, progress=False)
    assert sorted(result.articles["title"]) == ["Title 0", "Title 1", "Title 2"]
    rejects = dict(result.new_rejects.select("origin", "reason").iter_rows())
    assert rejects[f"{path}:line 2"].startswith("unreadable-line:")
    assert rejects[f"{path}:line 3"].startswith("bad-value: title is a list")
    assert len(rejects) == 2
    # without a broken line the list-typed title is found as well
    path.write_text("\n".join(json.dumps(r) for r in [good[0], odd, good[1]]) + "\n")
    result = ingest([path], None, progress=False)
    assert result.articles.height == 2
    assert result.new_rejects["origin"].to_list() == [f"{path}:line 2"]


def test_nul_bytes_are_removed_from_text_fields(tmp_path):
    rows = _rows(2)
    rows[0].update(title="Ti\x00tle", body="Bo\x00dy of it", url="https://ex.org/wor\x00ld/0")
    rows[0]["section"] = "wor\x00ld"
    path = tmp_path / "nul.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    corpus = ingest([path], None, progress=False).articles
    for column, dtype in corpus.schema.items():
        if dtype == pl.String:
            assert not corpus[column].str.contains("\x00", literal=True).any(), column
    assert corpus.filter(pl.col("title") == "Title")["section"].to_list() == ["world"]


def test_a_truncated_raw_reject_states_the_true_size(tmp_path):
    path = tmp_path / "huge.json"
    path.write_text("[" * 1_500_000)
    reject = ingest([path], None, progress=False).new_rejects.row(0, named=True)
    assert reject["raw"].endswith("…[truncated: 1500000 bytes in all]")
    assert len(reject["raw"]) < 1_100_000


# ----------------------------------------------------------------------------- idempotent

def test_touching_unchanged_tables_changes_nothing(tmp_path):
    table = _csv(tmp_path / "t.csv", _rows(30))
    out = tmp_path / "corpus"
    ingest([table], out, progress=False)
    snap = current_snapshot(out)
    os.utime(table, ns=(time.time_ns(), time.time_ns() + 10**9))
    again = ingest([table], out, progress=False)
    assert again.summary["skipped_unchanged"] == 1 and again.summary["accepted"] == 0
    # known by its digest: no new snapshot for a touch, as for a page
    assert again.path is None and current_snapshot(out) == snap
    corpus = load_corpus(out)
    assert corpus.height == 30 and corpus["merged"].sum() == 0
    third = ingest([table], out, progress=False)
    assert third.path is None and current_snapshot(out) == snap
    page = tmp_path / "page.txt"
    shutil.copy(SEED, page)
    ingest([page], out, progress=False)
    snap = current_snapshot(out)
    os.utime(page, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert ingest([page], out, progress=False).path is None and current_snapshot(out) == snap


# ----------------------------------------------------------------------------- bounded readers

def _gz_bomb(path: Path, unpacked: int) -> Path:
    """A gzip file of a few KB that unpacks to ``unpacked`` bytes of CSV rows."""
    row = b"Title,Some body text of the row,2017-02-07 10:00\n"
    with gzip.open(path, "wb") as fh:
        fh.write(b"title,body,published_at\n")
        for _ in range(unpacked // len(row) + 1):
            fh.write(row)
    return path


@pytest.mark.parametrize("name", ["bomb.csv.gz", "bomb.jsonl.gz", "bomb"])
def test_a_compressed_table_that_unpacks_past_the_limit_is_a_too_large_reject(tmp_path, name):
    folder = tmp_path / "in"
    folder.mkdir()
    _gz_bomb(folder / name, 3_000_000)
    _csv(folder / "good.csv", _rows(3))
    result = ingest([folder], tmp_path / "corpus", progress=False, max_table_bytes=1_000_000,
                    max_page_bytes=1_000_000)
    assert result.articles.height == 3
    (reason,) = result.new_rejects["reason"].to_list()
    assert reason.startswith("too-large: over 1000000 bytes unpacked"), reason
    a = result.summary["accounted"]
    assert a["records_read"] == 4 == a["articles"] + a["rejects"] + a["duplicates"]


@pytest.mark.parametrize("fmt, text", [
    ("csv", 'title,body,published_at\nA,"{big}",2017-02-07\nB,small,2017-02-07\n'),
    ("csv", 'title,body,published_at\nA,"{lines}",2017-02-07\n'),  # newlines inside quotes
    ("jsonl", '{{"title": "A", "body": "{big}", "published_at": "2017-02-07"}}\n'),
    ("json", '[{{"title": "A", "body": "{big}", "published_at": "2017-02-07"}}]'),
])
def test_a_table_with_a_giant_field_is_a_too_large_reject_before_it_is_read(tmp_path, fmt,
                                                                            text):
    path = tmp_path / f"giant.{fmt}"
    path.write_text(text.format(big="x" * 300_000, lines="word\n" * 60_000))
    result = ingest([path, _csv(tmp_path / "good.csv", _rows(2))], None, progress=False,
                    max_field_bytes=100_000)
    assert result.articles.height == 2
    assert result.new_rejects.select("origin", "reason").rows() == [
        (str(path), "too-large: a record of over 100000 bytes (limit 100000)")]
    # under the default limit the same table is read
    assert ingest([path], None, progress=False).articles.height >= 1


def test_a_parquet_table_that_unpacks_past_the_limit_is_a_too_large_reject(tmp_path):
    # a few KB on disk, over a million bytes unpacked: bounded by the file's footer
    big = tmp_path / "big.parquet"
    pl.DataFrame({"title": ["A"] * 40_000, "body": ["the same body text " * 3] * 40_000,
                  "published_at": ["2017-02-07"] * 40_000}).write_parquet(big)
    one = tmp_path / "cell.parquet"
    pl.DataFrame({"title": ["A"], "body": ["x" * 300_000],
                  "published_at": ["2017-02-07"]}).write_parquet(one)
    assert big.stat().st_size < 100_000
    result = ingest([big, one, _csv(tmp_path / "good.csv", _rows(2))], None, progress=False,
                    max_table_bytes=1_000_000, max_field_bytes=100_000)
    assert result.articles.height == 2
    assert sorted(result.new_rejects.select("origin", "reason").rows()) == [
        (str(big), "too-large: over 1000000 bytes unpacked (limit 1000000)"),
        (str(one), "too-large: a record of over 100000 bytes (limit 100000)")]


def test_a_giant_sidecar_is_refused_unread(tmp_path):
    shutil.copy(SEED, tmp_path / "page.txt")
    (tmp_path / "page.json").write_text('{"url": "' + "x" * 1_100_000 + '"}')
    result = ingest([tmp_path / "page.txt"], None, progress=False)
    assert result.new_rejects["reason"].to_list() == [
        "unreadable-sidecar: page.json: ValueError: over 1000000 bytes"]


# ----------------------------------------------------------------------------- names and stores

@pytest.mark.parametrize("names", [("news", "news:1"), ("t.csv", "t.csv:2"),
                                   ("page", "page:line 3"), ("a", "a#1"), ("n%3A1", "n:1")])
def test_names_that_look_like_record_origins_never_lose_articles(tmp_path, names):
    folder = tmp_path / "in"
    folder.mkdir()
    plain, tricky = names
    if plain.endswith(".csv"):
        _csv(folder / plain, _rows(3))
    else:
        shutil.copy(SEED, folder / plain)
    (folder / tricky).write_text(HEAD.replace("Title of the article here", "Another story")
                                 + "A different text about other things.\n")
    out = tmp_path / "corpus"
    first = ingest([folder], out, progress=False)
    count = first.articles.height
    assert len(set(first.articles["origin"])) == count
    # edit the plain input: re-parsing it replaces its own rows only
    if plain.endswith(".csv"):
        _csv(folder / plain, _rows(3, start=50))
    else:
        (folder / plain).write_text(SEED.read_text().replace("MOSCOW", "KAZAN"))
    again = ingest([folder], out, progress=False)
    assert again.articles.height == count
    tricky_rows = load_corpus(out).filter(pl.col("body").str.contains("different text"))
    assert tricky_rows["origin"].to_list() == [origin_of(folder / tricky)]


def test_a_store_inside_its_input_folder_never_reads_itself(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    _csv(data / "t.csv", _rows(4))
    shutil.copy(SEED, data / "page.txt")
    other = tmp_path / "other-store"
    ingest([data / "t.csv"], other, progress=False)
    shutil.move(str(other), str(data / "old-store"))  # another store among the inputs
    for run in range(3):
        result = ingest([data], data / "corpus", progress=False)
        assert result.summary["records_read"] == (5 if run == 0 else 0)
        assert load_rejects(data / "corpus").height == 0
        assert result.summary["duplicates"] == {} or sum(result.summary["duplicates"].values()) == 0
    assert load_corpus(data / "corpus").height == 5
    with pytest.raises(IngestError, match="is a corpus store, not an input"):
        ingest([data / "corpus"], tmp_path / "x", progress=False)


def test_a_symlink_is_the_same_input(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    table = _csv(folder / "t.csv", _rows(5))
    (folder / "link.csv").symlink_to(table)
    out = tmp_path / "corpus"
    first = ingest([folder], out, progress=False)
    assert first.summary["files"] == 1 and first.articles.height == 5
    again = ingest([folder / "link.csv"], out, progress=False)
    assert again.summary["skipped_unchanged"] == 1 and again.path is None
    assert load_manifest(out)["path"].to_list() == [os.path.realpath(table)]


def test_symlinked_subfolders_are_followed_once(tmp_path):
    folder = tmp_path / "in"
    (folder / "real").mkdir(parents=True)
    other = tmp_path / "elsewhere"
    other.mkdir()
    _csv(other / "b.csv", _rows(2, start=10))
    _csv(folder / "real" / "a.csv", _rows(2))
    (folder / "linked").symlink_to(other, target_is_directory=True)
    (folder / "real" / "loop").symlink_to(folder, target_is_directory=True)  # a cycle
    result = ingest([folder], None, progress=False)
    assert result.summary["files"] == 2
    assert sorted(result.articles["title"]) == ["Title 0", "Title 1", "Title 10", "Title 11"]


def test_an_unreadable_file_is_one_reject_however_many_runs(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / "good.txt")
    locked = folder / "locked.txt"
    locked.write_text("whatever")
    real = open

    def refuse(file, *args, **kwargs):  # mode 000, for a user who is not root
        if str(file).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", str(file))
        return real(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", refuse)
    out = tmp_path / "corpus"
    for _ in range(3):
        ingest([folder], out, progress=False)
    rejects = load_rejects(out)
    assert rejects.select("origin", "reason").rows() == [(str(locked),
                                                          "unreadable: Permission denied")]
    monkeypatch.undo()
    shutil.copy(SEED, locked)  # readable now, and a page
    ingest([folder], out, progress=False)
    assert load_rejects(out).height == 0


@pytest.mark.parametrize("args, named", [
    (["--preset", "newsarticle"], "newsarticles"),
    (["--timezone", "Europe/Moskow"], "Europe/Moscow"),
    (["--timezone", "UTC+99"], "UTC+3"),
    (["--map", "title=nonexistent"], "available columns: title, body, published_at, url"),
    (["--map", "headline=title"], "mappable columns are"),
    (["--year", "0"], "1900"),
    (["--format", "xml"], "invalid choice"),
])
def test_invalid_options_are_usage_errors_that_write_nothing(tmp_path, capsys, args, named):
    table = _csv(tmp_path / "t.csv", _rows(3))
    out = tmp_path / "corpus"
    with pytest.raises(SystemExit) if args[0] == "--format" else _no_raise() as exit_info:
        status = main(["ingest", str(table), "--out", str(out), "-q", *args])
    status = exit_info.value.code if args[0] == "--format" else status
    assert status == 2
    err = capsys.readouterr().err
    assert named in err and "Traceback" not in err
    assert current_snapshot(out) is None if out.exists() else True
    # the right option then parses the file: nothing was recorded as parsed
    assert ingest([table], out, progress=False).articles.height == 3


class _no_raise:
    value = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_options_that_change_parsing_parse_again_and_replace_the_rows(tmp_path):
    table = _csv(tmp_path / "t.csv", _rows(4))
    out = tmp_path / "corpus"
    ingest([table], out, progress=False)
    first = load_corpus(out).sort("title")
    again = ingest([table], out, progress=False, timezone="Europe/Moscow")
    assert again.summary["skipped_unchanged"] == 0 and again.summary["accepted"] == 4
    corpus = load_corpus(out).sort("title")
    assert corpus.height == 4 and corpus["merged"].sum() == 0
    assert (first["published_at"] - corpus["published_at"]).dt.total_hours().to_list() == [3] * 4
    # --force parses everything again, and still nothing merges with itself
    forced = ingest([table], out, progress=False, timezone="Europe/Moscow", force=True)
    assert forced.summary["accepted"] == 4 and load_corpus(out)["merged"].sum() == 0


def test_the_page_budget_holds_when_the_alarm_cannot_interrupt(tmp_path, monkeypatch):
    """A page whose parse outlasts its budget in one uninterruptible call is still a reject."""
    import tassanalysis.ingest.pages as pages_module

    real_parse = pages_module.parse_tass_text

    def parse(text, **options):
        if "SLOW-PAGE" in text:
            time.sleep(0.3)
        return real_parse(text, **options)

    monkeypatch.setattr(pages_module, "parse_tass_text", parse)
    monkeypatch.setattr(pages_module.signal, "setitimer", lambda *args: None)  # alarm lost
    pages = [Page(tmp_path / "slow.txt", "text", HEAD + "SLOW-PAGE\n"),
             Page(tmp_path / "ok.txt", "text", HEAD)]
    records, rejects = parse_pages(pages, year=2017, timeout=0.2)
    assert [r["origin"] for r in records] == [str(tmp_path / "ok.txt")]
    assert [r[1] for r in rejects] == ["parser-timeout: over 0.2 s"]
