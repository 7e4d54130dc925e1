"""Benchmark of the app (printed figures, not a timed test): `python -m ui.bench`.

Against a real server (`streamlit run app.py`) and Debian's headless Chromium:
1. server-side time of one run of each page with the largest example: the time of `page.run()`
   that app.py logs on the `iae_app` logger (IAE_JOURNAL_DUREES=1), one run per page load;
2. the time from a widget change to the updated result on screen (Ma structure: the cash at
   1 January; Résultats: the chosen scenario).
Targets (issue 3): every page's run < 150 ms; change-to-result < 1 s.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import IO

RACINE = Path(__file__).resolve().parent.parent
PAGES = {"accueil": "", "structure": "structure", "scenarios": "scenarios", "resultats": "resultats",
         "comparer": "comparer", "exporter": "exporter"}  # fmt: skip
CHROMIUM = "/usr/bin/chromium"


def _plus_grand_exemple() -> tuple[str, str]:
    from iae_model.exemples import charger_exemple, lister_exemples

    def taille(fichier: str) -> int:
        p = charger_exemple(fichier)
        return len(p.scenarios) * 100 + sum(len(s.chocs) + len(s.leviers) for s in p.scenarios)

    choisi = max(lister_exemples(), key=lambda e: taille(e.fichier))
    return choisi.fichier, choisi.nom


def _resume(valeurs: list[float]) -> str:
    if not valeurs:
        return "pas de mesure"
    valeurs = sorted(valeurs)
    return f"médiane {statistics.median(valeurs):.0f} ms, max {valeurs[-1]:.0f} ms ({len(valeurs)} mesures)"


def _taille(journal: IO[str]) -> int:
    journal.flush()
    return Path(journal.name).stat().st_size


def _durees(journal: IO[str], debut: int) -> list[float]:
    """The `duree_ms` that app.py logged since byte `debut` of the server's log."""
    journal.flush()
    with open(journal.name, encoding="utf-8", errors="replace") as f:
        f.seek(debut)
        return [float(m.group(1)) for m in re.finditer(r"duree_ms=([\d.]+)", f.read())]


def mesurer(repetitions: int) -> tuple[dict[str, list[float]], dict[str, list[float]], dict[str, list[float]]]:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(RACINE / "tests" / "navigateur"))
    from conftest import ARGUMENTS_CHROMIUM, attendre, ouvrir_exemple  # type: ignore[import-not-found]

    port = 8765
    env = {**os.environ, "IAE_DONNEES": tempfile.mkdtemp(prefix="iae_bench_"), "IAE_JOURNAL_DUREES": "1"}
    commande = [sys.executable, "-m", "streamlit", "run", str(RACINE / "app.py"), "--server.headless", "true",
                "--server.port", str(port), "--server.address", "127.0.0.1"]  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    _, nom = _plus_grand_exemple()
    serveur: dict[str, list[float]] = {}
    changement: dict[str, list[float]] = {"structure": [], "resultats": []}
    reexecution: dict[str, list[float]] = {}
    with tempfile.NamedTemporaryFile("w+", suffix=".log") as journal:
        proc = subprocess.Popen(commande, env=env, cwd=RACINE, stdout=journal, stderr=subprocess.STDOUT)
        try:
            for _ in range(200):
                try:
                    urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            with sync_playwright() as p:
                navigateur = p.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTS_CHROMIUM)
                page = navigateur.new_page(locale="fr-FR", viewport={"width": 1366, "height": 768})
                ouvrir_exemple(page, url, nom.split(" (")[0])
                requete = page.url.split("?", 1)[1]
                for cle, chemin in PAGES.items():
                    page.goto(f"{url}/{chemin}?{requete}")  # warm-up: first imports of the page
                    attendre(page)
                    debut = _taille(journal)
                    for _ in range(repetitions):
                        page.goto(f"{url}/{chemin}?{requete}")
                        attendre(page)
                    serveur[cle] = _durees(journal, debut)
                page.goto(f"{url}/structure?{requete}")
                attendre(page)
                champ = page.get_by_label("Trésorerie au 1er janvier (€)", exact=True).first
                debut = _taille(journal)
                for i in range(repetitions):
                    t0 = time.perf_counter()
                    champ.fill(str(100_000 + 1_000 * (i + 1)))
                    champ.press("Enter")
                    attendre(page)
                    changement["structure"].append((time.perf_counter() - t0) * 1000)
                reexecution["structure"] = _durees(journal, debut)
                page.goto(f"{url}/resultats?{requete}")
                attendre(page)
                debut = _taille(journal)
                for i in range(repetitions):
                    selection = page.get_by_test_id("stSelectbox").filter(has_text="Scénario").first
                    t0 = time.perf_counter()
                    selection.click()
                    page.get_by_role("option").nth(i % 2).click()
                    attendre(page)
                    changement["resultats"].append((time.perf_counter() - t0) * 1000)
                reexecution["resultats"] = _durees(journal, debut)
                navigateur.close()
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    return serveur, reexecution, changement


def main(argv: list[str] | None = None) -> int:
    parseur = argparse.ArgumentParser(prog="python -m ui.bench", description=__doc__)
    parseur.add_argument("--repetitions", type=int, default=10)
    args = parseur.parse_args(argv)
    fichier, _ = _plus_grand_exemple()
    serveur, reexecution, changement = mesurer(args.repetitions)
    print(f"1. Temps serveur de page.run() (exemple « {fichier} ») ; cible < 150 ms")
    print("   a) premier affichage de la page dans une nouvelle session (rechargement du navigateur) :")
    for page, durees in serveur.items():
        print(f"      {page:<12} {_resume(durees)}")
    print("   b) réexécution après une saisie (trésorerie ; changement de scénario) :")
    for page, durees in reexecution.items():
        print(f"      {page:<12} {_resume(durees)}")
    print("\n2. Du changement d'une saisie au résultat affiché, dans Chromium ; cible < 1 s")
    print("   (la mesure inclut une attente fixe de 250 ms du harnais de test avant de lire l'état)")
    for page, durees in changement.items():
        print(f"   {page:<12} {_resume(durees)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
