"""Page chrome removed per source as whole lines only; article text is never cut."""

from __future__ import annotations

import random
import re
from pathlib import Path

import polars as pl
import pytest
from conftest import is_full

from tassanalysis.ingest.boilerplate import (
    remove_share_rows,
    remove_site_chrome,
    strip_boilerplate_counted,
    strip_source_boilerplate,
)

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "newsarticles.parquet"
_SYLLABLES = ["ka", "lo", "mi", "ra", "tu", "ve", "no", "si", "pe", "da", "gu", "ze", "bo", "ri"]


def _words(rng: random.Random, n: int) -> str:
    return " ".join("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
                    for _ in range(n))


def _sentence(rng: random.Random) -> str:
    return _words(rng, rng.randint(8, 16)).capitalize() + "."


SHARE = "Send Facebook Twitter Google+ Whatsapp Permalink http://ex.org/p/{code}"
EDITION = "(Example Weekly {month:02d}/{day:02d}/2017 page{page})"
NOTICE = "The views expressed here are the author's own and not the newspaper's."


def test_chrome_lines_at_the_edges_and_share_bars_go_inline_chrome_stays():
    rng = random.Random(3)
    bodies, expected = [], []
    for i in range(100):
        paras = [" ".join(_sentence(rng) for _ in range(3)) for _ in range(3)]
        keep = list(paras)
        dirty = list(paras)
        if i % 10 < 4:
            dirty.insert(0, NOTICE)  # a notice paragraph at the start of 40%
        if i % 2 == 0:  # a share bar between paragraphs in half of them
            dirty.insert(len(dirty) - 1, SHARE.format(code=f"c{i}x"))
        if i % 5 == 4:  # an edition line closing 20%
            dirty.append(EDITION.format(month=rng.randint(1, 12), day=rng.randint(1, 28),
                                        page=rng.randint(1, 40)))
        if i == 7:  # words glued into a sentence stay: a sentence is never cut
            inline = paras[1] + " " + SHARE.format(code="zz") + " and the story goes on."
            dirty[1] = inline
            keep[1] = inline
        if i == 9:  # a share bar between two sentences of a flattened paragraph is a unit
            dirty[1] = paras[1] + " " + SHARE.format(code="yy") + " " + paras[2]
            dirty.pop(2)
            keep[1] = paras[1] + " " + paras[2]
            keep.pop(2)
        bodies.append("\n\n".join(dirty))
        expected.append("\n\n".join(keep))
    frame = pl.DataFrame({"source": ["ex.org"] * 100, "body": bodies})
    cleaned, profile = strip_source_boilerplate(frame)
    assert cleaned["body"].to_list() == expected
    removed = cleaned["boilerplate"].explode().drop_nulls()
    assert removed.str.starts_with("Send Facebook").sum() == 51
    assert removed.str.starts_with("(Example Weekly").sum() == 20
    assert (removed == NOTICE).sum() == 40
    assert set(profile["source"]) == {"ex.org"}


def test_formulaic_wire_stories_keep_every_word():
    # earnings stories: the same line shapes in every story, different figures;
    # the old shingle rule cut "averaged 451 mln dlrs." to "averaged 451"
    rng = random.Random(5)
    bodies = []
    for _ in range(400):
        a, b = rng.randint(1, 99), rng.randint(1, 99)
        n1, n2 = rng.randint(10**5, 10**7), rng.randint(10**5, 10**7)
        bodies.append("\n".join([
            f"Shr {a} cts vs {b} cts",
            f"Net {n1:,} vs {n2:,}",
            f"Revs {rng.randint(1, 900)}.{rng.randint(0, 9)} mln vs {rng.randint(1, 900)} mln",
            f"Sales averaged {rng.randint(100, 999)} mln dlrs.",
            f"The unit was acquired by the company in {rng.randint(1970, 1986)}.",
            "Reuter",
        ]))
    frame = pl.DataFrame({"source": ["wire"] * 400, "body": bodies})
    cleaned, counts = strip_boilerplate_counted(frame)
    # only the sign-off, a whole line at the end of every story, goes
    assert cleaned["body"].to_list() == [b.removesuffix("\nReuter") for b in bodies]
    assert counts == {"wire": {"articles": 400, "words": 400}}


