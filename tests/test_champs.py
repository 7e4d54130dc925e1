"""The forms of « Ma structure » read titles, help, bounds and defaults from the models (issue 9, item 4)."""

from __future__ import annotations

from typing import Annotated

import pytest
from pydantic import Field, create_model

from iae_model.parametres import valeur_au_1er_janvier
from iae_model.phrases import taux
from iae_model.projet.modele import DUREE_MAX, Conventionnement
from iae_model.projet.types import part_modulee_max
from ui import structure
from ui.champs import champ, champ_au_chemin, champs_au_chemin, en_unite
from ui.tableaux import Colonne

CHEMINS_AFFICHES = sorted(
    {
        *(s.chemin for s in structure.SAISIES.values()),
        *((*structure.CHEMINS_TABLES[nom], c.champ) for nom, colonnes in structure.TABLES.items() for c in colonnes),
        *(structure.CHEMINS_TABLES[nom] for nom in structure.TABLES),
        structure.SALAIRE,
        structure.INDEXATION,
        structure.STATUTS,
    }
)


@pytest.mark.parametrize("chemin", CHEMINS_AFFICHES, ids=".".join)
def test_chaque_champ_de_la_page_a_un_titre_et_une_aide_en_francais_dans_le_modele(chemin):
    """A field shown by Ma structure takes its label and its help from the model: both must be there."""
    for c in champs_au_chemin(chemin)[1:]:
        assert c.titre, f"{'.'.join(chemin)} : le champ {c.nom} n'a pas de titre français (Field(title=…))"
        assert c.description, f"{'.'.join(chemin)} : le champ {c.nom} n'a pas d'aide (Field(description=…))"


def test_chaque_champ_des_listes_est_une_colonne():
    """A field added to a list's model without a column would be kept but never shown: it must be drawn."""
    for nom, colonnes in structure.TABLES.items():
        modele = colonnes[0].modele
        assert [c.champ for c in colonnes if c.modele is modele] == [c.champ for c in colonnes]
        assert {c.champ for c in colonnes} == set(modele.model_fields), nom


def test_une_borne_de_l_aide_est_celle_du_modele():
    """The help says the model's bound, in the unit the field is typed in: change the bound, the help follows."""
    colonne = Colonne(Conventionnement, "taux_occupation", "pourcentage")
    haut = champ(Conventionnement, "taux_occupation").maximum
    assert f"Jusqu'à {en_unite(haut, 'pourcentage')} :" in colonne.aide(2025)
    assert "Jusqu'à 200\u00a0% :" in colonne.aide(2025)

    info = Conventionnement.model_fields["taux_occupation"]
    copie = create_model(
        "ConventionnementCopie",
        __base__=Conventionnement,
        taux_occupation=(
            Annotated[float, Field(ge=0, le=3)],
            Field(1.0, title=info.title, description=info.description),
        ),
    )
    assert "Jusqu'à 300\u00a0% :" in Colonne(copie, "taux_occupation", "pourcentage").aide(2025)


def test_les_bornes_venues_des_parametres_et_des_regles_du_modele():
    part = Colonne(Conventionnement, "part_modulee", "pourcentage").aide(2025)
    assert f"de 0\u00a0% à {taux(part_modulee_max()[0])} (le maximum légal)" in part
    assert f"au plus {DUREE_MAX} ans" in structure.SAISIES["horizon"].texte_aide(2025)
    mois = Colonne(Conventionnement, "part_mois_1_9", "pourcentage").aide(2025)
    assert f"{taux(champ(Conventionnement, 'part_mois_1_9').defaut)} si vide" in mois


@pytest.mark.parametrize("annee", [2024, 2026])
def test_les_taux_par_defaut_des_cotisations_sont_ceux_des_parametres_de_l_annee_de_reference(annee):
    """The defaults written in the help are the dated parameters, for the project's reference year."""
    at_mp = taux(valeur_au_1er_janvier("cotisations.non_couvertes.at_mp_taux_defaut", annee))
    vm = taux(valeur_au_1er_janvier("cotisations.non_couvertes.versement_mobilite_taux_defaut", annee))
    assert (at_mp, vm) == ("2,2\u00a0%", "1\u00a0%")
    assert structure.SAISIES["taux_at_mp"].texte_vide(annee) == at_mp
    assert f"Vide : {at_mp}, un ordre de grandeur" in structure.SAISIES["taux_at_mp"].texte_aide(annee)
    assert structure.SAISIES["taux_versement_mobilite"].texte_vide(annee) == vm
    colonne = next(c for c in structure.COLONNES_CONVENTIONNEMENTS if c.champ == "taux_cotisations_employeur")
    saisie = structure.SAISIES["taux_cotisations"]
    assert "charges que la réduction générale ne couvre pas" in colonne.aide(annee)
    assert "versement mobilité, AGS, mutuelle et prévoyance" in saisie.texte_aide(annee)
    assert "{" not in colonne.aide(annee) + saisie.texte_aide(annee) + structure.SAISIES["taux_at_mp"].texte_aide(annee)


def test_valeurs_par_defaut_et_listes_fermees_du_modele():
    occupation = next(c for c in structure.COLONNES_CONVENTIONNEMENTS if c.champ == "taux_occupation")
    assert occupation.valeur_par_defaut({}) == champ_au_chemin(("conventionnements", "taux_occupation")).defaut
    rsa = next(c for c in structure.COLONNES_CONVENTIONNEMENTS if c.champ == "beneficiaires_rsa")
    assert rsa.valeur_par_defaut({"type": "ACI"}) == 0.0 and rsa.valeur_par_defaut({"type": "EI"}) is None
    statut = next(c for c in structure.COLONNES_FINANCEMENTS if c.champ == "statut")
    assert list(statut.options) == ["acquis", "probable", "a_rechercher"]
    assert structure.SAISIES["tresorerie_initiale"].texte_vide(2025) == "0 €"
