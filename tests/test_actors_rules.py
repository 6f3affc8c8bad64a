"""Actor rules of the real-text measurement: nesting, coverage, names, claims with data."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import pytest

from tassanalysis.actors import actor_mentions, co_mentions


def _corpus(bodies, *, dates=None, **columns) -> pl.DataFrame:
    """The corpus of test_actors, dated in 2023 (the office-holders of these texts)."""
    from test_actors import _corpus as corpus

    return corpus(bodies, dates=dates or [datetime(2023, 3, 1, tzinfo=UTC)] * len(bodies),
                  **columns)


def _pairs(text: str, **kwargs) -> list[tuple[str, str | None]]:
    found = actor_mentions(_corpus([text], **kwargs))
    return sorted(found.select("actor_id", "nested_in").rows(), key=str)


# --------------------------------------------------------------------------- nesting
@pytest.mark.parametrize("text, nested", [
    ("Kremlin spokesman Dmitry Peskov said.", [("kremlin", "Kremlin spokesman")]),
    ("Russia's Defense Ministry said.", [("ru", "Russia's Defense Ministry")]),
    ("US Secretary of State Marco Rubio said.", [("us", "US Secretary of State")]),
    ("Министр иностранных дел России Сергей Лавров заявил.",
     [("ru", "Министр иностранных дел России")]),
    ("Глава МИД России прибыл.", [("ru", "Глава МИД России"),
                                  ("russian-mfa", "Глава МИД России")]),
    ("Президент Украины заявил.", [("ua", "Президент Украины")]),
    ("Генеральный секретарь НАТО заявил.", [("nato", "Генеральный секретарь НАТО")]),
])
def test_a_role_or_organization_alias_names_the_country_or_organization_inside(text, nested):
    found = _pairs(text)
    assert [p for p in found if p[1] is not None] == sorted(nested, key=str)


@pytest.mark.parametrize("text", [
    "Russian Foreign Ministry spokeswoman said.",
    "The Russian Foreign Minister said.",
    "Российский МИД заявил.",
    "The Ukrainian President said.",
])
def test_an_adjective_names_no_country(text):
    assert all(nested is None for _, nested in _pairs(text))
    assert not {"ru", "ua"} & {a for a, _ in _pairs(text)}


def test_nested_mentions_can_be_turned_off_and_carry_their_host():
    corpus = _corpus(["Kremlin spokesman Dmitry Peskov said."])
    assert actor_mentions(corpus, nested=False)["actor_id"].to_list() == ["peskov"]
    row = actor_mentions(corpus).filter(pl.col("actor_id") == "kremlin").row(0, named=True)
    assert (row["alias"], row["start"], row["end"], row["nested_in"], row["nested_in_id"]) == (
        "Kremlin", 0, 7, "Kremlin spokesman", "peskov")


@pytest.mark.parametrize("unit", ["document", "sentence"])
def test_co_mentions_never_pair_an_actor_with_the_alias_it_is_nested_in(unit):
    corpus = _corpus(["Kremlin spokesman Dmitry Peskov met Rex Tillerson.",
                      "The Kremlin said. Kremlin spokesman Dmitry Peskov agreed."])
    co = co_mentions(corpus, unit=unit, min_count=1)
    pairs = {(a, b): c for a, b, c in co.select("actor_a", "actor_b", "count").iter_rows()}
    # the Kremlin is paired with Tillerson (both named in the first text) ...
    assert pairs.get(("kremlin", "tillerson")) == 1
    # ... and with Peskov only where it is also named on its own (second text, document)
    assert pairs.get(("kremlin", "peskov")) == (1 if unit == "document" else None)
    # mentions in: the same rule
    mentions = actor_mentions(corpus)
    co2 = co_mentions(mentions, unit=unit, min_count=1)
    assert co2.select("actor_a", "actor_b", "count").sort("actor_a", "actor_b").rows() == \
        co.select("actor_a", "actor_b", "count").sort("actor_a", "actor_b").rows()


# --------------------------------------------------------------------------- gazetteer files
def test_a_date_typo_is_an_error_naming_file_and_line(tmp_path):
    from tassanalysis.actors import GazetteerError, load_gazetteer

    path = tmp_path / "typo.yml"
    path.write_text("actors:\n- {id: a, name: A, type: person}\n"
                    "- {id: b, name: B, type: person, from: 2019-13-45}\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"typo\.yml:3: .*'2019-13-45' is not a date"):
        load_gazetteer(path)


def test_ids_are_case_insensitive(tmp_path):
    from tassanalysis.actors import GazetteerError, load_gazetteer

    path = tmp_path / "ids.yml"
    path.write_text("actors:\n- {id: a1, name: A, type: person}\n"
                    "- {id: A1, name: B, type: person}\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"ids\.yml:3: duplicate actor id 'A1' \(as 'a1'\)"):
        load_gazetteer(path)
    # a later file that repeats an id in other capitals replaces the entry
    later = tmp_path / "later.yml"
    later.write_text("actors:\n- {id: A1, name: C, type: person}\n", encoding="utf-8")
    first = tmp_path / "first.yml"
    first.write_text("actors:\n- {id: a1, name: A, type: person}\n", encoding="utf-8")
    gaz = load_gazetteer(first, later)
    assert gaz.actors.select("actor_id", "actor").rows() == [("A1", "C")]


# --------------------------------------------------------------------------- coverage
def _free(text: str, **kwargs) -> list[str | None]:
    found = actor_mentions(_corpus([text], **kwargs))
    return found.filter(pl.col("nested_in").is_null())["actor_id"].to_list()


@pytest.mark.parametrize("text, actor", [
    ("МИД Ирана заявил", "ir-mfa"),
    ("The Iranian Foreign Ministry said", "ir-mfa"),
    ("Iran's Foreign Ministry said", "ir-mfa"),
    ("Министерства обороны Армении", "am-mod"),
    ("the Armenian parliament voted", "am-parliament"),
    ("парламент Армении", "am-parliament"),
    ("the Turkish military", "tr-armed-forces"),
    ("армии Азербайджана", "az-armed-forces"),
])
def test_ministries_of_every_country_are_generated(text, actor):
    assert _free(text) == ([actor] if actor else [])


def test_generated_families_skip_what_is_listed_by_hand():
    from tassanalysis.actors import load_gazetteer

    ids = set(load_gazetteer().actors["actor_id"])
    assert "ru-mfa" not in ids and "ua-mfa" not in ids and "us-mfa" not in ids
    assert {"ir-mfa", "cn-mfa", "ua-mod", "de-government"} <= ids


@pytest.mark.parametrize("text, actor", [
    ("The Northern Fleet held drills", "northern-fleet"),
    ("Тихоокеанского флота", "pacific-fleet"),
    ("the Eastern Military District", "eastern-md"),
    ("Южная группировка войск", "battlegroup-south"),
    ("партия «Слуга народа»", "servant-of-the-people"),
    ("ЦИК России", "russian-cec"),
    ("on his Telegram channel", "telegram"),
    ("распад Советского Союза", "soviet-union"),
    ("the collapse of the Soviet Union", "soviet-union"),
])
def test_fleets_districts_parties_commissions_platforms_and_the_ussr(text, actor):
    assert _free(text) == [actor]


@pytest.mark.parametrize("text", ["Пашиняна", "Пашиняну", "Никола Пашиняна", "Николом Пашиняном",
                                  "Пашиняне"])
def test_case_forms_of_foreign_names_pymorphy_does_not_know(text):
    assert _free(f"Встреча с {text} состоялась", sources=["tass.ru"]) == ["pashinyan"]


def test_indeclinable_given_names_leave_the_surname_declined():
    assert _free("беседа с Джо Байденом", sources=["tass.ru"]) == ["biden"]
    assert _free("с Сергеем Шойгу", sources=["tass.ru"]) == ["shoigu"]


def test_bare_ministries_stand_for_russia_only_under_a_moscow_dateline():
    moscow = "MOSCOW, March 3. /TASS/. The Foreign Ministry said the talks were useful."
    assert _free(moscow) == ["russian-mfa"]
    assert _free("MOSCOW, March 3. /TASS/. The country's Defense Ministry said.") == []
    assert _free("KIEV, March 3. /TASS/. The Foreign Ministry said the talks were useful.") == []
    assert _free("МОСКВА, 3 марта. /ТАСС/. В Минобороны сообщили.", sources=["tass.ru"]) == [
        "russian-mod"]


@pytest.mark.parametrize("text, actor", [
    ("заявил официальный представитель госдепартамента Томми Пиготт", "us-state-department"),
    ("в госдепартаменте США заявили", "us-state-department"),
    ("Госдепартамент заявил", "us-state-department"),
    ("депутаты госдумы приняли закон", "state-duma"),
])
def test_institution_names_written_in_lower_case_are_found(text, actor):
    found = actor_mentions(_corpus([text], sources=["tass.ru"]))
    assert actor in found["actor_id"].to_list()


@pytest.mark.parametrize("text, actor", [
    ("Постоянный член Совета Безопасности Российской Федерации", "russian-security-council"),
    ("заседание Совета безопасности Российской Федерации", "russian-security-council"),
    ("Министерство иностранных дел Российской Федерации сообщило", "russian-mfa"),
    ("Вооруженные Силы Российской Федерации", "russian-armed-forces"),
    ("в Администрации Президента Российской Федерации", "kremlin"),
])
def test_full_official_names_in_the_official_capitals(text, actor):
    assert _free(text, sources=["tass.ru"]) == [actor]


@pytest.mark.parametrize("text, actor", [
    ("главнокомандующему ВС Украины Руслану Хомчаку", "ukrainian-armed-forces"),
    ("армия Украины отступила", "ukrainian-armed-forces"),
    ("армия Израиля нанесла удар", "idf"),
    ("Министерство иностранных дел Украины", "ukrainian-mfa"),
])
def test_families_fill_in_the_members_listed_by_hand(text, actor):
    from tassanalysis.actors import load_gazetteer

    assert _free(text, sources=["tass.ru"])[:1] == [actor]
    ids = set(load_gazetteer().actors["actor_id"])
    assert "ua-armed-forces" not in ids and "il-armed-forces" not in ids


def test_a_coordinated_genitive_names_both_members_of_the_family():
    text = "переговоры между главами МИД Армении и Азербайджана Араратом Мирзояном"
    found = actor_mentions(_corpus([text], sources=["tass.ru"]))
    free = found.filter(pl.col("nested_in").is_null())["actor_id"].to_list()
    assert {"am-mfa", "az-mfa", "az", "mirzoyan"} <= set(free)
    assert found.filter(actor_id="az-mfa")["alias"].to_list() == ["МИД Азербайджана"]
    assert set(_free("Минобороны России и Китая провели учения")) >= {"russian-mod", "cn-mod"}
    pairs = co_mentions(_corpus([text, text], sources=["tass.ru"] * 2), min_count=1)
    assert {("am-mfa", "az-mfa")} <= set(pairs.select("actor_a", "actor_b").rows())
    # only "и" joins: a comma, "в" or another case is no coordination
    for other in ("МИД Армении, Азербайджана", "МИД Армении в Азербайджане",
                  "МИД Армении и Азербайджан сообщили"):
        assert "az-mfa" not in _free(other)


def test_a_bare_presidential_administration_is_the_kremlin_under_a_moscow_dateline():
    moscow = "МОСКВА, 3 марта. /ТАСС/. В Администрации Президента не работал."
    assert _free(moscow, sources=["tass.ru"]) == ["kremlin"]
    assert _free("В Администрации Президента не работал.", sources=["tass.ru"]) == []


# --------------------------------------------------------------------------- names
def _lavrov_corpus():
    bodies = ["Sergey Lavrov met Rex Tillerson.", "Lavrov and Tillerson talked.",
              "Lavrov met Kerry.", "Weather."]
    return _corpus(bodies, dates=[datetime(2017, 3, d, tzinfo=UTC) for d in (1, 2, 3, 4)])


@pytest.mark.parametrize("focus", ["lavrov", "Lavrov", "Sergey Lavrov", "Sergei Lavrov",
                                   "Лавров", "Сергей Лавров", "LAVROV"])
def test_partners_accept_any_name_of_the_focus(focus):
    from tassanalysis.actors import partners

    top = partners(co_mentions(_lavrov_corpus(), min_count=1), focus=focus, weight="count")
    assert top.select("focus", "focus_name", "partner", "partner_name", "partner_type").rows() \
        == [("lavrov", "Sergey Lavrov", "tillerson", "Rex Tillerson", "person"),
            ("lavrov", "Sergey Lavrov", "kerry", "John Kerry", "person")]


@pytest.mark.parametrize("focus, message", [
    ("Lavrow", r"no actor is called 'Lavrow'; closest: Sergey Lavrov \(lavrov\)"),
    ("Clinton", r"'Clinton' may be any of: Bill Clinton \(bill-clinton\), Hillary Clinton"),
])
def test_an_unknown_or_ambiguous_focus_is_an_error_listing_candidates(focus, message):
    from tassanalysis.actors import partners
    from tassanalysis.actors.gazetteer import ActorNameError

    co = co_mentions(_lavrov_corpus(), min_count=1)
    with pytest.raises(ActorNameError, match=message):
        partners(co, focus=focus)


def test_outputs_carry_names_and_types_beside_ids():
    from tassanalysis.actors.network import actor_network, ego_network, network_frames

    co = co_mentions(_lavrov_corpus(), min_count=1)
    assert co.select("actor_a", "name_a", "type_a", "actor_b", "name_b", "type_b").row(0) == (
        "lavrov", "Sergey Lavrov", "person", "tillerson", "Rex Tillerson", "person")
    graph = actor_network(co, weight="count", min_count=1)
    nodes, _ = network_frames(graph)
    assert dict(nodes.select("actor_id", "actor").rows())["lavrov"] == "Sergey Lavrov"
    assert set(nodes["type"]) == {"person"}
    assert sorted(ego_network(graph, "Лавров").nodes) == ["kerry", "lavrov", "tillerson"]


# --------------------------------------------------------------------------- claims with data
def _windows_corpus(n_before: int, n_after: int, partner_before: int, partner_after: int):
    bodies, dates = [], []
    for i in range(n_before):
        bodies.append("Lavrov met Kerry." if i < partner_before else "Lavrov spoke.")
        dates.append(datetime(2017, 1, 5, tzinfo=UTC))
    for i in range(n_after):
        bodies.append("Lavrov met Kerry." if i < partner_after else "Lavrov spoke.")
        dates.append(datetime(2017, 2, 5, tzinfo=UTC))
    return _corpus(bodies, dates=dates)


WINDOWS = dict(before=("2017-01-01", "2017-01-31"), after=("2017-02-01", "2017-02-28"))


def test_no_direction_when_a_window_lacks_the_focus():
    from tassanalysis.actors import partner_change

    corpus = _windows_corpus(0, 10, 0, 8).vstack(
        _corpus(["Kerry spoke."], dates=[datetime(2017, 1, 6, tzinfo=UTC)]))
    change = partner_change(corpus, focus="lavrov", min_count=1, **WINDOWS)
    row = change.row(0, named=True)
    assert (row["partner"], row["focus_before"], row["direction"], row["p_value"]) == (
        "kerry", 0, None, None)
    assert row["reason"] == "no article naming the focus before"


def test_no_direction_on_too_little_data_and_an_exact_test_for_small_counts():
    from scipy import stats

    from tassanalysis.actors import partner_change

    change = partner_change(_windows_corpus(3, 4, 3, 0), focus="Lavrov", min_count=1, **WINDOWS)
    row = change.row(0, named=True)
    assert row["test"] == "Fisher exact"
    assert row["p_value"] == pytest.approx(stats.fisher_exact([[3, 0], [0, 4]])[1])
    assert row["direction"] is None and row["reason"].startswith("too few articles")
    # enough units but no significant change: no direction either
    same = partner_change(_windows_corpus(20, 20, 10, 11), focus="lavrov", min_count=1,
                          **WINDOWS).row(0, named=True)
    assert same["direction"] is None and same["reason"].startswith("no significant change")
    # a clear change with enough data is claimed
    clear = partner_change(_windows_corpus(20, 20, 18, 2), focus="lavrov", min_count=1,
                           **WINDOWS).row(0, named=True)
    assert (clear["direction"], clear["reason"], clear["test"]) == ("fell", None, "G2")
    assert clear["p_value"] == pytest.approx(
        stats.chi2_contingency([[18, 2], [2, 18]], correction=False,
                               lambda_="log-likelihood")[1])


# --------------------------------------------------------------------------- longer names
@pytest.mark.parametrize("text, found", [
    ("Agence France-Presse reported the talks.", []),
    ("China Media Group broadcast the talks.", []),
    ("Russia Today said.", ["rt"]),  # an alias: the longer name wins
    ("the Ukraine Crisis Media Center said", []),
    ("All-Russia People's Front activists", ["onf"]),
    ("вещает «Россия сегодня»", []),
    ("партия «Единая Россия»", ["united-russia"]),
    ("France and Russia-Ukraine talks", ["fr", "ru", "ua"]),
    ("Russian President Vladimir Putin said", ["putin"]),
    ("Iran Foreign Minister said", ["ir"]),
    ("In China Beijing said", ["cn"]),
    ("«Россия» заявила", ["ru"]),
])
def test_a_name_inside_a_longer_unlisted_name_is_not_a_mention(text, found):
    assert _free(text) == found


def test_words_of_a_quotation_in_guillemets_are_mentions():
    text = ("«Спецпосланник и госсекретарь работают в полной синхронизации по всем вопросам, "
            "включая прекращение войны на Украине», — написала она.")
    assert _free(text, sources=["360.ru"]) == ["ua"]


# --------------------------------------------------------------------------- discovery
def _discovered(bodies, languages=None):
    from tassanalysis.actors.discover import discover_actors

    corpus = pl.DataFrame({"doc_id": [str(i) for i in range(len(bodies))],
                           "language": languages or ["en"] * len(bodies),
                           "title": ["t"] * len(bodies), "body": bodies})
    return dict(discover_actors(corpus, min_count=1).select("name", "type").rows())


def test_discovery_types_places_and_organizations():
    found = _discovered(["The mayor of New York said. According to New York officials.",
                         "Amnesty International said it was worried.",
                         "Leicester City said the match was off."])
    assert found == {"New York": "place", "Amnesty International": "organization",
                     "Leicester City": "organization"}


def test_discovery_never_cuts_a_name_inside_a_word():
    found = _discovered(["Senator Ron DeSantis said. Governor Ron DeSantis said."])
    assert found == {"Ron DeSantis": "person"}


def test_discovery_strips_titles_and_skips_known_actors():
    found = _discovered(["Secretary-General Antonio Guterres said. Attorney General said.",
                         "Пресс-секретарь Кремля Дмитрий Песков заявил. Дмитрия Пескова сказал",
                         "Глава Росавиации Дмитрий Ядров заявил."], ["en", "ru", "ru"])
    assert found == {"Дмитрий Ядров": "person"}


def test_a_row_of_share_buttons_names_no_platform():
    assert _free("A press conference is not planned. Send Facebook Twitter Google+ Whatsapp") \
        == []
    assert _free("Facebook has been summoned; Facebook's community standards.") == [
        "facebook", "facebook"]


def test_a_gazetteer_is_read_entry_by_entry_with_the_same_result(tmp_path):
    from tassanalysis.actors.gazetteer import _load_by_entry, _load_yaml, default_gazetteer_path

    text = default_gazetteer_path().read_text(encoding="utf-8")
    whole = _load_yaml(text, 0)
    whole.pop("__line__")
    assert _load_by_entry(text) == whole
    # a layout it does not know is parsed as a whole
    assert _load_by_entry("actors:\n  - {id: a, name: A, type: person}\n") is None
    # errors keep the file's line numbers
    from tassanalysis.actors import GazetteerError, load_gazetteer

    bad = tmp_path / "bad.yml"
    bad.write_text("version: 1\nactors:\n- {id: a, name: A, type: person}\n"
                   "- {id: b, name: [B, type: person}\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"bad\.yml:4: not valid YAML"):
        load_gazetteer(bad)
