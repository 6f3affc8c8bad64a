"""Merge duplicate articles: exact (same URL or same text) and near (MinHash).

Every row folded into another is recorded (:func:`dedupe_recorded`): the store
keeps them in its duplicates table (:func:`tassanalysis.store.load_duplicates`).

:func:`dedupe` merges the rows of a canonical article frame that are the same
article: the same normalized URL, the same normalized title and text, or bodies
whose word 5-shingle sets are at least 85% alike (re-scrapes, updated
versions), found with MinHash and LSH and confirmed exactly. Of each group the
most complete row is kept and ``merged`` counts the rows merged into it.

Examples
--------
>>> import polars as pl
>>> from tassanalysis.schema import empty_corpus
>>> row = {"doc_id": "a", "source": "ex.org", "url": "https://ex.org/1", "body": "Text.",
...        "date_source": "table", "language": "en", "origin": "x", "merged": 0}
>>> frame = pl.concat([empty_corpus(), pl.DataFrame([row, {**row, "doc_id": "b",
...                    "url": "http://www.ex.org/1/"}])], how="diagonal_relaxed")
>>> merged, counts = dedupe(frame)
>>> merged.height, counts
(1, {'exact': 1, 'near': 0})
"""

from __future__ import annotations

import numpy as np
import polars as pl
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from tassanalysis.schema import DUPLICATE_SCHEMA

__all__ = ["dedupe", "dedupe_recorded", "mix_hashes"]


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


def mix_hashes(x: np.ndarray) -> np.ndarray:
    """Spread the bits of 64-bit hashes (the SplitMix64 finalizer), element-wise.

    Parameters
    ----------
    x
        ``uint64`` hashes.

    Returns
    -------
    np.ndarray
        Mixed ``uint64`` values, same shape.

    Examples
    --------
    >>> int(mix_hashes(np.array([1], dtype=np.uint64))[0]) != 1
    True
    """
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
            sh = (sh * np.uint64(0x100000001B3)) ^ mix_hashes(h[idx + j] + np.uint64(j))
    return pl.DataFrame({"doc": doc[idx], "sh": mix_hashes(sh)})


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
                folded = mix_hashes(folded ^ part[:, r])
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


def _verified_pairs(sh: pl.DataFrame, pairs: pl.DataFrame, threshold: float, *,
                    keep_score: bool = False) -> pl.DataFrame:
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
        .select("a", "b", *(["jaccard"] if keep_score else []))
    )


#: Fields compared between a folded row and the row it was folded into.
COMPARED = ("title", "lead", "body", "published_at", "url", "section", "source")


