"""Real headless Chromium (Debian's /usr/bin/chromium) against a real Streamlit server.

No skip: if Chromium is missing the tests fail, as the CI must install it (scripts/tests.sh).
Screenshots of each page go to `sortie/captures/` for a reviewer to look at.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

RACINE = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CAPTURES = RACINE / "sortie" / "captures"
ARGUMENTS_CHROMIUM = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def demarrer_serveur() -> Iterator[tuple[str, Path]]:
    """`streamlit run app.py` on a free local port with its own empty project store: (url, store folder)."""
    port = _port_libre()
    depot = Path(tempfile.mkdtemp(prefix="iae_navigateur_"))
    env = {**os.environ, "IAE_DONNEES": str(depot)}
    commande = [
        sys.executable, "-m", "streamlit", "run", str(RACINE / "app.py"), "--server.headless", "true",
        "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none", "--global.developmentMode", "false",
    ]  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as journal:
        proc = subprocess.Popen(commande, stdout=journal, stderr=subprocess.STDOUT, env=env, cwd=RACINE)
        try:
            for _ in range(300):
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                        if r.read() == b"ok":
                            break
                except OSError:
                    time.sleep(0.1)
            else:
                raise RuntimeError("le serveur Streamlit n'a pas démarré")
            yield url, depot
        finally:
            proc.terminate()
            proc.wait(timeout=10)
            journal.seek(0)
            sys.stdout.write(journal.read().decode("utf-8", "replace")[-3000:])


@pytest.fixture(scope="session")
def serveur() -> Iterator[str]:
    """One server for the session's browser tests."""
    with demarrer_serveur() as (url, _):
        yield url


@pytest.fixture(scope="session")
def navigateur() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "Chromium manque : apt-get install chromium (scripts/tests.sh le fait en CI)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGUMENTS_CHROMIUM)
        yield b
        b.close()


@pytest.fixture
def page(navigateur: Browser) -> Iterator[Page]:
    contexte = navigateur.new_context(
        locale="fr-FR", timezone_id="Europe/Paris", viewport={"width": 1366, "height": 768}, accept_downloads=True
    )
    p = contexte.new_page()
    p.set_default_timeout(30_000)
    yield p
    contexte.close()


def attendre(page: Page) -> None:
    """Wait until the script run triggered by the last action has finished (Streamlit's own e2e pattern)."""
    page.locator("[data-testid='stApp'][data-test-connection-state='CONNECTED']").wait_for(state="attached")
    page.wait_for_timeout(250)
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(state="attached")
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0)


def capture(page: Page, nom: str) -> Path:
    CAPTURES.mkdir(parents=True, exist_ok=True)
    graphiques = page.get_by_test_id("stVegaLiteChart")
    if graphiques.count():
        expect(graphiques.first.locator("canvas, svg").first).to_be_visible()
    chemin = CAPTURES / f"{nom}.png"
    # Streamlit scrolls inside its main section, so a "full page" shot would only show the viewport:
    # grow the viewport to the content's height for the shot, then restore it
    taille = page.viewport_size or {"width": 1366, "height": 768}
    hauteur = page.evaluate(
        "() => { const m = document.querySelector('[data-testid=stMain]'); return m ? m.scrollHeight : 0; }"
    )
    page.set_viewport_size({"width": taille["width"], "height": max(taille["height"], min(int(hauteur), 6000))})
    page.wait_for_timeout(300)
    page.screenshot(path=str(chemin))
    page.set_viewport_size(taille)
    return chemin


def aller(page: Page, serveur: str, chemin: str = "") -> None:
    page.goto(f"{serveur}/{chemin}")
    attendre(page)


def ouvrir_exemple(page: Page, serveur: str, nom_visible: str) -> None:
    """From Accueil, choose an example by (part of) its displayed name and open it."""
    aller(page, serveur)
    page.get_by_test_id("stSelectbox").filter(has_text="Exemple").click()
    page.get_by_role("option").filter(has_text=nom_visible).first.click()
    attendre(page)
    page.get_by_role("button", name="Ouvrir cet exemple").click()
    attendre(page)
    page.wait_for_url(re.compile(r".*[?&]p=[A-Za-z0-9_-]{32}.*"))  # the project's token is in the address
