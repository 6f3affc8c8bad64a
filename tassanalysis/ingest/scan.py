"""Scan and manifest: which inputs a run reads, and which it already has.

The first stage of an ingest run. :func:`expand_inputs` turns files, folders
and glob patterns into input files (sidecars left out); :func:`detect_format`
names each one's format; :func:`scan_inputs` reads them against the store's
manifest — unchanged inputs are skipped, pages are read and decoded, tables
are listed for the table reader, unreadable, empty, binary and oversized
inputs become rejects — and :func:`update_manifest` records what the run read.

Examples
--------
>>> detect_format(Path("export.csv"))
'csv'
"""

from __future__ import annotations

import errno
import glob
import gzip
import hashlib
import json
import os
import re
import stat
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from tassanalysis.ingest.clean import decode_bytes
from tassanalysis.ingest.errors import PageError
from tassanalysis.store import MANIFEST_SCHEMA, is_store_folder

__all__ = [
    "FORMATS",
    "MAX_PAGE_BYTES",
    "MAX_RAW_CHARS",
    "PAGE_FORMATS",
    "TABLE_FORMATS",
    "MAX_FIELD_BYTES",
    "MAX_TABLE_BYTES",
    "IngestError",
    "InputTooLarge",
    "Page",
    "Scan",
    "detect_format",
    "expand_inputs",
    "input_file",
    "is_gzip",
    "open_input",
    "options_key",
    "origin_of",
    "raw_text",
    "resolved",
    "scan_inputs",
    "update_manifest",
]

#: Pages (text or HTML) of this size or more are rejected unread.
MAX_PAGE_BYTES = 50_000_000
#: Tables (CSV, JSON, Parquet) over this many bytes, unpacked, are rejected unread.
MAX_TABLE_BYTES = 256_000_000
#: A table record (a CSV record, a JSON line, a JSON string) over this many bytes makes
#: its table a ``too-large`` reject: no article field is that long.
MAX_FIELD_BYTES = 10_000_000
#: How much of a rejected input's content the rejects table keeps.
MAX_RAW_CHARS = 1_000_000
#: Sidecars over this size are refused (metadata is a few hundred bytes).
_MAX_SIDECAR_BYTES = 1_000_000

PAGE_FORMATS = ("text", "html")
TABLE_FORMATS = ("csv", "tsv", "json", "jsonl", "parquet")
FORMATS = PAGE_FORMATS + TABLE_FORMATS

_SUFFIX_FORMAT = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".csv": "csv", ".tsv": "tsv",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".parquet": "parquet", ".pq": "parquet",
}
_SIDECAR_SUFFIXES = (".meta.json", ".json")
#: ``origin`` of a record inside an input: ``path:row``, ``path:line n``, ``path#i``.
RECORD_SUFFIX = r"(:line \d+|:\d+|#\d+)$"


class IngestError(RuntimeError):
    """An ingest run that cannot go on (bad arguments, or rejects under ``strict``)."""


class InputTooLarge(ValueError):
    """An input whose content (unpacked) or one of whose records is over its limit."""


_GZIP_MAGIC = b"\x1f\x8b"


def is_gzip(path: Path) -> bool:
    """Whether an input is gzip: a ``.gz`` name, or gzip's magic bytes without one."""
    if path.suffix.lower() == ".gz":
        return True
    try:
        with open(path, "rb") as fh:
            return fh.read(2) == _GZIP_MAGIC
    except OSError:
        return False


def origin_of(path: str | Path) -> str:
    """Return the ``origin`` of an input: its path, written so that no name is ambiguous.

    A record inside an input is ``<origin>:<row>``, ``<origin>:line <n>`` or
    ``<origin>#<i>``. So that a file named ``news:1`` is never taken for row 1 of
    ``news``, ``%`` and a name's own trailing ``:``/``#`` before digits are written
    ``%25``, ``%3A``, ``%23``; bytes of a name that are not UTF-8 are written
    ``%XX`` too.

    Examples
    --------
    >>> origin_of("in/news"), origin_of("in/news:1"), origin_of("in/100%.txt")
    ('in/news', 'in/news%3A1', 'in/100%25.txt')
    >>> origin_of(os.fsdecode(b"in/caf\\xe9.txt"))
    'in/caf%E9.txt'
    """
    text = str(path).replace("%", "%25")
    if any("\udc80" <= ch <= "\udcff" for ch in text):
        text = "".join(f"%{ord(ch) - 0xDC00:02X}" if "\udc80" <= ch <= "\udcff" else ch
                       for ch in text)
    m = re.search(RECORD_SUFFIX, text)
    if m is not None:
        text = text[: m.start()] + m.group().replace(":", "%3A").replace("#", "%23")
    return text


