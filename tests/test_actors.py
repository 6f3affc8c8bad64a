"""Actors: gazetteer checks, every matching rule, weights against scipy, kernel + merge."""

from __future__ import annotations

import math
import random
import re
from datetime import UTC, datetime

import networkx as nx
import polars as pl
import pytest
from scipy import stats

from tassanalysis.actors import (
    GazetteerError,
    Matcher,
    actor_mentions,
    association_weights,
    co_mention_counts,
    co_mentions,
    find_patterns,
    load_gazetteer,
    merge_co_mention_counts,
    partner_change,
    partners,
)
from tassanalysis.actors.discover import discover_actors
from tassanalysis.actors.network import actor_network, ego_network, network_frames


def _corpus(bodies, *, titles=None, dates=None, sources=None) -> pl.DataFrame:
    n = len(bodies)
    dates = dates or [datetime(2017, 3, 1, tzinfo=UTC)] * n
    return pl.DataFrame({
        "doc_id": [f"d{i}" for i in range(n)],
        "source": sources or ["tass.com"] * n,
        "published_at": pl.Series(dates, dtype=pl.Datetime("us", "UTC")),
        "title": titles or [None] * n,
        "body": bodies,
    })


def _actors(text: str, **kwargs) -> list[str | None]:
    return actor_mentions(_corpus([text], **kwargs))["actor_id"].to_list()


# --------------------------------------------------------------------------- gazetteer
def test_default_gazetteer_is_large_sourced_and_dated():
    gaz = load_gazetteer()
    assert gaz.actors.height >= 500
    assert set(gaz.actors["type"]) == {"person", "organization", "country", "place"}
    assert gaz.actors.filter(pl.col("type") == "country").height >= 193
    assert gaz.actors["source"].str.len_chars().min() > 0
    assert gaz.actors["valid_from"].null_count() == 0
    assert gaz.patterns().height >= 1500


def _write(tmp_path, text: str):
    path = tmp_path / "gaz.yml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text, message", [
    ("actors:\n- {id: a, name: A, type: person}\n- {id: a, name: B, type: person}\n",
     r"gaz\.yml:3: duplicate actor id 'a' \(first on line 2\)"),
    ("actors:\n- {id: a, name: A, type: person}\n- {id: b, name: B, type: planet}\n",
     r"gaz\.yml:3: unknown type 'planet'"),
    ("actors:\n- {id: a, name: A, type: person, from: 2020-01-01, to: 2019-01-01}\n",
     r"gaz\.yml:2: dates run backwards"),
    ("actors:\n- {id: a, name: A, type: person}\n- {id: b, name: B, type: person}\nroles:\n"
     "- {role: Boss, en: [Boss], holders: [{actor: a, from: 2017-01-01, to: 2018-12-31},\n"
     "   {actor: b, from: 2018-06-01}]}\n",
     r"gaz\.yml:5: role 'Boss': holders 'a' and 'b' overlap"),
    ("actors:\n- {id: a, name: A, type: person}\nroles:\n"
     "- {role: Boss, en: [Boss], holders: [{actor: zz, from: 2017-01-01}]}\n",
     r"gaz\.yml:4: role 'Boss' names unknown actor 'zz'"),
    ("actors:\n- {id: a, name: A, type: person, en: [A, [B]]}\n",
     r"gaz\.yml:2: 'en' must be a list of non-empty names"),
    ("actors:\n- {id: a, name: A, type: person\n- {id: b}\n", r"gaz\.yml:\d+: not valid YAML"),
    ("actors:\n- {id: a, name: A, typ: person}\n", r"gaz\.yml:2: unknown field\(s\) typ"),
    ("people: []\n", r"gaz\.yml:1: a gazetteer is a mapping with an 'actors' list"),
])
def test_malformed_gazetteer_is_refused_naming_the_line(tmp_path, text, message):
    with pytest.raises(GazetteerError, match=message):
        load_gazetteer(_write(tmp_path, text))


def test_user_file_extends_and_overrides_the_default(tmp_path):
    path = _write(tmp_path, "actors:\n- {id: lapshin, name: Alexander Lapshin, type: person, "
                            "en: [Alexander Lapshin], ru: [Александр Лапшин]}\n")
    gaz = load_gazetteer(path, extend=True)
    assert "lapshin" in set(gaz.actors["actor_id"]) and "lavrov" in set(gaz.actors["actor_id"])
    only = load_gazetteer(path)
    assert only.actors["actor_id"].to_list() == ["lapshin"]
    found = actor_mentions(_corpus(["Лапшина экстрадировали. Lapshin spoke."]), only)
    assert found["actor_id"].to_list() == ["lapshin", "lapshin"]


