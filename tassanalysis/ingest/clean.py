"""Clean: byte decoding and text repair for ingested articles.

* :func:`clean_text` (Polars expression) and :func:`clean_string` (one string)
  apply the same rule table: mojibake repair, letters lost to replacement
  characters in known words, Unicode NFC, odd and zero-width spaces, whitespace
  runs and paragraph breaks (``"\\n\\n"`` between paragraphs); and, for a
  source known to be mangled that way, its mangled quotes (``DeVos"?highly``).
* :func:`decode_bytes` turns raw page bytes into text (BOMs, UTF-8,
  windows-1251, cp1252, …).

Duplicates are merged in :mod:`tassanalysis.ingest.duplicates`, page chrome in
article text removed in :mod:`tassanalysis.ingest.boilerplate`.

Examples
--------
>>> clean_string("It\\u2019s  a   test\\u00a0 \\n\\n\\n next paragraph ")
'It’s a test\\n\\nnext paragraph'
"""

from __future__ import annotations

import re
import unicodedata

import polars as pl

from tassanalysis.ingest.errors import PageError
from tassanalysis.ingest.sections import normalize_sections

__all__ = ["LOST_LETTER_WORDS", "MANGLED_QUOTE_RULES", "clean_articles", "clean_string",
           "clean_text", "decode_bytes", "split_dateline"]


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

#: Words with letters outside ASCII whose letters a bad decoding upstream turned
#: into replacement characters, one per byte of their UTF-8 form ("Garda\ufffd\ufffd"
#: for "Gardaí": the Irish fada, German umlauts, accents of names). Where a damaged
#: word has the damaged form of exactly one of these, it is repaired.
LOST_LETTER_WORDS: tuple[str, ...] = (
    # Irish
    "Gardaí", "Féin", "Dáil", "Fáil", "Síochána", "Tánaiste", "Iarnród", "Éireann",
    "Seán", "Ciarán", "Micheál", "Mícheál", "Trócaire", "Róisín", "Nóirín", "Uachtaráin",
    "Donnabháin", "Aodhán", "Ríordáin", "Máirtín", "Caoimhghín", "Ceoltóirí", "Coláiste",
    "Bríde", "Ruairí", "Busáras", "Sláinte", "Pádraig", "Máire", "Áine", "Sinéad", "Oisín",
    "Éamon", "Dún", "Páirc", "Teachtaí", "Dála", "Aontú", "Fáilte", "Gaeltacht",
    # German, French, Spanish, other names and loanwords
    "Düsseldorf", "Reichsbürger", "Süddeutsche", "Müller", "Fürth", "Grünberg", "Kühn",
    "Württemberg", "Gmünd", "Jürgen", "Würzburg", "Ravensbrück", "Zürich", "Tübingen",
    "Osnabrück", "Brücke", "Glashütte", "dafür", "Jülich", "Kurfürstendamm", "Stürmer",
    "Gülen", "Beyoncé", "Gutiérrez", "Pénélope", "Joaquín", "Cárdenas", "México",
    "Ramírez", "Martín", "Tomás", "André", "Cécile", "Gérard", "Aurélie", "Jérôme",
    "Sáenz", "Barragán", "Henríquez", "fiancée", "café", "cafés", "attaché", "attachés",
    "cliché", "clichés", "communiqué", "célèbre", "risqué", "chargé", "mélange",
    "Libération", "Condé",
)


def _damaged(word: str) -> str:
    """A word as a bad decoding leaves it: one U+FFFD per UTF-8 byte of each non-ASCII letter."""
    return "".join(c if c.isascii() else "\ufffd" * len(c.encode("utf-8")) for c in word)


def _lost_letter_table() -> dict[str, str]:
    """Damaged form -> word, in lower, title and upper case; forms two words share are left out."""
    table: dict[str, str] = {}
    shared: set[str] = set()
    for word in LOST_LETTER_WORDS:
        for form in {word, word.lower(), word[0].upper() + word[1:], word.upper()}:
            key = _damaged(form)
            if key in table and table[key] != form:
                shared.add(key)
            table[key] = form
    return {k: v for k, v in sorted(table.items(), key=lambda kv: -len(kv[0]))
            if k not in shared}


