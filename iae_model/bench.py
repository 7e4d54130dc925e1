"""Benchmark of the engine (printed figures, not a timed test): `python -m iae_model.bench`.

Targets (issue 2): < 5 ms per project with 4 scenarios, < 2 s for 1 000 projects, < 50 ms for the
decision solver; exports: PDF « Synthèse » with its charts < 3 s, workbook < 1 s. Each figure is
printed twice where it matters: with the parameter projections already computed (what a workshop
does: the same State hypotheses on many structures) and cold.
"""

from __future__ import annotations

import argparse
import copy
import random
import statistics
import time
import tracemalloc
from collections.abc import Callable

from iae_model.decision import coupe_etp_absorbable, effort_equilibre, effort_tresorerie
from iae_model.exemples import charger_exemple, lister_exemples
from iae_model.parametres import charger_parametres
from iae_model.projet import ErreurProjet, Projet, lire_projet, projet_depuis_donnees, projet_en_donnees
from iae_model.projet.fichier import TAILLE_MAX_OCTETS
from iae_model.projet.modele import DUREE_MAX, PROFONDEUR_BASE_MAX, SCENARIOS_MAX
from iae_model.projet.scenarios import CHOCS_MAX, LEVIERS_MAX
from iae_model.simulation import simuler
from iae_model.simulation.contexte import vider_cache_conjonctures
from iae_model.yaml_sur import ecrire_yaml


def _chrono(fonction: Callable[[], object], repetitions: int) -> list[float]:
    durees = []
    for _ in range(repetitions):
        debut = time.perf_counter()
        fonction()
        durees.append((time.perf_counter() - debut) * 1000)
    return durees


def _resume(durees: list[float]) -> str:
    durees = sorted(durees)
    p95 = durees[min(len(durees) - 1, int(0.95 * len(durees)))]
    return f"médiane {statistics.median(durees):.2f} ms, p95 {p95:.2f} ms, max {durees[-1]:.2f} ms"


def _exemples() -> list[Projet]:
    return [charger_exemple(e.fichier) for e in lister_exemples()]


def _variantes(exemples: list[Projet], nombre: int, graine: int = 2026) -> list[dict]:
    """`nombre` distinct projects: the examples with their figures drawn ±30 %."""
    hasard = random.Random(graine)
    projets = []
    for i in range(nombre):
        d = copy.deepcopy(projet_en_donnees(exemples[i % len(exemples)]))
        d["structure"]["nom"] = f"{d['structure']['nom']} n° {i}"
        for c in d["conventionnements"]:
            for cle in ("etp_conventionnes", "travailleurs_accompagnes"):
                if cle in c:
                    c[cle] = round(c[cle] * hasard.uniform(0.7, 1.3), 2)
        for a in d.get("activites", []):
            a["chiffre_affaires"] = round(a["chiffre_affaires"] * hasard.uniform(0.7, 1.3))
        charges = d.setdefault("charges", {})
        charges["fonctionnement_fixe"] = round(charges.get("fonctionnement_fixe", 0) * hasard.uniform(0.7, 1.3))
        d["structure"]["tresorerie_initiale"] = round(
            d["structure"].get("tresorerie_initiale", 0) * hasard.uniform(0.5, 1.5)
        )
        projets.append(d)
    return projets


