"""Merge duplicate articles: exact (same URL or same text) and near (MinHash).

Every row folded into another is recorded (:func:`dedupe_recorded`): the store
keeps them in its duplicates table (:func:`tassanalysis.store.load_duplicates`).

:func:`dedupe` merges the rows of a canonical article frame that are the same
article: the same normalized URL, the same normalized title and text, or bodies
whose word 5-shingle sets are at least 85% alike (re-scrapes, updated
versions), found with MinHash and LSH and confirmed exactly. Of each group the
most complete row is kept and ``merged`` counts the rows merged into it.

Distinct articles stay distinct. Records whose URLs name different article ids
on one host (:func:`_article_key`) are never merged, whatever their words, and
no chain of alike texts joins them either. Equal text is evidence only with a
real body (not empty, not a cut snippet); records with neither body nor URL (a
headline, a snippet) merge only with the same words on the same day, so a
headline that recurs every trading day stays one article a day.

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
    """A comparable form of a URL.

    No scheme, ``www.``, fragment, tracking query or trailing ``/``; the AMP
    and mobile twins of a page (``amp.`` / ``m.`` hosts, an ``/amp`` path
    segment, ``?amp``, ``outputType=amp``, ``.amp.html``) read as the page.
    """
    tracking = r"[?&](utm_[a-z]+|maca|ref|rss|from|amp|outputtype)(=[^&]*)?"
    key = (
        url.str.strip_chars().str.to_lowercase()
        .str.replace(r"^[a-z][a-z0-9+.-]*://", "")
        .str.replace(r"^(www|amp|m|mobile)\.", "")
        .str.replace(r"#.*$", "")
        .str.replace_all(tracking + "(&|$)", "$3")  # every other one; then the rest
        .str.replace_all(tracking + "(&|$)", "$3")
        .str.replace(r"\.amp(\.html?)(\?|$)", "$1$2")
        .str.replace_all(r"/amp(/|\?|$)", "/$1")
    )
    key = pl.when(key.str.contains("?", literal=True)).then(key).otherwise(
        key.str.replace("&", "?", literal=True))
    return key.str.replace(r"/+\?", "?").str.strip_chars_end("/?&")


def _article_key(url_key: pl.Expr) -> pl.Expr:
    """The host and article id a URL names: ``host|id``, null where it names no id.

    The id is an ``id=`` (``article_id=``, ``story_id=``, ``p=``) query value,
    else the last run of digits in the last path segment (``tass.com/world/1969687``,
    ``bbc.com/news/world-38965305``). Two records whose URLs name different ids
    on one host are different articles, whatever their text.
    """
    host = url_key.str.extract(r"^([^/?]+)")
    query_id = url_key.str.extract(r"[?&](?:id|article_?id|story_?id|p)=(\d+)")
    last = url_key.str.replace(r"\?.*$", "").str.extract(r"/([^/]+)$")
    path_id = last.str.extract(r"(\d+)\D*$")
    return pl.concat_str([host, pl.coalesce(query_id, path_id)], separator="|")


def _text_key(frame: pl.DataFrame) -> pl.Expr:
    """Normalized title and text, where equal text is evidence of one article.

    A real body (not empty, not a cut snippet) with its title; a record with no
    body and no URL (a title, a snippet) only together with its day, so one
    headline repeated on other days (market openings, daily briefings) stays
    several articles; null otherwise (a bodiless record with a URL is known by
    its URL alone).
    """
    words = lambda c: (  # noqa: E731
        pl.col(c).fill_null("").str.to_lowercase().str.replace_all(r"[^\w]+", " ").str.strip_chars()
    )
    real_body = (words("body") != "") & ~pl.col("truncated").fill_null(False)
    no_url = pl.col("url").fill_null("").str.strip_chars() == ""
    day = pl.col("published_at").dt.date().cast(pl.String)
    headline = pl.concat_str([words("title"), words("lead")], separator="\x1f")
    return (
        pl.when(real_body).then(pl.concat_str([words("title"), words("body")], separator="\x1f"))
        .when(no_url & (headline != "\x1f") & day.is_not_null())
        .then(pl.concat_str([pl.lit("\x1e"), headline, day], separator="\x1f"))
        .otherwise(None)
    )


def _constrained_components(n: int, left: np.ndarray, right: np.ndarray,
                            ids: list[list[str]]) -> np.ndarray:
    """Component label of each of ``n`` nodes, joining edges in order unless that
    would put two article ids of one host (``host|id``) in one component.

    ``ids`` lists the article keys each node carries (at most one per host).
    Edges are taken in the order given; one that would join two ids of a host
    is skipped, so records whose URLs name different articles never merge,
    however their texts chain.
    """
    parent = np.arange(n)
    owned: dict[int, dict[str, str]] = {}

    def find(i: int) -> int:
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    def hosts(i: int) -> dict[str, str]:
        if i not in owned:
            owned[i] = dict(key.split("|", 1) for key in ids[i])
        return owned[i]

    for a, b in zip(left.tolist(), right.tolist(), strict=True):
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        ha, hb = hosts(ra), hosts(rb)
        if any(hb.get(host, value) != value for host, value in ha.items()):
            continue
        if len(ha) < len(hb):
            ra, rb, ha, hb = rb, ra, hb, ha
        parent[rb] = ra
        ha.update(hb)
        owned.pop(rb, None)
    while True:  # every node points at its root
        up = parent[parent]
        if np.array_equal(up, parent):
            return parent
        parent = up


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
           similarity: pl.DataFrame | None = None
           ) -> tuple[pl.DataFrame, pl.DataFrame, np.ndarray]:
    """Keep the most complete row of each group; add up ``merged``; record the folded rows.

    A kept row without a URL takes the first URL of its group. Returns the
    merged frame, the record of folded rows and the group label of each merged row.
    """
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
        (pl.col("merged").sum() + pl.len() - 1).cast(pl.UInt32).alias("_merged"),
        pl.col("url").drop_nulls().first().alias("_url"))
    kept = best.unique("_group", keep="first", maintain_order=True)
    folded = ranked.join(kept.select("_order"), on="_order", how="anti")
    record = _record(folded, kept, kind, similarity)
    merged = (
        kept.join(totals, on="_group")
        .sort("_order")
        .with_columns(pl.col("_merged").alias("merged"), pl.coalesce("url", "_url").alias("url"))
    )
    return merged.select(frame.columns), record, merged["_group"].to_numpy()


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
    tracking parameters or trailing slash; AMP and mobile twins read as the
    page), or the same normalized title and body (lower case, punctuation
    removed) where the body is real, or, without body and URL, the same title
    and snippet on the same day. Rows whose URLs name different article ids of
    one host never merge. Near-duplicates among bodies of at
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
        _url_key(pl.col("url")).replace("", None).alias("url_key"),
        _text_key(frame).alias("text_key"),
    ).with_columns(_article_key(pl.col("url_key")).alias("article_key"))
    ids = [[k] if k is not None else [] for k in keys["article_key"].to_list()]
    e1 = _group_edges(keys["url_key"])
    e2 = _group_edges(keys["text_key"])
    label = _constrained_components(frame.height, np.r_[e1[0], e2[0]], np.r_[e1[1], e2[1]], ids)
    exact, exact_record, groups = _merge(frame, label, "exact")
    n_exact = frame.height - exact.height
    # the article keys of every row folded into each kept row
    group_ids = (pl.DataFrame({"label": label, "key": keys["article_key"]})
                 .group_by("label")
                 .agg(pl.col("key").drop_nulls().unique(maintain_order=True)))
    kept_ids = dict(zip(group_ids["label"].to_list(), group_ids["key"].to_list(), strict=True))
    exact_ids = [kept_ids[g] for g in groups.tolist()]

    sh = _shingles(exact["body"])
    sig = _minhash(sh, exact.height)
    has = np.zeros(exact.height, dtype=bool)
    has[sh["doc"].to_numpy()] = True
    pairs = _verified_pairs(sh, _candidate_pairs(sig, has), threshold, keep_score=True)
    if pairs.height == 0:
        return exact, {"exact": n_exact, "near": 0}, exact_record
    pairs = pairs.sort(["jaccard", "a", "b"], descending=[True, False, False])
    label = _constrained_components(exact.height, pairs["a"].to_numpy().astype(np.int64),
                                    pairs["b"].to_numpy().astype(np.int64), exact_ids)
    joined = pairs.filter(pl.Series(label[pairs["a"].to_numpy()] == label[pairs["b"].to_numpy()]))
    best_score = (pl.concat([joined.select(pl.col("a").alias("doc"), "jaccard"),
                             joined.select(pl.col("b").alias("doc"), "jaccard")])
                  .group_by("doc").agg(pl.col("jaccard").max().alias("similarity"))
                  .with_columns(pl.col("doc").cast(pl.UInt32)))
    near, near_record, _ = _merge(exact, label, "near", best_score)
    return (near, {"exact": n_exact, "near": exact.height - near.height},
            pl.concat([exact_record, near_record]))
