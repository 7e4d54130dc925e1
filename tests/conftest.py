"""Shared fixtures: every test that touches the app stores its projects in its own temporary folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parent.parent
APP = RACINE / "app.py"
DELAI_APPTEST = 60  # a cold CI machine imports pandas, altair and scipy on the first run


@pytest.fixture
def depot_temporaire(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    dossier = tmp_path / "projets"
    monkeypatch.setenv("IAE_DONNEES", str(dossier))
    return dossier


@pytest.fixture
def nouvelle_app(depot_temporaire: Path) -> Callable[..., object]:
    """A fresh AppTest of app.py (a new browser session), already run once."""
    from streamlit.testing.v1 import AppTest

    def fabrique(query_params: dict[str, str] | None = None) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=DELAI_APPTEST)
        for cle, valeur in (query_params or {}).items():
            at.query_params[cle] = valeur
        return at.run()

    return fabrique


@pytest.fixture
def app_avec_exemple(nouvelle_app: Callable[..., object]) -> Callable[[str], object]:
    """An AppTest session where the given example (file name in scenarios/) has been opened from Accueil."""

    def ouvrir(fichier: str = "aci_espaces_verts.yaml"):
        at = nouvelle_app()
        at.selectbox(key="accueil_exemple").set_value(fichier).run()
        at.button(key="accueil_ouvrir_exemple").click().run()
        assert not at.exception, at.exception
        return at

    return ouvrir