# --------------------------------------------------------------------------- matching rules
@pytest.mark.parametrize("form", ["Лавров", "Лаврова", "Лаврову", "Лавровым", "Лаврове",
                                  "Сергея Лаврова", "Сергеем Лавровым"])
def test_russian_case_forms_match(form):
    assert _actors(f"Встреча: {form} прибыл.", sources=["tass.ru"]) == ["lavrov"]


def test_russian_multiword_names_decline():
    text = "Депутаты Государственной думы и Министерства иностранных дел России, Марии Захаровой"
    assert _actors(text) == ["state-duma", "russian-mfa", "ru", "zakharova"]  # Russia nested


def test_possessives_match():
    assert _actors("Russia's envoy and Putin’s aide, Merkel's") == ["ru", "putin", "merkel"]


def _free(text: str, **kwargs) -> list[str | None]:
    """The actors of mentions that are not nested inside a longer alias."""
    found = actor_mentions(_corpus([text], **kwargs))
    return found.filter(pl.col("nested_in").is_null())["actor_id"].to_list()


def test_longest_match_wins():
    assert _free("The Bank of Russia raised rates.") == ["bank-of-russia"]
    assert _free("The UN Security Council met.") == ["unsc"]


def test_case_rules_per_alias():
    assert _actors("US troops") == ["us"]
    assert _actors("let us talk about the us") == []
    # an alias written with a capital matches only so; one whose first letter is lower
    # case also matches capitalised (at the start of a sentence)
    assert _actors("The Syrian army advanced; Syrian Army units too") == ["syrian-army"]
    assert _actors("Сирийская армия и сирийской армии", sources=["tass.ru"]) == [
        "syrian-army", "syrian-army"]


def test_word_boundaries_in_every_script():
    assert _actors("UNIX users, Iranian oil, Россиянин, G20s") == []
    assert _actors("UN-backed talks, anti-Putin rally, U.S.-led, (NATO)") == [
        "un", "putin", "us", "nato"]
    assert _actors("Россия, «России» и Россией") == ["ru", "ru", "ru"]


def test_role_aliases_resolve_by_the_articles_date():
    day = [datetime(2017, 6, 1), datetime(2019, 6, 1), datetime(2022, 6, 1),
           datetime(2025, 6, 1), datetime(2018, 4, 10)]
    corpus = _corpus(["The US Secretary of State arrived."] * 5,
                     dates=[d.replace(tzinfo=UTC) for d in day])
    found = actor_mentions(corpus).filter(pl.col("nested_in").is_null())
    assert found["actor_id"].to_list() == ["tillerson", "pompeo", "blinken", "rubio", None]
    # between Tillerson and Pompeo nobody held the office: reported with the holders
    assert found["candidates"][-1].to_list() == ["blinken", "kerry", "pompeo", "rubio",
                                                 "tillerson"]
    assert _free("госсекретарю США позвонили", sources=["tass.ru"]) == ["tillerson"]


def test_role_followed_by_a_name_or_after_former_is_not_the_holder():
    assert _actors("former Ukrainian President Viktor Yanukovich said") == ["yanukovych"]
    assert _free("the former US Secretary of State said") == []
    assert _free("US Secretary of State Rex Tillerson said") == ["tillerson"]
    # the country the title names is still named (a nested mention)
    assert _actors("the former US Secretary of State said") == ["us"]


def test_bare_surname_resolves_when_unique_and_is_reported_when_shared():
    found = actor_mentions(_corpus(["Lavrov met Clinton."]))
    assert found["actor_id"].to_list() == ["lavrov", None]
    assert found["kind"].to_list() == ["surname", "ambiguous"]
    assert found["candidates"][1].to_list() == ["bill-clinton", "hillary-clinton"]
    # a surname that is another person's first name is not that person
    assert _actors("Finance Minister Michel Sapin said") == []


