"""Server-side store of projects, keyed by an unguessable token carried in the page's URL.

Why: a browser reload or a dropped connection starts a new Streamlit session with an empty
session state; the token in the URL (`?p=…`) lets the new session find the project again, and the
same link reopens it on another machine. The privacy trade-off (anyone holding the link can open
the project) is written down in the README.

Each project is one file `<token>.yaml` whose first line carries its version (`# iae-version: 7`, a
YAML comment, so the file stays a readable project file). Every save says which version it was
based on: a save based on an older version is refused (`ConflitDeVersion`, optimistic concurrency:
two tabs or two people on one link never overwrite each other silently). The compare-and-swap runs
under an exclusive `flock` on the folder's lock file, so several app processes can share the folder.

Durability: the new text is written to a temporary file, fsynced, renamed over the old one, and the
folder is fsynced; temporary files a crash left behind are removed by `purger`. Files untouched for
`DUREE_CONSERVATION_JOURS` days are deleted by `purger`, which the app runs at start-up and then
every hour (`purger_si_du`). The number of projects is capped (`IAE_PROJETS_MAX`): past the cap a
new project is refused (`StockagePlein`), never made room for by deleting someone else's.

Nothing in this module imports streamlit: it is tested on its own.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import secrets
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DUREE_CONSERVATION_JOURS = 90
PROJETS_MAX = 20_000
"""Default cap on the number of stored projects (about 10 KB each: 200 MB)."""
INTERVALLE_PURGE_S = 3600
AGE_TEMPORAIRE_ORPHELIN_S = 3600
"""A temporary file older than this was left by a crash (a save takes milliseconds)."""
TAILLE_MAX_LUE = 2_000_000
"""A stored project is at most 1 MB of YAML; anything much larger is not one of ours."""

_MOTIF_JETON = re.compile(r"^[A-Za-z0-9_-]{32}$")
_ENTETE = re.compile(rb"^# iae-version: (\d{1,12})\n")
_PREFIXE_TEMPORAIRE = ".tmp-"
_VERROU = ".verrou"


class ErreurStockage(Exception):
    """A save that did not happen; the message is French and says why, for the user."""


class ConflitDeVersion(ErreurStockage):
    """The stored project changed since the version this save was based on."""

    def __init__(self, actuel: Lecture) -> None:
        super().__init__(
            "ce projet a été modifié ailleurs (un autre onglet ou une autre personne) depuis votre dernière saisie"
        )
        self.actuel = actuel


class StockageIndisponible(ErreurStockage):
    """The disk refused the write (full, read-only, permissions)."""


class StockagePlein(ErreurStockage):
    """The server already keeps the maximal number of projects."""


@dataclass(frozen=True)
class Lecture:
    """What a token's file holds: its text and version, or why it cannot be read (`probleme`)."""

    version: int
    texte: str | None
    brut: bytes | None = None
    """The raw bytes when the text is unreadable (offered for download, never interpreted)."""
    probleme: str | None = None


def dossier_par_defaut() -> Path:
    """`IAE_DONNEES` if set, else `.donnees_projets/` next to the app (ignored by git)."""
    env = os.environ.get("IAE_DONNEES")
    return Path(env) if env else Path(__file__).resolve().parent.parent / ".donnees_projets"


def projets_max_par_defaut() -> int:
    try:
        return max(1, int(os.environ.get("IAE_PROJETS_MAX", PROJETS_MAX)))
    except ValueError:
        return PROJETS_MAX


def jeton_valide(jeton: object) -> bool:
    return isinstance(jeton, str) and bool(_MOTIF_JETON.match(jeton))


def nouveau_jeton() -> str:
    return secrets.token_urlsafe(24)


def avec_entete(texte: str, version: int) -> bytes:
    return f"# iae-version: {version}\n".encode() + texte.encode("utf-8")


MESSAGE_LECTURE_SEULE = "le serveur n'autorise pas l'écriture des projets (stockage en lecture seule)"


