"""Over-time views that focus on the bulk of the articles (tassanalysis.focus), comparisons
(tassanalysis.terms), corpus statistics and report sentences."""

from __future__ import annotations

import importlib.util
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from tassanalysis import charts, prose, stats, terms
from tassanalysis import focus as tfocus
from tassanalysis.schema import validate

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("fixture_corpus",
                                               ROOT / "tests/fixtures/corpus/build.py")
fixture = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fixture)


def _corpus(stamps: list[datetime], sources: list[str] | None = None) -> pl.DataFrame:
    n = len(stamps)
    return validate(pl.DataFrame({
        "doc_id": [f"d{i}" for i in range(n)],
        "source": sources or ["bbc.co.uk"] * n,
        "title": [f"title {i}" for i in range(n)],
        "body": ["text"] * n, "date_source": ["page"] * n, "language": ["en"] * n,
        "origin": ["f"] * n, "published_at": stamps,
    }), cast=True)


def _at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.fixture(scope="module")
def with_tails() -> pl.DataFrame:
    """Jan 1 – Mar 31 2017: one article on Jan 1, five a day after; three far-off articles."""
    days = [date(2017, 1, 1) + timedelta(days=i) for i in range(90)]
    bulk = [_at(d, h) for d in days for h in range(1 if d == days[0] else 5)]
    tails = [_at(date(2010, 5, 3)), _at(date(2024, 12, 26)), _at(date(2024, 12, 27))]
    return _corpus(bulk + tails, ["bbc.co.uk"] * len(bulk) + ["tass.com"] * 3)


def test_auto_period_follows_the_span():
    assert tfocus.auto_period(date(2017, 1, 1), date(2017, 1, 20)) == "day"
    assert tfocus.auto_period(date(2016, 12, 1), date(2017, 3, 31)) == "week"
    assert tfocus.auto_period(date(2014, 1, 1), date(2023, 12, 31)) == "month"
    assert tfocus.auto_period(date(1990, 1, 1), date(2023, 12, 31)) == "year"


def test_focus_cuts_sparse_tails_and_keeps_the_edge_of_the_bulk(with_tails):
    rows = with_tails.to_dicts()
    focus = tfocus.time_focus(with_tails)
    dated = [r["published_at"].date() for r in rows]
    inside = [d for d in dated if date(2017, 1, 1) <= d <= date(2017, 3, 31)]
    # the thin first day (1 article) is not needed for 99% but lies right next to the bulk
    assert (focus.first, focus.last) == (date(2017, 1, 1), date(2017, 3, 31))
    assert (focus.articles, focus.total, focus.outside) == (len(inside), len(dated), 3)
    assert focus.trimmed and focus.period == "week"
    assert (focus.corpus_first, focus.corpus_last) == (min(dated), max(dated))
    text = focus.describe()
    assert f"{len(inside):,} of {len(dated):,}" in text and "1 Jan 2017 – 31 Mar 2017" in text
    assert "The other 3" in text
    assert focus.filter(with_tails).height == len(inside)
    outside = tfocus.articles_outside_focus(with_tails, focus)
    expected = Counter((r["source"], r["published_at"].strftime("%Y-%m")) for r in rows
                       if not date(2017, 1, 1) <= r["published_at"].date() <= date(2017, 3, 31))
    assert {(r["source"], r["month"]): r["articles"] for r in outside.to_dicts()} == expected
    assert outside["first"].is_sorted()
    weekly = stats.articles_over_time(focus.filter(with_tails), by=None, period=focus.period)
    assert weekly["period"].min() == date(2016, 12, 26) and weekly["articles"].sum() == len(inside)


def test_focus_keeps_every_date_when_there_are_no_long_tails():
    articles = fixture.fixture_articles()
    dated = [r.date() for r in articles["published_at"].to_list() if r is not None]
    focus = tfocus.time_focus(articles)
    assert (focus.first, focus.last) == (min(dated), max(dated))
    assert (focus.articles, focus.total, focus.trimmed) == (len(dated), len(dated), False)
    assert focus.period == tfocus.auto_period(min(dated), max(dated)) == "week"
    assert focus.undated == articles.height - len(dated) == 1
    assert focus.describe().endswith(f"all {len(dated):,} dated articles. "
                                     "One undated article is not on the time axis.")
    assert tfocus.articles_outside_focus(articles, focus).height == 0


