"""Per-source boilerplate learned over a corpus: strip_source_boilerplate."""

from __future__ import annotations

import random
from pathlib import Path

import polars as pl
import pytest

from tassanalysis.ingest.boilerplate import strip_source_boilerplate

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "newsarticles.parquet"

_SYLLABLES = ["ka", "lo", "mi", "ra", "tu", "ve", "no", "si", "pe", "da", "gu", "ze", "bo", "ri"]


def _vocabulary(rng: random.Random, size: int = 2000) -> list[str]:
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def _sentence(rng: random.Random, vocab: list[str]) -> str:
    words = [rng.choice(vocab) for _ in range(rng.randint(8, 16))]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, vocab: list[str], sentences: int) -> str:
    return " ".join(_sentence(rng, vocab) for _ in range(sentences))


SHARE = "Send Facebook Twitter Google+ Whatsapp Tumblr linkedin Digg reddit Permalink http://ex.org/p/{code}"
EDITION = "(Example Weekly {month:02d}/{day:02d}/2017 page{page})"
NOTICE = "The views expressed here are the author's own and not the newspaper's."


def _corpus(seed: int = 3, n: int = 200) -> tuple[pl.DataFrame, pl.DataFrame, dict[str, int]]:
    """Synthetic articles: (with chrome, without chrome, planted counts).

    Source ``ex.org`` gets a share-button run between two sentences in 30% of
    its articles (with a different short link each time), an edition line with
    varying date and page at the end of 20%, and a notice paragraph at the
    start of 10%. Source ``small.org`` has chrome in every article but only
    ten articles.
    """
    rng = random.Random(seed)
    vocab = _vocabulary(rng)
    dirty, clean, planted = [], [], {"share": 0, "edition": 0, "notice": 0}
    for i in range(n):
        first = _paragraph(rng, vocab, rng.randint(2, 5))
        second = _paragraph(rng, vocab, rng.randint(2, 5))
        code = "".join(rng.choice("abcdefXYZ0123456789") for _ in range(5))
        parts_dirty, parts_clean = [], []
        if i % 10 == 0:
            parts_dirty.append(NOTICE)
            planted["notice"] += 1
        if i % 10 in (1, 2, 3):
            parts_dirty.append(first + " " + SHARE.format(code=code) + " " + second)
            planted["share"] += 1
        else:
            parts_dirty.append(first + " " + second)
        parts_clean.append(first + " " + second)
        if i % 5 == 4:
            parts_dirty[-1] += " " + EDITION.format(month=rng.randint(1, 12), day=rng.randint(1, 28),
                                                    page=rng.randint(1, 40))
            planted["edition"] += 1
        dirty.append("\n\n".join(parts_dirty))
        clean.append("\n\n".join(parts_clean))
    small_dirty = [_paragraph(rng, vocab, 3) + " " + SHARE.format(code=f"s{i}") for i in range(10)]
    frame = pl.DataFrame({
        "doc_id": [f"d{i}" for i in range(n + 10)],
        "source": ["ex.org"] * n + ["small.org"] * 10,
        "body": dirty + small_dirty,
        "lead": [None] * (n + 10),
    }, schema={"doc_id": pl.String, "source": pl.String, "body": pl.String, "lead": pl.String})
    expected = frame.with_columns(pl.Series("body", clean + small_dirty))
    return frame, expected, planted


def test_planted_chrome_is_removed_and_nothing_else():
    frame, expected, planted = _corpus()
    cleaned, profile = strip_source_boilerplate(frame)
    assert cleaned.columns == frame.columns
    assert cleaned["doc_id"].to_list() == frame["doc_id"].to_list()
    assert cleaned["body"].to_list() == expected["body"].to_list()
    # the profile names each planted fragment with the number of articles it was removed from
    assert set(profile["source"]) == {"ex.org"}
    by_kind = {"share": 0, "edition": 0, "notice": 0}
    for row in profile.iter_rows(named=True):
        kind = ("share" if "Permalink" in row["fragment"] else
                "edition" if "Example Weekly" in row["fragment"] else
                "notice" if row["fragment"] == NOTICE else "other")
        assert kind != "other", row
        by_kind[kind] += row["docs"]
        assert row["share"] == pytest.approx(row["docs"] / 200)
    assert by_kind == planted


def test_rare_chrome_and_small_sources_stay():
    frame, _expected, _planted = _corpus()
    # the share-button run is in 30% of ex.org's articles: a 40% bar keeps it
    cleaned, profile = strip_source_boilerplate(frame, min_share=0.4)
    assert cleaned["body"].to_list() == frame["body"].to_list()
    assert profile.height == 0
    # small.org has the run in all of its ten articles, but fewer than min_docs
    cleaned, _ = strip_source_boilerplate(frame, min_docs=11)
    small = frame["source"] == "small.org"
    assert cleaned.filter(small)["body"].to_list() == frame.filter(small)["body"].to_list()
    cleaned, profile = strip_source_boilerplate(frame, min_docs=10)
    assert not cleaned.filter(small)["body"].str.contains("Permalink").any()
    assert profile.filter(pl.col("source") == "small.org")["docs"].sum() == 10


