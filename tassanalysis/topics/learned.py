"""Learned topics: NMF or LDA (scikit-learn) on the package's tokens, and their stability.

The document–term matrix is built with the tokenizer, stopwords and Snowball
stems of :mod:`tassanalysis.text` (the same words :mod:`tassanalysis.terms`
counts), from the text :func:`~tassanalysis.topics.trends.reading_text` picks,
in Polars (batches of rows in parallel), then handed to scikit-learn as a
sparse matrix. NMF is fitted on TF-IDF weights (``weighting="tfidf"``, the usual
choice) or raw counts; LDA always on counts.

Reproducible: the same data, options and ``seed`` give identical topics. NMF
starts from a random initialisation drawn from ``seed`` (``init="random"``),
so that :func:`topic_stability` measures something: it refits with several
seeds, matches the topics of each run to those of the first (Hungarian
matching on the overlap of their top terms, ``scipy.optimize.linear_sum_assignment``)
and reports, per topic, how much of its top terms came back.

Examples
--------
>>> import polars as pl
>>> corpus = pl.DataFrame({"doc_id": list("abcdef"), "body": [
...     "oil gas pipeline oil", "gas oil prices pipeline", "pipeline gas oil exports",
...     "football match goal team", "team football goal coach", "coach match team football"]})
>>> model = fit_topics(corpus, k=2, text="body", min_df=1, max_df=1.0)
>>> sorted(model.labels()["label"].str.split(": ").list.last().str.split(", ").list.first())
['football', 'oil']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

from tassanalysis import text as _text
from tassanalysis.topics.trends import (
    _PARALLEL_BATCHES,
    ReadText,
    _batches,
    _n_rows,
    _text_expr,
    reading_text,
)

__all__ = ["DocumentTerms", "LearnedTopics", "document_terms", "fit_topics", "seedable_topics",
           "topic_stability"]

Corpus = pl.DataFrame | pl.LazyFrame


@dataclass
class DocumentTerms:
    """A sparse document–term count matrix and its vocabulary."""

    matrix: Any  # scipy.sparse.csr_matrix, documents × terms
    terms: list[str]
    display: list[str]  # the most frequent surface form of each (stemmed) term
    text: ReadText


def _stopword_set(stopwords) -> frozenset[str]:
    if stopwords is None:
        return frozenset()
    if isinstance(stopwords, str):
        return _text.stopwords(tuple(stopwords.split("+")))
    words = list(stopwords)
    if all(w in ("en", "ru") for w in words):
        return _text.stopwords(tuple(words))
    return frozenset(w.lower() for w in words)


def _long_terms(corpus: Corpus, read: ReadText, *, stop: frozenset[str], ngram: int
                ) -> list[pl.LazyFrame]:
    """Per batch of rows: (row, term) for every kept word or n-gram occurrence."""
    names = corpus.collect_schema().names() if isinstance(corpus, pl.LazyFrame) else corpus.columns
    body = _text_expr(read, names)
    stop_list = pl.Series(sorted(stop), dtype=pl.String).implode()
    parts = []
    for part in _batches(corpus.lazy().with_row_index("row"), _n_rows(corpus)):
        if ngram == 1:
            words = (part.select("row", term=_text.tokens(body)).explode("term")
                     .filter(pl.col("term").is_not_null() & ~pl.col("term").is_in(stop_list)))
        else:
            grams = part.select("row", term=_text.ngrams(_text.sentence_tokens(body), ngram))
            words = grams.explode("term").filter(pl.col("term").is_not_null())
            first = pl.col("term").str.extract(r"^(\S+)")
            last = pl.col("term").str.extract(r"(\S+)$")
            words = words.filter(~first.is_in(stop_list) & ~last.is_in(stop_list))
        parts.append(words)
    return parts


def document_terms(corpus: Corpus, *, text: str | Iterable[str] | ReadText = "auto",
                   stopwords: str | Iterable[str] | None = "en+ru", stem: bool = False,
                   ngram: int = 1, min_df: int | float = 2, max_df: float = 0.5,
                   max_terms: int | None = 10_000) -> DocumentTerms:
    """Count terms per document into a sparse matrix (rows = corpus rows).

    Parameters
    ----------
    text
        See :func:`~tassanalysis.topics.trends.reading_text`.
    stopwords : str, list or None, default "en+ru"
        ``"en"``, ``"ru"``, ``"en+ru"``, a list of words, or None.
    stem : bool, default False
        Count Snowball stems (labels show each stem's most frequent word).
    ngram : int, default 1
        1 for words; 2 or 3 for n-grams within sentences (none starting or
        ending with a stopword).
    min_df, max_df
        Keep terms in at least ``min_df`` documents (a count, or a share when a
        float below 1) and in at most ``max_df`` of them (a share).
    max_terms : int or None, default 10000
        Keep this many terms with the highest document counts (ties: alphabetical).

    Returns
    -------
    DocumentTerms

    Examples
    --------
    >>> import polars as pl
    >>> d = document_terms(pl.DataFrame({"body": ["Oil and gas", "Gas"]}), text="body",
    ...                    min_df=1, max_df=1.0)
    >>> d.terms, d.matrix.toarray().tolist()
    (['gas', 'oil'], [[1.0, 1.0], [1.0, 0.0]])
    """
    from scipy import sparse

    read = reading_text(corpus, text)
    stop = _stopword_set(stopwords)
    parts = _long_terms(corpus, read, stop=stop, ngram=ngram)
    n_docs = _n_rows(corpus) or corpus.lazy().select(pl.len()).collect().item()
    # One pass: (row, term, count) per batch, kept with terms as strings.
    counted = [p.group_by("row", "term").agg(count=pl.len().cast(pl.UInt32)) for p in parts]
    pairs = pl.concat([pl.concat(counted[i:i + _PARALLEL_BATCHES]).collect()
                       for i in range(0, len(counted), _PARALLEL_BATCHES)])
    display = None
    if stem:
        stems = _text.stem_map(pairs.get_column("term").unique())
        pairs = pairs.join(stems, on="term", how="left")
        forms = (pairs.group_by("stem", "term").agg(pl.col("count").sum())
                 .sort(["stem", "count", "term"], descending=[False, True, False])
                 .group_by("stem", maintain_order=True).agg(display=pl.col("term").first()))
        pairs = (pairs.group_by("row", "stem").agg(pl.col("count").sum())
                 .rename({"stem": "term"}))
        display = forms.rename({"stem": "term"})
    low = min_df if isinstance(min_df, int) or min_df >= 1 else int(np.ceil(min_df * n_docs))
    df = (pairs.group_by("term").agg(df=pl.len())
          .filter((pl.col("df") >= low) & (pl.col("df") <= max_df * n_docs))
          .sort(["df", "term"], descending=[True, False]))
    if max_terms:
        df = df.head(max_terms)
    vocab = df.sort("term").with_row_index("col")
    kept = pairs.join(vocab.select("term", "col"), on="term", how="inner")
    matrix = sparse.csr_matrix(
        (kept["count"].to_numpy().astype(np.float64),
         (kept["row"].to_numpy(), kept["col"].to_numpy())),
        shape=(n_docs, vocab.height))
    terms = vocab["term"].to_list()
    shown = (vocab.join(display, on="term", how="left")["display"].fill_null(vocab["term"])
             .to_list() if display is not None else terms)
    return DocumentTerms(matrix, terms, shown, read)


@dataclass
class LearnedTopics:
    """A fitted NMF or LDA model with tidy views of its topics.

    ``topic_terms()`` gives the topic–term weights, ``doc_topics`` the
    document–topic weights, ``labels()`` a label per topic (its top terms).
    Pass it to :func:`~tassanalysis.topics.trends.topic_trends` as ``topics``:
    each document then counts for its main topic (the largest weight, if at
    least ``min_weight`` of the document's total).
    """

    method: str
    k: int
    seed: int
    model: Any
    vocabulary: list[str]
    display: list[str]
    doc_weights: np.ndarray
    doc_ids: list[str]
    options: dict[str, Any] = field(default_factory=dict)
    min_weight: float = 0.0
    #: Seeded topics: their dictionary names (and labels), in the order of the first rows.
    seeded: list[str] = field(default_factory=list)
    seeded_labels: list[str] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        """Topic names: the dictionary names of seeded topics, then ``t01``, ``t02``, …
        (``r01``, ``r02``, … for the residual topics of a seeded fit)."""
        rest = self.k - len(self.seeded)
        mark = "r" if self.seeded else "t"
        return list(self.seeded) + [f"{mark}{i + 1:02d}" for i in range(rest)]

    @property
    def residual(self) -> list[str]:
        """Names of the topics no dictionary seeded (all, for an unseeded fit)."""
        return self.names[len(self.seeded):]

    def top_terms(self, top: int = 10) -> list[list[str]]:
        """The ``top`` terms of each topic, heaviest first (display forms; terms of
        weight 0, outside a seeded topic's words, are left out)."""
        weights = self.model.components_
        order = np.argsort(-weights, axis=1, kind="stable")[:, :top]
        return [[self.display[j] for j in row if weights[i, j] > 0]
                for i, row in enumerate(order)]

    def labels(self, top: int = 4) -> pl.DataFrame:
        """``topic``, ``label`` (``"t01: oil, gas, …"``), ``terms`` (top 10)."""
        tops = self.top_terms(max(top, 10))
        heads = list(self.seeded_labels) + [n for n in self.names[len(self.seeded):]]
        kinds = ["seeded"] * len(self.seeded) + ["residual" if self.seeded else "learned"] * (
            self.k - len(self.seeded))
        return pl.DataFrame({
            "topic": self.names,
            "label": [f"{h}: {', '.join(t[:top])}" for h, t in zip(heads, tops, strict=True)],
            "terms": [", ".join(t) for t in tops], "kind": kinds})

    def topic_terms(self, top: int | None = 15) -> pl.DataFrame:
        """Topic–term weights: ``topic``, ``term``, ``weight``, ``rank`` (1 = heaviest)."""
        weights = self.model.components_
        rows = []
        for i, name in enumerate(self.names):
            order = np.argsort(-weights[i], kind="stable")
            order = order[weights[i, order] > 0]  # a seeded topic has no other words
            order = order[:top] if top else order
            rows.append(pl.DataFrame({
                "topic": name, "term": [self.display[j] for j in order],
                "weight": weights[i, order].astype(np.float64),
                "rank": np.arange(1, len(order) + 1, dtype=np.int64)}))
        return pl.concat(rows)

    @property
    def doc_topics(self) -> pl.DataFrame:
        """Document–topic weights: ``doc_id``, ``topic``, ``weight`` (non-zero only)."""
        w = self.doc_weights
        rows, cols = np.nonzero(w)
        return pl.DataFrame({"doc_id": pl.Series(self.doc_ids).gather(rows),
                             "topic": pl.Series(self.names).gather(cols),
                             "weight": w[rows, cols].astype(np.float64)})

    def transform(self, corpus: Corpus, *, text=None) -> np.ndarray:
        """Document–topic weights of (new) articles, with the fitted vocabulary."""
        read = reading_text(corpus, text or self.options["text"])
        dt = document_terms(corpus, text=read, stopwords=self.options["stopwords"],
                            stem=self.options["stem"], ngram=self.options["ngram"],
                            min_df=1, max_df=1.0, max_terms=None)
        index = {t: i for i, t in enumerate(dt.terms)}
        cols = np.array([index.get(t, -1) for t in self.vocabulary], dtype=np.int64)
        have = np.flatnonzero(cols >= 0)
        from scipy import sparse

        part = dt.matrix[:, cols[have]].tocoo()
        matrix = sparse.csr_matrix((part.data, (part.row, have[part.col])),
                                   shape=(dt.matrix.shape[0], len(self.vocabulary)))
        return self.model.transform(_weigh(matrix, self.options, self.model))

    def document_topics(self, corpus: Corpus, *, text=None) -> pl.DataFrame:
        """Main topic per row (``row``, ``topic``, ``matched`` = its top terms).

        The fitted corpus reuses the stored weights; other corpora are transformed.
        """
        n = _n_rows(corpus) or corpus.lazy().select(pl.len()).collect().item()
        ids = corpus.lazy().select("doc_id").collect().get_column("doc_id").to_list()
        weights = self.doc_weights if ids == self.doc_ids else self.transform(corpus)
        total = weights.sum(axis=1)
        best = weights.argmax(axis=1) if n else np.zeros(0, dtype=np.int64)
        top = weights[np.arange(n), best] if n else np.zeros(0)
        ok = (total > 0) & (top >= self.min_weight * total)
        rows = np.flatnonzero(ok)
        terms = [t[:4] for t in self.top_terms(4)]
        return pl.DataFrame({
            "row": pl.Series(rows, dtype=pl.UInt32),
            "topic": pl.Series(self.names, dtype=pl.String).gather(best[rows]),
            "matched": pl.Series([terms[b] for b in best[rows]], dtype=pl.List(pl.String)),
            "hits": pl.Series(np.ones(len(rows)), dtype=pl.UInt32),
        })


def _weigh(matrix, options: dict[str, Any], model) -> Any:
    if options.get("weighting") == "tfidf":
        return options["tfidf"].transform(matrix)
    return matrix


def fit_topics(corpus: Corpus, *, k: int = 20, method: str = "nmf", seed: int = 0,
               text: str | Iterable[str] | ReadText = "auto",
               stopwords: str | Iterable[str] | None = "en+ru", stem: bool = False,
               ngram: int = 1, min_df: int | float = 2, max_df: float = 0.5,
               max_terms: int | None = 10_000, weighting: str = "tfidf",
               max_iter: int = 300, min_weight: float = 0.0,
               terms: DocumentTerms | None = None, seed_topics: Any = None
               ) -> LearnedTopics:
    """Learn ``k`` topics with NMF or LDA (scikit-learn) on the package's term counts.

    Parameters
    ----------
    corpus : polars.DataFrame or polars.LazyFrame
        Canonical corpus (``doc_id`` and text columns).
    k : int, default 20
        Number of topics.
    method : {"nmf", "lda"}
    seed : int, default 0
        Random state of the initialisation; the same seed gives the same topics.
    text, stopwords, stem, ngram, min_df, max_df, max_terms
        See :func:`document_terms`.
    weighting : {"tfidf", "counts"}
        What NMF factorises (LDA always uses counts).
    max_iter : int, default 300
        Iterations of the solver.
    min_weight : float, default 0
        When counting documents per topic, a document counts for its largest
        topic only if that topic holds at least this share of its weight.
    terms : DocumentTerms, optional
        A matrix already built by :func:`document_terms` (refits reuse it).
    seed_topics : topic dictionary, optional
        Seeded topics (seededlda / keyATM style, NMF only): each dictionary topic
        with at least two of its words in the vocabulary becomes one of the ``k``
        topics. Its row of NMF's topic–term matrix starts at the dictionary's words
        and is zero elsewhere; the multiplicative-update solver keeps those zeros,
        so the topic stays made of its dictionary's words (their weights are
        learned) and keeps the dictionary's name and label. The other
        ``k - seeded`` topics (``r01``, …) are *residual*, learned freely: the
        articles and words the dictionary misses go there. The words seeded are
        the dictionary's single words, Russian ones in all forms (not phrases or
        patterns).

    Returns
    -------
    LearnedTopics
        For a seeded fit, ``seeded`` lists the seeded topics, ``residual`` the
        others; ``labels()`` has ``kind`` (``seeded`` / ``residual``).

    Examples
    --------
    >>> import polars as pl
    >>> c = pl.DataFrame({"doc_id": list("abcd"), "body": ["oil gas", "gas oil price",
    ...                   "team goal", "goal team coach"]})
    >>> m = fit_topics(c, k=2, text="body", min_df=1, max_df=1.0)
    >>> sorted(m.top_terms(2))
    [['gas', 'oil'], ['goal', 'team']]
    """
    from sklearn.decomposition import NMF, LatentDirichletAllocation
    from sklearn.feature_extraction.text import TfidfTransformer

    if method not in ("nmf", "lda"):
        raise ValueError(f"method must be 'nmf' or 'lda', not {method!r}")
    if weighting not in ("tfidf", "counts"):
        raise ValueError(f"weighting must be 'tfidf' or 'counts', not {weighting!r}")
    if k < 1:
        raise ValueError("k must be 1 or more")
    dt = terms or document_terms(corpus, text=text, stopwords=stopwords, stem=stem, ngram=ngram,
                                 min_df=min_df, max_df=max_df, max_terms=max_terms)
    n_docs, n_terms = dt.matrix.shape
    if n_terms < k or n_docs < k:
        raise ValueError(f"{n_docs} documents and {n_terms} terms are too few for {k} topics "
                         "(lower k or min_df)")
    options: dict[str, Any] = {"text": dt.text, "stopwords": stopwords, "stem": stem,
                               "ngram": ngram, "weighting": weighting if method == "nmf"
                               else "counts"}
    if method == "nmf":
        matrix = dt.matrix
        if weighting == "tfidf":
            options["tfidf"] = TfidfTransformer(sublinear_tf=True).fit(dt.matrix)
            matrix = options["tfidf"].transform(dt.matrix)
        if seed_topics is not None:
            seeded, seeded_labels, h0 = _seed_rows(seed_topics, dt, k)
            rng = np.random.default_rng(seed)
            scale = np.sqrt(matrix.mean() / k) if matrix.nnz else 1.0
            h = np.abs(rng.standard_normal((k, n_terms))) * scale
            h[:len(seeded)] = h0 * scale
            w = np.abs(rng.standard_normal((n_docs, k))) * scale
            model = NMF(n_components=k, init="custom", solver="mu", max_iter=max_iter,
                        tol=1e-4, random_state=seed)
            doc_weights = model.fit_transform(matrix, W=w, H=h)
            return LearnedTopics(
                method=method, k=k, seed=seed, model=model, vocabulary=dt.terms,
                display=dt.display, doc_weights=doc_weights,
                doc_ids=corpus.lazy().select("doc_id").collect().get_column("doc_id").to_list(),
                options=options, min_weight=min_weight, seeded=seeded,
                seeded_labels=seeded_labels)
        model = NMF(n_components=k, init="random", random_state=seed, max_iter=max_iter,
                    tol=1e-4)
        doc_weights = model.fit_transform(matrix)
    else:
        if seed_topics is not None:
            raise ValueError("seed_topics needs method='nmf'")
        model = LatentDirichletAllocation(n_components=k, random_state=seed,
                                          max_iter=min(max_iter, 50), learning_method="batch")
        doc_weights = model.fit_transform(dt.matrix)
    ids = corpus.lazy().select("doc_id").collect().get_column("doc_id").to_list()
    return LearnedTopics(method=method, k=k, seed=seed, model=model, vocabulary=dt.terms,
                         display=dt.display, doc_weights=doc_weights, doc_ids=ids,
                         options=options, min_weight=min_weight)


def _seed_rows(seed_topics: Any, dt: DocumentTerms, k: int
               ) -> tuple[list[str], list[str], np.ndarray]:
    """Names, labels and initial topic–term rows of the dictionary topics to seed."""
    from tassanalysis.topics.dictionary import load_topics

    dictionary = load_topics(seed_topics)
    index = {t: i for i, t in enumerate(dt.terms)}
    names, labels, rows = [], [], []
    for topic in dictionary.topics:
        words = {lit.strip() for lit in dictionary.literals(topic.name) if "  " not in lit.strip()}
        cols = sorted(index[w] for w in words if w in index)
        if len(cols) < 2:
            continue
        row = np.zeros(len(dt.terms))
        row[cols] = 1.0
        names.append(topic.name)
        labels.append(topic.label)
        rows.append(row)
    if not names:
        raise ValueError("no dictionary topic has two of its words in the vocabulary: "
                         "nothing to seed")
    if len(names) >= k:
        raise ValueError(f"{len(names)} topics are seeded; k must be larger to leave room "
                         f"for residual topics (k={k})")
    return names, labels, np.vstack(rows)


def seedable_topics(seed_topics: Any, terms: DocumentTerms) -> list[str]:
    """The dictionary topics a seeded fit on ``terms`` would seed (two words or more in
    its vocabulary), in dictionary order.

    Examples
    --------
    >>> import polars as pl
    >>> d = document_terms(pl.DataFrame({"body": ["oil gas", "gas oil", "team goal"]}),
    ...                    text="body", min_df=1, max_df=1.0)
    >>> seedable_topics({"energy": ["oil", "gas"], "sport": ["team", "hockey"]}, d)
    ['energy']
    """
    from tassanalysis.topics.dictionary import load_topics

    dictionary = load_topics(seed_topics)
    vocab = set(terms.terms)
    return [t.name for t in dictionary.topics
            if len({lit.strip() for lit in dictionary.literals(t.name)} & vocab) >= 2]


def _overlap(a: Sequence[str], b: Sequence[str]) -> float:
    return len(set(a) & set(b)) / len(set(a) | set(b)) if a or b else 0.0


def topic_stability(corpus: Corpus, *, seeds: Sequence[int] = (0, 1, 2, 3, 4), k: int = 20,
                    method: str = "nmf", top: int = 10, reference: LearnedTopics | None = None,
                    progress: bool = False, **options: Any) -> pl.DataFrame:
    """How well each topic of the first seed comes back when refitted with other seeds.

    The topics of every other run are matched one-to-one to those of the first
    run by maximising the overlap (Jaccard index) of their ``top`` terms
    (Hungarian algorithm, :func:`scipy.optimize.linear_sum_assignment`).

    Parameters
    ----------
    seeds : sequence of int, default (0, 1, 2, 3, 4)
        The first is the reference run.
    k, method, **options
        As :func:`fit_topics` (``terms=`` reuses a document–term matrix,
        ``seed_topics=`` refits seeded topics).
    top : int, default 10
        Top terms compared.
    reference : LearnedTopics, optional
        The model already fitted with the first seed (on the same matrix): reused,
        not refitted.
    progress : bool, default False
        Print a line before each fit (long fits on large corpora).

    Returns
    -------
    polars.DataFrame
        One row per topic of the reference run: ``topic``, ``label``,
        ``stability`` (mean matched overlap over the other seeds, 0–1),
        ``min_overlap``, ``matches`` (list of the matched topic per other seed),
        sorted by stability (most stable first).

    Examples
    --------
    >>> import polars as pl
    >>> c = pl.DataFrame({"doc_id": list("abcd"), "body": ["oil gas", "gas oil",
    ...                   "team goal", "goal team"]})
    >>> s = topic_stability(c, seeds=(0, 1), k=2, text="body", min_df=1, max_df=1.0)
    >>> s["stability"].to_list()
    [1.0, 1.0]
    """
    from scipy.optimize import linear_sum_assignment

    seeds = list(seeds)
    if len(seeds) < 2:
        raise ValueError("give at least two seeds")
    dt = options.pop("terms", None) or document_terms(corpus, **{
        key: options[key] for key in ("text", "stopwords", "stem", "ngram", "min_df", "max_df",
                                      "max_terms") if key in options})
    fit_options = {key: v for key, v in options.items()
                   if key in ("weighting", "max_iter", "seed_topics")}
    if reference is not None and (reference.seed != seeds[0] or reference.k != k):
        raise ValueError("reference must be fitted with the first seed and the same k")
    runs = []
    for i, s in enumerate(seeds):
        if i == 0 and reference is not None:
            runs.append(reference)
            continue
        if progress:
            print(f"Fitting {method.upper()} with seed {s} ({i + 1} of {len(seeds)}, "
                  f"{dt.matrix.shape[0]:,} documents × {dt.matrix.shape[1]:,} terms)…",
                  flush=True)
        runs.append(fit_topics(corpus, k=k, method=method, seed=s, terms=dt, **fit_options))
    ref = runs[0].top_terms(top)
    overlaps, matches = [], []
    for run in runs[1:]:
        other = run.top_terms(top)
        sim = np.array([[_overlap(a, b) for b in other] for a in ref])
        r, c = linear_sum_assignment(sim, maximize=True)
        overlaps.append(sim[r, c])
        matches.append([run.names[j] for j in c])
    scores = np.vstack(overlaps)
    labels = runs[0].labels()
    return (labels.select("topic", "label").with_columns(
        stability=pl.Series(scores.mean(axis=0)).round(4),
        min_overlap=pl.Series(scores.min(axis=0)).round(4),
        matches=pl.Series([list(m) for m in zip(*matches, strict=True)],
                          dtype=pl.List(pl.String)))
            .sort(["stability", "topic"], descending=[True, False]))
