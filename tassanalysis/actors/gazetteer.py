"""The gazetteer: who the actors are and every surface form that names them.

A gazetteer is a YAML file (the default ships as ``tassanalysis/resources/actors.yml``;
its header documents the fields) with three lists:

* ``actors``: id, canonical ``name``, ``type`` (person, organization, country, place),
  aliases in English (``en``) and Russian (``ru``), optional ``surname``, ``outlets``,
  validity dates ``from`` / ``to`` and a ``source``;
* ``roles``: aliases that stand for different actors over time ("US Secretary of
  State"), each holder with a date span; spans may not overlap;
* ``metonyms``: names that stand for an actor only when asked for (capitals for
  their country);
* ``moscow``: bare names that stand for a Russian institution in articles datelined
  Moscow ("the Foreign Ministry", "Минобороны"), and for nothing elsewhere.

:func:`load_gazetteer` reads and checks a file; a malformed one raises
:class:`GazetteerError` with the file and line. :meth:`Gazetteer.patterns` compiles
the aliases into the surface forms matched in text:

* an alias is matched with the capitals it is written with; an alias whose first
  letter is lower case also matches capitalised, one written all in lower case
  also in title case;
* a Russian organization's name of several words is also matched in the official
  style, every word but function words capitalised ("Совет Безопасности РФ"), and one
  that ends in a country's name with each other name of that country ("… РФ", "…
  России", "… Российской Федерации");
* Russian aliases are declined: pymorphy3 gives the six case forms of the words
  that agree (leading adjectives, the head noun, given names and surnames), so
  ``Сергей Лавров`` also yields ``Сергея Лаврова``, ``Сергею Лаврову``, …;
  ``ё`` forms are also written with ``е``;
* a person's bare surname (the last word of the name) is an alias when no other
  person has it; a surname shared by several persons is kept as an *ambiguous*
  pattern, reported by the matcher rather than guessed;
* apostrophes are matched both straight and curly;
* English role titles are also matched with their title words in lower case
  ("the Russian president", :data:`TITLE_WORDS`).

Examples
--------
>>> from tassanalysis.actors.gazetteer import load_gazetteer
>>> gaz = load_gazetteer()
>>> gaz.actors.filter(gaz.actors["actor_id"] == "lavrov")["actor"].item()
'Sergey Lavrov'
>>> forms = gaz.patterns().filter(actor_id="lavrov")["pattern"].to_list()
>>> all(f in forms for f in ["Лавров", "Лаврова", "Лавровым", "Сергея Лаврова", "Lavrov"])
True
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from tassanalysis.vocab import as_date

__all__ = [
    "ACTOR_TYPES",
    "ActorNameError",
    "Gazetteer",
    "GazetteerError",
    "default_gazetteer_path",
    "load_gazetteer",
    "russian_forms",
]

#: The kinds of actor a gazetteer may list.
ACTOR_TYPES = ("person", "organization", "country", "place")
_ACTOR_KEYS = {"id", "name", "type", "en", "ru", "surname", "outlets", "from", "to", "source",
               "code", "__line__"}
_ROLE_KEYS = {"role", "en", "ru", "holders", "source", "__line__"}
_HOLDER_KEYS = {"actor", "from", "to", "__line__"}
_METONYM_KEYS = {"actor", "en", "ru", "source", "__line__"}
_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


class GazetteerError(ValueError):
    """A gazetteer file that cannot be used; the message names the file and line."""


class ActorNameError(ValueError):
    """An actor name that names no actor, or several; the message lists the closest
    candidates (``candidates``: their ids)."""

    def __init__(self, message: str, candidates: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.candidates = list(candidates)


def default_gazetteer_path() -> Path:
    """The gazetteer shipped with the package (``tassanalysis/resources/actors.yml``).

    Examples
    --------
    >>> default_gazetteer_path().name
    'actors.yml'
    """
    return Path(str(resources.files("tassanalysis") / "resources" / "actors.yml"))


# libyaml's parser when PyYAML has it: the pure-Python scanner slows down on long
# files of flow-style mappings, libyaml reads in time linear in the file's size.
_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeBase):
    """A safe YAML loader that records the line of every mapping as ``__line__`` and
    reports a malformed date (``from: 2019-13-45``) as an error at its line."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1 + getattr(loader, "line_offset", 0)
    return mapping


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"{node.value!r} is not a date (YYYY-MM-DD): {exc}",
            node.start_mark) from None


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