def test_dateline_and_own_outlet_are_not_mentions():
    text = "MOSCOW, March 3. /TASS/. Lavrov told TASS the talks went well."
    assert _actors(text) == ["lavrov"]
    assert _actors("ITAR-TASS reported", sources=["tass.ru"]) == []
    assert _actors("TASS reported that Lavrov", sources=["dw.com"]) == ["tass", "lavrov"]


def test_metonyms_only_when_asked():
    corpus = _corpus(["Kiev and Washington disagreed."])
    assert actor_mentions(corpus)["actor_id"].to_list() == []
    assert actor_mentions(corpus, metonyms=True)["actor_id"].to_list() == ["ua", "us"]


def test_mention_offsets_paragraphs_and_sentences():
    corpus = _corpus(["Lavrov spoke. Then Шойгу spoke.\n\nMerkel’s turn."], titles=["Syria talks"])
    found = actor_mentions(corpus)
    text = "Syria talks\n\nLavrov spoke. Then Шойгу spoke.\n\nMerkel’s turn."
    assert [text[s:e] for s, e in found.select("start", "end").iter_rows()] == [
        "Syria", "Lavrov", "Шойгу", "Merkel"]
    assert found["alias"].to_list() == ["Syria", "Lavrov", "Шойгу", "Merkel"]
    assert found["paragraph"].to_list() == [0, 1, 1, 2]
    assert found["sentence"].to_list() == [0, 1, 2, 3]


def test_document_level_counts_and_lazy_input():
    corpus = _corpus(["Lavrov and Lavrov and Russia", "nobody"])
    doc = actor_mentions(corpus.lazy(), level="document")
    assert doc.select("doc_id", "actor_id", "count").rows() == [("d0", "lavrov", 2),
                                                                 ("d0", "ru", 1)]


def _reference(texts: list[str], patterns: list[str]) -> list[tuple[int, int, int, str]]:
    """Leftmost-longest word-bounded matches with Python's re (characters → bytes)."""
    alternation = "|".join(re.escape(p) for p in sorted(patterns, key=len, reverse=True))
    regex = re.compile(rf"(?<![^\W_])(?:{alternation})(?![^\W_])")
    out = []
    for row, text in enumerate(texts):
        for m in regex.finditer(text):
            start = len(text[:m.start()].encode())
            out.append((row, start, start + len(m.group(0).encode()), m.group(0)))
    return out


def test_find_patterns_agrees_with_a_python_re_reference():
    rng = random.Random(7)
    patterns = ["UN", "UNESCO", "US", "U.S.", "Bank of Russia", "Russia", "Россия", "России",
                "Лавров", "Сергей Лавров", "Putin", "EU", "Iran", "Ira"]
    filler = ["the", "UNIX", "Iranian", "Россиянин", "Russian", "and", "-", ",", "é", "Ünal",
              "«", "»", "ё", "EUR", "USA", "Bank", "of", "\n", "(", ")", "—", "Iranian-born"]
    texts = []
    for _ in range(400):
        parts = [rng.choice(patterns + filler) for _ in range(rng.randint(0, 12))]
        # words as text has them: separated by spaces or punctuation, possessives glued on
        seps = [rng.choice([" ", " ", "  ", ", ", "'s ", "’s ", "-", ".\n\n", "»"])
                for _ in parts]
        texts.append("".join(p + s for p, s in zip(parts, seps, strict=True)))
    matcher = Matcher.from_patterns(patterns)
    hits = find_patterns(pl.Series(texts), matcher)
    ours = [(r, s, e, matcher.patterns["pattern"][p]) for r, s, e, p in
            hits.select("row", "start", "end", "pattern_id").iter_rows()]
    reference = _reference(texts, patterns)
    # One pass never starts a match inside a rejected candidate; in text whose words are
    # separated (as in real text), nothing can, so the results agree exactly.
    assert ours == reference
    assert len(reference) > 500


def test_a_match_across_two_texts_is_not_taken_and_does_not_hide_one():
    """The search runs over all texts end to end: a pattern spanning the end of one text
    and the start of the next is no match, and the texts it touched are searched alone."""
    matcher = Matcher.from_patterns(["UN", "Bank of Russia", "Russia"])
    texts = pl.Series(["the U", "N says", "Bank of ", "Russia and UN", "UN"])
    hits = find_patterns(texts, matcher)
    assert [(r, s, matcher.patterns["pattern"][p]) for r, s, p in
            hits.select("row", "start", "pattern_id").iter_rows()] == [
        (3, 0, "Russia"), (3, 11, "UN"), (4, 0, "UN")]


