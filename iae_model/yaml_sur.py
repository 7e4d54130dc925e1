"""Safe YAML reading and writing shared by the parameter tree and the project files.

Project files come from users (uploads, e-mails between a facilitator and a structure), so reading
them must never execute anything, never blow up memory, and never silently drop data:

* only `yaml.SafeLoader` constructs values (`!!python/...` tags are refused);
* anchors and aliases are refused: a project has no use for them, and refusing them is the only
  robust defence against "billion laughs" expansion in whatever walks the data afterwards;
* a key written twice in the same mapping is an error (PyYAML would keep the last one silently);
* the nesting depth is bounded.
"""

from __future__ import annotations

from typing import Any

import yaml

PROFONDEUR_MAX = 40


class ErreurYaml(ValueError):
    """The text is not acceptable YAML; the message is in French and says where."""


def _position(mark: yaml.Mark | None) -> str:
    if mark is None:
        return ""
    return f" (ligne {mark.line + 1}, colonne {mark.column + 1})"


class _ChargeurSur(yaml.SafeLoader):
    """SafeLoader without aliases, without duplicate keys, with a depth limit."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._profondeur = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise ErreurYaml(
                "les ancres et alias YAML (« & » et « * ») ne sont pas acceptés dans un fichier projet"
                + _position(event.start_mark)
            )
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise ErreurYaml(
                "les ancres et alias YAML (« & » et « * ») ne sont pas acceptés dans un fichier projet"
                + _position(event.start_mark)
            )
        self._profondeur += 1
        try:
            if self._profondeur > PROFONDEUR_MAX:
                raise ErreurYaml(
                    f"le fichier est imbriqué sur plus de {PROFONDEUR_MAX} niveaux" + _position(event.start_mark)
                )
            return super().compose_node(parent, index)
        finally:
            self._profondeur -= 1

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:  # type: ignore[override]
        vus: set[Any] = set()
        for cle_noeud, _ in node.value:
            cle = self.construct_object(cle_noeud, deep=True)
            try:
                doublon = cle in vus
            except TypeError as exc:
                raise ErreurYaml(
                    "une clé de dictionnaire n'est pas un texte simple" + _position(cle_noeud.start_mark)
                ) from exc
            if doublon:
                raise ErreurYaml(f"la clé « {cle} » apparaît deux fois" + _position(cle_noeud.start_mark))
            vus.add(cle)
        return super().construct_mapping(node, deep=deep)


def lire_yaml(texte: str) -> Any:
    """Parse YAML text with the restrictions above; French `ErreurYaml` on any problem."""
    chargeur = _ChargeurSur(texte)
    try:
        return chargeur.get_single_data()
    except ErreurYaml:
        raise
    except yaml.constructor.ConstructorError as exc:
        raise ErreurYaml(
            "le fichier contient une étiquette YAML non autorisée"
            + (f" « {exc.problem.split()[-1]} »" if exc.problem and "tag" in exc.problem else "")
            + _position(exc.problem_mark)
        ) from exc
    except yaml.MarkedYAMLError as exc:
        raise ErreurYaml("le fichier n'est pas un YAML valide" + _position(exc.problem_mark)) from exc
    except yaml.YAMLError as exc:
        raise ErreurYaml("le fichier n'est pas un YAML valide") from exc
    finally:
        chargeur.dispose()


def ecrire_yaml(donnees: Any) -> str:
    """Dump to YAML keeping accents and key order (what a person wrote stays readable)."""
    return yaml.safe_dump(donnees, allow_unicode=True, sort_keys=False, default_flow_style=False, width=110)
