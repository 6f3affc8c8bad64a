"""Where a match lies: characters, paragraphs and sentences from UTF-8 byte offsets.

The matcher (:mod:`tassanalysis.actors.match`) reports byte offsets into the UTF-8
bytes of all texts laid end to end. This module turns such offsets into the units a
researcher counts in, vectorized with NumPy over all positions and texts at once (no
Python per text or per mention):

* **characters**: the offset in characters of the text;
* **paragraphs**: the text is cut at blank lines (``"\\n\\n"``, left to right);
* **sentences**: the sentences of :func:`tassanalysis.text.sentences`, found on the
  bytes. That splitter cuts after a run of ``.``, ``!``, ``?``, ``…`` (and closing
  quotes or brackets) followed by white space, and at every line break, except after a
  listed abbreviation (``Mr.``, ``St.``, ``г.``) or a single-letter initial
  (``U.S.``, ``V. Putin``). Here every run of white space is a candidate cut: it cuts
  when it holds a line break, or when what comes before it (closing quotes skipped)
  is ``!``, ``?``, ``…``, or a ``.`` that does not end an abbreviation. Only the few
  characters before such a dot are read by the same regular expression the splitter
  uses, so both agree on every script; the tests compare the two on random text.

A position's sentence is the number of cuts before it in its text, counted in
non-white-space bytes (the splitter keeps every other character), so empty
sentences are never counted. Text that contains the private-use characters U+E000
or U+E001, which :func:`~tassanalysis.text.sentences` uses as markers, is outside
this agreement.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pyarrow as pa

from tassanalysis.text import ABBREVIATIONS

__all__ = ["TextPositions", "locate", "paragraph_counts", "sentence_counts"]

_SPAN_BYTES = 16 << 20  # bytes of text whose character counts are held at once

# Unicode White_Space (what ``\s`` and ``strip_chars`` use) in UTF-8
_ASCII_SPACE = np.zeros(256, dtype=bool)
_ASCII_SPACE[[0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20]] = True
_WIDE_SPACES = ["\u0085".encode(), "\u00a0".encode(), "\u1680".encode(),
                *(chr(c).encode() for c in range(0x2000, 0x200B)), "\u2028".encode(),
                "\u2029".encode(), "\u202f".encode(), "\u205f".encode(), "\u3000".encode()]
# Closing quotes and brackets that may follow a sentence's final punctuation.
_ASCII_CLOSER = np.zeros(256, dtype=bool)
_ASCII_CLOSER[[ord(c) for c in "\"')]"]] = True
_WIDE_CLOSERS = [c.encode() for c in "»”’"]
_ELLIPSIS = "…".encode()
# the last byte of a character that may end a sentence: . ! ? …
_TERMINAL = np.zeros(256, dtype=bool)
_TERMINAL[[ord(c) for c in ".!?"] + [_ELLIPSIS[-1]]] = True
# the first byte of what may follow one: white space or a closer
_FOLLOW = _ASCII_SPACE | _ASCII_CLOSER
_FOLLOW[[w[0] for w in [*_WIDE_SPACES, *_WIDE_CLOSERS]]] = True
# A dot ends an abbreviation when the text before it ends with a listed abbreviation
# or a single letter, each at a word boundary (the splitter's rule, as a suffix test).
_ABBREVIATION_END = (r"(?:\b(?i:" + "|".join(sorted(ABBREVIATIONS, key=len, reverse=True))
                     + r")|\b\p{L})$")
_WINDOW_CHARS = 7  # the longest abbreviation and the character before it


def _at(data: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """The byte at each position (positions clipped into the buffer)."""
    return data[np.clip(pos, 0, max(len(data) - 1, 0))] if len(data) else np.zeros(
        len(pos), dtype=np.uint8)


def _starts_with(data: np.ndarray, pos: np.ndarray, end: np.ndarray, word: bytes) -> np.ndarray:
    """Whether ``word`` starts at each position (and ends by ``end``)."""
    ok = pos + len(word) <= end
    for k, byte in enumerate(word):
        ok &= _at(data, pos + k) == byte
    return ok


def _ends_with(data: np.ndarray, end: np.ndarray, floor: np.ndarray, word: bytes) -> np.ndarray:
    """Whether the bytes before each ``end`` (not before ``floor``) are ``word``."""
    ok = end - len(word) >= floor
    for k, byte in enumerate(reversed(word), start=1):
        ok &= _at(data, end - k) == byte
    return ok


def _space_after(data: np.ndarray, pos: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Byte width of the white-space character at each position (0: none)."""
    width = np.where((pos < end) & _ASCII_SPACE[_at(data, pos)], 1, 0)
    wide = np.flatnonzero((width == 0) & (pos < end) & (_at(data, pos) >= 0xC2))
    for space in _WIDE_SPACES:
        hit = wide[_starts_with(data, pos[wide], end[wide], space)]
        width[hit] = len(space)
    return width


