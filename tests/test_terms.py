"""Term frequency, TF-IDF, keyness, collocations and KWIC against independent computations."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from nltk.collocations import BigramCollocationFinder
from nltk.metrics.association import BigramAssocMeasures
from nltk.stem.snowball import SnowballStemmer
from scipy.stats import chi2_contingency

from tassanalysis import terms
from tassanalysis import text as tx
from tassanalysis.schema import validate

UTC = dt.UTC

BODIES = [
    ("tass.com", dt.datetime(2017, 1, 3, 9, tzinfo=UTC),
     "Russian Foreign Minister Sergey Lavrov met the U.S. envoy in Moscow. "
     "Lavrov said Moscow and Washington will continue talks.\n\nThe Kremlin welcomed the talks."),
    ("tass.com", dt.datetime(2017, 1, 20, 9, tzinfo=UTC),
     "Putin's spokesman Peskov said the Kremlin sees no sanctions talks. Moscow sanctions, "
     "Russian sanctions and Russia's economy."),
    ("bbc.com", dt.datetime(2017, 1, 25, 9, tzinfo=UTC),
     "The prime minister told Parliament in London that Brexit talks will start. "
     "London markets rose. Brexit, Brexit and again Brexit."),
    ("bbc.com", dt.datetime(2017, 3, 2, 9, tzinfo=UTC),
     "Foreign Minister Lavrov of Russia and the British foreign minister met in London. "
     "Sanctions were on the agenda; the foreign minister said sanctions stay."),
    ("cnn.com", dt.datetime(2017, 3, 30, 9, tzinfo=UTC),
     "Washington officials said the U.S. sanctions on Russia remain. The president's talks "
     "with Moscow stalled. Foreign minister Lavrov said so too."),
    ("cnn.com", dt.datetime(2017, 4, 2, 9, tzinfo=UTC),
     "London and Washington: talks, talks and more talks about trade and sanctions."),
]


@pytest.fixture(scope="module")
def corpus() -> pl.DataFrame:
    frame = pl.DataFrame({
        "doc_id": [f"d{i}" for i in range(len(BODIES))],
        "source": [b[0] for b in BODIES],
        "published_at": pl.Series([b[1] for b in BODIES], dtype=pl.Datetime("us", "UTC")),
        "body": [b[2] for b in BODIES],
        "title": [f"Title {i}" for i in range(len(BODIES))],
        "date_source": "page", "language": "en", "origin": "test",
    })
    return validate(frame, cast=True)


def _py_tokens(corpus: pl.DataFrame, column: str = "body") -> list[list[str]]:
    return corpus.select(tx.tokens(pl.col(column))).to_series().to_list()


def _month(ts: dt.datetime) -> dt.date:
    return dt.date(ts.year, ts.month, 1)


# --------------------------------------------------------------------------- term frequency

def test_counts_equal_a_counter_per_source_and_month(corpus):
    stop = tx.stopwords("en")
    counts, docs, totals = Counter(), defaultdict(set), Counter()
    for (source, ts, _), toks, doc in zip(BODIES, _py_tokens(corpus), range(len(BODIES)),
                                          strict=True):
        key = (source, _month(ts))
        totals[key] += len(toks)
        for t in toks:
            if t not in stop:
                counts[key + (t,)] += 1
                docs[key + (t,)].add(doc)
    got = terms.term_frequency(corpus, by="source", period="month", top=None)
    got = got.filter(pl.col("count") > 0)
    table = {(r["source"], r["period"], r["term"]): r for r in got.iter_rows(named=True)}
    assert set(table) == set(counts)
    for key, n in counts.items():
        row = table[key]
        assert row["count"] == n
        assert row["doc_count"] == len(docs[key])
        assert row["tokens"] == totals[key[:2]]
        assert row["rate_per_10k"] == pytest.approx(n / totals[key[:2]] * 10_000)


def test_top_and_rank(corpus):
    stop = tx.stopwords("en")
    overall = Counter(t for toks in _py_tokens(corpus) for t in toks if t not in stop)
    expected = sorted(overall.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    got = terms.term_frequency(corpus, top=5)
    assert list(zip(got["term"], got["count"], strict=True)) == expected
    assert got["rank"].to_list() == [1, 2, 3, 4, 5]


def test_text_columns_and_min_count(corpus):
    got = terms.term_frequency(corpus, text=["title", "body"], top=None, stopwords=None)
    toks = corpus.select(tx.tokens(pl.concat_str("title", "body", separator="\n\n"))
                         ).to_series().to_list()
    assert dict(zip(got["term"], got["count"], strict=True)) == Counter(
        t for ts in toks for t in ts)
    frequent = terms.term_frequency(corpus, top=None, min_count=4)
    assert frequent["count"].min() >= 4


def test_empty_periods_are_zeros(corpus):
    got = terms.term_frequency(corpus, period="month", top=2)
    months = sorted(set(got["period"].to_list()))
    assert months == [dt.date(2017, m, 1) for m in (1, 2, 3, 4)]
    feb = got.filter(pl.col("period") == dt.date(2017, 2, 1))
    assert feb.height == got["term"].n_unique()
    assert feb["count"].to_list() == [0] * feb.height
    assert feb["rate_per_10k"].to_list() == [0.0] * feb.height
    assert feb["rank"].null_count() == feb.height
    # Every (term, period) pair is present exactly once.
    assert got.group_by("term").len()["len"].to_list() == [4] * got["term"].n_unique()


def test_weeks_quarters_years(corpus):
    for period, n in (("week", None), ("quarter", 2), ("year", 1)):
        got = terms.term_frequency(corpus, period=period, top=1, stopwords="en")
        if n:
            assert got["period"].n_unique() == n
        assert got["count"].sum() > 0


def test_bigrams_equal_a_python_reference(corpus):
    stop = tx.stopwords("en")
    expected = Counter()
    for toks in corpus.select(tx.sentence_tokens(pl.col("body"))).to_series().to_list():
        sentence: list[str] = []
        for tok in [*toks, "."]:
            if tok[0].isalpha():
                sentence.append(tok)
                continue
            for a, b in zip(sentence, sentence[1:], strict=False):
                if a not in stop and b not in stop:
                    expected[f"{a} {b}"] += 1
            sentence = []
    got = terms.term_frequency(corpus, ngram=2, top=None)
    assert dict(zip(got["term"], got["count"], strict=True)) == expected
    assert "foreign minister" in expected and "lavrov met" in expected
    assert "moscow lavrov" not in expected  # would cross a sentence


def test_stemmed_counts_and_display_forms(corpus):
    stop = tx.stopwords("en")
    stemmer = SnowballStemmer("english")
    surface = Counter(t for toks in _py_tokens(corpus) for t in toks if t not in stop)
    by_stem = Counter()
    forms = defaultdict(Counter)
    for t, n in surface.items():
        by_stem[stemmer.stem(t)] += n
        forms[stemmer.stem(t)][t] += n
    got = terms.term_frequency(corpus, stem=True, top=None)
    assert dict(zip(got["stem"], got["count"], strict=True)) == by_stem
    for row in got.iter_rows(named=True):
        best = sorted(forms[row["stem"]].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        assert row["term"] == best


def test_batches_give_the_same_numbers(corpus, monkeypatch):
    single = terms.term_frequency(corpus, by="source", period="month", top=None)
    monkeypatch.setattr(terms.counting, "_BATCH_ROWS", 2)
    batched = terms.term_frequency(corpus, by="source", period="month", top=None)
    assert batched.equals(single)


def test_tf_idf_matches_hand_computation(corpus):
    got = terms.tf_idf(corpus, by="source", top=None, min_count=1)
    stop = tx.stopwords("en")
    per = defaultdict(Counter)
    size = Counter()
    for (source, _, _), toks in zip(BODIES, _py_tokens(corpus), strict=True):
        size[source] += len(toks)
        per[source].update(t for t in toks if t not in stop)
    for row in got.iter_rows(named=True):
        g = sum(1 for s in per if row["term"] in per[s])
        idf = math.log10(len(per) / g)  # quanteda: dfm_tfidf(dfm_group(x)), no smoothing
        tf = per[row["source"]][row["term"]] / size[row["source"]]
        assert row["tf_idf"] == pytest.approx(tf * idf * 10_000)


# --------------------------------------------------------------------------- keyness

def _scipy_stats(a, b, n1, n2):
    table = np.array([[a, b], [n1 - a, n2 - b]], dtype=float)
    chi2, chi2_p, _, _ = chi2_contingency(table, correction=False)
    g2, g2_p, _, _ = chi2_contingency(table, correction=False, lambda_="log-likelihood")
    return chi2, chi2_p, g2, g2_p


def test_keyness_equals_scipy(corpus):
    got = terms.keyness(corpus, target={"source": "tass.com"}, min_count=2)
    stop = tx.stopwords("en")
    target, reference = Counter(), Counter()
    n1 = n2 = 0
    for (source, _, _), toks in zip(BODIES, _py_tokens(corpus), strict=True):
        if source == "tass.com":
            n1 += len(toks)
            target.update(t for t in toks if t not in stop)
        else:
            n2 += len(toks)
            reference.update(t for t in toks if t not in stop)
    expected_terms = {t for t in target | reference if target[t] + reference[t] >= 2}
    assert set(got["term"]) == expected_terms
    for row in got.iter_rows(named=True):
        a, b = target[row["term"]], reference[row["term"]]
        assert (row["count_target"], row["count_reference"]) == (a, b)
        chi2, chi2_p, g2, g2_p = _scipy_stats(a, b, n1, n2)
        assert row["chi2"] == pytest.approx(chi2, rel=1e-9)
        assert row["chi2_p"] == pytest.approx(chi2_p, rel=1e-9)
        assert row["g2"] == pytest.approx(g2, rel=1e-9)
        assert row["g2_p"] == pytest.approx(g2_p, rel=1e-9)
        small = 0.5 / max(n1, n2) if 0 in (a, b) else 0.0
        lr = math.log2((a / n1 + small) / (b / n2 + small))
        assert (lr > 0) == (row["direction"] == "over") or lr == 0
        assert row["log_ratio"] == pytest.approx(lr)
        assert row["direction"] == ("over" if a / n1 >= b / n2 else "under")
        assert row["rate_target"] == pytest.approx(a / n1 * 10_000)
    signed = [g if d == "over" else -g for g, d in zip(got["g2"], got["direction"], strict=True)]
    assert signed == sorted(signed, reverse=True)
    assert got.filter(direction="over")["term"][0] in {"kremlin", "moscow", "sanctions"}


def test_keyness_target_forms_agree(corpus):
    by_dict = terms.keyness(corpus, target={"source": "tass.com"}, min_count=1)
    by_expr = terms.keyness(corpus, target=pl.col("source") == "tass.com", min_count=1)
    rest = corpus.filter(pl.col("source") != "tass.com")
    by_frames = terms.keyness(corpus, target={"source": "tass.com"}, reference=rest, min_count=1)
    both_frames = terms.keyness(corpus, target=corpus.filter(pl.col("source") == "tass.com"),
                                reference=rest, min_count=1)
    assert by_expr.equals(by_dict)
    assert by_frames.equals(by_dict)
    assert both_frames.equals(by_dict)
    by_period = terms.keyness(corpus, target="2017-01", min_count=1)
    by_range = terms.keyness(corpus, target="2017-01..2017-01", reference="2017-02..2017-04",
                             min_count=1)
    assert by_period.equals(by_range)
    listed = terms.keyness(corpus, target={"source": ["tass.com"]}, min_count=1)
    assert listed.equals(by_dict)
    top = terms.keyness(corpus, target={"source": "tass.com"}, min_count=1, top=3)
    assert top.group_by("direction").len()["len"].max() <= 3


def test_each_vs_rest_equals_keyness(corpus):
    each = terms.each_vs_rest(corpus, by="source", min_count=1, top=None)
    for source in ("tass.com", "bbc.com", "cnn.com"):
        one = terms.keyness(corpus, target={"source": source}, min_count=1)
        mine = each.filter(pl.col("source") == source).drop("source")
        assert mine.equals(one)


# --------------------------------------------------------------------------- collocations

MEASURES = ["pmi", "likelihood_ratio", "student_t", "chi_sq", "phi_sq", "dice", "jaccard",
            "raw_freq", "poisson_stirling", "mi_like"]


@pytest.mark.parametrize("window", [2, 3, 5])
def test_collocation_scores_equal_nltk(corpus, window):
    stop = tx.stopwords("en")
    docs = _py_tokens(corpus)
    # Per-document windows: NLTK's own padding between documents.
    words = list(BigramCollocationFinder._build_new_documents(docs, window, pad_right=True))
    for measure in MEASURES:
        finder = BigramCollocationFinder.from_words(words, window_size=window)
        finder.apply_word_filter(lambda w: w in stop)
        finder.apply_freq_filter(2)
        expected = dict(finder.score_ngrams(getattr(BigramAssocMeasures, measure)))
        got = terms.collocations(corpus, measure=measure, window=window, min_count=2, top=None)
        scores = {(r["w1"], r["w2"]): r["score"] for r in got.iter_rows(named=True)}
        assert set(scores) == set(expected), measure
        for pair, value in expected.items():
            assert scores[pair] == pytest.approx(value, rel=1e-9, abs=1e-12), (measure, pair)
        for r in got.iter_rows(named=True):
            assert r["count"] == finder.ngram_fd[(r["w1"], r["w2"])]
            assert r["count_w1"] == finder.word_fd[r["w1"]]


def test_collocations_never_cross_documents():
    frame = pl.DataFrame({"body": ["alpha beta", "gamma delta", "alpha beta"]})
    got = terms.collocations(frame, min_count=1, stopwords=None, top=None)
    assert set(zip(got["w1"], got["w2"], strict=True)) == {("alpha", "beta"), ("gamma", "delta")}
    npmi = terms.collocations(frame, measure="npmi", min_count=1, stopwords=None)
    assert npmi["score"].max() <= 1.0 + 1e-12


# --------------------------------------------------------------------------- KWIC

def test_kwic_lines_are_exact(corpus):
    got = terms.kwic(corpus, "foreign minister", window=3)
    rows = got.select("doc_id", "left", "match", "right").rows()
    assert rows == [
        ("d0", "Russian", "Foreign Minister", "Sergey Lavrov met"),
        ("d3", "", "Foreign Minister", "Lavrov of Russia"),
        ("d3", "and the British", "foreign minister", "met in London."),
        ("d3", "the agenda; the", "foreign minister", "said sanctions stay."),
        ("d4", "with Moscow stalled.", "Foreign minister", "Lavrov said so"),
    ]
    assert got["position"].to_list() == [1, 0, 8, 19, 15]


def test_kwic_possessives_case_regex_and_sorting(corpus):
    russia = terms.kwic(corpus, "Russia", window=1)
    assert russia["match"].to_list() == ["Russia's", "Russia", "Russia"]
    assert terms.kwic(corpus, "russia", case=True).height == 0
    regex = terms.kwic(corpus, r"^sanction", regex=True, window=0)
    assert sorted(set(regex["match"].to_list())) == ["Sanctions", "sanctions", "sanctions,",
                                                     "sanctions."]
    by_right = terms.kwic(corpus, "talks", window=2, sort="right")
    assert by_right["right"].to_list() == sorted(by_right["right"].to_list(), key=str.lower)
    by_left = terms.kwic(corpus, "talks", window=2, sort="left")
    last_left = [s.split(" ")[-1].lower() if s else "" for s in by_left["left"].to_list()]
    assert last_left == sorted(last_left)
    assert terms.kwic(corpus, "talks", limit=2).height == 2


# --------------------------------------------------------------------------- lazy == eager

def test_lazy_parquet_dataset_equals_eager(corpus, tmp_path: Path, monkeypatch):
    # Small chunks and batches, so that the merging of partial counts is exercised.
    monkeypatch.setattr(terms.counting, "_LAZY_CHUNK_ROWS", 2)
    monkeypatch.setattr(terms.counting, "_BATCH_ROWS", 1)
    for i in range(3):
        corpus.slice(2 * i, 2).write_parquet(tmp_path / f"part-{i}.parquet")
    lazy = pl.scan_parquet(tmp_path / "*.parquet")
    assert terms.term_frequency(lazy, by="source", period="month", top=None).equals(
        terms.term_frequency(corpus, by="source", period="month", top=None))
    assert terms.term_frequency(lazy, ngram=2, top=None, stem=True).equals(
        terms.term_frequency(corpus, ngram=2, top=None, stem=True))
    assert terms.keyness(lazy, target={"source": "tass.com"}, min_count=1).equals(
        terms.keyness(corpus, target={"source": "tass.com"}, min_count=1))
    assert terms.each_vs_rest(lazy, min_count=1).equals(terms.each_vs_rest(corpus, min_count=1))
    assert terms.collocations(lazy, min_count=1, window=3).equals(
        terms.collocations(corpus, min_count=1, window=3))
    assert terms.kwic(lazy, "talks").equals(terms.kwic(corpus, "talks"))
    assert terms.tf_idf(lazy, period="month", min_count=1).equals(
        terms.tf_idf(corpus, period="month", min_count=1))


# --------------------------------------------------------------------------- real data

def test_tass_keyness_on_real_articles():
    """The shipped NewsArticles sample, through the real table loader."""
    from tassanalysis.ingest.tabular import read_table

    path = Path(__file__).resolve().parents[1] / "data" / "sample" / "newsarticles.parquet"
    articles, _rejects = read_table(path)
    assert "tass.com" in set(articles["source"].to_list())
    got = terms.keyness(articles, target={"source": "tass.com"}, min_count=10, top=20)
    over = got.filter(direction="over")
    print("\nTASS vs other outlets, top 20 over-used terms:")
    for row in over.iter_rows(named=True):
        print(f"  {row['term']:<16} {row['count_target']:>6} {row['count_reference']:>6} "
              f"G2={row['g2']:9.1f} LR={row['log_ratio']:5.2f}")
    top = set(over["term"].to_list())
    assert len(top & {"russian", "russia", "moscow", "putin", "lavrov"}) >= 3
    assert (over["g2_p"] < 1e-6).all()


def test_stemmed_bigrams_stem_each_word(corpus):
    stemmer = SnowballStemmer("english")
    plain = terms.term_frequency(corpus, ngram=2, top=None)
    stemmed = terms.term_frequency(corpus, ngram=2, top=None, stem=True)
    expected = Counter()
    for term, n in zip(plain["term"], plain["count"], strict=True):
        expected[" ".join(stemmer.stem(w) for w in term.split(" "))] += n
    assert dict(zip(stemmed["stem"], stemmed["count"], strict=True)) == expected
    assert set(stemmed["term"]) <= set(plain["term"])


def test_empty_corpus_gives_empty_frames_with_columns():
    from tassanalysis.schema import empty_corpus

    empty = empty_corpus()
    assert terms.term_frequency(empty, by="source", period="month").columns == [
        "source", "period", "term", "count", "doc_count", "tokens", "docs", "rate_per_10k",
        "rank"]
    assert terms.term_frequency(empty.lazy()).height == 0
    assert terms.keyness(empty, target={"source": "x"}).height == 0
    assert terms.each_vs_rest(empty).columns[:2] == ["source", "term"]
    assert terms.collocations(empty).columns == ["w1", "w2", "count", "count_w1", "count_w2",
                                                 "score"]
    assert terms.kwic(empty, "moscow").height == 0


def test_kwic_one_letter_words(corpus):
    frame = corpus.head(1).with_columns(body=pl.lit("Plan B. I said: a plan B works"))
    got = terms.kwic(frame, "b", window=1)
    assert got.select("left", "match", "right").rows() == [("Plan", "B.", "I"),
                                                          ("plan", "B", "works")]


def test_keyness_leaves_rows_with_an_unknown_target_out_of_the_reference():
    frame = validate(pl.DataFrame({
        "doc_id": ["a", "b", "c"], "source": ["x"] * 3,
        "body": ["alpha alpha beta", "gamma gamma beta", "zeta zeta zeta zeta zeta"],
        "published_at": [dt.datetime(2017, 3, 1, tzinfo=dt.UTC),
                         dt.datetime(2017, 1, 1, tzinfo=dt.UTC), None],
        "date_source": ["page"] * 3, "language": ["en"] * 3, "origin": ["o"] * 3,
    }), cast=True)
    got = terms.keyness(frame, target=pl.col("published_at") >= dt.datetime(
        2017, 2, 1, tzinfo=dt.UTC), stopwords=None, min_count=1)
    assert "zeta" not in got["term"].to_list()
    beta = got.filter(pl.col("term") == "beta").row(0, named=True)
    assert (beta["count_target"], beta["count_reference"]) == (1, 1)