@dataclass(frozen=True)
class Gazetteer:
    """Actors, their aliases, roles and metonyms, as tidy frames.

    Attributes
    ----------
    actors : polars.DataFrame
        ``actor_id, actor, type, outlets, valid_from, valid_to, source, file, line``.
    aliases : polars.DataFrame
        ``alias, language, kind, actor_id, role, file, line``; ``kind`` is ``name``,
        ``surname``, ``role`` or ``metonym``.
    roles : polars.DataFrame
        ``role, actor_id, valid_from, valid_to``: who held each role when.
    """

    actors: pl.DataFrame
    aliases: pl.DataFrame
    roles: pl.DataFrame
    files: tuple[str, ...] = ()
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    def __len__(self) -> int:
        return self.actors.height

    def patterns(self, *, metonyms: bool = False) -> pl.DataFrame:
        """Every surface form to look for, one row per distinct form.

        Parameters
        ----------
        metonyms : bool, default False
            Include the metonyms (capitals standing for their country).

        Returns
        -------
        polars.DataFrame
            ``pattern`` (the exact text matched), ``alias`` (the gazetteer alias it
            comes from), ``kind``, ``language``, ``actor_id`` (null for roles and
            ambiguous forms), ``role`` (for role aliases), ``candidates``
            (``list[str]``: the actors an ambiguous form may stand for).

        Examples
        --------
        >>> gaz = load_gazetteer()
        >>> p = gaz.patterns()
        >>> p.filter(pattern="Clinton")["candidates"].item().to_list()
        ['bill-clinton', 'hillary-clinton']
        >>> p.filter(pattern="US Secretary of State")["role"].item()
        'US Secretary of State'
        """
        key = ("patterns", metonyms)
        if key not in self._cache:
            self._cache[key] = _compile_patterns(self, metonyms=metonyms)
        return self._cache[key]

    def resolve(self, name: str) -> str:
        """The ``actor_id`` a name stands for: an id, the canonical name or any alias
        in either language (any case form, any capitalisation).

        Raises
        ------
        ActorNameError
            A name that is no actor's (the message lists the closest names), or that
            several actors share (a surname, a role held by several people; the message
            lists them).

        Examples
        --------
        >>> gaz = load_gazetteer()
        >>> [gaz.resolve(n) for n in ["lavrov", "Lavrov", "Sergey Lavrov", "Лавров", "Лаврову"]]
        ['lavrov', 'lavrov', 'lavrov', 'lavrov', 'lavrov']
        >>> gaz.resolve("Lavrow")
        Traceback (most recent call last):
        ...
        tassanalysis.actors.gazetteer.ActorNameError: no actor is called 'Lavrow'; closest: Sergey Lavrov (lavrov)...
        >>> gaz.resolve("Clinton")
        Traceback (most recent call last):
        ...
        tassanalysis.actors.gazetteer.ActorNameError: 'Clinton' may be any of: Bill Clinton (bill-clinton), Hillary Clinton (hillary-clinton)
        """
        index = self._name_index()
        key = " ".join(str(name).split()).casefold()
        found = index.get(key)
        label = self._labels()
        if found is None:
            close = difflib.get_close_matches(key, list(index), n=8, cutoff=0.6)
            ids = list(dict.fromkeys(i for k in close for i in sorted(index[k])))[:5]
            hint = ("; closest: " + ", ".join(label(i) for i in ids)) if ids else ""
            raise ActorNameError(f"no actor is called {name!r}{hint}", ids)
        if len(found) > 1:
            ids = sorted(found)
            raise ActorNameError(f"{name!r} may be any of: " + ", ".join(label(i) for i in ids),
                                 ids)
        return next(iter(found))

    def names(self) -> pl.DataFrame:
        """``actor_id, actor, type``: the readable name and type of each actor.

        Examples
        --------
        >>> load_gazetteer().names().filter(actor_id="us").row(0)
        ('us', 'United States', 'country')
        """
        return self.actors.select("actor_id", "actor", "type")

    def _labels(self):
        names = dict(zip(self.actors["actor_id"], self.actors["actor"], strict=True))
        return lambda i: f"{names.get(i, i)} ({i})"

    def _name_index(self) -> dict[str, set[str]]:
        if "names" not in self._cache:
            index: dict[str, set[str]] = {}

            def put(text: str, ids) -> None:
                index.setdefault(" ".join(text.split()).casefold(), set()).update(ids)

            for aid, name in zip(self.actors["actor_id"], self.actors["actor"], strict=True):
                put(aid, [aid])
                put(name, [aid])
            holders = self.roles.group_by("role").agg("actor_id")
            held = dict(zip(holders["role"], holders["actor_id"].to_list(), strict=True))
            pats = self.patterns(metonyms=True)
            for pattern, aid, role, cands in pats.select(
                    "pattern", "actor_id", "role", "candidates").iter_rows():
                if aid is not None:
                    put(pattern, [aid])
                elif role is not None:
                    put(pattern, held.get(role, []))
                else:
                    put(pattern, [c for c in cands if not c.startswith("role:")]
                        + [h for c in cands if c.startswith("role:")
                           for h in held.get(c[5:], [])])
            # an id always means its own actor
            for aid in self.actors["actor_id"]:
                index[aid.casefold()] = {aid}
            self._cache["names"] = index
        return self._cache["names"]


# --------------------------------------------------------------------------- loading
def load_gazetteer(*paths: str | Path, extend: bool = False) -> Gazetteer:
    """Read and check a gazetteer (the shipped default when no path is given).

    Parameters
    ----------
    *paths : str or Path
        YAML files; several are read in order. An actor id that a later file
        repeats replaces the earlier entry (within one file a repeated id is an
        error).
    extend : bool, default False
        Read the default gazetteer first, so the files add to or override it.

    Returns
    -------
    Gazetteer

    Raises
    ------
    GazetteerError
        A file that is not valid YAML, lacks ``actors``, repeats an id, names an
        unknown type or actor, or has role dates that run backwards or overlap;
        the message gives ``file:line``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> bad = pathlib.Path(tempfile.mkdtemp()) / "bad.yml"
    >>> _ = bad.write_text("actors:\\n- {id: a, name: A, type: person}\\n"
    ...                    "- {id: a, name: B, type: person}\\n")
    >>> load_gazetteer(bad)
    Traceback (most recent call last):
    ...
    tassanalysis.actors.gazetteer.GazetteerError: ...bad.yml:3: duplicate actor id 'a' (first on line 2)
    """
    files = [default_gazetteer_path()] if (extend or not paths) else []
    files += [Path(p) for p in paths]
    key = tuple((str(f), f.stat().st_mtime_ns if f.exists() else 0) for f in files)
    return _load_cached(key)


