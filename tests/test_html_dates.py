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


# Classes behind pages that came out at midnight although they state a time

def test_unix_seconds_attribute_of_the_article_time_gives_the_time():
    head = '<meta name="date" content="2017-10-06">'
    body = ('<body><article><h1>T</h1><div class="byline"><abbr class="_5ptz" '
            'data-utime="1507287600">Friday at 04:00</abbr></div>' + TEXT + '</article></body>')
    rec = parse_html(page(head, body))
    assert rec["published_at"].isoformat() == "2017-10-06T11:00:00+00:00"
    assert rec["date_precision"] == "second"


def test_unix_milliseconds_attribute_is_read():
    body = ('<body><article><h1>T</h1><span class="timestamp" data-timestamp="1434059609000">'
            'Jun 11</span>' + TEXT + '</article></body>')
    rec = parse_html(page("", body))
    assert rec["published_at"].isoformat() == "2015-06-11T21:53:29+00:00"


def test_embedded_state_gives_the_time_of_the_stated_day():
    head = ('<meta name="date" content="2013-02-16"><script>window.state = {"photo": {"id": 1, '
            '"created_at": "2013-02-16T04:36:36-05:00", "user": {"registration_date": '
            '"2012-01-01T01:00:00-05:00"}}};</script>')
    rec = parse_html(page(head))
    assert rec["published_at"].isoformat() == "2013-02-16T09:36:36+00:00"
    assert rec["date_source"] == "metadata"


def test_embedded_state_of_another_day_does_not_move_the_day():
    # a script's date of another day is some other item's (a comment, the page build)
    head = ('<meta name="date" content="2013-02-16"><script>var cfg = {published_at: '
            '1444669796};</script>')
    rec = parse_html(page(head))
    assert rec["published_at"].isoformat() == "2013-02-16T00:00:00+00:00"
    assert rec["date_precision"] == "day"


def test_unix_seconds_in_a_script_object_give_the_time():
    head = ('<meta name="date" content="2015-10-12"><script>share({url: "x", '
            'published_at: 1444669796 //UNIX timestamp\n});</script>')
    rec = parse_html(page(head))
    assert rec["published_at"].isoformat() == "2015-10-12T17:09:56+00:00"


@pytest.mark.parametrize("prop", ["datePublished", "dateCreated"])
def test_itemprop_date_on_any_element_is_read(prop):
    body = (f'<body><article><h1>T</h1><span itemprop="{prop}">2019-05-07T17:00:52+02:00</span>'
            + TEXT + '</article></body>')
    rec = parse_html(page('<meta name="date" content="2019-05-07">', body))
    assert rec["published_at"].isoformat() == "2019-05-07T15:00:52+00:00"


def test_itemprop_date_published_meta_in_the_body_beats_a_created_one():
    body = ('<body><article><h1>T</h1><meta itemprop="dateCreated" content="2019-05-07T10:00:00Z">'
            '<meta itemprop="datePublished" content="2019-05-07T12:00:00Z">' + TEXT
            + '</article></body>')
    rec = parse_html(page("", body))
    assert rec["published_at"].isoformat() == "2019-05-07T12:00:00+00:00"


def test_dublin_core_created_gives_the_time():
    head = ('<meta name="dcterms.created" content="2012-12-10T09:24:01+00:00">'
            '<meta name="dcterms.modified" content="2012-12-10T10:41:47+00:00">')
    rec = parse_html(page(head))
    assert rec["published_at"].isoformat() == "2012-12-10T09:24:01+00:00"


@pytest.mark.parametrize(("line", "want"), [
    ('<span class="date">August 12, 2010, 5:00PM EST</span>', "2010-08-12T22:00:00+00:00"),
    ('<p class="publishedDate">9:39AM BST 05 Oct 2011</p>', "2011-10-05T08:39:00+00:00"),
    ('<div class="meta"><span>By <a href="/a">A. Writer</a></span> | Friday June 7, 2013 @ '
     '6:43pm EDT<span class="tags">Tags: x</span></div>', "2013-06-07T22:43:00+00:00"),
    ('<time class="datestamp"> July 30, 2013 11:25 AM PDT </time>', "2013-07-30T18:25:00+00:00"),
    ('<span class="published_date">September 20, 2011, 6:37 PM ET</span>',
     "2011-09-20T22:37:00+00:00"),
])
def test_visible_byline_date_and_time_with_zone_gives_the_instant(line, want):
    head = '<meta name="date" content="' + want[:10] + '">'
    body = '<body><article><h1>T</h1>' + line + TEXT + '</article></body>'
    rec = parse_html(page(head, body))
    assert rec["published_at"].isoformat() == want
    assert rec["date_source"] == "page"


def test_visible_time_without_zone_is_naive_and_says_so():
    body = ('<body><article><h1>T</h1><div class="nfy-ar-date">12.10.2015, 19:16 Uhr</div>'
            + TEXT + '</article></body>')
    rec = parse_html(page('<meta name="date" content="2015-10-12">', body))
    assert rec["published_at"].isoformat() == "2015-10-12T19:16:00+00:00"
    assert rec["date_source"] == "page;naive-time"


def test_visible_update_time_of_the_next_day_does_not_move_the_day():
    head = '<meta itemprop="datePublished" content="2014-10-02T14:52:39">'
    body = ('<body><article><h1>T</h1><span class="asset-metabar-time">8:42 a.m. EDT October 3, '
            '2014</span>' + TEXT + '</article></body>')
    rec = parse_html(page(head, body))
    assert rec["published_at"].date().isoformat() == "2014-10-02"