def _merge(frame: pl.DataFrame, label: np.ndarray, kind: str,
           similarity: pl.DataFrame | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Keep the most complete row of each group; add up ``merged``; record the folded rows."""
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
    kept = best.unique("_group", keep="first", maintain_order=True)
    folded = ranked.join(kept.select("_order"), on="_order", how="anti")
    record = _record(folded, kept, kind, similarity)
    merged = (
        kept.join(totals, on="_group")
        .sort("_order")
        .with_columns(pl.col("_merged").alias("merged"))
        .select(frame.columns)
    )
    return merged, record


def _record(folded: pl.DataFrame, kept: pl.DataFrame, kind: str,
            similarity: pl.DataFrame | None) -> pl.DataFrame:
    if folded.height == 0:
        return pl.DataFrame(schema=DUPLICATE_SCHEMA)
    cols = [c for c in COMPARED if c in folded.columns]
    pairs = folded.join(kept.select("_group", "_order", "doc_id", "origin",
                                    *[pl.col(c).alias(f"_k_{c}") for c in cols]),
                        on="_group", suffix="_kept")
    if similarity is not None and similarity.height:
        pairs = pairs.join(similarity, left_on="_order", right_on="doc", how="left")
    else:
        pairs = pairs.with_columns(pl.lit(1.0).alias("similarity"))
    differ = [pl.when(pl.col(c).ne_missing(pl.col(f"_k_{c}"))).then(pl.lit(c)) for c in cols]
    return pairs.select(
        pl.col("origin"),
        pl.col("doc_id").alias("doc_id"),
        pl.col("doc_id_kept").alias("kept_doc_id"),
        pl.col("origin_kept").alias("kept_origin"),
        pl.lit(kind).alias("kind"),
        pl.col("similarity").cast(pl.Float64),
        pl.concat_list(differ).list.drop_nulls().alias("differs"),
        pl.col("title"),
        pl.col("published_at"),
    ).cast(DUPLICATE_SCHEMA)  # type: ignore[arg-type]




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
    merged, counts, _record = dedupe_recorded(frame, threshold=threshold)
    return merged, counts


def dedupe_recorded(frame: pl.DataFrame, *, threshold: float = 0.85
                    ) -> tuple[pl.DataFrame, dict[str, int], pl.DataFrame]:
    """:func:`dedupe`, and the table of the rows folded away.

    Returns
    -------
    tuple[pl.DataFrame, dict[str, int], pl.DataFrame]
        The merged frame, the counts, and one row per folded record
        (:data:`DUPLICATE_SCHEMA`): its ``origin`` and ``doc_id``, the
        ``kept_doc_id`` and ``kept_origin`` of the row it was folded into,
        ``kind`` (``exact``: same URL or same title and text; ``near``: similar
        bodies), ``similarity`` (1.0 for exact, the shingle Jaccard similarity
        for near), ``differs`` (the fields that were not the same) and the folded
        row's ``title`` and ``published_at``.

    Examples
    --------
    >>> import polars as pl
    >>> from tassanalysis.schema import empty_corpus
    >>> row = {"doc_id": "a", "source": "ex.org", "url": "https://ex.org/1", "body": "Text.",
    ...        "title": "Old title", "date_source": "table", "language": "en", "origin": "x",
    ...        "merged": 0}
    >>> frame = pl.concat([empty_corpus(), pl.DataFrame([row, {**row, "doc_id": "b",
    ...                    "title": "New title", "origin": "y"}])], how="diagonal_relaxed")
    >>> _, _, folded = dedupe_recorded(frame)
    >>> folded.select("origin", "kept_origin", "kind", "differs").row(0)
    ('y', 'x', 'exact', ['title'])
    """
    if frame.height < 2:
        return frame, {"exact": 0, "near": 0}, pl.DataFrame(schema=DUPLICATE_SCHEMA)
    keys = frame.select(
        _url_key(pl.col("url")).alias("url_key"),
        _text_key(frame).alias("text_key"),
    )
    url_keys = keys["url_key"].replace("", None)
    text_keys = keys["text_key"].replace("\x1f", None)
    e1 = _group_edges(url_keys)
    e2 = _group_edges(text_keys)
    label = _components(frame.height, np.r_[e1[0], e2[0]], np.r_[e1[1], e2[1]])
    exact, exact_record = _merge(frame, label, "exact")
    n_exact = frame.height - exact.height

    sh = _shingles(exact["body"])
    sig = _minhash(sh, exact.height)
    has = np.zeros(exact.height, dtype=bool)
    has[sh["doc"].to_numpy()] = True
    pairs = _verified_pairs(sh, _candidate_pairs(sig, has), threshold, keep_score=True)
    if pairs.height == 0:
        return exact, {"exact": n_exact, "near": 0}, exact_record
    label = _components(exact.height, pairs["a"].to_numpy().astype(np.int64),
                        pairs["b"].to_numpy().astype(np.int64))
    best_score = (pl.concat([pairs.select(pl.col("a").alias("doc"), "jaccard"),
                             pairs.select(pl.col("b").alias("doc"), "jaccard")])
                  .group_by("doc").agg(pl.col("jaccard").max().alias("similarity"))
                  .with_columns(pl.col("doc").cast(pl.UInt32)))
    near, near_record = _merge(exact, label, "near", best_score)
    return (near, {"exact": n_exact, "near": exact.height - near.height},
            pl.concat([exact_record, near_record]))
