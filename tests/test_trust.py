"""Numbers a researcher can trust: counts measure the news, pages say what they show."""

from __future__ import annotations

import math
import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import polars as pl
import pytest

import tassanalysis as ta
from tassanalysis import charts, datasets, focus, prose, stats, terms, vocab
from tassanalysis.schema import validate

# An independent dateline rule (Python re, written apart from text.DATELINE_PATTERN):
# "MOSCOW, February 6. /TASS/." and its variants at the very start of a body.
_PY_DATELINE = re.compile(r"^\s*[A-Z][A-Za-z .'\-]*(?:\s*/[^/]{1,40}/)?,\s*[A-Z][a-z]+\.?\s+\d{1,2}"
                          r"(?:,\s*\d{1,2}:\d{2})?\s*[.,]?\s*/\s*(?:ITAR-)?TASS[^/]{0,80}/\s*\.?\s*")
_PY_WORD = re.compile(r"[^\W\d_][\w\-'’]*")


def _py_count(bodies: list[str], word: str, *, strip: bool) -> int:
    total = 0
    for body in bodies:
        if strip:
            body = _PY_DATELINE.sub("", body, count=1)
        for token in _PY_WORD.findall(body.lower()):
            token = re.sub(r"['’]s$", "", token)
            total += token == word
    return total


def _corpus(rows: list[dict]) -> pl.DataFrame:
    n = len(rows)
    base = {"doc_id": [f"d{i}" for i in range(n)], "date_source": ["page"] * n,
            "language": ["en"] * n, "origin": [f"export.csv:{i}" for i in range(n)]}
    for key in rows[0]:
        base[key] = [r[key] for r in rows]
    return validate(pl.DataFrame(base), cast=True)


# --------------------------------------------------------------------------- datelines

def test_moscow_count_equals_an_independent_count_without_datelines():
    sample = datasets.load_sample()
    tass = sample.filter(pl.col("source") == "tass.com")
    bodies = tass["body"].to_list()
    got = terms.term_frequency(tass, top=None).filter(pl.col("term") == "moscow")["count"].item()
    with_dateline = terms.term_frequency(tass, top=None, dateline=True).filter(
        pl.col("term") == "moscow")["count"].item()
    assert got == _py_count(bodies, "moscow", strip=True)
    assert with_dateline == _py_count(bodies, "moscow", strip=False)
    # most tass.com bodies open with a MOSCOW dateline: the default no longer counts them
    assert with_dateline - got >= 20


def test_every_text_analysis_leaves_the_dateline_out():
    corpus = _corpus([
        {"source": "tass.com", "title": "Talks in Baku",
         "body": "BAKU, November 11. /TASS/. Kuala Lumpur talks resumed. Kuala Lumpur hosts."},
        {"source": "bbc.co.uk", "title": "Talks", "body": "WASHINGTON — Senators met. Rain fell."},
    ])
    tf = terms.term_frequency(corpus, top=None)["term"].to_list()
    assert "baku" not in tf and "washington" not in tf and "kuala" in tf
    assert "baku" in terms.term_frequency(corpus, top=None, dateline=True)["term"].to_list()
    key = terms.keyness(corpus, target={"source": "tass.com"}, min_count=1)
    assert "baku" not in key["term"].to_list()
    pairs = terms.collocations(corpus, min_count=1, top=None)
    assert ("november", "tass") not in pairs.select("w1", "w2").rows()
    assert terms.kwic(corpus, "baku").height == 0
    assert terms.kwic(corpus, "baku", dateline=True).height == 1
    lines = terms.kwic(corpus, "kuala")
    assert lines["left"].to_list()[0] == ""  # the line starts where the news starts


# --------------------------------------------------------------------------- chrome flag