def test_site_chrome_read_more_twitter_links_and_follow_lines():
    body = ("The vote was held on Monday. READ MORE: Israeli settlement law 'violates rights' "
            "Trump is more sympathetic to the plans.\n\nWe got these pictures. "
            "pic.twitter.com/mDQhvp48aG\n\nFollow Kathleen Ronayne on Twitter at "
            "http://twitter.com/kronayne")
    text, removed = remove_site_chrome(body)
    assert text == ("The vote was held on Monday. Trump is more sympathetic to the plans.\n\n"
                    "We got these pictures.")
    assert removed[0] == "READ MORE: Israeli settlement law 'violates rights'"
    assert "pic.twitter.com/mDQhvp48aG" in removed
    assert removed[-1].startswith("Follow Kathleen Ronayne on Twitter")
    # a sentence that mentions following on Twitter inside the story stays
    story = "Fans follow him on Twitter in huge numbers. The club said so."
    assert remove_site_chrome(story) == (story, [])


@pytest.mark.parametrize(("glued", "headline"), [
    # a capitalised proper noun inside the headline is not where the story resumes
    ("READ MORE: Big hopes for the New Gambia It wasn't only activists who suffered.",
     "Big hopes for the New Gambia"),
    ("READ MORE: Tillerson recuses himself from Keystone pipeline issues The permit was signed.",
     "Tillerson recuses himself from Keystone pipeline issues"),
    # a capital after a closing quote or a question mark
    ("READ MORE: Trump vows to 'demolish and destroy' ISIL Under the existing limits, it may.",
     "Trump vows to 'demolish and destroy' ISIL"),
    ("READ MORE: Who is really paying for the border wall? Rebekah Hinojosa is an organiser.",
     "Who is really paying for the border wall?"),
    # a capital after a colon or a dash is still the headline
    ("READ MORE: Ahmed Kathrada: The Robben Island diaries Kathrada was sentenced in 1964.",
     "Ahmed Kathrada: The Robben Island diaries"),
    ("WATCH: Yemen - Who controls what Residents of the town said children were orphaned.",
     "Yemen - Who controls what"),
    ("RELATED: Huge stakes for the immigration do-over Tillerson said the order was lawful.",
     "Huge stakes for the immigration do-over"),
    # CNN's and the BBC's link labels (real NewsArticles bodies)
    ("Related: Dramatic footage from western Mosul shows families caught in crossfire We were "
     "trying to convince the Iraqi soldiers.",
     "Dramatic footage from western Mosul shows families caught in crossfire"),
    ("Related: Ukraine lawyer seeks probe of alleged hacked texts of Manafort's daughter Some "
     "of the attempts failed.",
     "Ukraine lawyer seeks probe of alleged hacked texts of Manafort's daughter"),
    ("Read more on RB Leipzig here: RB Leipzig's rapid rise 'no fairytale' Andreas Bischof, "
     "whose blog pokes fun.", "RB Leipzig's rapid rise 'no fairytale'"),
])
def test_link_label_takes_the_whole_headline_and_no_article_words(glued, headline):
    story = glued.split(headline, 1)[1].strip()
    text, removed = remove_site_chrome("The talks ended. " + glued)
    assert removed == [glued.split(headline)[0] + headline]
    assert text == "The talks ended. " + story


def test_words_like_the_labels_inside_a_sentence_stay():
    for text in ("Related to this is also the policy debate on the law.",
                 'He said: "Related: no" and left.', "Read more about it in the report."):
        assert remove_site_chrome(text) == (text, [])


def test_link_label_without_a_clear_headline_end_removes_only_the_label():
    # title case, and the story runs on for a long line: no word of it may go
    body = ("READ MORE: Syria's Civil War Explained Living under a regime that seemed "
            "omniscient and everlasting, people kept quiet for decades and then rose.")
    text, removed = remove_site_chrome(body)
    assert removed == ["READ MORE:"]
    assert text == body.removeprefix("READ MORE: ")
    # a short line of its own is the headline, whole
    assert remove_site_chrome("Talks ended.\n\nREAD MORE: Syria's Civil War Explained") == (
        "Talks ended.", ["READ MORE: Syria's Civil War Explained"])


