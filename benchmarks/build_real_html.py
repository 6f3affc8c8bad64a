"""Build a measurement set of real saved HTML pages from the test caches of PyPI sdists.

The source distributions of ``htmldate`` 0.7.3 and ``trafilatura`` 0.9.3 (GPLv3+, by
Adrien Barbaresi) ship the pages their test suites read (``tests/cache/*.html``);
htmldate's ``tests/unit_tests.py`` states the expected publication day of many of
them. Only those pages and expected values are used here, as data; none of the
libraries' code. The set is written outside the repository's tracked files
(``benchmarks/_work/real_html`` by default, which git ignores)::

    pip download --no-deps --no-binary :all: htmldate==0.7.3 trafilatura==0.9.3 -d /tmp/sd
    tar xzf /tmp/sd/htmldate-0.7.3.tar.gz -C /tmp/sd
    tar xzf /tmp/sd/trafilatura-0.9.3.tar.gz -C /tmp/sd
    python benchmarks/build_real_html.py /tmp/sd
    python benchmarks/measure_ingest_quality.py --only html text --html benchmarks/_work/real_html

Written beside the pages:

``truth.json``
    ``{"page.html": "2016-12-23"}``: the expected publication day (day precision),
    taken from htmldate's tests. Kept: the ``original_date=True`` expectation when
    there is one, else the default one; left out: expectations the tests mark as
    uncertain (a trailing comment such as "most probably"), ``original_date=False``
    only (a modification date), and site front pages (no article).
``truth-instants.json``
    ``{"page.html": "2020-01-19T12:25:36+00:00"}``: the publication instant where one
    is known to the second (or the day, where a hand check found no time of
    publication on the page): htmldate 1.11 (the installed release, an implementation
    independent of this package; ``original_date=True``, full timestamp output) where
    it finds a time, replaced by a hand-checked value where reading the page showed
    it wrong (``HAND_CHECKED``, with the reason).
``*.ref.txt``
    a reference extraction of the page's main text by jusText (an extractor
    independent of trafilatura), with the stop list of the page's language.
``*.ref-recall.txt``
    trafilatura's own extraction with ``favor_recall=True``, a second reference.
``provenance.json``
    package, version, file and licence of every page.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
_PAGE = re.compile(r"^'([^']+)': '([^']+)',", re.M)
_EXPECT = re.compile(r"find_date\(load_mock_page\('([^']+)'\)(.*?)\)\s*==\s*"
                     r"'(\d{4}-\d{2}-\d{2})'(.*)$", re.M)


def expected_days(unit_tests: str) -> dict[str, str]:
    """URL -> expected publication day from htmldate's test assertions."""
    original: dict[str, str] = {}
    default: dict[str, str] = {}
    uncertain: set[str] = set()
    for url, args, day, tail in _EXPECT.findall(unit_tests):
        if "#" in tail:
            uncertain.add(url)
            continue
        if "original_date=True" in args:
            original.setdefault(url, day)
        elif "original_date=False" not in args and "outputformat" not in args:
            default.setdefault(url, day)
    out = {**default, **original}
    return {u: d for u, d in out.items() if u not in uncertain
            and urlsplit(u).path.strip("/") not in ("", "en", "sh")}


_STOPLISTS = {"en": "English", "de": "German", "fr": "French", "es": "Spanish",
              "it": "Italian", "nl": "Dutch", "pt": "Portuguese", "ru": "Russian"}


def _language(html: str) -> str:
    """The page's language: its ``<html lang>``, else py3langid on the visible text."""
    import lxml.html
    import py3langid

    tree = lxml.html.document_fromstring(html)
    declared = (tree.get("lang") or "").split("-")[0].lower()
    if declared in _STOPLISTS:
        return declared
    for bad in tree.xpath("//script | //style"):
        bad.drop_tree()
    return py3langid.classify(tree.text_content()[:20000])[0]