def test_terms_in_most_articles_of_one_outlet_are_flagged():
    rows = [{"source": "a.com", "body": f"Story {i} about trade. Subscribe newsletter."}
            for i in range(10)]
    rows += [{"source": "b.com", "body": f"Report {i} on trade and newsletter design."}
             for i in range(10)]
    rows[0]["body"] = "Story about trade."
    corpus = _corpus(rows)
    top = terms.flag_common_terms(terms.term_frequency(corpus, top=None), corpus)
    flags = dict(top.select("term", "common_in").rows())
    assert flags["subscribe"] == []  # 9 of 10 a.com articles: not more than 90%
    assert flags["trade"] == ["a.com", "b.com"] or flags["trade"] == ["b.com", "a.com"]
    strict = terms.flag_common_terms(terms.term_frequency(corpus, top=None), corpus, share=0.8)
    assert dict(strict.select("term", "common_in").rows())["subscribe"] == ["a.com"]
    spread = terms.term_spread(corpus, ["subscribe"])
    assert spread.filter(pl.col("source") == "a.com")["doc_share"].item() == 0.9
    pairs = terms.collocations(corpus, min_count=2, top=None)
    flagged = terms.flag_common_terms(pairs, corpus, term=["w1", "w2"], share=0.8)
    assert dict(flagged.select("w1", "common_in").rows())["subscribe"] == ["a.com"]
    key = terms.keyness(corpus, target={"source": "a.com"}, min_count=1)
    assert "common_in" in terms.flag_common_terms(key, corpus).columns


# --------------------------------------------------------------------------- tf-idf

def test_tf_idf_by_group_treats_each_group_as_one_document():
    # "russia" in every article of every section: it must not top any section
    rows = []
    for section, word in (("politics", "kremlin"), ("sport", "hockey"), ("economy", "ruble")):
        for _ in range(5):
            rows.append({"source": "tass.com", "section": section,
                         "body": f"Russia russia russia {word}."})
    corpus = _corpus(rows)
    got = terms.tf_idf(corpus, by="section", top=None, min_count=1)
    first = got.filter(pl.col("rank") == 1).select("section", "term").rows()
    assert sorted(first) == [("economy", "ruble"), ("politics", "kremlin"), ("sport", "hockey")]
    russia = got.filter(pl.col("term") == "russia")
    assert russia["idf"].to_list() == [0.0, 0.0, 0.0] and russia["tf_idf"].max() == 0.0
    kremlin = got.filter(pl.col("term") == "kremlin").row(0, named=True)
    assert kremlin["idf"] == pytest.approx(math.log10(3 / 1))
    assert kremlin["tf_idf"] == pytest.approx(5 / 20 * math.log10(3) * 10_000)


# --------------------------------------------------------------------------- KWIC

def test_kwic_on_titles_and_with_source_date_and_link():
    sample = datasets.load_sample()
    lines = terms.kwic(sample, "putin", text="title")  # crashed: duplicate column "title"
    assert lines.height > 0
    assert {"source", "published_at", "title", "url"} <= set(lines.columns)
    assert all("putin" in t.lower() for t in lines["title"])
    with pytest.warns(DeprecationWarning):
        old = terms.kwic(sample, "putin", text="title", case=False, window=3, limit=2)
    assert old.equals(terms.kwic(sample, "putin", text="title", lowercase=True, width=3, top=2))


def test_kwic_sample_spreads_lines_over_sources_and_time():
    sample = datasets.load_sample()
    every = terms.kwic(sample, "trump")
    got = terms.kwic_sample(sample, "trump", top=12)
    assert got.total == every.height > 12 and got.lines.height == 12
    assert got.caption == f"'trump': 12 of {every.height:,} lines, sampled across sources and time"
    per_source = Counter(every["source"])
    shown = Counter(got.lines["source"])
    # as many sources as the lines allow, none with more than its fair share plus one
    assert len(shown) == min(12, len(per_source))
    assert max(shown.values()) - min(shown.values()) <= 1
    oldest = every.head(12)
    assert got.lines["published_at"].max() > oldest["published_at"].max()
    assert got.lines["published_at"].is_sorted()
    assert terms.kwic_sample(sample, "trump", top=12).lines.equals(got.lines)  # deterministic
    assert prose.kwic_caption("x", 3, 3) == "'x': all 3 lines"


def test_default_kwic_terms_are_the_top_keyness_terms():
    sample = datasets.load_sample()
    compare = terms.comparison(sample)
    key = terms.compare_terms(sample, compare)
    top_raw = terms.term_frequency(sample, top=2)["term"].to_list()
    chosen = terms.top_key_terms(key, top=2)
    assert chosen != top_raw and len(chosen) == 2
    assert set(chosen) <= set(key.filter(direction="over")["term"])


# --------------------------------------------------------------------------- time

