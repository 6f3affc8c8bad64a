"""One section vocabulary per outlet.

tass.com names a section one way in its pages (``Russian Politics & Diplomacy``)
and another in its URLs (``/politics/``); exports and scrapers carry either. The
names the site shows its readers are kept, so that section counts from pages,
HTML and tables add up.

Examples
--------
>>> import polars as pl
>>> frame = pl.DataFrame({"source": ["tass.com", "tass.com", "bbc.co.uk"],
...                       "section": ["politics", "Russian Politics & Diplomacy", "politics"]})
>>> frame.with_columns(normalize_sections()).get_column("section").to_list()
['Russian Politics & Diplomacy', 'Russian Politics & Diplomacy', 'politics']
"""

from __future__ import annotations

import polars as pl

__all__ = ["SECTION_NAMES", "normalize_sections"]

#: Per source: URL slug → the section name the site shows.
SECTION_NAMES: dict[str, dict[str, str]] = {
    "tass.com": {
        "politics": "Russian Politics & Diplomacy",
        "russias-foreign-policy": "Russian Politics & Diplomacy",
        "world": "World",
        "economy": "Business & Economy",
        "defense": "Military & Defense",
        "science": "Science & Space",
        "society": "Society & Culture",
        "sport": "Sport",
        "sports": "Sport",
        "pressreview": "Press Review",
        "emergencies": "Emergencies",
        "press-releases": "Press Releases",
    },
}


def normalize_sections(*, source: str = "source", section: str = "section") -> pl.Expr:
    """Return an expression that maps URL slugs to section names per source.

    Sections of other sources, and slugs not in :data:`SECTION_NAMES`, are kept
    as they are.
    """
    expr = pl.col(section)
    for outlet, names in SECTION_NAMES.items():
        mapped = pl.col(section).replace(list(names), list(names.values()))
        expr = pl.when(pl.col(source) == outlet).then(mapped).otherwise(expr)
    return expr.alias(section)
