"""Keyword in context: each occurrence of a word or phrase with the words around it.

Lines come from the same text the counts read (:func:`tassanalysis.text.analysis_text`:
the body without its dateline unless ``dateline=True``, or the title, or several
fields), and carry the source, date and link of their article.
:func:`kwic_sample` picks a few lines spread across sources and over time, and says
how many there were in all.

Examples
--------
>>> from tassanalysis import datasets
>>> sample = kwic_sample(datasets.load_sample(), "sanctions", top=5)
>>> sample.caption
"'sanctions': 5 of 46 lines, sampled across sources and time"
"""

from __future__ import annotations

import re
import warnings
from typing import NamedTuple

import polars as pl

from tassanalysis import text as _text
from tassanalysis.terms import counting as _counting
from tassanalysis.terms.counting import Corpus, TextOption, _text_column
from tassanalysis.vocab import renamed_options

__all__ = ["KwicSample", "kwic", "kwic_sample"]

#: Article columns a line carries, where the corpus has them.
_META = ("doc_id", "source", "published_at", "date_precision", "title", "url")


def _kwic_norm(word: pl.Expr, token_re: str) -> pl.Expr:
    """A word's first token, or (for one-letter words) the word without edge punctuation."""
    stripped = word.str.replace_all(r"^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$", "")
    return (word.str.extract(f"({token_re})", 1)
            .fill_null(pl.when(stripped != "").then(stripped)))


