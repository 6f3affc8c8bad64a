"""Finding gazetteer actors in text: one exact multi-pattern pass.

How a match is found (:func:`find_patterns`, the per-partition kernel):

1. **Candidates.** One Aho-Corasick pass (the ``ahocorasick_rs`` DFA,
   leftmost-longest) over the UTF-8 bytes of all texts at once, straight from the
   Arrow buffer of the text column, in a few pieces searched in parallel threads. It
   gives each candidate's pattern and byte span. At any position the longest pattern
   wins, so "Bank of Russia" is one organization, not also the country.
2. **Word boundaries.** The character before the start and after the end of each
   candidate, decoded from the UTF-8 bytes, must not be a letter or digit (in any
   script). So "UN" does not match in "UNIX", "Iran" not in "Iranian", while
   "Russia's", "Putin’s", "anti-Putin" and "U.S.-led" do.

The boundary test, like every step after the search, is vectorized NumPy over the
candidates.

A candidate that fails the boundary test has consumed its bytes, so a pattern that
would start inside it is not tried; a real name never starts inside another word, so
this loses nothing in practice, and it keeps the search to one pass.

Then (:func:`actor_mentions`) each match is resolved: a role alias to the actor who
held the role on the article's date, an ambiguous form (a surname several persons
share, a role with no holder on that date) kept with its candidates and no
``actor_id``, and the publisher's own name in its own articles ("told TASS") dropped:
it is attribution, not a mention. Datelines never reach the matcher, because the text
comes from :func:`tassanalysis.text.analysis_text`.

The byte offsets become characters, paragraphs and sentences in
:mod:`tassanalysis.actors.units`, vectorized over all matches. The module is a little
over 550 lines because the kernel and the resolution rules share the same arrays and
are read together.

Examples
--------
>>> import polars as pl
>>> from tassanalysis.actors.match import actor_mentions
>>> from datetime import datetime, timezone
>>> corpus = pl.DataFrame({"doc_id": ["a"], "source": ["tass.com"],
...     "published_at": [datetime(2017, 3, 1, tzinfo=timezone.utc)],
...     "title": ["Lavrov, Tillerson talk"],
...     "body": ["MOSCOW, March 1. /TASS/. Russia's top diplomat Sergey Lavrov told TASS "
...              "he met the US Secretary of State in Bonn."]})
>>> actor_mentions(corpus).select("actor_id", "alias", "start", "nested_in").rows()
[('lavrov', 'Lavrov', 0, None), ('tillerson', 'Tillerson', 8, None), ('ru', 'Russia', 24, "Russia's top diplomat"), ('lavrov', 'Sergey Lavrov', 46, None), ('tillerson', 'US Secretary of State', 81, None), ('us', 'US', 81, 'US Secretary of State')]
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import ahocorasick_rs
import numpy as np
import polars as pl
import pyarrow as pa

from tassanalysis.actors.gazetteer import Gazetteer, gazetteer_of
from tassanalysis.actors.units import locate
from tassanalysis.text import TEXT_FIELDS, analysis_text

__all__ = ["Matcher", "actor_mentions", "find_patterns", "matcher_for", "nested_table", "with_nested"]

_CHUNK_ROWS = 100_000
_MIN_SLICE_ROWS = 20_000  # smaller slices are not worth a thread


@dataclass(frozen=True)
class Matcher:
    """A gazetteer compiled for matching (see :func:`matcher_for`).

    Attributes
    ----------
    patterns : polars.DataFrame
        The gazetteer's patterns (:meth:`Gazetteer.patterns`) with ``pattern_id``.
    search : list of str
        The patterns, longest first.
    lengths : numpy.ndarray
        Byte length of each pattern, by ``pattern_id``.
    automaton : ahocorasick_rs.BytesAhoCorasick or None
        The Aho-Corasick automaton (a DFA, leftmost-longest) over the patterns' UTF-8
        bytes, in ``pattern_id`` order; ``None`` without patterns.
    """

    patterns: pl.DataFrame
    search: list[str]
    lengths: np.ndarray
    automaton: object

    @classmethod
    def from_patterns(cls, patterns: pl.DataFrame | Iterable[str]) -> Matcher:
        """Compile a pattern frame (column ``pattern``) or a plain list of strings.

        Examples
        --------
        >>> m = Matcher.from_patterns(["UN", "UNIX"])
        >>> m.search
        ['UNIX', 'UN']
        """
        if not isinstance(patterns, pl.DataFrame):
            patterns = pl.DataFrame({"pattern": list(dict.fromkeys(patterns))},
                                    schema={"pattern": pl.String})
        patterns = patterns.with_row_index("pattern_id")
        encoded = [p.encode("utf-8") for p in patterns["pattern"]]
        if any(not b for b in encoded):
            raise ValueError("a pattern is empty: every alias needs at least one character")
        if len(set(encoded)) < len(encoded):
            raise ValueError("patterns must be distinct")
        lengths = np.array([len(b) for b in encoded], dtype=np.int64)
        order = np.argsort(-lengths, kind="stable")
        automaton = (ahocorasick_rs.BytesAhoCorasick(
            encoded, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
            implementation=ahocorasick_rs.Implementation.DFA) if encoded else None)
        return cls(patterns=patterns, search=[patterns["pattern"][int(i)] for i in order],
                   lengths=lengths, automaton=automaton)


def matcher_for(gazetteer: Gazetteer, *, metonyms: bool = False) -> Matcher:
    """The compiled :class:`Matcher` of a gazetteer (built once, then cached).

    Examples
    --------
    >>> from tassanalysis.actors.gazetteer import load_gazetteer
    >>> m = matcher_for(load_gazetteer())
    >>> len(m.search) > 1500
    True
    """
    key = ("matcher", metonyms)
    if key not in gazetteer._cache:
        gazetteer._cache[key] = Matcher.from_patterns(gazetteer.patterns(metonyms=metonyms))
    return gazetteer._cache[key]


#: Actor types that may be named inside a longer alias (a nested mention).
NESTABLE_TYPES = ("country", "organization")


def nested_table(gazetteer: Gazetteer, matcher: Matcher) -> pl.DataFrame:
    """The actors named inside each role or organization alias: one row per nesting.

    A role alias ("US Secretary of State", "министр иностранных дел России") or an
    organization alias ("Russia's Defense Ministry", "МИД Ирана") that contains the
    name of a country or organization as a noun, at word boundaries, also names that
    actor: a *nested* mention. Adjectives are not names ("Russian Foreign Ministry"
    names no country), so they nest nothing.

    Returns
    -------
    polars.DataFrame
        ``host`` (``pattern_id`` of the longer form), ``pattern_id`` (the nested form),
        ``offset``, ``offset_end`` (its byte span inside the host).

    Examples
    --------
    >>> from tassanalysis.actors.gazetteer import load_gazetteer
    >>> gaz = load_gazetteer()
    >>> m = matcher_for(gaz)
    >>> t = nested_table(gaz, m).join(m.patterns.select(pl.col("pattern_id").cast(pl.Int64),
    ...     "pattern"), left_on="host", right_on="pattern_id")
    >>> sorted(m.patterns["pattern"][i] for i in t.filter(pattern="Глава МИД России")["pattern_id"])
    ['МИД России', 'России']
    """
    key = ("nested", id(matcher))
    if key in gazetteer._cache:
        return gazetteer._cache[key]
    pats = matcher.patterns
    types = dict(zip(gazetteer.actors["actor_id"], gazetteer.actors["type"], strict=True))
    pid = pats["pattern_id"].to_list()
    text = pats["pattern"].to_list()
    kind = pats["kind"].to_list()
    actor = pats["actor_id"].to_list()
    role = pats["role"].to_list()
    # generated family members ("Syrian government") are descriptions, not names: they
    # are not looked for inside longer aliases
    generated = set(gazetteer.actors.filter(pl.col("source").str.starts_with("generated"))
                    ["actor_id"].to_list())
    inner = [i for i, k, a in zip(pid, kind, actor, strict=True)
             if k == "name" and types.get(a) in NESTABLE_TYPES and a not in generated]
    hosts = [i for i, k, a, r in zip(pid, kind, actor, role, strict=True)
             if (k == "role" and r is not None)
             or (k == "name" and types.get(a) == "organization")]
    rows: list[tuple[int, int, int, int]] = []
    if inner and hosts:
        encoded = [text[i].encode("utf-8") for i in inner]
        automaton = ahocorasick_rs.BytesAhoCorasick(
            encoded, matchkind=ahocorasick_rs.MatchKind.Standard)
        for h in hosts:
            raw = text[h].encode("utf-8")
            best: dict[str, tuple[int, int, int]] = {}
            for k, start, end in automaton.find_matches_as_indexes(raw, overlapping=True):
                sub = inner[k]
                if sub == h or actor[sub] == actor[h] or (end - start) == len(raw):
                    continue
                before = raw[:start].decode("utf-8", "ignore")[-1:]
                after = raw[end:].decode("utf-8", "ignore")[:1]
                if (before and before.isalnum()) or (after and after.isalnum()):
                    continue
                # one nesting per actor and host: the longest form
                prev = best.get(actor[sub])
                if prev is None or end - start > prev[2] - prev[1]:
                    best[actor[sub]] = (sub, start, end)
            rows += [(h, sub, start, end) for sub, start, end in best.values()]
    table = pl.DataFrame(rows, schema={"host": pl.Int64, "pattern_id": pl.Int64,
                                       "offset": pl.Int64, "offset_end": pl.Int64},
                         orient="row")
    gazetteer._cache[key] = table
    return table


def coordinated_table(gazetteer: Gazetteer, matcher: Matcher) -> dict:
    """What a coordinated genitive needs: "МИД Армении и Азербайджана" names the
    foreign ministries of both countries.

    Returns
    -------
    dict
        ``host``: pattern_id of a Russian family-member form ending in its country's
        name → (family, country id, the form before the name: "МИД "); ``second``:
        pattern_id of a country's Russian genitive form → country id; ``member``:
        (family, country id, form before the name or None) → a pattern_id of that
        member (the families of ``actor_families.yml``, hand-listed members included).
    """
    key = ("coordinated", id(matcher))
    if key in gazetteer._cache:
        return gazetteer._cache[key]
    from tassanalysis.actors.gazetteer import _genitive

    families = gazetteer._cache.get("families", {})
    pats = matcher.patterns.filter(pl.col("language") == "ru", pl.col("kind") == "name")
    countries = gazetteer.actors.filter(pl.col("type") == "country")["actor_id"].to_list()
    gens = {cid: {_genitive(a) for a in gazetteer.aliases.filter(
        pl.col("actor_id") == cid, pl.col("language") == "ru", pl.col("kind") == "name")
        ["alias"]} for cid in countries}
    host, second, member = {}, {}, {}
    for pid, pattern, actor in pats.select("pattern_id", "pattern", "actor_id").iter_rows():
        if actor in families:
            family, country = families[actor]
            member.setdefault((family, country, None), pid)
            ends = [g for g in gens.get(country, ()) if pattern.endswith(" " + g)]
            if ends:  # "МИД Армении": prefix "МИД "
                prefix = pattern[: -len(max(ends, key=len))]
                host[pid] = (family, country, prefix)
                member.setdefault((family, country, prefix), pid)
        elif actor in gens and pattern in gens[actor]:
            second[pid] = actor
    table = {"host": host, "second": second, "member": member}
    gazetteer._cache[key] = table
    return table


def _coordinated(hits: pl.DataFrame, texts: pl.Series, gazetteer: Gazetteer,
                 matcher: Matcher) -> pl.DataFrame:
    """Hits of the second member of a coordinated genitive: after "МИД Армении", a
    country's genitive joined by " и " ("… и Азербайджана") also names that country's
    member of the same family, in the span of the country's name."""
    table = coordinated_table(gazetteer, matcher)
    joiner = " и ".encode()
    first = hits.filter(pl.col("host").is_null()
                        & pl.col("pattern_id").is_in(list(table["host"])))
    if not first.height:
        return hits.clear()
    second = hits.filter(pl.col("host").is_null()
                         & pl.col("pattern_id").is_in(list(table["second"])))
    pairs = first.select("row", (pl.col("end") + len(joiner)).alias("start"),
                         pl.col("end").alias("gap"), pl.col("pattern_id").alias("first")
                         ).join(second, on=["row", "start"])
    rows = []
    for rec in pairs.iter_rows(named=True):
        raw = (texts[int(rec["row"])] or "").encode("utf-8")
        if raw[rec["gap"]:rec["start"]] != joiner:
            continue
        family, _, prefix = table["host"][rec["first"]]
        country = table["second"][rec["pattern_id"]]
        pid = table["member"].get((family, country, prefix),
                                  table["member"].get((family, country, None)))
        if pid is not None:
            rows.append({**rec, "pattern_id": pid})
    if not rows:
        return hits.clear()
    return pl.DataFrame(rows).select(hits.columns).cast(hits.schema)


