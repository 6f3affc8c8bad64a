"""Precision and recall of actor matching on the hand-labelled 2015–2026 news texts.

Reads ``tests/fixtures/actors/labelled_2019_2025.jsonl`` (texts in English and Russian,
labelled by reading; conventions in ``README_2019_2025.md``), runs
:func:`tassanalysis.actors.actor_mentions` on them and counts, per (text, actor),
true positives, false positives and misses. Figures are given by split, language and
actor type, each with its 95% Wilson score interval (checked against ``statsmodels``
where it is installed). The splits, in the order they were labelled:

* ``dev``: the half rules may be written on;
* ``heldout``: the first held-out half. Its misses have since been read and fixed as
  classes, so it is reported as ``heldout (seen)``: no longer text the rules were not
  written on;
* ``held-out-2``: texts labelled (and committed) after that, before the matcher was run
  on them; its misses are read only after the last rule change.

A labelled actor the gazetteer did not list (``unlisted``) counts as a miss until the
gazetteer lists it under that name. News media are outside the measured set on both
sides (see the README).

Usage::

    python benchmarks/measure_actors.py            # the table
    python benchmarks/measure_actors.py --misses   # also each miss and false positive (dev)
    python benchmarks/measure_actors.py --misses held-out-2   # ... of another split
    python benchmarks/measure_actors.py --json out.json
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "fixtures" / "actors" / "labelled_2019_2025.jsonl"
#: News media: outside the measured set (the README's conventions).
MEDIA = frozenset({"tass", "ria-novosti", "rt", "sputnik"})
TYPES = ("person", "organization", "country", "place")
#: The splits in the order they were labelled, with the name the table prints.
SPLITS = {"dev": "dev", "heldout": "heldout (seen)", "held-out-2": "held-out-2"}


def wilson(successes: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """The Wilson score interval of a proportion (95% by default).

    Examples
    --------
    >>> [round(x, 3) for x in wilson(8, 10)]
    [0.49, 0.943]
    """
    if n == 0:
        return (0.0, 1.0)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def load(path: Path = LABELS) -> list[dict]:
    """The labelled texts, one dict each."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def corpus_of(rows: list[dict]) -> pl.DataFrame:
    """The labelled texts as a canonical corpus frame (``source`` is the site's domain)."""
    def domain(url: str) -> str:
        host = url.split("//", 1)[-1].split("/", 1)[0]
        return host.removeprefix("www.")

    return pl.DataFrame({
        "doc_id": [r["id"] for r in rows],
        "source": [domain(r["url"]) for r in rows],
        "published_at": [r["date"] for r in rows],
        "title": [r["title"] for r in rows],
        "body": [r["text"] for r in rows],
    }).with_columns(pl.col("published_at").str.to_datetime("%Y-%m-%d")
                    .dt.replace_time_zone("UTC"))


def gold_of(row: dict, gaz) -> set[tuple[str, str]]:
    """(key, type) of the labelled actors; an unlisted actor is keyed by the gazetteer
    id that now lists it under that name, else by its name."""
    types = dict(zip(gaz.actors["actor_id"], gaz.actors["type"], strict=True))
    by_name: dict[str, str] = {}
    for aid, name in zip(gaz.actors["actor_id"], gaz.actors["actor"], strict=True):
        by_name.setdefault(name.casefold(), aid)
    for alias, aid in zip(gaz.aliases["alias"], gaz.aliases["actor_id"], strict=True):
        if aid is not None:
            by_name.setdefault(alias.casefold(), aid)
    out = {(a, types.get(a, "?")) for a in row["actors"] if a not in MEDIA}
    for u in row["unlisted"]:
        aid = by_name.get(u["name"].casefold())
        out.add((aid, types[aid]) if aid else ("unlisted:" + u["name"], u["type"]))
    return out


def predictions(rows: list[dict], gaz=None) -> dict[str, set[tuple[str, str]]]:
    """(actor_id, type) found in each text."""
    from tassanalysis.actors import actor_mentions, load_gazetteer

    gaz = gaz or load_gazetteer()
    found = actor_mentions(corpus_of(rows), gaz, level="document").filter(
        pl.col("actor_id").is_not_null() & ~pl.col("actor_id").is_in(list(MEDIA)))
    out: dict[str, set[tuple[str, str]]] = {r["id"]: set() for r in rows}
    for doc, aid, typ in found.select("doc_id", "actor_id", "type").iter_rows():
        out[doc].add((aid, typ))
    return out