def _bad_name(path: Path) -> bool:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def detect_format(path: Path, *, head: bytes | None = None) -> str:
    """Guess the format of one input file from its suffix, then its first bytes.

    Parameters
    ----------
    path
        The file.
    head
        Its first bytes, when already read.

    Returns
    -------
    str
        One of :data:`FORMATS`.

    Examples
    --------
    >>> detect_format(Path("page.txt"))
    'text'
    >>> detect_format(Path("dump"), head=b"<!DOCTYPE html><html>")
    'html'
    >>> detect_format(Path("export"), head=b'{"t": 1}\\n{"t": 2}\\n')
    'jsonl'
    """
    if path.suffix.lower() == ".gz":  # the format of what is inside
        inner = path.with_name(path.stem)
        if inner.suffix:
            return detect_format(inner, head=b"")
        if head is None:
            head = _gz_head(path)
    elif head is None and not path.suffix and is_gzip(path):
        head = _gz_head(path)
    fmt = _SUFFIX_FORMAT.get(path.suffix.lower())
    if fmt:
        return fmt
    if path.suffix.lower() in _UNSUPPORTED_SUFFIX:
        return "unsupported"
    if head is None:
        try:
            with open(path, "rb") as fh:
                head = fh.read(4096)
        except OSError:
            head = b""
    if unsupported_kind(head) is not None:
        return "unsupported"
    if head[:4] == b"PAR1":
        return "parquet"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    start = text[:512].lower()
    if start.startswith((b"<!doctype html", b"<html")) or b"<html" in start:
        return "html"
    if text.startswith(b"["):
        return "json"
    if text.startswith(b"{"):  # JSON lines: an object on each of the first two lines
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        objects = len(lines) > 1 and lines[0].endswith(b"}") and lines[1].startswith(b"{")
        return "jsonl" if objects else "json"
    return "text"


#: Suffixes of files that are not article pages or tables, and what they are.
_UNSUPPORTED_SUFFIX = {
    ".sgm": "SGML markup", ".sgml": "SGML markup", ".xml": "XML markup", ".pdf": "PDF document",
    ".doc": "Word document", ".docx": "Word document", ".odt": "OpenDocument text",
    ".zip": "ZIP archive", ".tar": "tar archive", ".7z": "7-Zip archive", ".rar": "RAR archive",
    ".xls": "Excel workbook", ".xlsx": "Excel workbook", ".png": "PNG image",
    ".jpg": "JPEG image", ".jpeg": "JPEG image", ".gif": "GIF image", ".mp3": "MP3 audio",
    ".mp4": "MP4 video",
}
_MAGIC = ((b"%PDF", "PDF document"), (b"PK\x03\x04", "ZIP archive (or docx/xlsx)"),
          (b"\x89PNG", "PNG image"), (b"\xff\xd8\xff", "JPEG image"), (b"GIF8", "GIF image"),
          (b"\xd0\xcf\x11\xe0", "legacy Office document"), (b"7z\xbc\xaf", "7-Zip archive"))
_SGML = re.compile(rb"^\s*(?:<!DOCTYPE\s+(?!html)\w+|<\?xml(?![^>]*\?>\s*<(?:!DOCTYPE\s+)?html)"
                   rb"|<(?:REUTERS|DOC|TEXT|doc)\b)", re.IGNORECASE)