def with_nested(hits: pl.DataFrame, gazetteer: Gazetteer, matcher: Matcher, *,
                nested: bool = True, texts: pl.Series | None = None) -> pl.DataFrame:
    """Add the nested mentions to the hits of :func:`find_patterns`.

    Each original hit gets ``hit`` (its index) and a null ``host``; each nested
    mention becomes a further row with the byte span of the nested form, ``host``
    the index of the hit it sits in, and no context flags. ``next_hit`` is, for each
    original hit, the index of a hit that starts one character after it ends (the
    name after a title: "US President Joe Biden"), else null. Given the ``texts``
    the hits were found in, a coordinated genitive ("МИД Армении и Азербайджана")
    also yields a free-standing mention of the second country's member of the family
    (:func:`coordinated_table`), in the span of that country's name.

    Examples
    --------
    >>> from tassanalysis.actors.gazetteer import load_gazetteer
    >>> gaz = load_gazetteer(); m = matcher_for(gaz)
    >>> h = with_nested(find_patterns(pl.Series(["Глава МИД России прибыл"]), m), gaz, m)
    >>> [m.patterns["pattern"][i] for i in h["pattern_id"]]
    ['Глава МИД России', 'МИД России', 'России']
    """
    hits = hits.with_row_index("hit").with_columns(pl.col("hit").cast(pl.Int64))
    follow = hits.select(pl.col("hit").alias("next_hit"), "row",
                         (pl.col("start") - 1).alias("end"))
    hits = (hits.join(follow, on=["row", "end"], how="left")
            .with_columns(pl.lit(None, pl.Int64).alias("host")).sort("hit"))
    # "Russia-Ukraine": the capital after the hyphen starts another name, not a longer one
    hits = hits.with_columns(pl.col("in_longer_name") & pl.col("next_hit").is_null())
    hits = _with_nested(hits, gazetteer, matcher, nested=nested)
    if texts is None or not hits.height:
        return hits
    extra = _coordinated(hits, texts, gazetteer, matcher)
    if not extra.height:
        return hits
    extra = extra.with_columns(
        (pl.int_range(pl.len()) + hits.height).cast(pl.Int64).alias("hit"),
        pl.lit(None, pl.Int64).alias("next_hit"),
        *(pl.lit(False).alias(c) for c in ("capital_after", "former_before",
                                            "possessive_before", "in_longer_name")))
    return pl.concat([hits, extra.select(hits.columns).cast(hits.schema)]).sort(
        "row", "start", "hit")


