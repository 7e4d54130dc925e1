"""The project's sources: public documents by title, date and address, written from the data (issue 11, item 5)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from iae_model.documentation import SOURCES
from iae_model.guide import charger_guide
from iae_model.parametres import charger_parametres
from iae_model.presets import charger_presets
from iae_model.sources_publiques import (
    GROUPES,
    SourcePublique,
    groupe,
    ligne_markdown,
    par_groupe,
    sources_en_markdown,
    sources_publiques,
)

RACINE = Path(__file__).resolve().parent.parent
PRODUIT = ["app.py", "README.md", "app_pages", "ui", "iae_model", "guide", "scenarios", "docs"]
"""What a user gets: the app, its engine, its content and its documentation (not the tests)."""
INTERDITS = ("/work/", "../shared", "shared/domain", "facts.md", "facts §", "seed 0", "seeds 0", "fiche de faits")
"""Paths outside the repository and names of the team's working notes, never in a file of the product."""
INTERDITS_CASSE = ("FACTS",)


def _fichiers_du_produit() -> list[Path]:
    fichiers: list[Path] = []
    for nom in PRODUIT:
        chemin = RACINE / nom
        fichiers += [chemin] if chemin.is_file() else sorted(p for p in chemin.rglob("*") if p.is_file())
    return [f for f in fichiers if f.suffix in {".py", ".yaml", ".yml", ".md", ".toml", ".txt"}]


def test_aucun_fichier_du_produit_ne_nomme_un_chemin_exterieur_ni_les_notes_internes():
    fautes = []
    for chemin in _fichiers_du_produit():
        texte = chemin.read_text(encoding="utf-8")
        minuscules = texte.lower()
        fautes += [(chemin.relative_to(RACINE), m) for m in INTERDITS if m in minuscules]
        fautes += [(chemin.relative_to(RACINE), m) for m in INTERDITS_CASSE if m in texte]
    assert not fautes


def test_les_notes_des_parametres_citent_des_documents_publics():
    for nom, p in charger_parametres().items():
        assert "faits rassemblés" not in p.notes, nom


def test_les_documents_du_guide_ont_des_identifiants_parlants():
    for d in charger_guide().documents:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", d.id), d.id


def test_chaque_citation_du_projet_est_dans_la_liste():
    adresses = {s.href for s in sources_publiques()}
    cites = [d.href for d in charger_guide().documents]
    cites += [s.href for p in charger_presets() for s in p.sources]
    cites += [r.lien for p in charger_parametres().values() for refs in p.references.values() for r in refs]
    assert set(cites) <= adresses
    # listed once: fewer entries than citations, and never the same title and address twice
    liste = sources_publiques()
    assert len({(s.titre, s.href) for s in liste}) == len(liste) < len(cites)


def test_un_document_du_guide_garde_son_titre_et_sa_date():
    liste = sources_publiques()
    for d in charger_guide().documents:
        assert any(s.titre == d.titre and s.date == d.date and s.href == d.href for s in liste), d.id


def test_trois_groupes():
    assert groupe("Arrêté du 4 décembre 2024 fixant les montants", "https://inae-nouvelleaquitaine.org/x") == (
        "textes_officiels"
    )
    assert groupe("Ma page", "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000054126589") == "textes_officiels"
    assert groupe("DREETS Hauts-de-France, dispositif régional", "https://hauts-de-france.dreets.gouv.fr/") == (
        "etat_et_reseaux"
    )
    assert groupe("Sénat, amendement II-753", "https://www.senat.fr/amendements/x.html") == "etat_et_reseaux"
    assert groupe("Associathèque, les aides au poste revalorisées", "https://www.associatheque.fr/x") == "secondaires"
    groupes = par_groupe(sources_publiques())
    assert list(groupes) == list(GROUPES)
    assert all(groupes.values())


def test_une_ligne_dit_titre_date_et_adresse_et_n_interprete_rien():
    s = SourcePublique(
        "*Titre* <b>gras</b> [x](http://y)", "11 décembre 2025", "https://exemple.fr/a b", "x", ("Guide",)
    )
    ligne = ligne_markdown(s)
    assert "\\*Titre\\*" in ligne and "<b>" not in ligne and "\\[x\\]" in ligne
    assert ", 11 décembre 2025 : <https://exemple.fr/a%20b>" in ligne
    assert "Cité par : Guide" in ligne


def test_docs_sources_est_a_jour():
    assert SOURCES.read_text(encoding="utf-8") == sources_en_markdown(), (
        "lancer « python -m iae_model.documentation » pour réécrire docs/sources.md"
    )


@pytest.mark.parametrize("titre", [g for g in GROUPES.values()])
def test_docs_sources_a_ses_trois_groupes(titre):
    assert f"## {titre}" in SOURCES.read_text(encoding="utf-8")