def unsupported_kind(head: bytes) -> str | None:
    """What a file is, when its first bytes show it is no page or table we read.

    Examples
    --------
    >>> unsupported_kind(b'<!DOCTYPE lewis SYSTEM "lewis.dtd">\\n<REUTERS TOPICS="YES">')
    'SGML markup (<!DOCTYPE lewis SYSTEM "lewis.dtd">)'
    >>> unsupported_kind(b"%PDF-1.7"), unsupported_kind(b"Just text")
    ('PDF document', None)
    """
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    m = _SGML.match(head[:2048])
    if m is not None:
        first = head.lstrip().split(b"\n", 1)[0][:80].decode("utf-8", "replace").strip()
        return f"{'XML' if b'<?xml' in m.group().lower() else 'SGML'} markup ({first})"
    return None


def _gz_head(path: Path, size: int = 4096) -> bytes:
    try:
        with gzip.open(path, "rb") as fh:
            return fh.read(size)
    except (OSError, EOFError, zlib.error):
        return b""


def open_input(path: Path) -> Any:
    """Open an input for reading bytes, through gzip when it is gzip (by name or content)."""
    return gzip.open(path, "rb") if is_gzip(path) else open(path, "rb")


def gzip_error(err: BaseException) -> str | None:
    """The ``bad-gzip`` reason of an error met while unpacking, or None for other errors."""
    if isinstance(err, gzip.BadGzipFile):
        return f"bad-gzip: not a gzip file ({err})"
    if isinstance(err, EOFError):
        return "bad-gzip: the file is truncated (the compressed stream ends early)"
    if isinstance(err, zlib.error):
        return f"bad-gzip: the compressed data is damaged ({err})"
    return None


def read_input_bytes(path: Path, limit: int | None = None) -> bytes:
    """The bytes of an input, decompressed when it is gzip, at most ``limit + 1``.

    Read in blocks, so a small file that unpacks to gigabytes costs no more than
    ``limit`` bytes of memory.
    """
    with open_input(path) as fh:
        return fh.read(-1 if limit is None else limit + 1)


def unpack_to(path: Path, target: Path, limit: int) -> int:
    """Unpack a gzip input into ``target``, in blocks; return the bytes written.

    Raises
    ------
    InputTooLarge
        The content unpacks to more than ``limit`` bytes (``target`` is removed).
    """
    written = 0
    with gzip.open(path, "rb") as src, open(target, "wb") as dst:
        while block := src.read(1 << 20):
            written += len(block)
            if written > limit:
                dst.close()
                target.unlink(missing_ok=True)
                raise InputTooLarge(f"too-large: over {limit} bytes unpacked")
            dst.write(block)
    return written


def _head(path: Path, size: int = 4096) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(size)
    except OSError:
        return b""


def _sidecar_for(page: Path) -> Path | None:
    for suffix in _SIDECAR_SUFFIXES:
        candidate = page.with_name(page.stem + suffix)
        if candidate.is_file():
            return candidate
    return None


_RESOLVED: dict[str, str] = {}


def resolved(path: str | Path) -> str:
    """Return the resolved absolute path of an input (symlinks followed), once per run.

    :func:`expand_inputs` starts each run afresh, so links changed between runs
    are seen.

    Examples
    --------
    >>> resolved("seeds") == os.path.realpath("seeds")
    True
    """
    key = str(path)
    found = _RESOLVED.get(key)
    if found is None:
        found = _RESOLVED[key] = os.path.realpath(key)
    return found


#: Folders met by :func:`expand_inputs` that could not be listed, and why.
_UNLISTED: dict[str, str] = {}


def _walk(folder: Path, skip: set[str]) -> Iterator[Path]:
    """Files below ``folder``: symlinked folders followed once, loops skipped, hidden
    skipped, store folders (and the folders in ``skip``) never entered.

    Entries that are not regular files — FIFOs, devices, dangling or looping
    links — are given too: the scan turns each into a reject.
    """
    seen: set[tuple[int, int]] = set()
    stack = [str(folder)]
    while stack:
        top = stack.pop()
        st = os.stat(top)
        if (st.st_dev, st.st_ino) in seen:  # a loop, or a folder reached twice
            continue
        seen.add((st.st_dev, st.st_ino))
        real_top = resolved(top)
        if real_top in skip or is_store_folder(Path(top)):
            continue  # a corpus store is never an input, not even its own
        try:
            with os.scandir(top) as entries:
                ordered = sorted(entries, key=lambda e: os.fsencode(e.name))
        except OSError as err:  # a folder that cannot be listed: one reject, the run goes on
            _UNLISTED[str(top)] = err.strerror or str(err)
            yield Path(top)
            continue
        folders = []
        for entry in ordered:
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:  # a link that loops: not a folder
                is_dir = False
            if is_dir:
                folders.append(entry.path)
                continue
            path = Path(entry.path)
            if not entry.is_symlink():  # its real path is its folder's, plus its name
                _RESOLVED[str(path)] = os.path.join(real_top, entry.name)
            yield path
        stack.extend(reversed(folders))


