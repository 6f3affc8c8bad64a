"""Article tables (tassanalysis.ingest.tabular.read_table)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import polars as pl
import pytest
from conftest import is_full

from tassanalysis.ingest.clean import clean_string
from tassanalysis.ingest.tabular import PRESETS, detect_preset, read_table
from tassanalysis.schema import ARTICLE_SCHEMA, REJECT_SCHEMA, make_doc_id, validate

FIXTURES = Path(__file__).parent / "fixtures" / "tables"
MOSCOW = ZoneInfo("Europe/Moscow")

ROWS = [
    {"headline": "Talks in Geneva", "text": "Delegations met for five hours.",
     "date": "2024-12-26 21:09:18", "link": "https://www.example.org/world/2024/12/talks-geneva"},
    {"headline": "Markets calm", "text": "Shares rose slightly.\n\nBonds were flat.",
     "date": "2024-12-27", "link": "https://example.org/business/markets-calm/"},
    {"headline": "Новости дня", "text": "Президент провел совещание с правительством.",
     "date": "2024-12-28T10:00:00+03:00", "link": None},
    {"headline": "No date here", "text": "Body without a date.", "date": "someday",
     "link": "https://example.org/x/1"},
    {"headline": None, "text": None, "date": "2024-12-29", "link": "https://example.org/x/2"},
]
MAPPING = {"title": "headline", "body": "text", "published_at": "date", "url": "link"}


def _write(tmp_path: Path, fmt: str, rows: list[dict] = ROWS) -> Path:
    frame = pl.DataFrame(rows, schema={k: pl.String for k in rows[0]})
    path = tmp_path / f"table.{fmt}"
    if fmt == "csv":
        frame.write_csv(path)
    elif fmt == "jsonl":
        frame.write_ndjson(path)
    elif fmt == "parquet":
        frame.write_parquet(path)
    elif fmt == "json":
        path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    elif fmt == "json-object":
        path = tmp_path / "table.json"
        path.write_text(json.dumps({"count": len(rows), "items": rows}), encoding="utf-8")
    return path


def test_detect_preset():
    assert detect_preset(["article_id", "publish_date", "article_source_link", "title",
                          "subtitle", "text"]) == "newsarticles"
    assert detect_preset(["title", "description", "date", "link", "content"]) == "tass-scraper"
    assert detect_preset(["t", "d", "u", "s", "cat"]) == "tass-headlines"
    assert detect_preset(["headline", "text", "date"]) is None
    assert set(PRESETS) == {"newsarticles", "tass-scraper", "tass-headlines"}


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "parquet", "json-object"])
def test_every_format_gives_the_same_rows(tmp_path, fmt):
    path = _write(tmp_path, fmt)
    articles, rejects = read_table(path, mapping=MAPPING, timezone="Europe/Moscow")
    validate(articles)
    assert articles.schema == pl.Schema(ARTICLE_SCHEMA)
    assert rejects.schema == pl.Schema(REJECT_SCHEMA)
    assert articles["title"].to_list() == ["Talks in Geneva", "Markets calm", "Новости дня"]
    assert articles["origin"].to_list() == [f"{path}:1", f"{path}:2", f"{path}:3"]
    assert articles["body"][1] == "Shares rose slightly.\n\nBonds were flat."
    expected = [
        datetime(2024, 12, 26, 21, 9, 18, tzinfo=MOSCOW).astimezone(UTC),
        datetime(2024, 12, 27, tzinfo=UTC),  # date only: the calendar day, kept
        datetime(2024, 12, 28, 7, tzinfo=UTC),  # an explicit offset wins over the zone
    ]
    assert articles["published_at"].to_list() == expected
    assert articles["date_source"].to_list() == ["table"] * 3
    assert articles["source"].to_list() == ["example.org", "example.org", "table"]
    assert articles["section"].to_list() == ["world", "business", None]
    assert articles["language"].to_list() == ["en", "en", "ru"]
    assert articles["merged"].to_list() == [0, 0, 0]
    bad_date = "bad-date: cannot read 'someday' in column 'date'"
    assert sorted(rejects["reason"].to_list()) == [bad_date, "no-text"]
    by_reason = {r["reason"]: r for r in rejects.iter_rows(named=True)}
    assert by_reason[bad_date]["origin"] == f"{path}:4"
    assert json.loads(by_reason[bad_date]["raw"]) == ROWS[3]
    assert json.loads(by_reason["no-text"]["raw"]) == ROWS[4]


def test_format_is_detected_from_content(tmp_path):
    for fmt in ("csv", "jsonl", "parquet", "json"):
        path = _write(tmp_path, fmt)
        bare = path.with_name(f"data_{fmt}")
        path.rename(bare)
        articles, _ = read_table(bare, mapping=MAPPING)
        assert articles.height == 3, fmt


def test_doc_ids_match_make_doc_id(tmp_path):
    articles, _ = read_table(_write(tmp_path, "csv"), mapping=MAPPING)
    for row in articles.iter_rows(named=True):
        expected = make_doc_id(row["source"], row["url"], title=row["title"],
                               published=row["published_at"].isoformat(), body=row["body"])
        assert row["doc_id"] == expected


def test_unknown_mapped_column_names_the_available_ones(tmp_path):
    path = _write(tmp_path, "csv")
    with pytest.raises(ValueError, match="headlin.*available columns: headline, text, date, link"):
        read_table(path, mapping={"title": "headlin"})
    with pytest.raises(ValueError, match="unknown preset"):
        read_table(path, preset="nope")


def test_options_override_detection(tmp_path):
    path = _write(tmp_path, "csv")
    articles, _ = read_table(path, mapping=MAPPING, source="Example", language="en")
    assert set(articles["source"]) == {"Example"}
    assert set(articles["language"]) == {"en"}
    utc, _ = read_table(path, mapping=MAPPING, timezone="UTC")
    assert utc["published_at"][0] == datetime(2024, 12, 26, 21, 9, 18, tzinfo=UTC)


def test_list_columns_and_canonical_names_need_no_mapping(tmp_path):
    rows = [{"title": "T", "body": "B", "published_at": "2024-01-02 03:04", "url": None,
             "tags": ["a", " b "], "persons": "Vladimir Putin, Xi Jinping", "section": "World"}]
    path = tmp_path / "t.json"
    path.write_text(json.dumps(rows))
    articles, rejects = read_table(path)
    row = articles.row(0, named=True)
    assert rejects.height == 0
    assert row["tags"] == ["a", "b"]
    assert row["persons"] == ["Vladimir Putin", "Xi Jinping"]
    assert row["section"] == "World"
    assert row["published_at"] == datetime(2024, 1, 2, 3, 4, tzinfo=UTC)


def test_tass_dateline_fills_the_dateline_column(tmp_path):
    rows = [{"t": "Title", "d": "2025-06-06", "u": "https://tass.com/world/1969667",
             "s": "CHISINAU, June 6. /TASS/. Head of Moldova’s Gagauz Autonomy ", "cat": "World"}]
    path = tmp_path / "h.json"
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    row = read_table(path)[0].row(0, named=True)
    assert row["dateline"] == "CHISINAU"
    # the snippet is cut mid-word: a lead flagged as truncated, never a body
    assert row["lead"] == "CHISINAU, June 6. /TASS/. Head of Moldova’s Gagauz Autonomy"
    assert row["body"] == "" and row["truncated"] is True
    assert row["tags"] == ["World"]
    assert row["section"] == "world"


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-12-26 21:09:18", datetime(2024, 12, 26, 18, 9, 18, tzinfo=UTC)),
    ("2017/2/7", datetime(2017, 2, 7, tzinfo=UTC)),  # a date alone keeps its day
    ("  2016/12/30 7:11", datetime(2016, 12, 30, 4, 11, tzinfo=UTC)),
    ("15.03.2025 10:00", datetime(2025, 3, 15, 7, tzinfo=UTC)),
    ("15/03/2025", datetime(2025, 3, 15, tzinfo=UTC)),
    ("26-FEB-1987 15:01:01.79", datetime(1987, 2, 26, 12, 1, 1, 790000, tzinfo=UTC)),
    ("Feb 26, 1987", datetime(1987, 2, 26, tzinfo=UTC)),
    ("26.02.1987", datetime(1987, 2, 26, tzinfo=UTC)),
    ("Thu, 26 Feb 1987 15:01:01 GMT", datetime(1987, 2, 26, 15, 1, 1, tzinfo=UTC)),
    ("541263661", datetime(1987, 2, 25, 15, 1, 1, tzinfo=UTC)),
    ("2024-12-28T10:00:00+01:00", datetime(2024, 12, 28, 9, tzinfo=UTC)),
    ("2024-12-28 10:00:00.5-0130", datetime(2024, 12, 28, 11, 30, 0, 500000, tzinfo=UTC)),
    ("2024-12-28T10:00Z", datetime(2024, 12, 28, 10, tzinfo=UTC)),
    ("December 28", None),
])
def test_date_strings(tmp_path, text, expected):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"title": "T", "published_at": text}) + "\n")
    articles, rejects = read_table(path, timezone="Europe/Moscow")
    if expected is None:
        assert articles.height == 0
        assert rejects["reason"].to_list() == [
            f"bad-date: cannot read '{text}' in column 'published_at'"]
    else:
        assert articles["published_at"].to_list() == [expected]


def test_legacy_encoded_csv_fixture():
    path = FIXTURES / "legacy_cp1252.csv"
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    articles, rejects = read_table(path, mapping={"title": "headline", "body": "story",
                                                  "published_at": "when", "url": "link"},
                                   timezone="Europe/Zurich")
    assert articles["title"].to_list() == ["Café owners “welcome” new rules",
                                           "Crème brûlée contest"]
    assert articles["body"][0] == ("Owners in Zürich said the rules were fair.\n\n"
                                   "They start in May — after Easter.")
    assert articles["published_at"].to_list() == [datetime(2025, 3, 14, 8, 30, tzinfo=UTC),
                                                  datetime(2025, 3, 15, tzinfo=UTC)]
    assert articles["date_precision"].to_list() == ["minute", "day"]
    assert articles["section"].to_list() == ["wirtschaft", "kultur"]
    assert rejects["origin"].to_list() == [f"{path}:3"]
    assert json.loads(rejects["raw"][0])["when"] == "not a date"


# --- the real corpora ---------------------------------------------------------

def test_newsarticles_csv(corpora):
    path = corpora / "newsarticles" / "NewsArticles.csv"
    raw = pl.read_csv(path, infer_schema=False)
    articles, rejects = read_table(path)
    validate(articles)
    assert articles.height + rejects.height == raw.height
    no_text = raw.with_row_index("row", offset=1).filter(
        pl.col("title").is_null() & pl.col("text").is_null())
    assert sorted(rejects["origin"].to_list()) == sorted(f"{path}:{r}" for r in no_text["row"])
    # source: the URL host without www., computed independently
    hosts = {urlsplit(u).hostname.removeprefix("www.") for u in raw["article_source_link"]}
    assert set(articles["source"]) == hosts
    tass = articles.filter(pl.col("source") == "tass.com")
    assert tass.height == sum("tass.com" in u for u in raw["article_source_link"])
    assert tass.height == (485 if is_full(corpora) else 17)
    expected_sections = [urlsplit(u).path.strip("/").split("/")[0] for u in tass["url"]]
    assert tass["section"].to_list() == expected_sections
    assert "politics" in expected_sections
    # lead is the subtitle; the first row's mangled quotes are repaired
    first = articles.row(0, named=True)
    assert first["origin"] == f"{path}:1"
    assert "DeVos' highly contentious" in first["body"]
    # paragraphs flattened into space runs are restored
    assert "needs of disabled children.\n\nShe was panned" in first["body"]
    assert first["published_at"] == datetime(2017, 2, 7, tzinfo=UTC)
    with_sub = raw.with_row_index("row", offset=1).filter(pl.col("subtitle").is_not_null()).row(
        0, named=True)
    lead = articles.filter(pl.col("origin") == f"{path}:{with_sub['row']}")["lead"][0]
    assert lead == clean_string(with_sub["subtitle"])


def test_tass_scraper_json(corpora):
    path = corpora / "tass-scraper-2024" / "politics_20.json"
    records = json.loads(path.read_text(encoding="utf-8"))
    articles, rejects = read_table(path)
    validate(articles)
    assert rejects.height == 0 and articles.height == len(records)
    for rec, row in zip(records, articles.iter_rows(named=True), strict=True):
        local = datetime.strptime(rec["date"], "%Y-%m-%d %H:%M:%S")
        assert row["published_at"] == local.replace(tzinfo=UTC) - timedelta(hours=3)
        assert row["url"] == rec["link"] and row["source"] == "tass.com"
        assert row["lead"] == clean_string(rec["description"])
        paragraphs = rec["content"][1:] if rec["content"][0] == rec["description"] else rec["content"]
        place, _rest = paragraphs[0].split("/TASS/.", 1)
        assert row["dateline"] == place.split(",")[0].split(" /")[0].strip()
        assert row["body"] == clean_string("\n\n".join(paragraphs))
        assert row["section"] == rec["link"].split("/")[3]


@pytest.mark.parametrize("year", [2025, 2026])
def test_tass_headlines_json(corpora, year):
    path = corpora / "tass-headlines" / f"tass{year}.json"
    records = json.loads(path.read_text(encoding="utf-8"))
    articles, rejects = read_table(path)
    validate(articles)
    assert rejects.height == 0 and articles.height == len(records)
    assert articles["tags"].to_list() == [[r["cat"]] for r in records]
    assert articles["title"].to_list() == [clean_string(r["t"]) for r in records]
    first = records[0]
    day = datetime.strptime(first["d"], "%Y-%m-%d").replace(tzinfo=UTC)
    assert articles["published_at"][0] == day  # the calendar day, not Moscow midnight
    assert set(articles["date_precision"]) == {"day"}
    assert articles["section"][0] == first["u"].split("/")[3]
    # nearly every snippet opens with a dateline; the lead keeps it as printed
    assert articles["dateline"].null_count() < 0.01 * len(records)
    assert articles["lead"].to_list() == [clean_string(r["s"]) for r in records]
    assert set(articles["body"]) == {""} and articles["truncated"].all()


# --- sections from URLs -------------------------------------------------------

SECTION_URLS = {
    "https://www.rte.ie/news/2017/0207/852183-education/": "news",
    "http://www.rte.ie/news/world/2017/0325/862475-sewol-ferry/": "news",
    "http://www.rte.ie/sport/soccer/2017/0207/852190-match-report/": "sport",
    "http://tass.com/politics/929596": "politics",
    "http://tass.com/press-releases/935963": "press-releases",
    "http://www.dw.com/en/poland-wants-nuclear-weapons-for-europe/a-37449773?maca=en-rss": None,
    "http://www.cnn.com/2017/02/07/politics/betsy-devos-senate-vote/index.html": "politics",
    "http://www.cnn.com/2016/04/21/us/project-vic-child-abuse/index.html": "us",
    "http://www.aljazeera.com/news/2017/02/jovenel-moise-sworn-haiti-president-170207161155899.html":
        "news",
    "http://www.bbc.co.uk/news/uk-politics-38895007": "news",
    "http://europe.chinadaily.com.cn/epaper/2017-01/27/content_28064830.htm": None,
    "http://www.huffingtonpost.com/2017/02/07/donald-trump-vaccines_n_14636042.html": None,
    "http://abcnews.go.com/Politics/wireStory/melania-trump-white-house-millions-brand-45327337":
        "politics",
    "https://example.org/ru/economy/2024/12/26/some-story": "economy",
    "https://example.org/article-123": None,
}


def test_sections_from_urls(tmp_path):
    path = tmp_path / "urls.csv"
    pl.DataFrame({"url": list(SECTION_URLS), "title": ["t"] * len(SECTION_URLS),
                  "published_at": ["2017-02-07"] * len(SECTION_URLS)}).write_csv(path)
    articles, rejects = read_table(path)
    assert rejects.height == 0
    assert dict(zip(articles["url"], articles["section"], strict=True)) == SECTION_URLS


def test_one_off_hyphenated_url_folders_are_not_sections(tmp_path):
    # in a source of 30 rows, an author's blog folder seen once is no section;
    # a hyphenated folder seen twice and a plain one seen once are
    urls = [f"https://blog.example/2017/02/07/story-{i}_n_{i}.html" for i in range(26)]
    urls += ["https://blog.example/renee-fisher/post_b_1.html",
             "https://blog.example/the-conversation-us/a_b_2.html",
             "https://blog.example/the-conversation-us/b_b_3.html",
             "https://blog.example/quora/c_b_4.html"]
    path = tmp_path / "blog.csv"
    pl.DataFrame({"url": urls, "title": ["t"] * 30, "published_at": ["2017-02-07"] * 30}
                 ).write_csv(path)
    articles, _ = read_table(path)
    assert articles["section"].to_list() == [None] * 27 + ["the-conversation-us"] * 2 + ["quora"]


def test_newsarticles_sample_sections():
    sample = Path(__file__).resolve().parents[1] / "data" / "sample" / "newsarticles.parquet"
    if not sample.exists():
        pytest.skip("data/sample/newsarticles.parquet not found")
    articles, _ = read_table(sample)
    for row in articles.select("source", "url", "section").iter_rows(named=True):
        folders = urlsplit(row["url"]).path.strip("/").split("/")[:-1]
        if row["section"] is not None:
            # the first folder that has no digit, dot or language code
            meaningful = [f.lower() for f in folders
                          if f and not any(c.isdigit() or c == "." for c in f)
                          and f.lower() not in ("en", "ru")]
            assert row["section"] == meaningful[0], row
    tass = articles.filter(pl.col("source") == "tass.com")
    assert tass["section"].to_list() == [urlsplit(u).path.split("/")[1] for u in tass["url"]]
    rte = articles.filter(pl.col("source") == "rte.ie")
    assert set(rte["section"]) <= {"news", "sport", "entertainment", "business", "lifestyle"}


def test_jsonl_cut_off_midway_keeps_its_good_lines(tmp_path):
    path = tmp_path / "cut.jsonl"
    path.write_text('{"title": "A", "body": "Text a.", "published_at": "2017-01-01"}\n'
                    '{"title": "B", "body": "Text b.", "published_at": "2017-01-02"}\n'
                    '{"title": "C", "body": "Tex', encoding="utf-8")
    articles, rejects = read_table(path)
    assert articles["title"].to_list() == ["A", "B"]
    assert rejects.height == 1
    row = rejects.row(0, named=True)
    assert row["origin"].endswith("cut.jsonl:line 3")
    assert row["reason"].startswith("unreadable-line:")
    assert row["raw"] == '{"title": "C", "body": "Tex'