def test_datelines_phrases_and_quotes_inside_sentences_stay():
    rng = random.Random(5)
    vocab = _vocabulary(rng)
    bodies = []
    for i in range(100):
        text = _paragraph(rng, vocab, 3)
        if i % 2 == 0:  # a name that recurs inside sentences
            text += f" {vocab[i]} the Islamic State of Iraq and the Levant {vocab[i + 1]} said."
        if i % 3 == 0:  # a quote many stories repeat
            text += ' "We will never give up on our people and our land," he said.'
        bodies.append(f"MOSCOW, February {1 + i % 3}. /TASS/. {text}")
    frame = pl.DataFrame({"source": ["tass.com"] * 100, "body": bodies})
    cleaned, profile = strip_source_boilerplate(frame)
    assert cleaned["body"].to_list() == bodies
    assert profile.height == 0


def test_articles_that_are_mostly_the_repeated_text_stay():
    rng = random.Random(7)
    vocab = _vocabulary(rng)
    bodies = [_paragraph(rng, vocab, 4) + " " + NOTICE for _ in range(40)]
    bodies += [f"{vocab[i].capitalize()} live. {NOTICE}" for i in range(10)]
    frame = pl.DataFrame({"source": ["ex.org"] * 50, "body": bodies})
    cleaned, profile = strip_source_boilerplate(frame)
    assert cleaned["body"].to_list()[:40] == [b[: -len(NOTICE) - 1] for b in bodies[:40]]
    assert cleaned["body"].to_list()[40:] == bodies[40:]
    assert profile["docs"].to_list() == [40]


def test_paragraph_chrome_and_leads():
    rng = random.Random(11)
    vocab = _vocabulary(rng)
    firsts = [_paragraph(rng, vocab, 2) for _ in range(60)]
    lasts = [_paragraph(rng, vocab, 2) for _ in range(60)]
    pitch = "Sign up for our newsletter and get the best stories every morning. Learn more"
    bodies = [f"{a}\n\n{pitch}\n\n{b}" if i % 4 == 0 else f"{a}\n\n{b}"
              for i, (a, b) in enumerate(zip(firsts, lasts, strict=True))]
    leads = [f"Photo: {vocab[i]} / Example Agency. " + _sentence(rng, vocab) if i % 2 else
             _sentence(rng, vocab) for i in range(60)]
    frame = pl.DataFrame({"source": ["ex.org"] * 60, "body": bodies, "lead": leads})
    cleaned, profile = strip_source_boilerplate(frame)
    assert cleaned["body"].to_list() == [f"{a}\n\n{b}" for a, b in zip(firsts, lasts, strict=True)]
    # leads are learned on their own; the credit varies in its name, so only its
    # constant part could repeat, and it is shorter than a shingle: leads stay
    assert cleaned["lead"].to_list() == leads
    assert profile.select("column", "fragment", "docs").rows() == [("body", pitch, 15)]
    # the same pitch at the end of the leads is removed from them
    frame = frame.with_columns(
        pl.when(pl.int_range(pl.len()) % 3 == 0).then(pl.col("lead") + " " + pitch)
        .otherwise(pl.col("lead")).alias("lead"))
    cleaned, profile = strip_source_boilerplate(frame, columns=("lead",))
    # a lead the pitch would take more than half of stays as it is
    dirty = frame["lead"].to_list()
    expected = [d if len(pitch) + 1 > 0.5 * len(d) else clean for d, clean in zip(dirty, leads,
                                                                                 strict=True)]
    assert sum(e != d for e, d in zip(expected, dirty, strict=True)) >= 10
    assert cleaned["lead"].to_list() == expected
    assert cleaned["body"].to_list() == bodies
    assert profile.select("column", "docs").rows() == [
        ("lead", sum(e != d for e, d in zip(expected, dirty, strict=True)))]


def test_empty_and_null_texts():
    frame = pl.DataFrame({"source": ["a"] * 30, "body": [None, ""] * 15}, schema={
        "source": pl.String, "body": pl.String})
    cleaned, profile = strip_source_boilerplate(frame)
    assert cleaned["body"].to_list() == frame["body"].to_list()
    assert profile.columns == ["source", "column", "fragment", "docs", "share"]
    assert profile.height == 0


def _words_are_a_subsequence(short: str, long: str) -> bool:
    it = iter(long.split())
    return all(word in it for word in short.split())


def test_real_sample():
    if not SAMPLE.exists():
        pytest.skip("data/sample/newsarticles.parquet not found")
    from tassanalysis.ingest.tabular import read_table

    articles, _ = read_table(SAMPLE)
    cleaned, profile = strip_source_boilerplate(articles)
    before, after = articles["body"], cleaned["body"]
    changed = (before != after).to_list()
    # the cleaned text is the original with spans removed
    for old, new in zip(before.filter(pl.Series(changed)), after.filter(pl.Series(changed)),
                        strict=True):
        assert _words_are_a_subsequence(new, old)
        assert len(new) >= 0.5 * len(old)
    # every removed fragment is text of that source
    for row in profile.iter_rows(named=True):
        source_bodies = articles.filter(pl.col("source") == row["source"])["body"]
        assert source_bodies.str.contains(row["fragment"], literal=True).any()
    # the share buttons of dw.com and the edition line of China Daily are (almost) gone
    for source, chrome in [("dw.com", "Newsvine Permalink"),
                           ("europe.chinadaily.com.cn", "China Daily European Weekly")]:
        mask = articles["source"] == source
        had = before.filter(mask).str.contains(chrome, literal=True).sum()
        left = after.filter(mask).str.contains(chrome, literal=True).sum()
        assert had > 20 and left <= 0.1 * had, (source, had, left)
    # TASS datelines and stories are untouched; so are datelines everywhere
    tass = articles["source"] == "tass.com"
    assert after.filter(tass).to_list() == before.filter(tass).to_list()
    assert cleaned["dateline"].to_list() == articles["dateline"].to_list()