def test_byline_abbr_time_not_the_comment_times():
    body = ('<body><div class="ugccmt-list"><cite><span class="ugccmt-timestamp"><abbr '
            'title="2011-08-25T02:30:00+0000">16 minutes ago</abbr></span></cite></div>'
            '<article><h1>T</h1><cite class="byline vcard">By A | AP &ndash; <abbr '
            'title="2011-08-25T01:40:40Z">1 hr ago</abbr></cite>' + TEXT + '</article></body>')
    rec = parse_html(page('<meta name="date" content="2011-08-25">', body))
    assert rec["published_at"].isoformat() == "2011-08-25T01:40:40+00:00"


def test_comment_time_in_text_is_not_the_publication():
    body = ('<body><article><h1>T</h1>' + TEXT + '<div class="comment"><span class="date">'
            'Sep 21, 2011, 3:29 PM</span> said: yes</div></article></body>')
    rec = parse_html(page('<meta name="date" content="2011-09-21">', body))
    assert rec["published_at"].isoformat() == "2011-09-21T00:00:00+00:00"
    assert rec["date_precision"] == "day"


def test_time_in_a_permalink_to_the_page_itself_is_kept():
    head = '<link rel="canonical" href="https://example.org/status/609116">'
    body = ('<body><article><h1>T</h1><a href="/status/609116" class="permalink"><span '
            'data-time="1434059609">Jun 11</span></a>' + TEXT + '</article></body>')
    rec = parse_html(page(head, body))
    assert rec["published_at"].isoformat() == "2015-06-11T21:53:29+00:00"


def test_iso_basic_format_in_json_ld_is_read():
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "20180619T055000+0900"}</script>')
    rec = parse_html(page(head))
    assert rec["published_at"].isoformat() == "2018-06-18T20:50:00+00:00"


def test_date_and_time_under_the_headline_give_the_time():
    head = '<meta name="publishdate" content="2023-11-17">'
    body = ('<body><div><h1>T</h1><h2>Sub-headline</h2><div class="xinf-le">2023-11-17 15:13'
            '</div>' + TEXT + '</div></body>')
    rec = parse_html(page(head, body))
    assert rec["published_at"].isoformat() == "2023-11-17T15:13:00+00:00"
    assert rec["date_source"] == "page;naive-time"


def test_midnight_in_script_state_is_a_day_not_a_time():
    head = ('<meta name="dc.date" content="2019-09-24"><script>var d = {"publishedAt": '
            '1569283200, "publishedAtString": "2019-09-24"};</script>')
    rec = parse_html(page(head))
    assert rec["published_at"].isoformat() == "2019-09-24T00:00:00+00:00"
    assert rec["date_precision"] == "day"


@pytest.mark.parametrize(("text", "want", "zoned"), [
    ("August 12, 2010, 5:00PM EST", "2010-08-12T17:00:00", True),
    ("Sep. 21, 2011,  3:17 PM", "2011-09-21T15:17:00", False),
    ("27 OCT 2012 - 12:14 CET", "2012-10-27T12:14:00", True),
    ("2018/6/19 5:50", "2018-06-19T05:50:00", False),
    ("2018年6月18日 10:01", "2018-06-18T10:01:00", False),
    ("11/18/2011  2:27 AM", "2011-11-18T02:27:00", False),
    ("18.11.2011 14:27 Uhr", "2011-11-18T14:27:00", False),
    ("on June 26, 2014 at 9:00a", "2014-06-26T09:00:00", False),
    ("2012-12-10 09:24 (GMT+0400)", "2012-12-10T09:24:00", True),
    ("15. Mai 2019, 05:28 Uhr", "2019-05-15T05:28:00", False),
    ("Publié le 29 juin 2019 à 14:03", "2019-06-29T14:03:00", False),
    ("27 de octubre de 2012 18:27 CET", "2012-10-27T18:27:00", True),
    ("12 января 2020, 14:05 MSK", "2020-01-12T14:05:00", True),
])
def test_read_date_time_formats(text, want, zoned):
    from tassanalysis.ingest.date_text import read_date_time

    when, zone, _ = read_date_time(text)
    assert when.isoformat() == want
    assert (zone is not None) is zoned


@pytest.mark.parametrize("text", ["Updated 2 hours ago", "10:30 - 11:45", "2019", "Page 12:30"])
def test_read_date_time_needs_a_date_and_a_time(text):
    from tassanalysis.ingest.date_text import read_date_time

    assert read_date_time(text) is None


def test_event_start_time_is_not_the_publication():
    body = ('<body><article><h1>T</h1><dd class="event-meta event-meta-start"><meta itemprop='
            '"startDate" content="2012-05-13-11:00:00"/>13. Mai 2012 11:00</dd>' + TEXT
            + '</article></body>')
    rec = parse_html(page('<meta name="date" content="2012-05-13">', body))
    assert rec["published_at"].isoformat() == "2012-05-13T00:00:00+00:00"
    assert rec["date_precision"] == "day"


def test_a_namespace_url_is_not_the_page_date():
    # Drupal pages declare RDF vocabularies; "w3.org/2000/01/rdf-schema" is no date of
    # the page (a general extractor read it as 2000-01-01)
    page = ('<!DOCTYPE html><html lang="de" prefix="rdfs: http://www.w3.org/2000/01/rdf-schema# '
            'skos: http://www.w3.org/2004/02/skos/core#"><head><title>Über uns</title></head>'
            "<body><article><p>" + "Wir sind eine Genossenschaft für faire Software. " * 6
            + "</p></article></body></html>")
    rec = parse_html(page, origin="about.html")
    assert rec["published_at"] is None and rec["date_source"] == "none"
