"""Precision and recall of the topic rules on the hand-coded set (tests/fixtures/topics).

Prints, per language and split, the pooled and per-topic precision, recall and F1
(95 % intervals) of a dictionary under a rule. Splits (see the fixture's README):
``dev`` (rules may be tuned on it), ``heldout`` (English: **seen**, its errors were
read to improve the rule; Russian: unseen) and ``heldout2`` (English only, coded and
committed before any rule ran on it: the unseen English set).

    python benchmarks/topics_coded.py                      # default dictionary, both rules
    python benchmarks/topics_coded.py --match any --topics old_topics.yml
    python benchmarks/topics_coded.py --splits dev heldout   # leave the unseen set alone
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import polars as pl

from tassanalysis.topics import validate_topics

SPLITS = ("dev", "heldout", "heldout2")
SEEN = {("en", "heldout")}  # read error by error while the rule was improved
CODED = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "topics" / "coded.jsonl"


def coded_corpus(path: Path = CODED) -> pl.DataFrame:
    """The coded articles as a corpus: doc_id, title, lead, body, language, split, codes."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return pl.DataFrame({
        "doc_id": [r["id"] for r in rows], "title": [r["title"] for r in rows],
        "lead": [r["lead"] for r in rows], "body": [r["text"] for r in rows],
        "language": [r["language"] for r in rows], "split": [r["split"] for r in rows],
        "codes": [r["codes"] for r in rows]}, schema_overrides={"codes": pl.List(pl.String)})


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--topics", default=None)
    ap.add_argument("--match", nargs="*", default=["any", "relevant"])
    ap.add_argument("--per-topic", action="store_true")
    ap.add_argument("--splits", nargs="*", default=list(SPLITS))
    args = ap.parse_args()
    corpus = coded_corpus()
    pl.Config.set_tbl_rows(40)
    pl.Config.set_tbl_width_chars(200)
    for match in args.match:
        for lang in ("en", "ru"):
            for split in args.splits:
                part = corpus.filter(language=lang, split=split)
                if part.is_empty():
                    continue
                name = split + (" (seen)" if (lang, split) in SEEN else "")
                v = validate_topics(part, args.topics, part.select("doc_id", "codes"),
                                    match=match, text=["title", "lead", "body"], bootstrap=500)
                pooled = v.row(-1, named=True)
                print(f"{match:9} {lang} {name:15} n={part.height:3}  "
                      f"P={pooled['precision']:.2f} [{pooled['precision_low']:.2f}, "
                      f"{pooled['precision_high']:.2f}]  R={pooled['recall']:.2f} "
                      f"[{pooled['recall_low']:.2f}, {pooled['recall_high']:.2f}]  "
                      f"F1={pooled['f1']:.2f}  hits={pooled['rule_hits']} "
                      f"coded={pooled['coded_relevant']}")
                if args.per_topic:
                    print(v.select("topic", "coded_relevant", "rule_hits", "agree_relevant",
                                   pl.col("precision", "recall", "f1").round(2)))


if __name__ == "__main__":
    main()