def _part_du_plan_de_tresorerie(projet: Projet, repetitions: int) -> str:
    """The time the month-by-month cash plan takes in one simulation (its `annee` timed, the rest not)."""
    from iae_model.simulation import tresorerie

    annee = tresorerie.PlanDeTresorerie.annee
    cumul = [0.0]

    def chronometree(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        debut = time.perf_counter()
        try:
            return annee(self, *args, **kwargs)
        finally:
            cumul[0] += time.perf_counter() - debut

    tresorerie.PlanDeTresorerie.annee = chronometree  # type: ignore[method-assign]
    try:
        total = time.perf_counter()
        for _ in range(repetitions):
            simuler(projet)
        total = time.perf_counter() - total
    finally:
        tresorerie.PlanDeTresorerie.annee = annee  # type: ignore[method-assign]
    return f"{cumul[0] / repetitions * 1000:.2f} ms par projet ({cumul[0] / total:.0%} du temps de simulation)"


def main(argv: list[str] | None = None) -> int:
    parseur = argparse.ArgumentParser(prog="python -m iae_model.bench", description=__doc__)
    parseur.add_argument("--projets", type=int, default=1000, help="taille du lot (1 000 par défaut)")
    parseur.add_argument("--repetitions", type=int, default=200)
    args = parseur.parse_args(argv)

    debut = time.perf_counter()
    parametres = charger_parametres()
    print(f"Chargement des {len(parametres)} paramètres officiels : {(time.perf_counter() - debut) * 1000:.1f} ms")
    exemples = _exemples()
    projet = max(exemples, key=lambda p: (len(p.scenarios), p.hypotheses.horizon - p.structure.annee_reference))
    annees = projet.hypotheses.horizon - projet.structure.annee_reference + 1
    print(f"\n1. Un projet : « {projet.structure.nom} », {len(projet.scenarios)} scénarios sur {annees} ans")
    simuler(projet)
    print(f"   projections en cache : {_resume(_chrono(lambda: simuler(projet), args.repetitions))}")

    def a_froid() -> None:
        vider_cache_conjonctures()
        simuler(projet)

    print(f"   à froid              : {_resume(_chrono(a_froid, args.repetitions))}")
    print(f"   dont plan de trésorerie mensuel : {_part_du_plan_de_tresorerie(projet, args.repetitions)}")
    print("   cible : < 5 ms par projet de 4 scénarios, plan de trésorerie mensuel compris")

    donnees = _variantes(exemples, args.projets)
    textes = [ecrire_yaml(d) for d in donnees]
    debut = time.perf_counter()
    for texte in textes:
        lire_projet(texte)
    lecture = time.perf_counter() - debut
    debut = time.perf_counter()
    projets = [projet_depuis_donnees(d) for d in donnees]
    validation = time.perf_counter() - debut
    vider_cache_conjonctures()
    debut = time.perf_counter()
    nb_scenarios = 0
    for p in projets:
        nb_scenarios += len(simuler(p).scenarios)
    simulation = time.perf_counter() - debut
    # memory in a second pass: tracemalloc slows Python down several times, so it is not timed
    vider_cache_conjonctures()
    tracemalloc.start()
    resultats = [simuler(p) for p in projets[:100]]
    _, pic = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del resultats
    print(f"\n2. Lot de {len(projets)} projets ({nb_scenarios} scénarios, exemples variés de ±30 %)")
    par_fichier = lecture / len(textes) * 1000
    print(f"   lecture des fichiers    : {lecture:.2f} s (texte YAML -> projet validé, {par_fichier:.2f} ms chacun)")
    print(f"   validation des données  : {validation:.2f} s")
    print(f"   simulation              : {simulation:.2f} s ({simulation / len(projets) * 1000:.2f} ms par projet)")
    print(f"   total                   : {validation + simulation:.2f} s")
    print(f"   mémoire de pointe pour 100 résultats gardés en mémoire : {pic / 1e6:.1f} Mo")
    print("   cible : < 2 s pour 1 000 projets")

    resultat = simuler(projet)
    scenario = projet.scenarios[-1].id

    def solveur() -> None:
        effort_equilibre(resultat.scenario(scenario))
        effort_tresorerie(resultat.scenario(scenario))
        coupe_etp_absorbable(projet, scenario)

    coupe = coupe_etp_absorbable(projet, scenario)
    print(f"\n3. Solveur de décision sur « {scenario} » (effort par année, effort de trésorerie, coupe absorbable)")
    print(f"   {_resume(_chrono(solveur, max(20, args.repetitions // 4)))}")
    taux = "aucune (trésorerie déjà négative)" if coupe.taux is None else f"{coupe.taux:.1%}"
    print(f"   coupe d'ETP absorbable à partir de {coupe.annee} : {taux}")
    print("   cible : < 50 ms")

    _exports(max(exemples, key=_taille_export), max(3, args.repetitions // 40))
    _limites()
    return 0


def _taille_export(p: Projet) -> tuple[int, int, int]:
    """The largest export: most scenarios, then most chocs and leviers (charts, bridges), then activities."""
    return len(p.scenarios), sum(len(s.chocs) + len(s.leviers) for s in p.scenarios), len(p.activites)


def _exports(projet: Projet, repetitions: int) -> None:
    """4. The exports of the largest example: the first one in the process (imports, chart renderer), then warm."""
    debut = time.perf_counter()
    from iae_model import (
        exports,
        graphiques,  # noqa: F401
    )
    from iae_model.exports import pdf, xlsx  # noqa: F401 - altair, vl-convert, fpdf2, openpyxl

    import_ms = (time.perf_counter() - debut) * 1000
    print(f"\n4. Exports de « {projet.structure.nom} » ({len(projet.scenarios)} scénarios)")
    print(f"   import des bibliothèques (altair, vl-convert, fpdf2, openpyxl) : {import_ms:.0f} ms")
    debut = time.perf_counter()
    synthese = exports.preparer(projet)
    preparation = (time.perf_counter() - debut) * 1000
    print(f"   préparation (simulation, ponts, efforts, coupe absorbable)    : {preparation:.0f} ms")
    debut = time.perf_counter()
    document = exports.ecrire_pdf(synthese)
    froid = (time.perf_counter() - debut) * 1000
    taille = f"{exports.nombre_de_pages(document)} pages, {len(document) // 1024} Ko"
    nb = 3 * len(synthese.scenarios) + len(synthese.ponts)  # revenue, result, monthly cash; the bridges
    print(f"   PDF et ses {nb} graphiques, le premier de la session : {froid:.0f} ms ({taille})")
    mesures = [
        ("PDF et ses graphiques, ensuite", lambda: exports.ecrire_pdf(synthese), repetitions),
        ("PDF, préparation comprise", lambda: exports.exporter_pdf(projet), repetitions),
        ("classeur Excel", lambda: exports.ecrire_xlsx(synthese), repetitions * 3),
        ("classeur Excel, préparation comprise", lambda: exports.exporter_xlsx(projet), repetitions * 3),
        ("Markdown", lambda: exports.ecrire_markdown(synthese), repetitions * 10),
    ]
    for libelle, fonction, n in mesures:
        print(f"   {libelle:<38} : {_resume(_chrono(fonction, n))}")
    print("   cibles : PDF < 3 s, classeur < 1 s")


# --- 5. the largest project the caps accept, and hostile files --------------------------------------

_CHOCS = (
    {"type": "reduction_etp", "taux": -0.001},
    {"type": "choc_smic", "taux": 0.001},
    {"type": "variation_financement", "financeur": "departement", "taux": -0.01},
    {"type": "part_modulee", "valeur": 0.05},
    {"type": "taux_occupation", "valeur": 0.95},
    {"type": "prise_en_charge_formation", "valeur": 0.5},
    {"type": "indexation_socle", "valeur": "gel"},
    {"type": "perte_activite", "activite": "Activité 1", "taux": 0.01},
    {"type": "perte_marches_publics", "taux": 0.01},
)
_LEVIERS = (
    {"type": "mutualisation", "economie_charges_fixes": 100},
    {"type": "croissance_activite", "activite": "Activité 2", "taux": 0.01},
    {"type": "marche_public", "nom": "Lot", "conventionnement": "ACI", "montant": 1000, "duree": 3},
    {"type": "nouveau_financement", "nom": "Fondation", "financeur": "fondation_mecenat", "montant": 1000},
    {"type": "ajustement_etp", "conventionnement": "EI", "etp": 0.1},
    {"type": "ajustement_permanents", "fonction": "cip", "etp": 0.1},
    {
        "type": "nouvelle_activite",
        "nom": "Nouvelle",
        "conventionnement": "ACI",
        "chiffre_affaires_cible": 10000,
        "montee_en_charge": [min(1.0, 0.2 * k) for k in range(1, 16)],
        "investissement": 1000,
    },
    {"type": "derogation_aci"},
)


def projet_le_plus_grand() -> dict:
    """The largest project the caps accept: every list at its maximum, every scenario as deep as allowed.

    50 scenarios: `reference`, s1 on it, s2 on s1... s10 (10 bases), then s11 to s49 each on s9 (10
    bases too); each with 30 chocs and 30 leviers; 5 conventionnements, 200 activities, 200
    financements, 200 permanent lines, 16 years, 500 guide answers and action lines.
    """
    ref = 2025
    types = ("ACI", "EI", "AI", "ETTI", "EITI")
    convs = [{"type": t, "etp_conventionnes": 20} if t != "EITI" else {"type": t, "travailleurs_accompagnes": 20}
             for t in types]  # fmt: skip
    scenarios = []
    for i in range(SCENARIOS_MAX):
        base = None if i == 0 else "reference" if i == 1 else f"s{i - 1}" if i <= PROFONDEUR_BASE_MAX else "s9"
        annee = ref + 1 + i % DUREE_MAX
        s: dict = {"id": "reference" if i == 0 else f"s{i}", "libelle": f"Scénario {i}"}
        if base:
            s["base"] = base
        s["chocs"] = [{**copy.deepcopy(_CHOCS[k % len(_CHOCS)]), "annee": annee} for k in range(CHOCS_MAX)]
        s["leviers"] = [{**copy.deepcopy(_LEVIERS[k % len(_LEVIERS)]), "annee": annee} for k in range(LEVIERS_MAX)]
        scenarios.append(s)
    return {
        "schema": 1,
        "structure": {"nom": "Le plus grand projet accepté", "annee_reference": ref, "tresorerie_initiale": 100000},
        "conventionnements": convs,
        "activites": [
            {
                "nom": f"Activité {k}",
                "conventionnement": types[k % 5],
                "chiffre_affaires": 10000 + k,
                "part_marches_publics": 0.3,
            }
            for k in range(200)
        ],
        "financements": [
            {"nom": f"Financement {k}", "financeur": "region", "montant": 1000 + k, "debut": ref} for k in range(200)
        ],
        "charges": {
            "permanents": [{"fonction": "cip", "etp": 0.5, "cout_annuel_charge": 40000} for _ in range(200)],
            "fonctionnement_fixe": 100000,
        },
        "hypotheses": {
            "horizon": ref + DUREE_MAX,
            "evolution_smic": 0.02,
            "indexation_socle": "smic",
            "inflation_charges": 0.02,
        },
        "scenarios": scenarios,
        "guide": {
            "reponses": {f"section.q{k}": {"reponse": "non", "note": "À voir en bureau."} for k in range(500)},
            "plan_action": {f"section.q{k}": {"action": "Étudier", "responsable": "Direction"} for k in range(500)},
        },
    }


def fichiers_hostiles() -> dict[str, str]:
    """Files just under the upload limit (1 MB) that try to make the reading or the validation hang."""
    limite = TAILLE_MAX_OCTETS - 100

    def cle(i: int) -> str:
        return "".join(chr(ord("a") + (i // 26**p) % 26) for p in (3, 2, 1, 0))

    entete = "schema: 1\nstructure:\n nom: Test\n annee_reference: 2025\n"
    n = (limite - len(entete)) // 9
    scenario = "- {id: s%d, libelle: x}\n"
    fichiers = {
        f"{n} clés inconnues": entete + "".join(f" {cle(i)}: 1\n" for i in range(n)),
        "listes imbriquées [[[[…]]]] sur 500 000 niveaux": "[" * (limite // 2) + "]" * (limite // 2),
        "listes imbriquées « - - - … » sur 1 000 niveaux": "".join("  " * k + "-\n" for k in range(1000)),
        "200 000 fois la même clé": "a: 1\n" * (limite // 5),
        "un texte d'un seul tenant de 1 Mo": entete.replace("nom: Test", "nom: " + "x" * (limite - len(entete))),
        "40 000 scénarios": entete + "scenarios:\n" + "".join(scenario % i for i in range(40000)),
        "une liste de 200 000 nombres": entete + "x: [" + "0.5, " * ((limite - len(entete)) // 5) + "0.5]\n",
        "100 000 chocs invalides": entete
        + "scenarios:\n- id: a\n  libelle: a\n  chocs:\n"
        + "  - {type: choc_smic}\n" * ((limite - len(entete) - 50) // 22),
    }
    return {nom: texte[:TAILLE_MAX_OCTETS] for nom, texte in fichiers.items()}


def _limites() -> None:
    print(f"\n5. Le plus grand projet accepté ({SCENARIOS_MAX} scénarios sur {PROFONDEUR_BASE_MAX} niveaux de base, "
          f"{CHOCS_MAX} chocs et {LEVIERS_MAX} leviers chacun, {DUREE_MAX + 1} ans)")  # fmt: skip
    texte = ecrire_yaml(projet_le_plus_grand())
    debut = time.perf_counter()
    try:
        projet = lire_projet(texte)
    except ErreurProjet:  # over the size limit: validated from the text without it
        from iae_model.yaml_sur import lire_yaml

        projet = projet_depuis_donnees(lire_yaml(texte))
    lecture = time.perf_counter() - debut
    print(f"   lecture et validation ({len(texte) // 1024} Ko) : {lecture * 1000:.0f} ms")
    vider_cache_conjonctures()
    debut = time.perf_counter()
    simuler(projet)
    print(f"   simulation des {len(projet.scenarios)} scénarios       : {(time.perf_counter() - debut) * 1000:.0f} ms")
    debut = time.perf_counter()
    simuler(projet, [projet.scenarios[-1].id])
    print(f"   simulation d'un scénario (11 niveaux) : {(time.perf_counter() - debut) * 1000:.0f} ms")

    print("\n6. Fichiers hostiles sous la limite de 1 Mo (lecture et validation ; cible : < 2 s chacun)")
    for nom, texte in fichiers_hostiles().items():
        debut = time.perf_counter()
        try:
            lire_projet(texte)
            issue = "valide"
        except ErreurProjet as exc:
            premiere = str(exc.erreurs[0])
            issue = f"{len(exc.erreurs)} erreur(s) : {premiere[:70]}{'…' if len(premiere) > 70 else ''}"
        duree = time.perf_counter() - debut
        print(f"   {nom:<48} {len(texte) // 1024:>5} Ko {duree * 1000:>7.0f} ms  {issue}")


if __name__ == "__main__":
    raise SystemExit(main())