def test_focus_options(with_tails):
    everything = tfocus.time_focus(with_tails, share=1.0)
    assert not everything.trimmed and everything.period == "month"
    assert (everything.first, everything.last) == (date(2010, 5, 3), date(2024, 12, 27))
    assert tfocus.time_focus(with_tails, period="day").period == "day"
    # a tail that is not much longer than the bulk is kept
    near = _corpus([_at(date(2017, 1, 1) + timedelta(days=i)) for i in range(0, 90)] * 5
                   + [_at(date(2017, 5, 1))])
    assert not tfocus.time_focus(near).trimmed
    empty = tfocus.time_focus(with_tails.head(0))
    assert empty.total == 0 and empty.first is None and "No dated" in empty.describe()
    with pytest.raises(ValueError, match="period"):
        tfocus.time_focus(with_tails, period="fortnight")
    with pytest.raises(ValueError, match="share"):
        tfocus.time_focus(with_tails, share=0)


def test_keyness_defaults_to_tass_against_the_other_outlets():
    articles = fixture.fixture_articles()
    sources = set(articles["source"].to_list())
    tass = sorted(s for s in sources if s in ("tass.com", "tass.ru"))
    default = terms.comparison(articles)
    assert default.kind == "values" and default.target == {"source": tass}
    assert default.reference is None
    others = sorted(sources - set(tass))
    assert (default.target_name, default.reference_name) == (", ".join(tass), others[0])
    assert default.label == f"{', '.join(tass)} vs {others[0]}"
    n_tass = articles.filter(pl.col("source").is_in(tass)).height
    assert default.description == (f"Compared: {', '.join(tass)} ({n_tass} articles) against "
                                   f"{others[0]} ({articles.height - n_tass} articles).")
    no_tass = articles.filter(~pl.col("source").is_in(tass))
    assert terms.comparison(no_tass).kind == ("each" if len(others) > 1 else "periods")
    assert terms.tass_sources(["news.tass.ru", "tass.com.fake.org", "bbc.co.uk"]) == \
        ["news.tass.ru"]


def test_keyness_on_one_outlet_sets_the_latest_period_against_the_ones_before():
    # a TASS-only corpus used to say "Nothing to compare"
    stamps = [_at(date(2025, 6, 2) + timedelta(days=2 * i)) for i in range(100)]  # to Dec 2025
    bodies = ["Talks on trade went on in Geneva."] * 70 + ["Drones hit the border area."] * 30
    corpus = validate(pl.DataFrame({
        "doc_id": [f"d{i}" for i in range(100)], "source": ["tass.com"] * 100,
        "body": bodies, "date_source": ["page"] * 100, "language": ["en"] * 100,
        "origin": ["f"] * 100, "published_at": stamps}), cast=True)
    compare = terms.comparison(corpus)
    assert compare.kind == "periods" and compare.target == "2025-Q4"
    assert compare.reference == "2025-Q2..2025-Q3"
    q4 = [s for s in stamps if s.month >= 10]
    assert compare.description.startswith(
        f"Compared: the latest quarter, 2025-Q4 (articles of {q4[0].day} Oct 2025 – ")
    assert f"{len(q4)} articles" in compare.description
    assert "against the quarters before it (2 Jun 2025 – " in compare.description
    key = terms.compare_terms(corpus, compare, min_count=1)
    over = key.filter(direction="over")["term"].to_list()
    assert over[:2] == ["border", "drones"] or set(over[:3]) >= {"border", "drones"}
    # by section: each section against the rest
    by_section = corpus.with_columns(section=pl.when(pl.col("body").str.contains("Drones"))
                                     .then(pl.lit("Military")).otherwise(pl.lit("World")))
    each = terms.comparison(by_section, by="section")
    assert each.kind == "each" and "each of the 2 sections" in each.description
    assert terms.compare_terms(by_section, each, min_count=1).height > 0
    single_day = corpus.head(1)
    nothing = terms.comparison(single_day)
    assert nothing.kind == "none" and nothing.description.startswith("Nothing to compare")
    assert terms.compare_terms(single_day, nothing).height == 0


