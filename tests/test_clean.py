"""Text repair, byte decoding and duplicate merging (tassanalysis.ingest.clean)."""

from __future__ import annotations

import codecs
import re
from datetime import UTC, datetime

import polars as pl
import pytest
from conftest import is_full
from hypothesis import given, settings
from hypothesis import strategies as st

from tassanalysis.ingest.clean import (
    clean_string,
    clean_text,
    decode_bytes,
    split_dateline,
)
from tassanalysis.ingest.duplicates import dedupe
from tassanalysis.ingest.errors import PageError
from tassanalysis.schema import validate


def _clean_all(values: list[str | None], *, mangled_quotes: bool = False) -> list[str | None]:
    return pl.DataFrame({"t": values}, schema={"t": pl.String}).select(
        clean_text(pl.col("t"), mangled_quotes=mangled_quotes))["t"].to_list()


# --- cleaning ---------------------------------------------------------------

@pytest.mark.parametrize("word", ["café", "naïve", "Zürich", "it’s", "“quoted”", "a — b",
                                  "Привет", "£5", "…", "€10"])
def test_mojibake_of_utf8_read_as_cp1252_or_latin1_is_repaired(word):
    raw = word.encode("utf-8")
    as_cp1252 = "".join(
        codecs.decode(bytes([b]), "cp1252", errors="strict") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
        else chr(b) for b in raw)
    as_latin1 = raw.decode("latin-1")
    for garbled in (as_cp1252, as_latin1):
        assert garbled != word
        assert clean_string(f"x {garbled} y") == f"x {word} y"
        assert _clean_all([f"x {garbled} y"]) == [f"x {word} y"]


def test_spaces_zero_width_and_paragraphs():
    text = "\ufeff  One\u00a0two\u200b three\t\tfour \r\n\r\n\r\n  Second para \nThird\u2009para  "
    assert clean_string(text) == "One two three four\n\nSecond para\n\nThird para"


def test_nfc_composes_decomposed_letters():
    decomposed = "Cafe\u0301 Ёлка".replace("Ё", "Е\u0308")
    assert clean_string(decomposed) == "Café Ёлка"
    assert _clean_all([decomposed]) == ["Café Ёлка"]


@pytest.mark.parametrize(("raw", "fixed"), [
    ('The Senate voted on DeVos"?highly contentious', "The Senate voted on DeVos' highly contentious"),
    ('"It is hard to imagine a worse choice,"?Sen. Elizabeth Warren',
     '"It is hard to imagine a worse choice," Sen. Elizabeth Warren'),
    ('from teachers"?unions and', "from teachers' unions and"),
    ('The move "?which bypassed', "The move — which bypassed"),
    ("I don\"t think so and I\"ve seen", "I don't think so and I've seen"),
    ('killings of police."?"\ufffdUnfortunately, in', 'killings of police." "Unfortunately, in'),
    ('already."? Thousands', 'already." Thousands'),
])
def test_mangled_quotes_are_repaired(raw, fixed):
    assert clean_string(raw, mangled_quotes=True) == fixed
    assert _clean_all([raw], mangled_quotes=True) == [fixed]


@pytest.mark.parametrize("text", [
    'It shows the three "R"s of the plan and the "A"s of its ratings.',
    'He said "we"ll see" and the word "Ld" stood out.',
    'Analysts called the "d" rate "m"s worth it.',
])
def test_valid_ascii_quotes_elsewhere_are_kept(text):
    """A source not known to be mangled keeps its quotes as written."""
    assert clean_string(text) == text
    assert _clean_all([text]) == [text]


def test_only_the_newsarticles_preset_gets_the_quote_repair(tmp_path):
    from tassanalysis.ingest.tabular import read_table

    quoted = 'Traders watched the three "R"s closely, and don"t expect change.'
    plain = tmp_path / "wire.csv"
    plain.write_text("title,body,published_at\nWire,\"" + quoted.replace('"', '""')
                     + "\",1987-02-26\n")
    assert read_table(plain)[0]["body"].to_list() == [quoted]
    news = tmp_path / "NewsArticles.csv"
    news.write_text("article_id,publish_date,article_source_link,title,subtitle,text\n"
                    "1,2017/2/7,https://www.cnn.com/x,T,S,\"" + quoted.replace('"', '""')
                    + "\"\n")
    assert read_table(news)[0]["body"].to_list() == [
        "Traders watched the three \"R's closely, and don't expect change."]


