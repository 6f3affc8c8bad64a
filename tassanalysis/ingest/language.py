"""The language of an article text, for any language (ISO 639-1 codes).

Readers call it through :func:`tassanalysis.ingest.fields.detect_language`.

English and Russian, the bulk of news corpora here, are recognised by their
commonest words on the text start (a vectorized Polars pass, no model); every
other text goes to py3langid, a small offline classifier of 97 languages that
ships its model inside the package (nothing is downloaded). Texts with no
letters are ``und`` (undetermined).

Examples
--------
>>> language_of("The talks ended on Tuesday, and the ministers said they would meet again.")
'en'
>>> language_of("Die Bundesregierung hat am Dienstag beschlossen, die Sanktionen zu verlängern.")
'de'
>>> language_of("東京都は火曜日、新しい計画を発表した。")
'ja'
>>> language_of("12:30")
'und'
"""

from __future__ import annotations

import re
from functools import lru_cache

import polars as pl

__all__ = ["SAMPLE_CHARS", "language_expr", "language_of", "language_series", "word_count"]

#: How much of a text start is looked at.
SAMPLE_CHARS = 600
_EN_WORDS = ("the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "was", "with",
             "said", "he", "it", "as", "by", "at", "from", "his", "be", "have", "has", "are")
_RU_WORDS = ("и", "в", "не", "на", "что", "с", "по", "это", "как", "о", "из", "за", "от",
             "для", "к", "его", "он", "а", "также", "был", "была", "были", "году", "заявил")
_EN_SET = frozenset(_EN_WORDS)
_RU_SET = frozenset(_RU_WORDS)
_EN_RE = r"(?i)\b(?:" + "|".join(_EN_WORDS) + r")\b"
_RU_RE = r"(?i)(?:^|[^\p{L}])(?:" + "|".join(_RU_WORDS) + r")(?:[^\p{L}]|$)"


_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
                      r"\uf900-\ufaff]")


def word_count(text: str) -> int:
    """Words of a text, in scripts written with or without spaces.

    Chinese, Japanese and Thai are written without spaces between words; there
    two characters count as a word (the mean word length of news text).

    Examples
    --------
    >>> word_count("Talks ended today"), word_count("東京都は火曜日、新しい計画を発表した。")
    (3, 8)
    """
    spaced = len(text.split())
    unspaced = len(_UNSPACED.findall(text))
    return max(spaced, unspaced // 2) if unspaced else spaced


@lru_cache(maxsize=1)
def _classifier():
    from py3langid.langid import classify  # loads the packaged model once, on first use

    return classify


def _classify(text: str) -> str:
    if not any(ch.isalpha() for ch in text):
        return "und"
    return str(_classifier()(text)[0])


def language_of(text: str | None) -> str:
    """The ISO 639-1 code of one text (``und`` when it has no letters).

    Examples
    --------
    >>> language_of("Москва заявила, что переговоры продолжатся на следующей неделе.")
    'ru'
    """
    sample = (text or "")[:SAMPLE_CHARS]
    words = sample.lower().split()
    if words:
        en = sum(w.strip(".,;:!?\"'()«»—") in _EN_SET for w in words)
        ru = sum(w.strip(".,;:!?\"'()«»—") in _RU_SET for w in words)
        if en >= max(3, 0.15 * len(words)):
            return "en"
        if ru >= max(3, 0.1 * len(words)) and _plain_russian(sample):
            return "ru"
    return _classify(sample)


def _plain_russian(sample: str) -> bool:
    """Cyrillic with ы/э and without Ukrainian or Belarusian letters."""
    low = sample.lower()
    return ("ы" in low or "э" in low) and not any(ch in low for ch in "іїєґў")


def language_series(texts: pl.Series) -> pl.Series:
    """The language of every text of a Series (vectorized fast path, py3langid for the rest).

    Examples
    --------
    >>> language_series(pl.Series(["The minister said on Tuesday that the talks were over.",
    ...                            "Der Minister sagte am Dienstag, die Gespräche seien beendet.",
    ...                            None])).to_list()
    ['en', 'de', 'und']
    """
    sample = texts.cast(pl.String).fill_null("").str.slice(0, SAMPLE_CHARS)
    frame = sample.to_frame("s").with_columns(
        words=pl.col("s").str.count_matches(r"\S+"),
        en=pl.col("s").str.count_matches(_EN_RE),
        ru=pl.col("s").str.count_matches(_RU_RE),
        plain_ru=pl.col("s").str.contains(r"(?i)[ыэ]") & ~pl.col("s").str.contains(r"(?i)[іїєґў]"),
    )
    fast = frame.select(
        pl.when(pl.col("en") >= pl.max_horizontal(3, 0.15 * pl.col("words")))
        .then(pl.lit("en"))
        .when(pl.col("plain_ru") & (pl.col("ru") >= pl.max_horizontal(3, 0.1 * pl.col("words"))))
        .then(pl.lit("ru"))
        .when(~pl.col("s").str.contains(r"\p{L}")).then(pl.lit("und"))
    ).to_series()
    todo = fast.is_null().arg_true()
    if len(todo):
        rest = [_classify(s) for s in sample.gather(todo).to_list()]
        fast = fast.scatter(todo, pl.Series(rest, dtype=pl.String))
    return fast.alias(texts.name)


def language_expr(text: pl.Expr) -> pl.Expr:
    """:func:`language_series` as an expression."""
    return text.map_batches(language_series, return_dtype=pl.String, is_elementwise=True)