def _space_before(data: np.ndarray, pos: np.ndarray, floor: np.ndarray) -> np.ndarray:
    """Byte width of the white-space character that ends at each position (0: none)."""
    width = np.where((pos > floor) & _ASCII_SPACE[_at(data, pos - 1)], 1, 0)
    wide = np.flatnonzero((width == 0) & (pos > floor) & (_at(data, pos - 1) >= 0x80))
    for space in _WIDE_SPACES:
        hit = wide[_ends_with(data, pos[wide], floor[wide], space)]
        width[hit] = len(space)
    return width


def _walk_back_over_space(data: np.ndarray, pos: np.ndarray, floor: np.ndarray) -> np.ndarray:
    """Each position moved back to the start of the white space that ends there."""
    pos = pos.copy()
    todo = np.arange(len(pos))
    while len(todo):
        step = _space_before(data, pos[todo], floor[todo])
        moved = step > 0
        pos[todo[moved]] -= step[moved]
        todo = todo[moved]
    return pos


_SCAN_BYTES = 1 << 20  # bytes classified at a time (kept in cache)
_CLASS = np.zeros(256, dtype=np.uint8)
_CLASS[_TERMINAL] = 1
_CLASS[0x0A] = 2


def _scan(text: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the bytes that may end a sentence (:data:`_TERMINAL`) and of the line
    breaks, found a cache-sized piece at a time."""
    terms, newlines = [], []
    for at in range(0, len(text), _SCAN_BYTES):
        kind = _CLASS[text[at:at + _SCAN_BYTES]]
        found = np.flatnonzero(kind)
        is_term = kind[found] == 1
        terms.append(found[is_term] + at)
        newlines.append(found[~is_term] + at)
    empty = np.zeros(0, dtype=np.int64)
    return (np.concatenate(terms) if terms else empty,
            np.concatenate(newlines) if newlines else empty)


def _word_code(letters: np.ndarray) -> np.ndarray:
    """A number for each row of lower-case ASCII letters (0 = none), one base-27 digit
    per letter."""
    code = np.zeros(len(letters), dtype=np.int64)
    for k in range(letters.shape[1]):
        digit = letters[:, k].astype(np.int64)
        code = code * 27 + np.where(digit > 0, digit - 0x60, 0)
    return code


_ASCII_TITLES = sorted(a for a in ABBREVIATIONS if a.isascii())
_TITLE_WIDTH = max(len(a) for a in _ASCII_TITLES)
_TITLE_CODES = _word_code(np.array(
    [[0] * (_TITLE_WIDTH - len(a)) + [ord(c) for c in a] for a in _ASCII_TITLES],
    dtype=np.uint8))
_ALNUM = np.zeros(256, dtype=bool)
_ALNUM[[*range(0x30, 0x3A), *range(0x41, 0x5B), *range(0x61, 0x7B), 0x5F]] = True  # \w


def _ascii_abbreviation_dots(data: np.ndarray, dots: np.ndarray, floor: np.ndarray
                             ) -> tuple[np.ndarray, np.ndarray]:
    """The abbreviation test where everything it reads is ASCII: (settled, protected).

    The letters before the dot must be a listed abbreviation or one letter, with a
    word boundary before them (the text's start, or an ASCII byte that is not a
    letter, a digit or "_"); a dot whose test would read a non-ASCII character is left
    unsettled, for the regular expression."""
    width = _TITLE_WIDTH + 1
    before = np.stack([np.where(dots - k >= floor, _at(data, dots - k), 0)
                       for k in range(width, 0, -1)], axis=1)  # column -1: right before
    letter = ((before | 0x20) >= 0x61) & ((before | 0x20) <= 0x7A) & (before < 0x80)
    # letters in a row before the dot, counted back from it
    run = np.zeros(len(dots), dtype=np.int64)
    going = np.ones(len(dots), dtype=bool)
    for k in range(1, width + 1):
        going &= letter[:, -k]
        run += going
    stop = np.take_along_axis(before, (width - 1 - np.minimum(run, width - 1))[:, None],
                              axis=1)[:, 0]
    at_floor = dots - run <= floor
    boundary = at_floor | ((stop < 0x80) & ~_ALNUM[stop])
    settled = (run >= 1) & (run <= _TITLE_WIDTH) & (at_floor | (stop < 0x80))
    settled |= (run > _TITLE_WIDTH) & letter.all(axis=1)  # a long ASCII word: not a title
    word = np.where(np.arange(width)[None, :] >= width - run[:, None], before | 0x20, 0)
    title = np.isin(_word_code(word[:, 1:]), _TITLE_CODES) & (run <= _TITLE_WIDTH)
    protected = settled & (run <= _TITLE_WIDTH) & boundary & ((run == 1) | title)
    return settled, protected


def _abbreviation_dots(data: np.ndarray, dots: np.ndarray, floor: np.ndarray) -> np.ndarray:
    """Whether the dot at each position ends an abbreviation or an initial, by the
    splitter's own regular expression on the few characters before the dot."""
    out = np.zeros(len(dots), dtype=bool)
    before = _at(data, dots - 1)
    # a letter (ASCII, or any multi-byte character) must come right before the dot
    maybe = (dots > floor) & ((((before | 0x20) >= 0x61) & ((before | 0x20) <= 0x7A))
                              | (before >= 0x80))
    idx = np.flatnonzero(maybe)
    if not len(idx):
        return out
    settled, protected = _ascii_abbreviation_dots(data, dots[idx], floor[idx])
    out[idx[settled]] = protected[settled]
    idx = idx[~settled]
    if not len(idx):
        return out
    end, low = dots[idx], floor[idx]
    start = np.maximum(end - _WINDOW_CHARS, low)
    # where those bytes are not all ASCII, go back one character at a time instead
    wide = np.zeros(len(idx), dtype=bool)
    for k in range(1, _WINDOW_CHARS + 1):
        wide |= (end - k >= low) & (_at(data, end - k) >= 0x80)
    wide = np.flatnonzero(wide)
    if len(wide):
        at, floor_w = end[wide].copy(), low[wide]
        for _ in range(_WINDOW_CHARS):  # back one character, over continuation bytes
            at = np.maximum(at - 1, floor_w)
            for _ in range(3):
                at = at - (((_at(data, at) & 0xC0) == 0x80) & (at > floor_w))
        start[wide] = at
    lengths = end - start
    cum = np.zeros(len(idx) + 1, dtype=np.int64)
    np.cumsum(lengths, out=cum[1:])
    gather = np.repeat(start - cum[:-1], lengths) + np.arange(cum[-1])
    window = pa.LargeStringArray.from_buffers(
        len(idx), pa.py_buffer(cum), pa.py_buffer(np.ascontiguousarray(data[gather])))
    out[idx] = pl.Series(window).str.contains(_ABBREVIATION_END).to_numpy()
    return out


class TextPositions:
    """Character, paragraph and sentence arithmetic over the bytes of many texts.

    Parameters
    ----------
    data : numpy.ndarray
        The UTF-8 bytes of all texts, end to end.
    offsets : numpy.ndarray
        Text ``i`` is ``data[offsets[i]:offsets[i + 1]]``.
    """

    def __init__(self, data: np.ndarray, offsets: np.ndarray):
        self.data = data
        self.offsets = offsets
        self._cuts: np.ndarray | None = None
        self._scanned: tuple[np.ndarray, np.ndarray] | None = None

    def _scan(self) -> tuple[np.ndarray, np.ndarray]:
        """Absolute positions of the bytes that may end a sentence, and of line breaks."""
        if self._scanned is None:
            lo, hi = int(self.offsets[0]), int(self.offsets[-1])
            term, newline = _scan(self.data[lo:hi])
            self._scanned = (term + lo, newline + lo)
        return self._scanned

    # ------------------------------------------------------------------ sentences
    def sentence_cuts(self) -> np.ndarray:
        """Sorted absolute byte positions of every sentence cut: the first byte of a run
        of white space that holds a line break or follows the end of a sentence."""
        if self._cuts is not None:
            return self._cuts
        data, offsets = self.data, self.offsets
        lo, hi = int(offsets[0]), int(offsets[-1])
        text = data[lo:hi]
        term, newline = self._scan()
        term, newline = term - lo, newline - lo
        # (a) . ! ? … then closing quotes, then white space
        last = text[term]
        wide = np.flatnonzero(last == _ELLIPSIS[-1])  # that byte ends other characters too
        keep = np.ones(len(term), dtype=bool)
        keep[wide] = ((term[wide] >= 2) & (text[np.maximum(term[wide] - 2, 0)] == _ELLIPSIS[0])
                      & (text[np.maximum(term[wide] - 1, 0)] == _ELLIPSIS[1]))
        term = term[keep & (term + 1 < len(text))]
        follow = text[np.minimum(term + 1, max(len(text) - 1, 0))]
        term, follow = term[_FOLLOW[follow]], follow[_FOLLOW[follow]]
        term += lo
        rows = np.searchsorted(offsets, term, side="right") - 1
        floor, end = offsets[rows], offsets[rows + 1]
        after = term + 1
        # most are followed by a plain space; the others may have closers first
        plain = (follow == 0x20) & (after < end)
        spaced = plain.copy()
        other = np.flatnonzero(~plain)
        todo = other.copy()
        while len(todo):  # step over closing quotes and brackets
            a, e = after[todo], end[todo]
            step = np.where((a < e) & _ASCII_CLOSER[_at(data, a)], 1, 0)
            for closer in _WIDE_CLOSERS:
                step = np.where((step == 0) & _starts_with(data, a, e, closer), len(closer),
                                step)
            moved = step > 0
            after[todo[moved]] += step[moved]
            todo = todo[moved]
        spaced[other] = _space_after(data, after[other], end[other]) > 0
        term, after, floor = term[spaced], after[spaced], floor[spaced]
        dot = np.flatnonzero(_at(data, term) == 0x2E)
        keep = np.ones(len(term), dtype=bool)
        keep[dot] = ~_abbreviation_dots(data, term[dot], floor[dot])
        # (b) every run of white space that holds a line break, from its first byte
        newline = newline + lo
        floor_nl = offsets[np.searchsorted(offsets, newline, side="right") - 1]
        runs = _walk_back_over_space(data, newline, floor_nl)
        cuts = np.concatenate([after[keep], runs])  # two sorted runs: timsort merges them
        cuts.sort(kind="stable")
        self._cuts = cuts[np.concatenate([[True], cuts[1:] != cuts[:-1]])] if len(cuts) else cuts
        return self._cuts

    def _solid_end(self) -> np.ndarray:
        """Where each text's trailing white space starts (its end when there is none)."""
        starts, ends = self.offsets[:-1], self.offsets[1:]
        return _walk_back_over_space(self.data, ends.copy(), starts)

    def sentence_counts(self) -> np.ndarray:
        """Sentences of each text, as ``len(sentences(text))`` counts them: the cuts
        with text on both sides, plus one for a text that is not all white space."""
        cuts = self.sentence_cuts()
        starts = self.offsets[:-1]
        solid_end = self._solid_end()
        inner = (np.searchsorted(cuts, solid_end, side="left")
                 - np.searchsorted(cuts, starts, side="right"))
        return np.where(solid_end > starts, inner + 1, 0).astype(np.int64)

    def sentence_index(self, rows: np.ndarray, pos: np.ndarray) -> np.ndarray:
        """0-based sentence of each absolute byte position (not white space) in text
        ``rows``: the cuts after the text's start and before the position."""
        cuts = self.sentence_cuts()
        return (np.searchsorted(cuts, pos, side="left")
                - np.searchsorted(cuts, self.offsets[rows], side="right"))

    # ------------------------------------------------------------------ characters
    def _spans(self):
        """Runs of whole texts of about ``_SPAN_BYTES``: (first text, last text + 1,
        first byte, end byte)."""
        offsets = self.offsets
        n = len(offsets) - 1
        if n <= 0:
            return
        span_of = (offsets[:-1] - offsets[0]) // _SPAN_BYTES
        edges = np.flatnonzero(np.diff(span_of)) + 1
        bounds = np.concatenate([[0], edges, [n]])
        for a, b in zip(bounds[:-1], bounds[1:], strict=True):
            yield int(a), int(b), int(offsets[a]), int(offsets[b])

    def characters(self, rows: np.ndarray, pos: np.ndarray) -> np.ndarray:
        """Characters before each absolute byte position in its text ``rows``."""
        start = self.offsets[rows]
        count = pos - start
        if not len(pos):
            return count
        order = np.argsort(rows, kind="stable")
        sorted_rows = rows[order]
        for a, b, lo, hi in self._spans():
            i, j = np.searchsorted(sorted_rows, [a, b], side="left")
            if i == j:
                continue
            mine = order[i:j]
            tail = np.flatnonzero((self.data[lo:hi] & 0xC0) == 0x80) + lo  # continuation bytes
            count[mine] -= np.searchsorted(tail, pos[mine]) - np.searchsorted(tail, start[mine])
        return count

    def paragraph_index(self, rows: np.ndarray, pos: np.ndarray) -> np.ndarray:
        """0-based paragraph of each absolute byte position in text ``rows``."""
        breaks = self._paragraph_breaks()
        return (np.searchsorted(breaks + 2, pos, side="right")
                - np.searchsorted(breaks, self.offsets[rows], side="left"))

    def _paragraph_breaks(self) -> np.ndarray:
        """Absolute positions of the blank lines ("\\n\\n", found left to right without
        overlap within each text) that end a paragraph."""
        offsets = self.offsets
        nl = self._scan()[1]
        if not len(nl):
            return nl
        new_run = np.ones(len(nl), dtype=bool)
        new_run[1:] = nl[1:] != nl[:-1] + 1
        at = np.minimum(np.searchsorted(offsets, nl), len(offsets) - 1)
        new_run |= offsets[at] == nl  # a run of newlines never goes on into the next text
        first = np.flatnonzero(new_run)
        run = np.cumsum(new_run) - 1
        at = np.arange(len(nl)) - first[run]
        length = np.diff(np.append(first, len(nl)))[run]
        return nl[(at % 2 == 0) & (at + 1 < length)]


def locate(data: np.ndarray, offsets: np.ndarray, rows: np.ndarray, starts: np.ndarray,
           ends: np.ndarray | None = None, *, paragraph: bool = True, sentence: bool = True,
           ) -> dict[str, np.ndarray]:
    """Character offsets, paragraph and sentence of byte spans in many texts.

    Parameters
    ----------
    data, offsets
        The texts' UTF-8 bytes and where each text starts (as :class:`TextPositions`).
    rows
        The text of each span.
    starts, ends
        Byte offsets of each span in its text; without ``ends``, no character
        offsets are computed.
    paragraph, sentence
        Which units to compute.

    Returns
    -------
    dict of numpy.ndarray
        ``start`` and ``end`` (characters, with ``ends``), ``paragraph``, ``sentence``.

    Examples
    --------
    >>> import numpy as np
    >>> text = "Mr. Putin met U.S. envoys. They talked!\\n\\nNew paragraph".encode()
    >>> found = locate(np.frombuffer(text, np.uint8), np.array([0, len(text)]),
    ...                np.array([0, 0]), np.array([4, 42]))
    >>> found["paragraph"].tolist(), found["sentence"].tolist()
    ([0, 1], [0, 2])
    """
    positions = TextPositions(data, offsets)
    rows = rows.astype(np.int64)
    docstart = offsets[rows]
    gpos = docstart + starts
    out: dict[str, np.ndarray] = {}
    if ends is not None:
        n = len(rows)
        chars = positions.characters(np.concatenate([rows, rows]),
                                     np.concatenate([gpos, docstart + ends]))
        out["start"], out["end"] = chars[:n], chars[n:]
    if paragraph:
        out["paragraph"] = positions.paragraph_index(rows, gpos)
    if sentence:
        out["sentence"] = positions.sentence_index(rows, gpos)
    return out


def sentence_counts(data: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Sentences in each text (``len(tassanalysis.text.sentences(text))``).

    Examples
    --------
    >>> import numpy as np
    >>> texts = ["Mr. Putin met U.S. envoys. They talked!\\n\\nNew paragraph", "", "  "]
    >>> raw = "".join(texts).encode()
    >>> ends = np.cumsum([0] + [len(t.encode()) for t in texts])
    >>> sentence_counts(np.frombuffer(raw, np.uint8), ends).tolist()
    [3, 0, 0]
    """
    return TextPositions(data, offsets).sentence_counts()


def paragraph_counts(texts: pl.Series) -> np.ndarray:
    """Paragraphs in each text, as co-mention units count them (blank lines + 1)."""
    return (texts.fill_null("").str.count_matches(r"\n\s*\n").cast(pl.Int64) + 1).to_numpy()
