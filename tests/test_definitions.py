"""Every choc and levier defines itself once (issue 9, item 1): a new type that forgets a part fails here.

What each class must carry: its nature, French name, what it models, its formula, its fields' labels and
help, a title with its figures, sources that are real parameters, an engine module that applies it, and a
reference case worked out by hand in tests/test_moteur_reference.py. The forms, the bridge, the exports
and the README's tables are then derived from the class.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from iae_model.exports import descriptions
from iae_model.parametres import charger_parametres
from iae_model.projet.items import Item
from iae_model.projet.scenarios import (
    CLASSES_CHOCS,
    CLASSES_LEVIERS,
    MODELES,
    NOMS_TYPES,
    TYPES_CHOCS,
    TYPES_LEVIERS,
)

RACINE = Path(__file__).resolve().parent.parent
CLASSES = (*CLASSES_CHOCS, *CLASSES_LEVIERS)


def _exemple(cls: type[Item]) -> Item:
    """The smallest valid item of the class: required fields filled from their bounds."""
    valeurs: dict[str, object] = {"type": cls.code()}
    for nom, info in cls.model_fields.items():
        if nom == "type" or not info.is_required():
            continue
        bas = next((m.ge for m in info.metadata if getattr(m, "ge", None) is not None), None)
        haut = next((m.le for m in info.metadata if getattr(m, "le", None) is not None), None)
        if nom == "annee":
            valeurs[nom] = 2026
        elif info.annotation is float:
            valeurs[nom] = (bas + haut) / 2 if bas is not None and haut is not None else (bas or 0.0)
        elif info.annotation is int:
            valeurs[nom] = bas if bas is not None else 1
        elif nom == "valeur" and cls.code() == "indexation_socle":
            valeurs[nom] = "gel"
        elif nom in ("conventionnement", "depuis"):
            valeurs[nom] = "EI"
        elif nom in ("financeur", "payeur"):
            valeurs[nom] = "region"
        elif nom == "fonction":
            valeurs[nom] = "cip"
        else:
            valeurs[nom] = "Blanchisserie"
    return cls.model_validate(valeurs)


def test_les_listes_de_types_sont_tirees_des_unions():
    assert tuple(c.code() for c in CLASSES_CHOCS) == TYPES_CHOCS
    assert tuple(c.code() for c in CLASSES_LEVIERS) == TYPES_LEVIERS
    assert list(MODELES) == [*TYPES_CHOCS, *TYPES_LEVIERS]
    assert len(set(MODELES)) == len(CLASSES)
    assert all(c.nature == "choc" for c in CLASSES_CHOCS)
    assert all(c.nature == "levier" for c in CLASSES_LEVIERS)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.code())
def test_chaque_type_se_definit_entierement(cls: type[Item]):
    for attribut in ("intitule", "modelise", "formule"):
        texte = getattr(cls, attribut, "")
        assert isinstance(texte, str) and texte.strip(), f"{cls.code()} : {attribut} manquant"
    assert cls.modelise.endswith(".") and cls.formule.endswith("."), cls.code()
    assert NOMS_TYPES[cls.code()] == cls.intitule
    assert cls.titre is not Item.titre, f"{cls.code()} : pas de titre avec ses chiffres"
    for nom, info in cls.model_fields.items():
        if nom == "type":
            continue
        assert info.title and info.description, f"{cls.code()}.{nom} : libellé ou aide manquant"
    parametres = charger_parametres()
    for nom in cls.sources:
        assert parametres.get(nom) is not None, f"{cls.code()} : source {nom} inconnue"


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.code())
def test_le_titre_porte_l_annee_et_les_exports_le_reprennent(cls: type[Item]):
    item = _exemple(cls)
    titre = item.titre()
    assert "2026" in titre and cls.code() not in titre
    assert descriptions.decrire_item(item) == titre
    assert descriptions.nature_item(item) == cls.nature.capitalize()
    assert descriptions.intitule(cls.code()) == cls.intitule
    assert descriptions.sens_type(cls.code()) == cls.modelise


def test_chaque_type_a_un_cas_de_reference_calcule_a_la_main():
    source = (RACINE / "tests" / "test_moteur_reference.py").read_text(encoding="utf-8")
    sans_cas = [t for t in MODELES if not re.search(rf"""["']type["']\s*:\s*["']{t}["']""", source)]
    assert not sans_cas, f"types sans cas de référence dans tests/test_moteur_reference.py : {sans_cas}"


def test_le_readme_decrit_chaque_choc_et_levier_tel_que_sa_classe_le_dit():
    from iae_model.documentation import README, readme_a_jour

    texte = README.read_text(encoding="utf-8")
    assert readme_a_jour(texte) == texte, "lancer « python -m iae_model.documentation » pour réécrire les tables"
    for cls in CLASSES:
        assert f"`{cls.code()}`" in texte