@functools.lru_cache(maxsize=8)
def _load_cached(key: tuple[tuple[str, int], ...]) -> Gazetteer:
    actors: dict[str, dict] = {}
    folded: dict[str, str] = {}  # case-folded id -> id as written
    roles: list[dict] = []
    metonyms: list[dict] = []
    for path_str, _ in key:
        path = Path(path_str)
        doc = _read_yaml(path)
        seen: dict[str, tuple[str, int]] = {}
        for entry in doc["actors"]:
            actor = _check_actor(entry, path)
            fold = actor["id"].casefold()  # ids are case-insensitive: "a1" and "A1" collide
            if fold in seen:
                first, line = seen[fold]
                same = "" if first == actor["id"] else f" (as {first!r})"
                raise GazetteerError(f"{path}:{actor['line']}: duplicate actor id {actor['id']!r}"
                                     f"{same} (first on line {line})")
            seen[fold] = (actor["id"], actor["line"])
            actors.pop(folded.get(fold, ""), None)  # a later file replaces the entry
            folded[fold] = actor["id"]
            actors[actor["id"]] = actor
        roles += [(_check_role(r, path)) for r in doc.get("roles") or []]
        metonyms += [(_check_metonym(m, path)) for m in doc.get("metonyms") or []]
        metonyms += [dict(_check_metonym(m, path), kind="moscow")
                     for m in doc.get("moscow") or []]
    if str(default_gazetteer_path()) in {k for k, _ in key}:
        for actor in _generated_families(actors):
            if actor["id"].casefold() not in folded:
                actors[actor["id"]] = actor
        _country_name_variants(actors)
    families = {a["id"]: a["family"] for a in actors.values() if a.get("family")}
    for role in roles:
        _check_holders(role, actors)
    for meto in metonyms:
        if meto["actor"] not in actors:
            raise GazetteerError(f"{meto['file']}:{meto['line']}: metonym for unknown actor "
                                 f"{meto['actor']!r}")
    gaz = _frames(actors, roles, metonyms, tuple(k for k, _ in key))
    gaz._cache["families"] = families
    return gaz


def families_path() -> Path:
    """The templates of the generated actor families (``actor_families.yml``)."""
    return Path(str(resources.files("tassanalysis") / "resources" / "actor_families.yml"))


def _demonyms() -> dict[str, dict[str, list[str]]]:
    path = Path(str(resources.files("tassanalysis") / "resources" / "demonyms.tsv"))
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    out = {}
    for line in lines[1:]:
        code, en, ru = (line.split("\t") + ["", ""])[:3]
        out[code] = {"en": [x for x in en.split("|") if x], "ru": [x for x in ru.split("|") if x]}
    return out


def _generated_families(actors: dict[str, dict]) -> list[dict]:
    """The organizations of ``actor_families.yml``, one per country and family.

    A family member is not generated for a country where any of its aliases is already
    an alias of an organization in the gazetteer (that member is listed by hand, e.g.
    the Russian Foreign Ministry): the generated aliases no actor has yet are added to
    that entry instead, so a hand-listed "Вооруженные силы Украины" also gets "ВС
    Украины" and "армия Украины".
    """
    path = families_path()
    doc = _read_yaml_doc(path)
    demonyms = _demonyms()
    taken = {a.casefold() for actor in actors.values() for lang in ("en", "ru")
             for a in actor[lang]}
    owner = {a.casefold(): actor["id"] for actor in actors.values()
             if actor["type"] == "organization" for lang in ("en", "ru") for a in actor[lang]}
    out = []
    countries = [a for a in actors.values() if a["type"] == "country"]
    for family in doc.get("families") or []:
        skip = set(family.get("except") or [])
        for country in countries:
            if country["id"] in skip:
                continue
            adj = demonyms.get(country["id"], {"en": [], "ru": []})
            values = {"name": [country["name"], *country["en"]], "adj": adj["en"],
                      "gen": [_genitive(r) for r in country["ru"]], "ru": adj["ru"]}
            names = {}
            for lang in ("en", "ru"):
                names[lang] = list(dict.fromkeys(
                    form for template in family.get(lang) or []
                    for form in _fill(template, values)))
            if not names["en"] and not names["ru"]:
                continue
            if any(n.casefold() in taken for lang in ("en", "ru") for n in names[lang]):
                listed = [owner[n.casefold()] for lang in ("en", "ru") for n in names[lang]
                          if n.casefold() in owner]
                if listed and len(set(listed)) == 1:  # the member listed by hand
                    entry = actors[listed[0]]
                    entry.setdefault("family", (family["family"], country["id"]))
                    for lang in ("en", "ru"):
                        extra = [n for n in names[lang] if n.casefold() not in taken]
                        entry[lang] = [*entry[lang], *extra]
                        taken.update(n.casefold() for n in extra)
                continue
            out.append({"id": f"{country['id']}-{family['family']}",
                        "family": (family["family"], country["id"]),
                        "name": _fill(family["name"], values)[0], "type": "organization",
                        "en": names["en"], "ru": names["ru"], "surname": None, "outlets": [],
                        "from": country["from"], "to": country["to"],
                        "source": f"{family.get('source', 'generated')} "
                                  f"({country['name']}: {country['source']}; demonyms.tsv)",
                        "file": str(path), "line": family["__line__"]})
    return out


