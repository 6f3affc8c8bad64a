"""Page chrome inside article text, learned per source and removed.

Scrapers keep share bars, sign-offs, edition lines and newsletter pitches in
the text of many articles of one outlet. :func:`strip_source_boilerplate`
learns them from the frame itself (word shingles repeated across a share of a
source's articles) and removes them, paragraph breaks and TASS datelines kept.
(Lines repeated across page dumps are learned by
:func:`tassanalysis.ingest.tass_text.learn_boilerplate` before parsing.)

Examples
--------
>>> import polars as pl
>>> frame = pl.DataFrame({"source": ["ex.org"], "body": ["Short."]})
>>> strip_source_boilerplate(frame)[0]["body"].to_list()
['Short.']
"""

from __future__ import annotations

import numpy as np
import polars as pl

from tassanalysis.ingest.clean import DATELINE
from tassanalysis.ingest.duplicates import mix_hashes

__all__ = ["strip_boilerplate_counted", "strip_source_boilerplate"]


#: Stands for a paragraph break while a text is handled as a list of words.
_PARAGRAPH_MARK = "\u2029"
#: A word that ends a sentence (or a label such as ``Share this slide:``).
_SENTENCE_END = r"[.!?…:][\"'”’»)\]\-–—]*$"
#: A word that opens a quotation: repeated quotes are content, not chrome.
_OPENING_QUOTE = r"^[\"“«„]"
_PROFILE_SCHEMA = {"source": pl.String, "column": pl.String, "fragment": pl.String,
                   "docs": pl.UInt32, "share": pl.Float64}


