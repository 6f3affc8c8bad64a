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


# Classes seen on real pages of other publishers (htmldate / trafilatura test caches)

TEXT = ("<p>Officials said the meeting would take place next week in the capital, and more "
        "talks would follow.</p>")


def test_time_of_an_embedded_post_is_not_the_publication():
    # an Instagram or Twitter embed quotes its own post time inside the article body
    body = ('<body><article><h1>T</h1><p class="date">29.01.2019</p>' + TEXT +
            '<blockquote class="instagram-media"><p>Ein Beitrag am <time '
            'datetime="2018-03-12T19:30:12+00:00">Mar 12</time></p></blockquote>' + TEXT +
            '</article></body>')
    head = '<meta name="date" content="2019-01-29">'
    rec = parse_html(page(head, body))
    assert rec["published_at"].date().isoformat() == "2019-01-29"


def test_time_in_an_aside_box_of_other_articles_is_not_the_publication():
    # a side column lists other articles, each marked up as an article with pubdate
    body = ('<body><div class="content"><article><header><h1>T</h1><p class="publication">'
            '<time datetime="2019-06-28T13:49:45Z">28 June</time></p></header>' + TEXT +
            '</article></div><div class="aside-bloc"><ul><li><article class="entry">'
            '<p class="publication"><time pubdate datetime="2019-09-22T07:30:29Z">22 Sept'
            '</time></p></article></li></ul></div></body>')
    rec = parse_html(page("", body))
    assert rec["published_at"].isoformat() == "2019-06-28T13:49:45+00:00"


def test_time_inside_an_aside_element_is_not_the_publication():
    body = ('<body><article><h1>T</h1>' + TEXT + '</article><aside class="col-right">'
            '<ul><li><span class="author"><time datetime="2019-07-30">30 July</time></span>'
            '</li></ul></aside><div class="post"><time datetime="2019-06-27">27 June</time>'
            '</div></body>')
    rec = parse_html(page("", body))
    assert rec["published_at"].date().isoformat() == "2019-06-27"


def test_time_of_another_article_in_a_listing_is_not_the_publication():
    # teasers of other articles, each an <article> with a pubdate, outside the headline's article
    teaser = ('<article class="entry"><p class="publication"><time pubdate '
              'datetime="2019-09-24T13:34:33Z">5 July</time></p><p>Other story</p></article>')
    body = ('<body><article><header><h1>The headline</h1><p class="publication">'
            '<time datetime="2019-06-28T13:49:45Z">28 June</time></p></header>' + TEXT +
            '</article><div class="extra secondary"><div class="row">' + teaser * 3 +
            '</div></div></body>')
    rec = parse_html(page("", body))
    assert rec["published_at"].isoformat() == "2019-06-28T13:49:45+00:00"


def test_time_inside_a_link_is_a_teaser_not_the_publication():
    body = ('<body><div class="main"><h1>The headline</h1><span class="date">'
            '<time datetime="2019-06-28T13:49:45Z">28 June</time></span>' + TEXT +
            '<ul class="list"><li><a href="/other"><time pubdate '
            'datetime="2019-09-24T13:34:33Z">24 Sept</time> Other story</a></li></ul>'
            '</div></body>')
    rec = parse_html(page("", body))
    assert rec["published_at"].isoformat() == "2019-06-28T13:49:45+00:00"


def test_logo_heading_does_not_hide_the_headline_article():
    teaser = ('<article class="entry"><p><time pubdate datetime="2019-09-24T13:34:33Z">5 July'
              '</time></p><p>Other story</p></article>')
    body = ('<body><header class="site"><h1><img src="logo.png"> Site name</h1></header>'
            '<article><header><h1>The headline</h1><p class="publication">'
            '<time datetime="2019-06-28T13:49:45Z">28 June</time></p></header>' + TEXT +
            '</article><div class="extra">' + teaser * 2 + '</div></body>')
    rec = parse_html(page("", body))
    assert rec["published_at"].isoformat() == "2019-06-28T13:49:45+00:00"


def test_local_time_labelled_utc_is_corrected_by_the_zoned_value():
    # JSON-LD prints the local wall-clock time with +00:00; the meta tag gives the zone
    head = ('<meta property="article:published_time" content="2014-05-14T15:40:14+02:00">'
            '<script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "2014-05-14T15:40:14+00:00"}</script>')
    rec = parse_html(page(head))
    assert rec["published_at"].isoformat() == "2014-05-14T13:40:14+00:00"


def test_hour_on_a_12_hour_clock_is_corrected_by_another_place():
    # JSON-LD printed with a 12-hour clock and no AM/PM; the page's <time> says 14:39
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "2019-06-20T02:39:54+02:00"}</script>')
    body = ('<body><article><h1>T</h1><time datetime="2019-06-20T14:39+02:00">20.06.2019'
            '</time>' + TEXT + '</article></body>')
    rec = parse_html(page(head, body))
    assert rec["published_at"].isoformat() == "2019-06-20T12:39:54+00:00"


def test_morning_time_without_an_afternoon_twin_is_kept():
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "2019-06-20T02:39:54+02:00"}</script>')
    body = ('<body><article><h1>T</h1><time datetime="2019-06-20T02:39+02:00">20.06.2019'
            '</time>' + TEXT + '</article></body>')
    rec = parse_html(page(head, body))
    assert rec["published_at"].isoformat() == "2019-06-20T00:39:54+00:00"


def test_hatom_published_timestamp_gives_the_time():
    # blog engines (Blogger) print the day in a meta tag and the full time in hAtom markup
    head = '<meta name="date" content="2016-12-23">'
    body = ('<body><div class="post"><h1>T</h1>' + TEXT + '<div class="post-footer">Posted '
            "at <abbr class='published' title='2016-12-23T05:11:00-05:00'>5:11 AM</abbr>"
            '</div></div></body>')
    rec = parse_html(page(head, body))
    assert rec["published_at"].isoformat() == "2016-12-23T10:11:00+00:00"
