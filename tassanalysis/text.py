"""Words, sentences, stopwords, stems and n-grams as Polars expressions.

Tokenization rules (the same everywhere in the package):

* A **word** starts with a letter (any script: Latin, Cyrillic, …) and continues
  with letters, combining marks and digits (``g20``, ``mh17``). Inner hyphens join
  parts (``tie-breaking``, ``из-за``, ``su-35``, ``covid-19``); an inner apostrophe
  (``'`` or ``’``) joins a contraction or a name (``don't``, ``o'brien``).
* The **possessive** ``'s`` is not part of the word: ``Russia's`` → ``russia``,
  ``Putin’s`` → ``putin`` (and ``it's`` → ``it``).
* Words have **at least two characters**, as in scikit-learn's default token
  pattern: single letters (``a``, ``I``, ``в``, the ``s`` of ``it's``) are not tokens.
* **Dotted abbreviations** of single letters are one token, dots kept:
  ``U.S.`` → ``u.s.``, ``U.N.`` → ``u.n.``, ``т.е.`` → ``т.е.``.
* **Numbers** (``2017``, ``1,000``, ``3.5``, ``10th``) are tokens only with
  ``numbers=True``.
* Everything is lower-cased first unless ``lowercase=False``.

Sentences and n-grams: text is cut at ``.``, ``!``, ``?``, ``…`` and at every
line break (paragraphs are separated by blank lines), except after dotted
abbreviations (``U.S.``), single-letter initials (``V. Putin``) and a list of
title and other abbreviations (``Mr.``, ``Dr.``, ``Gen.``, ``St.``, ``Jan.``,
``г.``, ``ул.``, …; see :data:`ABBREVIATIONS`). A sentence that ends with a dotted
abbreviation is not cut there (``…sanctions against the U.S. The…``). This is a
regular-expression splitter: it needs no downloaded model. N-grams are built
within these sentences only, so they never cross a sentence, a paragraph or a
document; inside an n-gram, abbreviations keep their dot (``st. petersburg``).

Stopwords come from ``stopwordsiso`` with a few news content words taken out
(:data:`KEEP_CONTENT_WORDS`, e.g. ``state``, ``world``, ``война``) and a list of
news-wire words added (:data:`NEWS_STOPWORDS`: ``said``, ``tass``, month and
weekday names, …).

Stemming uses NLTK's Snowball stemmers (English for Latin script, Russian for
Cyrillic); they need no downloaded data. Stems are computed once per distinct
word and joined back.

Examples
--------
>>> import polars as pl
>>> from tassanalysis.text import tokens
>>> pl.select(tokens(pl.lit("Russia's U.S. envoy didn't say it's 2017."))).item().to_list()
['russia', 'u.s.', 'envoy', "didn't", 'say', 'it']
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import polars as pl

__all__ = [
    "ABBREVIATIONS",
    "DATELINE_PATTERN",
    "TEXT_FIELDS",
    "analysis_text",
    "strip_dateline",
    "KEEP_CONTENT_WORDS",
    "NEWS_STOPWORDS",
    "ngrams",
    "sentence_tokens",
    "sentences",
    "stem",
    "stem_map",
    "stemmer_for",
    "stopwords",
    "surface_forms",
    "token_pattern",
    "tokens",
]

# U+FFFD stands for a character lost to a bad decoding upstream ("Guti\ufffd\ufffdrrez"):
# ingest restores it where the word is known; one left is a word boundary, never part
# of a term (a term with it would be counted apart from the word it damaged).
_BODY = r"[\p{L}\p{M}\p{N}]"
_APOSTROPHE = r"['’]"
# An inner hyphen + word part, or an apostrophe + anything but a lone possessive s.
_CONTINUATION = (
    rf"(?:[-‐]{_BODY}+|{_APOSTROPHE}(?:[\p{{L}}&&[^sS]][\p{{L}}\p{{M}}]*|[sS][\p{{L}}\p{{M}}]+))"
)
_WORD = rf"\p{{L}}(?:{_BODY}+|{_CONTINUATION}){_CONTINUATION}*"
_DOTTED = r"(?:\p{L}\.){2,}"
_NUMBER = r"\p{N}[\p{N}\p{L}\p{M}]*(?:[.,]\p{N}+)*"

#: Abbreviations after which a full stop does not end a sentence (matched
#: case-insensitively, followed by ".").
ABBREVIATIONS: tuple[str, ...] = (
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm",
    "maj", "sen", "rep", "gov", "pres", "amb", "rev", "st", "mt", "ft", "jr", "sr", "inc",
    "ltd", "corp", "co", "vs", "etc", "approx", "dept", "est", "fig", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "гг", "ул", "им", "др", "пр", "млн", "млрд", "тыс", "руб", "долл", "см", "стр", "ген",
    "г", "т",
)
# Longest first, so that "sept" wins over "sep" (alternation takes the first match).
_TITLES = r"(?i:" + "|".join(sorted(ABBREVIATIONS, key=len, reverse=True)) + r")\."
_BREAK = r"[.!?…\n]"


def token_pattern(*, numbers: bool = False, breaks: bool = False) -> str:
    """Return the regular expression behind :func:`tokens` / :func:`sentence_tokens`.

    Examples
    --------
    >>> import re
    >>> bool(token_pattern())
    True
    """
    parts = []
    if breaks:
        parts += [_TITLES, r"(?:\p{L}\.)+"]
    else:
        parts.append(_DOTTED)
    parts.append(_WORD)
    if numbers or breaks:
        parts.append(_NUMBER)
    if breaks:
        parts.append(_BREAK)
    return "|".join(parts)


def tokens(expr: pl.Expr, *, lowercase: bool = True, numbers: bool = False) -> pl.Expr:
    """Split a text expression into words (``list[str]``).

    Parameters
    ----------
    expr
        A string expression, e.g. ``pl.col("body")``.
    lowercase
        Lower-case the text first.
    numbers
        Keep numbers (``2017``, ``3.5``, ``1,000``) as tokens.

    Returns
    -------
    polars.Expr
        ``list[str]``: the words in order, by the rules in the module docstring.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"t": ["Lavrov met the U.N. envoy in St. Petersburg."]})
    >>> df.select(tokens(pl.col("t"))).item().to_list()
    ['lavrov', 'met', 'the', 'u.n.', 'envoy', 'in', 'st', 'petersburg']
    """
    if lowercase:
        expr = expr.str.to_lowercase()
    return expr.str.extract_all(token_pattern(numbers=numbers))


def sentence_tokens(expr: pl.Expr, *, lowercase: bool = True) -> pl.Expr:
    """Words plus sentence-break markers (``list[str]``), the input of n-grams.

    The list holds words (as :func:`tokens`, except that listed abbreviations and
    single-letter initials keep their dot: ``mr.``, ``v.``), numbers, and one
    marker per break character (``.``, ``!``, ``?``, ``…``, ``\\n``). Elements that
    do not start with a letter are breaks (numbers too, unless kept by the caller).

    Examples
    --------
    >>> import polars as pl
    >>> pl.select(sentence_tokens(pl.lit("Mr. Putin spoke. Then V. Lavrov."))).item().to_list()
    ['mr.', 'putin', 'spoke', '.', 'then', 'v.', 'lavrov', '.']
    """
    if lowercase:
        expr = expr.str.to_lowercase()
    return expr.str.extract_all(token_pattern(breaks=True))


def sentences(expr: pl.Expr) -> pl.Expr:
    """Split text into sentences (``list[str]``), with the rules of the module docstring.

    Parameters
    ----------
    expr : polars.Expr
        A string expression.

    Returns
    -------
    polars.Expr
        ``list[str]``: the sentences, stripped.

    Examples
    --------
    >>> import polars as pl
    >>> text = "Mr. Putin met U.S. envoys. They talked!\\n\\nNew paragraph"
    >>> pl.select(sentences(pl.lit(text))).item().to_list()
    ['Mr. Putin met U.S. envoys.', 'They talked!', 'New paragraph']
    """
    protect = "\ue000"
    cut = "\ue001"
    return (
        expr
        # Shield the dots that do not end a sentence.
        .str.replace_all(rf"(?:\b{_TITLES}|\b(?:\p{{L}}\.)+)", "${0}" + protect)
        .str.replace_all(r"([.!?…]+[\"'»”’)\]]*)\s+", "${1}" + cut)
        .str.replace_all(r"\s*\n\s*", cut)
        .str.replace_all(protect + r"(\s+)?", "${1}", literal=False)
        .str.split(cut)
        .list.eval(pl.element().str.strip_chars().filter(pl.element().str.strip_chars() != ""))
    )


def ngrams(sentence_tokens_expr: pl.Expr, n: int, *, numbers: bool = False) -> pl.Expr:
    """N-grams within sentences from :func:`sentence_tokens` (``list[str]``, words joined by a space).

    This list form is convenient for a few documents; :func:`tassanalysis.terms.term_frequency`
    builds n-grams over a whole corpus without per-row lists.

    Parameters
    ----------
    sentence_tokens_expr : polars.Expr
        :func:`sentence_tokens` output.
    n : int
        Words per n-gram.
    numbers : bool, default False
        Let numbers be words of an n-gram.

    Returns
    -------
    polars.Expr
        ``list[str]``.

    Examples
    --------
    >>> import polars as pl
    >>> toks = sentence_tokens(pl.lit("Foreign Minister Lavrov. Moscow said"))
    >>> pl.select(ngrams(toks, 2)).item().to_list()
    ['foreign minister', 'minister lavrov', 'moscow said']
    """
    keep = r"^[\p{L}\p{N}]" if numbers else r"^\p{L}"
    el = pl.element()
    is_word = el.str.contains(keep)
    segment = (~is_word).cum_sum()
    parts = [el.shift(-k) for k in range(n)]
    same = pl.all_horizontal([is_word.shift(-k).fill_null(False) for k in range(n)]
                             + [segment.shift(-k) == segment for k in range(1, n)])
    return sentence_tokens_expr.list.eval(
        pl.concat_str(parts, separator=" ").filter(same)
    )


# --------------------------------------------------------------------------- stopwords

#: News-wire words that carry no topic (English and Russian).
NEWS_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("""
        said says say saying told tell tells according reported reports report reportedly
        added noted stressed stated explained continued asked
        tass ria interfax reuters ap afp xinhua correspondent news agency
        mr mrs ms dr mr. mrs. ms. dr.
        also would could will may might one two three first last new year years
        today yesterday tomorrow week weeks month months time
        january february march april may june july august september october november december
        jan feb mar apr jun jul aug sep sept oct nov dec
        monday tuesday wednesday thursday friday saturday sunday
        don't didn't doesn't isn't wasn't aren't weren't won't can't couldn't wouldn't
        shouldn't hasn't haven't hadn't i'm i've i'd i'll you're we're they're we've they've
        let's that's there's here's what's who's he's she's it's
        """.split()),
    "ru": frozenset("""
        сказал сказала сказали заявил заявила заявили сообщил сообщила сообщили отметил
        отметила отметили подчеркнул подчеркнула добавил добавила пояснил пояснила
        рассказал рассказала передает передаёт сообщает сообщается говорится
        тасс риа интерфакс корреспондент агентство агентства агентству
        также это этом этого году года год годах время сегодня вчера завтра
        января февраля марта апреля мая июня июля августа сентября октября ноября декабря
        январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь
        понедельник вторник среда среду четверг пятница пятницу суббота субботу
        воскресенье
        г. гг. т.е. т.д. т.п. др.
        """.split()),
}

#: Words of the stopwordsiso lists that are content words in news and are kept.
KEEP_CONTENT_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("""
        state states world information home members member uk un government
        affected adopted act war country countries
        """.split()),
    "ru": frozenset("""
        война войны белый вода дом жизнь земля люди народ мир мира страна страны человек
        власть голова город дело деньги работа россия россии сила
        """.split()),
}


@functools.cache
def _iso_stopwords(language: str) -> frozenset[str]:
    import stopwordsiso

    return frozenset(w.lower() for w in stopwordsiso.stopwords(language))


def stopwords(language: str | Iterable[str] = "en", *, news: bool = True,
              extra: Iterable[str] = (), keep: Iterable[str] = ()) -> frozenset[str]:
    """Return a stopword set.

    Parameters
    ----------
    language
        ``"en"``, ``"ru"`` or several, e.g. ``("en", "ru")``; any language code
        ``stopwordsiso`` knows. An empty tuple gives only ``extra``.
    news
        Add :data:`NEWS_STOPWORDS` (``said``, ``tass``, months, weekdays, …) and take
        :data:`KEEP_CONTENT_WORDS` (``state``, ``world``, ``война``, …) out of the
        generic lists.
    extra
        More words to drop (lower-cased).
    keep
        Words to keep even if a list has them.

    Returns
    -------
    frozenset[str]
        Lower-case words.

    Examples
    --------
    >>> "said" in stopwords("en") and "the" in stopwords("en")
    True
    >>> "world" in stopwords("en"), "world" in stopwords("en", news=False)
    (False, True)
    >>> stopwords((), extra=["Foo"])
    frozenset({'foo'})
    """
    languages = (language,) if isinstance(language, str) else tuple(language)
    words: set[str] = set()
    for lang in languages:
        words |= _iso_stopwords(lang)
        if news:
            words -= KEEP_CONTENT_WORDS.get(lang, frozenset())
            words |= NEWS_STOPWORDS.get(lang, frozenset())
    words |= {w.lower() for w in extra}
    words -= {w.lower() for w in keep}
    return frozenset(words)


# --------------------------------------------------------------------------- stems

@functools.cache
def stemmer_for(script: str):
    """Return the NLTK Snowball stemmer for ``"latin"`` (English) or ``"cyrillic"`` (Russian)."""
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("russian" if script == "cyrillic" else "english")


def stem(word: str) -> str:
    """Stem one word (each part of an n-gram separately), choosing the stemmer by script.

    Examples
    --------
    >>> stem("sanctions"), stem("санкциями"), stem("foreign ministers")
    ('sanction', 'санкц', 'foreign minist')
    """
    if " " in word:
        return " ".join(stem(part) for part in word.split(" "))
    cyrillic = any("\u0400" <= ch <= "\u04ff" for ch in word)
    return stemmer_for("cyrillic" if cyrillic else "latin").stem(word)


def stem_map(terms: pl.DataFrame | pl.Series | Iterable[str], *, column: str = "term"
             ) -> pl.DataFrame:
    """Map each distinct term to its Snowball stem.

    Parameters
    ----------
    terms
        A frame with a ``column`` of terms, a Series, or any iterable of strings.
    column
        The term column of a frame input.

    Returns
    -------
    polars.DataFrame
        ``term`` (str, distinct), ``stem`` (str). Join it back on ``term``.

    Examples
    --------
    >>> stem_map(["sanctions", "sanction", "moscow"]).sort("term").rows()
    [('moscow', 'moscow'), ('sanction', 'sanction'), ('sanctions', 'sanction')]
    """
    if isinstance(terms, pl.DataFrame):
        series = terms.get_column(column)
    elif isinstance(terms, pl.Series):
        series = terms
    else:
        series = pl.Series(list(terms), dtype=pl.String)
    unique = series.drop_nulls().unique().cast(pl.String)
    return pl.DataFrame({"term": unique,
                         "stem": [stem(t) for t in unique.to_list()]},
                        schema={"term": pl.String, "stem": pl.String})


def surface_forms(term_counts: pl.DataFrame, *, term: str = "term", count: str = "count",
                  stems: pl.DataFrame | None = None) -> pl.DataFrame:
    """Return the most frequent surface form of each stem, for display.

    Parameters
    ----------
    term_counts
        A frame with a term column and a count column (e.g. the output of
        :func:`tassanalysis.terms.term_frequency` without stemming).
    stems
        A :func:`stem_map` frame; computed when omitted.

    Returns
    -------
    polars.DataFrame
        ``stem``, ``display`` (the most frequent term of the stem; ties go to the
        alphabetically first), ``count`` (total of the stem).

    Examples
    --------
    >>> import polars as pl
    >>> tc = pl.DataFrame({"term": ["sanctions", "sanction", "moscow"], "count": [5, 2, 3]})
    >>> surface_forms(tc).sort("stem").rows()
    [('moscow', 'moscow', 3), ('sanction', 'sanctions', 7)]
    """
    counts = term_counts.group_by(term).agg(pl.col(count).sum()).rename({term: "term"})
    if stems is None:
        stems = stem_map(counts)
    return (
        counts.join(stems, on="term", how="left")
        .sort(["stem", count, "term"], descending=[False, True, False])
        .group_by("stem", maintain_order=True)
        .agg(display=pl.col("term").first(), count=pl.col(count).sum())
    )


# --- datelines --------------------------------------------------------------------------
# A wire story opens with where and when it was filed, and who filed it:
#   "MOSCOW, February 7. /TASS/."   "МОСКВА, 7 февраля. /ТАСС/."
#   "BAKU, November 11, 17:23 /ITAR-TASS/."   "Washington (CNN)"   "BEIJING, Feb. 7 (Xinhua) --"
#   "WASHINGTON — "
# That opening measures the page, not the news: every text analysis leaves it out unless
# asked (``dateline=True``). Each pattern is anchored at the start and bounded in length,
# so it runs in linear time on any input.
_AGENCY = (r"(?:ITAR-TASS|TASS|ТАСС|ИТАР-ТАСС|РИА Новости|RIA Novosti|Reuters|AP|AFP|UPI|"
           r"CNN|Xinhua|dpa|Interfax|Интерфакс|ANI|PTI|IANS|Bloomberg|EFE|ANSA|Kyodo|Yonhap|"
           r"BelTA|Trend|APA|Sputnik|BBC|Al Jazeera|Anadolu|WAFA|IRNA|Tasnim|PRNewswire|"
           r"Business Wire|GLOBE NEWSWIRE)")
_PLACE = (r"\p{Lu}[\p{L}\p{M}.'’\-]*(?:[ ,]{1,3}\p{Lu}[\p{L}\p{M}.'’\-]*){0,5}"
          r"(?:\s{0,2}[/(][^/()\n]{1,40}[/)])?")  # "INCHEON /Republic of Korea/", "(Severomorsk)"
_WHEN = (r"(?:,?\s{0,3}(?:\p{L}{3,10}\.?\s{1,3}\d{1,2}|\d{1,2}\s{1,3}\p{L}{3,10}\.?)"
         r"(?:,?\s{0,3}\d{4})?(?:,?\s{0,3}\d{1,2}:\d{2})?)?")
DATELINE_PATTERN = (
    r"^\s{0,10}(?:"
    # PLACE, DATE. /TASS/.   (slashes or parentheses around the agency, bylines after it:
    # "/TASS, Maxim Allanazarov/")
    rf"{_PLACE}{_WHEN}\s{{0,3}}[.,]?\s{{0,3}}[/(]\s{{0,2}}{_AGENCY}(?:[.,][^/()\n]{{0,80}})?\s{{0,2}}[/)]\s{{0,3}}[.:,]?[ \t]*(?:[-–—]{{1,2}}[ \t]*)?"
    # PLACE (Agency) — …  /  PLACE, DATE (Agency) -- …
    rf"|{_PLACE}{_WHEN}\s{{0,3}}\({_AGENCY}\)[ \t]*(?:[-–—]{{1,2}}[ \t]*)?"
    # WASHINGTON — Hundreds …  (an all-capitals place, a dash, then a capital letter)
    r"|\p{Lu}{2,}(?:[ ,.]{1,3}\p{Lu}{2,}\.?){0,3}(?:[ \t]{1,3}[-–—]{1,2}|[ \t]{0,3}[–—]{1,2})[ \t]*(?P<next>\p{Lu})"
    r")"
)


def strip_dateline(expr: pl.Expr) -> pl.Expr:
    """The text without its opening dateline (``MOSCOW, March 3. /TASS/.``).

    Only the opening of the text is looked at; words inside a sentence are never
    removed. Recognised: ``PLACE, DATE. /TASS/.`` (and ITAR-TASS, ТАСС, other agencies
    in slashes or parentheses), ``PLACE (Agency)`` with an optional dash, and an
    all-capitals place followed by a dash (``WASHINGTON —``).

    Parameters
    ----------
    expr : polars.Expr
        A string expression (usually ``pl.col("body")``).

    Returns
    -------
    polars.Expr
        The same strings with the dateline removed.

    Examples
    --------
    >>> import polars as pl
    >>> s = pl.Series(["MOSCOW, March 3. /TASS/. Russia said...", "Washington (CNN)Vice President",
    ...                "WASHINGTON — Hundreds of groups", "Moscow talks went on."])
    >>> pl.select(strip_dateline(pl.lit(s))).to_series().to_list()
    ['Russia said...', 'Vice President', 'Hundreds of groups', 'Moscow talks went on.']
    """
    # The full pattern is slow (~5 µs a text), so it runs only where a dateline can be:
    # every dateline has an agency after "/" or "(", or opens with two capitals. Both
    # tests are implied by the pattern, so the result is the same, only faster.
    maybe = (expr.str.contains(r"^\s{0,10}\p{Lu}{2}")
             | expr.str.contains(rf"[/(]\s{{0,2}}{_AGENCY}"))
    # the capitals-and-dash form keeps the capital letter it checked for ("${next}")
    # (the other texts go to the pattern empty: a masked value would still be searched)
    stripped = (pl.when(maybe).then(expr).otherwise(pl.lit(""))
                .str.replace(DATELINE_PATTERN, "${next}"))
    return pl.when(maybe).then(stripped).otherwise(expr)


TEXT_FIELDS = ("title", "lead", "body")


def analysis_text(text: str | Iterable[str] = "body", *, dateline: bool = False,
                  columns: Iterable[str] | None = None) -> pl.Expr:
    """The text an analysis reads: one column, or several joined by a blank line.

    This is the one place where every analysis (terms, actors, topics) gets its text,
    so all of them count the same words. ``body`` loses its opening dateline unless
    ``dateline=True``; a null field is skipped.

    Parameters
    ----------
    text : str or iterable of str, default "body"
        The column(s) to read, e.g. ``("title", "lead", "body")``.
    dateline : bool, default False
        Keep the body's opening dateline (``MOSCOW, March 3. /TASS/.``).
    columns : iterable of str, optional
        The columns the frame has; text fields it lacks are left out (so a frame
        without ``lead`` still works with the default fields).

    Returns
    -------
    polars.Expr
        A string expression.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"title": ["Talks"], "body": ["MOSCOW, March 3. /TASS/. Talks began."]})
    >>> df.select(analysis_text(("title", "body"), columns=df.columns)).item()
    'Talks\\n\\nTalks began.'
    """
    names = [text] if isinstance(text, str) else list(text)
    if not names or not all(isinstance(c, str) for c in names):
        raise TypeError("analysis_text takes column names and returns an expression, e.g. "
                        "corpus.select(analysis_text(('title', 'body'), columns=corpus.columns))"
                        f"; got {type(text).__name__}")
    if columns is not None:
        have = set(columns)
        present = [c for c in names if c in have]
        if not present:
            raise ValueError(f"none of the text columns {names} is in the corpus")
        names = present
    parts = [strip_dateline(pl.col(c)) if c == "body" and not dateline else pl.col(c)
             for c in names]
    if len(parts) == 1:
        return parts[0].fill_null("")
    return pl.concat_str(parts, separator="\n\n", ignore_nulls=True)