@renamed_options(window="width", limit="top")
def kwic(corpus: Corpus, pattern: str, *, width: int = 8, regex: bool = False,
         lowercase: bool = True, sort: str = "date", text: TextOption = "body",
         dateline: bool = False, top: int | None = None,
         case: bool | None = None) -> pl.DataFrame:
    """Keyword in context: every occurrence of a word, phrase or regex with its neighbours.

    The text (as the counts read it) is cut into whitespace-separated words
    (shown exactly as written, punctuation included). A word of the text matches
    a pattern word when its first token (:func:`tassanalysis.text.tokens`,
    numbers kept; for a word without one, such as ``I`` or ``5``, the word
    without its edge punctuation) equals the pattern word's, so ``Russia's`` and
    ``(Russia),`` match ``russia``; a phrase matches consecutive words. With
    ``regex=True`` the pattern is a Rust regular expression searched in each
    word's first token (one word; anchor it with ``^…$`` for a whole word).

    Parameters
    ----------
    corpus : polars.DataFrame or polars.LazyFrame
    pattern : str
        A word, a phrase (``"foreign minister"``) or a regex.
    width : int, default 8
        Words of context on each side (``window=`` before).
    regex : bool, default False
    lowercase : bool, default True
        Ignore case (``case=True`` before meant the opposite: match case).
    sort : str, default "date"
        ``"date"`` (publication time, then document and position), ``"left"`` (the
        word just before the match, then the one before, …) or ``"right"`` (the
        words after the match).
    text : str or sequence of str, default "body"
        The text searched: ``"title"``, ``"body"``, or several fields.
    dateline : bool, default False
        Search the body's opening dateline too.
    top : int or None
        Keep the first ``top`` lines after sorting (``limit=`` before).

    Returns
    -------
    polars.DataFrame
        ``doc_id``, ``source``, ``published_at``, ``title``, ``url`` (those the
        corpus has), ``left``, ``match``, ``right`` (``left``/``right`` up to
        ``width`` words, joined by single spaces), and ``position`` (word index
        of the match in the text).

    Examples
    --------
    >>> import datetime as dt
    >>> c = pl.DataFrame({"doc_id": ["a"], "title": ["T"], "published_at": [dt.datetime(2017, 1, 1)],
    ...                   "body": ["Russia's foreign minister Sergey Lavrov said on Monday."]})
    >>> kwic(c, "foreign minister", width=2)[["left", "match", "right"]].rows()
    [("Russia's", 'foreign minister', 'Sergey Lavrov')]
    >>> kwic(c, "t", text="title")["match"].to_list()
    ['T']
    """
    if case is not None:
        warnings.warn("kwic(case=…) is now kwic(lowercase=not case); the old name goes in "
                      "the next release", DeprecationWarning, stacklevel=2)
        lowercase = not case
    window = width
    case = not lowercase
    if sort not in ("date", "left", "right"):
        raise ValueError("sort must be 'date', 'left' or 'right'")
    lower = not case
    token_re = _text.token_pattern(numbers=True)
    if regex:
        n_words = 1
        flags = "" if case else "(?i)"
        word_exprs = [pl.col("norm").str.contains(flags + pattern)]
        # Anchors refer to a word, not the text: no document prefilter.
        prefilter = pl.lit(True)
    else:
        words = pattern.split()
        if not words:
            raise ValueError("empty pattern")
        norm_words = pl.Series(words, dtype=pl.String)
        if lower:
            norm_words = norm_words.str.to_lowercase()
        norm_words = pl.select(_kwic_norm(pl.lit(norm_words), token_re)).to_series().to_list()
        if any(w is None for w in norm_words):
            raise ValueError(f"pattern has no word: {pattern!r}")
        n_words = len(words)
        word_exprs = [pl.col("norm").shift(-k) == w for k, w in enumerate(norm_words)]
        prefilter = pl.col("_text").str.contains(re.escape(words[0]) if case else
                                              "(?i)" + re.escape(norm_words[0].rstrip(".")))
    lf = corpus.lazy()
    names = lf.collect_schema().names()
    cols = [c for c in _META if c in names]
    text_col = "_text"
    docs = (lf.with_row_index("doc").select("doc", *cols, _text_column(text, dateline))
            .filter(prefilter.fill_null(False)))
    if "published_at" in cols:
        # judged over the whole corpus, not over the few matching articles (the
        # date_precision column decides where it is filled)
        from tassanalysis.vocab import date_precision

        keys = [c for c in ("published_at", "source", "origin", "date_precision") if c in names]
        whole = lf.select(keys).collect()
        precision = pl.DataFrame({"doc": pl.int_range(whole.height, dtype=pl.UInt32, eager=True),
                                  "date_precision": date_precision(whole)})
        docs = (docs.drop("date_precision", strict=False)
                .join(precision.lazy(), on="doc", how="left", maintain_order="left"))
        cols = [*(c for c in cols if c != "date_precision"), "date_precision"]

    def lines(chunk: pl.DataFrame) -> pl.DataFrame:
        chunk = chunk.with_columns(words=pl.col(text_col).str.extract_all(r"\S+"))
        exploded = chunk.select("doc", "words").explode("words").with_columns(
            position=pl.int_range(pl.len()).over("doc").cast(pl.Int64))
        norm = pl.col("words").str.to_lowercase() if lower else pl.col("words")
        exploded = exploded.with_columns(norm=_kwic_norm(norm, token_re))
        hit = pl.all_horizontal(
            [e & (pl.col("doc").shift(-k) == pl.col("doc")) for k, e in enumerate(word_exprs)])
        hits = exploded.filter(hit.fill_null(False)).select("doc", "position")
        found = hits.join(chunk.drop(text_col), on="doc", how="left")
        start = (pl.col("position") - window).clip(lower_bound=0)
        return found.with_columns(
            left=pl.col("words").list.slice(start, pl.col("position") - start).list.join(" "),
            match=pl.col("words").list.slice(pl.col("position"), n_words).list.join(" "),
            right=pl.col("words").list.slice(pl.col("position") + n_words, window)
            .list.join(" "),
        ).drop("words")

    if isinstance(corpus, pl.LazyFrame):
        # One chunk of matching articles in memory at a time.
        parts = [lines(chunk) for chunk in docs.collect_batches(chunk_size=_counting._LAZY_CHUNK_ROWS)]
        out = pl.concat(parts) if parts else lines(docs.head(0).collect())
    else:
        out = lines(docs.collect())
    if sort == "date":
        keys = [c for c in ("published_at", "doc_id") if c in out.columns] + ["doc", "position"]
        out = out.sort(keys, nulls_last=True)
    elif sort == "left":
        out = out.sort(pl.col("left").str.to_lowercase().str.split(" ").list.reverse()
                       .list.join(" "), "doc", "position")
    else:
        out = out.sort(pl.col("right").str.to_lowercase(), "doc", "position")
    out = out.select(cols + ["left", "match", "right", "position"])
    return out if top is None else out.head(top)