@pytest.mark.parametrize(("raw", "fixed"), [
    ("Garda\ufffd\ufffd said that Sinn F\ufffd\ufffdin and Fianna F\ufffd\ufffdil",
     "Gardaí said that Sinn Féin and Fianna Fáil"),
    ("the D\ufffd\ufffdil and the T\ufffd\ufffdnaiste", "the Dáil and the Tánaiste"),
    ("GARDA\ufffd\ufffd and Beyonc\ufffd\ufffd in D\ufffd\ufffdsseldorf",
     "GARDAÍ and Beyoncé in Düsseldorf"),
    ("Ireland\ufffds team won\ufffdt go; O\ufffdNeill said", "Ireland’s team won’t go; O’Neill said"),
    # not recoverable: the character is unknown, so the replacement character stays
    ("a fee of \ufffd10m and Str\ufffd\ufffdnge", "a fee of \ufffd10m and Str\ufffd\ufffdnge"),
])
def test_letters_lost_to_replacement_characters(raw, fixed):
    assert clean_string(raw) == fixed
    assert _clean_all([raw]) == [fixed]


def test_a_real_question_mark_after_a_quote_is_kept():
    text = 'Did he say "yes"? Nobody knows.'
    assert clean_string(text) == text


def test_clean_text_keeps_nulls_and_does_not_touch_its_input():
    frame = pl.DataFrame({"t": ["ok", "  two  spaces ", None, "caf\u00c3\u00a9"]})
    before = frame.clone()
    out = frame.select(clean_text(pl.col("t")))["t"].to_list()
    assert out == ["ok", "two spaces", None, "café"]
    assert frame.equals(before)


def test_clean_text_in_lazy_and_streaming_queries():
    values = ["a\u00a0 b", None, "it\u00e2\u20ac\u2122s"] * 1000
    lazy = pl.LazyFrame({"t": values}).select(clean_text(pl.col("t")))
    expected = ["a b", None, "it’s"] * 1000
    assert lazy.collect()["t"].to_list() == expected
    assert lazy.collect(engine="streaming")["t"].to_list() == expected
    assert pl.DataFrame({"t": []}, schema={"t": pl.String}).select(clean_text(pl.col("t"))).height == 0


_ALPHABET = st.sampled_from(list('ab "?\n\r\t.,s\'') + ["\u00a0", "\u200b", "é", "e\u0301", "â€™",
                                                        "Ã©", "\ufffd", "Ð¿", "  ", "—"])


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_ALPHABET, max_size=14).map("".join), min_size=1, max_size=8))
def test_expression_and_string_versions_agree(texts):
    assert _clean_all(texts) == [clean_string(t) for t in texts]
    assert _clean_all(texts, mangled_quotes=True) == [clean_string(t, mangled_quotes=True)
                                                      for t in texts]


@settings(max_examples=200, deadline=None)
@given(st.lists(_ALPHABET, max_size=20).map("".join))
def test_cleaning_is_idempotent(text):
    once = clean_string(text)
    assert clean_string(once) == once
    once = clean_string(text, mangled_quotes=True)
    assert clean_string(once, mangled_quotes=True) == once


def test_real_newsarticles_rows_are_repaired(corpora):
    news_csv = corpora / "newsarticles" / "NewsArticles.csv"
    frame = pl.read_csv(news_csv, infer_schema=False).filter(pl.col("text").is_not_null())
    raw = frame["text"].to_list()
    cleaned = frame.select(clean_text(pl.col("text"), mangled_quotes=True))["text"].to_list()
    mangled = re.compile(r'"\?[A-Za-z]')
    assert sum(len(mangled.findall(t)) for t in raw) > (1000 if is_full(corpora) else 20)
    assert sum(len(mangled.findall(t)) for t in cleaned) == 0
    first = cleaned[0]
    assert "DeVos' highly contentious nomination" in first
    assert 'a worse choice," Sen. Elizabeth Warren' in first
    assert "teachers' unions" in first
    # the Python version gives the same text on real rows
    assert [clean_string(t, mangled_quotes=True) for t in raw[:200]] == cleaned[:200]
    assert not any("  " in t or t != t.strip() for t in cleaned)