def _country_name_variants(actors: dict[str, dict]) -> None:
    """Give a Russian organization alias that ends in one name of a country (genitive)
    the same alias with each other Russian name of that country: "Совет безопасности
    РФ" also as "Совет безопасности Российской Федерации" and "… России" (in place)."""
    names: list[tuple[str, list[str]]] = []
    for country in actors.values():
        if country["type"] == "country" and len(country["ru"]) > 1:
            gens = list(dict.fromkeys(_genitive(r) for r in country["ru"]))
            names += [(g, gens) for g in gens]
    names.sort(key=lambda item: -len(item[0]))  # "Российской Федерации" before "Федерации"
    taken = {a.casefold() for actor in actors.values() for a in actor["ru"]}
    for actor in actors.values():
        if actor["type"] != "organization":
            continue
        extra = []
        for alias in actor["ru"]:
            for gen, gens in names:
                if alias.endswith(" " + gen):
                    stem = alias[: -len(gen)]
                    extra += [stem + g for g in gens if (stem + g).casefold() not in taken]
                    break
        if extra:
            extra = list(dict.fromkeys(extra))
            taken.update(e.casefold() for e in extra)
            actor["ru"] = [*actor["ru"], *extra]


def _fill(template: str, values: dict[str, list[str]]) -> list[str]:
    """Every filling of a template's placeholders ({name}, {adj}, {gen}, {ru:G})."""
    slots = re.findall(r"\{(name|adj|gen|ru:(?:masc|femn|neut))\}", template)
    if not slots:
        return [template]
    out = [template]
    for slot in dict.fromkeys(slots):
        if slot.startswith("ru:"):
            choices = [_adjective(a, slot[3:]) for a in values["ru"]]
        else:
            choices = values[slot]
        out = [t.replace("{" + slot + "}", c) for t in out for c in choices]
    return list(dict.fromkeys(out))


def _read_yaml_doc(path: Path) -> dict:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506
    except (OSError, yaml.YAMLError) as exc:
        raise GazetteerError(f"{path}: cannot read the actor families: {exc}") from exc


def _load_yaml(text: str, offset: int) -> Any:
    """Parse YAML text that starts at line ``offset`` of its file."""
    loader = _LineLoader(text)
    loader.line_offset = offset
    try:
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        exc.line_offset = offset
        raise
    finally:
        loader.dispose()


_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*):[ \t]*(.*?)[ \t]*$")


def _load_by_entry(text: str) -> dict | None:
    """Parse a gazetteer laid out as the shipped one (top-level keys; lists whose items
    start with "- " in the first column) one item at a time, so the time is linear in
    the file's size (a YAML parser slows down on one long document). ``None`` for any
    other layout, which is then parsed as a whole."""
    doc: dict[str, Any] = {}
    section: list | None = None
    item: list[str] = []
    start = 0

    def flush() -> None:
        if item and section is not None:
            parsed = _load_yaml("".join(item), start)
            if not isinstance(parsed, list) or len(parsed) != 1:
                raise _NotByEntry
            section.append(parsed[0])
        item.clear()

    try:
        for number, line in enumerate(text.splitlines(keepends=True)):
            if line.startswith("- "):
                flush()
                if section is None:
                    return None
                item.append(line)
                start = number
            elif line[:1] in (" ", "\t") or (item and not line.strip()):
                if not item:
                    if line.strip() and not line.lstrip().startswith("#"):
                        return None
                    continue
                item.append(line)
            elif not line.strip() or line.startswith("#"):
                continue
            else:
                flush()
                match = _TOP_KEY.match(line.rstrip("\r\n"))
                if not match:
                    return None
                key, value = match.groups()
                if value and not value.startswith("#"):
                    doc[key] = _load_yaml(value, number)
                    section = None
                else:
                    section = doc[key] = []
        flush()
    except _NotByEntry:
        return None
    return doc


class _NotByEntry(Exception):
    """An item that is not one list entry: parse the file as a whole."""