class KwicSample(NamedTuple):
    """A few concordance lines and how many there were in all.

    Examples
    --------
    >>> KwicSample(pl.DataFrame({"left": ["a"]}), 10, "x").caption
    "'x': 1 of 10 lines, sampled across sources and time"
    """

    lines: pl.DataFrame
    total: int
    pattern: str

    @property
    def caption(self) -> str:
        """``"'sanctions': 25 of 1,234 lines, sampled across sources and time"``."""
        from tassanalysis.prose import kwic_caption

        return kwic_caption(self.pattern, self.lines.height, self.total)


def _allocate(sizes: dict, top: int) -> dict:
    """Share ``top`` picks among groups as evenly as their sizes allow."""
    quota = dict.fromkeys(sizes, 0)
    left = top
    open_ = sorted(sizes, key=lambda g: (sizes[g], str(g)))
    while left > 0 and open_:
        each = max(1, left // len(open_))
        for g in list(open_):
            take = min(each, sizes[g] - quota[g], left)
            quota[g] += take
            left -= take
            if quota[g] >= sizes[g]:
                open_.remove(g)
            if left == 0:
                break
    return quota


def kwic_sample(corpus: Corpus, pattern: str, *, top: int = 25, by: str = "source",
                **options) -> KwicSample:
    """At most ``top`` concordance lines, spread across ``by`` groups and over time.

    The lines are shared among the groups (sources) as evenly as their numbers
    of lines allow, and within a group taken at even steps through its lines in
    date order, so neither one outlet nor the oldest weeks fill the table. The
    choice is deterministic. The lines are returned oldest first.

    Parameters
    ----------
    corpus : polars.DataFrame or polars.LazyFrame
    pattern : str
        As in :func:`kwic`.
    top : int, default 25
    by : str, default "source"
        Column to spread the lines across (all lines form one group without it).
    **options
        Passed to :func:`kwic` (``width``, ``text``, ``dateline``, ``regex``…).

    Returns
    -------
    KwicSample
        ``lines`` (the :func:`kwic` columns), ``total`` (all matching lines),
        ``caption`` ("25 of 1,234 lines").

    Examples
    --------
    >>> from tassanalysis import datasets
    >>> got = kwic_sample(datasets.load_sample(), "sanctions", top=9)
    >>> got.lines["source"].n_unique(), got.total
    (5, 46)
    """
    options.pop("sort", None)
    options.pop("top", None)
    lines = kwic(corpus, pattern, sort="date", **options)
    total = lines.height
    if total <= top:
        return KwicSample(lines, total, pattern)
    key = by if by in lines.columns else None
    lines = lines.with_row_index("_row").with_columns(
        _group=pl.col(key).cast(pl.String).fill_null("") if key else pl.lit(""))
    sizes = dict(lines.group_by("_group").len().iter_rows())
    picks: list[int] = []
    for group, quota in _allocate(sizes, top).items():
        if quota == 0:
            continue
        rows = lines.filter(pl.col("_group") == group)["_row"].to_list()
        n = len(rows)
        picks += [rows[min(n - 1, int((j + 0.5) * n / quota))] for j in range(quota)]
    chosen = (lines.filter(pl.col("_row").is_in(pl.Series(picks, dtype=pl.UInt32).implode()))
              .sort("_row").drop("_row", "_group"))
    return KwicSample(chosen, total, pattern)
