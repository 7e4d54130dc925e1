"""Benchmark of the app (printed figures, not a timed test): `python -m ui.bench`.

1. Server-side time of one rerun of each page with the largest example: the time of `page.run()`
   that app.py logs (logger `iae_app`), measured under AppTest (no browser, no network).
2. In headless Chromium against a real server: the time from a widget change to the updated
   result on screen (Ma structure: the cash at 1 January; Résultats: the chosen scenario).
Targets (issue 3): every page's rerun < 150 ms; change-to-result < 1 s.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
PAGES = ["accueil", "ma_structure", "scenarios", "resultats", "comparer", "exporter"]
CHROMIUM = "/usr/bin/chromium"


class _Duree(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.durees: list[tuple[str, float]] = []

    def emit(self, record: logging.LogRecord) -> None:
        m = re.search(r"page=(\S+) duree_ms=([\d.]+)", record.getMessage())
        if m:
            self.durees.append((m.group(1), float(m.group(2))))


def _plus_grand_exemple() -> str:
    from iae_model.exemples import charger_exemple, lister_exemples

    def taille(fichier: str) -> int:
        p = charger_exemple(fichier)
        return len(p.scenarios) * 100 + sum(len(s.chocs) + len(s.leviers) for s in p.scenarios)

    return max((e.fichier for e in lister_exemples()), key=taille)


def reruns_serveur(repetitions: int) -> dict[str, list[float]]:
    from streamlit.testing.v1 import AppTest

    os.environ.setdefault("IAE_DONNEES", tempfile.mkdtemp(prefix="iae_bench_"))
    capteur = _Duree()
    journal = logging.getLogger("iae_app")
    journal.addHandler(capteur)
    journal.setLevel(logging.INFO)
    at = AppTest.from_file(str(RACINE / "app.py"), default_timeout=120).run()
    at.selectbox(key="accueil_exemple").set_value(_plus_grand_exemple()).run()
    at.button(key="accueil_ouvrir_exemple").click().run()
    mesures: dict[str, list[float]] = {}
    for page in PAGES:
        at.switch_page(f"pages/{page}.py").run()  # first run of the page: imports, charts
        capteur.durees.clear()
        for _ in range(repetitions):
            at.run()
        if at.exception:
            raise RuntimeError(f"{page} : {at.exception}")
        mesures[page] = [d for _, d in capteur.durees]
    journal.removeHandler(capteur)
    return mesures


def changement_dans_le_navigateur(repetitions: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(RACINE / "tests" / "navigateur"))
    from conftest import ARGUMENTS_CHROMIUM, attendre, ouvrir_exemple  # type: ignore[import-not-found]

    port = 8765
    env = {**os.environ, "IAE_DONNEES": tempfile.mkdtemp(prefix="iae_bench_")}
    commande = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(RACINE / "app.py"),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
    ]
    proc = subprocess.Popen(commande, env=env, cwd=RACINE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    mesures: dict[str, list[float]] = {"ma_structure": [], "resultats": []}
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
            ouvrir_exemple(page, url, "Ressourcerie")
            requete = page.url.split("?", 1)[1]
            page.goto(f"{url}/structure?{requete}")
            attendre(page)
            champ = page.get_by_label("Trésorerie au 1er janvier").first
            for i in range(repetitions):
                debut = time.perf_counter()
                champ.fill(str(100_000 + 1_000 * (i + 1)))
                champ.press("Enter")
                attendre(page)
                mesures["ma_structure"].append((time.perf_counter() - debut) * 1000)
            page.goto(f"{url}/resultats?{requete}")
            attendre(page)
            for i in range(repetitions):
                selection = page.get_by_test_id("stSelectbox").filter(has_text="Scénario").first
                debut = time.perf_counter()
                selection.click()
                page.get_by_role("option").nth(i % 2).click()
                attendre(page)
                mesures["resultats"].append((time.perf_counter() - debut) * 1000)
            navigateur.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return mesures


def _resume(valeurs: list[float]) -> str:
    if not valeurs:
        return "pas de mesure"
    valeurs = sorted(valeurs)
    return f"médiane {statistics.median(valeurs):.0f} ms, max {valeurs[-1]:.0f} ms ({len(valeurs)} mesures)"


def main(argv: list[str] | None = None) -> int:
    parseur = argparse.ArgumentParser(prog="python -m ui.bench", description=__doc__)
    parseur.add_argument("--repetitions", type=int, default=10)
    parseur.add_argument("--sans-navigateur", action="store_true")
    args = parseur.parse_args(argv)
    print(f"1. Temps serveur d'une réexécution de chaque page (exemple « {_plus_grand_exemple()} ») ; cible < 150 ms")
    for page, durees in reruns_serveur(args.repetitions).items():
        print(f"   {page:<14} {_resume(durees)}")
    if not args.sans_navigateur:
        print("\n2. Du changement d'une saisie au résultat affiché, dans Chromium ; cible < 1 s")
        for page, durees in changement_dans_le_navigateur(args.repetitions).items():
            print(f"   {page:<14} {_resume(durees)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
