"""Table dates: common forms, calendar days kept, precision recorded, bad values quoted."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import polars as pl

from tassanalysis.ingest import ingest
from tassanalysis.ingest.tabular import read_table
from tassanalysis.schema import ARTICLE_SCHEMA
from tassanalysis.store import load_corpus


def test_a_day_of_headlines_is_found_on_its_day(tmp_path):
    rows = [{"t": f"Title {i}", "d": day, "u": f"https://tass.com/world/{1969600 + i}",
             "s": "MOSCOW, June 6. /TASS/. Russia's foreign ministry said on Frid", "cat": "World"}
            for i, day in enumerate(["2025-06-06"] * 3 + ["2025-06-07"] * 2)]
    src = tmp_path / "h.json"
    src.write_text(json.dumps(rows))
    ingest([src], tmp_path / "corpus", progress=False)
    day = load_corpus(tmp_path / "corpus", start="2025-06-06", end="2025-06-06")
    assert day.height == 3
    assert set(day["date_precision"]) == {"day"}
    # the snippet is a truncated lead: nothing of it reaches the body
    assert set(day["body"]) == {""} and day["truncated"].all()
    assert day["lead"][0].endswith("on Frid")


def test_date_format_option(tmp_path):
    src = tmp_path / "t.csv"
    src.write_text("title,body,date\nA,Some text here,26/02/1987 15h01\n")
    articles, rejects = read_table(src, mapping={"published_at": "date"},
                                   date_format="%d/%m/%Y %Hh%M")
    assert rejects.height == 0
    assert articles["published_at"][0] == datetime(1987, 2, 26, 15, 1, tzinfo=UTC)
    assert articles["date_precision"][0] == "minute"


def test_unreadable_date_is_a_reject_that_quotes_value_and_column(tmp_path):
    src = tmp_path / "t.csv"
    src.write_text("title,body,when\nA,Some text here,the 5th of never\n")
    articles, rejects = read_table(src, mapping={"published_at": "when"})
    assert articles.height == 0
    assert rejects["reason"][0] == "bad-date: cannot read 'the 5th of never' in column 'when'"


def test_store_written_before_new_columns_still_loads(tmp_path):
    old = pl.DataFrame({
        "doc_id": ["a"], "source": ["x"], "url": [None], "title": ["T"], "lead": [None],
        "body": ["b"], "section": [None],
        "published_at": [datetime(2020, 1, 1, tzinfo=UTC)], "date_source": ["table"],
        "dateline": [None], "tags": [[]], "persons": [[]], "related": [[]], "language": ["en"],
        "origin": ["o"], "merged": [0]},
        schema={k: v for k, v in ARTICLE_SCHEMA.items()
                if k not in ("date_precision", "truncated", "boilerplate")})
    old.write_parquet(tmp_path / "part.parquet")
    frame = load_corpus(tmp_path)
    assert frame["truncated"].to_list() == [False]
    assert frame["boilerplate"].to_list() == [[]]
    assert frame["date_precision"].to_list() == [None]


ROWS = ("title,body,published_at,url\n"
        "Talks end,The talks ended with a joint statement on trade.,2024-05-01,https://ex.org/1\n"
        "Dateless note,A row whose date cell is empty still holds news.,,https://ex.org/2\n"
        "Unreadable,Its date cell holds something that is no date.,someday,https://ex.org/3\n")


def test_a_row_without_a_date_is_kept_undated_and_a_bad_one_rejected(tmp_path):
    src = tmp_path / "news.csv"
    src.write_text(ROWS)
    articles, rejects = read_table(src)
    assert articles["title"].to_list() == ["Talks end", "Dateless note"]
    undated = articles.row(1, named=True)
    assert undated["published_at"] is None and undated["date_source"] == "none"
    assert articles.row(0, named=True)["date_source"] == "table"
    assert rejects["reason"].to_list() == ["bad-date: cannot read 'someday' in column 'published_at'"]
    # --require-date restores the reject
    articles, rejects = read_table(src, require_date=True)
    assert articles["title"].to_list() == ["Talks end"]
    assert sorted(rejects["reason"].to_list()) == [
        "bad-date: cannot read 'someday' in column 'published_at'", "no-date"]


def test_undated_rows_count_for_terms_and_leave_date_bounded_selections(tmp_path):
    import tassanalysis as ta
    from tassanalysis.cli import main

    src = tmp_path / "news.csv"
    src.write_text(ROWS)
    result = ingest([src], tmp_path / "store", progress=False)
    assert result.summary["accounted"] == {"records_read": 3, "articles": 2, "rejects": 1,
                                           "duplicates": 0}
    store = tmp_path / "store"
    assert load_corpus(store).height == 2
    assert load_corpus(store, start="2024-01-01", end="2024-12-31").height == 1
    assert ta.corpus_summary(load_corpus(store))["undated"].item() == 1
    # the day range says how many it leaves out
    assert ta.undated_left_out(store, start="2024-01-01", end="2024-12-31") == 1
    assert ta.undated_left_out(store) == 0
    terms = ta.term_frequency(load_corpus(store))
    assert {"cell", "holds"} <= set(terms["term"].to_list())  # the undated row's words
    # the CLI flag: the same input read again under --require-date
    assert main(["ingest", str(src), "--out", str(tmp_path / "strict"), "--require-date",
                 "--quiet"]) == 0
    assert load_corpus(tmp_path / "strict")["title"].to_list() == ["Talks end"]
    assert sorted(ta.load_rejects(tmp_path / "strict")["reason"].to_list())[-1] == "no-date"
