"""Distinct articles stay distinct: merging needs the same article, not the same words."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

import tassanalysis as ta
from tassanalysis.ingest import ingest
from tassanalysis.ingest.duplicates import dedupe, dedupe_recorded
from tassanalysis.schema import validate

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BODY = " ".join(f"Sentence {i} of the report says the talks went on for many hours." for i in range(12))
OTHER = " ".join(f"Line {i}: the committee voted on the budget late into the night." for i in range(12))
DAY = datetime(2025, 6, 6, 7, tzinfo=UTC)


def _frame(rows):
    base = {"doc_id": "x", "source": "tass.com", "url": None, "title": None, "lead": None,
            "body": "", "section": None, "published_at": DAY, "date_source": "table",
            "dateline": None, "tags": [], "persons": [], "related": [], "language": "en",
            "origin": "o", "merged": 0, "truncated": False}
    return validate(pl.DataFrame([{**base, "doc_id": f"d{i}", "origin": f"o:{i}", **r}
                                  for i, r in enumerate(rows)]), cast=True)


def _source_days(paths):
    records = [r for p in paths for r in json.loads(Path(p).read_text(encoding="utf-8"))]
    return records, Counter(r["d"] for r in records)


def _days(articles):
    local = pl.col("published_at").dt.convert_time_zone("Europe/Moscow").dt.date().cast(pl.String)
    counts = articles.group_by(local.alias("d")).len()
    return dict(zip(counts["d"].to_list(), counts["len"].to_list(), strict=True))


def test_recurring_headlines_of_different_articles_stay_apart(tmp_path):
    path = FIXTURES / "headlines" / "recurring.json"
    records, per_day = _source_days([path])
    assert max(Counter(r["t"] for r in records).values()) > 1  # the fixture repeats headlines
    result = ingest([path], tmp_path / "store", progress=False)
    assert result.articles.height == len(records)
    assert ta.load_duplicates(tmp_path / "store").height == 0
    assert _days(result.articles) == dict(per_day)
    day = ta.load_corpus(tmp_path / "store", start="2025-06-06", end="2025-06-06")
    assert day.height == per_day["2025-06-06"] == 39


def test_headline_index_keeps_every_article_of_every_day(corpora, tmp_path):
    """On the excerpt, and (slow) on the full 16,739-record index in ../shared."""
    paths = [corpora / "tass-headlines" / f"tass{y}.json" for y in (2025, 2026)]
    records, per_day = _source_days(paths)
    articles, counts, folded = dedupe_recorded(ingest(paths, None, progress=False).articles)
    ids = pl.col("url").str.extract(r"/(\d+)$")
    kept = dict(zip(articles["doc_id"], articles.select(ids)["url"], strict=True))
    assert folded.height == 0 and counts == {"exact": 0, "near": 0}
    assert articles.select(ids).n_unique() == len(records) == articles.height
    assert len(kept) == len(records)
    assert _days(articles) == dict(per_day)


def test_bodiless_records_with_different_urls_never_merge():
    rows = [{"url": f"https://tass.com/economy/{1969000 + i}", "title": "Russian stocks up",
             "lead": "MOSCOW, June 6. /TASS/. The MOEX index rose", "truncated": True}
            for i in range(3)]
    out, counts = dedupe(_frame(rows))
    assert counts == {"exact": 0, "near": 0} and out.height == 3


def test_same_body_under_two_article_ids_of_one_host_stays_two():
    out, counts = dedupe(_frame([
        {"url": "https://tass.com/world/100001", "title": "Market opens", "body": BODY},
        {"url": "https://tass.com/economy/100002", "title": "Market opens", "body": BODY},
    ]))
    assert counts == {"exact": 0, "near": 0} and out.height == 2


def test_text_cannot_chain_two_article_ids_together():
    """A record without a URL matches both; the two ids still stay two articles."""
    out, counts, folded = dedupe_recorded(_frame([
        {"url": "https://tass.com/world/100001", "title": "Talks", "body": BODY},
        {"url": None, "title": "Talks", "body": BODY},
        {"url": "https://tass.com/world/100002", "title": "Talks", "body": BODY},
        {"url": "https://tass.com/world/100002", "title": "Talks", "body": BODY + " More."},
    ]))
    assert out.height == 2
    assert sorted(out["url"].to_list()) == ["https://tass.com/world/100001",
                                            "https://tass.com/world/100002"]
    assert counts["exact"] + counts["near"] == 2 == folded.height


def test_title_only_records_without_url_merge_within_a_day_only():
    other_day = datetime(2025, 6, 9, 7, tzinfo=UTC)
    out, counts = dedupe(_frame([
        {"title": "Russian stocks down as main trading session opens"},
        {"title": "Russian stocks down as main trading session opens",
         "published_at": DAY.replace(hour=9)},
        {"title": "Russian stocks down as main trading session opens", "published_at": other_day},
    ]))
    assert counts == {"exact": 1, "near": 0}
    assert sorted(out["published_at"].dt.day().to_list()) == [6, 9]


def test_rescrapes_and_twins_of_one_url_still_merge():
    out, counts = dedupe(_frame([
        {"url": "https://tass.com/world/100001", "title": "Talks", "body": BODY},
        {"url": "http://tass.com/world/100001", "title": "Talks", "body": BODY[:200]},
        {"url": "https://www.tass.com/world/100001/?utm_source=x", "title": "Talks", "body": ""},
        {"url": "https://ex.org/news/story-55.html", "title": "Story", "body": OTHER.upper()},
        {"url": "https://ex.org/amp/news/story-55.html", "title": "Story", "body": OTHER},
        {"url": "https://amp.ex.org/news/story-55.html?outputType=amp", "title": "Story"},
        {"url": "https://ex.org/news/story-55.amp.html", "title": "S", "truncated": True},
        {"url": "https://ex.org/news/story-56.html", "title": "Story", "body": OTHER},
    ]))
    assert sorted(out["url"].to_list()) == ["https://ex.org/news/story-55.html",
                                            "https://ex.org/news/story-56.html",
                                            "https://tass.com/world/100001"]
    assert counts == {"exact": 5, "near": 0}
