"""Reading and writing project files, with French messages that name the faulty field.

Every way a file can be wrong ends in `ErreurProjet`, whose `erreurs` list holds
(`chemin`, `message`) pairs such as (`financements[2].fin`, "l'année de fin (2024) précède ...").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from iae_model.formats import nombre, nombre_saisi
from iae_model.projet.modele import Projet
from iae_model.projet.scenarios import TYPES_CHOCS, TYPES_LEVIERS
from iae_model.yaml_sur import ErreurYaml, ecrire_yaml, lire_yaml

TAILLE_MAX_OCTETS = 1_000_000
"""A real project is a few kilobytes; one megabyte leaves room for long notes and many scenarios."""

ERREURS_MAX = 200
"""Error lines kept: enough to fix a real file in one go, few enough for any screen to show at once.

A hostile file can hold 100 000 errors (one per unknown key); listing them all would hang the page
that draws them, and nobody reads past the first screens anyway."""

_TYPES = set(TYPES_CHOCS) | set(TYPES_LEVIERS)


@dataclass(frozen=True)
class ErreurLigne:
    chemin: str
    message: str

    def __str__(self) -> str:
        return f"{self.chemin} : {self.message}" if self.chemin else self.message


@dataclass(frozen=True)
class ErreursOmises(ErreurLigne):
    """The last line of a limited list: how many more errors there were (`nombre`), without a field."""

    nombre: int = 0


def _omises(nombre_omises: int) -> ErreursOmises:
    autres = "autre erreur" if nombre_omises == 1 else "autres erreurs"
    return ErreursOmises(
        "",
        f"… et {nombre(nombre_omises)} {autres} : corrigez d'abord celles-ci, puis vérifiez de nouveau",
        nombre_omises,
    )


def limiter_erreurs(erreurs: Iterable[ErreurLigne], maximum: int = ERREURS_MAX) -> list[ErreurLigne]:
    """The first `maximum` distinct errors, in order, then one line saying how many were left out.

    Linear (a hostile file's 100 000 errors answer at once); limiting an already limited list adds
    its count of left-out errors instead of counting the summary line as one more error.
    """
    toutes: set[ErreurLigne] = set()
    gardees: list[ErreurLigne] = []
    omises = 0
    for e in erreurs:
        if isinstance(e, ErreursOmises):
            omises += e.nombre
        elif e not in toutes:
            toutes.add(e)
            if len(gardees) < maximum:
                gardees.append(e)
            else:
                omises += 1
    return [*gardees, _omises(omises)] if omises else gardees


class ErreurProjet(ValueError):
    """The file is not a valid project; `erreurs` says which fields and why, in French.

    At most `ERREURS_MAX` lines, then (if there were more) one line without a field saying how many
    were left out; `erreurs_omises` holds that number (0 when the list is complete).
    """

    def __init__(self, erreurs: Iterable[ErreurLigne]) -> None:
        self.erreurs = limiter_erreurs(erreurs)
        dernier = self.erreurs[-1] if self.erreurs else None
        self.erreurs_omises = dernier.nombre if isinstance(dernier, ErreursOmises) else 0
        super().__init__("\n".join(str(e) for e in self.erreurs))


def _etiquette_technique(chemin: Sequence[str | int], i: int) -> bool:
    """Pydantic adds the union member's tag to the path (`chocs, 0, reduction_etp, taux`): not a field."""
    partie = chemin[i]
    if isinstance(partie, int):
        return False
    if str(partie).startswith(("function-", "literal[")):
        return True
    return i >= 2 and isinstance(chemin[i - 1], int) and chemin[i - 2] in ("chocs", "leviers") and partie in _TYPES


def chemin_texte(chemin: Sequence[str | int]) -> str:
    """('financements', 2, 'fin') -> 'financements[2].fin'."""
    texte = ""
    for i, partie in enumerate(chemin):
        if isinstance(partie, int):
            texte += f"[{partie}]"
        elif not _etiquette_technique(chemin, i):
            texte += ("." if texte else "") + str(partie)
    return texte


def _recu(valeur: Any) -> str:
    texte = str(valeur)
    return texte if len(texte) <= 60 else texte[:57] + "..."


def _borne(valeur: Any) -> str:
    """0.5 -> '0,5' (as many decimals as the bound has: `nombre` would round it to '0')."""
    return nombre_saisi(valeur) if isinstance(valeur, int | float) else str(valeur)


_ELEMENTS = {
    "scenarios": "scénarios",
    "chocs": "chocs par scénario",
    "leviers": "leviers par scénario",
    "conventionnements": "conventionnements",
    "activites": "activités",
    "financements": "financements",
    "permanents": "lignes de permanents",
    "montee_en_charge": "parts annuelles de montée en charge",
    "transfert_activites": "activités transférées",
    "statuts_financements": "statuts",
    "reponses": "réponses au guide",
    "plan_action": "lignes du plan d'action",
}
"""What a too long list holds, named in the message (« au plus 30 chocs par scénario (reçu 31) »)."""

_COMPARAISONS = {
    "greater_than_equal": ("supérieur ou égal à", "ge"),
    "greater_than": ("strictement supérieur à", "gt"),
    "less_than_equal": ("inférieur ou égal à", "le"),
    "less_than": ("strictement inférieur à", "lt"),
}


def _message(err: dict[str, Any]) -> str:
    """One pydantic error in French."""
    t = err["type"]
    ctx = err.get("ctx") or {}
    entree = err.get("input")
    if t == "projet":
        return err["msg"]
    if t == "missing":
        return "champ obligatoire manquant"
    if t == "extra_forbidden":
        return "clé inconnue (vérifiez l'orthographe ; les clés permises sont décrites dans le README)"
    if t in ("float_parsing", "float_type", "int_parsing", "int_type", "finite_number"):
        return f"nombre attendu, reçu « {_recu(entree)} »"
    if t == "int_from_float":
        return f"nombre entier attendu, reçu « {_recu(entree)} »"
    if t == "bool_parsing" or t == "bool_type":
        return f"true ou false attendu, reçu « {_recu(entree)} »"
    if t in _COMPARAISONS:
        texte, cle = _COMPARAISONS[t]
        return f"doit être {texte} {_borne(ctx.get(cle))} (reçu {_recu(entree)})"
    if t == "literal_error":
        return f"valeur « {_recu(entree)} » non reconnue (valeurs permises : {ctx.get('expected', '')})"
    if t in ("string_type", "str_type"):
        return f"texte attendu, reçu « {_recu(entree)} »"
    if t == "string_too_short":
        return "ne doit pas être vide"
    if t == "string_too_long":
        return f"texte trop long ({ctx.get('max_length')} caractères au plus)"
    if t == "string_pattern_mismatch":
        return (
            f"« {_recu(entree)} » n'est pas un identifiant valide "
            "(minuscules, chiffres, « _ » ou « - », sans espace ni accent)"
        )
    if t == "list_type":
        return "liste attendue (des lignes commençant par « - »)"
    if t in ("dict_type", "model_type", "model_attributes_type"):
        return "dictionnaire attendu (des lignes « clé: valeur »)"
    if t == "too_short":
        return f"au moins {ctx.get('min_length')} élément(s) attendu(s)"
    if t == "too_long":
        quoi = _ELEMENTS.get(str(err["loc"][-1]) if err["loc"] else "", "éléments")
        recu = f" (reçu {nombre(ctx['actual_length'])})" if isinstance(ctx.get("actual_length"), int) else ""
        return f"au plus {_borne(ctx.get('max_length'))} {quoi}{recu}"
    if t == "union_tag_invalid":
        return f"type « {ctx.get('tag')} » inconnu (types permis : {ctx.get('expected_tags')})"
    if t == "union_tag_not_found":
        return "le champ « type » manque (il dit de quel choc ou levier il s'agit)"
    if t == "value_error":
        return str(ctx.get("error", err["msg"]))
    return f"valeur invalide ({err['msg']})"


def _lignes_pydantic(exc: ValidationError) -> Iterable[tuple[str, str]]:
    prefixes: dict[tuple[str | int, ...], str] = {}
    """Text of each path but its last part: a hostile file's 100 000 errors share a few parents."""
    for err in exc.errors(include_url=False):
        champ = (err.get("ctx") or {}).get("champ")
        loc = (*err["loc"], champ) if champ else err["loc"]
        if not loc:
            yield "", _message(err)
            continue
        parent = loc[:-1]
        prefixe = prefixes.get(parent)
        if prefixe is None:
            prefixe = prefixes[parent] = chemin_texte(parent)
        dernier = loc[-1]
        if isinstance(dernier, int):
            texte = f"{prefixe}[{dernier}]"
        elif _etiquette_technique(loc, len(loc) - 1):  # looks at the two parts before only
            texte = prefixe
        else:
            texte = f"{prefixe}.{dernier}" if prefixe else str(dernier)
        yield texte, _message(err)


def erreurs_pydantic(exc: ValidationError) -> list[ErreurLigne]:
    """The French lines of a validation error, without duplicates, limited as `limiter_erreurs` does
    (the same, on plain pairs: a hostile file's 100 000 errors build only the lines kept)."""
    vues: set[tuple[str, str]] = set()
    gardees: list[ErreurLigne] = []
    for paire in _lignes_pydantic(exc):
        if paire not in vues:
            vues.add(paire)
            if len(gardees) < ERREURS_MAX:
                gardees.append(ErreurLigne(*paire))
    omises = len(vues) - len(gardees)
    return [*gardees, _omises(omises)] if omises else gardees


def projet_depuis_donnees(donnees: Any) -> Projet:
    """Validate already-parsed data (a dict from YAML, or built by the app)."""
    if not isinstance(donnees, dict):
        raise ErreurProjet([ErreurLigne("", "le fichier doit contenir un dictionnaire (schema, structure, ...)")])
    try:
        projet = Projet.model_validate(donnees)
    except ValidationError as exc:
        raise ErreurProjet(erreurs_pydantic(exc)) from None
    coherence = projet.erreurs_de_coherence()
    if coherence:
        raise ErreurProjet([ErreurLigne(chemin_texte(e.chemin), e.message) for e in coherence])
    return projet


def lire_projet(texte: str | bytes) -> Projet:
    """Parse and validate a project file's text (never executes anything, refuses oversized files)."""
    if len(texte) > TAILLE_MAX_OCTETS:
        raise ErreurProjet(
            [
                ErreurLigne(
                    "", f"fichier trop volumineux ({nombre(len(texte))} octets ; limite {nombre(TAILLE_MAX_OCTETS)})"
                )
            ]
        )
    if isinstance(texte, bytes):
        try:
            texte = texte.decode("utf-8")
        except UnicodeDecodeError:
            raise ErreurProjet([ErreurLigne("", "le fichier n'est pas un texte UTF-8")]) from None
    if not texte.strip():
        raise ErreurProjet([ErreurLigne("", "le fichier est vide")])
    try:
        donnees = lire_yaml(texte)
    except ErreurYaml as exc:
        raise ErreurProjet([ErreurLigne("", str(exc))]) from None
    return projet_depuis_donnees(donnees)


def charger_projet(chemin: str | Path) -> Projet:
    chemin = Path(chemin)
    try:
        taille = chemin.stat().st_size
    except FileNotFoundError:
        raise ErreurProjet([ErreurLigne("", f"fichier introuvable : {chemin}")]) from None
    except OSError:
        raise ErreurProjet([ErreurLigne("", f"impossible de lire le fichier {chemin}")]) from None
    if chemin.is_dir():
        raise ErreurProjet([ErreurLigne("", f"{chemin} est un dossier, pas un fichier projet")])
    if taille > TAILLE_MAX_OCTETS:
        raise ErreurProjet(
            [ErreurLigne("", f"fichier trop volumineux ({nombre(taille)} octets ; limite {nombre(TAILLE_MAX_OCTETS)})")]
        )
    return lire_projet(chemin.read_bytes())


def _entiers(valeur: Any) -> Any:
    """140000.0 -> 140000, so that a saved file reads as the user typed it."""
    if isinstance(valeur, float) and valeur.is_integer() and abs(valeur) < 1e15:
        return int(valeur)
    if isinstance(valeur, dict):
        return {k: _entiers(v) for k, v in valeur.items()}
    if isinstance(valeur, list):
        return [_entiers(v) for v in valeur]
    return valeur


def projet_en_donnees(projet: Projet) -> dict[str, Any]:
    """Plain data of the project, keeping only what was set (defaults are not written out)."""
    return _entiers(projet.model_dump(mode="json", by_alias=True, exclude_unset=True))


def ecrire_projet(projet: Projet) -> str:
    return ecrire_yaml(projet_en_donnees(projet))


def enregistrer_projet(projet: Projet, chemin: str | Path) -> None:
    Path(chemin).write_text(ecrire_projet(projet), encoding="utf-8")