#: Damaged form -> repaired word (see :data:`LOST_LETTER_WORDS`), longest first.
LOST_LETTERS: dict[str, str] = _lost_letter_table()

#: Regex rules applied in order, as (pattern, replacement); replacements use
#: ``${n}`` group references. The patterns avoid look-around so that the same
#: table runs in Polars (Rust regex) and in Python ``re``. They change nothing
#: that is valid as it stands.
REGEX_RULES: list[tuple[str, str]] = [
    (r"\r\n?", "\n"),
    (f"[{_ZERO_WIDTH}\\x00]", ""),  # zero-width characters, soft hyphens and NUL
    (f"[{_ODD_SPACES}]", " "),
    # a right single quote (one cp1252 byte) lost to a replacement character inside a
    # word: "don\ufffdt", "Ireland\ufffds", "O\ufffdNeill"
    ("([^\\W\\d_])\ufffd(t|s|ve|re|ll|d|m)\\b", "${1}’${2}"),
    ("\\b([OD])\ufffd([A-Z])", "${1}’${2}"),
    (r" {2,}", " "),
    (r" ?\n[\n ]*", "\n\n"),
]

#: The mangled punctuation of one research corpus (NewsArticles, Dai 2017), where a
#: curly quote or dash followed by a space became '"?' (or a replacement character).
#: These rules change ASCII quotes, valid elsewhere: they run only on tables whose
#: preset says the source is mangled this way
#: (:attr:`tassanalysis.ingest.tabular.TablePreset.mangled_quotes`).
MANGLED_QUOTE_RULES: list[tuple[str, str]] = [
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


def _py_rules(rules: list[tuple[str, str]]) -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(p), re.sub(r"\$\{(\d+)\}", r"\\g<\1>", r)) for p, r in rules]


_PY_RULES = _py_rules(REGEX_RULES)
_PY_QUOTE_RULES = _py_rules(MANGLED_QUOTE_RULES)
_MOJIBAKE_RE = re.compile("|".join(re.escape(k) for k in sorted(MOJIBAKE, key=len, reverse=True)))
_LOST_LETTERS_RE = re.compile("|".join(re.escape(k) for k in LOST_LETTERS))


def clean_text(expr: pl.Expr, *, mangled_quotes: bool = False) -> pl.Expr:
    """Repair and normalize a string expression.

    Fixes mojibake (UTF-8 read as cp1252/Latin-1, e.g. ``â€™`` → ``’``),
    restores letters a bad decoding turned into replacement characters where
    the word is known (``Garda\\ufffd\\ufffd`` → ``Gardaí``,
    :data:`LOST_LETTER_WORDS`; ``don\\ufffdt`` → ``don’t``), normalizes to
    Unicode NFC, turns non-breaking and other odd spaces into spaces, drops
    zero-width characters and soft hyphens, collapses space runs and makes every
    line break a paragraph break (``"\\n\\n"``), without leading or trailing
    whitespace. Nulls stay null. Nothing valid as it stands is changed: other
    replacement characters stay (the tokenizer reads them as word boundaries).

    Parameters
    ----------
    expr
        A string expression.
    mangled_quotes
        Also repair the mangled quotes of a source known to be mangled that way
        (NewsArticles: ``DeVos"?highly`` → ``DeVos' highly``,
        :data:`MANGLED_QUOTE_RULES`); they would change valid ASCII quotes
        anywhere else.

    Returns
    -------
    pl.Expr
        The cleaned string expression.

    Examples
    --------
    >>> import polars as pl
    >>> pl.DataFrame({"t": ["choice,\\"?Sen. Warren", "caf\\u00c3\\u00a9"]}).select(
    ...     clean_text(pl.col("t"), mangled_quotes=True))["t"].to_list()
    ['choice," Sen. Warren', 'café']
    >>> pl.DataFrame({"t": ['the three "R"s', "Garda\\ufffd\\ufffd said"]}).select(
    ...     clean_text(pl.col("t")))["t"].to_list()
    ['the three "R"s', 'Gardaí said']
    """
    return expr.map_batches(lambda s: _clean_series(s, mangled_quotes=mangled_quotes),
                            return_dtype=pl.String, is_elementwise=True)


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


