"""Corpus overview frames, selections and report term options (tassanalysis.overview)."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

import polars as pl
import pytest
from conftest import fixture_corpus as fixture

from tassanalysis import overview


@pytest.fixture(scope="module")
def articles() -> pl.DataFrame:
    return fixture.fixture_articles()


def _rows(frame: pl.DataFrame) -> list[dict]:
    return frame.to_dicts()


# --------------------------------------------------------------------------- overview

@pytest.mark.parametrize("period", ["day", "week", "month"])
def test_articles_over_time_counts_match_a_python_count(articles, period):
    def bucket(ts: datetime) -> date:
        d = ts.date()
        if period == "week":
            return d - timedelta(days=d.weekday())
        if period == "month":
            return d.replace(day=1)
        return d

    expected = Counter((bucket(r["published_at"]), r["source"]) for r in _rows(articles)
                       if r["published_at"] is not None)
    got = overview.articles_over_time(articles, by="source", period=period)
    nonzero = {(r["period"], r["source"]): r["articles"] for r in got.to_dicts() if r["articles"]}
    assert nonzero == dict(expected)
    # every bucket between the first and the last appears for every source
    periods = got["period"].unique().sort().to_list()
    assert got.height == len(periods) * articles["source"].n_unique()
    step = {"day": 1, "week": 7}.get(period)
    if step:
        assert all((b - a).days == step for a, b in zip(periods, periods[1:], strict=False))


def test_articles_over_time_pools_small_groups(articles):
    got = overview.articles_over_time(articles, by="section", period="month", top=2)
    sections = Counter(r["section"] or "(none)" for r in _rows(articles)
                       if r["published_at"] is not None)
    top2 = {s for s, _ in sorted(sections.items(), key=lambda kv: (-kv[1], kv[0]))[:2]}
    assert set(got["section"].unique()) == top2 | {"other"}
    assert got["articles"].sum() == sum(sections.values())


def test_date_source_reject_and_language_counts(articles):
    rows = _rows(articles)
    dates = overview.date_source_counts(articles)
    assert dict(zip(dates["date_source"], dates["articles"], strict=True)) == \
        dict(Counter(r["date_source"] for r in rows))
    assert set(dates["method"]) == {r["date_source"].split(":")[0] for r in rows}
    assert dates["share"].sum() == pytest.approx(1.0)
    rejects = overview.reject_counts(fixture.fixture_rejects())
    assert rejects.rows() == [("no-body", 2, pytest.approx(2 / 3)),
                              ("not-an-article", 1, pytest.approx(1 / 3))]
    langs = overview.language_counts(articles)
    assert dict(zip(langs["language"], langs["articles"], strict=True)) == \
        dict(Counter(r["language"] for r in rows))


def test_section_counts_share_within_source(articles):
    got = overview.section_counts(articles, by="source")
    for source, part in got.group_by("source"):
        assert part["share"].sum() == pytest.approx(1.0)
        n = sum(1 for r in _rows(articles) if r["source"] == source[0])
        assert part["articles"].sum() == n


def test_corpus_facts(articles):
    facts = overview.corpus_facts(articles)
    assert facts["Articles"] == articles.height
    assert facts["Undated articles"] == articles["published_at"].null_count()
    assert facts["Inputs merged as duplicates"] == articles["merged"].sum()
    assert facts["Last article"].startswith(str(articles["published_at"].max().date()))


@pytest.mark.parametrize("text, last, first", [
    ("7d", date(2018, 1, 27), date(2018, 1, 21)),
    ("last 7 days", date(2018, 1, 27), date(2018, 1, 21)),
    ("1 day", date(2018, 1, 27), date(2018, 1, 27)),
    ("2w", date(2018, 1, 27), date(2018, 1, 14)),
    ("1 month", date(2018, 3, 31), date(2018, 3, 1)),
    ("1m", date(2018, 3, 30), date(2018, 3, 1)),
    ("3 months", date(2018, 5, 31), date(2018, 3, 1)),
    ("last year", date(2018, 2, 28), date(2017, 3, 1)),
])
def test_window_first_day(text, last, first):
    assert overview.parse_window(text).first_day(last) == first


@pytest.mark.parametrize("bad", ["", "seven days", "0d", "7 fortnights", "d7"])
def test_parse_window_rejects(bad):
    with pytest.raises(ValueError, match="window"):
        overview.parse_window(bad)


def test_select_corpus_window_ends_at_last_date(corpus_path, articles):
    got = overview.select_corpus(corpus_path, window="10d", sources=["tass.com"])
    last = articles["published_at"].max().date()
    expected = [r["doc_id"] for r in _rows(articles)
                if r["published_at"] is not None and r["source"] == "tass.com"
                and last - timedelta(days=9) <= r["published_at"].date() <= last]
    assert sorted(got["doc_id"]) == sorted(expected) and expected


# --------------------------------------------------------------------------- term options

def test_stopword_option():
    assert overview.stopword_option("en") == "en"
    assert overview.stopword_option("en+ru") == ("en", "ru")
    assert overview.stopword_option("ru, en") == ("ru", "en")
    assert overview.stopword_option("none") is None and overview.stopword_option("") is None
    with pytest.raises(ValueError, match="stopwords"):
        overview.stopword_option("fr")


def test_comparison_kinds(articles):
    each = overview.comparison(articles, by="source", target="each")
    assert each.kind == "each" and each.target is None
    assert overview.comparison(articles, by="section").kind == "each"
    values = overview.comparison(articles, by="source", target="tass.com,tass.ru")
    assert values.target == {"source": ["tass.com", "tass.ru"]} and values.reference is None
    assert values.label == "tass.com, tass.ru vs the rest"
    periods = overview.comparison(articles, target="2017-12", reference="2018-01")
    assert (periods.kind, periods.target, periods.reference) == ("periods", "2017-12", "2018-01")
    assert overview.comparison(articles, target="2017-11..2017-12").reference is None
    with pytest.raises(ValueError, match="'bbc.com' not in the corpus"):
        overview.comparison(articles, target="bbc.com")
    with pytest.raises(ValueError, match="not a period"):
        overview.comparison(articles, target="2017-12", reference="tass.com")
    with pytest.raises(ValueError, match="compare_by"):
        overview.comparison(articles, by="body", target="x")


def test_term_trends_fills_periods_and_rates():
    counts = pl.DataFrame({
        "period": [date(2017, 1, 1), date(2017, 1, 1), date(2017, 3, 1)],
        "term": ["war", "peace", "war"], "count": [3, 1, 2], "doc_count": [2, 1, 1],
        "tokens": [100, 100, 50], "docs": [4, 4, 2]})
    got = overview.term_trends(counts, ["war", "sanctions"], period="month")
    rows = {(r["period"], r["term"]): (r["count"], r["tokens"], r["rate_per_10k"])
            for r in got.to_dicts()}
    assert len(rows) == 3 * 2  # Jan, Feb (no articles), Mar × two terms
    assert rows[(date(2017, 1, 1), "war")] == (3, 100, pytest.approx(300.0))
    assert rows[(date(2017, 2, 1), "war")] == (0, 0, None)
    assert rows[(date(2017, 3, 1), "war")] == (2, 50, pytest.approx(400.0))
    assert rows[(date(2017, 3, 1), "sanctions")] == (0, 50, 0.0)


@pytest.mark.parametrize("pattern, limit", [("sanctions", 5), ("sanctions", 500),
                                            ("the", 30), ("nonexistentword", 3)])
def test_first_kwic_lines_equal_the_full_kwic(articles, pattern, limit):
    from tassanalysis import terms

    big = pl.concat([articles] * 6).with_columns(
        (pl.col("doc_id") + "-" + pl.int_range(pl.len()).cast(pl.String)).alias("doc_id"))
    fast = overview.first_kwic_lines(big.sample(fraction=1.0, shuffle=True, seed=1), pattern,
                                     limit=limit)
    full = terms.kwic(big, pattern, limit=limit)
    assert fast.equals(full)