def test_keyness_chart_is_one_labelled_panel_for_one_comparison():
    articles = fixture.fixture_articles()
    compare = terms.comparison(articles)
    key = terms.compare_terms(articles, compare, top=5, min_count=1)
    spec = charts.chart_comparison(key, compare, top=5).to_dict()
    assert "facet" not in spec and "log₂" in spec["encoding"]["x"]["title"]
    assert "tass.com" in spec["encoding"]["x"]["title"]
    each = terms.comparison(articles, target="each")
    spec = charts.chart_comparison(terms.compare_terms(articles, each, top=5, min_count=1),
                                     each, top=5).to_dict()
    assert "facet" in spec


def test_sections_by_source_matches_a_python_count():
    articles = fixture.fixture_articles()
    rows = articles.select("source", "section").to_dicts()
    got = {r["source"]: r for r in stats.sections_by_source(articles, top=2).to_dicts()}
    for source, n in Counter(r["source"] for r in rows).items():
        named = Counter(r["section"] for r in rows if r["source"] == source and r["section"])
        assert got[source]["articles"] == n
        assert got[source]["sections"] == len(named)
        assert got[source]["without_section"] == pytest.approx(
            sum(1 for r in rows if r["source"] == source and not r["section"]) / n)
        largest = [s for s, _ in sorted(named.items(), key=lambda kv: (-kv[1], kv[0]))[:2]]
        assert got[source]["largest_sections"] == largest


def test_ingest_summary_facts_reads_like_sentences():
    facts = prose.ingest_summary_facts({
        "files": 3, "skipped_unchanged": 1, "records_read": 12, "accepted": 9,
        "rejected_total": 3, "rejected": {"no-text": 1, "no-date": 2},
        "duplicates": {"exact": 2, "near": 1},
        "corpus": {"articles": 6, "rejects": 3, "start": "2017-01-01 00:00:00+00:00",
                   "end": "2017-02-01 00:00:00+00:00"}})
    assert facts["Input files"].startswith("3 (1 skipped")
    assert facts["Rejected"] == "3 (no-date 2, no-text 1)"
    assert facts["Merged as duplicates"] == "3 (exact 2, near 1)"
    assert facts["Store after the run"].startswith("6 articles") and "2017-01-01" in \
        facts["Store after the run"]
    assert "no record" in prose.ingest_summary_facts({})["Last ingest run"]


def test_comparison_results_are_tidy_and_carry_their_side_names():
    articles = fixture.fixture_articles()
    compare = terms.comparison(articles)
    key = terms.compare_terms(articles, compare, top=5, min_count=1)
    assert key.columns[:3] == ["term", "count_target", "count_reference"]
    assert not any(" in " in c for c in key.columns)  # no "count in tass.com" columns
    spec = charts.chart_comparison(key, compare).to_dict()
    assert compare.target_name in spec["encoding"]["x"]["title"]
    # a side name with " vs " in it no longer confuses anything
    odd = terms.Comparison("values", "source", {"source": ["a vs b"]}, None, "a vs b", "c")
    assert charts.chart_comparison(key, odd).to_dict()["title"]["text"].endswith("in a vs b compared with c")


def test_coverage_note_names_the_outlet_of_thin_weeks():
    # weeks 0-5: only a.com (plus one b.com article in week 2); weeks 6-9: five sources
    monday = date(2017, 1, 2)
    stamps, sources = [], []
    for week in range(10):
        day = monday + timedelta(weeks=week)
        present = ["a.com"] if week < 6 else ["a.com", "b.com", "c.com", "d.com", "e.com"]
        for source in present:
            stamps += [_at(day), _at(day + timedelta(days=2))]
            sources += [source, source]
    stamps.append(_at(monday + timedelta(weeks=2, days=1)))
    sources.append("b.com")
    corpus = _corpus(stamps, sources)
    per = stats.sources_per_period(corpus, period="week")
    assert per["sources"].to_list() == [1, 1, 2, 1, 1, 1, 5, 5, 5, 5]
    thin = [r for r in zip(stamps, sources, strict=True)
            if r[0].date() < monday + timedelta(weeks=6)]
    share = Counter(s for _, s in thin)["a.com"] / len(thin)
    note = prose.coverage_note(corpus, period="week")
    assert note.startswith("From the week of 2 Jan 2017 to the week of 6 Feb 2017 (6 weeks) "
                           "at most 2 of the 5 sources have articles in any week")
    assert f"a.com wrote {share:.0%} of them" in note
    even = corpus.filter(pl.col("published_at").dt.date() >= monday + timedelta(weeks=6))
    assert prose.coverage_note(even, period="week") == ""
    assert prose.coverage_note(corpus.filter(pl.col("source") == "a.com")) == ""