def test_find_patterns_in_parallel_pieces_agrees_with_one_piece(monkeypatch):
    import tassanalysis.actors.match as match

    rng = random.Random(3)
    words = ["Russia", "Bank", "of", "UN", "Лавров", "the", "Iranian", "Iran", "«", "—"]
    texts = pl.Series([" ".join(rng.choice(words) for _ in range(rng.randint(0, 30)))
                       for _ in range(3000)])
    matcher = Matcher.from_patterns(["UN", "Bank of Russia", "Russia", "Лавров", "Iran"])
    whole = find_patterns(texts, matcher)
    monkeypatch.setattr(match, "_PIECE_BYTES", 1000)
    monkeypatch.setattr(match.pl, "thread_pool_size", lambda: 4)
    assert find_patterns(texts, matcher).equals(whole)
    assert whole.height > 3000


def _positions_by_python(texts: list[str], hits: pl.DataFrame) -> list[tuple]:
    """Character offsets, paragraph and sentence of each hit, one text at a time with
    Python string methods (an independent reference for the vectorized version)."""
    import bisect

    from tassanalysis.text import sentences

    split = pl.select(sentences(pl.lit(pl.Series(texts, dtype=pl.String)))).to_series().to_list()
    out = []
    for row, start, end in hits.select("row", "start", "end").iter_rows():
        text = texts[row]
        raw = text.encode()
        paragraph_starts, at = [0], text.find("\n\n")
        while at >= 0:
            paragraph_starts.append(at + 2)
            at = text.find("\n\n", at + 2)
        sentence_starts, cursor = [], 0
        for sent in split[row]:
            at = text.find(sent, cursor)
            sentence_starts.append(at)
            cursor = at + len(sent)
        cstart = len(raw[:start].decode())
        out.append((row, cstart, cstart + len(raw[start:end].decode()),
                    bisect.bisect_right(paragraph_starts, cstart) - 1,
                    max(bisect.bisect_right(sentence_starts or [0], cstart) - 1, 0)))
    return out


def test_mention_positions_agree_with_python_string_methods(monkeypatch):
    import tassanalysis.actors.match as match
    import tassanalysis.actors.units as units

    rng = random.Random(11)
    patterns = ["Putin", "Лавров", "U.S.", "Bank of Russia", "ООН", "EU"]
    filler = ["the", "Mr.", "said", "é", "«", "»", "—", "…", "Ünal", "говорит", "日本", "🙂"]
    seps = [" ", " ", ". ", "! ", "? ", ".\n\n", "\n\n\n", "\n", "\u00a0", "\u2009",
            " \n \n ", "\u3000", ", ", ".» ", "\t"]
    texts = [rng.choice(["", "\n", "\n\n"]) + "".join(  # blank lines also at the ends
        rng.choice(patterns + filler) + rng.choice(seps) for _ in range(rng.randint(0, 25)))
        for _ in range(600)]
    matcher = Matcher.from_patterns(patterns)
    series = pl.Series(texts)
    hits = find_patterns(series, matcher)
    expected = _positions_by_python(texts, hits)
    monkeypatch.setattr(units, "_SPAN_BYTES", 2000)  # several spans of texts
    ours = match._char_positions(series, hits).select(
        "row", "start", "end", "paragraph", "sentence").rows()
    assert ours == expected
    assert len(expected) > 1500
    assert len({r[3] for r in expected}) > 5 and len({r[4] for r in expected}) > 10


def test_a_name_glued_to_a_word_hides_a_name_inside_it():
    """The documented limit of the one-pass search: only in glued text such as
    "UNСергей Лавров" (a rejected candidate "Сергей Лавров" hides "Лавров")."""
    matcher = Matcher.from_patterns(["Сергей Лавров", "Лавров"])
    assert find_patterns(pl.Series(["UNСергей Лавров"]), matcher).height == 0


# --------------------------------------------------------------------------- co-mentions
def _mentions(rows: list[tuple[str, str]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"doc_id": pl.String, "actor_id": pl.String},
                        orient="row")


