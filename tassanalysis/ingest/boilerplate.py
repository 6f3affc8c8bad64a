"""Page chrome inside article text: found per source, removed only as whole lines.

Scrapers keep share bars, sign-offs, edition lines, newsletter pitches and
related-story links in the text of many articles of one outlet. They are page
chrome, not news, and must not reach term counts; article text must never be cut.
So the unit removed is a whole line (a paragraph of the body) or a whole sentence
of one (where a scrape flattened paragraphs into one line), never words of a
sentence:

* a line found in at least ``min_share`` of a source's articles (compared with
  links, dates and page numbers normalized, so ``01/27/2017 page32`` and
  ``02/03/2017 page7`` match; other figures must be the same) is removed when
  it sits at the start or the end of a body, next to other such lines (a line
  that is a sentence of six words or more needs ``interior_share``);
* a line found in at least ``interior_share`` of a source's articles is removed
  wherever it is (a share bar between paragraphs);
* known site chrome is removed in any source: ``READ MORE: <headline>`` links
  (Al Jazeera; also ``WATCH:``, ``RELATED:``, ``SEE ALSO:``, CNN's ``Related:``, the
  BBC's ``Read more on <topic> here: <headline>``), ``pic.twitter.com/…``
  links, closing "Follow … on Twitter" lines, and rows of share buttons
  (:func:`remove_share_rows`: DW's "Send Facebook Twitter Google+ … Permalink
  http://dw.com/p/…");
* related-story links flattened into a body: the title of another record of the
  same input file standing between two sentences (:func:`related_titles`).

Lines in formulaic wire copy (``Shr 39 cts vs 50 cts``) differ in their figures,
so they are never identical across articles and stay. What is removed is kept in
the ``boilerplate`` column of each article, and the ingest summary reports the
words removed per source. (Lines repeated across page dumps are learned by
:func:`tassanalysis.ingest.tass_text.learn_boilerplate` before parsing.)

Examples
--------
>>> import polars as pl
>>> frame = pl.DataFrame({"source": ["ex.org"], "body": ["Talks ended.\\n\\nREAD MORE: Old talks"]})
>>> cleaned, _ = strip_source_boilerplate(frame)
>>> cleaned["body"].to_list(), cleaned["boilerplate"].to_list()
(['Talks ended.'], [['READ MORE: Old talks']])
"""

from __future__ import annotations

import itertools
import re

import polars as pl

from tassanalysis.ingest.clean import DATELINE

__all__ = ["related_titles", "remove_share_rows", "remove_site_chrome",
           "strip_boilerplate_counted",
           "strip_source_boilerplate"]

_PROFILE_SCHEMA = {"source": pl.String, "column": pl.String, "fragment": pl.String,
                   "docs": pl.UInt32, "share": pl.Float64}
_LIST = pl.List(pl.String)
#: The labels of share buttons, as scrapes flatten them into the text.
_SHARE_BUTTONS = ("Facebook", "Twitter", r"Google\+", "Google", "WhatsApp", "Tumblr", "LinkedIn",
                  "StumbleUpon", "stumble", "Digg", "Reddit", "Newsvine", "Pinterest", "Telegram",
                  "VK", "Viber", "Messenger", "Xing", "Flipboard", "Pocket", "E-?mail", "Print",
                  "Tweet")
_BUTTON = "(?i:" + "|".join(_SHARE_BUTTONS) + r")(?!\w)"
#: A quick test for texts that may hold known site chrome.
_SITE_CHROME = (r"READ MORE:|WATCH:|RELATED:|SEE ALSO:|ALSO READ:|Related: |Read more (?:on|about) "
                r"|(?i:pic\.twitter\.com/|\bFollow\b[^\n]{0,160}\bon Twitter\b)"
                + ("|" + "[ \t]+".join(["(?i:" + "|".join(_SHARE_BUTTONS) + ")"] * 4)))
#: A row of share buttons: an optional "Send"/"Share" label, four or more button labels
#: with nothing but spaces between them, and a "Permalink <link>" after them if the page
#: has one. Words of a sentence are never such a run (a sentence lists names with commas
#: and "and").
_SHARE_ROW = re.compile(
    r"(?:\b(?:Send|Share(?: this(?: article| story)?)?(?: on)?)[ \t]*:?[ \t]+)?"
    rf"\b{_BUTTON}(?:[ \t]+{_BUTTON}){{3,}}"
    r"(?P<link>[ \t]+Permalink(?:[ \t]+(?:https?://|www\.)\S+)?)?")