def _message_os(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "le disque du serveur est plein"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return MESSAGE_LECTURE_SEULE
    return f"erreur d'écriture sur le serveur ({exc.strerror or exc.__class__.__name__})"


class Depot:
    """Projects on disk, one file per token; nothing else is stored (no names, no IP addresses)."""

    def __init__(
        self, dossier: Path | None = None, duree_jours: int = DUREE_CONSERVATION_JOURS, projets_max: int | None = None
    ) -> None:
        self.dossier = dossier or dossier_par_defaut()
        self.duree_s = duree_jours * 86_400
        self.projets_max = projets_max or projets_max_par_defaut()

    def _chemin(self, jeton: str) -> Path:
        if not jeton_valide(jeton):
            raise ValueError("jeton de projet invalide")
        return self.dossier / f"{jeton}.yaml"

    # -- reading --

    def lire(self, jeton: str) -> Lecture | None:
        """The token's project, or None if there is none; never raises for a damaged or unreadable file."""
        if not jeton_valide(jeton):
            return None
        chemin = self._chemin(jeton)
        try:
            if chemin.is_dir():
                return Lecture(0, None, None, "un dossier occupe la place du fichier du projet")
            with open(chemin, "rb") as f:
                brut = f.read(TAILLE_MAX_LUE + 1)
        except FileNotFoundError:
            return None
        except OSError as exc:
            return Lecture(0, None, None, f"le fichier du projet ne peut pas être lu ({exc.strerror or exc})")
        with contextlib.suppress(OSError):
            os.utime(chemin)  # opening a project keeps it alive (a read-only store cannot: never mind)
        return self._decoder(brut)

    @staticmethod
    def _decoder(brut: bytes) -> Lecture:
        if len(brut) > TAILLE_MAX_LUE:
            return Lecture(0, None, brut[:TAILLE_MAX_LUE], "le fichier du projet est anormalement volumineux")
        entete = _ENTETE.match(brut)
        version, corps = (int(entete.group(1)), brut[entete.end() :]) if entete else (0, brut)
        try:
            texte = corps.decode("utf-8")
        except UnicodeDecodeError:
            return Lecture(version, None, brut, "le fichier du projet n'est pas un texte UTF-8")
        return Lecture(version, texte)

    def version(self, jeton: str) -> int | None:
        """The stored version only (cheap: the first line), None when there is no project."""
        try:
            with open(self._chemin(jeton), "rb") as f:
                entete = _ENTETE.match(f.readline(64))
        except (FileNotFoundError, IsADirectoryError, ValueError):
            return None
        except OSError:
            return None
        return int(entete.group(1)) if entete else 0

    # -- writing --

    def inscriptible(self) -> bool:
        """Whether saves can succeed (a read-only mount says no at once, before the user types anything)."""
        dossier = self.dossier if self.dossier.exists() else self.dossier.parent
        return os.access(dossier, os.W_OK)

    @contextlib.contextmanager
    def _verrou(self) -> Iterator[None]:
        self.dossier.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.dossier / _VERROU, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def enregistrer(self, jeton: str, texte: str, version_attendue: int | None) -> int:
        """Save `texte` as the next version; `version_attendue` is the version it was based on (None: new).

        Returns the new version. Raises `ConflitDeVersion` when the stored version is not the expected
        one, `StockagePlein` for a new project past the cap, `StockageIndisponible` when the disk refuses.
        """
        chemin = self._chemin(jeton)
        try:
            with self._verrou():
                actuelle = self.version(jeton)
                if actuelle != version_attendue:
                    lecture = self.lire(jeton) if actuelle is not None else None
                    raise ConflitDeVersion(lecture or Lecture(0, None, None, "le projet a été supprimé du serveur"))
                if actuelle is None and self.nombre_de_projets() >= self.projets_max:
                    self.purger()
                    if self.nombre_de_projets() >= self.projets_max:
                        raise StockagePlein(
                            f"le serveur garde déjà {self.projets_max} projets, son maximum : ce projet n'y est pas "
                            "enregistré"
                        )
                nouvelle = (actuelle or 0) + 1
                self._ecrire_atomiquement(chemin, avec_entete(texte, nouvelle))
                return nouvelle
        except OSError as exc:
            raise StockageIndisponible(_message_os(exc)) from exc

    def _ecrire_atomiquement(self, chemin: Path, contenu: bytes) -> None:
        """A reader sees the old file or the new one, never half a file, even after a power cut."""
        fd, temporaire = tempfile.mkstemp(dir=self.dossier, prefix=_PREFIXE_TEMPORAIRE, suffix=".yaml")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(contenu)
                f.flush()
                os.fsync(f.fileno())
            os.replace(temporaire, chemin)
        except BaseException:
            Path(temporaire).unlink(missing_ok=True)
            raise
        dossier = os.open(self.dossier, os.O_RDONLY)
        try:
            os.fsync(dossier)
        finally:
            os.close(dossier)

    # -- retention --

    def nombre_de_projets(self) -> int:
        try:
            with os.scandir(self.dossier) as entrees:
                return sum(1 for e in entrees if e.name.endswith(".yaml") and not e.name.startswith("."))
        except FileNotFoundError:
            return 0

    def purger(self, maintenant: float | None = None) -> int:
        """Delete projects untouched for longer than the retention period and temp files left by a crash."""
        if not self.dossier.is_dir():
            return 0
        maintenant = time.time() if maintenant is None else maintenant
        supprimes = 0
        with os.scandir(self.dossier) as entrees:
            for e in entrees:
                try:
                    if e.name.startswith(_PREFIXE_TEMPORAIRE):
                        if e.stat().st_mtime < maintenant - AGE_TEMPORAIRE_ORPHELIN_S:
                            os.unlink(e.path)
                    elif e.name.endswith(".yaml") and e.is_file() and e.stat().st_mtime < maintenant - self.duree_s:
                        os.unlink(e.path)
                        supprimes += 1
                except OSError:
                    continue  # a read-only store, or a file removed meanwhile: the next purge will try again
        return supprimes


_derniere_purge: dict[Path, float] = {}
_verrou_purge = threading.Lock()


def purger_si_du(depot: Depot, intervalle_s: float = INTERVALLE_PURGE_S) -> bool:
    """Purge at the first call of the process (start-up), then at most once per interval; True if it ran.

    The time of the last purge is process-wide state about the folder, not about any user.
    """
    maintenant = time.monotonic()
    with _verrou_purge:
        derniere = _derniere_purge.get(depot.dossier)
        if derniere is not None and maintenant - derniere < intervalle_s:
            return False
        _derniere_purge[depot.dossier] = maintenant
    depot.purger()
    return True