def expand_inputs(inputs: Iterable[str | Path], *,
                  exclude: Iterable[str | Path] = ()) -> list[Path]:
    """Expand files, folders (recursively) and glob patterns into input files.

    Hidden files and folders are skipped; symlinked folders are followed once
    (a link back up the tree is not followed again); a file reached by two paths
    (a symlink) is one input. JSON files that sit beside a page of the same
    name are sidecars (metadata), not inputs. The order is sorted and stable.

    Parameters
    ----------
    inputs
        Files, folders and glob patterns.
    exclude
        Folders never read (the store being written). Corpus stores, known by
        their marker, are never read either.

    Returns
    -------
    list of Path
        The input files, and entries that are no regular files (FIFOs, devices,
        dangling or looping links), which the scan rejects.

    Raises
    ------
    IngestError
        An argument that names nothing, or names a corpus store.

    Examples
    --------
    >>> [p.name for p in expand_inputs(["seeds/"])]
    ['000_552685f68ac672a1.txt']
    """
    _RESOLVED.clear()
    _UNLISTED.clear()
    skip = {os.path.realpath(str(x)) for x in exclude}
    found: list[Path] = []
    for item in inputs:
        item = str(item)
        if any(ch in item for ch in "*?["):
            matches = [Path(p) for p in glob.glob(item, recursive=True)]
            if not matches:
                raise IngestError(f"no input matches {item!r}")
        else:
            matches = [Path(item)]
        for match in matches:
            if match.is_dir():
                if resolved(match) in skip:
                    raise IngestError(f"{match} is the store being written (--out), not an "
                                      "input; give the folders of the pages and tables to read")
                if is_store_folder(match):
                    raise IngestError(f"{match} is a corpus store, not an input; give the "
                                      "folders of the pages and tables to read")
                found.extend(_walk(match, skip))
            elif os.path.lexists(match):  # a file, or something the scan will reject
                found.append(match)
            else:
                raise IngestError(f"input not found: {item}")
    unique = sorted({resolved(p): p for p in sorted(found, key=os.fsencode, reverse=True)
                     }.values(), key=os.fsencode)
    pages = {p.with_suffix("") for p in unique
             if _SUFFIX_FORMAT.get(p.suffix.lower()) in PAGE_FORMATS}
    result = []
    for p in unique:
        name = p.name.lower()
        if name.endswith(_SIDECAR_SUFFIXES):
            stem = p.name[: -len(".meta.json")] if name.endswith(".meta.json") else p.stem
            if p.with_name(stem) in pages:
                continue
        result.append(p)
    return result


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _file_digest(path: Path) -> str:
    """The content digest of a file, read in blocks (tables may be large)."""
    digest = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def raw_text(data: bytes | str, *, size: int | None = None) -> str:
    """Return the content of a rejected input as text for the rejects table.

    At most :data:`MAX_RAW_CHARS` bytes (or characters) are kept; a longer
    input ends with a note of its true size.

    Parameters
    ----------
    data
        The input's bytes or text (possibly only its start).
    size
        The input's true size in bytes, when ``data`` holds only its start.

    Returns
    -------
    str
        The text (undecodable bytes as ``\\x..`` escapes).

    Examples
    --------
    >>> raw_text(b"caf\\xe9")
    'caf\\\\xe9'
    >>> raw_text(b"abc", size=10_000_000).splitlines()[-1]
    '…[truncated: 10000000 bytes in all]'
    """
    if isinstance(data, str):
        text, held = data[:MAX_RAW_CHARS], len(data)
        nbytes = size if size is not None else (len(data.encode("utf-8", "surrogatepass"))
                                                if held > MAX_RAW_CHARS else held)
    else:
        text, held = data[:MAX_RAW_CHARS].decode("utf-8", errors="backslashreplace"), len(data)
        nbytes = size if size is not None else held
    if held > MAX_RAW_CHARS or (size is not None and size > held):
        text += f"\n…[truncated: {nbytes} bytes in all]"
    return text