def _clean_rules(expr: pl.Expr, *, mangled_quotes: bool = False) -> pl.Expr:
    rules = (MANGLED_QUOTE_RULES if mangled_quotes else []) + REGEX_RULES
    out = expr
    for _ in range(_PASSES):
        out = out.str.replace_many(list(MOJIBAKE), list(MOJIBAKE.values()))
        out = out.str.replace_many(list(LOST_LETTERS), list(LOST_LETTERS.values()),
                                   leftmost=True)
        out = out.str.normalize("NFC")
        for pattern, replacement in rules:
            out = out.str.replace_all(pattern, replacement)
        out = out.str.strip_chars()
    return out


def _clean_series(values: pl.Series, *, mangled_quotes: bool = False) -> pl.Series:
    """Apply the rules to the rows that may need them; leave the others as they are."""
    if values.dtype != pl.String:
        values = values.cast(pl.String)
    todo = values.str.contains(_NEEDS_WORK).fill_null(False).arg_true()
    if len(todo) == 0:
        return values
    fixed = values.gather(todo).to_frame("text").select(
        _clean_rules(pl.col("text"), mangled_quotes=mangled_quotes))["text"]
    if len(todo) == len(values):
        return fixed.alias(values.name)
    return values.clone().scatter(todo, fixed)


def clean_string(text: str, *, mangled_quotes: bool = False) -> str:
    """Apply the :func:`clean_text` rules to one Python string.

    Examples
    --------
    >>> clean_string("  Line one \\n line two\\u200b ")
    'Line one\\n\\nline two'
    """
    rules = (_PY_QUOTE_RULES if mangled_quotes else []) + _PY_RULES
    out = text
    for _ in range(_PASSES):
        out = _MOJIBAKE_RE.sub(lambda m: MOJIBAKE[m.group(0)], out)
        out = _LOST_LETTERS_RE.sub(lambda m: LOST_LETTERS[m.group(0)], out)
        out = unicodedata.normalize("NFC", out)
        for pattern, replacement in rules:
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


def __getattr__(name: str):
    """Keep ``tassanalysis.ingest.clean.dedupe`` / ``.strip_source_boilerplate`` importable."""
    if name == "dedupe":
        from tassanalysis.ingest.duplicates import dedupe

        return dedupe
    if name == "strip_source_boilerplate":
        from tassanalysis.ingest.boilerplate import strip_source_boilerplate

        return strip_source_boilerplate
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_TEXT_COLUMNS = ("title", "lead", "body")


def clean_articles(frame: pl.DataFrame) -> pl.DataFrame:
    """Repair the text columns of canonical articles and name their sections.

    ``title``, ``lead`` and ``body`` go through :func:`clean_text`; NUL
    characters are removed from every other text field; an empty title or lead
    becomes null; sections are mapped to the names each outlet
    shows (:func:`tassanalysis.ingest.sections.normalize_sections`).

    Parameters
    ----------
    frame
        Canonical articles.

    Returns
    -------
    pl.DataFrame
        The same rows, cleaned.

    Examples
    --------
    >>> from tassanalysis.schema import empty_corpus
    >>> clean_articles(empty_corpus()).height
    0
    """
    others = [c for c, t in frame.schema.items() if t == pl.String and c not in _TEXT_COLUMNS]
    lists = [c for c, t in frame.schema.items() if t == pl.List(pl.String)]
    if others or lists:  # only the columns that hold a NUL at all are rewritten
        has_nul = frame.select(
            [pl.col(c).str.contains("\x00", literal=True).any().alias(c) for c in others]
            + [pl.col(c).list.join("").str.contains("\x00", literal=True).any().alias(c)
               for c in lists]).row(0, named=True)
        others = [c for c in others if has_nul[c]]
        lists = [c for c in lists if has_nul[c]]
    return frame.with_columns(
        [clean_text(pl.col(c)).alias(c) for c in _TEXT_COLUMNS]
        # NUL never belongs in text (and breaks tools downstream)
        + [pl.col(c).str.replace_all("\x00", "", literal=True) for c in others]
        + [pl.col(c).list.eval(pl.element().str.replace_all("\x00", "", literal=True))
           for c in lists]
    ).with_columns(
        [normalize_sections()]
        + [pl.when(pl.col(c).str.len_chars() == 0).then(None).otherwise(pl.col(c)).alias(c)
           for c in ("title", "lead")]
    )
