"""The publication instant of saved HTML pages: JSON-LD first, zones over naive times."""

from __future__ import annotations

import pytest

from tassanalysis.ingest.html import parse_html

BODY = ("<body><article><h1>Title</h1><p>Officials said the meeting would take place next "
        "week in the capital, and more talks would follow.</p></article></body>")


def page(head: str, body: str = BODY) -> str:
    return f"<html><head>{head}</head>{body}</html>"


def test_json_ld_in_a_graph_is_read():
    head = ('<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
            '{"@type": "WebSite", "name": "x"}, {"@type": "NewsArticle", '
            '"datePublished": "2023-10-05T14:30:00+02:00"}]}</script>')
    rec = parse_html(page(head))
    assert rec["published_at"].isoformat() == "2023-10-05T12:30:00+00:00"


def test_zoned_json_ld_beats_naive_meta():
    head = ('<meta property="article:published_time" content="2023-10-05T14:30:00">'
            '<script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "2023-10-05T14:30:00+08:00"}</script>')
    rec = parse_html(page(head))
    assert rec["published_at"].isoformat() == "2023-10-05T06:30:00+00:00"


def test_zoned_time_beats_naive_meta_without_json_ld():
    head = '<meta property="article:published_time" content="2023-10-05T14:30:00">'
    body = ('<body><article><time datetime="2023-10-05T14:30:00-04:00" class="published">Oct 5'
            '</time><h1>T</h1><p>Officials said the meeting would take place next week in the '
            'capital, and more talks would follow.</p></article></body>')
    rec = parse_html(page(head, body))
    assert rec["published_at"].isoformat() == "2023-10-05T18:30:00+00:00"


def test_day_only_meta_does_not_hide_the_time_on_the_page():
    head = '<meta name="date" content="2023-10-05">'
    body = ('<body><article><h1>T</h1><time datetime="2023-10-05T09:15:00Z">9:15</time><p>'
            'Officials said the meeting would take place next week in the capital, and more '
            'talks would follow.</p></article></body>')
    rec = parse_html(page(head, body))
    assert rec["published_at"].isoformat() == "2023-10-05T09:15:00+00:00"


def test_publication_time_element_not_the_first_one():
    body = ('<body><div class="related-news"><time datetime="2023-09-01T08:00:00Z">old</time>'
            '</div><article><h1>T</h1><p>by X <time datetime="2023-09-02T10:00:00Z" class="x">'
            'updated</time> <time pubdate datetime="2023-09-02T07:45:00Z">first</time></p><p>'
            'Officials said the meeting would take place next week in the capital, and more '
            'talks would follow.</p></article></body>')
    rec = parse_html(page("", body))
    assert rec["published_at"].isoformat() == "2023-09-02T07:45:00+00:00"
    assert rec["date_source"] == "page"


@pytest.mark.parametrize("value", ["2023-10-05", "Thu, 05 Oct 2023"])
def test_date_only_keeps_its_day(value):
    head = f'<meta name="date" content="{value}">'
    rec = parse_html(page(head))
    assert rec["published_at"] is None or rec["published_at"].date().isoformat() == "2023-10-05"