def _read_sidecar(page: Path) -> dict[str, Any]:
    side = _sidecar_for(page)
    if side is None:
        return {}
    try:
        with open(side, "rb") as fh:
            data = fh.read(_MAX_SIDECAR_BYTES + 1)
        if len(data) > _MAX_SIDECAR_BYTES:
            raise ValueError(f"over {_MAX_SIDECAR_BYTES} bytes")
        meta = json.loads(data.decode("utf-8"))
    except Exception as err:  # noqa: BLE001 - bad JSON, too deep, unreadable: one reject
        raise PageError("unreadable-sidecar",
                        f"{side.name}: {type(err).__name__}: {str(err)[:200]}") from None
    return meta if isinstance(meta, dict) else {}


def options_key(fmt: str, options: Mapping[str, Any]) -> str:
    """Return the parsing options that shape an input of format ``fmt``, as a manifest key.

    Tables depend on the column mapping, preset, time zone, source and
    language; pages on the year given and the page size limit. An input parsed
    under other options is parsed again.

    Parameters
    ----------
    fmt
        The input's format.
    options
        The run's options (unset ones may be None).

    Returns
    -------
    str
        A short JSON text, e.g. ``{"year":2017}``.

    Examples
    --------
    >>> options_key("csv", {"timezone": "Europe/Moscow", "year": 2017, "preset": None})
    '{"timezone":"Europe/Moscow"}'
    """
    names = _TABLE_OPTIONS if fmt in TABLE_FORMATS else _PAGE_OPTIONS
    chosen = {k: options[k] for k in sorted(names) if options.get(k) not in (None, {}, "")}
    return json.dumps(chosen, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str)


_TABLE_OPTIONS = ("format", "mapping", "preset", "timezone", "date_format", "require_date",
                  "source", "language", "strip_boilerplate")
_PAGE_OPTIONS = ("format", "year", "max_page_bytes", "strip_boilerplate")


def input_file(origin: str) -> str:
    """Return the input file of a record's ``origin`` (``a.csv:12`` → ``a.csv``).

    Examples
    --------
    >>> input_file("export.jsonl:line 7"), input_file("page.txt")
    ('export.jsonl', 'page.txt')
    """
    return re.sub(RECORD_SUFFIX, "", origin)


@dataclass
class Page:
    """A page read and decoded, waiting for its parser."""

    path: Path
    fmt: str
    text: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass
class Scan:
    """What :func:`scan_inputs` found.

    Attributes
    ----------
    pages
        Pages to parse.
    tables
        ``(path, format)`` of tables to read.
    rejects
        ``(origin, reason, raw)`` of inputs refused while reading.
    manifest_rows
        One dict per input read (see :data:`tassanalysis.store.MANIFEST_SCHEMA`);
        ``articles`` is set already, and ``refreshed`` true, for inputs found
        unchanged by their digest (touched only).
    skipped
        Inputs found unchanged.
    page_inputs
        Records read that were not table rows (pages and refused inputs).
    """

    pages: list[Page] = field(default_factory=list)
    tables: list[tuple[Path, str]] = field(default_factory=list)
    rejects: list[tuple[str, str, str]] = field(default_factory=list)
    manifest_rows: list[dict[str, Any]] = field(default_factory=list)
    skipped: int = 0
    page_inputs: int = 0


