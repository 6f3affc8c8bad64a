"""Rules that derive one canonical field, shared by every reader.

The page parser, the HTML parser and the table reader each fill ``language``
and the list columns (``tags``, ``persons``, ``related``); they all call the
functions here, so one text gets one language and one tag string one list,
whatever the format it came in.

* :func:`detect_language` — the language of a text, for any language;
* :func:`split_list` — a list column from strings (``"Russia, USA; UN"``) or lists.

Sections from URLs live in :mod:`tassanalysis.ingest.sections`, document ids in
:func:`tassanalysis.schema.make_doc_id`.

Examples
--------
>>> detect_language("МОСКВА, 26 декабря. /ТАСС/. Президент России заявил, что это не так")
'ru'
>>> detect_language("MOSCOW, December 26. /TASS/. Lavrov said that the talks are over")
'en'
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from tassanalysis.ingest.clean import clean_text
from tassanalysis.ingest.language import SAMPLE_CHARS, language_expr, language_of

__all__ = ["LANGUAGE_SAMPLE_CHARS", "LIST_SEPARATORS", "detect_language", "split_items", "split_list"]

#: How many characters from the start of a text decide its language.
LANGUAGE_SAMPLE_CHARS = SAMPLE_CHARS
#: Characters that separate the items of a list given as one string.
LIST_SEPARATORS = ",;"


def detect_language(text: str | pl.Expr | None, *, by: pl.Expr | None = None
                    ) -> str | pl.Expr:
    """Return the ISO 639-1 code of a text's language (``und`` when it has no letters).

    English and Russian are recognised by their commonest words, every other
    language by py3langid's offline model (see :mod:`tassanalysis.ingest.language`).
    Given a Polars expression it returns the expression that applies the same rule
    to every row (tables), so a text gets the same language in every reader.

    Parameters
    ----------
    text
        A string, None, or a Polars string expression.
    by
        For an expression: groups (e.g. the source) whose short texts that the
        fast path leaves open take the group's language.

    Returns
    -------
    str or pl.Expr
        A language code (an expression of them for an expression).

    Examples
    --------
    >>> detect_language("Путин встретился с Лавровым, и они обсудили ситуацию на Украине.")
    'ru'
    >>> import polars as pl
    >>> pl.DataFrame({"t": ["Die Regierung hat am Dienstag die Sanktionen verlängert.",
    ...                     "The minister said on Tuesday that the talks were over.", None]}
    ...              ).select(detect_language(pl.col("t")))["t"].to_list()
    ['de', 'en', 'und']
    """
    if isinstance(text, pl.Expr):
        return language_expr(text, by)
    return language_of(text)


def split_list(values: pl.Expr, dtype: pl.DataType, *, split: bool = True) -> pl.Expr:
    """Turn a column of strings or lists into the ``list[str]`` of a list field.

    A string splits at commas and semicolons (unless ``split`` is False, when
    it is one item); items are repaired like any text (:func:`clean_text`), empty items
    dropped, repeated items kept once (first place). Lists keep their items
    under the same rule. Nulls become empty lists.

    Parameters
    ----------
    values
        The input column.
    dtype
        Its type (a string or list type decides how it is read).
    split
        Split strings at :data:`LIST_SEPARATORS`; False keeps a string whole.

    Returns
    -------
    pl.Expr
        A ``list[str]`` expression.

    Examples
    --------
    >>> import polars as pl
    >>> frame = pl.DataFrame({"tags": ["Russia, USA; UN, Russia", None]})
    >>> frame.select(split_list(pl.col("tags"), pl.String))["tags"].to_list()
    [['Russia', 'USA', 'UN'], []]
    """
    empty = pl.lit([], dtype=pl.List(pl.String))
    if not split and not isinstance(dtype, pl.List | pl.Array):
        # one item per row: nothing to split or to repeat
        item = clean_text(values.cast(pl.String))
        return pl.when(item.str.len_bytes() > 0).then(pl.concat_list(item)).otherwise(empty)
    if isinstance(dtype, pl.List | pl.Array):
        items = values.cast(pl.List(pl.String))
    else:
        items = (values.cast(pl.String).str.replace_all(f"[{LIST_SEPARATORS}]", "\x1f")
                 .str.split("\x1f"))
    items = items.list.eval(clean_text(pl.element())).list.eval(
        pl.element().filter(pl.element().str.len_bytes() > 0).unique(maintain_order=True))
    return items.fill_null(empty)


def split_items(values: Iterable[str | None]) -> list[str]:
    """Apply :func:`split_list` to a few Python strings and join the items into one list.

    Examples
    --------
    >>> split_items(["Russia, USA", "USA; UN", None])
    ['Russia', 'USA', 'UN']
    """
    strings = [v for v in values if v]
    if not strings:
        return []
    items = pl.DataFrame({"v": strings}, schema={"v": pl.String}).select(
        split_list(pl.col("v"), pl.String))["v"].explode().drop_nulls()
    return list(dict.fromkeys(items.to_list()))