def score(rows: list[dict], gaz=None) -> tuple[pl.DataFrame, list[dict]]:
    """Counts and figures by (split, language, type), plus every error.

    Returns
    -------
    (polars.DataFrame, list of dict)
        ``split, language, type, tp, fp, fn, precision, precision_low, precision_high,
        recall, recall_low, recall_high``; type ``all`` sums the rest. The errors are
        ``{id, split, language, kind: "miss" | "false", actor, type}``.
    """
    from tassanalysis.actors import load_gazetteer

    gaz = gaz or load_gazetteer()
    pred = predictions(rows, gaz)
    counts: Counter = Counter()
    errors = []
    for row in rows:
        gold, got = gold_of(row, gaz), pred[row["id"]]
        for kind, items in (("tp", gold & got), ("fn", gold - got), ("fp", got - gold)):
            for key, typ in items:
                for t in (typ, "all"):
                    for lang in (row["language"], "all"):
                        counts[(row["split"], lang, t, kind)] += 1
                if kind != "tp":
                    errors.append({"id": row["id"], "split": row["split"],
                                   "language": row["language"],
                                   "kind": "miss" if kind == "fn" else "false",
                                   "actor": key, "type": typ})
    records = []
    for split in SPLITS:
        for lang in ("en", "ru", "all"):
            for t in (*TYPES, "all"):
                tp, fp, fn = (counts[(split, lang, t, k)] for k in ("tp", "fp", "fn"))
                if tp + fp + fn == 0:
                    continue
                plo, phi = wilson(tp, tp + fp)
                rlo, rhi = wilson(tp, tp + fn)
                records.append({
                    "split": split, "language": lang, "type": t, "tp": tp, "fp": fp,
                    "fn": fn,
                    "precision": tp / (tp + fp) if tp + fp else None,
                    "precision_low": plo, "precision_high": phi,
                    "recall": tp / (tp + fn) if tp + fn else None,
                    "recall_low": rlo, "recall_high": rhi})
    return pl.DataFrame(records), errors


def _check_wilson() -> None:
    try:
        from statsmodels.stats.proportion import proportion_confint
    except ImportError:  # pragma: no cover - statsmodels is optional
        return
    for k, n in ((0, 5), (7, 9), (50, 61), (120, 121)):
        lo, hi = proportion_confint(k, n, method="wilson")
        mine = wilson(k, n)
        assert abs(lo - mine[0]) < 1e-9 and abs(hi - mine[1]) < 1e-9, (k, n)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", nargs="?", const="dev", choices=tuple(SPLITS),
                        help="list the misses and false positives of a split (default dev)")
    parser.add_argument("--json", type=Path, help="write the table as JSON here")
    args = parser.parse_args(argv)
    _check_wilson()
    rows = load()
    table, errors = score(rows)
    print(f"{len(rows)} texts: {sum(r['language'] == 'en' for r in rows)} English, "
          f"{sum(r['language'] == 'ru' for r in rows)} Russian")
    by_split = Counter((r["split"], r["language"]) for r in rows)
    print("  " + "; ".join(f"{SPLITS[s]}: {by_split[(s, 'en')]} en, {by_split[(s, 'ru')]} ru"
                           for s in SPLITS))
    print(f"{'split':15} {'lang':4} {'type':13} {'tp':>4} {'fp':>3} {'fn':>3}  "
          f"{'precision [95% CI]':22} {'recall [95% CI]':22}")
    for r in table.iter_rows(named=True):
        p = "-" if r["precision"] is None else (
            f"{r['precision']:.3f} [{r['precision_low']:.2f}, {r['precision_high']:.2f}]")
        rc = "-" if r["recall"] is None else (
            f"{r['recall']:.3f} [{r['recall_low']:.2f}, {r['recall_high']:.2f}]")
        print(f"{SPLITS[r['split']]:15} {r['language']:4} {r['type']:13} {r['tp']:4d} {r['fp']:3d} "
              f"{r['fn']:3d}  {p:22} {rc:22}")
    if args.misses:
        for e in errors:
            if e["split"] == args.misses:
                print(f"  {e['kind']:5} {e['id']:16} {e['type']:12} {e['actor']}")
    if args.json:
        args.json.write_text(json.dumps(table.to_dicts(), indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
