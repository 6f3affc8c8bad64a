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

__all__ = ["SAMPLE_CHARS", "language_expr", "language_of", "language_series", "warm_up",
           "word_count"]

#: How much of a text start is looked at.
SAMPLE_CHARS = 600
#: Share of a text's words that must be common English words for ``en`` at once.
EN_SHARE = 0.1
#: Texts shorter than this (in words) take their group's language when unsure.
SHORT_WORDS = 25
_EN_WORDS = ("the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "was", "with",
             "said", "he", "it", "as", "by", "at", "from", "his", "be", "have", "has", "are")
_RU_WORDS = ("и", "в", "не", "на", "что", "с", "по", "это", "как", "о", "из", "за", "от",
             "для", "к", "его", "он", "а", "также", "был", "была", "были", "году", "заявил")
_TOKEN = re.compile(r"[^\W\d_]+")
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


def warm_up() -> None:
    """Load the language model now (it otherwise loads on the first text that needs it)."""
    _classifier()


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
    words = _TOKEN.findall(sample.lower())
    if words:
        en = sum(map(_EN_SET.__contains__, words))
        ru = sum(map(_RU_SET.__contains__, words))
        if en >= max(3, EN_SHARE * len(words)):
            return "en"
        if ru >= max(3, 0.1 * len(words)) and _plain_russian(sample):
            return "ru"
    return _classify(sample)


def _plain_russian(sample: str) -> bool:
    """Cyrillic with ы/э and without Ukrainian or Belarusian letters."""
    low = sample.lower()
    return ("ы" in low or "э" in low) and not any(ch in low for ch in "іїєґў")


def language_series(texts: pl.Series, groups: pl.Series | None = None) -> pl.Series:
    """The language of every text of a Series (vectorized fast path, py3langid for the rest).

    Given ``groups`` (e.g. the source), texts of fewer than :data:`SHORT_WORDS`
    words that the fast path leaves open (headlines, snippets), too short for a
    classifier to be sure of, take the language of their group, found once from
    a sample of the group's texts. Without groups every text is decided on its
    own, as :func:`language_of` does.

    Examples
    --------
    >>> language_series(pl.Series(["The minister said on Tuesday that the talks were over.",
    ...                            "Der Minister sagte am Dienstag, die Gespräche seien beendet.",
    ...                            None])).to_list()
    ['en', 'de', 'und']
    """
    if groups is not None and len(texts) > 4 * GROUP_SAMPLE:
        return _by_group(texts, groups)
    return _each(texts, groups)


def _each(texts: pl.Series, groups: pl.Series | None) -> pl.Series:
    """Every row on its own (short undecided rows: their group's language)."""
    sample = texts.cast(pl.String).fill_null("").str.slice(0, SAMPLE_CHARS)
    words = sample.str.count_matches(r"\S+")
    cyrillic = pl.col("s").str.contains(r"[\u0400-\u04ff]")
    frame = sample.to_frame("s").with_columns(
        words=words,
        # each language's words are counted only in texts of its script
        en=pl.when(~cyrillic).then(pl.col("s").str.count_matches(_EN_RE)).otherwise(0),
        ru=pl.when(cyrillic).then(pl.col("s").str.count_matches(_RU_RE)).otherwise(0),
        plain_ru=cyrillic & pl.col("s").str.contains(r"(?i)[ыэ]")
        & ~pl.col("s").str.contains(r"(?i)[іїєґў]"),
    )
    fast = frame.select(
        pl.when(pl.col("en") >= pl.max_horizontal(3, EN_SHARE * pl.col("words")))
        .then(pl.lit("en"))
        .when(pl.col("plain_ru") & (pl.col("ru") >= pl.max_horizontal(3, 0.1 * pl.col("words"))))
        .then(pl.lit("ru"))
        .when(~pl.col("s").str.contains(r"\p{L}")).then(pl.lit("und"))
    ).to_series()
    todo = fast.is_null()
    if not todo.any():
        return fast.alias(texts.name)
    # without groups every text is decided on its own (the same as language_of)
    short = todo & (frame["words"] < SHORT_WORDS) & (groups is not None)
    long_rows = (todo & ~short).arg_true()
    if len(long_rows):
        rest = [_classify(s) for s in sample.gather(long_rows).to_list()]
        fast = fast.scatter(long_rows, pl.Series(rest, dtype=pl.String))
    short_rows = short.arg_true()
    if len(short_rows):
        keys = groups.cast(pl.String).fill_null("")  # type: ignore[union-attr]
        table = (pl.DataFrame({"g": keys, "s": sample, "short": short})
                 .filter(pl.col("short")).group_by("g")
                 .agg(pl.col("s").head(40).str.join(" ").str.slice(0, 4 * SAMPLE_CHARS)))
        by_group = {g: language_of(s) for g, s in table.iter_rows()}
        fast = fast.scatter(short_rows, keys.gather(short_rows).replace_strict(
            by_group, return_dtype=pl.String))
    return fast.alias(texts.name)


#: Rows of each group detected one by one before the group's language is trusted.
GROUP_SAMPLE = 200


def _by_group(texts: pl.Series, groups: pl.Series) -> pl.Series:
    """Large tables: a group (source) whose sampled rows are all one language gives it to
    its rows of the same script; every other row is detected on its own."""
    frame = pl.DataFrame({"t": texts.cast(pl.String), "g": groups.cast(pl.String).fill_null("")})
    frame = frame.with_columns(
        pl.int_range(pl.len()).alias("i"),
        pl.col("t").fill_null("").str.slice(0, SAMPLE_CHARS)
        .str.contains(r"[\u0400-\u04ff]").alias("cyr"))
    picked = frame.filter(pl.int_range(pl.len()).over("g") < GROUP_SAMPLE)
    picked = picked.with_columns(_each(picked["t"], picked["g"]).alias("lang"))
    votes = (picked.filter(pl.col("lang") != "und")
             .group_by("g", "cyr").agg(pl.col("lang").mode().first().alias("lang"),
                                       (pl.col("lang") == pl.col("lang").mode().first()).mean()
                                       .alias("share"), pl.len().alias("n"))
             .filter((pl.col("share") >= 0.98) & (pl.col("n") >= 20)).select("g", "cyr", "lang"))
    out = frame.join(votes, on=["g", "cyr"], how="left", maintain_order="left")
    rest = out.filter(pl.col("lang").is_null())
    if rest.height:
        lang = out["lang"].scatter(rest["i"], _each(rest["t"], None))
    else:
        lang = out["lang"]
    return lang.alias(texts.name)


def language_expr(text: pl.Expr, by: pl.Expr | None = None) -> pl.Expr:
    """:func:`language_series` as an expression (``by``: the groups of short texts)."""
    if by is None:
        return text.map_batches(language_series, return_dtype=pl.String, is_elementwise=True)
    return pl.struct(text.alias("t"), by.alias("g")).map_batches(
        lambda st: language_series(st.struct.field("t"), st.struct.field("g")),
        return_dtype=pl.String)