#: Where a row may stand: after the start of the text or of a line, or a sentence (a
#: row with a permalink also after a heading); and before the end of the text or of a
#: line, the capital of the next unit, a dash or an authors' sign-off ("mm/jm (AFP)"),
#: never before the lower-case rest of a sentence.
_ROW_BEFORE = re.compile(r"(?:^|\n|[.!?:][\"”’')\]]?)[ \t]*$")
_ROW_AFTER = re.compile(r"(?:[ \t]*$|[ \t]*\n|[ \t]+[-–—]"
                        r"|[ \t]+[a-z]{1,5}(?:, ?[a-z]{1,5})*/(?:[a-z]{1,5}(?:, ?[a-z]{1,5})*)?"
                        r"(?=[\s(/-]|$)|[ \t]+[\"'“‘«(]?(?P<next>\w))")
_PIC_LINK = re.compile(r"\s*(?:https?://)?pic\.twitter\.com/\w+")
_FOLLOW_TAIL = re.compile(r"(?:^|(?<=[.!?\"”]\s))(?:[—–-]\s*|[\"“]\s*)?(?:More:\s*)?Follow\b[^\n]{0,300}?\bon Twitter\b"
                          r"[^\n]*$")
_WORD = re.compile(r"\S+")
#: A parenthesized note closing a line, "(Example Weekly 01/27/2017 page32)": a unit.
_CLOSING_NOTE = r" +(\([^()\n]{3,100}\))$"
#: Where one sentence ends and the next begins inside a line (a link ends a unit too).
_SENTENCE_GAP = r"([.!?][\"”’')\]]?-?|(?:https?://|www\.)\S+) +([\p{Lu}(\[])"


#: Words that start a sentence but sit in a sentence-case headline only as its first word.
_STARTERS = frozenset("""
    a an the in on at it its he she they we you his her their our this that these those there
    here but and as while when since after before although though however meanwhile for under
    according despite last earlier later nationally yet so if with by from of to among amid
    during nevertheless still moreover instead also now then separately speaking asked
    some many most several both each
""".split())
_QUOTES = "'\"‘’“”«»"
#: A link label and the headline after it: a whole unit of page chrome.
_LINK_LABEL = re.compile(r"(?:^|(?<=\s))(?:(?:READ MORE|WATCH|RELATED|SEE ALSO|ALSO READ|Related)"
                         r"|Read more (?:on|about) [^.:!?\n]{1,60} here):-?\s*")
_LINK_LABELS = ("READ MORE:", "WATCH:", "RELATED:", "SEE ALSO:", "ALSO READ:", "Related: ",
                "Read more on ", "Read more about ")


#: Characters after a link label looked at for its headline (18 words fit many times over).
_HEADLINE_WINDOW = 4000


