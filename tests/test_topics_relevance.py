"""Relevance, relation topics, the default dictionary's labels, and validation against hand coding.

Precision and recall are checked against sums made by hand; the default dictionary
against real articles coded by reading (tests/fixtures/topics, see its README).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import polars as pl
import pytest

import tassanalysis as ta
from tassanalysis.topics import POOLED, TopicRule

CODED = Path(__file__).parent / "fixtures" / "topics" / "coded.jsonl"
FILLER = " ".join(["The committee met on Tuesday and discussed the agenda of the session."] * 40)


def _docs(rows: list[tuple[str, str, str]]) -> pl.DataFrame:
    """rows: (title, lead, body)."""
    return pl.DataFrame({"doc_id": [f"d{i}" for i in range(len(rows))],
                         "title": [r[0] for r in rows], "lead": [r[1] for r in rows],
                         "body": [r[2] for r in rows]})


def _coded() -> pl.DataFrame:
    rows = [json.loads(line) for line in CODED.read_text(encoding="utf-8").splitlines()]
    return pl.DataFrame({"doc_id": [r["id"] for r in rows], "title": [r["title"] for r in rows],
                         "lead": [r["lead"] for r in rows], "body": [r["text"] for r in rows],
                         "language": [r["language"] for r in rows],
                         "split": [r["split"] for r in rows], "codes": [r["codes"] for r in rows]},
                        schema_overrides={"codes": pl.List(pl.String)})


# --------------------------------------------------------------------------- the rule

def test_a_passing_mention_is_not_a_topic_but_a_title_or_repeated_theme_is():
    topics = {"syria": ["syria", "damascus"]}
    c = _docs([("Budget talks", "", FILLER + " Syria was mentioned once."),  # passing
               ("Talks in Damascus", "", "Delegations of Syria met."),      # title + body
               ("Talks", "", "Syria talks. Damascus hosts them."),            # two body hits
               ("Talks", "", "Syria talks resumed.")])                       # one body hit
    relevant = ta.topic_hits(c, topics, text=["title", "lead", "body"])
    assert relevant["doc_id"].to_list() == ["d1", "d2"]
    assert relevant["score"].to_list() == [4.0, 2.0]
    anyhit = ta.topic_hits(c, topics, text=["title", "lead", "body"], match="any")
    assert anyhit["doc_id"].to_list() == ["d0", "d1", "d2", "d3"]


def test_long_articles_need_more_than_a_short_item():
    topics = {"energy": ["oil"]}
    short = "Oil prices rose. Oil exports fell."
    long = short + " " + FILLER  # ~470 words: threshold 470 / 150 > 3
    c = _docs([("News", "", short), ("News", "", long)])
    got = ta.topic_hits(c, topics, text=["title", "body"], level="token")
    assert got["doc_id"].to_list() == ["d0"]
    loose = TopicRule(words_per_point=None)
    assert ta.topic_hits(c, topics, text=["title", "body"], match=loose)["doc_id"].to_list() == [
        "d0", "d1"]


def test_topic_frames_and_rule_say_which_rule_counted():
    c = _docs([("Syria", "", "x")]).with_columns(
        published_at=pl.datetime(2025, 1, 1, time_zone="UTC"))
    t = ta.topic_trends(c, {"syria": ["syria"]}, text=["title", "body"])
    assert t["rule"].unique().to_list() == [TopicRule().describe()]
    assert "title ×3" in t["rule"][0] and "words / 150" in t["rule"][0]
    t_any = ta.topic_trends(c, {"syria": ["syria"]}, text=["title", "body"], match="any")
    assert t_any["rule"][0].startswith("any mention")
    with pytest.raises(ValueError, match="match must be"):
        ta.topic_trends(c, {"syria": ["syria"]}, match="some")


# --------------------------------------------------------------------------- relation topics

RELATION = {"us_russia": {"terms": ["us-russian"], "requires": [
    {"actors": ["us", "trump"], "any": ["american"]},
    {"actors": ["ru", "putin"], "any": ["russian"]}]}}


def test_a_relation_topic_needs_both_sides_in_one_sentence():
    c = _docs([
        ("Trump meets Trudeau", "", "Trump and Trudeau discussed trade. Trump said so."),
        ("Talks", "", "Putin and Trump spoke by phone. Putin thanked Trump for the meeting."),
        ("Two stories", "", "Trump visited Texas. Later, Putin visited Kazan."),
        ("Talks", "", "US-Russian talks resumed. US-Russian ties were discussed."),
        ("Визит", "", "Путин и Трамп обсудили Украину. Трамп поблагодарил Путина."),
        ("Wall", "", "The US-Mexico border wall. The US President Donald Trump spoke."),
    ])
    got = ta.topic_hits(c, RELATION, text=["title", "body"], level="token")
    assert got["doc_id"].to_list() == ["d1", "d3", "d4"]
    assert got["hits"].to_list() == [2, 2, 2]
    anyhit = ta.topic_hits(c, RELATION, text=["title", "body"], match="any")
    assert "d2" not in anyhit["doc_id"].to_list() and "d0" not in anyhit["doc_id"].to_list()


def test_relation_groups_come_from_the_gazetteer_and_skip_common_words():
    d = ta.load_topics(RELATION)
    lits = d.groups("us_russia").literals("g0")
    assert " u.s. " in lits and " united  states " in lits and " trump " in lits
    assert " us " not in lits  # "US" lower-cased is the pronoun
    with pytest.raises(ta.TopicFileError, match="not in the gazetteer"):
        ta.load_topics({"x": {"requires": [{"actors": ["no-such-actor"]}, {"any": ["y"]}]}})
    with pytest.raises(ta.TopicFileError, match="at least two groups"):
        ta.load_topics({"x": {"requires": [{"any": ["y"]}]}})


def test_sentences_are_not_cut_inside_abbreviations():
    from tassanalysis.topics.relevance import sentence_split

    got = pl.select(sentence_split(pl.lit(
        "The U.S. President met Mr. Putin in St. Petersburg. Talks went on! Then? No."))).item()
    assert got.to_list() == ["The U.S. President met Mr. Putin in St. Petersburg.",
                             "Talks went on!", "Then?", "No."]


# --------------------------------------------------------------------------- default dictionary

def test_default_dictionary_does_not_count_words_that_fire_everywhere():
    c = _docs([
        ("Court hears fraud case", "", "The judge said the firm did not exercise due care. "
         "The exercise of rights was discussed. Exercise is healthy."),
        ("Brexit letter", "", "May wants space for talks. There is no space left in the deal, "
         "and more space for compromise."),
        ("Sales", "", "Market growth was strong. The market rose, growth followed, markets cheered."),
        ("Senate vote", "", "The Senate vote was 97-2. Votes were counted. Voting ended."),
        ("Wall", "", "President Trump spoke about the US-Mexico border wall in Washington. "
         "Trump said the wall will be built."),
    ])
    hits = ta.topic_hits(c, text=["title", "body"])
    assert hits.height == 0, hits
    c2 = _docs([
        ("Drills", "", "A military exercise began. The joint exercises involve 3,000 troops."),
        ("Soyuz launch", "", "The Soyuz rocket lifted off to the space station with cosmonauts."),
        ("ЦБ снизил ключевую ставку", "", "Банк России снизил ключевую ставку."),
        ("Talks", "", "Putin and Trump discussed Ukraine. Lavrov met Rubio in Riyadh."),
    ])
    got = {(r["doc_id"], r["topic"]) for r in ta.topic_hits(c2, text=["title", "body"])
           .iter_rows(named=True)}
    assert {("d0", "military_exercises"), ("d1", "space"), ("d2", "economy"),
            ("d3", "us_russia")} <= got


def test_held_out_coded_articles_default_rule_beats_any_mention():
    """Real articles coded by reading, never tuned on (split == 'heldout')."""
    c = _coded()
    for lang in ("en", "ru"):
        part = c.filter(language=lang, split="heldout")
        assert part.height >= 40
        rel = ta.validate_topics(part, None, part.select("doc_id", "codes"),
                                 text=["title", "lead", "body"], bootstrap=0).row(-1, named=True)
        old = ta.validate_topics(part, None, part.select("doc_id", "codes"), match="any",
                                 text=["title", "lead", "body"], bootstrap=0).row(-1, named=True)
        assert rel["topic"] == POOLED
        assert rel["precision"] > old["precision"], lang
        # floors below the figures measured (README): a regression guard, not the target
        assert rel["precision"] >= 0.70 and rel["recall"] >= 0.80, (lang, rel)


# --------------------------------------------------------------------------- validation

def test_validate_topics_equals_a_hand_computation_with_weights():
    c = _docs([("Syria", "", ""), ("Syria", "", ""), ("Syria", "", ""), ("Oil", "", ""),
               ("Oil", "", ""), ("Gas", "", "")])
    # rule (match="any" on the title): d0, d1, d2 are syria hits.
    coded = pl.DataFrame({
        "doc_id": ["d0", "d1", "d2", "d3", "d4", "d5"], "topic": "syria",
        "relevant": ["1", "1", "0", "1", "0", "no"],
        # hits drawn at 1/2, non-hits at 1/10
        "sampling_fraction": [0.5, 0.5, 0.5, 0.1, 0.1, 0.1]})
    v = ta.validate_topics(c, {"syria": ["syria"]}, coded, match="any", text="title",
                           bootstrap=0).row(0, named=True)
    # weights 2, 2, 2 (hits) and 10, 10, 10 (non-hits)
    tp, fp, fn = 2 + 2, 2, 10
    assert v["precision"] == pytest.approx(tp / (tp + fp))
    assert v["recall"] == pytest.approx(tp / (tp + fn))
    assert v["f1"] == pytest.approx(2 * tp / (2 * tp + fp + fn))
    assert (v["articles"], v["coded_relevant"], v["rule_hits"], v["agree_relevant"]) == (6, 3, 3, 2)
    # recall's effective n: (2+2+10)² / (4+4+100); Wilson interval by hand
    n_eff, p, z = 14 ** 2 / 108, 4 / 14, 1.959963984540054
    centre = (p + z * z / (2 * n_eff)) / (1 + z * z / n_eff)
    half = z * math.sqrt(p * (1 - p) / n_eff + z * z / (4 * n_eff ** 2)) / (1 + z * z / n_eff)
    assert (v["recall_low"], v["recall_high"]) == pytest.approx((centre - half, centre + half))


def test_unweighted_intervals_are_statsmodels_wilson():
    statsmodels = pytest.importorskip("statsmodels.stats.proportion")
    c = _docs([("Syria", "", "")] * 7 + [("Oil", "", "")] * 3)
    coded = pl.DataFrame({"doc_id": [f"d{i}" for i in range(10)],
                          "codes": [["syria"]] * 5 + [[]] * 2 + [["syria"]] + [[]] * 2})
    v = ta.validate_topics(c, {"syria": ["syria"]}, coded, match="any", text="title",
                           bootstrap=200, seed=1).row(0, named=True)
    assert v["precision"] == pytest.approx(5 / 7)
    lo, hi = statsmodels.proportion_confint(5, 7, method="wilson")
    assert (v["precision_low"], v["precision_high"]) == pytest.approx((lo, hi))
    assert v["recall"] == pytest.approx(5 / 6)
    assert v["f1_low"] <= v["f1"] <= v["f1_high"]


def test_disagreements_are_the_false_positives_and_negatives():
    c = _docs([("Oil prices", "", ""), ("Palm oil harvest", "", ""), ("OPEC meets", "", "")])
    coded = pl.DataFrame({"doc_id": ["d0", "d1", "d2"], "codes": [["energy"], [], ["energy"]]})
    d = ta.disagreements(c, {"energy": ["oil"]}, coded, match="any", text="title")
    assert d.select("doc_id", "kind", "title").rows() == [
        ("d1", "false positive", "Palm oil harvest"), ("d2", "false negative", "OPEC meets")]


def test_validation_sample_is_stratified_seeded_and_codes_back(tmp_path):
    n = 60
    c = pl.DataFrame({
        "doc_id": [f"d{i}" for i in range(n)],
        "source": ["a" if i % 3 else "b" for i in range(n)],
        "title": ["Syria talks" if i % 4 == 0 else "Weather" for i in range(n)],
        "body": ["" for _ in range(n)],
        "published_at": pl.Series([f"202{i % 2}-03-01" for i in range(n)]).str.to_datetime(
            time_zone="UTC")})
    s = ta.validation_sample(c, {"syria": ["syria"]}, n=6, seed=3, match="any")
    assert s.group_by("rule").len().sort("rule").rows() == [("hit", 6), ("non-hit", 6)]
    assert s["stratum"].n_unique() >= 3  # spread over sources and years
    assert s.equals(ta.validation_sample(c, {"syria": ["syria"]}, n=6, seed=3, match="any"))
    hits = s.filter(rule="hit")
    sizes = {k: v for k, v in c.with_columns(
        st=pl.concat_str([pl.col("source"), pl.col("published_at").dt.year().cast(pl.String)
                          + "-01-01"], separator=" · "),
        hit=pl.col("title").str.contains("Syria")).filter("hit").group_by("st").len().rows()}
    for row in hits.iter_rows(named=True):
        k = hits.filter(stratum=row["stratum"]).height
        assert row["sampling_fraction"] == pytest.approx(k / sizes[row["stratum"]])
    # coded in a spreadsheet, read back: the truth is "Syria in the title"
    path = tmp_path / "sample.csv"
    s.with_columns(relevant=pl.when(pl.col("title").str.contains("Syria")).then(pl.lit("1"))
                   .otherwise(pl.lit("0"))).write_csv(path)
    v = ta.validate_topics(c, {"syria": ["syria"]}, pl.read_csv(path), match="any",
                           bootstrap=0).row(0, named=True)
    assert (v["precision"], v["recall"]) == (1.0, 1.0)


# --------------------------------------------------------------------------- topic files

def test_a_bad_topic_file_names_file_and_line_but_never_its_content(tmp_path):
    secret = tmp_path / "shadow"
    secret.write_text("root:$6$Zq9sEcReT$hashhash:19000:0:99999:7:::\n"
                      "daemon:*:19000:0:99999:7:::\n")
    with pytest.raises(ta.TopicFileError) as err:
        ta.load_topics(secret)
    assert str(secret) in str(err.value) and "line 1" in str(err.value)
    said = str(err.value).replace(str(secret), "")
    assert "Zq9sEcReT" not in said and "root" not in said and "daemon" not in said
    config = tmp_path / "app.yml"
    config.write_text("name: app\npassword: hunter2\n")
    with pytest.raises(ta.TopicFileError) as err:
        ta.load_topics(config)
    said = str(err.value).replace(str(config), "")
    assert "line 1" in said and "hunter2" not in said and "app" not in said
    assert "name" not in said.replace("topic name", "").replace("the topic's", "")
    binary = tmp_path / "blob.yml"
    binary.write_bytes(b"syria: [syria]\n\xff\xfe secret\n")
    with pytest.raises(ta.TopicFileError, match=r"blob.yml, line 2: not UTF-8"):
        ta.load_topics(binary)


# --------------------------------------------------------------------------- seeded topics

def _planted(n: int = 30) -> pl.DataFrame:
    import random

    rng = random.Random(4)
    themes = {
        "sport": "football goal match stadium coach league striker fans".split(),
        "energy": "oil gas pipeline barrels refinery crude exports opec".split(),
        "court": "judge court verdict trial lawyer prosecutor appeal jury".split(),
    }
    common = "said on the new year people city report week officials".split()
    docs, truth = [], []
    for name, words in themes.items():
        for _ in range(n):
            docs.append(" ".join(rng.choices(words, k=12) + rng.choices(common, k=8)))
            truth.append(name)
    return pl.DataFrame({"doc_id": [f"d{i}" for i in range(len(docs))], "body": docs,
                         "truth": truth})


def test_seeded_topics_keep_their_label_and_residuals_catch_the_rest():
    c = _planted()
    seeds = {"sport": {"label": "Sport", "terms": ["football", "goal", "hockey"]}}
    m = ta.fit_topics(c, k=3, seed=2, text="body", seed_topics=seeds, min_df=1, max_df=1.0)
    assert m.names == ["sport", "r01", "r02"] and m.seeded == ["sport"]
    assert m.residual == ["r01", "r02"]
    labels = m.labels()
    assert labels["kind"].to_list() == ["seeded", "residual", "residual"]
    assert labels["label"][0].startswith("Sport: ")
    tops = dict(zip(m.names, m.top_terms(6), strict=True))
    # the seeded topic is made of its dictionary's words found in the corpus
    assert m.top_terms(2)[0] == ["football", "goal"] or m.top_terms(2)[0] == ["goal", "football"]
    sport_terms = m.topic_terms(None).filter(topic="sport")["term"].to_list()
    assert set(sport_terms) == {"football", "goal"}  # other words stay out of it
    energy = set("oil gas pipeline barrels refinery crude exports opec".split())
    court = set("judge court verdict trial lawyer prosecutor appeal jury".split())
    themes = sorted((len(set(tops[r]) & energy), len(set(tops[r]) & court)) for r in m.residual)
    assert themes[0][1] >= 4 and themes[1][0] >= 4  # one residual per other theme
    assert not {"football", "goal"} & (set(tops["r01"]) | set(tops["r02"]))
    # articles of the planted theme count for the seeded topic, the others for residuals
    main = ta.topic_hits(c, m, text="body").join(c.select("doc_id", "truth"), on="doc_id")
    sport = main.filter(topic="sport")
    assert sport.height >= 28 and set(sport["truth"]) == {"sport"}
    others = main.filter(pl.col("topic") != "sport")["truth"].value_counts()
    assert dict(others.rows()).get("sport", 0) <= 2 and others.height >= 2
    again = ta.fit_topics(c, k=3, seed=2, text="body", seed_topics=seeds, min_df=1, max_df=1.0)
    assert again.top_terms(10) == m.top_terms(10)
    with pytest.raises(ValueError, match="k must be larger"):
        ta.fit_topics(c, k=1, text="body", seed_topics=seeds, min_df=1, max_df=1.0)


def test_stability_reuses_the_matrix_and_the_reference_fit(monkeypatch, capsys):
    from tassanalysis.topics import learned

    c = _planted(12)
    dt = learned.document_terms(c, text="body", min_df=1, max_df=1.0)
    ref = ta.fit_topics(c, k=3, seed=0, terms=dt)
    calls = {"terms": 0, "fits": 0}
    real_fit, real_terms = learned.fit_topics, learned.document_terms

    def counting_fit(*a, **k):
        calls["fits"] += 1
        return real_fit(*a, **k)

    def counting_terms(*a, **k):
        calls["terms"] += 1
        return real_terms(*a, **k)

    monkeypatch.setattr(learned, "fit_topics", counting_fit)
    monkeypatch.setattr(learned, "document_terms", counting_terms)
    s = ta.topic_stability(c, k=3, seeds=range(3), terms=dt, reference=ref, progress=True)
    assert calls == {"terms": 0, "fits": 2}
    assert s.height == 3
    assert capsys.readouterr().out.count("Fitting NMF with seed") == 2


def test_emerging_terms_say_when_the_baseline_is_far_away():
    import datetime as dt

    days = [dt.datetime(2017, 1, d, tzinfo=dt.UTC) for d in range(1, 21)]
    later = [dt.datetime(2020, 3, d, tzinfo=dt.UTC) for d in range(1, 21)]
    near = [dt.datetime(2017, 2, d, tzinfo=dt.UTC) for d in range(1, 21)]
    titles = ["Budget talks"] * 20 + ["Greenland talks"] * 20
    far = ta.emerging_terms(pl.DataFrame({"published_at": days + later, "title": titles}),
                            text="title", baseline=1, min_count=5)
    assert far["skipped_periods"].to_list() == [37]  # Feb 2017 – Feb 2020 have no article
    close = ta.emerging_terms(pl.DataFrame({"published_at": days + near, "title": titles}),
                              text="title", baseline=1, min_count=5)
    assert close["skipped_periods"].to_list() == [0]


# --------------------------------------------------------------------------- charts

def test_topic_panels_keep_periods_with_few_articles_off_each_scale():
    import datetime as dt

    from tassanalysis.charts.topics import chart_topic_panels

    months = [dt.date(2025, m, 1) for m in (1, 2, 3, 4)]
    t = pl.DataFrame({
        "period": months * 2, "topic": ["x"] * 4 + ["y"] * 4, "label": ["X"] * 4 + ["Y"] * 4,
        "articles": [4, 5, 1, 0, 10, 12, 0, 11], "period_articles": [100, 100, 1, 0] * 2,
        "share": [0.04, 0.05, 1.0, 0.0, 0.1, 0.12, 0.0, 0.0],
        "ci_low": [0.016, 0.02, 0.21, 0.0, 0.055, 0.07, 0.0, 0.0],
        "ci_high": [0.1, 0.11, 1.0, 1.0, 0.17, 0.2, 0.79, 1.0],
        "low_count": [False, False, True, True] * 2,
        "rule": "relevant: weighted hits"})
    spec = chart_topic_panels(t).to_dict()
    rows = next(iter(spec["datasets"].values()))
    x = {r["period"][:7]: r for r in rows if r["name"] == "X"}
    # the one-article month is hollow, cut at the top of X's scale (its solid 11 %), not 100 %
    assert x["2025-03"]["share_solid"] is None and x["2025-03"]["hi"] is None
    assert x["2025-03"]["share_few"] == pytest.approx(0.11) and x["2025-03"]["share"] == 1.0
    assert x["2025-03"]["cut"] == "above the scale"
    assert x["2025-04"]["share_few"] is None  # no article: a gap
    assert max(r["hi"] or 0 for r in rows if r["name"] == "X") == pytest.approx(0.11)
    assert spec["resolve"]["scale"]["y"] == "independent"
    assert "relevant: weighted hits" in spec["title"]["subtitle"][0]


def test_the_body_must_carry_the_theme_not_only_a_title_or_a_lead_it_restates():
    topics = {"economy": ["economy"], "syria": ["syria"]}
    lead = "The presidents also talked about cooperation in many areas, including economy"
    c = _docs([
        # the lead names the theme, the body only repeats that lead sentence
        ("Presidents meet", lead, "MINSK. They met in Minsk. " + lead + ". They left."),
        # a title hit alone over a body that never carries the theme
        ("Economy aside", "", "The governor resigned on Monday and thanked his staff."),
        # the body carries it beyond the lead: counted
        ("Presidents meet", lead, "They met. " + lead + ". The economy grew by 2%."),
        # a headline without a body: the title is all there is, and it counts
        ("Syria talks resume", "", ""),
    ])
    got = ta.topic_hits(c, topics, text=["title", "lead", "body"])
    assert got.select("doc_id", "topic").rows() == [("d2", "economy"), ("d3", "syria")]
    loose = TopicRule(body_hit=False)
    assert ta.topic_hits(c, topics, text=["title", "lead", "body"], match=loose)[
        "doc_id"].to_list() == ["d0", "d1", "d2", "d3"]
    assert "1 body hit beyond the lead's" in TopicRule().describe()


def test_a_not_phrase_hides_its_term_from_its_own_topic_only(tmp_path):
    c = _docs([("Tanker wreck", "", "A fuel oil spill hit the coast. The oil spill spread."),
               ("Oil market", "", "Oil prices rose. Oil exports fell."),
               ("Talks", "", "Russia, Iran and Turkey met in Astana. Iran and Turkey agreed.")])
    topics = {"energy": {"terms": ["oil"], "not": ["oil spill"]},
              "spills": ["oil spill"],
              "middle_east": {"terms": ["iran"], "not": ["iran and turkey"]}}
    got = ta.topic_hits(c, topics, text=["title", "body"], match="any", level="token")
    assert got.select("doc_id", "topic", "hits").rows() == [
        ("d0", "spills", 2), ("d1", "energy", 3)]
    path = tmp_path / "t.yml"
    path.write_text("energy:\n  terms: [oil]\n  not: [oil spill]\n", encoding="utf-8")
    assert ta.topic_hits(c, str(path), text=["title", "body"])["doc_id"].to_list() == ["d1"]
    with pytest.raises(ta.TopicFileError, match="must hold a term of topic 'energy'"):
        ta.topic_hits(c, {"energy": {"terms": ["oil"], "not": ["gas leak"]}})
    # The default dictionary: an oil spill is not energy, the Astana guarantors not the
    # Middle East.
    default = ta.topic_hits(c, None, text=["title", "body"], match="any")
    assert not default.filter(pl.col("doc_id").is_in(["d0", "d2"]),
                              pl.col("topic").is_in(["energy", "middle_east"])).height
    # nor a forum's name the economy, nor a weapon tested in Syria the war there
    venue = _docs([("Deal signed at the Russian Investment Forum", "",
                    "Students of the New Economic School met at the Investment Forum."),
                   ("Helicopter shield upgraded on Syrian experience", "",
                    "The system will be upgraded after its performance in Syria.")])
    assert ta.topic_hits(venue, None, text=["title", "body"], match="any").filter(
        pl.col("topic").is_in(["economy", "syria"])).is_empty()
