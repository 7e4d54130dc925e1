"""Hypothesis strategies producing valid project data (plain dicts, as read from a YAML file)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from iae_model.vocabulaire import PAYEURS

TYPES = ("ACI", "EI", "AI", "ETTI", "EITI")
taux = st.floats(0, 1, allow_nan=False)
montant = st.floats(0, 2_000_000, allow_nan=False).map(lambda x: round(x, 2))
texte = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèàçô ÉÀ'-–0123456789", min_size=1, max_size=30).filter(
    lambda s: s.strip() == s and s.strip() != ""
)


@st.composite
def conventionnement(draw: st.DrawFn, type_: str) -> dict[str, Any]:
    c: dict[str, Any] = {"type": type_}
    if type_ == "EITI":
        c["travailleurs_accompagnes"] = draw(st.floats(0, 80).map(lambda x: round(x, 2)))
        if draw(st.booleans()):
            c["part_mois_1_9"] = draw(taux)
    else:
        c["etp_conventionnes"] = draw(st.floats(0, 120).map(lambda x: round(x, 2)))
        c["taux_occupation"] = draw(st.floats(0.5, 1))
        c["part_modulee"] = draw(st.floats(0, 0.10))
    if type_ == "ACI":
        c["beneficiaires_rsa"] = draw(taux)
        c["derogation_plafond"] = draw(st.booleans())
    return c


@st.composite
def projets(draw: st.DrawFn, types: tuple[str, ...] | None = None, chocs: bool = True) -> dict[str, Any]:
    """A valid project with 1 to 3 conventionnements, activities, subsidies, costs and a few scenarios."""
    if types is None:
        types = tuple(draw(st.lists(st.sampled_from(TYPES), min_size=1, max_size=3, unique=True)))
    ref = draw(st.integers(2024, 2026))
    horizon = ref + draw(st.integers(0, 6))
    noms = draw(st.lists(texte, max_size=4, unique=True))
    activites = [
        {
            "nom": nom,
            "conventionnement": draw(st.sampled_from(types)),
            "chiffre_affaires": draw(montant),
            "part_marches_publics": draw(taux),
            "taux_charges_variables": draw(st.floats(0, 0.9)),
            "part_liee_etp": draw(taux),
        }
        for nom in noms
    ]
    financements = []
    for i in range(draw(st.integers(0, 3))):
        debut = draw(st.integers(ref - 2, horizon))
        f: dict[str, Any] = {
            "nom": f"Financement {i}",
            "financeur": draw(st.sampled_from(["departement", "region", "fse", "fdi", "commune_epci"])),
            "montant": draw(montant),
            "debut": debut,
            "statut": draw(st.sampled_from(["acquis", "probable", "a_rechercher"])),
        }
        if draw(st.booleans()):
            f["fin"] = debut + draw(st.integers(0, 5))
        financements.append(f)
    d: dict[str, Any] = {
        "schema": 1,
        "structure": {
            "nom": draw(texte),
            "territoire": draw(st.sampled_from(["", "Nord (59)", "Côte-d'Or (21)"])),
            "annee_reference": ref,
            "tresorerie_initiale": draw(st.floats(-200_000, 2_000_000).map(lambda x: round(x, 2))),
        },
        "conventionnements": [draw(conventionnement(t)) for t in types],
        "activites": activites,
        "financements": financements,
        "charges": {
            "salaire_horaire_insertion": draw(st.one_of(st.just("smic"), st.floats(11, 20).map(lambda x: round(x, 2)))),
            "permanents": [
                {
                    "fonction": draw(st.sampled_from(["encadrant_technique", "cip", "direction"])),
                    "etp": draw(st.floats(0, 10).map(lambda x: round(x, 2))),
                    "cout_annuel_charge": draw(st.floats(30_000, 80_000).map(round)),
                }
                for _ in range(draw(st.integers(0, 3)))
            ],
            "fonctionnement_fixe": draw(montant),
            "formation": {"montant": draw(st.floats(0, 50_000).map(round)), "prise_en_charge": draw(taux)},
            "amortissements": draw(st.floats(0, 50_000).map(round)),
        },
        "hypotheses": {
            "horizon": horizon,
            "evolution_smic": draw(st.floats(0, 0.05)),
            "indexation_socle": draw(st.one_of(st.sampled_from(["smic", "gel"]), st.floats(-0.02, 0.05))),
            "inflation_charges": draw(st.floats(0, 0.05)),
        },
        "scenarios": [{"id": "reference", "libelle": "Tendanciel"}],
    }
    if draw(st.booleans()):
        d["tresorerie"] = draw(tresorerie())
    if chocs:
        annee = st.integers(ref, horizon)
        liste = draw(
            st.lists(
                st.one_of(
                    st.builds(lambda a, t: {"type": "reduction_etp", "annee": a, "taux": -t}, annee, st.floats(0, 0.5)),
                    st.builds(lambda a: {"type": "indexation_socle", "annee": a, "valeur": "gel"}, annee),
                    st.builds(lambda a: {"type": "part_modulee", "annee": a, "valeur": 0}, annee),
                    st.builds(
                        lambda a, t, e: {
                            "type": "variation_financement",
                            "financeur": "departement",
                            "annee": a,
                            "taux": -t,
                            "effet_cofinancement_rsa": e,
                        },
                        annee,
                        st.floats(0, 1),
                        st.sampled_from(["perte_seche", "postes_perdus", "etat_compense"]),
                    ),
                    st.builds(lambda a, t: {"type": "choc_smic", "annee": a, "taux": t}, annee, st.floats(0, 0.1)),
                    st.builds(
                        lambda a, p, m: {"type": "retard_paiement", "annee": a, "payeur": p, "mois": m},
                        annee,
                        st.sampled_from(list(PAYEURS)),
                        st.integers(1, 24),
                    ),
                ),
                max_size=4,
            )
        )
        leviers: list[dict[str, Any]] = []
        if draw(st.booleans()):
            leviers.append(
                {
                    "type": "emprunt",
                    "nom": "Prêt",
                    "annee": draw(annee),
                    "montant": draw(montant),
                    "taux": draw(st.floats(0, 0.08)),
                    "duree": draw(st.integers(1, 15)),
                }
            )
        if draw(st.booleans()):
            leviers.append(
                {
                    "type": "marche_public",
                    "nom": "Marché test",
                    "conventionnement": types[0],
                    "annee": draw(annee),
                    "montant": draw(montant),
                    "duree": draw(st.integers(1, 4)),
                }
            )
        d["scenarios"].append(
            {"id": "etat", "libelle": "Hypothèse État", "base": "reference", "chocs": liste, "leviers": leviers}
        )
    return d


@st.composite
def tresorerie(draw: st.DrawFn) -> dict[str, Any]:
    """A project's cash section: opening balance sheet, loans, delays and funders' calendars, each optional."""
    t: dict[str, Any] = {}
    if draw(st.booleans()):
        t["bilan"] = {
            "fonds_propres": draw(st.floats(-100_000, 1_000_000).map(round)),
            "immobilisations_nettes": draw(st.floats(0, 500_000).map(round)),
            "quote_part_subventions": draw(st.floats(0, 20_000).map(round)),
        }
    if draw(st.booleans()):
        t["renouvellement_annuel"] = draw(st.floats(0, 80_000).map(round))
    t["emprunts"] = [
        {
            "nom": f"Emprunt {i}",
            "capital_restant_du": draw(montant),
            "taux": draw(st.floats(0, 0.08)),
            "duree_restante": draw(st.integers(1, 20)),
        }
        for i in range(draw(st.integers(0, 2)))
    ]
    for cle in ("delai_clients_publics", "delai_clients_prives", "delai_fournisseurs"):
        if draw(st.booleans()):
            t[cle] = draw(st.integers(0, 120))
    financeurs = draw(st.lists(st.sampled_from(["departement", "region", "fse"]), max_size=3, unique=True))
    t["versements"] = [
        {
            "financeur": f,
            "part_avance": draw(taux),
            "mois_avance": draw(st.integers(1, 12)),
            "mois_solde": draw(st.integers(1, 36)),
        }
        for f in financeurs
    ]
    return t
