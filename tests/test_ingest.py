"""The whole ingest run: formats together, bad inputs, idempotency, the CLI."""

from __future__ import annotations

import json
import random
import shutil
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from tassanalysis.cli import main
from tassanalysis.ingest import IngestError, detect_format, expand_inputs, ingest
from tassanalysis.store import current_snapshot, load_corpus, load_rejects, load_summary

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_552685f68ac672a1.txt"
SAMPLE = ROOT / "data" / "sample"

RU_PAGE = """Реклама
Новости
Политика
В мире
Экономика

Лавров обсудил с Тиллерсоном стратегическую стабильность

26 декабря 2017, 20:52

МОСКВА, 26 декабря. /ТАСС/. Министр иностранных дел России Сергей Лавров и госсекретарь
США Рекс Тиллерсон договорились активизировать диалог по вопросам стратегической стабильности.

Об этом сообщили в МИД России после телефонного разговора, который состоялся по инициативе
американской стороны.

Теги
Внешняя политика
"""


@pytest.fixture()
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.txt")
    shutil.copy(SAMPLE / "tass_politics_2024.json", folder / "politics.json")
    return folder


def test_seed_and_table_into_one_store(inputs, tmp_path):
    out = tmp_path / "corpus"
    result = ingest([inputs], out, progress=False)
    corpus = load_corpus(out)
    assert corpus.height == result.articles.height == 21
    seed = corpus.filter(pl.col("origin").str.ends_with("seed.txt")).row(0, named=True)
    assert seed["title"] == ("Russian and US top diplomats seek to boost strategic "
                             "stability dialogue")
    assert seed["published_at"] == datetime(2017, 12, 26, 17, 52, tzinfo=UTC)
    assert seed["date_source"] == "inferred-year:layout+office+weekday;confidence=low"
    assert seed["body"].startswith("MOSCOW, December 26./TASS/.")
    assert "{{" not in seed["body"] and "Most read" not in seed["body"]
    table = corpus.filter(pl.col("origin").str.contains("politics.json"))
    assert table.height == 20 and table["date_source"].unique().to_list() == ["table"]
    summary = load_summary(out)
    assert summary["accepted"] == 21 and summary["rejected_total"] == 0
    assert summary["corpus"]["date_sources"]["inferred-year"] == 1
    # partitioned by year and month on disk
    snap = current_snapshot(out)
    assert (snap / "articles" / "year=2017" / "month=12").is_dir()
    assert (snap / "articles" / "year=2024" / "month=12").is_dir()


def test_rerun_is_idempotent_and_new_files_are_parsed_alone(inputs, tmp_path):
    out = tmp_path / "corpus"
    ingest([inputs], out, progress=False)
    first = load_corpus(out)
    snap = current_snapshot(out)
    again = ingest([inputs], out, progress=False)
    assert again.summary["skipped_unchanged"] == 2 and again.summary["accepted"] == 0
    assert again.path is None and current_snapshot(out) == snap
    assert_frame_equal(load_corpus(out), first)
    # a touched file with the same content is not parsed again either
    (inputs / "seed.txt").touch()
    assert ingest([inputs], out, progress=False).summary["accepted"] == 0
    assert_frame_equal(load_corpus(out), first)
    # a new page: only it is parsed
    (inputs / "ru.txt").write_bytes(RU_PAGE.encode("cp1251"))
    third = ingest([inputs], out, progress=False)
    assert third.summary["accepted"] == 1 and third.summary["skipped_unchanged"] == 2
    corpus = load_corpus(out)
    assert corpus.height == first.height + 1
    ru = corpus.filter(pl.col("language") == "ru").row(0, named=True)
    assert ru["dateline"] == "МОСКВА" and "Лавров" in ru["body"]
    assert ru["published_at"] == datetime(2017, 12, 26, 17, 52, tzinfo=UTC)


