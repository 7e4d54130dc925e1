"""What a form shows of a field of the project's models: French title and help, bounds, default, optionality.

The models give each field its title and description once (`iae_model.projet.modele`); the forms of
« Ma structure » read them here with the bounds, default and optionality of the field's type, so that
no form types them again. `deplier` and `bornes` are the one reading of `Annotated[…] | None`
for every form of the app, the scenario forms' (`ui.formulaires`) included.
"""

from __future__ import annotations

import string
import types
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from iae_model.formats import euros, nombre_saisi
from iae_model.phrases import parametre, taux
from iae_model.projet import Projet
from iae_model.projet.types import MaximumParametre
from iae_model.vocabulaire import en_phrase


@dataclass(frozen=True)
class ChampModele:
    """One field of a model, as a form shows it."""

    nom: str
    titre: str | None
    """The French label (None: the model gives none, a test says so)."""
    description: str
    obligatoire: bool
    optionnel: bool
    """None is allowed: an empty widget leaves the field out of the file."""
    defaut: Any
    minimum: float | None
    maximum: float | None
    valeurs: tuple[str, ...] = ()
    """A closed list's values (a `Literal`, or the items of a list of them)."""
    interne: type[BaseModel] | None = None
    """The model of a section (`Charges.formation`) or of a list's items (`Charges.permanents`)."""

    @property
    def libelle(self) -> str:
        return self.titre or self.nom


def deplier(annotation: Any) -> tuple[Any, bool, list[Any]]:
    """(base type, None allowed, constraints) of an annotation such as `Annotated[int, Field(ge=1)] | None`."""
    optionnel = False
    contraintes: list[Any] = []
    if get_origin(annotation) in (Union, types.UnionType):
        args = get_args(annotation)
        autres = [a for a in args if a is not type(None)]
        optionnel = len(autres) < len(args)
        annotation = autres[0] if len(autres) == 1 else Union[tuple(autres)]  # noqa: UP007 (runtime tuple)
    if get_origin(annotation) is Annotated:
        base, *extra = get_args(annotation)
        for e in extra:
            contraintes.extend(e.metadata if isinstance(e, FieldInfo) else [e])
        annotation = base
    return annotation, optionnel, contraintes


def bornes(contraintes: Sequence[Any]) -> tuple[float | None, float | None]:
    bas = haut = None
    for c in contraintes:
        for attr in ("ge", "gt"):
            if getattr(c, attr, None) is not None:
                bas = getattr(c, attr)
        for attr in ("le", "lt"):
            if getattr(c, attr, None) is not None:
                haut = getattr(c, attr)
    return bas, haut


def _modele(annotation: Any) -> type[BaseModel] | None:
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


@cache
def champ(modele: type[BaseModel], nom: str) -> ChampModele:
    """The field `nom` of `modele` (KeyError for a field the model does not have)."""
    info = modele.model_fields[nom]
    base, optionnel, contraintes = deplier(info.annotation)
    contraintes = [*info.metadata, *contraintes]
    bas, haut = bornes(contraintes)
    plafond = next((c for c in contraintes if isinstance(c, MaximumParametre)), None)
    if plafond is not None:
        haut = plafond.valeur
    obligatoire = info.is_required()
    valeurs: tuple[str, ...] = ()
    interne = _modele(base)
    if get_origin(base) is list:
        base, _, _ = deplier(get_args(base)[0])
        interne = _modele(base)
    if get_origin(base) is Literal:
        valeurs = tuple(get_args(base))
    return ChampModele(
        nom=nom,
        titre=info.title,
        description=info.description or "",
        obligatoire=obligatoire,
        optionnel=optionnel,
        defaut=None if obligatoire else info.get_default(call_default_factory=True),
        minimum=bas,
        maximum=haut,
        valeurs=valeurs,
        interne=interne,
    )


def champs_au_chemin(chemin: Sequence[str], racine: type[BaseModel] = Projet) -> list[ChampModele]:
    """The fields along a path of the file (`("charges", "formation", "montant")`), lists stepping to their items."""
    modele: type[BaseModel] | None = racine
    trouves: list[ChampModele] = []
    for nom in chemin:
        if modele is None:
            raise KeyError(".".join(chemin))
        trouves.append(champ(modele, nom))
        modele = trouves[-1].interne
    return trouves


def champ_au_chemin(chemin: Sequence[str], racine: type[BaseModel] = Projet) -> ChampModele:
    return champs_au_chemin(chemin, racine)[-1]


def titre_au_chemin(chemin: Sequence[str]) -> str:
    """`("charges", "formation", "prise_en_charge")` -> « Formation, prise en charge »: the titles along a
    path of the file below its section (the section is the page's tab, which names it)."""
    titres = [c.libelle for c in champs_au_chemin(chemin)[1:]]
    return ", ".join([titres[0], *(en_phrase(t) for t in titres[1:])])


# --- values in the unit a field is typed in ---------------------------------------------------------------

SYMBOLES = {"euros": "€", "pourcentage": "%", "salaire": "€/h"}
"""The unit a field of each kind is typed in (rates are typed in %, stored as fractions)."""


def en_unite(valeur: Any, genre: str) -> str:
    """A value of the file in the unit its field is typed in, as the help says it (« 200 % », « 100 000 »)."""
    if not isinstance(valeur, int | float) or isinstance(valeur, bool):
        return str(valeur)
    if genre == "pourcentage":
        return taux(valeur)
    if genre == "euros":
        return euros(valeur)
    if genre == "annee":
        return str(int(valeur))
    return nombre_saisi(valeur)


class _Aide(string.Formatter):
    """Fills `{min}`, `{max}`, `{defaut}` and `{nom.du.parametre}` (whole dotted names, not attributes)."""

    def __init__(self, valeurs: Mapping[str, Any], annee: int) -> None:
        super().__init__()
        self.valeurs = valeurs
        self.annee = annee

    def get_field(self, field_name: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> tuple[Any, str]:
        if field_name in self.valeurs:
            return self.valeurs[field_name], field_name
        return parametre(field_name, self.annee), field_name


def aide(c: ChampModele, genre: str, annee: int, texte: str | None = None) -> str:
    """The help of a field (or `texte` about it): its bounds, default and the parameters of the reference year
    written in the unit the field is typed in."""
    valeurs = {nom: en_unite(v, genre) for nom, v in (("min", c.minimum), ("max", c.maximum), ("defaut", c.defaut))}
    return _Aide(valeurs, annee).format(c.description if texte is None else texte)
