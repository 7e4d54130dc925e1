"""Small French helpers of the exports. Words are `iae_model.vocabulaire`'s, sentences
`iae_model.phrases`', and each choc or levier names and explains itself (its class's `intitule`,
`modelise` and `titre()`), exactly as the app and the bridge show it.
"""

from __future__ import annotations

from typing import Any

from iae_model.formats import euros
from iae_model.projet.scenarios import MODELES
from iae_model.sources import unite  # noqa: F401 (the exporters' d.unite)


def nature_item(item: Any) -> str:
    return item.nature.capitalize()


def decrire_item(item: Any) -> str:
    """The choc or levier with its figures and year, as the Résultats page's bridge names it."""
    return item.titre()


def intitule(type_: str) -> str:
    return MODELES[type_].intitule if type_ in MODELES else type_


def sens_type(type_: str) -> str:
    """What a type of choc or levier models, for a board (the class's `modelise`)."""
    return MODELES[type_].modelise if type_ in MODELES else ""


def montant(valeur: float) -> str:
    return euros(valeur)


def duree_financement(debut: int, fin: int | None) -> str:
    if fin is None:
        return f"depuis {debut}"
    return f"en {debut}" if fin == debut else f"{debut}–{fin}"


def tresorerie_saisie(projet: Any) -> str:
    """The cash section as entered, in one sentence (no user text: the loans are counted, not named); an
    empty field says what it takes instead."""
    from iae_model.phrases import parametre
    from iae_model.vocabulaire import FINANCEURS, libelle

    t = projet.tresorerie
    annee = projet.structure.annee_reference
    delais = []
    for nom, valeur, code in (
        ("clients publics", t.delai_clients_publics, "tresorerie.delai_clients_publics"),
        ("clients privés", t.delai_clients_prives, "tresorerie.delai_clients_prives"),
        ("fournisseurs", t.delai_fournisseurs, "tresorerie.delai_fournisseurs"),
    ):
        jours = f"{valeur} jours" if valeur is not None else f"{parametre(code, annee)} jours (paramètre)"
        delais.append(f"{nom} {jours}")
    parties = [f"délais de paiement : {', '.join(delais)}"]
    if t.renouvellement_annuel is None:
        parties.append("renouvellement du matériel égal aux amortissements")
    else:
        parties.append(f"renouvellement du matériel {euros(t.renouvellement_annuel)} par an")
    if t.emprunts:
        capital = sum(e.capital_restant_du for e in t.emprunts)
        n = len(t.emprunts)
        parties.append(f"{n} emprunt{'s' if n > 1 else ''} en cours ({euros(capital)} de capital restant dû)")
    if t.versements:
        noms = ", ".join(libelle(FINANCEURS, x.financeur) for x in t.versements)
        parties.append(f"calendrier de versement propre à : {noms}")
    bilan = t.bilan
    if bilan.fonds_propres is not None:
        texte = f"fonds propres au 1er janvier {euros(bilan.fonds_propres)}"
        if bilan.immobilisations_nettes is not None:
            texte += f", immobilisations nettes {euros(bilan.immobilisations_nettes)}"
        parties.append(texte)
    return " ; ".join(parties)