def test_small_sources_rare_lines_and_mostly_repeated_articles_stay():
    rng = random.Random(9)
    small = [f"{_sentence(rng)}\n\nShare this" for _ in range(10)]
    cleaned, _ = strip_source_boilerplate(pl.DataFrame({"source": ["s"] * 10, "body": small}))
    assert cleaned["body"].to_list() == small
    bodies = [f"{_sentence(rng)}\n\nSubscribe now" if i < 3 else _sentence(rng)
              for i in range(100)]
    cleaned, _ = strip_source_boilerplate(pl.DataFrame({"source": ["s"] * 100, "body": bodies}))
    assert cleaned["body"].to_list() == bodies  # in 3% of articles: not chrome
    brief = ["Share on Facebook Twitter Email Print this page now please"] * 30
    cleaned, _ = strip_source_boilerplate(pl.DataFrame({"source": ["s"] * 30, "body": brief}))
    assert cleaned["body"].to_list() == brief


def test_empty_and_null_texts():
    frame = pl.DataFrame({"source": ["a", "a", "b"], "body": ["", None, "x"],
                          "lead": [None, None, None]},
                         schema={"source": pl.String, "body": pl.String, "lead": pl.String})
    cleaned, profile = strip_source_boilerplate(frame)
    assert cleaned["body"].to_list() == ["", None, "x"]
    assert cleaned["boilerplate"].to_list() == [[], [], []]
    assert profile.height == 0


def test_real_sample_removes_whole_lines_only():
    frame = pl.read_parquet(SAMPLE).select(
        pl.col("article_source_link").str.extract(r"//(?:www\.)?([^/]+)").alias("source"),
        pl.col("text").fill_null("").alias("body"))
    cleaned, counts = strip_boilerplate_counted(frame)
    assert counts  # something is removed from the sample
    for before, after, removed in zip(frame["body"], cleaned["body"], cleaned["boilerplate"],
                                      strict=True):
        if not len(removed):
            assert after == before
            continue
        # a tweet link glued to a word loses the link only
        before_words = re.sub(r"pic\.twitter\.com/\w+", " ", before).split()
        # the kept words are the original ones, in order: nothing was reworded
        it = iter(before_words)
        assert all(w in it for w in after.split())
        links = sum(r.startswith("pic.twitter.com") for r in removed)
        assert len(after.split()) + sum(len(r.split()) for r in removed) - links \
            == len(before_words)


def test_titles_of_other_records_glued_between_sentences_move_to_boilerplate():
    from tassanalysis.ingest.boilerplate import related_titles

    linked = "Russia looms large behind Flynn affair"
    frame = pl.DataFrame({
        "origin": ["bbc.csv:1", "bbc.csv:2", "bbc.csv:3", "bbc.csv:4", "other.csv:1"],
        "title": ["Flynn quits", linked, "Senate hearing", "Quiet day", "Unrelated story"],
        "body": [
            f"He demanded he resign. {linked} The Democrats want an inquiry.",
            "Text of the linked story.",
            # part of a sentence: followed by a comma, or ended by its own stop
            f"Analysts agree. {linked}, they wrote. Then: {linked}.",
            # a title of another input file is no evidence
            "It rained. Unrelated story The end came.",
            "Body.",
        ],
    })
    body, removed = related_titles(frame)
    assert body.to_list()[0] == "He demanded he resign. The Democrats want an inquiry."
    assert removed.to_list() == [[linked], [], [], [], []]
    assert body.to_list()[2:] == frame["body"].to_list()[2:]
    # through the boilerplate stage, and a second run finds nothing more
    cleaned, _ = strip_source_boilerplate(frame.with_columns(pl.lit("bbc.co.uk").alias("source")))
    assert cleaned["boilerplate"][0].to_list() == [linked]
    again, _ = strip_source_boilerplate(cleaned)
    assert again["body"].to_list() == cleaned["body"].to_list()