def test_duplicate_pages_merge(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        shutil.copy(SEED, folder / name)
    result = ingest([folder], tmp_path / "corpus", progress=False)
    assert result.articles.height == 1
    assert result.articles["merged"].to_list() == [2]
    assert sum(result.summary["duplicates"].values()) == 2


def test_bad_inputs_become_rejects_with_reason_and_raw(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_text("  \n\n \t\n")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "nodate.txt").write_text("Some headline\n\nMOSCOW./TASS/. A body paragraph "
                                       "that says something of substance.\n")
    (folder / "nobody.txt").write_text("All news\nDecember 26, 20:52 UTC+3\nShare\n")
    (folder / "big.txt").write_text("MOSCOW, December 26./TASS/. " + "word " * 5000)
    (folder / "truncated.csv").write_text('title,text,date\n"A title","unterminated text')
    shutil.copy(SEED, folder / "good.txt")
    result = ingest([folder], tmp_path / "corpus", progress=False, max_page_bytes=20_000)
    # a page with a body but no date is kept, visibly undated
    assert result.articles.height == 2
    undated = result.articles.filter(pl.col("origin").str.ends_with("nodate.txt"))
    assert undated["published_at"].to_list() == [None]
    assert undated["date_source"].to_list() == ["none"]
    rejects = load_rejects(tmp_path / "corpus")
    reasons = {Path(o).name.split(":")[0]: r for o, r in
               rejects.select("origin", "reason").iter_rows()}
    assert reasons["empty.txt"] == "empty"
    assert reasons["blank.txt"] == "empty"
    assert reasons["binary.txt"] == "undecodable"
    assert "nodate.txt" not in reasons
    assert reasons["nobody.txt"] == "no-body"
    assert reasons["big.txt"].startswith("too-large")
    assert "truncated.csv" in reasons
    raw = dict(rejects.select(pl.col("origin").str.split("/").list.last(), "raw").iter_rows())
    assert "[truncated:" in raw["big.txt"]
    total = result.summary["rejected_total"]
    assert total == 6 and sum(result.summary["rejected"].values()) == total


def test_strict_writes_nothing(tmp_path, inputs):
    out = tmp_path / "corpus"
    ingest([inputs], out, progress=False)
    before = current_snapshot(out)
    (inputs / "empty.txt").write_text("")
    with pytest.raises(IngestError, match="1 inputs rejected under --strict: empty"):
        ingest([inputs], out, strict=True, progress=False)
    assert current_snapshot(out) == before


def test_sidecar_metadata_gives_the_year(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    text = SEED.read_text().replace("on Tuesday", "")
    (folder / "page.txt").write_text(text)
    (folder / "page.json").write_text(json.dumps(
        {"url": "https://tass.com/politics/983451", "crawled_at": "2018-01-03T10:00:00Z"}))
    result = ingest([folder], None, progress=False)
    row = result.articles.row(0, named=True)
    assert row["url"] == "https://tass.com/politics/983451"
    assert row["published_at"].year == 2017
    assert row["date_source"] == "inferred-year:crawl-time"
    assert result.summary["files"] == 1  # the sidecar is metadata, not an input


def test_format_detection_and_expansion(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "b").write_text("<!DOCTYPE html><html><body>x</body></html>")
    (tmp_path / ".hidden.txt").write_text("x")
    assert detect_format(tmp_path / "b") == "html"
    assert detect_format(tmp_path / "a.txt") == "text"
    names = [p.name for p in expand_inputs([tmp_path])]
    assert names == ["a.txt", "b"]
    assert [p.name for p in expand_inputs([str(tmp_path / "*.txt")])] == ["a.txt"]
    with pytest.raises(IngestError, match="no input matches"):
        expand_inputs([str(tmp_path / "*.csv")])


def test_cli_prints_a_summary_and_strict_exits_nonzero(tmp_path, inputs, capsys):
    out = tmp_path / "corpus"
    assert main(["ingest", str(inputs), "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "accepted:    21 articles" in text and "date sources:" in text
    (inputs / "empty.txt").write_text("")
    assert main(["ingest", str(inputs), "--out", str(out), "--strict"]) == 2
    assert "rejected under --strict" in capsys.readouterr().err


def test_cli_column_mapping(tmp_path, capsys):
    path = tmp_path / "export.csv"
    pl.DataFrame({
        "headline": ["Putin meets Xi", "Lavrov in Vienna"],
        "text": ["Vladimir Putin met Xi Jinping in Moscow.", "Sergey Lavrov arrived."],
        "when": ["2017-03-01 10:00", "2017-03-02 11:30"],
        "link": ["https://tass.com/politics/1", "https://tass.com/politics/2"],
    }).write_csv(path)
    out = tmp_path / "corpus"
    code = main(["ingest", str(path), "--out", str(out), "--map", "title=headline",
                 "--map", "body=text", "--map", "published_at=when", "--map", "url=link",
                 "--timezone", "Europe/Moscow"])
    assert code == 0, capsys.readouterr().err
    corpus = load_corpus(out).sort("published_at")
    assert corpus["title"].to_list() == ["Putin meets Xi", "Lavrov in Vienna"]
    assert corpus["published_at"][0] == datetime(2017, 3, 1, 7, 0, tzinfo=UTC)
    assert corpus["source"].unique().to_list() == ["tass.com"]


@pytest.mark.slow
def test_real_newsarticles_sample(tmp_path):
    result = ingest([SAMPLE / "newsarticles.parquet"], tmp_path / "corpus", progress=False)
    s = result.summary
    assert s["records_read"] == 3824
    assert s["accepted"] + s["rejected_total"] == 3824
    corpus = load_corpus(tmp_path / "corpus")
    assert corpus.height + sum(s["duplicates"].values()) == s["accepted"]
    assert corpus.filter(pl.col("source") == "tass.com").height > 450
    assert not corpus["body"].str.contains('""?', literal=True).any()


def test_tass_exports_keep_moscow_time_by_default(tmp_path):
    result = ingest([SAMPLE / "tass_politics_2024.json"], None, progress=False)
    first = result.articles.filter(pl.col("url") == "https://tass.com/politics/1894093")
    # the export prints "2024-12-26 21:09:18", Moscow time
    assert first["published_at"][0] == datetime(2024, 12, 26, 18, 9, 18, tzinfo=UTC)
    assert first["body"][0].startswith("IGORA /Leningrad Region/, December 26. /TASS/.")
    assert first["dateline"][0] == "IGORA"


def test_tass_sections_share_one_vocabulary(inputs, tmp_path):
    """The seed page prints its section name; the export has URL slugs: both end up
    as the name the site shows."""
    result = ingest([inputs], None, progress=False)
    sections = result.articles.filter(pl.col("source") == "tass.com")["section"].unique()
    assert sections.sort().to_list() == ["Business & Economy", "Emergencies",
                                         "Russian Politics & Diplomacy", "Society & Culture",
                                         "World"]


def test_year_from_article_ids_of_a_table_in_the_same_run(tmp_path):
    """A page with no year cue, whose url id lies between dated articles of an export."""
    folder = tmp_path / "in"
    folder.mkdir()
    pl.DataFrame({
        "title": ["Earlier", "Later"],
        "text": ["MOSCOW, December 20. /TASS/. Earlier story.",
                 "MOSCOW, December 30. /TASS/. Later story."],
        "date": ["2017-12-20 10:00", "2017-12-30 10:00"],
        "url": ["https://tass.com/politics/983000", "https://tass.com/politics/984000"],
    }).write_csv(folder / "export.csv")
    page = SEED.read_text().replace("on Tuesday", "").replace("2018", "").replace("2015", "")
    (folder / "page.txt").write_text(page)
    (folder / "page.json").write_text(json.dumps({"url": "https://tass.com/politics/983451"}))
    result = ingest([folder], None, progress=False,
                    mapping={"title": "title", "body": "text", "published_at": "date",
                             "url": "url"})
    row = result.articles.filter(pl.col("url").str.ends_with("983451")).row(0, named=True)
    assert row["date_source"] == "inferred-year:url-id"
    assert row["published_at"] == datetime(2017, 12, 26, 17, 52, tzinfo=UTC)


def test_source_chrome_is_stripped_and_counted(tmp_path):
    bar = "Send Facebook Twitter Google+ Whatsapp Tumblr linkedin Digg reddit Permalink"
    rng = random.Random(3)
    words = ("rain wind snow sun cloud storm fog heat cold ice sea sky hill river road bridge "
             "market school court police minister budget vote party trade").split()
    rows = []
    for i in range(40):
        body = " ".join(" ".join(rng.choice(words) for _ in range(12)).capitalize() + "."
                        for _ in range(3))
        rows.append({"title": f"Story {i}", "text": body + (f"\n\n{bar}" if i % 2 else ""),
                     "date": "2017-02-01", "url": f"https://www.dw.com/en/story/a-{1000 + i}"})
    path = tmp_path / "dw.jsonl"
    pl.DataFrame(rows).write_ndjson(path)
    mapping = {"title": "title", "body": "text", "published_at": "date", "url": "url"}
    result = ingest([path], None, progress=False, mapping=mapping)
    assert not result.articles["body"].str.contains("Permalink").any()
    assert result.summary["boilerplate_removed"] == {"dw.com": {"articles": 20, "words": 200}}
    removed = result.articles.filter(pl.col("boilerplate").list.len() > 0)["boilerplate"]
    assert removed.to_list() == [[bar]] * 20  # what went is kept, per article
    assert "200 words in 20 articles" in result.format_summary()
    kept = ingest([path], None, progress=False, mapping=mapping, strip_boilerplate=False)
    assert kept.articles["body"].str.contains("Permalink").sum() == 20


def test_adding_files_keeps_the_rejects_of_unchanged_inputs(tmp_path, inputs):
    out = tmp_path / "corpus"
    (inputs / "empty.txt").write_text("")
    ingest([inputs], out, progress=False)
    assert load_rejects(out)["reason"].to_list() == ["empty"]
    (inputs / "ru.txt").write_bytes(RU_PAGE.encode("cp1251"))
    ingest([inputs], out, progress=False)
    assert load_rejects(out)["reason"].to_list() == ["empty"]
    # a rejected input that is fixed replaces its reject
    shutil.copy(SEED, inputs / "empty.txt")
    ingest([inputs], out, progress=False)
    assert load_rejects(out).height == 0


@pytest.mark.parametrize("content", ["42", '"just a string"', "[1, 2]", '[["a", "b"]]'])
def test_json_that_holds_no_records_is_one_clear_reject(tmp_path, content):
    path = tmp_path / "odd.json"
    path.write_text(content)
    result = ingest([path], None, progress=False)
    assert result.articles.height == 0
    assert result.rejects.height == 1
    assert result.rejects["reason"][0].startswith("unreadable-table:")
    assert result.rejects["raw"][0].strip() == content