def _headline_end(text: str, start: int = 0) -> int:
    """End of the linked headline after a label such as ``READ MORE:``.

    Scrapes that flatten paragraphs glue the headline to the story's next sentence
    ("READ MORE: Big hopes for the New Gambia It wasn't only activists ..."). The
    headline (sentence case, at most 18 words) ends before the first of: a word that
    starts sentences but never stands capitalised inside such a headline ("It",
    "The", "In", "While"); a capitalised word after a closing quote, ``?`` or ``!``;
    a capitalised word after a lower-case one. A capital after a colon or a dash is
    still the headline ("Kathrada: The Robben Island diaries"). Found nothing: a short
    line is the headline; in a long one only the label is removed, so article words
    never go with it (on 40 hand-read Al Jazeera links: 33 exact, none too long).
    """
    # Linear work per label: only the line's first 19 words are looked at, in place (no
    # copy of the rest of the text), so a text of many labels costs no more than its length.
    end_of_line = text.find("\n", start, start + _HEADLINE_WINDOW)
    if end_of_line < 0:  # a line longer than any headline: never removed whole
        end_of_line = min(len(text), start + _HEADLINE_WINDOW)
        if end_of_line < len(text):
            words = list(itertools.islice(_WORD.finditer(text, start, end_of_line), 19))
            if len(words) <= 18:
                return 0
    words = list(itertools.islice(_WORD.finditer(text, start, end_of_line), 19))
    starter = strong = fallback = None
    for i in range(1, min(len(words), 18)):
        prev, cur = words[i - 1].group(), words[i].group()
        if prev.endswith(".") and len(prev) > 3 and not prev[-2].isupper():
            break  # a sentence ended: the headline was over before it
        core = cur.lstrip(_QUOTES)
        if not core or not core[0].isupper() or prev.endswith(":") or prev in ("-", "–", "—"):
            continue
        last = prev[-1]
        word = core.rstrip(",;:").lower()
        if starter is None and (word in _STARTERS or (word == "i" and core != cur)):
            starter = i
        if strong is None and (last in "?!" or last in _QUOTES):
            strong = i
        if fallback is None and (last in ".!?" or (prev.strip(_QUOTES)[:1].islower()
                                                   and prev.rstrip(_QUOTES)[-1:].isalnum())):
            fallback = i
    pick = next((p for p in (starter, strong, fallback) if p is not None), None)
    if pick is None:
        return end_of_line - start if len(words) <= 18 else 0
    return words[pick - 1].end() - start


def remove_share_rows(text: str) -> tuple[str, list[str]]:
    """Remove rows of share buttons from one text; return the text and the rows removed.

    A row is four or more share-button labels ("Facebook Twitter Google+ Whatsapp")
    with nothing but spaces between them, after an optional "Send" or "Share" label.
    It is removed where it stands between two units of the text: after the start of
    the text or of a line, or a sentence (one that ends in DW's ``Permalink <link>``
    also after a heading), and before the end of the text or of a line, the next
    sentence or an authors' sign-off. A row followed by the lower-case rest of a
    sentence stays, and nothing else of the text is touched.

    Examples
    --------
    >>> remove_share_rows("Talks ended. Send Facebook Twitter Google+ Whatsapp Tumblr "
    ...                   "Permalink http://dw.com/p/2Vash cw/kms (AFP)")
    ('Talks ended. cw/kms (AFP)', ['Send Facebook Twitter Google+ Whatsapp Tumblr Permalink http://dw.com/p/2Vash'])
    >>> remove_share_rows("Share Facebook Twitter Email Print\\nTalks ended.")
    ('Talks ended.', ['Share Facebook Twitter Email Print'])
    >>> remove_share_rows("Users of Facebook, Twitter, Google+ and Tumblr were told.")[1]
    []
    """
    removed: list[str] = []
    out, pos = [], 0
    for m in _SHARE_ROW.finditer(text):
        after = _ROW_AFTER.match(text, m.end())
        if (after is None or (after.group("next") is not None
                              and not after.group("next")[0].isupper()
                              and not after.group("next")[0].isdigit())
                or not (m.group("link")
                        or _ROW_BEFORE.search(text, max(0, m.start() - 12), m.start()))):
            continue
        out.append(text[pos:m.start()])
        removed.append(m.group().strip())
        pos = m.end()
    if not removed:
        return text, removed
    out.append(text[pos:])
    text = "".join(out)
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r"[ \t]+\n|\n[ \t]+", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip(), removed


def remove_site_chrome(text: str) -> tuple[str, list[str]]:
    """Remove known site chrome from one text; return the text and what was removed.

    Examples
    --------
    >>> remove_site_chrome("He spoke. READ MORE: Israeli settlement law 'violates rights' "
    ...                    "Trump is more sympathetic. See pic.twitter.com/AbC12")
    ('He spoke. Trump is more sympathetic. See', ["READ MORE: Israeli settlement law 'violates rights'", 'pic.twitter.com/AbC12'])
    >>> remove_site_chrome("Talks ended.\\n\\nFollow Jane Doe on Twitter at @jdoe")
    ('Talks ended.', ['Follow Jane Doe on Twitter at @jdoe'])
    >>> remove_site_chrome("Talks ended. — Follow Jane Doe on Twitter at http://twitter.com/jdoe")
    ('Talks ended.', ['— Follow Jane Doe on Twitter at http://twitter.com/jdoe'])
    """
    removed: list[str] = []
    original = text
    if any(label in text for label in _LINK_LABELS):
        out, pos = [], 0
        for m in _LINK_LABEL.finditer(text):
            end = m.end() + _headline_end(text, m.end())
            out.append(text[pos:m.start()])
            removed.append(text[m.start():end].strip())
            pos = end
        out.append(text[pos:])
        text = "".join(out)
    if "pic.twitter.com/" in text:
        removed += [m.group().strip() for m in _PIC_LINK.finditer(text)]
        text = _PIC_LINK.sub("", text)
    if "Twitter" in text:
        last = text.rstrip().rsplit("\n", 1)
        m = _FOLLOW_TAIL.search(last[-1])
        if m is not None and len(m.group().split()) <= 60:
            removed.append(m.group().strip())
            last[-1] = last[-1][:m.start()]
            text = "\n".join(last)
    text, rows = remove_share_rows(text)
    removed += rows
    if not removed:
        return original, removed
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r" +\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return text, removed


