"""A synthetic news-like corpus in the canonical schema, for benchmarks.

Words follow a Zipf–Mandelbrot distribution over a vocabulary that starts with
English function words, then common news words and names, then made-up words,
so the share of stopwords, the vocabulary growth and the article length look
like English wire copy. Articles have sentences (capitalised first word, full
stop), paragraphs separated by a blank line, a headline, a section, a source
and a publication time spread evenly over ``months`` months.

The generator is vectorised (NumPy + Polars), so a million articles take
seconds, and deterministic for a given ``seed``.

Examples
--------
>>> from benchmarks.synthetic import synthetic_corpus
>>> corpus = synthetic_corpus(10, words_per_article=50)
>>> corpus.height
10
"""

from __future__ import annotations

import argparse
import datetime as dt

import numpy as np
import polars as pl
import pyarrow as pa

from tassanalysis.schema import ARTICLE_SCHEMA

__all__ = ["synthetic_corpus", "vocabulary"]

FUNCTION_WORDS = (
    "the of and to in a is that for on it with as was by he at from his be this an are have "
    "not but had has they its which or were their been who will would there more one also we "
    "after about she her all two can than other said up out first when into new no if only "
    "over some what so time them could these may most years such then any him those now "
    "between because under where while both made each did against should during since before "
    "through many being our well do very including three however last until"
).split()

NEWS_WORDS = (
    "Russia Russian Moscow president Putin government minister foreign ministry Lavrov "
    "country state talks security military officials United States Washington Ukraine "
    "Kiev China Beijing Europe European Union sanctions economy economic oil gas energy "
    "prices market trade agreement cooperation meeting summit leaders Kremlin Peskov "
    "spokesman press conference parliament Duma election vote party opposition court "
    "police investigation report news agency TASS week month year today Monday Friday "
    "January March international region regional development project company companies "
    "bank billion million percent growth budget defense forces army troops missile "
    "nuclear weapons war peace conflict crisis Syria Damascus Turkey Iran Japan Germany "
    "Berlin France Paris Britain London NATO UN council resolution issue issues situation "
    "relations partners bilateral visit delegation ambassador embassy deputy head chief "
    "director committee federal regions city capital population people citizens public "
    "social health education science space launch satellite airport flight aircraft "
    "ship navy border terrorism terrorist attack attacks victims killed injured fire "
    "weather sports football championship Olympic team players coach match final"
).split()

SECTIONS = ("Politics", "World", "Economy", "Military & Defense", "Science & Space", "Sport")
_LOOKUP_SIZE = 1 << 22
_CHUNK = 50_000
SOURCES = ("tass.com", "tass.ru", "example-news.com", "other-wire.org")

_SYLLABLES = (
    "ka ri to na mo le si vu pa de ro ti ga ne lo mi sa ko ra te po li da ve ba no ru ze "
    "fi tu ma ho ka la re bo di sto tra pre con ex in pro ver ment tion al ist ic ous ing er"
).split()


def vocabulary(size: int = 40_000, *, seed: int = 0) -> list[str]:
    """Return the word list, most frequent first: function words, news words, made-up words."""
    rng = np.random.default_rng(seed + 1)
    words = list(dict.fromkeys(FUNCTION_WORDS + NEWS_WORDS))
    seen = {w.lower() for w in words}
    sylls = np.array(_SYLLABLES)
    while len(words) < size:
        n = rng.integers(2, 5)
        w = "".join(sylls[rng.integers(0, len(sylls), n)])
        if w not in seen:
            seen.add(w)
            words.append(w)
    return words[:size]


def _zipf_probabilities(size: int, *, exponent: float = 1.05, shift: float = 2.7) -> np.ndarray:
    ranks = np.arange(1, size + 1, dtype=np.float64)
    p = 1.0 / (ranks + shift) ** exponent
    return p / p.sum()


def _word_forms(vocab: list[str]) -> tuple[pl.DataFrame, pl.Series]:
    """Plain and capitalised forms, and the table of the six printed variants."""
    vocab_series = pl.Series("w", vocab)
    forms = pl.select(
        plain=vocab_series,
        capital=vocab_series.str.slice(0, 1).str.to_uppercase() + vocab_series.str.slice(1),
    )
    table = pl.concat([
        forms["plain"], forms["capital"],
        forms["plain"] + ".", forms["capital"] + ".",
        forms["plain"] + ".\n\n", forms["capital"] + ".\n\n",
    ])
    return forms, table


def _bodies(rng: np.random.Generator, n: int, words_per_article: int, lookup: np.ndarray,
            table: pl.Series) -> pl.Series:
    """Generate ``n`` article bodies (one chunk, to bound memory)."""
    n_words = len(table) // 6
    lengths = rng.integers(int(words_per_article * 0.7), int(words_per_article * 1.3) + 1,
                           n).astype(np.int64)
    lengths = np.maximum(lengths, 1)
    total = int(lengths.sum())
    # Word ranks for every position, drawn by inverse CDF.
    word_ids = lookup[rng.integers(0, _LOOKUP_SIZE, total)]
    np.minimum(word_ids, n_words - 1, out=word_ids)
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    position = np.arange(total, dtype=np.int64) - np.repeat(offsets[:-1], lengths)
    # Sentence ends about every 20 words, paragraph ends about every 4 sentences,
    # and always at the end of the article.
    sentence_end = rng.random(total) < 0.05
    paragraph_end = sentence_end & (rng.random(total) < 0.25)
    last = offsets[1:] - 1
    sentence_end[last] = True
    paragraph_end[last] = False
    sentence_start = np.zeros(total, dtype=bool)
    sentence_start[1:] = sentence_end[:-1]
    sentence_start[position == 0] = True
    # Form variants: 0 plain, 1 capitalised, then the same with "." / ".\n\n" after.
    variant = sentence_start.astype(np.int32) + np.where(
        paragraph_end, 4, np.where(sentence_end, 2, 0)).astype(np.int32)
    codes = word_ids.astype(np.int64) + variant.astype(np.int64) * n_words
    words = table.gather(pl.Series(codes)).to_arrow()
    body = (
        pl.Series(pa.LargeListArray.from_arrays(pa.array(offsets), words))
        .list.join(" ")
        .str.replace_all("\n\n ", "\n\n", literal=True)
    )
    return body