def _read_yaml(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise GazetteerError(f"{path}: cannot read the gazetteer: {exc}") from exc
    try:
        doc = _load_by_entry(text)
        if doc is None:
            doc = _load_yaml(text, 0)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 + getattr(exc, "line_offset", 0) if mark else None
        where = f"{path}:{line}" if mark else str(path)
        raise GazetteerError(f"{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("actors"), list):
        raise GazetteerError(f"{path}:1: a gazetteer is a mapping with an 'actors' list")
    return doc


def _where(entry: Any, path: Path) -> str:
    line = entry.get("__line__", "?") if isinstance(entry, dict) else "?"
    return f"{path}:{line}"


def _names(entry: dict, key: str, path: Path) -> list[str]:
    value = entry.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise GazetteerError(f"{_where(entry, path)}: {key!r} must be a list of non-empty names")
    return [v.strip() for v in value]


def _date(entry: dict, key: str, path: Path) -> dt.date | None:
    value = entry.get(key)
    try:
        return as_date(value, key)
    except ValueError:
        raise GazetteerError(f"{_where(entry, path)}: {key!r} is not a date (YYYY-MM-DD): "
                             f"{value!r}") from None


def _span(entry: dict, path: Path) -> tuple[dt.date | None, dt.date | None]:
    start, end = _date(entry, "from", path), _date(entry, "to", path)
    if start and end and end < start:
        raise GazetteerError(f"{_where(entry, path)}: dates run backwards ({start} .. {end})")
    return start, end


def _unknown_keys(entry: dict, allowed: set[str], path: Path) -> None:
    extra = sorted(set(entry) - allowed)
    if extra:
        raise GazetteerError(f"{_where(entry, path)}: unknown field(s) {', '.join(extra)}")


def _check_actor(entry: Any, path: Path) -> dict:
    if not isinstance(entry, dict):
        raise GazetteerError(f"{path}: every actor must be a mapping, got {entry!r}")
    _unknown_keys(entry, _ACTOR_KEYS, path)
    for required in ("id", "name", "type"):
        if not entry.get(required) or not isinstance(entry[required], str):
            raise GazetteerError(f"{_where(entry, path)}: actor needs a text {required!r}")
    if entry["type"] not in ACTOR_TYPES:
        raise GazetteerError(f"{_where(entry, path)}: unknown type {entry['type']!r} "
                             f"(one of {', '.join(ACTOR_TYPES)})")
    start, end = _span(entry, path)
    surname = entry.get("surname")
    if surname is not None and not isinstance(surname, str):
        raise GazetteerError(f"{_where(entry, path)}: 'surname' must be text")
    return {"id": entry["id"], "name": entry["name"], "type": entry["type"],
            "en": _names(entry, "en", path), "ru": _names(entry, "ru", path),
            "surname": surname, "outlets": _names(entry, "outlets", path),
            "from": start, "to": end, "source": str(entry.get("source") or ""),
            "file": str(path), "line": entry["__line__"]}


def _check_role(entry: Any, path: Path) -> dict:
    if not isinstance(entry, dict) or not isinstance(entry.get("role"), str):
        raise GazetteerError(f"{_where(entry, path)}: a role needs a text 'role'")
    _unknown_keys(entry, _ROLE_KEYS, path)
    holders = entry.get("holders")
    if not isinstance(holders, list) or not holders:
        raise GazetteerError(f"{_where(entry, path)}: role {entry['role']!r} needs 'holders'")
    checked = []
    for h in holders:
        if not isinstance(h, dict) or not isinstance(h.get("actor"), str):
            raise GazetteerError(f"{_where(entry, path)}: every holder needs an 'actor'")
        _unknown_keys(h, _HOLDER_KEYS, path)
        start, end = _span(h, path)
        if start is None:
            raise GazetteerError(f"{_where(h, path)}: holder {h['actor']!r} needs 'from'")
        checked.append({"actor": h["actor"], "from": start, "to": end, "line": h["__line__"]})
    return {"role": entry["role"], "en": _names(entry, "en", path),
            "ru": _names(entry, "ru", path), "holders": checked, "file": str(path),
            "line": entry["__line__"]}


def _check_holders(role: dict, actors: dict[str, dict]) -> None:
    where = f"{role['file']}:{role['line']}"
    spans = []
    for h in role["holders"]:
        if h["actor"] not in actors:
            raise GazetteerError(f"{where}: role {role['role']!r} names unknown actor "
                                 f"{h['actor']!r}")
        spans.append((h["from"], h["to"] or dt.date.max, h["actor"]))
    spans.sort()
    for (s1, e1, a1), (s2, _e2, a2) in zip(spans, spans[1:], strict=False):
        if s2 <= e1:
            raise GazetteerError(f"{where}: role {role['role']!r}: holders {a1!r} and {a2!r} "
                                 f"overlap ({s2} falls in {s1} .. {e1})")


def _check_metonym(entry: Any, path: Path) -> dict:
    if not isinstance(entry, dict) or not isinstance(entry.get("actor"), str):
        raise GazetteerError(f"{_where(entry, path)}: a metonym needs an 'actor'")
    _unknown_keys(entry, _METONYM_KEYS, path)
    return {"actor": entry["actor"], "en": _names(entry, "en", path),
            "ru": _names(entry, "ru", path), "file": str(path), "line": entry["__line__"]}


def _frames(actors: dict[str, dict], roles: list[dict], metonyms: list[dict],
            files: tuple[str, ...]) -> Gazetteer:
    actor_rows = [{"actor_id": a["id"], "actor": a["name"], "type": a["type"],
                   "outlets": a["outlets"], "valid_from": a["from"], "valid_to": a["to"],
                   "source": a["source"], "file": a["file"], "line": a["line"]}
                  for a in actors.values()]
    alias_rows = []

    def add(alias: str, language: str, kind: str, actor_id: str | None, role: str | None,
            file: str, line: int) -> None:
        alias_rows.append({"alias": alias, "language": language, "kind": kind,
                           "actor_id": actor_id, "role": role, "file": file, "line": line})

    for a in actors.values():
        for lang in ("en", "ru"):
            for alias in a[lang]:
                add(alias, lang, "name", a["id"], None, a["file"], a["line"])
        if a["type"] == "person":
            for lang, surname in _surnames(a):
                add(surname, lang, "surname", a["id"], None, a["file"], a["line"])
    for r in roles:
        for lang in ("en", "ru"):
            for alias in r[lang]:
                add(alias, lang, "role", None, r["role"], r["file"], r["line"])
    for m in metonyms:
        for lang in ("en", "ru"):
            for alias in m[lang]:
                add(alias, lang, m.get("kind", "metonym"), m["actor"], None, m["file"],
                    m["line"])
    role_rows = [{"role": r["role"], "actor_id": h["actor"], "valid_from": h["from"],
                  "valid_to": h["to"]} for r in roles for h in r["holders"]]
    schema_actors = {"actor_id": pl.String, "actor": pl.String, "type": pl.String,
                     "outlets": pl.List(pl.String), "valid_from": pl.Date, "valid_to": pl.Date,
                     "source": pl.String, "file": pl.String, "line": pl.Int64}
    schema_aliases = {"alias": pl.String, "language": pl.String, "kind": pl.String,
                      "actor_id": pl.String, "role": pl.String, "file": pl.String,
                      "line": pl.Int64}
    schema_roles = {"role": pl.String, "actor_id": pl.String, "valid_from": pl.Date,
                    "valid_to": pl.Date}
    return Gazetteer(actors=pl.DataFrame(actor_rows, schema=schema_actors),
                     aliases=pl.DataFrame(alias_rows, schema=schema_aliases),
                     roles=pl.DataFrame(role_rows, schema=schema_roles), files=files)


def _surnames(actor: dict) -> list[tuple[str, str]]:
    """The bare surname(s) of a person: explicit, or the last word of the names."""
    if actor["surname"] is not None:
        return [("en", actor["surname"])] if actor["surname"] else []
    out = []
    parts = actor["name"].split()
    if len(parts) > 1:
        out.append(("en", parts[-1]))
    if actor["ru"]:
        ru = actor["ru"][0].split()
        if len(ru) > 1:
            out.append(("ru", ru[-1]))
    return out


# --------------------------------------------------------------------------- compiling
@functools.lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def _match_case(form: str, model: str) -> str:
    if "-" in model and form.count("-") == model.count("-"):
        return "-".join(_match_case(f, m) for f, m in zip(form.split("-"), model.split("-"),
                                                            strict=True))
    if model.isupper() and len(model) > 1:
        return form.upper()
    if model[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def _nominative_parse(word: str, prefer_gender: str | None = None):
    parses = [p for p in _morph().parse(word) if "nomn" in p.tag]
    if not parses:
        return None
    proper = [p for p in parses if {"Name", "Surn", "Patr", "Geox", "Orgn"} & p.tag.grammemes]
    pool = proper or parses
    if prefer_gender:
        gendered = [p for p in pool if prefer_gender in p.tag]
        pool = gendered or pool
    return pool[0]


def russian_forms(alias: str) -> list[str]:
    """The case forms of a Russian name (nominative first): see :func:`_russian_forms`.

    Examples
    --------
    >>> russian_forms("Государственная дума")[1]
    'Государственной думы'
    """
    return list(_russian_forms(alias))


@functools.lru_cache(maxsize=65536)
def _russian_forms(alias: str) -> tuple[str, ...]:
    """The case forms of a Russian name (nominative first), by pymorphy3.

    The words that agree are declined: leading adjectives and participles, the head
    noun, and a given name or surname that follows it; the rest (genitive
    complements, indeclinable abbreviations, words in quotes) is kept as written.

    Parameters
    ----------
    alias : str
        A name in the nominative case, e.g. ``"Сергей Лавров"``.

    Returns
    -------
    list of str
        Distinct forms, the alias itself first; ``ё`` forms are also given with ``е``.

    Examples
    --------
    >>> russian_forms("Сергей Лавров")[:3]
    ['Сергей Лавров', 'Сергея Лаврова', 'Сергею Лаврову']
    >>> "Государственной думы" in russian_forms("Государственная дума")
    True
    >>> "Министерства иностранных дел России" in russian_forms("Министерство иностранных дел России")
    True
    >>> "Марии Захаровой" in russian_forms("Мария Захарова")
    True
    """
    words = alias.split(" ")
    plan: list = []  # a parse per declined word, None for a word kept as it is
    gender = None
    head_done = False
    for word in words:
        core = word
        if head_done or not core or not all("А" <= ch <= "я" or ch in "Ёё-" for ch in core):
            plan.append(None)
            head_done = True
            continue
        parse = _nominative_parse(core, gender)
        if parse is None or {"Fixd", "Abbr"} & parse.tag.grammemes:
            plan.append(None)
            head_done = True
            continue
        grammemes = parse.tag.grammemes
        if "NOUN" in grammemes and {"Name", "Surn", "Patr"} & grammemes:
            gender = gender or parse.tag.gender
            plan.append(parse)
        elif {"ADJF", "PRTF"} & grammemes:
            plan.append(parse)
        elif "NOUN" in grammemes:
            plan.append(parse)
            nxt = words[len(plan)] if len(plan) < len(words) else ""
            nparse = _nominative_parse(nxt) if nxt else None
            if not (nparse and {"Name", "Surn"} & nparse.tag.grammemes):
                head_done = True
        else:
            plan.append(None)
            head_done = True
    forms = [alias]
    for case in _CASES[1:]:
        out = []
        for word, parse in zip(words, plan, strict=True):
            if parse is None:
                out.append(word)
                continue
            wanted = {case} | ({parse.tag.number} if parse.tag.number else set())
            inflected = parse.inflect(wanted) or parse.inflect({case})
            out.append(_match_case(inflected.word, word) if inflected else word)
        forms.append(" ".join(out))
    forms += [f.replace("ё", "е").replace("Ё", "Е") for f in forms]
    return tuple(dict.fromkeys(forms))


_PERSON_TAGS = frozenset({"Name", "Surn", "Patr"})
_HUSHING = "жшчщц"


def _known_person_word(word: str, gender: str | None):
    """pymorphy3's dictionary parse of a given name or surname in the nominative
    singular (never a guess: the guesser declines unknown foreign names wrongly)."""
    for parse in _morph().parse(word):
        if (parse.methods_stack[0][0].__class__.__name__ == "DictionaryAnalyzer"
                and _PERSON_TAGS & parse.tag.grammemes and "nomn" in parse.tag
                and parse.tag.number != "plur"
                and (gender is None or "ms-f" in parse.tag or parse.tag.gender is None
                     or parse.tag.gender == gender)):
            return parse
    return None


def _declined_by_ending(word: str, gender: str) -> list[str]:
    """The six case forms of a name pymorphy3's dictionary does not know, by the
    declension rules of foreign names in Russian: consonant-final masculine names
    decline (Пашинян, Пашиняна, Пашиняну, Пашиняна, Пашиняном, Пашиняне; -ов, -ев, -ин,
    -ын take -ым), -й and -ь drop their last letter (Сергей, Сергея), -а and -я decline
    as nouns of the first declension; names ending in any other vowel (Джо, Шойгу,
    Моди) and consonant-final feminine names (Каллас) do not decline."""
    low = word.lower()
    last = low[-1:]
    if last in "аяь" or last == "й":
        stem = word[:-1]
    else:
        stem = word
    if last == "а":
        soft = low[-2:-1] in "гкхжшчщ"
        return [word, stem + ("и" if soft else "ы"), stem + "е", stem + "у",
                stem + ("ей" if low[-2:-1] in "жшчщц" else "ой"), stem + "е"]
    if last == "я":
        tail = "и" if low.endswith("ия") else "е"
        return [word, stem + "и", stem + tail, stem + "ю", stem + "ей", stem + tail]
    if last in "оеэиыуюё" or gender == "femn" or not last.isalpha():
        return [word] * 6
    if last in "йь":
        return [word, stem + "я", stem + "ю", stem + "я", stem + "ем", stem + "е"]
    ablt = ("ым" if len(low) > 3 and low.endswith(("ов", "ев", "ёв", "ин", "ын"))
            else "ем" if last in _HUSHING else "ом")
    return [word, word + "а", word + "у", word + "а", word + ablt, word + "е"]


@functools.lru_cache(maxsize=65536)
def person_forms(name: str) -> tuple[str, ...]:
    """The case forms of a person's name in Russian, nominative first.

    Each word is declined on its own: a given name or surname pymorphy3's dictionary
    knows by the dictionary, any other by its ending (:func:`_declined_by_ending`), so
    foreign names the dictionary lacks decline too ("Никол Пашинян": "Никола
    Пашиняна") and indeclinable ones stay as written ("Джо Байден": "Джо Байденом").
    The gender of the first word (dictionary, else -а/-я for feminine) decides for the
    rest.

    Examples
    --------
    >>> person_forms("Никол Пашинян")[1:3]
    ('Никола Пашиняна', 'Николу Пашиняну')
    >>> "Джо Байденом" in person_forms("Джо Байден")
    True
    >>> person_forms("Кая Каллас")[4]
    'Каей Каллас'
    >>> person_forms("Сергей Шойгу")[1]
    'Сергея Шойгу'
    """
    words = name.split(" ")
    first = _known_person_word(words[0], None) if len(words) > 1 else None
    if first is not None and first.tag.gender in ("masc", "femn"):
        gender = first.tag.gender
    elif len(words) > 1 and words[0][-1:] in "ая" and words[0][-2:] != "ья":
        gender = "femn"
    else:
        gender = "masc"
    per_word = []
    for word in words:
        if not word or not all("А" <= ch <= "я" or ch in "Ёё-" for ch in word):
            per_word.append([word] * 6)
            continue
        parse = _known_person_word(word, gender)
        if parse is not None:
            forms = []
            for case in _CASES:
                inflected = parse.inflect({case, "sing"}) or parse.inflect({case})
                forms.append(_match_case(inflected.word, word) if inflected else word)
            per_word.append(forms)
        else:
            per_word.append(_declined_by_ending(word, gender))
    out = [" ".join(w[i] for w in per_word) for i in range(6)]
    out += [f.replace("ё", "е").replace("Ё", "Е") for f in out]
    return tuple(out)


def _adjective(adjective: str, gender: str) -> str:
    """A Russian adjective (masculine nominative) in another gender: "иранская"."""
    for parse in _morph().parse(adjective):
        if "ADJF" in parse.tag:
            inflected = parse.inflect({gender, "nomn", "sing"})
            if inflected:
                return _match_case(inflected.word, adjective)
    return adjective


def _genitive(name: str) -> str:
    """A Russian name in the genitive case (the second of :func:`russian_forms`)."""
    forms = russian_forms(name)
    return forms[1] if len(forms) > 1 and forms[1] != name else name


def _case_variants(alias: str) -> list[str]:
    """Capitalisation variants by the per-alias case rule (module docstring)."""
    out = [alias]
    if alias[:1].islower():
        out.append(alias[:1].upper() + alias[1:])
        if alias == alias.lower():
            out.append(" ".join(w[:1].upper() + w[1:] for w in alias.split(" ")))
    return out


#: Words left in lower case when a Russian institution's name is written in the
#: official style, every other word capitalised ("Совет Безопасности Российской
#: Федерации", "Администрация Президента").
RU_FUNCTION_WORDS = frozenset("и в во на по при для о об с со к ко из от до за".split())


def _official_capitals(form: str) -> str:
    """A Russian institution's name with every word but function words capitalised."""
    return " ".join(w if w in RU_FUNCTION_WORDS else w[:1].upper() + w[1:]
                    for w in form.split(" "))


def _apostrophe_variants(form: str) -> list[str]:
    if "'" in form or "’" in form:
        return [form, form.replace("'", "’"), form.replace("’", "'")]
    return [form]


#: Words of English role titles that news copy also writes in lower case
#: ("the Russian president", "US secretary of state").
TITLE_WORDS = frozenset(
    "President Prime Minister Foreign Defense Defence Secretary State Chancellor General "
    "Secretary-General Spokesman Spokeswoman Press Leader Chief Head Top Diplomat "
    "Presidential".split())


def _role_variants(alias: str) -> list[str]:
    words = alias.split(" ")
    lowered = [words[0]] + [w.lower() if w in TITLE_WORDS else w for w in words[1:]]
    return list(dict.fromkeys([alias, " ".join(lowered)]))


def _surface_forms(alias: str, language: str, kind: str = "name", person: bool = False,
                   organization: bool = False) -> list[str]:
    if language == "ru":
        base = list(dict.fromkeys(person_forms(alias))) if person else russian_forms(alias)
        if organization and " " in alias:
            base = list(dict.fromkeys(
                v for form in base for v in (form, _official_capitals(form))))
    else:
        base = [alias]
    if kind == "role" and language == "en":
        base = [v for form in base for v in _role_variants(form)]
    out: list[str] = []
    for form in base:
        for cased in _case_variants(form):
            out += _apostrophe_variants(cased)
    return list(dict.fromkeys(out))


def _compile_patterns(gaz: Gazetteer, *, metonyms: bool) -> pl.DataFrame:
    aliases = gaz.aliases if metonyms else gaz.aliases.filter(pl.col("kind") != "metonym")
    persons = set(gaz.actors.filter(pl.col("type") == "person")["actor_id"].to_list())
    organizations = set(gaz.actors.filter(pl.col("type") == "organization")["actor_id"])
    rows = []
    for rec in aliases.iter_rows(named=True):
        person = rec["actor_id"] in persons and rec["kind"] in ("name", "surname")
        organization = rec["actor_id"] in organizations
        for form in _surface_forms(rec["alias"], rec["language"], rec["kind"], person,
                                   organization):
            target = rec["actor_id"] if rec["role"] is None else "role:" + rec["role"]
            rows.append((form, rec["alias"], rec["kind"], rec["language"], rec["actor_id"],
                         rec["role"], target))
    frame = pl.DataFrame(rows, schema={c: pl.String for c in (
        "pattern", "alias", "kind", "language", "actor_id", "role", "target")}, orient="row")
    # A form a full name or role gives wins over the same form as a mere surname, and
    # both over a bare name that needs a Moscow dateline; a form several actors claim
    # through their names or surnames is ambiguous.
    rank = (pl.when(pl.col("kind") == "surname").then(1)
            .when(pl.col("kind") == "moscow").then(2).otherwise(0))
    frame = frame.with_columns(rank.alias("rank"))
    best = frame.group_by("pattern").agg(pl.col("rank").min().alias("best"))
    frame = frame.join(best, on="pattern").filter(pl.col("rank") == pl.col("best"))
    grouped = (frame.sort("pattern", "target")
               .group_by("pattern", maintain_order=True)
               .agg(pl.col("alias").first(), pl.col("kind").first(),
                    pl.col("language").first(), pl.col("actor_id").first(),
                    pl.col("role").first(),
                    pl.col("target").unique(maintain_order=True).alias("candidates")))
    ambiguous = pl.col("candidates").list.len() > 1
    return grouped.with_columns(
        pl.when(ambiguous).then(None).otherwise(pl.col("actor_id")).alias("actor_id"),
        pl.when(ambiguous).then(None).otherwise(pl.col("role")).alias("role"),
        pl.when(ambiguous).then(pl.lit("ambiguous")).otherwise(pl.col("kind")).alias("kind"),
        pl.when(ambiguous).then(pl.col("candidates")).otherwise(pl.lit([], pl.List(pl.String)))
        .alias("candidates"),
    ).sort("pattern")


def gazetteer_of(gazetteer: Gazetteer | str | Path | Sequence[str | Path] | None) -> Gazetteer:
    """Turn the ``gazetteer=`` option of the analyses into a :class:`Gazetteer`.

    ``None`` is the default gazetteer; a path or list of paths is read with
    :func:`load_gazetteer`; a list (or comma-separated string) starting with
    ``"default"`` extends the default: ``"default,mine.yml"``.

    Examples
    --------
    >>> len(gazetteer_of(None)) > 500
    True
    """
    if gazetteer is None:
        return load_gazetteer()
    if isinstance(gazetteer, Gazetteer):
        return gazetteer
    if isinstance(gazetteer, Path):
        return load_gazetteer(gazetteer)
    if isinstance(gazetteer, str):
        if gazetteer.strip() in ("", "default"):
            return load_gazetteer()
        gazetteer = [p.strip() for p in gazetteer.split(",") if p.strip()]
    paths = list(gazetteer)
    extend = bool(paths) and str(paths[0]) == "default"
    return load_gazetteer(*[p for p in paths if str(p) != "default"], extend=extend)