def test_focus_span_label(with_tails):
    assert tfocus.time_focus(with_tails).span == "1 Jan 2017 – 31 Mar 2017"
    assert tfocus.time_focus(with_tails.head(0)).span == ""
    one_day = tfocus.time_focus(_corpus([_at(date(2024, 12, 26), h) for h in range(1, 21)]))
    assert one_day.span == "26 Dec 2024"
    assert one_day.describe() == "Showing 26 Dec 2024 by day: all 20 dated articles."


def test_focus_accepts_a_few_percent_spread_over_years():
    # 480 articles over 50 days, then 20 (4%) scattered over seven years
    bulk = [_at(date(2017, 2, 6) + timedelta(days=i % 50), 1 + i % 20) for i in range(480)]
    tail = [_at(date(2017, 12, 26) + timedelta(days=130 * k)) for k in range(20)]
    corpus = _corpus(bulk + tail)
    focus = tfocus.time_focus(corpus)
    assert (focus.first, focus.last) == (date(2017, 2, 6), date(2017, 3, 27))
    assert (focus.articles, focus.outside) == (480, 20) and focus.period == "week"
    assert "between 26 Dec 2017 and " in focus.describe()
    assert (focus.outside_first, focus.outside_last) == (min(tail).date(), max(tail).date())
    # a 4% tail that is only a few times longer than the bulk stays in view
    near = _corpus(bulk + [_at(date(2017, 4, 1) + timedelta(days=5 * k)) for k in range(20)])
    assert not tfocus.time_focus(near).trimmed
    assert not tfocus.time_focus(corpus, min_share=0.99).trimmed


def test_a_single_outlier_reads_one_article_on_its_day_and_several_read_in_the_plural():
    # 100 articles over 50 days of 2024, then far-off outliers in 2017
    bulk = [_at(date(2024, 1, 2) + timedelta(days=i % 50), 1 + i % 7) for i in range(100)]
    one = tfocus.time_focus(_corpus(bulk + [_at(date(2017, 2, 7))]))
    assert one.outside == 1
    text = one.describe()
    assert "One article on 7 Feb 2017 would squeeze" in text and "it is listed" in text
    assert "between" not in text and "The other" not in text
    same_day = tfocus.time_focus(_corpus(bulk + [_at(date(2017, 2, 7), h) for h in (1, 2, 3)]))
    text = same_day.describe()
    assert "The other 3, all on 7 Feb 2017, would squeeze" in text and "they are listed" in text
    spread = tfocus.time_focus(_corpus(bulk + [_at(date(2017, 2, 7)), _at(date(2018, 5, 1))]))
    assert "The other 2, scattered between 7 Feb 2017 and 1 May 2018" in spread.describe()


def test_the_time_note_says_how_many_undated_articles_are_not_on_the_axis():
    days = [_at(date(2024, 1, 2) + timedelta(days=i)) for i in range(20)]
    for undated, said in [(0, None), (1, "One undated article is not on the time axis."),
                          (1234, "1,234 undated articles are not on the time axis.")]:
        corpus = _corpus(days + [None] * undated)
        focus = tfocus.time_focus(corpus)
        assert (focus.undated, focus.total) == (undated, 20)
        text = focus.describe()
        assert text.startswith("Showing 2 Jan 2024 – 21 Jan 2024 by day: all 20 dated")
        if said is None:
            assert "undated" not in text
        else:
            assert text.endswith(said)
    # undated articles a day range left out before count too
    ranged = tfocus.time_focus(_corpus(days), left_out=2)
    assert ranged.undated == 2 and ranged.describe().endswith(
        "2 undated articles are not on the time axis.")
    nothing_dated = tfocus.time_focus(_corpus([None, None]))
    assert nothing_dated.describe() == ("No dated articles to show over time. "
                                        "2 undated articles are not on the time axis.")