def test_weights_against_scipy_and_hand_computation():
    n, a, b, ab = 200, 30, 50, 12
    counts = pl.DataFrame({"kind": ["units", "actor", "actor", "pair"],
                           "actor_a": [None, "x", "y", "x"], "actor_b": [None, None, None, "y"],
                           "count": [n, a, b, ab]})
    w = association_weights(counts).row(0, named=True)
    table = [[ab, a - ab], [b - ab, n - a - b + ab]]
    g2, p, _, _ = stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")
    assert w["g2"] == pytest.approx(g2) and w["p_value"] == pytest.approx(p)
    pmi = math.log2(ab * n / (a * b))
    assert w["pmi"] == pytest.approx(pmi)
    assert w["npmi"] == pytest.approx(pmi / -math.log2(ab / n))
    assert w["jaccard"] == pytest.approx(ab / (a + b - ab))
    assert w["dice"] == pytest.approx(2 * ab / (a + b))
    assert (w["count"], w["count_a"], w["count_b"], w["units"]) == (ab, a, b, n)


def test_units_without_actors_are_counted_from_articles():
    corpus = _corpus(["Lavrov met Tillerson.", "Lavrov alone.", "Rain.", "Snow."])
    co = co_mentions(corpus, min_count=1)
    assert co.select("actor_a", "actor_b", "count", "count_a", "count_b", "units").rows() == [
        ("lavrov", "tillerson", 1, 2, 1, 4)]


def test_kernel_on_partitions_merges_to_the_whole():
    rng = random.Random(3)
    names = ["Lavrov", "Tillerson", "Merkel", "Syria", "NATO", "the EU", "Putin"]
    bodies = [" and ".join(rng.sample(names, rng.randint(0, 4))) + "." for _ in range(60)]
    dates = [datetime(2017, 1 + i % 3, 5, tzinfo=UTC) for i in range(60)]
    sources = [rng.choice(["tass.com", "dw.com"]) for _ in range(60)]
    corpus = _corpus(bodies, dates=dates, sources=sources)
    opts = {"by": "source", "period": "month"}
    whole = co_mention_counts(corpus, **opts)
    merged = merge_co_mention_counts([co_mention_counts(corpus.slice(0, 25), **opts),
                                      co_mention_counts(corpus.slice(25), **opts)])
    assert merged.sort(merged.columns).equals(
        merge_co_mention_counts([whole]).sort(merged.columns))
    # a hand count of one cell
    lavrov_putin = sum(1 for b, s, d in zip(bodies, sources, dates, strict=True)
                       if "Lavrov" in b and "Putin" in b and s == "tass.com" and d.month == 2)
    row = merged.filter(kind="pair", actor_a="lavrov", actor_b="putin", source="tass.com")
    row = row.filter(pl.col("period").dt.month() == 2)
    assert (row["count"].sum() if row.height else 0) == lavrov_putin


def test_paragraph_and_sentence_units():
    corpus = _corpus(["Lavrov met Tillerson. Merkel waited.\n\nMerkel and Lavrov talked."])
    para = co_mentions(corpus, unit="paragraph", min_count=1)
    sent = co_mentions(corpus, unit="sentence", min_count=1)
    assert para.select("actor_a", "actor_b", "count", "units").sort("actor_a", "actor_b").rows() \
        == [("lavrov", "merkel", 2, 2), ("lavrov", "tillerson", 1, 2),
            ("merkel", "tillerson", 1, 2)]
    assert sent.select("actor_a", "actor_b", "count", "units").sort("actor_a", "actor_b").rows() \
        == [("lavrov", "merkel", 1, 3), ("lavrov", "tillerson", 1, 3)]


def test_partners_and_partner_change():
    rows, dates = [], []
    for i in range(40):  # before: Lavrov with Kerry; after: with Tillerson
        partner = "kerry" if i < 20 else "tillerson"
        rows += [(str(i), "lavrov"), (str(i), partner)]
        day = datetime(2016, 12, 1, tzinfo=UTC) if i < 20 else \
            datetime(2017, 3, 1, tzinfo=UTC)
        dates += [day, day]
    rows += [("x", "lavrov"), ("x", "tillerson")]
    dates += [datetime(2016, 12, 2, tzinfo=UTC)] * 2
    m = _mentions(rows).with_columns(pl.Series("published_at", dates))
    top = partners(co_mentions(m, min_count=1), focus="lavrov", weight="count")
    assert top.select("partner", "count").rows() == [("tillerson", 21), ("kerry", 20)]
    change = partner_change(m, focus="lavrov", before=("2016-11-01", "2016-12-31"),
                            after=("2017-01-01", "2017-12-31"))
    by = {r["partner"]: r for r in change.iter_rows(named=True)}
    assert by["tillerson"]["direction"] == "rose" and by["kerry"]["direction"] == "fell"
    t = by["tillerson"]
    assert (t["count_before"], t["focus_before"], t["count_after"], t["focus_after"]) == \
        (1, 21, 20, 20)
    g2, p, _, _ = stats.chi2_contingency([[1, 20], [20, 0]], correction=False,
                                         lambda_="log-likelihood")
    assert t["g2"] == pytest.approx(g2) and t["p_value"] == pytest.approx(p)


