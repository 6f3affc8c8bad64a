"""Terms found in most articles of one outlet: likely page chrome, flagged in result tables.

Cleaning strips the page furniture it knows; what slips past ("read more", a
sign-off) shows up as a term in nearly every article of one outlet. The flag lets
a reader discount it in top-term, keyness and collocation tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import polars as pl

from tassanalysis import text as _text
from tassanalysis.terms.counting import Corpus, TextOption, term_counts

__all__ = ["flag_common_terms", "term_spread"]


def term_spread(corpus: Corpus, terms: Iterable[str], *, by: str = "source",
                text: TextOption = "body", dateline: bool = False,
                lowercase: bool = True) -> pl.DataFrame:
    """In what share of each outlet's articles each term appears.

    A term found in nearly every article of one outlet is usually that outlet's
    page furniture ("read more", a sign-off), not its news.

    Parameters
    ----------
    corpus : polars.DataFrame or polars.LazyFrame
    terms : iterable of str
        Words or phrases (phrases of up to three words, counted within sentences).
    by : str, default "source"
    text : str or sequence of str, default "body"
        A text column, or several joined by a blank line (``("title", "lead",
        "body")``), as :func:`tassanalysis.text.analysis_text` gives them.
    dateline : bool, default False
        Count the body's opening dateline (``MOSCOW, March 3. /TASS/.``) too.
    lowercase : bool, default True

    Returns
    -------
    polars.DataFrame
        ``by``, ``term``, ``doc_count`` (articles of the group with the term),
        ``docs`` (articles of the group), ``doc_share``. Every group × term.

    Examples
    --------
    >>> c = pl.DataFrame({"source": ["a", "a", "b"],
    ...                   "body": ["Read more here. War", "Read more. Peace", "War"]})
    >>> term_spread(c, ["read more", "war"]).rows()
    [('a', 'read more', 2, 2, 1.0), ('a', 'war', 1, 2, 0.5), ('b', 'read more', 0, 1, 0.0), ('b', 'war', 1, 1, 1.0)]
    """
    wanted = list(dict.fromkeys(t.lower() if lowercase else t for t in terms))
    schema = {by: pl.String, "term": pl.String, "doc_count": pl.UInt64, "docs": pl.UInt64,
              "doc_share": pl.Float64}
    if not wanted:
        return pl.DataFrame(schema=schema)
    words = pl.Series([t for t in wanted if len(t.split()) == 1], dtype=pl.String)
    found = []
    if words.len():
        # single words: only the wanted tokens are grouped, not the whole vocabulary
        plan = (corpus.lazy().with_row_index("doc")
                .select("doc", pl.col(by), term=_text.tokens(
                    _text.analysis_text(text, dateline=dateline), lowercase=lowercase))
                .explode("term").filter(pl.col("term").is_in(words.implode()))
                .group_by(by, "term").agg(doc_count=pl.col("doc").n_unique().cast(pl.UInt64)))
        found.append(plan.collect(engine="streaming") if isinstance(corpus, pl.LazyFrame)
                     else plan.collect())
    for n in sorted({len(t.split()) for t in wanted} - {1}):
        counts = term_counts(corpus, text=text, by=by, ngram=n, stopwords=None,
                             lowercase=lowercase, dateline=dateline, sort=False)
        found.append(counts.filter(pl.col("term").is_in(pl.Series(wanted).implode()))
                     .select(by, "term", pl.col("doc_count").cast(pl.UInt64)))
    docs = corpus.lazy().group_by(by).agg(docs=pl.len().cast(pl.UInt64)).collect()
    grid = docs.join(pl.DataFrame({"term": wanted}), how="cross")
    out = grid.join(pl.concat(found), on=[by, "term"], how="left", nulls_equal=True)
    return (out.with_columns(pl.col("doc_count").fill_null(0).cast(pl.UInt64))
            .with_columns(doc_share=pl.col("doc_count") / pl.col("docs"))
            .select(list(schema)).sort(by, "term", nulls_last=True))


def flag_common_terms(table: pl.DataFrame, corpus: Corpus, *, share: float = 0.9,
                      by: str = "source", term: str | Sequence[str] = "term",
                      text: TextOption = "body", dateline: bool = False,
                      min_articles: int = 10) -> pl.DataFrame:
    """Flag terms of a result table that appear in most articles of one outlet.

    Such a term is likely page chrome that slipped past cleaning; the flag
    lets a reader discount it. Works on top-term, keyness and collocation tables.

    Parameters
    ----------
    table : polars.DataFrame
        A result with a ``term`` column (or ``["w1", "w2"]`` for collocations,
        joined into the phrase).
    corpus : polars.DataFrame or polars.LazyFrame
        The corpus the table was counted on.
    share : float, default 0.9
        Flag a term found in more than this share of an outlet's articles.
    by : str, default "source"
    term : str or sequence of str, default "term"
    text : str or sequence of str, default "body"
        A text column, or several joined by a blank line (``("title", "lead",
        "body")``), as :func:`tassanalysis.text.analysis_text` gives them.
    dateline : bool, default False
        Count the body's opening dateline (``MOSCOW, March 3. /TASS/.``) too.
    min_articles : int, default 10
        Flag only for outlets with at least this many articles: a word in the
        one article of an outlet is in 100% of them, and says nothing of its pages.

    Returns
    -------
    polars.DataFrame
        ``table`` with ``common_in``: the outlets (``by`` values) in more than
        ``share`` of whose articles the term appears, most widespread first
        (an empty list for most terms).

    Examples
    --------
    >>> c = pl.DataFrame({"source": ["a", "a", "b"],
    ...                   "body": ["Read more here. War", "Read more. Peace", "War"]})
    >>> t = pl.DataFrame({"term": ["read", "peace"]})
    >>> flag_common_terms(t, c, share=0.5, min_articles=1)["common_in"].to_list()
    [['a'], []]
    """
    columns = [term] if isinstance(term, str) else list(term)
    phrase = (pl.col(columns[0]) if len(columns) == 1
              else pl.concat_str([pl.col(c) for c in columns], separator=" "))
    keyed = table.with_columns(_phrase=phrase.cast(pl.String))
    empty = pl.lit([], dtype=pl.List(pl.String))
    if keyed.height == 0:
        return keyed.drop("_phrase").with_columns(common_in=empty)
    terms = keyed["_phrase"].drop_nulls().unique().to_list()
    spread = term_spread(corpus, terms, by=by, text=text, dateline=dateline)
    common = (spread.filter((pl.col("doc_share") > share) & (pl.col("docs") >= min_articles))
              .sort("doc_share", descending=True)
              .group_by("term", maintain_order=True).agg(common_in=pl.col(by)))
    return (keyed.join(common.rename({"term": "_phrase"}), on="_phrase", how="left")
            .with_columns(pl.col("common_in").fill_null(empty)).drop("_phrase"))