#: Fewest words a title needs before its copy in another record's body counts as a link.
_MIN_TITLE_WORDS = 4
#: What may stand before a glued headline: the start of the text or of a line, or the
#: end of a sentence (a closing quote or bracket after it included).
_BEFORE_TITLE = re.compile(r"(?:^|\n|[.!?][\"”’')\]]?)\s*$")
#: What may follow it: the end of the text or of a line, or the next sentence's capital.
_AFTER_TITLE = re.compile(r"^(?:\s*$|\s*\n|\s+[\"“‘(]?[A-Z0-9])")


def related_titles(frame: pl.DataFrame) -> tuple[pl.Series, pl.Series]:
    """Move the titles of other records of the same input, glued into a body, out of it.

    Scrapes that flatten a page keep its related-story links inside the text
    ("...demanded he resign. Russia looms large behind Flynn affair The Democrats...").
    A body's copy of the title of another record of its own input file (at least
    four words) is such a link when it stands between sentences: after the start
    of the text or a line or a sentence's end, and before the end, a line break or
    a capital — a sentence never runs on that way, so no word of one is removed. A
    title that ends a sentence with its own full stop is a sentence, and stays.
    Only the record's own input is read, never the rest of the corpus, so a run
    over the same inputs removes the same words.

    Parameters
    ----------
    frame
        Articles with ``origin`` (``file:row``), ``title`` and ``body``.

    Returns
    -------
    tuple[pl.Series, pl.Series]
        The bodies without the glued titles, and per article the titles removed.

    Examples
    --------
    >>> import polars as pl
    >>> frame = pl.DataFrame({
    ...     "origin": ["a.csv:1", "a.csv:2"],
    ...     "title": ["Flynn quits as adviser", "Russia looms large behind Flynn affair"],
    ...     "body": ["He demanded he resign. Russia looms large behind Flynn affair The "
    ...              "Democrats want an inquiry.", "Text."]})
    >>> body, removed = related_titles(frame)
    >>> body[0], removed[0].to_list()
    ('He demanded he resign. The Democrats want an inquiry.', ['Russia looms large behind Flynn affair'])
    """
    n = frame.height
    bodies = frame["body"].cast(pl.String)
    none = pl.Series("removed", [[]] * n, dtype=_LIST)
    if n < 2 or not {"origin", "title", "body"} <= set(frame.columns):
        return bodies, none
    from tassanalysis.ingest.scan import RECORD_SUFFIX

    files = frame.select(pl.col("origin").str.replace(RECORD_SUFFIX, "").alias("file"),
                         pl.col("title").str.strip_chars().alias("title"))
    texts = bodies.to_list()
    lists: list[list[str]] = [[] for _ in range(n)]
    changed = False
    for (_file,), group in files.with_row_index("i").group_by("file"):
        titles = [t for t in group["title"].drop_nulls().unique().to_list()
                  if len(t.split()) >= _MIN_TITLE_WORDS and t[-1:] not in ".!?"]
        if not titles:
            continue
        rows = group["i"].to_list()
        hits = (pl.Series([texts[i] for i in rows], dtype=pl.String).fill_null("")
                .str.extract_many(titles, overlapping=True, ascii_case_insensitive=False))
        for i, found in zip(rows, hits.to_list(), strict=True):
            own = frame["title"][i]
            for title in sorted(set(found or []) - {own.strip() if own else None},
                                key=len, reverse=True):
                text, cut = _cut_glued(texts[i], title)
                if cut:
                    texts[i], changed = text, True
                    lists[i] += cut
    if not changed:
        return bodies, none
    return (pl.Series(bodies.name, texts, dtype=pl.String),
            pl.Series("removed", lists, dtype=_LIST))