def strip_source_boilerplate(frame: pl.DataFrame, *, min_docs: int = 20, min_share: float = 0.05,
                             words: int = 6, max_removed: float = 0.5,
                             columns: tuple[str, ...] = ("body", "lead"),
                             ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Remove the text each source repeats across many of its articles.

    Page chrome that a scraper kept inside article text — share buttons
    (``Send Facebook Twitter … Permalink http://dw.com/p/2Wx5C``), edition
    lines (``(China Daily European Weekly 01/27/2017 page32)``), newsletter
    pitches ending in ``Learn more``, disclaimers, contact boxes — recurs
    word for word in a large share of one outlet's articles, at the start, the
    end or between two sentences. The method learns it from the frame itself:

    1. words are compared in a normal form (lower case, edge punctuation
       dropped, digits as ``0``, links and e-mail addresses as ``URL``), so
       dates, page numbers and short links do not hide a repetition;
    2. every run of ``words`` consecutive words (a shingle) is counted once
       per article, per source; a shingle found in at least ``min_share`` of
       a source's articles is boilerplate;
    3. the words covered by boilerplate shingles form the fragments that are
       removed, paragraph breaks kept.

    Safeguards: sources with fewer than ``min_docs`` articles are left as they
    are; an article is left as it is when the fragments would take more than
    ``max_removed`` of its characters (a brief that *is* the repeated text);
    a TASS dateline opening a text (``MOSCOW, February 7. /TASS/.``) is never
    touched. Text repeated in fewer articles than the share — a quote several
    stories share — stays.

    Parameters
    ----------
    frame
        Articles with a ``source`` column and the text ``columns``.
    min_docs
        Sources with fewer articles are not examined.
    min_share
        Share of a source's articles a shingle must occur in to be boilerplate
        (at least two articles).
    words
        Shingle length in words; a fragment is at least this long.
    max_removed
        Largest share of one text's characters that may be removed.
    columns
        Text columns to clean, each learned on its own (missing ones are skipped).

    Returns
    -------
    tuple[pl.DataFrame, pl.DataFrame]
        The frame with cleaned text (same rows, order and columns), and the
        profile of what was removed: ``source, column, fragment, docs, share``
        — one row per distinct fragment (in normal form) with an example of it
        as printed, the number of articles it was removed from and their share
        of the source's articles, most frequent first.

    Examples
    --------
    >>> import polars as pl
    >>> import random
    >>> rng = random.Random(1)
    >>> words = "rain wind snow sun cloud storm fog heat cold ice sea sky hill".split()
    >>> story = lambda: " ".join(rng.choice(words) for _ in range(9)).capitalize() + "."
    >>> chrome = "Share this page: Facebook, Twitter, Email."
    >>> parts = [(story(), story()) for _ in range(20)]
    >>> frame = pl.DataFrame({"source": ["ex.org"] * 20,
    ...                       "body": [f"{a} {chrome} {b}" for a, b in parts]})
    >>> cleaned, profile = strip_source_boilerplate(frame)
    >>> cleaned["body"].to_list() == [f"{a} {b}" for a, b in parts]
    True
    >>> profile.select("fragment", "docs").row(0)
    ('Share this page: Facebook, Twitter, Email.', 20)
    """
    profiles = [pl.DataFrame(schema=_PROFILE_SCHEMA)]
    out = frame
    for column in columns:
        if column not in frame.columns or "source" not in frame.columns:
            continue
        text, profile = _strip_column(out, column, min_docs=min_docs, min_share=min_share,
                                      words=words, max_removed=max_removed)
        out = out.with_columns(text.alias(column))
        profiles.append(profile)
    profile = pl.concat(profiles).sort(["source", "column", "docs", "fragment"],
                                       descending=[False, False, True, False])
    return out, profile


def _normal_words(token: pl.Expr) -> pl.Expr:
    """The form in which words are compared: lower case, no edge punctuation, digits as 0."""
    link = token.str.contains(r"://|^www\.|\w@\w|^[\w.-]+\.(?:com|org|net|ru|uk|de|cn|ie)/")
    plain = (token.str.to_lowercase()
             .str.replace_all(r"^[\p{P}\p{S}]+|[\p{P}\p{S}]+$", "")
             .str.replace_all(r"\d+", "0"))
    return pl.when(link).then(pl.lit("URL")).otherwise(plain)


def _strip_column(frame: pl.DataFrame, column: str, *, min_docs: int, min_share: float,
                  words: int, max_removed: float) -> tuple[pl.Series, pl.DataFrame]:
    original = frame[column]
    empty = pl.DataFrame(schema=_PROFILE_SCHEMA)
    sizes = (frame.group_by("source").agg(pl.col(column).is_not_null().sum().alias("n_docs"))
             .filter(pl.col("n_docs") >= max(min_docs, 1))
             .with_columns(pl.int_range(pl.len(), dtype=pl.UInt32).alias("src")))
    if sizes.height == 0:
        return original, empty
    work = (
        frame.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("doc"), "source",
                     pl.col(column).cast(pl.String).alias("text"))
        .join(sizes.select("source", "src"), on="source", how="inner")
        .filter(pl.col("text").str.len_bytes() > 0)
        # a dateline opening the text is kept aside, untouched
        .with_columns(pl.col("text").str.replace(DATELINE, "").alias("tail"))
        .with_columns(pl.col("text").str.slice(0, pl.col("text").str.len_chars()
                                               - pl.col("tail").str.len_chars()).alias("head"))
    )
    # Paragraph marks pad every paragraph, so that a short line at a paragraph's
    # start or end ("(Example Weekly 01/27/2017 page32)") still fills a shingle;
    # a shingle keeps at least two words.
    pad = " ".join([_PARAGRAPH_MARK] * max(words - 2, 1))
    tokens = (
        work.select("doc", "src", pl.concat_str([
            pl.lit(pad + " "), pl.col("tail").str.replace_all(r"\s*\n\s*", f" {pad} "),
            pl.lit(" " + pad)]).str.split(" ").alias("tok"))
        .explode("tok")
        .with_columns(_normal_words(pl.col("tok")).alias("norm"))
    )
    n_rows = tokens.height
    if n_rows < words:
        return original, empty
    doc = tokens["doc"].to_numpy()
    h = tokens["norm"].hash(seed=7).to_numpy()
    last = n_rows - words + 1
    # a shingle starts at row i when rows i..i+words-1 belong to one text
    same_doc = doc[:last] == doc[words - 1:]
    starts = np.flatnonzero(same_doc)
    src = tokens["src"].to_numpy()
    h = mix_hashes(h)
    with np.errstate(over="ignore"):
        sh = h[starts].copy()
        for j in range(1, words):
            sh = sh * np.uint64(0x100000001B3) + h[starts + j]
        # the source is part of the key, so one u64 column is counted
        key = mix_hashes(sh ^ (src[starts].astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)))
    needed = sizes.select("src", (pl.col("n_docs") * min_share).ceil().clip(lower_bound=2)
                          .alias("needed"))
    shingles = pl.DataFrame({"row": starts.astype(np.int64), "doc": doc[starts],
                             "src": src[starts], "key": key})
    # occurrences bound articles from above: a cheap first cut on one column
    often = (shingles.select("key").group_by("key").len("n")
             .filter(pl.col("n") >= needed["needed"].min()).select("key"))
    candidates = shingles.join(often, on="key", how="semi")
    frequent = (
        candidates.unique(["doc", "key"]).group_by("src", "key").len("docs")
        .join(needed, on="src").filter(pl.col("docs") >= pl.col("needed")).select("key")
    )
    if frequent.height == 0:
        return original, empty
    hits = candidates.join(frequent, on="key", how="semi")["row"].to_numpy()
    covered = np.zeros(n_rows, dtype=bool)
    for j in range(words):
        covered[hits + j] = True
    covered &= (tokens["tok"] != _PARAGRAPH_MARK).to_numpy()
    # the covered words and their neighbours are all the next steps look at
    covered_rows = np.flatnonzero(covered)
    near_rows = np.unique(np.concatenate([covered_rows - 1, covered_rows, covered_rows + 1])
                          .clip(0, n_rows - 1))
    near = tokens.select(pl.all().gather(near_rows)).with_columns(
        pl.Series("covered", covered[near_rows]), pl.Series("row", near_rows.astype(np.int64)))
    # fragments: maximal runs of covered words within one text, trimmed to
    # sentence bounds so that a phrase inside a sentence stays
    same_as_prev = pl.col("doc") == pl.col("doc").shift(1)
    same_as_next = pl.col("doc") == pl.col("doc").shift(-1)
    sentence_end = pl.col("tok").str.contains(_SENTENCE_END)
    edge = pl.col("tok") == _PARAGRAPH_MARK
    capital = pl.col("tok").str.contains(r"^[(\[]?\p{Lu}")
    run_start = pl.col("covered") & (~pl.col("covered").shift(1, fill_value=False)
                                     | ~same_as_prev.fill_null(False))
    near = near.with_columns(
        run_start.cum_sum().alias("run"),
        (~same_as_prev.fill_null(False) | edge.shift(1) | sentence_end.shift(1)
         | (pl.col("norm").shift(1) == "URL") | pl.col("tok").shift(1).str.contains(r"^[-–—•|*/]+$")
         | pl.col("tok").shift(1).str.contains(r"\p{L}\)$")
         # "… Xinhua (China Daily …", "Lake Chad Send Facebook …": a repetition that starts
         # with a capitalized word after a capitalized credit or subheading
         | (run_start & capital & capital.shift(1))).fill_null(True).alias("opens"),
        (~same_as_next.fill_null(False) | edge.shift(-1) | sentence_end
         | (pl.col("norm") == "URL")).fill_null(True).alias("closes"),
    )
    bounds = (
        near.filter(pl.col("covered"))
        .group_by("run").agg(
            pl.col("row").filter(pl.col("opens") & ~pl.col("tok").str.contains(_OPENING_QUOTE))
            .min().alias("first"),
            pl.col("row").filter(pl.col("closes")).max().alias("last"))
    )
    near = (
        near.join(bounds, on="run", how="left", maintain_order="left")
        .with_columns((pl.col("covered") & (pl.col("row") >= pl.col("first"))
                       & (pl.col("row") <= pl.col("last"))).fill_null(False).alias("covered"))
        .drop("first", "last")
    )
    # a fragment needs two real words ("Learn more"), not just a link or a dash
    wordy = (pl.col("covered") & (pl.col("norm") != "URL")
             & pl.col("norm").str.contains(r"\p{L}")).sum().over("run") >= 2
    near = near.with_columns((pl.col("covered") & wordy).alias("covered"))
    chars = work.select("doc", pl.col("tail").str.len_chars().alias("chars"))
    fragments = (
        near.filter(pl.col("covered"))
        .group_by("run").agg(pl.col("doc").first(), pl.col("src").first(),
                             pl.col("tok").str.join(" ").alias("fragment"),
                             pl.col("norm").str.join(" ").alias("norm"))
        .with_columns(pl.col("fragment").str.len_chars().alias("len"))
        .join(chars, on="doc")
        .filter((pl.col("len").sum().over("doc") + 1) <= max_removed * pl.col("chars"))
    )
    if fragments.height == 0:
        return original, empty
    dropped = near.filter(pl.col("covered") & pl.col("run").is_in(fragments["run"].implode()))
    keep = np.isin(doc, fragments["doc"].unique().to_numpy())
    keep[dropped["row"].to_numpy()] = False
    kept = (tokens.filter(pl.Series(keep))
            .group_by("doc", maintain_order=True).agg(pl.col("tok").str.join(" ").alias("new")))
    rebuilt = (
        work.select("doc", "head").join(kept, on="doc", how="inner")
        .select("doc", pl.concat_str([
            pl.col("head"),
            pl.col("new").str.replace_all(f" *{_PARAGRAPH_MARK}[ {_PARAGRAPH_MARK}]*", "\n\n")
            .str.replace_all(r" {2,}", " ").str.strip_chars()]).str.strip_chars().alias("new"))
    )
    text = (
        pl.DataFrame({"doc": pl.int_range(len(original), dtype=pl.UInt32, eager=True),
                      "old": original.cast(pl.String)})
        .join(rebuilt, on="doc", how="left", maintain_order="left")
        .select(pl.coalesce("new", "old"))
        .to_series().cast(original.dtype).alias(column)
    )
    profile = (
        fragments.group_by("src", "norm").agg(pl.col("fragment").first(),
                                               pl.col("doc").n_unique().cast(pl.UInt32).alias("docs"))
        .join(sizes, on="src")
        .select("source", pl.lit(column).alias("column"), "fragment", "docs",
                (pl.col("docs") / pl.col("n_docs")).alias("share"))
    )
    return text, profile


def strip_boilerplate_counted(frame: pl.DataFrame) -> tuple[pl.DataFrame, dict[str, int]]:
    """Apply :func:`strip_source_boilerplate` and count the articles changed, per source.

    Parameters
    ----------
    frame
        Articles in the canonical schema, with their source.

    Returns
    -------
    tuple[pl.DataFrame, dict[str, int]]
        The cleaned frame and ``{source: articles changed}`` (sources sorted).

    Examples
    --------
    >>> from tassanalysis.schema import empty_corpus
    >>> strip_boilerplate_counted(empty_corpus())[1]
    {}
    """
    before = frame.select("source", "body", "lead")
    cleaned, _profile = strip_source_boilerplate(frame)
    changed = before.filter(
        (pl.col("body") != cleaned["body"])
        | (pl.col("lead").fill_null("") != cleaned["lead"].fill_null("")))
    counts = changed.group_by("source").len()
    return cleaned, {s: int(n) for s, n in sorted(counts.iter_rows())}