def scan_inputs(files: list[Path], manifest: pl.DataFrame, *, format: str | None = None,  # noqa: A002
                options: Mapping[str, Any] | None = None, force: bool = False,
                max_page_bytes: int = MAX_PAGE_BYTES) -> Scan:
    """Read input files against a store's manifest.

    An input is known by its resolved path (a symlink and its target are one
    input), its content digest and the options that shape its parsing
    (:func:`options_key`). It is skipped when the manifest holds it with the
    same size and modification time, or with the same content (touched, not
    changed), under the same options — unless ``force``. Pages are read and
    decoded; tables are listed for :func:`tassanalysis.ingest.tabular.read_table`.
    An input that cannot be read becomes a reject; no input stops the scan.

    Parameters
    ----------
    files
        Input files (:func:`expand_inputs`).
    manifest
        The store's manifest (empty for a new store).
    format
        One format for every file; detected per file when None.
    options
        The run's parsing options (see :func:`options_key`).
    force
        Read every input again, whatever the manifest says.
    max_page_bytes
        Pages of this size or more are rejected as ``too-large``.

    Returns
    -------
    Scan

    Examples
    --------
    >>> scan = scan_inputs(expand_inputs(["seeds/"]), pl.DataFrame(schema=MANIFEST_SCHEMA))
    >>> len(scan.pages), scan.skipped
    (1, 0)
    """
    options = {**(options or {}), "format": format, "max_page_bytes": max_page_bytes}
    rows = [] if force else manifest.iter_rows(named=True)
    by_stat: dict[tuple, dict[str, Any]] = {}
    by_digest: dict[tuple, dict[str, Any]] = {}
    for r in rows:
        by_stat[(r["path"], r["size"], r["mtime_ns"], r["options"])] = r
        if r["digest"]:
            by_digest[(r["path"], r["digest"], r["options"])] = r
    scan = Scan()
    for path in files:
        refused = _not_a_file(path)
        if refused is not None:
            scan.rejects.append((origin_of(path), refused, ""))
            scan.page_inputs += 1
            continue
        counted, known = scan.page_inputs, len(scan.manifest_rows)
        try:
            _scan_one(path, scan, by_stat, by_digest, format=format, options=options,
                      max_page_bytes=max_page_bytes)
        except Exception as err:  # noqa: BLE001 - one input never stops the run
            why = (f"unreadable: {err.strerror or err}" if isinstance(err, OSError)
                   else f"unreadable: {type(err).__name__}: {err}"[:300])
            # one record, whatever _scan_one had counted or listed before it failed
            scan.page_inputs = counted + 1
            del scan.manifest_rows[known:]
            scan.tables = [t for t in scan.tables if t[0] != path]
            scan.rejects.append((origin_of(path), gzip_error(err) or why, ""))
    return scan


_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISDIR, "a folder"))


def _not_a_file(path: Path) -> str | None:
    """The reject reason of an entry that is no readable regular file, else None.

    Nothing is opened: a FIFO would block the run, a device never ends.
    """
    if _bad_name(path):
        return "bad-file-name: the name is not valid UTF-8 (the origin escapes its bytes)"
    if str(path) in _UNLISTED:
        return f"unreadable-folder: {_UNLISTED[str(path)]}"
    try:
        st = os.stat(path)
    except OSError as err:
        if err.errno == errno.ELOOP:
            return "symlink-loop: the link leads back to itself"
        if os.path.islink(path):
            return f"dangling-link: it points to {origin_of(os.readlink(path))}, which is missing"
        return None  # unreadable: the scan says why
    for test, what in _KINDS:
        if test(st.st_mode):
            return f"not-a-file: {what}"
    return None