# --------------------------------------------------------------------------- networks
def test_network_attributes_communities_and_layout_are_deterministic():
    rows = []
    for i in range(30):
        rows += [(f"a{i}", "lavrov"), (f"a{i}", "tillerson")]
        rows += [(f"b{i}", "merkel"), (f"b{i}", "macron")]
    rows += [("c", "lavrov"), ("c", "merkel")]
    co = co_mentions(_mentions(rows), min_count=1)
    g1 = actor_network(co, weight="count", min_count=1, actors=load_gazetteer().actors)
    g2 = actor_network(co, weight="count", min_count=1)
    assert g1.nodes["lavrov"]["label"] == "Sergey Lavrov"
    assert g1.nodes["lavrov"]["mentions"] == 31 and g1.nodes["lavrov"]["degree"] == 2
    assert g1.nodes["lavrov"]["weighted_degree"] == 31.0
    assert g1.nodes["lavrov"]["betweenness"] == pytest.approx(
        nx.betweenness_centrality(g2, weight="distance")["lavrov"])
    communities = {n: d["community"] for n, d in g1.nodes(data=True)}
    assert communities["lavrov"] == communities["tillerson"] != communities["merkel"]
    nodes1, edges1 = network_frames(g1)
    nodes2, _ = network_frames(g2)
    assert nodes1.select("actor_id", "x", "y").equals(nodes2.select("actor_id", "x", "y"))
    assert edges1.height == 3
    assert sorted(ego_network(g1, "tillerson").nodes) == ["lavrov", "tillerson"]


# --------------------------------------------------------------------------- discovery
def test_discover_lists_unlisted_names_ready_to_paste():
    corpus = _corpus(["Deputy Energy Minister Yuri Sentyurin said oil flows. "
                      "Sergey Lavrov said so.",
                      "Yuri Sentyurin, the deputy minister, added that Michel Sapin said no.",
                      "The Norwegian Police Security Service said hackers struck."])
    found = discover_actors(corpus, min_count=1)
    names = dict(zip(found["name"], found["type"], strict=True))
    assert names == {"Yuri Sentyurin": "person", "Michel Sapin": "person",
                     "Norwegian Police Security Service": "organization"}
    row = found.filter(name="Yuri Sentyurin").row(0, named=True)
    assert row["count"] == 2 and row["docs"] == 2
    assert row["gazetteer_line"].startswith("- {id: yuri-sentyurin, name: Yuri Sentyurin, "
                                            "type: person, en: [Yuri Sentyurin]")


def test_network_ties_keep_each_actors_strongest_edges():
    rows = [(f"{a}{b}{i}", x) for a, b in [("a", "b"), ("a", "c"), ("a", "d"), ("b", "c")]
            for i in range({("a", "b"): 5, ("a", "c"): 4, ("a", "d"): 3, ("b", "c"): 2}[(a, b)])
            for x in (a, b)]
    co = co_mentions(_mentions(rows), min_count=1)
    g = actor_network(co, weight="count", min_count=1, ties=1)
    # a's strongest is a-b, c's strongest is a-c, d's only edge is a-d; b-c is nobody's best
    assert sorted(g.edges) == [("a", "b"), ("a", "c"), ("a", "d")]


def test_gazetteer_option_extends_the_default_from_a_string(tmp_path):
    from tassanalysis.actors.gazetteer import gazetteer_of

    path = _write(tmp_path, "actors:\n- {id: volik, name: Vladimir Volik, type: person, "
                            "en: [Vladimir Volik]}\n")
    both = gazetteer_of(f"default,{path}")
    assert {"volik", "lavrov"} <= set(both.actors["actor_id"])
    assert gazetteer_of(str(path)).actors["actor_id"].to_list() == ["volik"]