def test_partial_first_and_last_periods_are_marked_and_drawn_dashed():
    days = [date(2017, 1, 4) + timedelta(days=i) for i in range(40)]  # Wed 4 Jan – Sun 12 Feb
    corpus = _corpus([{"source": "a.com", "body": "x",
                       "published_at": datetime(d.year, d.month, d.day, 9, tzinfo=UTC)}
                      for d in days])
    span = focus.time_focus(corpus, period="week")
    weekly = span.mark_partial(stats.articles_over_time(corpus, by=None, period="week"))
    assert weekly["partial"].to_list() == [True] + [False] * 5  # ends on a Sunday: full
    spec = charts.chart_articles_over_time(weekly, by=None, period="week").to_dict()
    dashed = [layer for layer in spec["layer"] if layer["mark"].get("strokeDash")]
    assert len(dashed) == 1 and "partly covered" in spec["title"]["subtitle"][0]
    formats = {layer["encoding"]["x"]["axis"]["format"] for layer in spec["layer"]}
    assert formats == {vocab.AXIS_DATE_FORMATS["week"]}
    assert len(spec["datasets"]) == 1
    monthly = focus.mark_partial(stats.articles_over_time(corpus, by=None, period="month"),
                                 days[0], days[-1], period="month")
    assert monthly["partial"].to_list() == [True, True]


def test_dates_known_only_to_the_day_show_no_time():
    moscow_midnight = datetime(2017, 3, 2, 21, tzinfo=UTC)
    corpus = _corpus([
        {"source": "a.com", "body": "x", "published_at": moscow_midnight},
        {"source": "a.com", "body": "y", "published_at": moscow_midnight + timedelta(days=1)},
        {"source": "tass.com", "body": "z", "published_at": datetime(2017, 3, 4, 9, 5, tzinfo=UTC)},
    ])
    facts = prose.corpus_facts(corpus)
    assert facts["First article"] == "2017-03-02" and "21:00" not in str(facts)
    assert facts["Last article"] == "2017-03-04 09:05 UTC"
    latest = prose.readable_dates(stats.latest_articles(corpus))
    assert latest["published_at"].to_list() == ["2017-03-04 09:05 UTC", "2017-03-03",
                                                "2017-03-02"]
    # with the schema's date_precision column, it decides
    told = corpus.with_columns(date_precision=pl.lit("day"))
    assert prose.corpus_facts(told)["Last article"] == "2017-03-04"
    html = charts.kwic_table_html(terms.kwic(corpus.with_columns(title=pl.lit("t")), "x"))
    assert "2017-03-02" in html and "21:00" not in html


# --------------------------------------------------------------------------- sections, colours

def test_sections_map_onto_one_shared_vocabulary(tmp_path):
    frame = pl.DataFrame({"source": ["tass.com", "abcnews.go.com", "cnn.com", "dw.com", "x.org"],
                          "section": ["Russian Politics & Diplomacy", "politics", "middleeast",
                                      None, "Gardening"]})
    got = stats.with_shared_sections(frame)
    assert got["shared_section"].to_list() == ["politics", "politics", "world", "(none)", "other"]
    assert got["section"].to_list() == frame["section"].to_list()  # the outlet's name is kept
    table = tmp_path / "sections.csv"
    table.write_text("source,section,shared_section\n*,gardening,lifestyle\n"
                     "x.org,Gardening,home & garden\n")
    mine = stats.with_shared_sections(frame, path=table)
    assert mine["shared_section"].to_list()[-1] == "home & garden"  # the outlet's row wins
    sample = datasets.load_sample()
    by_shared = stats.articles_over_time(sample, by="shared_section", period="month")
    assert "politics" in by_shared["shared_section"].to_list()
    assert stats.section_mapping(sample)["articles"].sum() == sample.height


def test_nine_sources_stay_distinguishable():
    sample = datasets.load_sample().filter(pl.col("published_at").dt.year() == 2017)
    frame = stats.articles_over_time(sample, by="source", period="week")
    spec = charts.chart_articles_over_time(frame, by="source", period="week").to_dict()
    # nine series: one small panel each, named above it, three to a row: no colour to decode
    assert spec["facet"]["field"] == "source" and spec["columns"] == 3
    assert all("color" not in layer["encoding"] for layer in spec["spec"]["layer"])
    five = frame.filter(pl.col("source").is_in(sorted(set(frame["source"]))[:5]))
    spec = charts.chart_articles_over_time(five, by="source", period="week").to_dict()
    assert spec["facet"]["field"] == "source", "more than four lines are small multiples"
    four = frame.filter(pl.col("source").is_in(sorted(set(frame["source"]))[:4]))
    spec = charts.chart_articles_over_time(four, by="source", period="week").to_dict()
    schemes = {layer["encoding"]["color"]["scale"]["scheme"] for layer in spec["layer"]}
    assert schemes == {"tableau10"}  # up to four lines share a chart, on distinct hues