def _with_nested(hits: pl.DataFrame, gazetteer: Gazetteer, matcher: Matcher, *,
                 nested: bool) -> pl.DataFrame:
    table = nested_table(gazetteer, matcher) if nested else None
    if table is None or not table.height or not hits.height:
        return hits
    nested = (hits.select("row", "start", pl.col("hit").alias("host"),
                          pl.col("pattern_id").alias("host_pid"))
              .join(table.rename({"host": "host_pid"}), on="host_pid")
              .select("row", (pl.col("start") + pl.col("offset")).alias("start"),
                      (pl.col("start") + pl.col("offset_end")).alias("end"), "pattern_id",
                      pl.lit(False).alias("capital_after"), pl.lit(False).alias("former_before"),
                      pl.lit(False).alias("possessive_before"),
                      pl.lit(False).alias("in_longer_name"), "host"))
    n = hits.height
    nested = nested.with_columns((pl.int_range(pl.len()) + n).cast(pl.Int64).alias("hit"),
                                 pl.lit(None, pl.Int64).alias("next_hit"))
    return pl.concat([hits, nested.select(hits.columns).cast(hits.schema)]).sort(
        "row", "start", "hit")


# --------------------------------------------------------------------------- the kernel
def _utf8_buffers(texts: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """The UTF-8 bytes of a string column and each string's start (``offsets[i]``) and
    end (``offsets[i + 1]``) in them, zero-copy from Arrow where possible."""
    arr = texts.fill_null("").rechunk().to_arrow()
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if arr.type != pa.large_string():
        arr = arr.cast(pa.large_string())
    buffers = arr.buffers()
    offsets = np.frombuffer(buffers[1], dtype=np.int64)[arr.offset:arr.offset + len(arr) + 1]
    data = (np.frombuffer(buffers[2], dtype=np.uint8) if buffers[2] is not None
            else np.zeros(0, dtype=np.uint8))
    return data, offsets


def _is_word_lead(lead: np.ndarray) -> np.ndarray:
    """Whether a character, given by its UTF-8 lead byte, counts as a letter or digit."""
    ascii_word = ((lead >= 0x30) & (lead <= 0x39)) | ((lead >= 0x41) & (lead <= 0x5A)) | \
                 ((lead >= 0x61) & (lead <= 0x7A))
    # Multi-byte characters are letters except the Latin-1 punctuation block (0xC2: NBSP,
    # «, », ·), general punctuation (0xE2: dashes, quotes, …), CJK punctuation (0xE3) and
    # 4-byte symbols (emoji).
    multi = (lead >= 0xC3) & (lead != 0xE2) & (lead != 0xE3) & (lead < 0xF0)
    return ascii_word | multi


_PIECE_BYTES = 4 << 20  # below this, one thread searches the whole buffer


def _matches(automaton, buffer: memoryview, lo: int, hi: int) -> np.ndarray:
    """(pattern_id, start, end) of the leftmost-longest matches in ``buffer[lo:hi]``,
    as absolute byte positions (an ``(n, 3)`` int64 array)."""
    found = automaton.find_matches_as_indexes(buffer[lo:hi])
    out = np.fromiter(itertools.chain.from_iterable(found), dtype=np.int64,
                      count=3 * len(found)).reshape(-1, 3)
    out[:, 1:] += lo
    return out


def _search(matcher: Matcher, data: np.ndarray, offsets: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every leftmost-longest match of every text: (row, pattern_id, start, end), the
    positions absolute in ``data``.

    The automaton runs over the whole byte buffer at once, in a few pieces cut between
    texts and searched in parallel threads (the search releases the GIL). The texts lie
    end to end in the buffer, so a match could run across the end of one text into the
    next; the texts it touches are searched again on their own. Every other text gets
    exactly the matches it would get alone: a match found inside it was chosen among
    the same candidates.
    """
    n = len(offsets) - 1
    buffer = memoryview(data)
    threads = max(1, min(pl.thread_pool_size(), 8,
                         int(offsets[-1] - offsets[0]) // _PIECE_BYTES))
    cuts = np.unique(np.linspace(0, n, threads + 1).astype(np.int64))
    ranges = [(int(offsets[a]), int(offsets[b])) for a, b in itertools.pairwise(cuts)]
    if len(ranges) > 1:
        with ThreadPoolExecutor(len(ranges)) as pool:
            parts = list(pool.map(lambda r: _matches(matcher.automaton, buffer, *r), ranges))
    else:
        parts = [_matches(matcher.automaton, buffer, *r) for r in ranges]
    found = np.concatenate(parts) if parts else np.zeros((0, 3), dtype=np.int64)
    rows = np.searchsorted(offsets, found[:, 1], side="right") - 1
    across = found[:, 2] > offsets[rows + 1]
    if across.any():
        last = np.searchsorted(offsets, found[across, 2] - 1, side="right") - 1
        redo = np.unique(np.concatenate([np.arange(a, b + 1) for a, b in
                                         zip(rows[across], last, strict=True)]))
        keep = ~np.isin(rows, redo)
        again = [_matches(matcher.automaton, buffer, int(offsets[r]), int(offsets[r + 1]))
                 for r in redo]
        found = np.concatenate([found[keep], *again])
        found = found[np.argsort(found[:, 1], kind="stable")]
        rows = np.searchsorted(offsets, found[:, 1], side="right") - 1
    return rows, found[:, 0], found[:, 1], found[:, 2]


def find_patterns(texts: pl.Series, matcher: Matcher) -> pl.DataFrame:
    """Find every pattern at word boundaries: the per-partition matching kernel.

    Parameters
    ----------
    texts : polars.Series
        Strings (nulls count as empty).
    matcher : Matcher
        Compiled patterns (:func:`matcher_for` or :meth:`Matcher.from_patterns`).

    Returns
    -------
    polars.DataFrame
        ``row`` (u32, position in ``texts``), ``start``, ``end`` (byte offsets in that
        text), ``pattern_id``; leftmost-longest, non-overlapping, in text order; and two
        context flags: ``capital_after`` (a space and a capital letter follow: a name
        goes on), ``former_before`` ("former", "ex-", "late", "бывший", "экс-" right
        before), ``possessive_before`` ("'s ", "its ", "their " right before) and
        ``in_longer_name`` (the match sits inside a longer proper name:
        :func:`_in_longer_name`).
        Rows of different partitions are independent: concatenate the results.

    Examples
    --------
    >>> import polars as pl
    >>> m = Matcher.from_patterns(["UN", "Iran", "Putin", "U.S."])
    >>> hits = find_patterns(pl.Series(["UNIX and the UN; Iranian Iran", "Putin’s U.S.-led"]), m)
    >>> [m.patterns["pattern"][i] for i in hits["pattern_id"]]
    ['UN', 'Iran', 'Putin', 'U.S.']
    >>> hits["start"].to_list()
    [13, 25, 0, 10]
    """
    empty = pl.DataFrame(schema={"row": pl.UInt32, "start": pl.Int64, "end": pl.Int64,
                                 "pattern_id": pl.Int64, "capital_after": pl.Boolean,
                                 "former_before": pl.Boolean,
                                 "possessive_before": pl.Boolean,
                                 "in_longer_name": pl.Boolean})
    if texts.len() == 0 or matcher.automaton is None:
        return empty
    data, offsets = _utf8_buffers(texts)
    rows, pid, gpos, gend = _search(matcher, data, offsets)
    if not len(rows):
        return empty
    docstart = offsets[rows]
    docend = offsets[rows + 1]
    ok = _boundary_before(data, gpos, docstart) & _boundary_after(data, gend, docend)
    rows, pid, gpos, gend, docstart, docend = (a[ok] for a in
                                               (rows, pid, gpos, gend, docstart, docend))
    return pl.DataFrame({"row": rows.astype(np.uint32), "start": gpos - docstart,
                         "end": gend - docstart, "pattern_id": pid,
                         "capital_after": _capital_after(data, gend, docend),
                         "former_before": _former_before(data, gpos, docstart),
                         "possessive_before": _possessive_before(data, gpos, docstart),
                         "in_longer_name": _in_longer_name(data, gpos, gend, docstart, docend)
                         | _hyphen_capital(data, gend, docend)})


def _byte_at(data: np.ndarray, pos: np.ndarray, limit: np.ndarray, *, below: bool = False
             ) -> np.ndarray:
    """The byte at each position, 0 outside the text (``below``: positions < limit)."""
    inside = (pos >= limit) if below else (pos < limit)
    out = np.zeros(len(pos), dtype=np.uint8)
    if len(data):
        out[inside] = data[np.clip(pos[inside], 0, len(data) - 1)]
    return out


def _capital_after(data: np.ndarray, gend: np.ndarray, docend: np.ndarray) -> np.ndarray:
    """Whether a space and an upper-case letter (Latin or Cyrillic) follow."""
    space = _byte_at(data, gend, docend) == 0x20
    first = _byte_at(data, gend + 1, docend)
    second = _byte_at(data, gend + 2, docend)
    latin = (first >= 0x41) & (first <= 0x5A)
    cyrillic = (first == 0xD0) & (((second >= 0x90) & (second <= 0xAF)) | (second == 0x81))
    return space & (latin | cyrillic)


_FORMER = [w.encode() for w in ("former ", "Former ", "ex-", "Ex-", "late ", "бывший ",
                                "бывшего ", "бывшему ", "бывшим ", "экс-")]


#: Words after which a bare institution name belongs to someone else ("the country's
#: Defense Ministry", "its Foreign Ministry").
_POSSESSIVE = [w.encode() for w in ("'s ", "’s ", "its ", "Its ", "their ", "s' ")]


def _possessive_before(data: np.ndarray, gpos: np.ndarray, docstart: np.ndarray) -> np.ndarray:
    """Whether a possessive ("'s ", "its ", "their ") comes right before."""
    return _former_before(data, gpos, docstart, _POSSESSIVE)


def _former_before(data: np.ndarray, gpos: np.ndarray, docstart: np.ndarray,
                   words: list[bytes] = _FORMER) -> np.ndarray:
    """Whether "former ", "ex-", "late " (or Russian "бывший", "экс-") comes right before
    (or, given ``words``, one of those)."""
    width = max(len(w) for w in words)
    out = np.zeros(len(gpos), dtype=bool)
    # only a candidate after a space or a hyphen, itself after the last byte of one of
    # these words, can follow one of them
    before = _byte_at(data, gpos - 1, docstart, below=True)
    last = np.array(sorted({w[-2] for w in words}), dtype=np.uint8)
    maybe = np.flatnonzero(((before == 0x20) | (before == 0x2D))
                           & np.isin(_byte_at(data, gpos - 2, docstart, below=True), last))
    if not len(maybe):
        return out
    # window[:, k] is the byte k + 1 places before the candidate (0 before the text)
    at = gpos[maybe, None] - 1 - np.arange(width)[None, :]
    window = np.where(at >= docstart[maybe, None], data[np.clip(at, 0, None)], 0)
    for word in words:
        tail = np.frombuffer(word[::-1], dtype=np.uint8)
        hit = (window[:, :len(tail)] == tail).all(axis=1)
        out[maybe[hit]] = True
    return out


#: Head nouns of English organization names: a country or organization name followed
#: by a run of capitalised words that holds one of them is part of that longer name
#: ("China Media Group", "Russia Today", "Ukraine Crisis Media Center").
NAME_HEADS = frozenset("""Group Media Corporation Corp Company Agency Airlines Airways Bank
Fund Institute University Foundation Front Today Times Post News Daily Herald Radio
Television TV Press Presse Holding Holdings Energy Oil Petroleum Gas Telecom Motors Railways
Steel Club Center Centre Network Channel Magazine Journal Review Association Society League
Airport Museum Gallery Insider Watch Monitor Initiative Broadcasting Tribune Gazette
Express Mail Journal Observer Report Institute Studies Trust Partners Capital""".split())
#: Words of a row of share buttons left in a page's text ("Send Facebook Twitter
#: Google+ Whatsapp"): a platform's name followed by one of them is page chrome.
SHARE_WORDS = frozenset("Facebook Twitter Google Google+ Whatsapp WhatsApp Tumblr Telegram "
                        "VK Pinterest LinkedIn Reddit Email E-mail Viber Skype".split())
_OPEN_QUOTE, _CLOSE_QUOTE = "«".encode(), "»".encode()
_NAME_IN_QUOTES_BYTES = 90  # longer guillemet spans are quotations, not names


def _quote_positions(data: np.ndarray, mark: bytes) -> np.ndarray:
    first = np.flatnonzero(data[:-1] == mark[0]) if len(data) > 1 else np.zeros(0, np.int64)
    return first[data[first + 1] == mark[1]]


def _in_longer_name(data: np.ndarray, gpos: np.ndarray, gend: np.ndarray,
                    docstart: np.ndarray, docend: np.ndarray) -> np.ndarray:
    """Whether each match sits inside a longer proper name that is not itself an alias.

    * A Russian name in guillemets that holds more than the match («Россия сегодня»,
      «Газпром нефть» when only «Газпром» were listed): the match is a word of the
      name, not a mention. A span of guillemets counts as a name when it opens with a
      capital letter and is short (at most 90 bytes, some 45 Cyrillic letters); a
      longer one is a quotation, whose words are mentions.
    * An English match followed by a hyphen and a capital letter ("France-Presse"), or
      by a run of up to four capitalised words one of which heads an organization's
      name (:data:`NAME_HEADS`: "China Media Group"), or by a "+" ("Google+").
    * A platform's name in a row of share buttons ("Send Facebook Twitter Google+"):
      page chrome, not news (:data:`SHARE_WORDS`).

    Titles and roles before or after a name ("Russian President", "Foreign Minister")
    are not such names: they are not in :data:`NAME_HEADS`.
    """
    out = np.zeros(len(gpos), dtype=bool)
    if not len(gpos):
        return out
    opens, closes = _quote_positions(data, _OPEN_QUOTE), _quote_positions(data, _CLOSE_QUOTE)
    if len(opens) and len(closes):
        i = np.searchsorted(opens, gpos, side="right") - 1  # last « before the match
        last_open = np.where(i >= 0, opens[np.maximum(i, 0)], -1)
        j = np.searchsorted(closes, gpos, side="right") - 1  # last » before the match
        last_close = np.where(j >= 0, closes[np.maximum(j, 0)], -1)
        k = np.searchsorted(closes, gend, side="left")  # next » after the match
        next_close = np.where(k < len(closes), closes[np.minimum(k, len(closes) - 1)], -1)
        m = np.searchsorted(opens, gend, side="left")
        next_open = np.where(m < len(opens), opens[np.minimum(m, len(opens) - 1)],
                             np.iinfo(np.int64).max)
        inside = ((last_open >= docstart) & (last_open > last_close)
                  & (next_close >= 0) & (next_close < docend) & (next_close < next_open))
        whole = (last_open + 2 == gpos) & (next_close == gend)
        # a name, not a quotation: short, and opening with a capital letter
        lead = _byte_at(data, last_open + 2, docend)
        lead2 = _byte_at(data, last_open + 3, docend)
        capital = (((lead >= 0x41) & (lead <= 0x5A))
                   | ((lead == 0xD0) & (((lead2 >= 0x90) & (lead2 <= 0xAF)) | (lead2 == 0x81))))
        short = (next_close - last_open) <= _NAME_IN_QUOTES_BYTES
        out |= inside & ~whole & capital & short
    # English: a run of capitalised words with a name's head after the match
    after = _byte_at(data, gend, docend)
    second = _byte_at(data, gend + 1, docend)
    look = np.flatnonzero((after == 0x20) & (second >= 0x41) & (second <= 0x5A))
    if len(look):
        tails = [bytes(data[g + 1:min(g + 64, e)]).decode("utf-8", "ignore")
                 for g, e in zip(gend[look].tolist(), docend[look].tolist(), strict=True)]
        for idx, tail in zip(look, tails, strict=True):
            for n, word in enumerate(tail.split(" ")[:4]):
                core = word.rstrip(",.;:!?)\"'»")
                if not core[:1].isupper():
                    break
                if core in NAME_HEADS or (n == 0 and core in SHARE_WORDS):
                    out[idx] = True
                    break
                if core != word:
                    break
    out |= after == 0x2B  # "Google+": another name
    return out


def _hyphen_capital(data: np.ndarray, gend: np.ndarray, docend: np.ndarray) -> np.ndarray:
    """Whether a hyphen and a capital letter follow ("France-Presse", "Russia-Ukraine":
    :func:`with_nested` keeps the match when a pattern starts after the hyphen)."""
    after = _byte_at(data, gend, docend)
    second = _byte_at(data, gend + 1, docend)
    return (after == 0x2D) & (second >= 0x41) & (second <= 0x5A)


def _boundary_after(data: np.ndarray, gend: np.ndarray, docend: np.ndarray) -> np.ndarray:
    at_end = gend >= docend
    lead = data[np.minimum(gend, len(data) - 1)] if len(data) else np.zeros_like(gend)
    return at_end | ~_is_word_lead(lead)


def _boundary_before(data: np.ndarray, gpos: np.ndarray, docstart: np.ndarray) -> np.ndarray:
    at_start = gpos <= docstart
    lead = np.zeros(len(gpos), dtype=np.uint8)
    settled = at_start.copy()
    for back in (1, 2, 3, 4):  # walk back over UTF-8 continuation bytes to the lead byte
        idx = np.maximum(gpos - back, 0)
        byte = data[idx]
        here = ~settled & (byte & 0xC0 != 0x80)
        lead[here] = byte[here]
        settled |= here | (gpos - back <= docstart)
    return at_start | ~_is_word_lead(lead)


# --------------------------------------------------------------------------- mentions
def moscow_dateline(columns: Iterable[str]) -> pl.Expr:
    """``_moscow``: whether the body opens with a Moscow dateline ("MOSCOW, March 3.",
    "МОСКВА, 7 ноября."), where the gazetteer's ``moscow`` names (a bare "Foreign
    Ministry", "Минобороны") stand for the Russian institution."""
    if "body" not in set(columns):
        return pl.lit(False).alias("_moscow")
    return (pl.col("body").str.contains(r"^\s*(?:MOSCOW|Moscow|МОСКВА|Москва)[,.]")
            .fill_null(False).alias("_moscow"))


def _frame(corpus) -> pl.DataFrame | pl.LazyFrame:
    if isinstance(corpus, (str, Path)):
        import tassanalysis as ta

        return ta.load_corpus(corpus, lazy=True)
    return corpus


def _resolve(hits: pl.DataFrame, gaz: Gazetteer, matcher: Matcher) -> pl.DataFrame:
    """Attach actors to hits (with ``published_at`` and ``source``): roles by date,
    ambiguous forms kept with candidates, outlets' own names dropped."""
    info = matcher.patterns.select(
        pl.col("pattern_id").cast(pl.Int64), "pattern", "alias", "kind", "actor_id", "role",
        "candidates")
    hits = hits.join(info, on="pattern_id", how="left")
    everything = hits
    # A role title or a bare surname followed by a capitalised word is part of a longer
    # name ("former Ukrainian President Viktor Yanukovich", "Michel Sapin"): the name
    # decides, not the title or the surname. A role after "former" is not its holder.
    title_like = pl.col("kind").is_in(["role", "surname", "ambiguous"])
    moscow = pl.col("_moscow") if "_moscow" in hits.columns else pl.lit(False)
    if "in_longer_name" in hits.columns:  # "France" in "Agence France-Presse"
        hits = hits.filter(~(pl.col("in_longer_name").fill_null(False)
                             & pl.col("pattern_id").is_in(_guarded(gaz, matcher).implode())))
    hits = hits.filter(~(title_like & pl.col("capital_after"))
                       & ~((pl.col("kind") == "role") & pl.col("former_before"))
                       & ~((pl.col("kind") == "moscow")
                           & (~moscow.fill_null(False) | pl.col("possessive_before"))))
    day = pl.col("published_at").dt.date()
    roles = hits.filter(pl.col("role").is_not_null())
    if roles.height:
        held = (roles.select("hit", "role", "published_at").join(gaz.roles, on="role")
                .filter(day >= pl.col("valid_from"),
                        pl.col("valid_to").is_null() | (day <= pl.col("valid_to")))
                .select("hit", pl.col("actor_id").alias("holder")))
        holders = gaz.roles.group_by("role").agg(pl.col("actor_id").unique().sort()
                                                 .alias("holders"))
        hits = (hits.join(held, on="hit", how="left").join(holders, on="role", how="left")
                .with_columns(
                    pl.coalesce("actor_id", "holder").alias("actor_id"),
                    pl.when(pl.col("role").is_not_null() & pl.col("holder").is_null())
                    .then(pl.col("holders")).otherwise(pl.col("candidates")).alias("candidates"))
                .drop("holder", "holders"))
    actors = gaz.actors.select("actor_id", "actor", "type", "outlets")
    hits = hits.join(actors, on="actor_id", how="left")
    own = pl.col("outlets").list.contains(pl.col("source")).fill_null(False)
    hits = hits.filter(~own)
    if "host" in hits.columns:
        hits = _host_actors(hits, everything)
    return hits.with_columns(
        pl.coalesce("actor", pl.col("pattern") + " (ambiguous)").alias("actor"),
        pl.coalesce("type", pl.lit("person")).alias("type")).drop("outlets")


def _guarded(gaz: Gazetteer, matcher: Matcher) -> pl.Series:
    """``pattern_id`` of the names of countries and organizations: the matches the
    longer-name guard (``in_longer_name``) applies to."""
    key = ("guarded", id(matcher))
    if key not in gaz._cache:
        kinds = gaz.actors.filter(pl.col("type").is_in(["country", "organization"]))
        gaz._cache[key] = matcher.patterns.filter(
            (pl.col("kind") == "name") & pl.col("actor_id").is_in(kinds["actor_id"].implode())
        )["pattern_id"].cast(pl.Int64)
    return gaz._cache[key]


def _host_actors(kept: pl.DataFrame, everything: pl.DataFrame) -> pl.DataFrame:
    """``nested_in`` (the longer form as written) and ``nested_in_id`` (the actor it
    names: the host's own actor, or, for a title that gave way to the name after it,
    that name's actor) of each nested mention; null for the others."""
    ids = kept.select(pl.col("hit").alias("_h"), pl.col("actor_id").alias("_a"))
    host = everything.select(pl.col("hit").alias("host"), pl.col("pattern").alias("nested_in"),
                             pl.col("next_hit").alias("_next"))
    return (kept.drop("nested_in", strict=False)
            .join(host, on="host", how="left")
            .join(ids.rename({"_h": "host", "_a": "_own"}), on="host", how="left")
            .join(ids.rename({"_h": "_next", "_a": "_after"}), on="_next", how="left")
            .with_columns(pl.when(pl.col("host").is_not_null())
                          .then(pl.coalesce("_own", "_after")).alias("nested_in_id"))
            .drop("_next", "_own", "_after"))


def _char_positions(texts: pl.Series, hits: pl.DataFrame) -> pl.DataFrame:
    """Character offsets, paragraph and sentence index of each hit, from byte offsets.

    Vectorized over all hits and texts (:func:`tassanalysis.actors.units.locate`): the
    sentences are those of :func:`tassanalysis.text.sentences`, found on the bytes.
    """
    types = {"start": pl.Int64, "end": pl.Int64, "paragraph": pl.Int64, "sentence": pl.Int64}
    if not hits.height:
        return hits.with_columns(*[pl.lit(None, t).alias(c) for c, t in types.items()])
    data, offsets = _utf8_buffers(texts)
    found = locate(data, offsets, hits["row"].to_numpy(), hits["start"].to_numpy(),
                   hits["end"].to_numpy())
    return hits.with_columns(*[pl.Series(c, found[c], dtype=t) for c, t in types.items()])


def _pattern_codes(gaz: Gazetteer, matcher: Matcher) -> dict:
    """Per ``pattern_id`` arrays for counting: the pattern's rules and its actor as an
    index into the sorted actor ids (-1 for none). Built once per gazetteer."""
    key = ("codes", id(matcher))
    if key not in gaz._cache:
        ids = sorted(set(gaz.actors["actor_id"].to_list())
                     | set(matcher.patterns["actor_id"].drop_nulls().to_list()))
        actors = pl.Enum(ids)
        kind = matcher.patterns["kind"]
        own = gaz.actors.select(pl.col("actor_id").cast(actors),
                                pl.col("outlets").alias("source")).explode("source").drop_nulls()
        gaz._cache[key] = {
            "enum": actors,
            "actors": pl.Series("actor_id", ids, dtype=actors),
            "code": matcher.patterns["actor_id"].cast(actors).to_physical().cast(pl.Int64)
            .fill_null(-1).to_numpy(),
            "title_like": kind.is_in(["role", "surname", "ambiguous"]).to_numpy(),
            "role": (kind == "role").to_numpy(),
            "moscow": (kind == "moscow").to_numpy(),
            "guarded": np.isin(np.arange(matcher.patterns.height),
                               _guarded(gaz, matcher).to_numpy()),
            "resolve": (matcher.patterns["actor_id"].is_null()
                        & matcher.patterns["role"].is_not_null()).to_numpy(),
            "own": own,
        }
    return gaz._cache[key]


def _hit_actors(hits: pl.DataFrame, meta: pl.DataFrame, gaz: Gazetteer,
                matcher: Matcher) -> pl.DataFrame:
    """Distinct ``(row, actor_id)`` of the hits that name an actor (``(row, actor_id,
    unit)`` when the hits carry a ``unit`` index): the rules of
    :func:`_resolve` (names after titles, "former", roles by date, an outlet's own name)
    on integer codes, for counting. ``actor_id`` is an Enum of the sorted actor ids, so
    it orders as the strings do. ``host`` is the actor every mention of that actor in
    the row is nested in (:func:`with_nested`), else null: co-mentions never pair an
    actor with the alias it is named inside.

    ``hits`` come from :func:`with_nested`; ``meta`` has ``row``, ``published_at`` and
    ``source``.
    """
    codes = _pattern_codes(gaz, matcher)
    hit = hits["hit"].to_numpy()
    pid = hits["pattern_id"].to_numpy()
    keep = ~(codes["title_like"][pid] & hits["capital_after"].to_numpy()) & ~(
        codes["role"][pid] & hits["former_before"].to_numpy())
    if "in_longer_name" in hits.columns:
        keep &= ~(codes["guarded"][pid] & hits["in_longer_name"].fill_null(False).to_numpy())
    if "_moscow" in meta.columns:
        moscow = meta.sort("row")["_moscow"].fill_null(False).to_numpy()
        keep &= ~(codes["moscow"][pid] & (~moscow[hits["row"].to_numpy()]
                                          | hits["possessive_before"].to_numpy()))
    else:
        keep &= ~codes["moscow"][pid]
    code = codes["code"][pid]
    actor_of = np.full(int(hit.max()) + 1 if len(hit) else 0, -1, dtype=np.int64)
    actor_of[hit] = np.where(keep, code, -1)
    roles = hits.filter(pl.Series(keep & codes["resolve"][pid]))
    if roles.height:
        held = _resolve(roles.drop("host", "next_hit").join(meta, on="row", how="left"), gaz,
                        matcher).filter(pl.col("actor_id").is_not_null())
        if held.height:
            actor_of[held["hit"].to_numpy()] = (held["actor_id"].cast(codes["enum"])
                                                .to_physical().cast(pl.Int64).to_numpy())
    host = hits["host"].fill_null(-1).to_numpy()
    nxt = hits["next_hit"].fill_null(-1).to_numpy()
    next_of = np.full(len(actor_of), -1, dtype=np.int64)
    next_of[hit] = nxt
    host_actor = np.full(len(hit), -1, dtype=np.int64)
    nested = host >= 0
    own_host = actor_of[host[nested]]
    after = next_of[host[nested]]
    after_actor = np.where(after >= 0, actor_of[np.maximum(after, 0)], -1)
    host_actor[nested] = np.where(own_host >= 0, own_host, after_actor)
    found_code = actor_of[hit]
    named = found_code >= 0
    hosts = pl.Series(host_actor[named])
    found = pl.DataFrame({
        "row": hits["row"].to_numpy()[named],
        "actor_id": codes["actors"].gather(found_code[named]),
        "host": codes["actors"].gather(pl.select(pl.when(hosts >= 0).then(hosts)).to_series()),
    })
    units = ["unit"] if "unit" in hits.columns else []  # a unit index travels with its hit
    if units:
        found = found.with_columns(pl.Series("unit", hits["unit"].to_numpy()[named]))
    own = codes["own"]
    if own.height:  # "told TASS" in TASS's own articles is attribution, not a mention
        theirs = found.filter(pl.col("actor_id").is_in(own["actor_id"].implode()))
        drop = (theirs.join(meta.select("row", "source"), on="row")
                .join(own, on=["actor_id", "source"], how="semi"))
        if drop.height:
            found = found.join(drop.select("row", "actor_id").unique(),
                               on=["row", "actor_id"], how="anti")
    return _one_host(found, ["row", *units])


def _one_host(found: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Distinct (keys, actor_id) with ``host``: the actor all its mentions there are
    nested in, null if any mention stands free or they sit in different actors."""
    return found.group_by(*keys, "actor_id").agg(
        pl.when((pl.col("host").null_count() == 0) & (pl.col("host").n_unique() == 1))
        .then(pl.col("host").first()).alias("host"))


MENTION_COLUMNS = ("doc_id", "actor_id", "actor", "type", "alias", "start", "end", "paragraph",
                   "sentence", "published_at", "source", "kind", "candidates", "nested_in",
                   "nested_in_id")
DOCUMENT_COLUMNS = ("doc_id", "published_at", "source", "actor_id", "actor", "type", "count",
                    "candidates")


def actor_mentions(corpus, gazetteer=None, *,
                   level: Literal["mention", "document"] = "mention",
                   text: str | Iterable[str] = TEXT_FIELDS,
                   metonyms: bool = False, nested: bool = True) -> pl.DataFrame:
    """Find the gazetteer's actors in each article.

    Parameters
    ----------
    corpus : polars.DataFrame, polars.LazyFrame or str
        Canonical articles (``doc_id``, ``published_at``, ``source`` and the text
        fields), or a corpus store path.
    gazetteer : Gazetteer, str, Path, list or None
        ``None`` for the shipped default; a file (or list of files; a list starting
        with ``"default"`` extends the default). See :func:`load_gazetteer`.
    level : {"mention", "document"}
        One row per mention, or one per (document, actor) with a ``count``.
    text : str or iterable of str
        Fields searched, joined by :func:`tassanalysis.text.analysis_text` (the
        body's dateline left out).
    metonyms : bool, default False
        Count metonyms (capitals for their country: "Kiev", "Washington").
    nested : bool, default True
        Also report the countries and organizations named inside a longer role or
        organization alias (:func:`nested_table`): "Russia's Defense Ministry" names
        Russia, "Kremlin spokesman Dmitry Peskov" the Kremlin, "Глава МИД России" the
        ministry and Russia. An adjective is not a name ("Russian Foreign Ministry"
        names no country). Nested mentions count as mentions of their actor; their
        ``nested_in`` column holds the longer form, so they are easy to drop.

    Returns
    -------
    polars.DataFrame
        ``level="mention"``: ``doc_id, actor_id, actor, type, alias, start, end,
        paragraph, sentence, published_at, source, kind, candidates, nested_in,
        nested_in_id``. ``start``/``end``
        are character offsets in the analysed text (fields joined by a blank line),
        ``paragraph`` and ``sentence`` 0-based indexes in it, ``alias`` the text as
        written, ``kind`` ``name``/``surname``/``role``/``metonym``/``ambiguous``. A
        form that several actors could be (a shared surname, a role with no holder on
        the article's date) has a null ``actor_id`` and its ``candidates``. A role title
        or bare surname followed by a capitalised word is left to the name that follows
        ("US Secretary of State Rex Tillerson" is one mention, of the name; "Michel Sapin"
        is not Charles Michel); a role after "former" is not its current holder.
        ``level="document"``: ``doc_id, published_at, source, actor_id, actor, type,
        count, candidates``.

    Examples
    --------
    >>> import polars as pl
    >>> corpus = pl.DataFrame({"doc_id": ["1", "2"], "source": ["tass.ru", "dw.com"],
    ...     "published_at": pl.Series([None, None], dtype=pl.Datetime("us", "UTC")),
    ...     "title": ["Лаврову позвонил Сергей Шойгу", "Clinton said"],
    ...     "body": ["Переговоры Лаврова и Шойгу. Лавров сказал ТАСС...", "Bank of Russia's rate"]})
    >>> actor_mentions(corpus, level="document").select("doc_id", "actor_id", "count").rows()
    [('1', 'lavrov', 3), ('1', 'shoigu', 2), ('2', 'bank-of-russia', 1), ('2', 'ru', 1), ('2', None, 1)]
    """
    if level not in ("mention", "document"):
        raise ValueError(f"level must be 'mention' or 'document', not {level!r}")
    gaz = gazetteer_of(gazetteer)
    matcher = matcher_for(gaz, metonyms=metonyms)
    lazy = _frame(corpus).lazy()
    columns = lazy.collect_schema().names()
    body = analysis_text(text, columns=columns).alias("_text")
    keep = [c for c in ("doc_id", "published_at", "source") if c in columns]
    frame = lazy.select(*keep, body, moscow_dateline(columns)).collect()
    if "published_at" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, pl.Datetime("us", "UTC")).alias("published_at"))
    if "source" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, pl.String).alias("source"))
    def one(offset: int, rows: int) -> pl.DataFrame:
        chunk = frame.slice(offset, rows)
        hits = with_nested(find_patterns(chunk["_text"], matcher), gaz, matcher,
                           nested=nested, texts=chunk["_text"])
        if level == "mention":
            hits = _char_positions(chunk["_text"], hits)
        meta = chunk.select("doc_id", "published_at", "source", "_moscow").with_row_index("row")
        hits = hits.join(meta, on="row", how="left")
        hits = _resolve(hits, gaz, matcher).with_columns(
            (pl.col("row").cast(pl.Int64) + offset).alias("row"))
        if level == "mention":
            return hits.with_columns(pl.col("pattern").alias("alias")).drop("row")
        return hits

    # Slices of rows, matched and placed in parallel threads (the search and NumPy
    # release the GIL); the slices in flight together hold at most _CHUNK_ROWS rows.
    threads = max(1, min(pl.thread_pool_size(), frame.height // _MIN_SLICE_ROWS))
    rows = max(1, min(_CHUNK_ROWS // threads, -(-frame.height // threads)))
    offsets = range(0, max(frame.height, 1), rows)
    if threads > 1:
        with ThreadPoolExecutor(threads) as pool:
            parts = list(pool.map(lambda o: one(o, rows), offsets))
    else:
        parts = [one(o, rows) for o in offsets]
    hits = pl.concat(parts, how="vertical_relaxed") if parts else pl.DataFrame()
    if level == "document":
        return _document_counts(hits)
    return hits.select(*MENTION_COLUMNS).sort("doc_id", "start", maintain_order=True)


def _document_counts(hits: pl.DataFrame) -> pl.DataFrame:
    if not hits.height:
        return pl.DataFrame(schema={"doc_id": pl.String,
                                    "published_at": pl.Datetime("us", "UTC"),
                                    "source": pl.String, "actor_id": pl.String,
                                    "actor": pl.String, "type": pl.String, "count": pl.UInt32,
                                    "candidates": pl.List(pl.String)})
    return (hits.group_by("row", "doc_id", "actor_id", "actor", maintain_order=True)
            .agg(pl.col("published_at").first(), pl.col("source").first(),
                 pl.col("type").first(), pl.len().alias("count"),
                 pl.col("candidates").first())
            .sort("row", "actor_id", nulls_last=True, maintain_order=True)
            .select(*DOCUMENT_COLUMNS))
