"""Safe YAML reading and writing shared by the parameter tree and the project files.

Project files come from users (uploads, e-mails between a facilitator and a structure), so reading
them must never execute anything, never blow up memory, and never silently drop data:

* only plain data is built: null, booleans, numbers, dates, texts, lists and dictionaries; any other
  tag (`!!python/...`, but also `!!set`, `!!binary`, `<<` merge keys) is refused;
* anchors and aliases are refused: a project has no use for them, and refusing them is the only
  robust defence against "billion laughs" expansion in whatever walks the data afterwards;
* a key written twice in the same mapping is an error (PyYAML would keep the last one silently);
* the nesting depth is bounded (`PROFONDEUR_MAX`).

How: a YAML parser turns the text into events (start of a mapping, a scalar, end of a list...) and
`_construire` builds the data from them in one pass, checking each rule as its event arrives: the
first fault in reading order stops the reading at once (a hostile file's 1 MB is never built). The
parser is libyaml's (PyYAML's C extension, shipped in its wheels) when present, else PyYAML's
pure-Python one: the rules, the messages and their positions are the same code for both. Scalars are
resolved and built by PyYAML's own `Resolver` and `SafeConstructor`, so values are what
`yaml.safe_load` gives. libyaml's composer and PyYAML's node constructor are not used: the first
recurses in C with no depth limit, and both build every node before any rule could be checked.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import (
    AliasEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

try:
    from yaml._yaml import CParser
except ImportError:  # PyYAML built without libyaml
    CParser = None

PROFONDEUR_MAX = 40
AVEC_LIBYAML = CParser is not None and bool(getattr(yaml, "__with_libyaml__", False))

_ETIQUETTE = "tag:yaml.org,2002:"
_SCALAIRES = {_ETIQUETTE + t for t in ("null", "bool", "int", "float", "str", "timestamp")}
_LISTE = _ETIQUETTE + "seq"
_DICTIONNAIRE = _ETIQUETTE + "map"
_ANCRES = "les ancres et alias YAML (« & » et « * ») ne sont pas acceptés dans un fichier projet"


class ErreurYaml(ValueError):
    """The text is not acceptable YAML; the message is in French and says where."""


def _position(mark: Any) -> str:
    if mark is None:
        return ""
    return f" (ligne {mark.line + 1}, colonne {mark.column + 1})"


def _etiquette_refusee(etiquette: str, mark: Any) -> ErreurYaml:
    return ErreurYaml(f"le fichier contient une étiquette YAML non autorisée « {etiquette!r} »" + _position(mark))


class _EvenementsPython(Reader, Scanner, Parser):
    """PyYAML's pure-Python parser alone (the fallback when libyaml is missing)."""

    def __init__(self, texte: str) -> None:
        Reader.__init__(self, texte)
        Scanner.__init__(self)
        Parser.__init__(self)


SOURCES: dict[str, type] = {"python": _EvenementsPython}
"""The event sources, by name: `libyaml` (when present, used by default) and `python`."""
if AVEC_LIBYAML:
    SOURCES = {"libyaml": CParser, **SOURCES}
_source_par_defaut: type = next(iter(SOURCES.values()))


class _Cadre:
    """A list or a dictionary being built, with where it starts and, for a dictionary, its pending key."""

    __slots__ = ("cle", "debut", "donnees")

    def __init__(self, donnees: list[Any] | dict[Any, Any], debut: Any) -> None:
        self.donnees = donnees
        self.debut = debut
        self.cle: Any = _Cadre
        """`_Cadre` itself while no key is pending (any other value, even None, is a key)."""


_CONSTRUCTEUR = SafeConstructor()
_RESOLVEUR = Resolver()
_PREMIERS = frozenset(k for k in Resolver.yaml_implicit_resolvers if k)
"""First characters an implicit type (number, boolean, null, date...) can start with: a plain scalar
starting otherwise is a text, as `Resolver.resolve` would say (most keys and names of a file)."""
_RACCOURCI = None not in Resolver.yaml_implicit_resolvers
"""The shortcut holds while no resolver applies to every first character (none in PyYAML)."""


def _scalaire(ev: ScalarEvent, deja: dict[tuple[Any, ...], Any]) -> Any:
    """The value `yaml.safe_load` gives a scalar (remembered per text: a file repeats its values)."""
    etiquette = ev.tag
    if etiquette is None or etiquette == "!":
        valeur = ev.value
        if not ev.implicit[0] or (_RACCOURCI and valeur and valeur[0] not in _PREMIERS):
            return valeur  # quoted, or no implicit type can match: a text
        cle = (ev.value, ev.implicit)
        if cle in deja:
            return deja[cle]
        etiquette = _RESOLVEUR.resolve(ScalarNode, ev.value, ev.implicit)
    else:
        cle = (etiquette, ev.value)
        if cle in deja:
            return deja[cle]
    if etiquette not in _SCALAIRES:
        raise _etiquette_refusee(etiquette, ev.start_mark)
    noeud = ScalarNode(etiquette, ev.value, ev.start_mark, ev.end_mark, ev.style)
    try:
        valeur = _CONSTRUCTEUR.yaml_constructors[etiquette](_CONSTRUCTEUR, noeud)
    except (ValueError, KeyError, TypeError, AttributeError, yaml.YAMLError) as exc:  # `!!int abc`, `!!bool peut-être`
        raise ErreurYaml(
            f"la valeur « {ev.value[:60]} » ne correspond pas à son étiquette YAML « {etiquette!r} »"
            + _position(ev.start_mark)
        ) from exc
    deja[cle] = valeur
    return valeur


