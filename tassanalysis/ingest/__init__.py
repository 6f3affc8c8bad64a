"""Raw sources → canonical article rows (+ rejects).

Use :func:`ingest` to parse files, folders and globs into a corpus store, or
the per-format parsers directly: :func:`parse_tass_text`, :func:`parse_html`,
:func:`read_table`.
"""

from tassanalysis.ingest.errors import PageError
from tassanalysis.ingest.pipeline import (
    IngestError,
    IngestResult,
    detect_format,
    expand_inputs,
    format_summary,
    ingest,
)

__all__ = [
    "IngestError",
    "IngestResult",
    "PageError",
    "detect_format",
    "expand_inputs",
    "format_summary",
    "ingest",
]