def test_split_dateline():
    assert split_dateline("WASHINGTON/NEW YORK, June 6. /TASS/. US billionaire") == (
        "WASHINGTON/NEW YORK", "US billionaire")
    assert split_dateline("МОСКВА, 26 декабря. /ТАСС/. Президент") == ("МОСКВА", "Президент")
    assert split_dateline("MOSCOW, December 25. /TASS Correspondent Irina Skalina/. On") == (
        "MOSCOW", "On")
    assert split_dateline("Nothing to see") == (None, "Nothing to see")


# --- decoding ---------------------------------------------------------------

RUSSIAN = ("Президент России провел совещание с членами правительства. Обсуждались вопросы "
           "экономики, здравоохранения и образования.")
WESTERN = "Le café crème et la crêpe brûlée sont très appréciés à Zürich et à Genève."


def test_decode_utf8_and_boms():
    assert decode_bytes(RUSSIAN.encode("utf-8")) == (RUSSIAN, "utf-8")
    assert decode_bytes(b"\xef\xbb\xbf" + WESTERN.encode("utf-8"))[0] == WESTERN
    text, codec = decode_bytes(codecs.BOM_UTF16_LE + RUSSIAN.encode("utf-16-le"))
    assert text == RUSSIAN and codec.startswith("utf-16")


def test_decode_cyrillic_single_byte_encodings():
    assert decode_bytes(RUSSIAN.encode("cp1251")) == (RUSSIAN, "cp1251")
    assert decode_bytes(RUSSIAN.encode("koi8_r")) == (RUSSIAN, "koi8_r")


def test_decode_western_prefers_cp1252():
    text, codec = decode_bytes(WESTERN.encode("cp1252"))
    assert (text, codec) == (WESTERN, "cp1252")


def test_decode_honours_a_declared_html_charset():
    page = f'<html><head><meta charset="windows-1251"></head><body>{RUSSIAN}</body></html>'
    text, codec = decode_bytes(page.encode("cp1251"))
    assert codec == "cp1251" and RUSSIAN in text


@pytest.mark.parametrize("data", [b"PK\x03\x04\x00\x00binary", bytes(range(1, 32)) * 20])
def test_decode_rejects_binary(data):
    with pytest.raises(PageError) as err:
        decode_bytes(data)
    assert err.value.reason == "undecodable"


# --- duplicates -------------------------------------------------------------

WORDS = ("the minister said talks with partners would continue next week while experts "
         "warned that prices for energy and food could rise further in the coming months "
         "as the government prepares new measures to support families and small businesses "
         "across the regions affected by the floods and the economic slowdown").split()


def _article(seed: int, n: int = 220) -> str:
    # a deterministic pseudo-random text: different seeds give different word orders
    out, x = [], seed * 7919 + 17
    for _ in range(n):
        x = (x * 1103515245 + 12345) % (2**31)
        out.append(WORDS[x % len(WORDS)])
    sentences = [" ".join(out[i:i + 20]).capitalize() + "." for i in range(0, n, 20)]
    return "\n\n".join(" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3))


def _frame(rows: list[dict]) -> pl.DataFrame:
    base = {"doc_id": "x", "source": "example.org", "url": None, "title": None, "lead": None,
            "body": "", "section": None, "published_at": None, "date_source": "table",
            "dateline": None, "tags": [], "persons": [], "related": [], "language": "en",
            "origin": "o", "merged": 0}
    full = [{**base, "doc_id": f"d{i}", "origin": f"o:{i}", **r} for i, r in enumerate(rows)]
    return validate(pl.DataFrame(full), cast=True)


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + 5]) for i in range(len(words) - 4)}


def _jaccard(a: str, b: str) -> float:
    sa, sb = _shingles(a), _shingles(b)
    return len(sa & sb) / len(sa | sb)


