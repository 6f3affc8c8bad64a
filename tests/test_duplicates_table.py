"""Every input accounted for: folded records are kept in the store's duplicates table."""

from __future__ import annotations

import json

import polars as pl

import tassanalysis as ta
from tassanalysis.ingest import ingest

BODY = " ".join(f"Sentence {i} of the report says that the talks went on for hours." for i in range(12))


def test_near_duplicate_with_another_title_and_date_is_recorded(tmp_path):
    rows = [
        {"title": "Talks end", "body": BODY, "published_at": "2024-05-01 10:00",
         "url": "https://ex.org/world/1"},
        {"title": "Talks end after hours (updated)", "body": BODY + " One more line was added.",
         "published_at": "2024-05-01 12:30", "url": "https://ex.org/world/1-updated"},
        {"title": "Other story", "body": "A different story entirely, with its own words.",
         "published_at": "2024-05-02", "url": "https://ex.org/world/2"},
        {"title": "Talks end", "body": BODY, "published_at": "2024-05-01 10:00",
         "url": "https://ex.org/world/1"},
    ]
    src = tmp_path / "t.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    result = ingest([src], tmp_path / "corpus", progress=False)
    dups = ta.load_duplicates(tmp_path / "corpus")
    assert dups.height == 2
    assert sorted(dups["kind"].to_list()) == ["exact", "near"]
    near = dups.filter(pl.col("kind") == "near").row(0, named=True)
    kept = ta.load_corpus(tmp_path / "corpus").filter(pl.col("doc_id") == near["kept_doc_id"])
    assert kept["title"].to_list() == ["Talks end after hours (updated)"]
    assert near["title"] == "Talks end" and 0.85 <= near["similarity"] < 1
    assert {"title", "body", "published_at", "url"} <= set(near["differs"])
    # articles + rejects + duplicates = records read, and the summary says so
    acc = result.summary["accounted"]
    assert acc == {"records_read": 4, "articles": 2, "rejects": 0, "duplicates": 2}
    assert "4 read = 2 articles + 0 rejects + 2 duplicates" in result.format_summary()


def test_rerun_keeps_the_duplicates_of_unchanged_inputs(tmp_path):
    rows = [{"title": "A", "body": BODY, "published_at": "2024-05-01", "url": "https://ex.org/1"},
            {"title": "A", "body": BODY, "published_at": "2024-05-01", "url": "https://ex.org/1"}]
    src = tmp_path / "t.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    ingest([src], tmp_path / "corpus", progress=False)
    other = tmp_path / "u.jsonl"
    other.write_text(json.dumps({"title": "B", "body": "Another text of some length here.",
                                 "published_at": "2024-05-03", "url": "https://ex.org/2"}) + "\n")
    ingest([src, other], tmp_path / "corpus", progress=False)
    assert ta.load_duplicates(tmp_path / "corpus").height == 1
