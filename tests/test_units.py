"""Units on bytes (tassanalysis.actors.units) against the splitter of tassanalysis.text.

The byte arithmetic must give the sentences of ``text.sentences`` exactly: every
sentence's first and last character, in random text full of the splitter's edge
cases and in the real articles of the shipped sample.
"""

from __future__ import annotations

import random
import re

import numpy as np
import polars as pl
import pytest

from tassanalysis import datasets
from tassanalysis.actors import units
from tassanalysis.text import analysis_text, sentences

_WORDS = ["the", "Mr.", "Mrs.", "Dr.", "St.", "st.", "ST.", "Gen.", "Sept.", "sep.", "Jan.",
          "U.S.", "U.N.", "e.g.", "V.", "a.", "I.", "т.е.", "г.", "Г.", "ул.", "млрд.", "тыс.",
          "Disco.", "1st.", "No.", "2017.", "A.B.", "x.y.z", "Mr.Smith", "U.S.-led", "said",
          "é.", "Ünal.", "говорит.", "Лавров", "日本.", "🙂.", "«Да».", "“Yes.”", "(ok.)",
          "[x!]", "'q?'", "wait…", "so...", "no!?", "é", "Ж.", "ж", "ǅ.", "’", "»", ")", "\"",
          "U.S..", "Mr.!", "..", ".", "!", "?", "…", "Café.", "naïve.", "Ωmega.", "_a.",
          "3.5", "a_b.", "co.", "Co", "ltd.", "ИТАР-ТАСС."]
_SEPS = [" ", " ", " ", "  ", "\n", "\n\n", " \n ", "\n\n\n", "\t", "\u00a0", "\u2009",
         "\u3000", "\u2028", "", "\r\n", " \u00a0 "]


def _random_texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        parts = [rng.choice(_WORDS) + rng.choice(_SEPS) for _ in range(rng.randint(0, 30))]
        texts.append(rng.choice(["", " ", "\n", "\n\n "]) + "".join(parts))
    return texts


def _expected(texts: list[str]) -> tuple[list[int], list[tuple[int, int, int]]]:
    """Sentence counts, and (row, byte offset, sentence) of each sentence's first and
    last character, found one text at a time with Python string methods."""
    split = pl.select(sentences(pl.lit(pl.Series(texts, dtype=pl.String)))).to_series().to_list()
    counts, probes = [], []
    for row, (text, sents) in enumerate(zip(texts, split, strict=True)):
        counts.append(len(sents))
        cursor = 0
        for k, sent in enumerate(sents):
            at = text.find(sent, cursor)
            assert at >= 0
            last = at + len(sent) - 1
            probes.append((row, len(text[:at].encode()), k))
            probes.append((row, len(text[:last].encode()), k))
            cursor = at + len(sent)
    return counts, probes


def _ours(texts: list[str], probes: list[tuple[int, int, int]]) -> tuple[list[int], list]:
    from tassanalysis.actors.match import _utf8_buffers

    data, offsets = _utf8_buffers(pl.Series(texts, dtype=pl.String))
    counts = units.sentence_counts(data, offsets).tolist()
    rows = np.array([p[0] for p in probes], dtype=np.int64)
    starts = np.array([p[1] for p in probes], dtype=np.int64)
    found = units.locate(data, offsets, rows, starts, paragraph=False)
    return counts, list(zip(rows.tolist(), starts.tolist(), found["sentence"].tolist(),
                            strict=True))


@pytest.mark.parametrize("span", [None, 500])
def test_sentences_on_bytes_agree_with_the_splitter_on_edge_cases(monkeypatch, span):
    if span:
        monkeypatch.setattr(units, "_SPAN_BYTES", span)  # many spans of texts
    texts = _random_texts(1500, seed=5)
    counts, probes = _expected(texts)
    ours_counts, ours_probes = _ours(texts, probes)
    assert ours_counts == counts
    assert ours_probes == probes
    assert sum(counts) > 8000 and len(set(counts)) > 10


def test_sentences_on_bytes_agree_with_the_splitter_on_real_articles():
    sample = datasets.load_sample()
    texts = sample.select(analysis_text(("title", "lead", "body"), columns=sample.columns)
                          ).to_series().to_list()
    counts, probes = _expected(texts)
    ours_counts, ours_probes = _ours(texts, probes)
    assert ours_counts == counts
    assert ours_probes == probes
    assert len(texts) > 300 and sum(counts) > 5_000


def test_paragraph_index_and_characters():
    texts = ["Один.\n\nTwo é.\n\n\n\nThree", "", "x\n\ny"]
    from tassanalysis.actors.match import _utf8_buffers

    data, offsets = _utf8_buffers(pl.Series(texts))
    raw = [t.encode() for t in texts]
    probes = [(0, raw[0].index(b"Two")), (0, raw[0].index(b"Three")), (2, 3)]
    rows = np.array([r for r, _ in probes])
    starts = np.array([s for _, s in probes])
    found = units.locate(data, offsets, rows, starts, starts + 1)
    assert found["paragraph"].tolist() == [1, 3, 1]
    assert found["start"].tolist() == [texts[0].index("Two"), texts[0].index("Three"), 3]
    assert found["sentence"].tolist() == [1, 2, 1]


