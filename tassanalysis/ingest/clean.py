"""Text repair, byte decoding and duplicate merging for ingested articles.

* :func:`clean_text` (Polars expression) and :func:`clean_string` (one string)
  apply the same rule table: mojibake repair, Unicode NFC, odd and zero-width
  spaces, the mangled quotes of some research corpora (``DeVos""?highly``),
  whitespace runs and paragraph breaks (``"\\n\\n"`` between paragraphs).
* :func:`decode_bytes` turns raw page bytes into text (BOMs, UTF-8,
  windows-1251, cp1252, …).
* :func:`dedupe` merges exact duplicates and near-duplicates (re-scrapes,
  updated versions) of a canonical article frame.

Examples
--------
>>> clean_string("It\\u2019s  a   test\\u00a0 \\n\\n\\n next paragraph ")
'It’s a test\\n\\nnext paragraph'
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import polars as pl
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from tassanalysis.ingest.errors import PageError

__all__ = ["clean_string", "clean_text", "decode_bytes", "dedupe", "split_dateline",
           "strip_source_boilerplate"]


# ---------------------------------------------------------------------------
# The rule table
# ---------------------------------------------------------------------------

def _cp1252_char(byte: int) -> str:
    """The character Windows-1252 shows for ``byte`` (Latin-1 where cp1252 has a hole)."""
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return bytes([byte]).decode("latin-1")


def _mojibake_table() -> dict[str, str]:
    """Map the garbled form of common characters (UTF-8 read as cp1252 or Latin-1) back."""
    targets = [chr(c) for c in range(0xA0, 0x100)]
    targets += list("‘’‚“”„†‡•…‰‹›€™–—″′№")
    targets += [chr(c) for c in range(0x0400, 0x0460)]  # Cyrillic
    table: dict[str, str] = {}
    for ch in targets:
        raw = ch.encode("utf-8")
        for garbled in ("".join(_cp1252_char(b) for b in raw), raw.decode("latin-1")):
            if garbled != ch:
                table[garbled] = ch
    return table


#: Garbled sequence -> intended character (literal replacements).
MOJIBAKE: dict[str, str] = _mojibake_table()

_ZERO_WIDTH = "\u200b\u2060\ufeff\u00ad"
_ODD_SPACES = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v"

#: Regex rules applied in order, as (pattern, replacement); replacements use
#: ``${n}`` group references. The patterns avoid look-around so that the same
#: table runs in Polars (Rust regex) and in Python ``re``.
REGEX_RULES: list[tuple[str, str]] = [
    (r"\r\n?", "\n"),
    (f"[{_ZERO_WIDTH}]", ""),
    (f"[{_ODD_SPACES}]", " "),
    # Mangled punctuation seen in web-scraped research corpora, where a curly
    # quote or dash followed by a space became '"?' (or a replacement char).
    (r"(\w)\"(t|s|ve|re|ll|d|m)\b", "${1}'${2}"),  # don"t -> don't
    ("\"\ufffd[\ufffd?]*", '"'),  # mangled opening quote (a whole run, so one pass does it)
    (r" \"\? ?([^\s\"])", " — ${1}"),  # move "?which -> move — which
    (" \ufffd\\?([^\\s\"])", " — ${1}"),
    (r"\"\?\"\? ?", "\" — "),
    (r"\"\?\"(\w)", "\" \"${1}"),  # closing quote, space, opening quote
    (r"\"\?\" ", "\" — "),
    (r"([.,!;:])\"\?(\s|$)", "${1}\"${2}"),  # already."? Thousands
    (r"([sS])\"\?([a-z0-9])", "${1}' ${2}"),  # DeVos"?highly -> DeVos' highly
    (r"\"\?([^\s\"])", "\" ${1}"),  # choice,"?Sen. -> choice," Sen.
    (r" {2,}", " "),
    (r" ?\n[\n ]*", "\n\n"),
]

#: A TASS dateline opening a text: "MOSCOW, December 26. /TASS/.",
#: "IGORA /Leningrad Region/, December 26. /TASS/.", "NEW YORK. February 28. /TASS/.",
#: "VERONA, Italy, February 22. /TASS/.", "МОСКВА, 26 декабря. /ТАСС/.". Group 1 is the place.
DATELINE = (r"^\s*([^,\n]{1,60}?)\s*(?:,?\s*/[^/\n]{1,60}/)?\s*(?:,\s*[A-Z][A-Za-z ]{1,30})?\s*"
            r"[,.]?\s*(?:[A-Za-zА-Яа-яё]+\.?\s*\d{1,2}(?:st|nd|rd|th)?|\d{1,2}\s+[А-Яа-яё]+|FACTBOX)"
            r"\s*[.,]?\s*/\s*(?:TASS|ТАСС)[^/\n]{0,60}/\.?\s*")
BARE_AGENCY = r"^/\s*(?:TASS|ТАСС)\s*/\.?\s*"
#: The dateline without its place, anchored at the end: stripping it from a
#: matched dateline leaves the place (a faster route than a capture group).
DATELINE_TAIL = DATELINE[len(r"^\s*([^,\n]{1,60}?)"):] + "$"
_DATELINE_RE = re.compile(DATELINE)
_BARE_AGENCY_RE = re.compile(BARE_AGENCY)


def split_dateline(text: str) -> tuple[str | None, str]:
    """Split a TASS dateline (``MOSCOW, December 26. /TASS/.``) off the start of a text.

    Returns the place (or None) and the text after the dateline.

    Examples
    --------
    >>> split_dateline("IGORA /Leningrad Region/, December 26. /TASS/. Russia could")
    ('IGORA', 'Russia could')
    >>> split_dateline("No dateline here.")
    (None, 'No dateline here.')
    """
    match = _DATELINE_RE.match(text)
    place = match.group(1).strip() if match else None
    rest = text[match.end():] if match else text
    return place, _BARE_AGENCY_RE.sub("", rest, count=1)


_PY_RULES = [(re.compile(p), re.sub(r"\$\{(\d+)\}", r"\\g<\1>", r)) for p, r in REGEX_RULES]
_MOJIBAKE_RE = re.compile("|".join(re.escape(k) for k in sorted(MOJIBAKE, key=len, reverse=True)))


def clean_text(expr: pl.Expr) -> pl.Expr:
    """Repair and normalize a string expression.

    Fixes mojibake (UTF-8 read as cp1252/Latin-1, e.g. ``â€™`` → ``’``),
    normalizes to Unicode NFC, turns non-breaking and other odd spaces into
    spaces, drops zero-width characters and soft hyphens, repairs mangled
    quotes (``DeVos"?highly`` → ``DeVos' highly``), collapses space runs and
    makes every line break a paragraph break (``"\\n\\n"``), without leading or
    trailing whitespace. Nulls stay null.

    Parameters
    ----------
    expr
        A string expression.

    Returns
    -------
    pl.Expr
        The cleaned string expression.

    Examples
    --------
    >>> import polars as pl
    >>> pl.DataFrame({"t": ["choice,\\"?Sen. Warren", "caf\\u00c3\\u00a9"]}).select(
    ...     clean_text(pl.col("t")))["t"].to_list()
    ['choice," Sen. Warren', 'café']
    """
    return expr.map_batches(_clean_series, return_dtype=pl.String, is_elementwise=True)


#: Characters that may make a text need repair: controls, first characters of
#: mojibake, odd and zero-width spaces, the replacement character, and what NFC
#: can change (combining marks, Hangul jamo, singleton decompositions).
_TRIGGERS = (
    r"\x00-\x09\x0B-\x1F\x7F-\x9F"
    + "".join(sorted({k[0] for k in MOJIBAKE}))
    + _ZERO_WIDTH + _ODD_SPACES.replace("\t\f\v", "") + "\ufffd"
    + r"\p{M}\x{1100}-\x{11FF}\x{2126}\x{212A}\x{212B}\x{0374}\x{037E}\x{0387}"
    + r"\x{1F71}-\x{1FFD}\x{2329}\x{232A}\x{F900}-\x{FAFF}"
)
#: A row matching this may need the rules; other rows are already clean.
_NEEDS_WORK = "|".join([
    f"[{_TRIGGERS}]", "  ", r'"\?', r'\w"\w', r"^\s", r"\s$",
    r"[^\n]\n[^\n]", r"\n\n\n", r" \n", r"\n ",
])


#: The rules run this many times over a text that needs them: one repair can
#: expose the next ("a\"\ufffds" → "a\"s" → "a's"), and a cleaned text must come
#: out of another cleaning unchanged.
_PASSES = 3


def _clean_rules(expr: pl.Expr) -> pl.Expr:
    out = expr
    for _ in range(_PASSES):
        out = out.str.replace_many(list(MOJIBAKE), list(MOJIBAKE.values()))
        out = out.str.normalize("NFC")
        for pattern, replacement in REGEX_RULES:
            out = out.str.replace_all(pattern, replacement)
        out = out.str.strip_chars()
    return out


def _clean_series(values: pl.Series) -> pl.Series:
    """Apply the rules to the rows that may need them; leave the others as they are."""
    if values.dtype != pl.String:
        values = values.cast(pl.String)
    todo = values.str.contains(_NEEDS_WORK).fill_null(False).arg_true()
    if len(todo) == 0:
        return values
    fixed = values.gather(todo).to_frame("text").select(_clean_rules(pl.col("text")))["text"]
    if len(todo) == len(values):
        return fixed.alias(values.name)
    return values.clone().scatter(todo, fixed)


def clean_string(text: str) -> str:
    """Apply the :func:`clean_text` rules to one Python string.

    Examples
    --------
    >>> clean_string("  Line one \\n line two\\u200b ")
    'Line one\\n\\nline two'
    """
    out = text
    for _ in range(_PASSES):
        out = _MOJIBAKE_RE.sub(lambda m: MOJIBAKE[m.group(0)], out)
        out = unicodedata.normalize("NFC", out)
        for pattern, replacement in _PY_RULES:
            out = pattern.sub(replacement, out)
        out = out.strip()
    return out


# ---------------------------------------------------------------------------
# Decoding bytes
# ---------------------------------------------------------------------------

_BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
]
_CONTROL = bytes(set(range(32)) - {9, 10, 12, 13}) + b"\x7f"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_CYRILLIC_CODECS = ("cp1251", "koi8_r", "mac_cyrillic", "cp866", "iso8859_5")


def _lowercase_cyrillic_share(text: str) -> float:
    cyr = [c for c in text if "\u0400" <= c <= "\u04ff"]
    if not cyr:
        return 0.0
    return sum(c.islower() for c in cyr) / len(cyr)


def decode_bytes(data: bytes, *, declared: str | None = None) -> tuple[str, str]:
    """Decode raw bytes to text and name the encoding used.

    Order of trust: a byte-order mark; strict UTF-8; the ``declared``
    encoding (e.g. an HTML ``<meta charset>``) when it decodes cleanly;
    otherwise charset-normalizer's guess, with Cyrillic-looking bytes decoded as
    windows-1251 (unless the letter case says KOI8-R) and Western bytes as
    cp1252.

    Parameters
    ----------
    data
        The raw bytes.
    declared
        An encoding the container declares, tried after UTF-8; by default an
        HTML ``<meta charset>`` (or ``http-equiv`` content type) near the start.

    Returns
    -------
    tuple[str, str]
        The text and the Python codec name (``"utf-8"``, ``"cp1251"``, …).

    Raises
    ------
    PageError
        ``reason="undecodable"`` for binary input (NUL bytes or many control
        characters).

    Examples
    --------
    >>> decode_bytes("Привет, мир".encode("cp1251"))
    ('Привет, мир', 'cp1251')
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(codec.replace("-sig", ""), errors="replace"), codec
    sample = data[:65536]
    if b"\x00" in sample:
        raise PageError("undecodable", "binary input: the bytes contain NUL characters")
    if sample and sum(sample.count(bytes([c])) for c in _CONTROL) / len(sample) > 0.05:
        raise PageError("undecodable", "binary input: too many control characters")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if declared is None:
        found = _META_CHARSET.search(sample[:4096])
        declared = found.group(1).decode("ascii", "replace") if found else None
    if declared:
        try:
            codec = _codec_name(declared)
            if codec not in ("utf-8", "utf_8"):
                return data.decode(codec), codec
        except (LookupError, UnicodeDecodeError):
            pass
    high = [b for b in sample if b >= 0x80]
    # In Russian text most bytes of cp1251/KOI8 are letters in 0xC0-0xFF.
    if high and sum(b >= 0xC0 for b in high) / len(high) > 0.6 and len(high) / max(
            1, sum(c.isalpha() for c in sample.decode("latin-1"))) > 0.3:
        best = max(("cp1251", "koi8_r"),
                   key=lambda c: _lowercase_cyrillic_share(sample.decode(c, errors="replace")))
        return data.decode(best, errors="replace"), best
    from charset_normalizer import from_bytes

    match = from_bytes(data).best()
    codec = _codec_name(match.encoding) if match is not None else "cp1252"
    if codec in _CYRILLIC_CODECS:
        codec = "cp1251"
    elif not codec.startswith(("utf", "cp1251", "gb", "big5", "shift", "euc", "iso2022")):
        # Single-byte Western guesses (cp1250, latin-1, mac-roman…) are
        # indistinguishable on short text: prefer the most common one.
        codec = "cp1252"
    return data.decode(codec, errors="replace"), codec


def _codec_name(name: str) -> str:
    import codecs

    codec = codecs.lookup(name.strip().strip("\"'")).name
    return {"windows-1251": "cp1251", "windows-1252": "cp1252"}.get(codec, codec)


# ---------------------------------------------------------------------------
# Duplicates
# ---------------------------------------------------------------------------

_NUM_PERM = 64
_BANDS = 16
_SHINGLE = 5
_MAX_BUCKET = 500
#: Shorter bodies (headline snippets, briefs) are only merged when exactly equal:
#: two different articles often share their first sentence.
_MIN_NEAR_WORDS = 30


def _url_key(url: pl.Expr) -> pl.Expr:
    """A comparable form of a URL: no scheme, ``www.``, fragment, tracking query or trailing ``/``."""
    return (
        url.str.strip_chars().str.to_lowercase()
        .str.replace(r"^[a-z][a-z0-9+.-]*://", "")
        .str.replace(r"^www\.", "")
        .str.replace(r"#.*$", "")
        .str.replace_all(r"[?&](utm_[a-z]+|maca|ref|rss|from)=[^&]*", "")
        .str.strip_chars_end("/?&")
    )


def _text_key(frame: pl.DataFrame) -> pl.Expr:
    words = lambda c: (  # noqa: E731
        pl.col(c).fill_null("").str.to_lowercase().str.replace_all(r"[^\w]+", " ").str.strip_chars()
    )
    return pl.concat_str([words("title"), words("body")], separator="\x1f")


def _components(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Connected-component label of each of ``n`` nodes given undirected edges."""
    graph = coo_matrix((np.ones(len(left), dtype=np.int8), (left, right)), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def _group_edges(keys: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """Edges joining every row to the first row with the same (non-null) key."""
    frame = pl.DataFrame({"key": keys}).with_row_index("i").drop_nulls("key")
    frame = frame.with_columns(pl.col("i").min().over("key").alias("first"))
    frame = frame.filter(pl.col("i") != pl.col("first"))
    return frame["i"].to_numpy().astype(np.int64), frame["first"].to_numpy().astype(np.int64)


def _mix(x: np.ndarray) -> np.ndarray:
    """SplitMix64 finalizer: spreads the bits of 64-bit hashes."""
    with np.errstate(over="ignore"):
        x = x ^ (x >> np.uint64(30))
        x = x * np.uint64(0xBF58476D1CE4E5B9)
        x = x ^ (x >> np.uint64(27))
        x = x * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def _shingles(bodies: pl.Series) -> pl.DataFrame:
    """Word 5-shingle hashes per document: columns ``doc`` (u32), ``sh`` (u64); may repeat."""
    tokens = (
        pl.DataFrame({"body": bodies}).with_row_index("doc")
        .select("doc", pl.col("body").fill_null("").str.to_lowercase()
                .str.extract_all(r"\w+").list.eval(pl.element().hash(7)).alias("h"))
        .with_columns(pl.col("h").list.len().alias("n"))
        .filter(pl.col("n") >= _MIN_NEAR_WORDS)
        .explode("h")
    )
    if tokens.height == 0:
        return pl.DataFrame(schema={"doc": pl.UInt32, "sh": pl.UInt64})
    h = tokens["h"].to_numpy()
    n = tokens["n"].to_numpy()
    doc = tokens["doc"].to_numpy()
    # position of each token inside its document
    starts = np.r_[0, np.flatnonzero(np.diff(doc)) + 1]
    pos = np.arange(len(h)) - np.repeat(starts, np.diff(np.r_[starts, len(h)]))
    idx = np.flatnonzero(pos + _SHINGLE <= n)
    sh = h[idx].copy()
    with np.errstate(over="ignore"):
        for j in range(1, _SHINGLE):
            sh = (sh * np.uint64(0x100000001B3)) ^ _mix(h[idx + j] + np.uint64(j))
    return pl.DataFrame({"doc": doc[idx], "sh": _mix(sh)})


def _minhash(sh: pl.DataFrame, n_docs: int) -> np.ndarray:
    """MinHash signatures, ``n_docs`` × 64 (u64), by one-permutation hashing.

    Each shingle hash falls in one of 64 bins by its low bits; a bin keeps the
    minimum of the remaining bits. Empty bins borrow the value of the next
    non-empty bin (rotation densification), so short texts still get full
    signatures. Documents without shingles keep all-max rows.
    """
    empty_value = np.iinfo(np.uint64).max
    sig = np.full((n_docs, _NUM_PERM), empty_value, dtype=np.uint64)
    if sh.height == 0:
        return sig
    bins = (
        sh.group_by("doc", (pl.col("sh") % _NUM_PERM).alias("bin"))
        .agg((pl.col("sh") // _NUM_PERM).min().alias("value"))
    )
    sig[bins["doc"].to_numpy(), bins["bin"].to_numpy()] = bins["value"].to_numpy()
    empty = sig == empty_value
    rows = np.flatnonzero(empty.any(axis=1) & ~empty.all(axis=1))
    if len(rows):
        cols = np.arange(_NUM_PERM)
        holes = empty[rows]
        filled_at = np.where(holes, 4 * _NUM_PERM, cols)
        doubled = np.concatenate([filled_at, np.where(holes, 4 * _NUM_PERM, cols + _NUM_PERM)],
                                 axis=1)
        following = np.minimum.accumulate(doubled[:, ::-1], axis=1)[:, ::-1][:, :_NUM_PERM]
        borrowed = sig[rows[:, None], following % _NUM_PERM]
        with np.errstate(over="ignore"):
            borrowed = borrowed + (following - cols).astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        sig[rows] = np.where(holes, borrowed, sig[rows])
    return sig


def _candidate_pairs(sig: np.ndarray, has_shingles: np.ndarray) -> pl.DataFrame:
    """Pairs of documents that share at least one LSH band bucket: columns ``a``, ``b``."""
    rows = _NUM_PERM // _BANDS
    docs = np.flatnonzero(has_shingles)
    frames = []
    for band in range(_BANDS):
        part = np.ascontiguousarray(sig[docs, band * rows:(band + 1) * rows])
        folded = np.zeros(len(docs), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for r in range(rows):
                folded = _mix(folded ^ part[:, r])
        frame = (
            pl.DataFrame({"doc": docs.astype(np.uint32), "key": folded})
            .with_columns(pl.len().over("key").alias("size"))
            .filter((pl.col("size") > 1) & (pl.col("size") <= _MAX_BUCKET))
        )
        if frame.height:
            pairs = (frame.join(frame, on="key", suffix="_b")
                     .filter(pl.col("doc") < pl.col("doc_b"))
                     .select(pl.col("doc").alias("a"), pl.col("doc_b").alias("b")))
            frames.append(pairs)
    if not frames:
        return pl.DataFrame(schema={"a": pl.UInt32, "b": pl.UInt32})
    return pl.concat(frames).unique()


def _verified_pairs(sh: pl.DataFrame, pairs: pl.DataFrame, threshold: float) -> pl.DataFrame:
    """Candidate pairs whose exact shingle Jaccard similarity is at least ``threshold``."""
    if pairs.height == 0:
        return pairs
    docs = pl.concat([pairs["a"], pairs["b"]]).unique().implode()
    sh = sh.filter(pl.col("doc").is_in(docs)).unique()
    sizes = sh.group_by("doc").len("size")
    inter = (
        pairs.join(sh, left_on="a", right_on="doc")
        .join(sh, left_on=["b", "sh"], right_on=["doc", "sh"])
        .group_by("a", "b").len("inter")
    )
    return (
        inter.join(sizes.rename({"doc": "a", "size": "size_a"}), on="a")
        .join(sizes.rename({"doc": "b", "size": "size_b"}), on="b")
        .with_columns((pl.col("inter") / (pl.col("size_a") + pl.col("size_b") - pl.col("inter")))
                      .alias("jaccard"))
        .filter(pl.col("jaccard") >= threshold)
        .select("a", "b")
    )


def _merge(frame: pl.DataFrame, label: np.ndarray) -> pl.DataFrame:
    """Keep the most complete row of each group; add up ``merged``."""
    ranked = frame.with_columns(
        pl.Series("_group", label, dtype=pl.Int64),
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("_order"),
    )
    best = ranked.sort(
        [pl.col("body").str.len_chars().fill_null(0),
         pl.col("title").is_not_null(), pl.col("lead").is_not_null(),
         pl.col("published_at").is_not_null(), pl.col("published_at"), pl.col("_order")],
        descending=[True, True, True, True, True, False], nulls_last=True,
    )
    totals = ranked.group_by("_group").agg(
        (pl.col("merged").sum() + pl.len() - 1).cast(pl.UInt32).alias("_merged"))
    return (
        best.unique("_group", keep="first", maintain_order=True)
        .join(totals, on="_group")
        .sort("_order")
        .with_columns(pl.col("_merged").alias("merged"))
        .select(frame.columns)
    )


def dedupe(frame: pl.DataFrame, *, threshold: float = 0.85) -> tuple[pl.DataFrame, dict[str, int]]:
    """Merge duplicate and near-duplicate articles into one row each.

    Exact duplicates share a normalized URL (no scheme, ``www.``, fragment,
    tracking parameters or trailing slash), or the same normalized title and
    text (lower case, punctuation removed). Near-duplicates among bodies of at
    least 30 words (re-scrapes,
    updated versions) are found with MinHash over word 5-shingles of the body
    (one-permutation hashing into 64 bins with densification, LSH with 16
    bands of 4 bins) and confirmed by the exact
    Jaccard similarity of the shingle sets (``>= threshold``). Groups are
    transitive. Of each group the most complete row is kept: longest body,
    then one with a title, a lead, a date, then the latest date; its
    ``merged`` becomes the sum of the group's ``merged`` plus the number of
    rows merged into it. Row order follows the first appearance of the kept
    rows; running ``dedupe`` on its own output changes nothing.

    Parameters
    ----------
    frame
        A canonical article frame (see :mod:`tassanalysis.schema`).
    threshold
        Minimum Jaccard similarity of two bodies' shingle sets to merge them.

    Returns
    -------
    tuple[pl.DataFrame, dict[str, int]]
        The merged frame (same columns) and the number of rows removed as
        ``{"exact": n, "near": m}``.

    Examples
    --------
    >>> from tassanalysis.schema import empty_corpus
    >>> dedupe(empty_corpus())[1]
    {'exact': 0, 'near': 0}
    """
    if frame.height < 2:
        return frame, {"exact": 0, "near": 0}
    keys = frame.select(
        _url_key(pl.col("url")).alias("url_key"),
        _text_key(frame).alias("text_key"),
    )
    url_keys = keys["url_key"].replace("", None)
    text_keys = keys["text_key"].replace("\x1f", None)
    e1 = _group_edges(url_keys)
    e2 = _group_edges(text_keys)
    label = _components(frame.height, np.r_[e1[0], e2[0]], np.r_[e1[1], e2[1]])
    exact = _merge(frame, label)
    n_exact = frame.height - exact.height

    sh = _shingles(exact["body"])
    sig = _minhash(sh, exact.height)
    has = np.zeros(exact.height, dtype=bool)
    has[sh["doc"].to_numpy()] = True
    pairs = _verified_pairs(sh, _candidate_pairs(sig, has), threshold)
    if pairs.height == 0:
        return exact, {"exact": n_exact, "near": 0}
    label = _components(exact.height, pairs["a"].to_numpy().astype(np.int64),
                        pairs["b"].to_numpy().astype(np.int64))
    near = _merge(exact, label)
    return near, {"exact": n_exact, "near": exact.height - near.height}


# ---------------------------------------------------------------------------
# Boilerplate learned per source
# ---------------------------------------------------------------------------

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
    h = _mix(h)
    with np.errstate(over="ignore"):
        sh = h[starts].copy()
        for j in range(1, words):
            sh = sh * np.uint64(0x100000001B3) + h[starts + j]
        # the source is part of the key, so one u64 column is counted
        key = _mix(sh ^ (src[starts].astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)))
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