def _construire(source: Any) -> Any:
    """The data of the single document the events describe, checking every rule on the way."""
    source.get_event()  # stream start
    if source.check_event(StreamEndEvent):
        return None
    source.get_event()  # document start
    pile: list[_Cadre] = []
    deja: dict[tuple[Any, ...], Any] = {}
    while True:
        ev = source.get_event()
        genre = ev.__class__
        if genre is ScalarEvent or genre is SequenceStartEvent or genre is MappingStartEvent:
            if ev.anchor:
                raise ErreurYaml(_ANCRES + _position(ev.start_mark))
            if len(pile) >= PROFONDEUR_MAX:
                raise ErreurYaml(
                    f"le fichier est imbriqué sur plus de {PROFONDEUR_MAX} niveaux" + _position(ev.start_mark)
                )
            debut = ev.start_mark
            if genre is ScalarEvent:
                valeur = _scalaire(ev, deja)
            else:
                attendue = _LISTE if genre is SequenceStartEvent else _DICTIONNAIRE
                if ev.tag not in (None, "!", attendue):
                    raise _etiquette_refusee(ev.tag, debut)
                pile.append(_Cadre([] if genre is SequenceStartEvent else {}, debut))
                continue
        elif genre is AliasEvent:
            raise ErreurYaml(_ANCRES + _position(ev.start_mark))
        else:  # end of a list or of a dictionary
            cadre = pile.pop()
            valeur, debut = cadre.donnees, cadre.debut
        if not pile:
            break
        parent = pile[-1]
        donnees = parent.donnees
        if donnees.__class__ is list:
            donnees.append(valeur)
        elif parent.cle is _Cadre:
            try:
                doublon = valeur in donnees
            except TypeError:
                raise ErreurYaml("une clé de dictionnaire n'est pas un texte simple" + _position(debut)) from None
            if doublon:
                raise ErreurYaml(f"la clé « {valeur} » apparaît deux fois" + _position(debut))
            parent.cle = valeur
        else:
            donnees[parent.cle] = valeur
            parent.cle = _Cadre
    source.get_event()  # document end
    if not source.check_event(StreamEndEvent):
        ev = source.get_event()
        raise yaml.composer.ComposerError(
            "expected a single document in the stream", None, "but found another document", ev.start_mark
        )
    return valeur


def lire_yaml(texte: str, source: type | None = None) -> Any:
    """Parse YAML text with the restrictions above; French `ErreurYaml` on any problem.

    `source` (one of `SOURCES`) is for the tests, which check that both parsers answer the same.
    """
    evenements = None
    try:
        evenements = (source or _source_par_defaut)(texte)  # the Python reader checks the characters here
        return _construire(evenements)
    except ErreurYaml:
        raise
    except ConstructorError as exc:  # not raised by the rules above; kept for safety
        raise ErreurYaml("le fichier contient une étiquette YAML non autorisée" + _position(exc.problem_mark)) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        position = _position(_fin_du_texte(texte, mark) if mark is not None else None)
        raise ErreurYaml("le fichier n'est pas un YAML valide" + position) from exc
    except yaml.YAMLError as exc:
        raise ErreurYaml("le fichier n'est pas un YAML valide") from exc
    finally:
        if evenements is not None:
            evenements.dispose()


_SAUTS = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


def _fin_du_texte(texte: str, mark: Any) -> Any:
    """An error at the end of the text, where libyaml counts one more line than PyYAML: PyYAML's position."""
    lignes = _SAUTS.split(texte)
    derniere = len(lignes) - 1
    if mark.line > derniere or (mark.line == derniere and mark.column > len(lignes[-1])):
        return yaml.Mark("", len(texte), derniere, len(lignes[-1]), None, None)
    return mark


_SAUTS_RARES = re.compile("[\\r\\x85\\u2028\\u2029]")


def _texte(representeur: yaml.representer.SafeRepresenter, texte: str) -> yaml.ScalarNode:
    """A text with a line break other than `\\n` in double quotes, where it is escaped: the emitters'
    other styles write it as a raw break that reads back as a space or a newline."""
    style = '"' if _SAUTS_RARES.search(texte) else None
    return representeur.represent_scalar("tag:yaml.org,2002:str", texte, style=style)


class _EcrivainPython(yaml.SafeDumper):
    """Never writes an anchor (the reader refuses them): an object met twice is written twice."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


_EcrivainPython.add_representer(str, _texte)


ECRIVAINS: dict[str, type] = {"python": _EcrivainPython}
"""The dumpers, by name: `libyaml` (when present, used by default) and `python`."""
if AVEC_LIBYAML:

    class _EcrivainLibyaml(yaml.CSafeDumper):  # type: ignore[misc, valid-type]
        """libyaml's emitter with PyYAML's safe representer; no anchor either."""

        def ignore_aliases(self, data: Any) -> bool:
            return True

    _EcrivainLibyaml.add_representer(str, _texte)
    ECRIVAINS = {"libyaml": _EcrivainLibyaml, **ECRIVAINS}
_ecrivain_par_defaut: type = next(iter(ECRIVAINS.values()))


def ecrire_yaml(donnees: Any, ecrivain: type | None = None) -> str:
    """Dump to YAML keeping accents and key order (what a person wrote stays readable)."""
    return yaml.dump(
        donnees,
        Dumper=ecrivain or _ecrivain_par_defaut,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=110,
    )
