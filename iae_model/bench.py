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
from iae_model.projet import Projet, projet_depuis_donnees, projet_en_donnees
from iae_model.simulation import moteur, simuler


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
        moteur._CONJONCTURES.clear()
        simuler(projet)

    print(f"   à froid              : {_resume(_chrono(a_froid, args.repetitions))}")
    print("   cible : < 5 ms par projet de 4 scénarios")

    donnees = _variantes(exemples, args.projets)
    debut = time.perf_counter()
    projets = [projet_depuis_donnees(d) for d in donnees]
    validation = time.perf_counter() - debut
    moteur._CONJONCTURES.clear()
    debut = time.perf_counter()
    nb_scenarios = 0
    for p in projets:
        nb_scenarios += len(simuler(p).scenarios)
    simulation = time.perf_counter() - debut
    # memory in a second pass: tracemalloc slows Python down several times, so it is not timed
    moteur._CONJONCTURES.clear()
    tracemalloc.start()
    resultats = [simuler(p) for p in projets[:100]]
    _, pic = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del resultats
    print(f"\n2. Lot de {len(projets)} projets ({nb_scenarios} scénarios, exemples variés de ±30 %)")
    print(f"   validation des fichiers : {validation:.2f} s")
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
    return 0


def _taille_export(p: Projet) -> tuple[int, int, int]:
    """The largest export: most scenarios, then most chocs and leviers (charts, bridges), then activities."""
    return len(p.scenarios), sum(len(s.chocs) + len(s.leviers) for s in p.scenarios), len(p.activites)


def _exports(projet: Projet, repetitions: int) -> None:
    """4. The exports of the largest example: the first one in the process (imports, chart renderer), then warm."""
    debut = time.perf_counter()
    from iae_model import exports
    from iae_model.exports import graphiques, pdf, xlsx  # noqa: F401 - altair, vl-convert, fpdf2, openpyxl

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
    taille = f"{len(document) // 1024} Ko"
    nb = 2 * len(synthese.scenarios) + len(synthese.ponts)
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


if __name__ == "__main__":
    raise SystemExit(main())
