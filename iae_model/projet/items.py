"""What every choc and levier says about itself, and the fields they share.

A choc or levier is defined once, in the spirit of an OpenFisca `Variable`: its class carries its type
code (the `type` literal), its nature (choc or levier), its French name (`intitule`), what it models
for a board (`modelise`), the engine's formula in French (`formule`), the parameters whose references
are its sources (`sources`), its fields' French labels, help and bounds (`Field(title=…,
description=…)` over the bounded types of `types.py`) and its title with figures (`titre()`). Its
effect on the accounts is applied by the engine's account-line module that lists the class in its
`APPLIQUE`. Forms, bridge, exports and the README's tables read all of it from the class.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

A_PARTIR = "Année à partir de laquelle il s'applique (et les années suivantes)."
TOUS = "Tous les conventionnements"
COMMUN = "Commun (réparti au prorata des ETP)"


LIGNES_DES_POSTES: tuple[str, ...] = (
    "aide_au_poste",
    "masse_salariale_insertion",
    "chiffre_affaires",
    "charges_variables",
    "impots_taxes",
)
"""What a change in the ETP moves: the aid and the payroll of the posts, the turnover tied to them and its
variable charges, the taxe sur les salaires on the pay (`Item.lignes` of every choc or levier on ETP)."""


class Item(BaseModel):
    """Base of chocs and leviers (see the module's docstring for what a subclass must define)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    nature: ClassVar[Literal["choc", "levier"]]
    intitule: ClassVar[str]
    modelise: ClassVar[str]
    formule: ClassVar[str]
    sources: ClassVar[tuple[str, ...]] = ()
    lignes: ClassVar[tuple[str, ...]]
    """The lines of the accounts or of the cash plan it moves by itself (`resultat.LIGNES_*`): « D'où vient ce
    chiffre ? » names it beside those lines (the result and the cash follow from them)."""
    change_un_montant_officiel: ClassVar[bool] = False
    """True when the item changes an official amount itself (not through the parameters' projection): the
    tables of official parameters then say that they show the amounts before it."""
    avant_la_reference: ClassVar[Literal["chiffres_saisis", "montants_officiels", "regime"]] = "chiffres_saisis"
    """What a State preset's item dated in or before the project's reference year becomes (`presets.py`):
    `chiffres_saisis`, left out, the figures entered for that year hold it (ETP, amounts, rates);
    `montants_officiels`, left out, the dated official amounts of that year and before hold it (SMIC, socle);
    `regime`, a rule still in force: kept, dated the reference year if it was earlier."""

    @classmethod
    def code(cls) -> str:
        """The `type` written in the project file (« reduction_etp »)."""
        return get_args(cls.model_fields["type"].annotation)[0]

    def titre(self) -> str:  # pragma: no cover - every concrete class defines it (checked by a test)
        raise NotImplementedError

    def premier_effet(self, annee_reference: int) -> int:
        """The first year whose figures the item can change: the engine takes the years before it from a scenario
        without it, simulated already (`simulation.moteur.PointsDeReprise`). Its own year, unless it moves
        what earlier years leave to it."""
        return self.annee  # type: ignore[attr-defined]

    @property
    def des(self) -> str:
        return f"dès {getattr(self, 'annee', '?')}"


class Choc(Item):
    nature: ClassVar[Literal["choc", "levier"]] = "choc"


class Levier(Item):
    nature: ClassVar[Literal["choc", "levier"]] = "levier"


def champ(titre: str, aide: str, defaut: Any = ..., aucun: str | None = None) -> Any:
    """A field's French label and help (and, for an optional choice, what « none » means in a form)."""
    extra = {"aucun": aucun} if aucun else None
    return Field(defaut, title=titre, description=aide, json_schema_extra=extra)


def annee(titre: str = "Année", aide: str = A_PARTIR) -> Any:
    return champ(titre, aide)


def conventionnement_vise(aide: str = "Vide : tous les conventionnements.", aucun: str = TOUS) -> Any:
    """An optional conventionnement: none means every conventionnement (or a shared item)."""
    return champ("Conventionnement", aide, None, aucun)


def entre_parentheses(conventionnement: str | None) -> str:
    return f" ({conventionnement})" if conventionnement else ""