def _scan_one(path: Path, scan: Scan, by_stat: dict, by_digest: dict, *, format: str | None,  # noqa: A002
              options: Mapping[str, Any], max_page_bytes: int) -> None:
    key = origin_of(resolved(path))
    st = path.stat()
    fmt = format or detect_format(path)
    opts = options_key(fmt, options)
    if (key, st.st_size, st.st_mtime_ns, opts) in by_stat:
        scan.skipped += 1
        return
    entry = {"path": key, "size": st.st_size, "mtime_ns": st.st_mtime_ns, "format": fmt,
             "options": opts, "digest": None}
    if fmt in TABLE_FORMATS:
        entry["digest"] = _file_digest(path)
        if (old := by_digest.get((key, entry["digest"], opts))) is not None:
            scan.skipped += 1  # touched but unchanged: refresh its mtime, read nothing
            scan.manifest_rows.append({**entry, "articles": old["articles"],
                                       "rejects": old["rejects"], "refreshed": True})
            return
        scan.tables.append((path, fmt))
        scan.manifest_rows.append(entry)
        return
    scan.page_inputs += 1
    if fmt == "unsupported":
        head = _gz_head(path) if path.suffix.lower() == ".gz" else _head(path)
        what = (unsupported_kind(head)
                or _UNSUPPORTED_SUFFIX.get(path.suffix.lower(), "an unknown format"))
        scan.rejects.append((origin_of(path), f"unsupported-format: {what}", raw_text(head)))
        scan.manifest_rows.append(entry)
        return
    if st.st_size >= max_page_bytes:
        with open(path, "rb") as fh:  # the rejects table keeps its start only
            head = fh.read(min(65536, max_page_bytes))
        scan.rejects.append((origin_of(path), f"too-large: {st.st_size} bytes (limit {max_page_bytes})",
                             raw_text(head, size=st.st_size)))
        scan.manifest_rows.append(entry)
        return
    try:
        data = read_input_bytes(path, max_page_bytes)
    except (OSError, EOFError, zlib.error) as err:
        reason = gzip_error(err)
        if reason is None:
            raise
        scan.rejects.append((origin_of(path), reason, ""))
        scan.manifest_rows.append(entry)
        return
    if len(data) >= max_page_bytes:  # a compressed page that unpacks too large
        scan.rejects.append((origin_of(path), f"too-large: over {max_page_bytes} bytes unpacked",
                             raw_text(data[:65536])))
        scan.manifest_rows.append(entry)
        return
    entry["digest"] = _digest(data)
    if (old := by_digest.get((key, entry["digest"], opts))) is not None:
        scan.skipped += 1
        scan.page_inputs -= 1
        scan.manifest_rows.append({**entry, "articles": old["articles"],
                                   "rejects": old["rejects"], "refreshed": True})
        return
    scan.manifest_rows.append(entry)
    if not data.strip():
        scan.rejects.append((origin_of(path), "empty", raw_text(data)))
        return
    try:
        text, _encoding = decode_bytes(data)
        metadata = _read_sidecar(path)
    except PageError as err:
        scan.rejects.append((origin_of(path), err.reason + (f": {err.message}" if err.reason ==
                                                      "unreadable-sidecar" else ""),
                             raw_text(data)))
        return
    scan.pages.append(Page(path, fmt, text, metadata))


def update_manifest(manifest: pl.DataFrame, rows: list[dict[str, Any]],
                    made: Mapping[str, int], refused: Mapping[str, int]) -> pl.DataFrame:
    """Return the manifest with this run's inputs in place of their old entries.

    Parameters
    ----------
    manifest
        The store's manifest before the run.
    rows
        :attr:`Scan.manifest_rows`.
    made, refused
        Articles and rejects per input path of this run.

    Returns
    -------
    pl.DataFrame
        The new manifest (:data:`tassanalysis.store.MANIFEST_SCHEMA`).

    Examples
    --------
    >>> row = {"path": "/in/a.txt", "size": 3, "mtime_ns": 1, "format": "text", "digest": "d",
    ...        "options": "{}"}
    >>> new = update_manifest(pl.DataFrame(schema=MANIFEST_SCHEMA), [row], {"/in/a.txt": 1}, {})
    >>> new.select("path", "articles", "rejects").row(0)
    ('/in/a.txt', 1, 0)
    """
    fresh = pl.DataFrame(
        [{**{k: v for k, v in m.items() if k != "refreshed"},
          "digest": m.get("digest") or "", "options": m.get("options") or "",
          "articles": m.get("articles", made.get(m["path"], 0)),
          "rejects": m.get("rejects", refused.get(m["path"], 0))} for m in rows],
        schema=MANIFEST_SCHEMA)
    return pl.concat([manifest.filter(~pl.col("path").is_in(fresh["path"].implode())), fresh],
                     how="vertical")