def test_exact_duplicates_by_url_and_by_text():
    day = datetime(2024, 5, 1, tzinfo=UTC)
    frame = _frame([
        {"url": "https://www.example.org/world/1/", "title": "A", "body": _article(1),
         "published_at": day},
        {"url": "http://example.org/world/1#top", "title": "A", "body": _article(1)[:300]},
        {"url": "https://example.org/world/2", "title": "B", "body": _article(2)},
        {"url": "https://mirror.example.net/b", "title": "B!", "body": _article(2).upper()},
        {"url": None, "title": "C", "body": "Short note.", "merged": 2},
        {"url": None, "title": "C", "body": "Short  note!", "merged": 1},
    ])
    out, counts = dedupe(frame)
    assert counts == {"exact": 3, "near": 0}
    assert out.height == 3
    by_title = {r["title"]: r for r in out.iter_rows(named=True)}
    assert by_title["A"]["body"] == _article(1)  # the longer body wins
    assert by_title["A"]["merged"] == 1
    assert by_title["B"]["merged"] == 1
    assert by_title["C"]["merged"] == 2 + 1 + 1  # sum of merged plus one merged row
    validate(out)


def test_rescrape_with_an_updated_paragraph_is_merged():
    original = _article(3, 400)
    updated = original + "\n\nUPDATE: officials later confirmed the figures in a statement."
    assert _jaccard(original, updated) >= 0.85
    early, late = datetime(2024, 5, 1, 9, tzinfo=UTC), datetime(2024, 5, 1, 15, tzinfo=UTC)
    frame = _frame([
        {"url": "https://example.org/a?id=1", "title": "Talks", "body": original, "published_at": early},
        {"url": "https://example.org/a?id=1&v=2", "title": "Talks (updated)", "body": updated,
         "published_at": late},
        {"url": "https://example.org/other", "title": "Other", "body": _article(4, 400)},
    ])
    out, counts = dedupe(frame)
    assert counts == {"exact": 0, "near": 1}
    kept = out.filter(pl.col("title").str.starts_with("Talks")).row(0, named=True)
    assert kept["body"] == updated and kept["merged"] == 1 and kept["published_at"] == late


def test_different_articles_on_the_same_topic_are_not_merged():
    shared = _article(5, 120)
    one = shared + "\n\n" + _article(6, 200)
    two = shared + "\n\n" + _article(7, 200)
    assert _jaccard(one, two) < 0.85
    frame = _frame([{"url": "https://example.org/1", "title": "One", "body": one},
                    {"url": "https://example.org/2", "title": "Two", "body": two}])
    out, counts = dedupe(frame)
    assert counts == {"exact": 0, "near": 0}
    assert out.equals(frame)


def test_short_snippets_are_merged_only_when_exactly_equal():
    snippet = "The Russian Defense Ministry said on Tuesday that air defenses"
    frame = _frame([{"url": f"https://tass.com/defense/{i}", "title": f"Headline {i}",
                     "body": snippet} for i in range(5)])
    out, counts = dedupe(frame)
    assert counts == {"exact": 0, "near": 0} and out.height == 5


def test_dedupe_is_idempotent_and_keeps_first_appearance_order():
    rows = []
    for i in range(40):
        body = _article(100 + i, 300)
        rows.append({"url": f"https://example.org/{i}", "title": f"T{i}", "body": body})
        if i % 5 == 0:
            rows.append({"url": f"https://example.org/{i}/", "title": f"T{i}", "body": body})
        if i % 7 == 0:
            rows.append({"url": f"https://example.org/{i}?v=2", "title": f"T{i}",
                         "body": body + "\n\nOne more sentence was added later on."})
    frame = _frame(rows)
    once, counts = dedupe(frame)
    assert once.height == 40
    assert counts["exact"] == 8 and counts["near"] == 6
    assert once["title"].to_list() == [f"T{i}" for i in range(40)]
    twice, again = dedupe(once)
    assert again == {"exact": 0, "near": 0}
    assert twice.equals(once)
    assert once["merged"].sum() == frame.height - once.height


def test_dedupe_of_tiny_frames():
    frame = _frame([{"url": None, "title": "Only", "body": "one"}])
    out, counts = dedupe(frame)
    assert out.equals(frame) and counts == {"exact": 0, "near": 0}
    empty = frame.head(0)
    out, counts = dedupe(empty)
    assert out.height == 0 and counts == {"exact": 0, "near": 0}


def test_mangled_quote_runs_clean_in_one_pass():
    # found by the idempotence property: a run of replacement characters and "?"
    once = clean_string('"\ufffd?\ufffd', mangled_quotes=True)
    assert once == '"' and clean_string(once) == once
