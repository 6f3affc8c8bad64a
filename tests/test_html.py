"""Saved HTML pages (tassanalysis.ingest.html.parse_html)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import lxml.html
import pytest

from tassanalysis.ingest.clean import clean_string
from tassanalysis.ingest.errors import PageError
from tassanalysis.ingest.html import parse_html
from tassanalysis.schema import ARTICLE_SCHEMA, make_doc_id

FIXTURES = Path(__file__).parent / "fixtures" / "html"
TASS_COM = FIXTURES / "tass_com_article.html"
TASS_RU = FIXTURES / "tass_ru_article_cp1251.html"
GENERIC = FIXTURES / "generic_news_article.html"

JUNK = ("Read also", "Share", "Telegram", "cookies", "Related news", "Most read", "Cuban flag",
        "Smityuk", "dataLayer", "adfox", "All rights reserved", "Tags", "Breaking")


def _paragraphs_in(path: Path, xpath: str, encoding: str = "utf-8") -> list[str]:
    """The text of the given paragraph elements, read with lxml on its own."""
    tree = lxml.html.document_fromstring(path.read_bytes().decode(encoding))
    return [clean_string(" ".join(p.itertext())) for p in tree.xpath(xpath)]


def test_tass_com_page():
    rec = parse_html(TASS_COM.read_text(encoding="utf-8"), origin=str(TASS_COM))
    assert list(rec) == list(ARTICLE_SCHEMA)
    assert rec["source"] == "tass.com"
    assert rec["url"] == "https://tass.com/politics/1893803"
    assert rec["title"].startswith("Invitation to Cuba to join BRICS")
    assert rec["lead"].startswith("According to Viktor Koronelli")
    assert rec["published_at"] == datetime(2024, 12, 26, 12, 6, 12, tzinfo=UTC)
    assert rec["date_source"] == "metadata"
    assert rec["section"] == "Russian Politics & Diplomacy"
    assert rec["dateline"] == "HAVANA"
    assert rec["tags"] == ["BRICS", "Cuba", "Viktor Koronelli"]
    assert "Russian PM to visit Vietnam in January 2025 — ambassador" in rec["related"]
    assert rec["language"] == "en" and rec["origin"] == str(TASS_COM) and rec["merged"] == 0
    # body: the article's paragraphs, dateline included, nothing else
    paragraphs = _paragraphs_in(TASS_COM, "//div[@class='text-block']/p")
    assert rec["body"] == "\n\n".join(paragraphs)
    assert len(paragraphs) == 6
    for junk in JUNK:
        assert junk not in rec["body"], junk
    assert rec["doc_id"] == make_doc_id("tass.com", rec["url"])


def test_tass_com_page_matches_the_scraped_article(corpora):
    source = corpora / "tass-scraper-2024" / "politics_20.json"
    article = next(a for a in json.loads(source.read_text(encoding="utf-8"))
                   if a["link"] == "https://tass.com/politics/1893803")
    rec = parse_html(TASS_COM.read_bytes())
    paragraphs = article["content"][1:]
    assert rec["body"] == clean_string("\n\n".join(paragraphs))
    assert rec["title"] == article["title"]
    assert rec["lead"] == article["description"]


def test_tass_ru_page_in_windows_1251():
    data = TASS_RU.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    rec = parse_html(data, origin="ru.html")
    assert rec["source"] == "tass.ru"
    assert rec["language"] == "ru"
    assert rec["title"].startswith("Приглашение Кубы в БРИКС")
    assert rec["dateline"] == "ГАВАНА"
    assert rec["section"] == "Международная панорама"
    assert rec["tags"] == ["БРИКС", "Куба", "Виктор Коронелли"]
    assert rec["published_at"] == datetime(2024, 12, 26, 12, 6, 12, tzinfo=UTC)
    paragraphs = _paragraphs_in(TASS_RU, "//*[@itemprop='articleBody']/p", "cp1251")
    assert rec["body"] == "\n\n".join(paragraphs)
    for junk in ("Поделиться", "Читайте также", "Политика", "©"):
        assert junk not in rec["body"]
    assert rec["related"] == ["Ушаков: 13 стран получили предложение стать партнерами БРИКС"]


def test_generic_page_through_the_general_extractor():
    rec = parse_html(GENERIC.read_bytes(), origin="g.html")
    assert rec["source"] == "northernledger.example"
    assert rec["title"] == "River levels fall as flood warnings are lifted across the valley"
    assert rec["lead"].startswith("Residents begin the clean-up")
    assert rec["published_at"] == datetime(2025, 3, 14, 8, 30, tzinfo=UTC)
    assert rec["section"] == "Environment"
    assert rec["tags"] == ["floods", "weather", "infrastructure"]
    assert rec["dateline"] is None and rec["language"] == "en"
    paragraphs = _paragraphs_in(GENERIC, "//div[@class='story-body']/p")
    assert rec["body"] == "\n\n".join(paragraphs)
    for junk in ("cookies", "Subscribe", "Share on", "Volunteers helped", "More on this story",
                 "morning briefing", "Privacy", "Jane Doe"):
        assert junk not in rec["body"], junk


def test_url_argument_wins_and_gives_section():
    page = ("<html><body><article><h1>Short</h1><p>MOSCOW, May 5. /TASS/. Officials said the "
            "meeting would take place next week in the capital.</p></article></body></html>")
    rec = parse_html(page, url="https://tass.com/economy/123")
    assert rec["url"] == "https://tass.com/economy/123"
    assert rec["section"] == "economy" and rec["dateline"] == "MOSCOW"
    assert rec["published_at"] is None
    assert rec["date_source"] == "none"
    assert rec["body"].startswith("MOSCOW, May 5. /TASS/. Officials said")


def test_time_element_gives_the_date_when_meta_tags_do_not():
    page = ("<html><body><article><h1>T</h1><time datetime='2024-03-01T10:00:00+03:00'>1 March"
            "</time><div class='text-block'><p>Text of the story in one paragraph.</p></div>"
            "</article></body></html>")
    rec = parse_html(page, url="https://tass.com/world/5")
    assert rec["published_at"] == datetime(2024, 3, 1, 7, tzinfo=UTC)
    assert rec["date_source"] == "page"


@pytest.mark.parametrize(("page", "reason"), [
    ("", "empty"),
    (b"   \n", "empty"),
    (b"\x00\x01\x02binary\x00" * 50, "undecodable"),
    ("<html><head><title>x</title></head><body><nav>Menu</nav></body></html>", "no-body"),
])
def test_bad_pages_raise_page_error(page, reason):
    with pytest.raises(PageError) as err:
        parse_html(page)
    assert err.value.reason == reason


# Pages of other publishers (real pages, see tests/fixtures/real/README.md)

REAL_HTML = Path(__file__).parent / "fixtures" / "real" / "html"
ARTICLE_TEXT = ("Officials said the meeting would take place next week in the capital, and more "
                "talks would follow after the summer recess, according to the ministry.")


def test_page_the_strict_extractor_finds_nothing_in_is_kept():
    # a club's events page laid out in tables: the precision setting finds no article
    rec = parse_html((REAL_HTML / "hundeverein-querfurt.de.html").read_bytes())
    assert "Herbstprüfung" in rec["body"] and "Klaus Bartnik" in rec["body"]
    assert not any(set(p) <= set("| ") for p in rec["body"].split("\n\n"))
    rec = parse_html((REAL_HTML / "hundeverein-kreisunna.de.html").read_bytes())
    assert "Trainingszeiten" in rec["body"]


def test_lead_that_reprints_the_body_start_is_not_counted_twice():
    lead = " ".join(ARTICLE_TEXT.split()[:14]) + " ..."
    html = (f'<html><head><meta property="og:description" content="{lead}"></head><body>'
            f'<article><h1>Talks</h1><p>{ARTICLE_TEXT}</p><p>{ARTICLE_TEXT[::-1]}</p>'
            '</article></body></html>')
    rec = parse_html(html)
    assert rec["lead"] is None
    assert rec["body"].startswith(ARTICLE_TEXT)


def test_sub_headline_in_other_words_stays_the_lead():
    lead = "The ministry expects a second round of talks after the summer."
    html = (f'<html><head><meta property="og:description" content="{lead}"></head><body>'
            f'<article><h1>Talks</h1><p>{ARTICLE_TEXT}</p></article></body></html>')
    assert parse_html(html)["lead"] == lead


def test_table_of_figures_in_an_article_is_kept():
    table = ("<table><tr><th>Region</th><th>Turnout</th></tr><tr><td>Northland</td>"
             "<td>61.4</td></tr><tr><td>Southmark</td><td>58.9</td></tr></table>")
    html = (f"<html><body><article><h1>Results</h1><p>{ARTICLE_TEXT}</p>{table}"
            f"<p>{ARTICLE_TEXT}</p></article></body></html>")
    body = parse_html(html)["body"]
    assert "Southmark" in body and "58.9" in body


def test_real_pages_publication_day():
    # an Instagram embed's post time inside the article (horizont.net), and teasers of
    # other articles with pubdate in side boxes (la-bas.org)
    rec = parse_html((REAL_HTML / "horizont.net.html").read_bytes())
    assert rec["published_at"].date().isoformat() == "2019-01-29"
    rec = parse_html((REAL_HTML / "la-bas.org.porte.html").read_bytes())
    assert rec["published_at"].isoformat() == "2019-06-28T13:49:45+00:00"
    assert rec["body"].startswith("Ami abonné")


_BODY = "<p>" + "The council met on Tuesday and agreed a new budget for the schools. " * 4 + "</p>"


@pytest.mark.parametrize(("head", "host", "title"), [
    ("<title>What is Rust and why is it so popular? - Stack Overflow Blog</title>",
     "stackoverflow.blog", "What is Rust and why is it so popular?"),
    ("<title>Berlin confronts its colonial past | DW | 19.01.2020</title>", "www.dw.com",
     "Berlin confronts its colonial past"),
    ('<meta property="og:title" content="Budget agreed | The Valley Times">'
     '<meta property="og:site_name" content="The Valley Times">', "valley.example",
     "Budget agreed"),
    ("<title>SimplyScience - Wie entsteht Erdöl?</title>", "simplyscience.ch",
     "Wie entsteht Erdöl?"),
    ("<title>Reiki und Schamanismus - shingon-reiki.de</title>", None, "Reiki und Schamanismus"),
    # a dash inside a headline, and a name that is not the site's, stay
    ("<title>Hating Millennials - the prejudice you may boast about</title>", "boingboing.net",
     "Hating Millennials - the prejudice you may boast about"),
    ("<title>Node.js - the complete guide</title>", "example.org", "Node.js - the complete guide"),
])
def test_site_name_is_not_part_of_the_title(head, host, title):
    url = f"https://{host}/2025/03/budget" if host else None
    page = f"<html><head>{head}</head><body><article>{_BODY}</article></body></html>"
    assert parse_html(page, origin="p.html", url=url)["title"] == title


def test_a_broken_own_url_gives_no_source_name():
    page = ('<html><head><meta property="og:url" content="https://.tramino.de">'
            '<meta property="og:site_name" content="Oberstdorf Resort"><title>Herbs</title>'
            f"</head><body><article>{_BODY}</article></body></html>")
    rec = parse_html(page, origin="p.html")
    # the general extractor's cleaned host name, or the site's name: never ".tramino.de"
    assert rec["source"] in ("tramino.de", "oberstdorf resort")


def test_site_description_in_the_head_is_not_the_lead():
    html = ('<html><head><meta name="description" content="The official website of the '
            'Northland county council: services, offices and opening hours."></head><body>'
            f'<article><h1>Talks</h1><p>{ARTICLE_TEXT}</p><p>{ARTICLE_TEXT[::-1]}</p>'
            '</article></body></html>')
    rec = parse_html(html)
    assert rec["lead"] is None
    assert rec["body"].startswith(ARTICLE_TEXT)


def test_standfirst_shown_on_the_page_is_the_lead():
    lead = "A second round is planned for the autumn, the organisers say."
    html = (f'<html><head><meta property="og:description" content="{lead}"></head><body>'
            f'<article><h1>Talks</h1><p class="standfirst">{lead}</p><p>{ARTICLE_TEXT}</p>'
            f'<p>{ARTICLE_TEXT[::-1]}</p></article></body></html>')
    assert parse_html(html)["lead"] == lead


def test_lead_that_repeats_the_title_is_not_counted_twice():
    title = "Talks on the new budget end without a deal"
    html = (f'<html><head><meta property="og:title" content="{title}">'
            f'<meta property="og:description" content="{title}."></head><body>'
            f'<article><h1>{title}</h1><p>{ARTICLE_TEXT}</p></article></body></html>')
    rec = parse_html(html)
    assert rec["title"] == title and rec["lead"] is None


def test_lead_that_reprints_the_title_and_opening_in_chinese_is_not_counted_twice():
    # Chinese is written without spaces: the lead "title --- first sentence" is the body's
    # opening again, compared character by character
    title = "短缺药品保供稳价 全力保障临床用药需求"
    first = "记者17日从国家卫生健康委获悉，近阶段，相关部门持续依托短缺药品供应保障工作会商联动机制。"
    second = "据了解，短缺药品信息监测共享正在多维度推进，国家药监局持续采集短缺药品生产供应信息。"
    html = (f'<html lang="zh"><head><title>{title}-新华网</title>'
            f'<meta name="description" content="{title}---{first}"></head><body><article>'
            f'<h1>{title}</h1><p>新华社北京11月17日电 {first}</p><p>{second}</p><p>{second}</p>'
            '</article></body></html>')
    rec = parse_html(html)
    assert rec["lead"] is None
    assert first in rec["body"] and second in rec["body"]


def test_cookie_notice_at_the_edge_of_the_body_is_removed_and_kept_aside():
    notice = ("Auf unserer Website werden Cookies gemäß unserer Datenschutzerklärung verwendet. "
              "Diese helfen uns dabei, die Benutzererfahrung zu optimieren.")
    about = "The bakery sold 4,000 cookies on Saturday, and the mayor bought the last box."
    html = (f'<html><body><article><p>{notice}</p><h1>Fair</h1>'
            f'<p>{ARTICLE_TEXT}</p><p>{about}</p></article></body></html>')
    rec = parse_html(html)
    assert "Cookies gemäß" not in rec["body"]
    assert rec["body"].startswith(ARTICLE_TEXT) and about in rec["body"]
    assert rec["boilerplate"] == [notice]
