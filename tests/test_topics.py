"""Topic dictionaries, topic shares per period, learned topics, emerging terms, change points.

Shares are checked against counts made by hand on small corpora, Wilson bounds against
statsmodels, G² against scipy, and the learned-topic stability matching against a
brute-force search over all matchings.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

import numpy as np
import polars as pl
import pytest

import tassanalysis as ta
from tassanalysis.topics import learned as learned_mod
from tassanalysis.topics.change import g_squared
from tassanalysis.topics.dictionary import russian_forms

UTC = dt.UTC


def _corpus(rows: list[tuple]) -> pl.DataFrame:
    """rows: (source, 'YYYY-MM-DD', title, body)."""
    return pl.DataFrame({
        "doc_id": [f"d{i}" for i in range(len(rows))],
        "source": [r[0] for r in rows],
        "title": [r[2] for r in rows],
        "lead": pl.Series([None] * len(rows), dtype=pl.String),
        "body": [r[3] for r in rows],
        "published_at": pl.Series([dt.datetime.fromisoformat(r[1]).replace(tzinfo=UTC)
                                   if r[1] else None for r in rows],
                                  dtype=pl.Datetime("us", "UTC")),
    })


TOPICS = {"syria": ["syria", "syrian", "damascus", "сирия"],
          "sanctions": ["sanction*", "price cap", "санкция"]}

HAND = _corpus([
    ("tass.com", "2025-01-03", "Syria talks", "Talks on the Syrian settlement went on."),
    ("tass.com", "2025-01-10", "Oil", "MOSCOW, January 10. /TASS/. Sanctions hit oil."),
    ("bbc", "2025-01-20", "Weather", "Rain in London."),
    ("bbc", "2025-01-21", "Damascus", "A price cap and Damascus."),
    # February: no article at all
    ("tass.com", "2025-03-02", "Санкции", "Новые санкции против Сирии."),
    ("tass.com", "2025-03-05", "Sport", "Football news."),
    ("bbc", "2025-03-09", "Nothing", "Nothing to see."),
    ("bbc", None, "Undated Syria", "Syria again."),
])


# --------------------------------------------------------------------------- dictionary

def test_russian_words_match_in_every_form_and_phrases_words_prefixes():
    assert {"сирии", "сирию", "сирией"} <= russian_forms("сирия")
    hits = ta.topic_hits(HAND, TOPICS, text=("title", "body"), match="any")
    got = {(r["doc_id"], r["topic"]): r["matched"] for r in hits.iter_rows(named=True)}
    assert got[("d4", "syria")] == ["сирии"]
    assert got[("d4", "sanctions")] == ["санкции"]
    assert got[("d3", "sanctions")] == ["price cap"]
    assert got[("d1", "sanctions")] == ["sanctions"]
    assert ("d2", "syria") not in got and ("d5", "syria") not in got


def test_whole_words_only_and_dateline_is_not_read():
    c = _corpus([("x", "2025-01-01", None, "MOSCOW, March 3. /TASS/. Syrians and pro-syria."),
                 ("x", "2025-01-01", None, "Asyria syriaX syria-based")])
    assert ta.topic_hits(c, {"m": ["moscow"]}, text="body", match="any").height == 0
    hits = ta.topic_hits(c, {"s": ["syria", "syrians"]}, text="body", level="token", match="any")
    assert hits.rows() == [("d0", "s", ["syrians"], 1.0, 1, 3)]


def test_token_level_counts_each_occurrence_once():
    c = _corpus([("x", "2025-01-01", None, "Syria, Syria's war; the syrian army. Syria!")])
    hits = ta.topic_hits(c, {"s": ["syria", "syrian", "syrian army"]}, level="token", match="any",
                         text="body")
    # syria ×3 (possessive included) + "syrian army" once (not also "syrian")
    assert hits["hits"].to_list() == [4]
    words = len(re.findall(r"[a-z]{2,}", "syria syria war the syrian army syria"))
    assert hits["tokens"].to_list() == [words]


def test_malformed_topic_file_names_the_line(tmp_path):
    bad = tmp_path / "topics.yml"
    bad.write_text("syria:\n  terms: [syria, damascus]\nsanctions:\n  terms: 5\n")
    with pytest.raises(ta.TopicFileError, match=r"topics.yml, line 4"):
        ta.load_topics(bad)
    bad.write_text("syria:\n  terms: [syria\nspace: [space]\n")
    with pytest.raises(ta.TopicFileError, match=r"line \d+: not valid YAML"):
        ta.load_topics(bad)
    bad.write_text("syria:\n  lable: Syria\n  terms: [syria]\n")
    with pytest.raises(ta.TopicFileError, match=r"line 2: unknown key \(expected label"):
        ta.load_topics(bad)
    bad.write_text("Syria War: [syria]\n")
    with pytest.raises(ta.TopicFileError, match="line 1"):
        ta.load_topics(bad)
    with pytest.raises(ta.TopicFileError, match="bad pattern"):
        ta.load_topics({"x": ["re:(unclosed"]})
    with pytest.raises(ta.TopicFileError, match="no such topic file"):
        ta.load_topics(tmp_path / "missing.yml")


def test_default_dictionary_has_the_documented_themes():
    d = ta.load_topics()
    assert {"arms_control", "sanctions", "syria", "ukraine", "energy", "space",
            "military_exercises", "elections", "arctic", "terrorism", "economy",
            "sport"} <= set(d.names)


def test_snippet_bodies_are_left_out_by_default():
    snippets = [f"MOSCOW, June {i}. /TASS/. Syria and a text cut off at sixty ch"[:60]
                for i in range(30)]
    c = _corpus([("tass.com", "2025-06-01", "Oil prices up", s) for s in snippets])
    read = ta.reading_text(c)
    assert read.columns == ("title",) and "body" in read.note and "snippets" in read.note
    assert ta.topic_hits(c, {"syria": ["syria"]}, match="any").height == 0
    assert ta.topic_hits(c, {"syria": ["syria"]}, text="body", match="any").height == 30
    flagged = c.with_columns(truncated=pl.lit(True), body=pl.lit("Syria in full."))
    assert ta.topic_hits(flagged, {"syria": ["syria"]}, match="any").height == 0


# --------------------------------------------------------------------------- shares

def test_monthly_shares_equal_a_hand_count_with_empty_months_as_zero():
    t = ta.topic_trends(HAND, TOPICS, text=("title", "body"), match="any")
    rows = {(r["period"].isoformat(), r["topic"]): r for r in t.iter_rows(named=True)}
    # January: 4 articles; Syria in d0 (title+body), d3 (Damascus); sanctions in d1, d3
    assert (rows["2025-01-01", "syria"]["articles"], rows["2025-01-01", "syria"]["period_articles"]
            ) == (2, 4)
    assert rows["2025-01-01", "sanctions"]["share"] == pytest.approx(2 / 4)
    # February has no article: present, zero, interval 0–1, low count
    feb = rows["2025-02-01", "syria"]
    assert (feb["articles"], feb["period_articles"], feb["share"], feb["ci_low"], feb["ci_high"],
            feb["low_count"]) == (0, 0, 0.0, 0.0, 1.0, True)
    # March: 3 dated articles; the undated one is left out
    assert rows["2025-03-01", "syria"]["share"] == pytest.approx(1 / 3)
    assert t.columns == ["period", "topic", "label", "articles", "period_articles", "share",
                         "ci_low", "ci_high", "low_count", "rule"]
    assert t["rule"].unique().to_list() == ["any mention: at least one term anywhere in the text"]
    assert t.height == 3 * 2


def test_groups_and_filters_match_hand_counts():
    t = ta.topic_trends(HAND, TOPICS, by="source", text=("title", "body"), min_articles=2,
                        match="any")
    got = {(r["period"].month, r["source"], r["topic"]): (r["articles"], r["period_articles"],
                                                          r["low_count"])
           for r in t.iter_rows(named=True)}
    assert got[1, "tass.com", "syria"] == (1, 2, False)
    assert got[1, "bbc", "syria"] == (1, 2, False)
    assert got[2, "bbc", "sanctions"] == (0, 0, True)
    assert got[3, "bbc", "syria"] == (0, 1, True)
    only = ta.select_corpus(HAND, sources=["bbc"])
    t2 = ta.topic_trends(only, TOPICS, text=("title", "body"), match="any")
    assert t2.filter(pl.col("topic") == "syria")["articles"].to_list() == [1, 0, 0]


def test_wilson_bounds_match_statsmodels():
    from statsmodels.stats.proportion import proportion_confint

    cases = [(0, 7), (1, 4), (3, 10), (50, 50), (17, 3456), (943, 3456)]
    frame = pl.DataFrame({"k": [c[0] for c in cases], "n": [c[1] for c in cases]})
    for conf in (0.95, 0.9):
        lo, hi = ta.topics.wilson_interval("k", "n", confidence=conf)
        got = frame.select(lo, hi).rows()
        for (k, n), (a, b) in zip(cases, got, strict=True):
            ea, eb = proportion_confint(k, n, alpha=1 - conf, method="wilson")
            assert a == pytest.approx(ea, abs=1e-12) and b == pytest.approx(eb, abs=1e-12)


def test_token_measure_shares_are_hits_over_words():
    t = ta.topic_trends(HAND.head(2), {"s": ["syria", "syrian"]}, text="body", match="any",
                        measure="tokens")
    # "Talks on the Syrian settlement went on." = 7 words, "Sanctions hit oil." = 3
    assert t.select("hits", "period_tokens").row(0) == (1, 10)
    assert t["share"][0] == pytest.approx(0.1)


def test_kernel_over_partitions_merges_to_the_whole():
    whole = ta.topic_counts(HAND, TOPICS, by="source", text=("title", "body"), match="any")
    parts = [ta.topic_counts(HAND.slice(i, 3), TOPICS, by="source", text=("title", "body"),
                             match="any")
             for i in range(0, HAND.height, 3)]
    merged = ta.merge_topic_counts(parts)
    key = ["period", "source", "topic"]
    assert merged.sort(key).equals(whole.sort(key))
    lazy = ta.topic_counts(HAND.lazy(), TOPICS, by="source", text=("title", "body"),
                           match="any")
    assert lazy.sort(key).equals(whole.sort(key))


def test_term_trends_with_smoothing():
    t = ta.term_trends(HAND, ["syria", "сирия"], text=("title", "body"), smooth=2)
    syria = t.filter(pl.col("term") == "syria")
    # January: only d0's title says "Syria" (d0's body says "Syrian", d3 "Damascus")
    assert syria["share"].to_list() == pytest.approx([0.25, 0.0, 0.0])
    # the empty February is not averaged in as a zero
    assert syria["smoothed"].to_list() == pytest.approx([0.25, 0.25, 0.0])
    assert t.filter(pl.col("term") == "сирия")["articles"].to_list() == [0, 0, 1]


# --------------------------------------------------------------------------- learned

def _two_theme_corpus(n: int = 120, seed: int = 0) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    themes = [["oil", "gas", "pipeline", "prices", "opec", "barrel"],
              ["football", "match", "goal", "coach", "league", "striker"],
              ["missile", "drone", "troops", "frontline", "artillery", "brigade"]]
    bodies = [" ".join(rng.choice(themes[i % 3], 8)) for i in range(n)]
    return _corpus([("x", f"2025-{1 + i % 6:02d}-05", None, b) for i, b in enumerate(bodies)])


def test_same_seed_gives_identical_learned_topics():
    c = _two_theme_corpus()
    a = ta.fit_topics(c, k=3, seed=7, text="body", min_df=1)
    b = ta.fit_topics(c, k=3, seed=7, text="body", min_df=1)
    assert a.topic_terms().equals(b.topic_terms())
    assert a.doc_topics.equals(b.doc_topics)
    lda = [ta.fit_topics(c, k=3, seed=3, method="lda", text="body", min_df=1).topic_terms()
           for _ in range(2)]
    assert lda[0].equals(lda[1])
    tops = sorted(sorted(t[:3]) for t in a.top_terms(6))
    assert {frozenset(t) for t in tops} <= {frozenset(x) for x in itertools.combinations(
        ["oil", "gas", "pipeline", "prices", "opec", "barrel"], 3)} | {
        frozenset(x) for x in itertools.combinations(
            ["football", "match", "goal", "coach", "league", "striker"], 3)} | {
        frozenset(x) for x in itertools.combinations(
            ["missile", "drone", "troops", "frontline", "artillery", "brigade"], 3)}


def test_learned_topics_feed_topic_trends():
    c = _two_theme_corpus()
    model = ta.fit_topics(c, k=3, text="body", min_df=1)
    t = ta.topic_trends(c, model)
    per = t.group_by("period").agg(pl.col("articles").sum(), pl.col("period_articles").first())
    assert (per["articles"] == per["period_articles"]).all()  # each article: one main topic
    assert t["label"].str.starts_with("t0").all()


def test_stability_matching_is_the_best_one_to_one_matching(monkeypatch):
    c = _two_theme_corpus(90, seed=1)
    s = ta.topic_stability(c, seeds=(0, 1, 2), k=3, top=5, text="body", min_df=1)
    assert s.height == 3 and (s["stability"] > 0.99).all()
    # the Hungarian matching equals a brute-force search on a random similarity matrix
    from scipy.optimize import linear_sum_assignment

    rng = np.random.default_rng(0)
    sim = rng.random((5, 5))
    r, col = linear_sum_assignment(sim, maximize=True)
    best = max(itertools.permutations(range(5)), key=lambda p: sum(sim[i, p[i]] for i in range(5)))
    assert list(col) == list(best)
    assert learned_mod._overlap(["a", "b"], ["b", "c"]) == pytest.approx(1 / 3)


# --------------------------------------------------------------------------- change

def _planted_corpus() -> pl.DataFrame:
    rng = np.random.default_rng(42)
    filler = ["talks", "minister", "economy", "region", "meeting", "report", "visit", "trade",
              "budget", "court", "police", "weather", "market", "energy", "school", "bridge"]
    rows = []
    for month in range(1, 7):
        for i in range(200):
            words = list(rng.choice(filler, 10))
            if i % 4 == 0:
                words.append("parliament")  # stable: a quarter of the articles every month
            if month == 6 and i % 5 == 0:
                words.append("blackout")  # planted: only in the last month
            rows.append(("x", f"2025-{month:02d}-{1 + i % 27:02d}", None, " ".join(words)))
    return _corpus(rows)


def test_emerging_terms_finds_a_planted_term_first_and_no_stable_term():
    c = _planted_corpus()
    e = ta.emerging_terms(c, text="body")
    assert e["term"][0] == "blackout" and e["rank"][0] == 1
    assert e["count_target"][0] == 40 and e["count_baseline"][0] == 0
    assert "parliament" not in e["term"].to_list()
    assert e["target"][0] == dt.date(2025, 6, 1)
    assert e["baseline_from"][0] == dt.date(2025, 3, 1)
    falling = ta.emerging_terms(c, text="body", falling=True, target="2025-05")
    assert "parliament" not in falling["term"].to_list()


def test_g_squared_matches_scipy():
    from scipy.stats import chi2_contingency

    f = pl.DataFrame({"a": [30, 0, 5], "n1": [100, 50, 2000], "b": [10, 9, 40],
                      "n2": [100, 300, 8000]})
    got = f.select(g_squared(pl.col("a"), pl.col("n1"), pl.col("b"), pl.col("n2")))
    for row, g in zip(f.iter_rows(), got.to_series(), strict=True):
        a, n1, b, n2 = row
        want = chi2_contingency([[a, n1 - a], [b, n2 - b]], correction=False,
                                lambda_="log-likelihood")[0]
        assert g == pytest.approx(want)


@pytest.mark.parametrize("shift_at", [8, 13, 20])
def test_change_point_planted_in_a_share_series_is_found_within_one_period(shift_at):
    rng = np.random.default_rng(shift_at)
    n = 500
    weeks = pl.date_range(dt.date(2025, 1, 6), dt.date(2025, 1, 6) + dt.timedelta(weeks=29),
                          "1w", eager=True)
    p = np.where(np.arange(30) < shift_at, 0.08, 0.16)
    k = rng.binomial(n, p)
    trends = pl.DataFrame({"period": weeks, "topic": "x", "articles": k,
                           "period_articles": n, "share": k / n})
    found = ta.change_points(trends)
    assert found.height >= 1
    nearest = min(abs((d - weeks[shift_at]).days) for d in found["period"])
    assert nearest <= 7
    level = ta.change_points(trends.with_columns(share=pl.Series(rng.binomial(n, 0.1, 30) / n)))
    assert level.height == 0


def test_change_point_rules_are_drawn_for_labelled_topics():
    from tassanalysis.charts.topics import chart_topic_shares

    weeks = pl.date_range(dt.date(2025, 1, 6), dt.date(2025, 3, 3), "1w", eager=True)
    trends = pl.DataFrame({"period": weeks, "topic": "x", "label": "Topic X",
                           "articles": 10, "period_articles": 100, "share": 0.1,
                           "ci_low": 0.05, "ci_high": 0.2, "low_count": False})
    changes = pl.DataFrame({"topic": ["x"], "period": [weeks[4]], "before": [0.1],
                            "after": [0.2], "change": [0.1]})
    layers = chart_topic_shares(trends, changes=changes).to_dict()["layer"]
    rule = next(layer for layer in layers if layer["mark"]["type"] == "rule")
    assert rule["encoding"]["color"]["sort"] == ["Topic X"]