# --------------------------------------------------------------------------- co-mentions
def _plain_co_mentions(corpus: pl.DataFrame, unit: str) -> dict[tuple, int]:
    """Co-mention counts the plain way: mentions one by one, each unit's actors as a
    Python set, pairs with itertools, units with the text splitter."""
    import bisect
    import itertools
    from collections import Counter

    from tassanalysis.actors import actor_mentions

    texts = corpus.select(analysis_text(("title", "lead", "body"), columns=corpus.columns)
                          ).to_series().to_list()
    split = pl.select(sentences(pl.lit(pl.Series(texts, dtype=pl.String)))).to_series().to_list()
    row_of = {d: i for i, d in enumerate(corpus["doc_id"].to_list())}
    mentions = actor_mentions(corpus).filter(pl.col("actor_id").is_not_null())
    members: dict[tuple, dict] = {}
    for doc, actor, start, host in mentions.select("doc_id", "actor_id", "start",
                                                   "nested_in_id").iter_rows():
        row = row_of[doc]
        text = texts[row]
        if unit == "document":
            at = 0
        elif unit == "paragraph":
            at = text[:start].count("\n\n")
        else:
            starts, cursor = [], 0
            for sent in split[row]:
                cursor = text.find(sent, cursor)
                starts.append(cursor)
                cursor += len(sent)
            at = max(bisect.bisect_right(starts, start) - 1, 0)
        members.setdefault((row, at), {}).setdefault(actor, set()).add(host)
    counts: Counter = Counter()
    for actors in members.values():
        # an actor all of whose mentions in the unit sit inside one other actor's alias
        # ("Russia" in "Russia's Defense Ministry") is never paired with that actor
        host_of = {a: next(iter(h)) if len(h) == 1 else None for a, h in actors.items()}
        for actor in actors:
            counts[("actor", actor, None)] += 1
        for a, b in itertools.combinations(sorted(actors), 2):
            if host_of[a] != b and host_of[b] != a:
                counts[("pair", a, b)] += 1
    if unit == "document":
        counts[("units", None, None)] = len(texts)
    elif unit == "paragraph":
        counts[("units", None, None)] = sum(
            len(re.findall(r"\n\s*\n", t)) + 1 for t in texts)
    else:
        counts[("units", None, None)] = sum(len(s) for s in split)
    return dict(counts)


@pytest.mark.parametrize("unit", ["document", "paragraph", "sentence"])
def test_co_mention_counts_agree_with_a_plain_count_on_the_sample(unit):
    from tassanalysis.actors import co_mention_counts

    sample = datasets.load_sample()
    ours = {(k, a, b): n for k, a, b, n in co_mention_counts(sample, unit=unit).iter_rows()}
    plain = _plain_co_mentions(sample, unit)
    assert ours == plain
    assert sum(n for (k, _, _), n in plain.items() if k == "pair") > 300


def test_mention_positions_agree_with_python_on_the_sample():
    """Every mention of the sample: its alias at its character offsets, and its
    paragraph and sentence as Python string methods and the splitter place it."""
    import bisect

    from tassanalysis.actors import actor_mentions

    sample = datasets.load_sample()
    texts = sample.select(analysis_text(("title", "lead", "body"), columns=sample.columns)
                          ).to_series().to_list()
    split = pl.select(sentences(pl.lit(pl.Series(texts, dtype=pl.String)))).to_series().to_list()
    row_of = {d: i for i, d in enumerate(sample["doc_id"].to_list())}
    found = actor_mentions(sample)
    assert found.height > 3000
    for doc, alias, start, end, paragraph, sentence in found.select(
            "doc_id", "alias", "start", "end", "paragraph", "sentence").iter_rows():
        row = row_of[doc]
        text = texts[row]
        assert text[start:end] == alias
        assert paragraph == text[:start].count("\n\n")
        starts, cursor = [], 0
        for sent in split[row]:
            cursor = text.find(sent, cursor)
            starts.append(cursor)
            cursor += len(sent)
        assert sentence == max(bisect.bisect_right(starts, start) - 1, 0)


@pytest.mark.slow
@pytest.mark.parametrize("unit", ["document", "paragraph", "sentence"])
def test_co_mention_counts_agree_with_a_plain_count_on_the_ingested_sample(tmp_path, unit):
    """The corpus ``make report`` ingests (seeds/ and data/sample/, 3,840 articles)."""
    import subprocess
    import sys
    from pathlib import Path

    import tassanalysis as ta
    from tassanalysis.actors import co_mention_counts

    root = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-m", "tassanalysis.cli", "ingest", str(root / "seeds"),
                    str(root / "data" / "sample"), "--out", str(tmp_path / "store")],
                   check=True, capture_output=True, cwd=root)
    corpus = ta.load_corpus(tmp_path / "store")
    ours = {(k, a, b): n for k, a, b, n in co_mention_counts(corpus, unit=unit).iter_rows()}
    assert ours == _plain_co_mentions(corpus, unit)
    assert corpus.height > 3000