#: Instants read by hand from the page where htmldate's differs, and why.
HAND_CHECKED = {
    "cnet.de.schutz.html": ("2014-05-14T13:40:14+00:00", "article:published_time 15:40:14+02:00;"
                            " JSON-LD prints the same wall-clock time as +00:00"),
    "nationalgeographic.co.uk.goats.html": ("2020-01-03T09:48:24+00:00", "datePublished and "
                                            "article:published_time; 01-06 is dateModified"),
    "reuters.com.parasite.html": ("2020-01-19T12:25:36+00:00", "datePublished; 01-20 is "
                                  "dateModified"),
    "adac.de.kindersitze.html": ("2018-10-23", "the date under the headline, 23.10.2018, no "
                                 "time; meta isodatetime 2019-06-19 is when the page was served"),
    "moritz-meyer.net.vreni.html": ("2018-06-19", "'Juni 19th, 2018' in the byline, no time; "
                                    "2019-01-07T17:27:31+02:00 is the hidden 'updated' value"),
    "rnz.de.witzel.html": ("2015-10-12", "'12.10.2015, 19:16 Uhr' (no zone) and a share "
                           "widget's published_at 17:09:56 UTC disagree on the minute; "
                           "dateCreated 2019-05-07 is the page's regeneration"),
    "wunderweib.html": ("2019-06-20T12:39:54+00:00", "<time> 14:39+02:00 and sailthru.date "
                        "14:39:54; JSON-LD 02:39:54+02:00 is a 12-hour clock misprint"),
}


def htmldate_instant(html: str) -> str | None:
    """htmldate's publication instant in UTC, when it finds a time of day."""
    import logging
    from datetime import UTC, datetime

    import htmldate

    logging.disable(logging.CRITICAL)
    try:
        found = htmldate.find_date(html, original_date=True, extensive_search=True,
                                   outputformat="%Y-%m-%dT%H:%M:%S%z")
    except Exception:  # noqa: BLE001 - a page it cannot read has no reference instant
        return None
    if not found or found.endswith("T00:00:00"):
        return None  # a day, not a time
    when = datetime.fromisoformat(found)
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC).isoformat()


def reference_texts(html: str, raw: bytes | None = None) -> tuple[str, str]:
    """jusText's and trafilatura's (``favor_recall``) text of a page.

    Both read the page's bytes when given (each decodes them by the page's declared
    charset, so a page in Latin-1 or Windows-1252 is not read as broken UTF-8).
    """
    import justext
    import trafilatura

    stoplist = justext.get_stoplist(_STOPLISTS.get(_language(html), "English"))
    paragraphs = justext.justext(raw if raw is not None else html.encode("utf-8"), stoplist)
    just = "\n".join(p.text for p in paragraphs if not p.is_boilerplate)
    recall = trafilatura.extract(raw if raw is not None else html, favor_recall=True,
                                 include_comments=False) or ""
    return just, recall


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sdists", type=Path, help="folder holding the unpacked sdists")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "_work" / "real_html")
    args = ap.parse_args(argv)
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    truth: dict[str, str] = {}
    instants: dict[str, str] = {}
    provenance: dict[str, dict] = {}
    hd = args.sdists / "htmldate-0.7.3" / "tests"
    tests = (hd / "unit_tests.py").read_text(encoding="utf-8")
    files = dict(_PAGE.findall(tests))
    for url, day in expected_days(tests).items():
        name = files.get(url)
        if name and (hd / "cache" / name).exists():
            truth[name] = day
    sources = [("htmldate", "0.7.3", hd / "cache"),
               ("trafilatura", "0.9.3", args.sdists / "trafilatura-0.9.3" / "tests" / "cache")]
    for package, version, folder in sources:
        for page in sorted(folder.glob("*.html")):
            if page.name in provenance or page.name.startswith("exotic_tags"):
                continue
            shutil.copyfile(page, out / page.name)
            url = next((u for u, f in files.items() if f == page.name), None) \
                if package == "htmldate" else None
            provenance[page.name] = {"package": package, "version": version,
                                     "file": f"tests/cache/{page.name}", "url": url,
                                     "licence": "GPL-3.0-or-later"}
            html = page.read_text(encoding="utf-8", errors="replace")
            instant = HAND_CHECKED.get(page.name, (htmldate_instant(html),))[0]
            if instant:
                instants[page.name] = instant
            just, recall = reference_texts(html, page.read_bytes())
            (out / page.name).with_suffix(".ref.txt").write_text(just, encoding="utf-8")
            (out / page.name).with_suffix(".ref-recall.txt").write_text(recall, encoding="utf-8")
    write_truth(out, truth, instants, provenance)
    return 0


def write_truth(out: Path, truth: dict, instants: dict, provenance: dict) -> None:
    """Write a measurement set's truth files and provenance beside its pages."""
    for name, value in (("truth.json", truth), ("truth-instants.json", instants),
                        ("provenance.json", provenance)):
        (out / name).write_text(json.dumps(value, indent=1, sort_keys=True))
    print(f"{len(provenance)} pages, {len(truth)} with a day, {len(instants)} with an "
          f"instant -> {out}")


if __name__ == "__main__":
    sys.exit(main())