def synthetic_corpus(n_articles: int, *, words_per_article: int = 350, seed: int = 0,
                     start: str = "2017-01-01", months: int = 12,
                     vocabulary_size: int = 40_000) -> pl.DataFrame:
    """Return ``n_articles`` synthetic news-like articles in the canonical schema.

    Parameters
    ----------
    n_articles
        Number of rows.
    words_per_article
        Mean body length in words (each article varies by ±30 %).
    seed
        Random seed; the same arguments give the same frame.
    start, months
        Publication times are spread uniformly over ``months`` calendar months
        from ``start`` (UTC).
    vocabulary_size
        Number of distinct word types the generator draws from.

    Returns
    -------
    polars.DataFrame
        The canonical article columns (see :mod:`tassanalysis.schema`), with
        ``date_source = "synthetic"`` and ``origin = "synthetic:<row>"``.

    Examples
    --------
    >>> synthetic_corpus(3, words_per_article=20, seed=1)["body"].str.len_chars().min() > 0
    True
    """
    rng = np.random.default_rng(seed)
    vocab = vocabulary(vocabulary_size, seed=seed)
    # Inverse-CDF lookup table: a uniform integer picks a word rank in O(1).
    cumulative = np.cumsum(_zipf_probabilities(len(vocab)))
    lookup = np.searchsorted(cumulative, (np.arange(_LOOKUP_SIZE) + 0.5) / _LOOKUP_SIZE,
                             side="right").astype(np.int32)
    forms, table = _word_forms(vocab)
    bodies = [
        _bodies(rng, min(_CHUNK, n_articles - first), words_per_article, lookup, table)
        for first in range(0, n_articles, _CHUNK)
    ]
    body = pl.concat(bodies) if bodies else pl.Series("body", [], dtype=pl.String)
    # Headlines: 6–10 words drawn from the article vocabulary minus function words.
    n_title = 8
    title_ids = rng.integers(len(FUNCTION_WORDS), min(len(vocab), 2_000), (n_articles, n_title))
    titles = forms["capital"].gather(pl.Series(title_ids.ravel())).reshape(
        (n_articles, n_title)).arr.join(" ")
    start_ts = dt.datetime.fromisoformat(start).replace(tzinfo=dt.UTC)
    end_month = start_ts.month - 1 + months
    end_ts = start_ts.replace(year=start_ts.year + end_month // 12, month=end_month % 12 + 1)
    span_us = int((end_ts - start_ts).total_seconds() * 1_000_000)
    published_us = np.sort(rng.integers(0, span_us, n_articles))
    index = pl.int_range(n_articles, eager=True)
    frame = pl.DataFrame({
        "doc_id": "syn" + index.cast(pl.String).str.pad_start(12, "0"),
        "source": pl.Series(np.array(SOURCES)[rng.integers(0, len(SOURCES), n_articles)]),
        "url": None,
        "title": titles,
        "lead": None,
        "body": body,
        "section": pl.Series(np.array(SECTIONS)[rng.integers(0, len(SECTIONS), n_articles)]),
        "published_at": pl.Series(published_us, dtype=pl.Int64),
    })
    frame = frame.with_columns(
        url=pl.lit("https://") + pl.col("source") + "/news/" + pl.col("doc_id"),
        published_at=(pl.lit(start_ts, dtype=pl.Datetime("us", "UTC"))
                      + pl.duration(microseconds=pl.col("published_at"))),
        date_source=pl.lit("synthetic"),
        dateline=pl.lit("MOSCOW"),
        tags=pl.lit([], dtype=pl.List(pl.String)),
        persons=pl.lit([], dtype=pl.List(pl.String)),
        related=pl.lit([], dtype=pl.List(pl.String)),
        language=pl.lit("en"),
        origin=pl.lit("synthetic:") + index.cast(pl.String),
        merged=pl.lit(0, dtype=pl.UInt32),
        date_precision=pl.lit("second"),
        truncated=pl.lit(False),
        boilerplate=pl.lit([], dtype=pl.List(pl.String)),
    )
    return frame.select([pl.col(c).cast(t) for c, t in ARTICLE_SCHEMA.items()])


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a synthetic news-like corpus to Parquet.")
    parser.add_argument("n_articles", type=int)
    parser.add_argument("output")
    parser.add_argument("--words", type=int, default=350)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    synthetic_corpus(args.n_articles, words_per_article=args.words, seed=args.seed).write_parquet(
        args.output)


if __name__ == "__main__":
    main()