# --------------------------------------------------------------------------- overview

def test_words_per_article_and_rejected_inputs():
    sample = datasets.load_sample()
    got = stats.words_per_article(sample).filter(pl.col("source") == "tass.com").row(0, named=True)
    tass = sample.filter(pl.col("source") == "tass.com")
    counts = tass.select(ta.tokens(ta.analysis_text("body")).list.len())["body"].to_list()
    assert got["articles"] == len(counts)
    ordered = sorted(counts)
    median = (ordered[len(ordered) // 2] + ordered[(len(ordered) - 1) // 2]) / 2
    assert got["words_median"] == round(median)
    assert got["short_share"] == pytest.approx(sum(c < 100 for c in counts) / len(counts))
    rejects = pl.DataFrame({"origin": ["dump/b.txt", "export.csv:7"],
                            "reason": ["no-body", "no-date"], "raw": ["Menu\nHome", None]})
    table = stats.rejected_inputs(rejects)
    assert table.select("origin", "reason", "size").rows() == [
        ("dump/b.txt", "no-body", 9), ("export.csv:7", "no-date", 0)]


def test_selection_filter_is_one_predicate_for_the_loader():
    sample = datasets.load_sample()
    predicate = ta.selection_filter(start="2017-02-01", end="2017-02-28", sources="tass.com")
    direct = sample.filter(predicate)
    assert direct.equals(ta.select_corpus(sample, start="2017-02-01", end="2017-02-28",
                                          sources=["tass.com"]))
    assert direct["published_at"].dt.date().min() >= date(2017, 2, 1)


@pytest.mark.slow
def test_moscow_on_the_whole_shipped_sample(tmp_path, monkeypatch):
    monkeypatch.setenv("TASSANALYSIS_CACHE", str(tmp_path))
    corpus = datasets.load_sample(full=True)
    tass = corpus.filter(pl.col("source") == "tass.com")
    bodies = tass["body"].to_list()
    moscow = pl.col("term") == "moscow"
    got = terms.term_frequency(tass, top=None).filter(moscow)["count"].item()
    counted = terms.term_frequency(tass, top=None, dateline=True).filter(moscow)["count"].item()
    assert got == _py_count(bodies, "moscow", strip=True)
    assert counted == _py_count(bodies, "moscow", strip=False)
    assert counted - got > 250  # the datelines that used to rank "moscow" near the top
    key = terms.compare_terms(corpus, terms.comparison(corpus), top=15)
    places = {"moscow", "kiev", "washington", "beijing", "minsk", "baku", "astana"}
    over = key.filter(direction="over")["term"].to_list()
    old = terms.keyness(corpus, target={"source": "tass.com"}, top=15, dateline=True)
    assert "kiev" in old.filter(direction="over")["term"].to_list()
    assert not ({"kiev"} & set(over)) and len(set(over) & places) <= 1


def test_words_per_article_chart_draws_the_largest_sources_when_there_are_many():
    from tassanalysis.charts.corpus import chart_words_per_article

    words = pl.DataFrame({"source": [f"site{i:03d}.org" for i in range(140)],
                          "articles": [140 - i for i in range(140)],
                          "words_median": [300] * 140, "words_p10": [100] * 140,
                          "words_p90": [500] * 140, "short_share": [0.0] * 140})
    spec = chart_words_per_article(words, top=30).to_dict()
    drawn = next(iter(spec["datasets"].values()))
    assert len(drawn) == 30 and drawn[0]["source"] == "site000.org"
    title = spec["title"]["text"] if isinstance(spec["title"], dict) else spec["title"]
    assert title == "Words per article by source: the 30 of 140 with the most articles"
    assert len(next(iter(chart_words_per_article(words, top=None).to_dict()["datasets"]
                          .values()))) == 140


def test_the_data_quality_frame_counts_articles_with_replacement_characters_per_source():
    frame = pl.DataFrame({
        "source": ["rte.ie", "rte.ie", "rte.ie", "bbc.co.uk"],
        "title": ["Str\ufffd\ufffdnge news", "Plain", None, "Plain"],
        "lead": [None, "a lead", None, None],
        "body": ["Some text.", "More text with \ufffd10m.", "Clean.", "Clean text."],
    })
    got = dict(stats.words_per_article(frame).select("source", "replacement_chars").iter_rows())
    assert got == {"rte.ie": 2, "bbc.co.uk": 0}