def test_glued_related_titles_in_newsarticles_are_whole_titles_between_sentences(corpora):
    from tassanalysis.ingest.boilerplate import related_titles
    from tassanalysis.ingest.tabular import read_table

    articles, _ = read_table(corpora / "newsarticles" / "NewsArticles.csv")
    body, removed = related_titles(articles)
    titles = set(articles["title"].drop_nulls().str.strip_chars().to_list())
    cut = [(i, t) for i, ts in enumerate(removed.to_list()) for t in ts]
    for i, title in cut:
        assert title in titles and title != articles["title"][i]
        before, after = articles["body"][i].split(title, 1)
        assert before.rstrip()[-1:] in '.!?"”' and after.lstrip().lstrip('"“‘(')[:1].isupper()
    # every word kept but the titles' own
    for i, ts in enumerate(removed.to_list()):
        if ts:
            words = len(articles["body"][i].split()) - sum(len(t.split()) for t in ts)
            assert len(body[i].split()) == words
    if is_full(corpora):
        assert len(cut) >= 10


_DW_ROW = ("Send Facebook Twitter Google+ Whatsapp Tumblr linkedin stumble Digg reddit Newsvine "
           "Permalink http://dw.com/p/{}")


@pytest.mark.parametrize(("text", "kept"), [
    # the share bar at the end of a body, before the authors' sign-off (real DW bodies)
    ("A press conference is not planned. " + _DW_ROW.format("2WXbm"),
     "A press conference is not planned."),
    ("Libya said it had intercepted more than 1,100 migrants. " + _DW_ROW.format("2X346")
     + " mm/jm (AFP, AP, dpa)",
     "Libya said it had intercepted more than 1,100 migrants. mm/jm (AFP, AP, dpa)"),
    # between a gallery caption's heading and the next block
    ("Water is diverted for agriculture. Lake Chad " + _DW_ROW.format("2WM1R")
     + " Lake Chad was once one of the largest lakes in Africa.",
     "Water is diverted for agriculture. Lake Chad Lake Chad was once one of the largest "
     "lakes in Africa."),
    # a bar of its own line, without a permalink, at the start and the end
    ("Share Facebook Twitter Email Print\nTalks ended.", "Talks ended."),
    ("Talks ended.\n\nFacebook Twitter WhatsApp Telegram", "Talks ended."),
])
def test_share_button_rows_are_page_chrome(text, kept):
    after, removed = remove_share_rows(text)
    assert after == kept
    assert len(removed) == 1
    # nothing but the row left: the kept words and the row's words are the original ones
    assert sorted(after.split() + removed[0].split()) == sorted(text.split())
    assert remove_site_chrome(text) == (after, removed)


@pytest.mark.parametrize("text", [
    "Users of Facebook, Twitter, Google+ and Tumblr were warned.",
    "He said Facebook Twitter Google and Reddit were all asked to testify.",  # inside a sentence
    "Its posts on facebook twitter pinterest tumblr pages drew praise from fans.",
    "Facebook Twitter Google+ Whatsapp are the firms he named in court.",  # runs into a sentence
    "Share prices on Facebook rose.",
])
def test_network_names_inside_a_sentence_stay(text):
    assert remove_share_rows(text) == (text, [])
    assert remove_site_chrome(text) == (text, [])


def test_no_share_row_reaches_a_body_of_the_sample_and_each_is_kept_as_boilerplate():
    frame = pl.read_parquet(SAMPLE).select(
        pl.col("article_source_link").str.extract(r"//(?:www\.)?([^/]+)").alias("source"),
        pl.col("text").fill_null("").alias("body"))
    rows_before = frame["body"].str.count_matches("Send Facebook Twitter Google").sum()
    assert rows_before >= 90  # DW's share bar, in about a fifth of its articles
    cleaned, _ = strip_boilerplate_counted(frame)
    assert cleaned["body"].str.count_matches("Facebook Twitter Google").sum() == 0
    kept = cleaned["boilerplate"].list.eval(
        pl.element().str.starts_with("Send Facebook Twitter Google+")).list.sum().sum()
    assert kept == rows_before