def _cut_glued(text: str, title: str) -> tuple[str, list[str]]:
    """``text`` without each copy of ``title`` that stands between sentences."""
    cut: list[str] = []
    out, pos = [], 0
    start = text.find(title)
    while start >= 0:
        end = start + len(title)
        if (_BEFORE_TITLE.search(text[max(0, start - 4):start] if start else "")
                and _AFTER_TITLE.match(text[end:end + 3])
                and text[:start].strip() and text[end:].strip()):
            out.append(text[pos:start])
            cut.append(title)
            pos = end
        start = text.find(title, end)
    if not cut:
        return text, cut
    out.append(text[pos:])
    joined = "".join(out)
    joined = re.sub(r"[ \t]{2,}", " ", joined)
    joined = re.sub(r" +\n", "\n", joined)
    return re.sub(r"\n{3,}", "\n\n", joined).strip(), cut


def strip_source_boilerplate(frame: pl.DataFrame, *, min_docs: int = 20, min_share: float = 0.05,
                             interior_share: float = 0.15, max_removed: float = 0.5,
                             columns: tuple[str, ...] = ("body", "lead"),
                             ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Remove the lines each source repeats across many of its articles, and site chrome.

    Parameters
    ----------
    frame
        Articles with a ``source`` column and the text ``columns``; a
        ``boilerplate`` list column, when present, is extended with what is
        removed (and added when absent).
    min_docs
        Sources with fewer articles are not profiled (site chrome is still removed).
    min_share
        Share of a source's articles an edge line must be found in (at least two).
    interior_share
        Share a line must be found in, word for word, to be removed between
        paragraphs.
    max_removed
        Largest share of one text's words that may be removed; an article that
        *is* mostly the repeated text stays as it is.
    columns
        Text columns to clean, each on its own (missing ones are skipped).

    Returns
    -------
    tuple[pl.DataFrame, pl.DataFrame]
        The frame with cleaned text (same rows and order) and its ``boilerplate``
        column, and the profile of what was removed: ``source, column, fragment,
        docs, share`` (one row per distinct line, with an example of it as
        printed, the articles it was removed from and their share of the source).

    Examples
    --------
    >>> import polars as pl
    >>> bodies = [f"Story number {i} is here.\\n\\nShare on Facebook Twitter Email" for i in range(20)]
    >>> cleaned, profile = strip_source_boilerplate(pl.DataFrame({"source": ["ex.org"] * 20,
    ...                                                           "body": bodies}))
    >>> cleaned["body"][0], profile.select("fragment", "docs").row(0)
    ('Story number 0 is here.', ('Share on Facebook Twitter Email', 20))
    """
    out = frame
    if "boilerplate" not in out.columns:
        out = out.with_columns(pl.lit([], dtype=_LIST).alias("boilerplate"))
    if "body" in columns and {"origin", "title", "body"} <= set(out.columns):
        body, glued = related_titles(out)
        out = out.with_columns(body.cast(out.schema["body"]).alias("body"),
                               pl.concat_list([pl.col("boilerplate").fill_null([]), glued])
                               .alias("boilerplate"))
    profiles = [pl.DataFrame(schema=_PROFILE_SCHEMA)]
    for column in columns:
        if column not in frame.columns or "source" not in frame.columns:
            continue
        text, removed, profile = _strip_column(out, column, min_docs=min_docs,
                                               min_share=min_share, interior_share=interior_share,
                                               max_removed=max_removed)
        out = out.with_columns(text.alias(column),
                               pl.concat_list([pl.col("boilerplate").fill_null([]), removed])
                               .alias("boilerplate"))
        profiles.append(profile)
    profile = pl.concat(profiles).sort(["source", "column", "docs", "fragment"],
                                       descending=[False, False, True, False])
    return out, profile


def _strip_column(frame: pl.DataFrame, column: str, *, min_docs: int, min_share: float,
                  interior_share: float, max_removed: float
                  ) -> tuple[pl.Series, pl.Series, pl.DataFrame]:
    original = frame[column]
    dtype = original.dtype
    texts = original.cast(pl.String)
    n = len(texts)
    none = pl.Series("removed", [[]] * n, dtype=_LIST)
    empty_profile = pl.DataFrame(schema=_PROFILE_SCHEMA)
    if n == 0:
        return original, none, empty_profile

    # 1. known site chrome, in the few texts that hold it
    site_removed = none
    flagged = texts.str.contains(_SITE_CHROME).fill_null(False).arg_true()
    if len(flagged):
        pairs = [remove_site_chrome(t) for t in texts.gather(flagged).to_list()]
        texts = texts.scatter(flagged, pl.Series([p[0] for p in pairs], dtype=pl.String))
        lists: list[list[str]] = [[] for _ in range(n)]
        for i, pair in zip(flagged.to_list(), pairs, strict=True):
            lists[i] = pair[1]
        site_removed = pl.Series("removed", lists, dtype=_LIST)

    # 2. lines repeated across a source's articles
    docs = pl.DataFrame({"doc": pl.int_range(n, dtype=pl.UInt32, eager=True),
                         "source": frame["source"], "text": texts})
    sizes = (docs.filter(pl.col("text").str.len_bytes() > 0).group_by("source")
             .agg(pl.len().alias("n_docs"))
             .filter(pl.col("n_docs") >= max(min_docs, 1))
             .with_columns((pl.col("n_docs") * min_share).ceil().clip(lower_bound=2)
                           .alias("edge_needed"),
                           (pl.col("n_docs") * interior_share).ceil().clip(lower_bound=2)
                           .alias("interior_needed")))
    line_removed = none
    if sizes.height:
        lines = (
            docs.join(sizes, on="source", how="inner")
            .filter(pl.col("text").str.len_bytes() > 0)
            .with_columns(pl.col("text").str.split("\n").alias("line"))
            .drop("text").explode("line")
            .with_columns(pl.int_range(pl.len(), dtype=pl.UInt32).over("doc").alias("line_no"))
            # whole sentences are the units within a line (texts whose paragraphs were
            # flattened into one line keep their chrome as a sentence of its own)
            .with_columns(pl.col("line").str.replace_all(_SENTENCE_GAP, "$1\u2029$2")
                          .str.replace(_CLOSING_NOTE, "\u2029$1").str.split("\u2029"))
            .explode("line")
            .with_columns(pl.int_range(pl.len(), dtype=pl.UInt32).over("doc").alias("pos"))
            .with_columns(
                pl.col("line").str.strip_chars().str.to_lowercase()
                .str.replace_all(r"\s+", " ").alias("exact"))
            .with_columns(
                # links, dates and page numbers vary in chrome; other figures are news
                pl.col("exact").str.replace_all(r"(?:https?://|www\.)\S+", "URL")
                .str.replace_all(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b", "DATE")
                .str.replace_all(r"\bpage ?\d+", "page").alias("loose"),
                (pl.col("exact").str.len_bytes() > 0).alias("filled"))
        )
        filled = lines.filter("filled")
        loose_docs = (filled.unique(["doc", "loose"]).group_by("source", "loose")
                      .agg(pl.len().alias("loose_docs")))
        lines = (
            lines.join(loose_docs, on=["source", "loose"], how="left")
            .with_columns(
                # a sentence of some length needs the interior share to count as chrome
                (pl.col("filled") & (pl.col("loose_docs") >= pl.when(
                    pl.col("exact").str.contains(r"\S+(?:\s+\S+){5,}[.!?][\"”’']?$"))
                    .then(pl.col("interior_needed")).otherwise(pl.col("edge_needed"))))
                .fill_null(False).alias("edge_like"),
                (pl.col("filled") & (pl.col("loose_docs") >= pl.col("interior_needed")))
                .fill_null(False).alias("everywhere"))
            .with_columns((pl.col("edge_like") | ~pl.col("filled")).alias("clear"))
            .with_columns(
                # a run of chrome (blank lines between) from the start or from the end
                pl.col("clear").cast(pl.Int8).cum_min().over("doc").cast(pl.Boolean).alias("top"),
                pl.col("clear").cast(pl.Int8).reverse().cum_min().reverse().over("doc")
                .cast(pl.Boolean).alias("bottom"))
            .with_columns((pl.col("filled") & (pl.col("everywhere") | (
                pl.col("edge_like") & (pl.col("top") | pl.col("bottom"))))
                # an opening dateline ("MOSCOW, February 7. /TASS/.") is news, never chrome
                & ~((pl.col("pos") == 0) & pl.col("line").str.contains(DATELINE))).alias("drop"))
            .with_columns(pl.col("line").str.count_matches(r"\S+").alias("words"))
            .with_columns(
                (pl.col("words").filter("drop").sum().over("doc")
                 > max_removed * pl.col("words").sum().over("doc")).alias("too_much"))
            .with_columns((pl.col("drop") & ~pl.col("too_much")).alias("drop"))
        )
        changed = lines.filter(pl.col("drop").any().over("doc"))
        if changed.height:
            rebuilt = (
                changed.group_by("doc", "line_no", maintain_order=True).agg(
                    pl.col("line").filter(~pl.col("drop")).str.join(" ").alias("kept"),
                    pl.col("line").filter(pl.col("drop")).alias("removed"))
                .group_by("doc", maintain_order=True).agg(
                    pl.col("kept").str.join("\n").alias("new"),
                    pl.col("removed").list.explode(keep_nulls=False, empty_as_null=False)
                    .str.strip_chars())
                .with_columns(pl.col("new").str.replace_all(r"\n{3,}", "\n\n").str.strip_chars())
            )
            idx = rebuilt["doc"].cast(pl.Int64)
            texts = texts.scatter(idx, rebuilt["new"])
            line_removed = (
                pl.DataFrame({"doc": pl.int_range(n, dtype=pl.UInt32, eager=True)})
                .join(rebuilt.select("doc", "removed"), on="doc", how="left",
                      maintain_order="left")
                .select(pl.col("removed").fill_null(pl.lit([], dtype=_LIST))).to_series())
            profile = (
                changed.filter("drop").group_by("source", "loose")
                .agg(pl.col("line").str.strip_chars().first().alias("fragment"),
                     pl.col("doc").n_unique().cast(pl.UInt32).alias("docs"))
                .join(sizes.select("source", "n_docs"), on="source")
                .select("source", pl.lit(column).alias("column"), "fragment", "docs",
                        (pl.col("docs") / pl.col("n_docs")).alias("share"))
            )
        else:
            profile = empty_profile
    else:
        profile = empty_profile
    removed = pl.select(pl.concat_list([site_removed, line_removed])).to_series()
    return texts.cast(dtype).alias(column), removed.alias("removed"), profile


def strip_boilerplate_counted(frame: pl.DataFrame
                              ) -> tuple[pl.DataFrame, dict[str, dict[str, int]]]:
    """Apply :func:`strip_source_boilerplate`; count articles changed and words removed.

    Parameters
    ----------
    frame
        Articles in the canonical schema, with their source.

    Returns
    -------
    tuple[pl.DataFrame, dict[str, dict[str, int]]]
        The cleaned frame and ``{source: {"articles": n, "words": w}}`` for the
        sources something was removed from (sorted).

    Examples
    --------
    >>> from tassanalysis.schema import empty_corpus
    >>> strip_boilerplate_counted(empty_corpus())[1]
    {}
    """
    before = frame["boilerplate"].list.len() if "boilerplate" in frame.columns else None
    cleaned, _profile = strip_source_boilerplate(frame)
    new = cleaned["boilerplate"]
    if before is not None:
        new = pl.DataFrame({"new": new, "before": before}).select(
            pl.col("new").list.slice(pl.col("before"))).to_series()
    counts = (
        pl.DataFrame({"source": cleaned["source"], "removed": new})
        .filter(pl.col("removed").list.len() > 0)
        .with_columns(pl.col("removed").list.eval(pl.element().str.count_matches(r"\S+")).list.sum()
                      .alias("words"))
        .group_by("source").agg(pl.len().alias("articles"), pl.col("words").sum())
        .sort("source")
    )
    return cleaned, {s: {"articles": int(a), "words": int(w)}
                     for s, a, w in counts.iter_rows()}
