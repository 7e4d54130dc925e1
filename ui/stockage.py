"""Server-side store of projects, keyed by an unguessable token carried in the page's URL.

Why: a browser reload or a dropped connection starts a new Streamlit session with an empty
session state; the token in the URL (`?p=…`) lets the new session find the project again, and the
same link reopens it on another machine. The privacy trade-off (anyone holding the link can open
the project) is written down in the README.

Each project is one YAML file named after its token; the token is 32 random URL-safe characters
(`secrets.token_urlsafe(24)`, 192 bits), checked against a strict pattern before it touches the
file system. Files untouched for `DUREE_CONSERVATION_JOURS` days are deleted.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
import time
from pathlib import Path

DUREE_CONSERVATION_JOURS = 90
_MOTIF_JETON = re.compile(r"^[A-Za-z0-9_-]{32}$")


def dossier_par_defaut() -> Path:
    """`IAE_DONNEES` if set, else `.donnees_projets/` next to the app (ignored by git)."""
    env = os.environ.get("IAE_DONNEES")
    return Path(env) if env else Path(__file__).resolve().parent.parent / ".donnees_projets"


def jeton_valide(jeton: object) -> bool:
    return isinstance(jeton, str) and bool(_MOTIF_JETON.match(jeton))


def nouveau_jeton() -> str:
    return secrets.token_urlsafe(24)


class Depot:
    """Projects on disk, one file per token; nothing else is stored (no names, no IP addresses)."""

    def __init__(self, dossier: Path | None = None, duree_jours: int = DUREE_CONSERVATION_JOURS) -> None:
        self.dossier = dossier or dossier_par_defaut()
        self.duree_s = duree_jours * 86_400

    def _chemin(self, jeton: str) -> Path:
        if not jeton_valide(jeton):
            raise ValueError("jeton de projet invalide")
        return self.dossier / f"{jeton}.yaml"

    def enregistrer(self, jeton: str, texte: str) -> None:
        """Atomic write: a reader never sees half a file."""
        chemin = self._chemin(jeton)
        self.dossier.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, temporaire = tempfile.mkstemp(dir=self.dossier, prefix=".tmp-", suffix=".yaml")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(texte)
            os.replace(temporaire, chemin)
        except BaseException:
            Path(temporaire).unlink(missing_ok=True)
            raise

    def lire(self, jeton: str) -> str | None:
        if not jeton_valide(jeton):
            return None
        chemin = self._chemin(jeton)
        try:
            texte = chemin.read_text(encoding="utf-8")
        except (FileNotFoundError, UnicodeDecodeError):
            return None
        os.utime(chemin)  # opening a project keeps it alive
        return texte

    def purger(self) -> int:
        """Delete projects untouched for longer than the retention period; returns how many."""
        if not self.dossier.is_dir():
            return 0
        limite = time.time() - self.duree_s
        supprimes = 0
        for chemin in self.dossier.glob("*.yaml"):
            if chemin.stat().st_mtime < limite:
                chemin.unlink(missing_ok=True)
                supprimes += 1
        return supprimes
