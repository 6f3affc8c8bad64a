"""Tokens, sentences, stopwords, stems and n-grams of tassanalysis.text."""

from __future__ import annotations

import re

import polars as pl
import pytest
from nltk.stem.snowball import SnowballStemmer

from tassanalysis import text

# An independent implementation of the documented token rules with Python's re.
_L = r"[^\W\d_]"          # a letter
_B = r"[^\W_]"            # letter, digit (or mark)
_CONT = rf"(?:[-‐]{_B}+|['’](?:[^\W\d_sS]{_L}*|[sS]{_L}+))"
_PY_WORD = rf"{_L}(?:{_B}+|{_CONT}){_CONT}*"
_PY_TOKENS = re.compile(rf"(?:{_L}\.){{2,}}|{_PY_WORD}")

SAMPLES = [
    "Russia's Foreign Minister Sergey Lavrov didn't meet the U.S. envoy in St. Petersburg.",
    "Президент России Владимир Путин из-за санкций посетил Ростов-на-Дону, т.е. юг.",
    "O'Brien's e-mail: COVID-19 and the G20 summit; Su-35 jets (2017), 1,000 troops.",
    "It's a \u2018test\u2019 \u2014 dogs' bowls, rock\u2019n\u2019roll and the U.N. Security Council.",
    "",
]


def test_tokens_follow_the_documented_rules():
    got = pl.DataFrame({"t": SAMPLES}).select(text.tokens(pl.col("t"))).to_series().to_list()
    expected = [_PY_TOKENS.findall(s.lower()) for s in SAMPLES]
    assert [list(g) for g in got] == expected


def test_tokens_examples():
    got = pl.select(text.tokens(pl.lit(SAMPLES[0]))).item().to_list()
    assert got == ["russia", "foreign", "minister", "sergey", "lavrov", "didn't", "meet", "the",
                   "u.s.", "envoy", "in", "st", "petersburg"]
    ru = pl.select(text.tokens(pl.lit(SAMPLES[1]))).item().to_list()
    assert "из-за" in ru and "ростов-на-дону" in ru and "т.е." in ru


def test_numbers_option_and_case():
    s = pl.lit("In 2017 about 1,000 troops, 3.5 percent.")
    assert pl.select(text.tokens(s)).item().to_list() == ["in", "about", "troops", "percent"]
    with_numbers = pl.select(text.tokens(s, numbers=True)).item().to_list()
    assert with_numbers == ["in", "2017", "about", "1,000", "troops", "3.5", "percent"]
    assert pl.select(text.tokens(pl.lit("Moscow U.S."), lowercase=False)).item().to_list() == [
        "Moscow", "U.S."]


def test_sentences_respect_abbreviations_and_paragraphs():
    body = ("Mr. Putin met U.S. envoys in St. Petersburg. They talked for hours!\n\n"
            "Gen. Smith left? Yes… Then V. Lavrov spoke.")
    got = pl.select(text.sentences(pl.lit(body))).item().to_list()
    assert got == ["Mr. Putin met U.S. envoys in St. Petersburg.", "They talked for hours!",
                   "Gen. Smith left?", "Yes…", "Then V. Lavrov spoke."]


def test_ngrams_stay_inside_sentences():
    body = "Foreign Minister Lavrov arrived. Foreign Minister Wang\nleft 2017 Moscow talks"
    bigrams = pl.select(text.ngrams(text.sentence_tokens(pl.lit(body)), 2)).item().to_list()
    assert bigrams == ["foreign minister", "minister lavrov", "lavrov arrived",
                       "foreign minister", "minister wang", "moscow talks"]
    trigrams = pl.select(text.ngrams(text.sentence_tokens(pl.lit(body)), 3)).item().to_list()
    assert trigrams == ["foreign minister lavrov", "minister lavrov arrived",
                        "foreign minister wang"]


def test_stopwords_languages_news_and_user_words():
    en = text.stopwords("en")
    assert {"the", "and", "said", "tass", "monday", "january"} <= en
    assert "world" not in en and "world" in text.stopwords("en", news=False)
    ru = text.stopwords("ru")
    assert {"и", "в", "заявил", "тасс"} <= ru and "война" not in ru
    both = text.stopwords(("en", "ru"))
    assert en | ru <= both
    custom = text.stopwords("en", extra=["Kremlin"], keep=["said"])
    assert "kremlin" in custom and "said" not in custom
    assert text.stopwords((), news=False) == frozenset()


def test_stem_map_uses_snowball_by_script():
    words = ["sanctions", "sanctioned", "санкциями", "санкции", "moscow"]
    got = dict(text.stem_map(words).iter_rows())
    en, ru = SnowballStemmer("english"), SnowballStemmer("russian")
    assert got == {"sanctions": en.stem("sanctions"), "sanctioned": en.stem("sanctioned"),
                   "санкциями": ru.stem("санкциями"), "санкции": ru.stem("санкции"),
                   "moscow": en.stem("moscow")}


def test_surface_forms_round_trip():
    counts = pl.DataFrame({"term": ["sanctions", "sanction", "sanctioned", "talks", "talk"],
                           "count": [7, 3, 1, 2, 2]})
    forms = text.surface_forms(counts)
    table = {r["stem"]: (r["display"], r["count"]) for r in forms.iter_rows(named=True)}
    assert table[text.stem("sanctions")] == ("sanctions", 11)
    # A tie goes to the alphabetically first form.
    assert table[text.stem("talks")] == ("talk", 4)
    # Every display form stems back to its stem.
    assert all(text.stem(d) == s for s, (d, _) in table.items())


def test_nothing_needs_nltk_data():
    import nltk

    with pytest.raises(LookupError):
        nltk.data.find("tokenizers/punkt_tab")
    assert text.stem("running") == "run"


def test_replacement_characters_are_word_boundaries_never_inside_a_term():
    frame = pl.DataFrame({"b": ["Luis Guti\ufffd\ufffdrrez said the garda\ufffd\ufffd \ufffdno"]})
    tokens = frame.select(text.tokens(pl.col("b"))).item().to_list()
    assert tokens == ["luis", "guti", "rrez", "said", "the", "garda", "no"]
    assert not any("\ufffd" in t for t in tokens)


def test_no_counted_term_of_newsarticles_carries_a_replacement_character(corpora, tmp_path):
    """The excerpt, and (slow) all 3,824 NewsArticles rows: 283 distinct terms held
    U+FFFD before ingest restored known words and the tokenizer split at the rest."""
    import tassanalysis as ta
    from tassanalysis.ingest import ingest

    path = corpora / "newsarticles" / "NewsArticles.csv"
    raw = pl.read_csv(path, infer_schema=False)
    assert raw["text"].str.contains("\ufffd").sum() > 0  # the source carries them
    articles = ingest([path], None, progress=False).articles
    terms = ta.term_frequency(articles, top=None)
    assert terms.height > 1000
    assert not terms["term"].str.contains("\ufffd").any()
    if "garda" in terms["term"].to_list() or "gardaí" in terms["term"].to_list():
        assert "gardaí" in terms["term"].to_list()  # restored, not cut to "garda"
