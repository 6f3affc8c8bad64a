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
