"""Load test of the app with raw WebSocket clients (printed figures, not a test): `python -m ui.charge`.

Why not browsers: on a 2-core machine, 30 headless Chromium pages saturate the CPU by themselves, and
the figures then measure the browsers, not the server. Here each simulated user is one thread speaking
Streamlit's own protocol on `/_stcore/stream` (subprotocol "streamlit", `BackMsg`/`ForwardMsg`
protobuf) as the browser does, on 127.0.0.1 only, bounded in time and self-stopping:

1. it opens the app with a project link (`?p=<token>`; the project, the largest example of
   `scenarios/`, is written beforehand into a temporary store by `deposer_projet`);
2. then, until the level's time is up, with a seeded random think time between actions, it opens a
   page (`rerun_script.page_name` = the page's `url_path`, with its `page_script_hash` as the browser
   sends it after the first load) and changes one widget of that page, found by its user key in the
   deltas of the page's last run (`ACTIONS`).

Every change is checked: what the page shows must differ afterwards (a load test that only re-renders
errors measures nothing), on Ma structure the cash at 31 December must move by exactly the change made
to the cash at 1 January, and the saves of each project are counted in the store. Errors drawn by the
app (exceptions, the error boundary's message) and tracebacks in the server's log are counted.
Options: `--exports` also fetches one of Exporter's files: it clicks the file's « Préparer » button (the
server builds the file and reruns), then fetches over HTTP the media URL of the download button that
replaced it, checks the file and times the whole;
`--statiques` also fetches the HTML page and its scripts on each page load, as a browser with an empty
cache does; `--soak MINUTES` runs one level for a long time and prints the server's memory every minute.

The tool starts its own server (env IAE_JOURNAL_DUREES=1 and IAE_DONNEES=<temporary folder>, one
server per `--gc` value), reads the server-side time of each page run from its log (`page=…
duree_ms=…`, written by app.py around `page.run()`), samples the server's RSS and CPU time from
/proc, and stops the server at the end. Figures per number of concurrent sessions: server time per
rerun, client time from the BackMsg carrying a changed widget to the final `script_finished`, page
loads not finished within 60 s, server memory; and, in one session, the server time of each page's
first run in a new session (target < 150 ms).

Streamlit's protocol is internal: this tool is written for Streamlit 1.67 (pinned by the project).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

RACINE = Path(__file__).resolve().parent.parent
HOTE = "127.0.0.1"
LIMITE_CHARGEMENT_S = 60.0
"""A page load not finished within this time counts as failed (the issue's criterion)."""
CIBLE_PREMIER_AFFICHAGE_MS = 150.0
NOMS_PAGES = {
    "": "accueil",
    "structure": "structure",
    "scenarios": "scenarios",
    "resultats": "resultats",
    "comparer": "comparer",
    "guide": "guide",
    "exporter": "exporter",
}
"""url_path of each page (the default page, Accueil, is "" in the protocol) -> the name app.py logs."""

ACTIONS = {
    "structure": ("text_input", "structure_tresorerie_initiale"),
    "scenarios": ("selectbox", "scenarios_actif"),
    "resultats": ("selectbox", "resultats_scenario"),
    "comparer": ("multiselect", "comparer_scenarios"),
    "guide": ("button_group", "guide_reponse_"),
    "exporter": ("multiselect", "exporter_scenarios"),
}
"""The widget a user changes on each page: (element type, part of its user key)."""
EFFET_INVISIBLE = {"exporter"}
"""Pages where a change shows nothing but widgets (Exporter's files are built on « Préparer »)."""
FICHIERS_EXPORT = {"pdf": b"%PDF", "xlsx": b"PK", "md": b""}
"""Exporter's files (extension) and how each begins."""
CLE_PREPARER = "exporter_preparer_"
"""User key of the « Préparer » button of a file, followed by its extension."""
CLE_TELECHARGER = "exporter_"
"""User key of the download button of a prepared file, followed by its extension."""

METRIQUE_TRESORERIE_FIN = "Trésorerie au 31 décembre"
MESSAGES_D_ERREUR = (
    "Une erreur inattendue",  # the error boundary of ui/cadre.py
    "n'a pas pu être enregistré",  # a failed save
    "a été modifié ailleurs",  # a version conflict (each session has its own project: never expected)
    "est endommagé",  # a damaged link
)
"""Red alerts that tell a failure (other red alerts are results: a negative cash balance is not an error)."""
_ERREUR_JOURNAL = re.compile(r"^Traceback \(most recent call last\)", re.MULTILINE)

TYPES_WIDGETS = frozenset(
    ("audio_input", "button", "button_group", "camera_input", "chat_input", "checkbox", "color_picker", "date_input",
     "date_time_input", "download_button", "file_uploader", "multiselect", "number_input", "radio", "selectbox",
     "slider", "text_area", "text_input", "time_input")
)  # fmt: skip
"""Element types left out of a page's fingerprint: a widget echoes the value just sent."""

REFERENCES_NAVIGATEURS = (
    "1 session : p50 0,30 s",
    "10 sessions : p50 2,6 s, p95 5,2 s",
    "30 sessions : p95 serveur 2,8 s par réexécution, 9 pages sur 30 non chargées en 60 s",
)
"""Figures measured earlier with headless Chromium pages (the browsers saturated the machine)."""

_LIGNE_JOURNAL = re.compile(r"page=(\S+) duree_ms=([0-9.]+)")


# -- pure helpers (tested in tests/test_charge.py) --


def centile(valeurs: Iterable[float], q: float) -> float | None:
    """The q-th percentile (0–100) by linear interpolation between closest ranks; None without values."""
    donnees = sorted(valeurs)
    if not donnees:
        return None
    rang = (len(donnees) - 1) * q / 100
    bas = int(rang)
    haut = min(bas + 1, len(donnees) - 1)
    return donnees[bas] + (donnees[haut] - donnees[bas]) * (rang - bas)


def lire_journal(texte: str) -> list[tuple[str, float]]:
    """The (page, duree_ms) pairs app.py logged in a piece of the server's log."""
    return [(m.group(1), float(m.group(2))) for m in _LIGNE_JOURNAL.finditer(texte)]


def traces_du_journal(texte: str) -> list[str]:
    """The Python tracebacks (the app's error boundary logs one too) in a piece of the server's log.

    A traceback runs from its « Traceback (most recent call last): » line to its first unindented line
    (the exception), included.
    """
    traces = []
    for debut in _ERREUR_JOURNAL.finditer(texte):
        lignes = texte[debut.start() :].splitlines()
        fin = next((i for i, ligne in enumerate(lignes[1:], 1) if ligne and not ligne[0].isspace()), len(lignes) - 1)
        traces.append("\n".join(lignes[: fin + 1]))
    return traces


def nombre_francais(texte: str) -> float | None:
    """A number as the app shows it (« 248 239 € », « −12 000 », « 1,5 »), or None."""
    propre = re.sub(r"[\s\u00a0\u202f€]", "", texte).replace("\u2212", "-").replace(",", ".")
    try:
        return float(propre)
    except ValueError:
        return None


def texte_francais(valeur: int) -> str:
    """An integer typed the French way (« 215 000 »), as a user types it in a text field."""
    return f"{valeur:,}".replace(",", " ")


def secondes(ms: float | None, decimales: int = 2) -> str:
    return "–" if ms is None else f"{ms / 1000:.{decimales}f}".replace(".", ",")


def millisecondes(ms: float | None) -> str:
    return "–" if ms is None else f"{ms:.0f}"


def cle_utilisateur(identifiant: str) -> str:
    """The user key inside a widget id (`$$ID-<hash>-<key>`), or the whole id for an unkeyed widget."""
    parties = identifiant.split("-", 2)
    return parties[2] if identifiant.startswith("$$ID-") and len(parties) == 3 else identifiant


def valeur_courante(genre: str, element: Any, envoyee: Any = None) -> Any:
    """The value a widget shows: set by the script (`set_value`), else the one this client last sent for it
    (`envoyee`: the browser keeps it, the delta does not repeat it), else its default."""
    if not element.set_value and envoyee is not None:
        return envoyee
    if genre in ("text_input", "text_area"):
        return element.value if element.set_value else element.default
    if genre == "selectbox":
        if element.set_value:
            return element.raw_value
        return element.options[element.default] if 0 <= element.default < len(element.options) else None
    if genre == "multiselect":
        if element.set_value:
            return list(element.raw_values)
        return [element.options[i] for i in element.default if 0 <= i < len(element.options)]
    if genre == "button_group":
        if element.set_value:
            return list(element.raw_values)
        return [element.options[i].content for i in element.default if 0 <= i < len(element.options)]
    return None


def nouvel_etat(genre: str, element: Any, hasard: random.Random, envoyee: Any = None) -> tuple[Any, Any] | None:
    """A `WidgetState` giving the widget a value different from the one it shows, and that value as sent.

    None when the widget offers no other value (a select box with one option).
    """
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    etat = WidgetState(id=element.id)
    actuelle = valeur_courante(genre, element, envoyee)
    if genre in ("text_input", "text_area"):
        ancienne = nombre_francais(actuelle or "")
        while True:
            valeur = hasard.randrange(50, 400) * 1000
            if ancienne is None or valeur != ancienne:
                break
        etat.string_value = texte_francais(valeur)
        return etat, etat.string_value
    if genre == "selectbox":
        autres = [o for o in element.options if o != actuelle]
        if not autres:
            return None
        etat.string_value = hasard.choice(autres)
        return etat, etat.string_value
    if genre == "multiselect":
        options = list(element.options)
        if len(options) < 2:
            return None
        while True:
            choisis = [o for o in options if hasard.random() < 0.6] or [hasard.choice(options)]
            if sorted(choisis) != sorted(actuelle):
                break
        etat.string_array_value.data.extend(choisis)
        return etat, choisis
    if genre == "button_group":
        autres = [o.content for o in element.options if [o.content] != actuelle]
        if not autres:
            return None
        choix = hasard.choice(autres)
        etat.string_array_value.data.append(choix)
        return etat, [choix]
    return None


def boutons_export(widgets: dict[str, tuple[str, Any]]) -> dict[str, tuple[str, Any]]:
    """Exporter's file buttons in a page's widgets: extension -> ("preparer", its enabled « Préparer »
    button) or ("pret", the download button of the file already prepared for these scenarios)."""
    boutons: dict[str, tuple[str, Any]] = {}
    for identifiant, (genre, element) in sorted(widgets.items()):
        cle = cle_utilisateur(identifiant)
        if genre == "button" and cle.startswith(CLE_PREPARER) and not element.disabled:
            extension, etat = cle.removeprefix(CLE_PREPARER), "preparer"
        elif genre == "download_button" and cle.startswith(CLE_TELECHARGER) and element.url:
            extension, etat = cle.removeprefix(CLE_TELECHARGER), "pret"
        else:
            continue
        if extension in FICHIERS_EXPORT:
            boutons[extension] = (etat, element)
    return boutons


def adresse_media(port: int, url: str) -> str:
    """The HTTP address of a download button's file (`url`: a path such as `/media/<id>.pdf`) on 127.0.0.1."""
    if url.startswith(("http://", "https://")):
        return url
    return f"http://{HOTE}:{port}/{url.lstrip('/')}"


def fichier_conforme(extension: str, contenu: bytes, choix: Any = None) -> bool:
    """A file is what it claims: a PDF, a workbook (zip), or a summary naming the chosen scenarios
    (`choix`: the options sent, « Libellé (id) »)."""
    juste = len(contenu) > 0 and contenu.startswith(FICHIERS_EXPORT[extension])
    if extension == "md" and isinstance(choix, list):
        texte = contenu.decode("utf-8", errors="replace")
        juste = juste and all(re.sub(r" \([^()]*\)$", "", option) in texte for option in choix)
    return juste


# -- the project store (its format may change: everything about it is here) --


def deposer_projet(dossier: Path, texte: str) -> str:
    """Store a project as the app does and return its token, for a link `?p=<token>`.

    Goes through the app's own store (`ui.stockage.Depot`), so a new file format needs no change here.
    """
    from ui.stockage import Depot, nouveau_jeton

    jeton = nouveau_jeton()
    Depot(dossier).enregistrer(jeton, texte, None)
    return jeton


def versions_enregistrees(dossier: Path, jetons: Iterable[str]) -> int:
    """How many saves the sessions made on the given projects (each deposited at version 1)."""
    from ui.stockage import Depot

    depot = Depot(dossier)
    return sum(max(0, (depot.version(j) or 1) - 1) for j in jetons)


def plus_grand_exemple() -> Path:
    return max((RACINE / "scenarios").glob("*.yaml"), key=lambda p: p.stat().st_size)


# -- the server --


def port_libre() -> int:
    with socket.socket() as s:
        s.bind((HOTE, 0))
        return s.getsockname()[1]


def _stat_proc(pid: int) -> tuple[int | None, float | None]:
    """(RSS in kB, CPU seconds user + system) of a process, from /proc; None when it is gone."""
    rss = cpu = None
    with contextlib.suppress(OSError):
        for ligne in Path(f"/proc/{pid}/status").read_text().splitlines():
            if ligne.startswith("VmRSS:"):
                rss = int(ligne.split()[1])
                break
    with contextlib.suppress(OSError, ValueError, IndexError):
        champs = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        cpu = (int(champs[11]) + int(champs[12])) / os.sysconf("SC_CLK_TCK")
    return rss, cpu


class Serveur:
    """`streamlit run app.py` on 127.0.0.1, its log in a temporary file; stopped by `arreter`."""

    def __init__(self, port: int, gc: bool, donnees: Path, journal: Path) -> None:
        self.port, self.gc, self.donnees, self.chemin_journal = port, gc, donnees, journal
        self.proc: subprocess.Popen[bytes] | None = None

    def demarrer(self) -> None:
        commande = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(self.port),
            "--server.address",
            HOTE,
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
            "--global.developmentMode",
            "false",
            "--runner.postScriptGC",
            "true" if self.gc else "false",
        ]
        env = {**os.environ, "IAE_JOURNAL_DUREES": "1", "IAE_DONNEES": str(self.donnees)}
        with open(self.chemin_journal, "wb") as sortie:
            self.proc = subprocess.Popen(
                commande, cwd=RACINE, env=env, stdout=sortie, stderr=subprocess.STDOUT, start_new_session=True
            )
        fin = time.monotonic() + 60
        while time.monotonic() < fin:
            if self.proc.poll() is not None:
                raise RuntimeError(f"le serveur s'est arrêté au démarrage :\n{self.fin_du_journal()}")
            try:
                with urllib.request.urlopen(f"http://{HOTE}:{self.port}/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"le serveur ne répond pas après 60 s :\n{self.fin_du_journal()}")

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def arreter(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)

    def position(self) -> int:
        return self.chemin_journal.stat().st_size

    def journal_depuis(self, debut: int, fin: int | None = None) -> str:
        with open(self.chemin_journal, "rb") as f:
            f.seek(debut)
            brut = f.read() if fin is None else f.read(max(0, fin - debut))
        return brut.decode("utf-8", errors="replace")

    def fin_du_journal(self, lignes: int = 20) -> str:
        return "\n".join(self.journal_depuis(0).splitlines()[-lignes:])

    def stat(self) -> tuple[int | None, float | None]:
        return _stat_proc(self.pid)

    def attendre_repos(self, maximum_s: float = 30) -> None:
        """Wait until the server has no run left (log silent and CPU idle for 2 s), at most `maximum_s`."""
        fin = time.monotonic() + maximum_s
        calme = 0
        while time.monotonic() < fin and calme < 2:
            pos, (_, cpu) = self.position(), self.stat()
            time.sleep(1)
            _, cpu2 = self.stat()
            occupe = cpu is not None and cpu2 is not None and cpu2 - cpu > 0.1
            calme = 0 if occupe or self.position() != pos else calme + 1


class Echantillonneur(threading.Thread):
    """Samples the server's RSS every half second (and keeps all samples)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.echantillons: list[tuple[float, int]] = []
        self.arret = threading.Event()

    def run(self) -> None:
        while not self.arret.is_set():
            rss, _ = _stat_proc(self.pid)
            if rss is not None:
                self.echantillons.append((time.monotonic(), rss))
            self.arret.wait(0.5)

    def entre(self, debut: float, fin: float) -> list[int]:
        return [r for t, r in self.echantillons if debut <= t <= fin]


# -- one simulated user --


@dataclass
class Rendu:
    """What one run (until its final `script_finished`) drew."""

    statut: int = -1
    widgets: dict[str, tuple[str, Any]] = field(default_factory=dict)
    metriques: dict[str, str] = field(default_factory=dict)
    erreurs: list[str] = field(default_factory=list)
    textes: list[str] = field(default_factory=list)
    octets: int = 0
    empreinte: str = ""
    choix: Any = None
    """The value the user gave the page's widget in the run that drew this (set by `_changer`)."""
    _hachage: Any = field(default_factory=hashlib.sha1, repr=False)

    def recommencer(self) -> None:
        """A rerun started (`st.rerun`, `st.switch_page`): only what the last run draws is on screen."""
        self.widgets.clear()
        self.metriques.clear()
        self.textes.clear()
        self._hachage = hashlib.sha1()

    def ajouter(self, delta: Any) -> None:
        genre_delta = delta.WhichOneof("type")
        if genre_delta != "new_element":
            self._hachage.update(delta.SerializeToString(deterministic=True))
            return
        element = delta.new_element
        genre = element.WhichOneof("type")
        contenu = getattr(element, genre) if genre else None
        if genre in TYPES_WIDGETS:
            self.widgets[contenu.id] = (genre, contenu)
            return
        self._hachage.update(element.SerializeToString(deterministic=True))
        if genre == "metric":
            self.metriques[contenu.label] = contenu.body
        elif genre in ("markdown", "text", "heading"):
            self.textes.append(contenu.body)
        elif genre == "exception":
            self.erreurs.append(" ".join(f"exception {contenu.type} : {contenu.message}".split())[:200])
        elif genre == "alert" and contenu.format == contenu.ERROR and any(m in contenu.body for m in MESSAGES_D_ERREUR):
            self.erreurs.append(" ".join(contenu.body.split())[:200])

    def finir(self, statut: int) -> None:
        self.statut = statut
        self.empreinte = self._hachage.hexdigest()

    def widget(
        self, genre: str, partie_de_cle: str, hasard: random.Random, envoyees: dict[str, Any] | None = None
    ) -> tuple[str, Any] | None:
        """One of the widgets of that type whose user key contains `partie_de_cle`, an empty one if any.

        An empty one first: a user answers the guide's open questions; changing an answer already given
        changes nothing on screen but the widget itself.
        """
        envoyees = envoyees or {}
        candidats = [
            (g, e) for i, (g, e) in sorted(self.widgets.items()) if g == genre and partie_de_cle in cle_utilisateur(i)
        ]
        vides = [(g, e) for g, e in candidats if not valeur_courante(g, e, envoyees.get(e.id))]
        return hasard.choice(vides or candidats) if candidats else None


class Injoignable(Exception):
    """The run did not finish before the level's hard deadline, or the connection broke."""


@dataclass
class Mesure:
    genre: str  # "chargement", "navigation", "saisie", "export" or "export_pret" (a file already prepared)
    page: str
    ms: float
    t: float  # time.monotonic() at the end


@dataclass
class Bilan:
    """Everything the users of one level measured and checked (filled under a lock)."""

    mesures: list[Mesure] = field(default_factory=list)
    chargements_lances: int = 0
    chargements_inacheves: int = 0
    saisies: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    """page -> [changes sent, changes with a visible effect]"""
    tresorerie: list[int] = field(default_factory=lambda: [0, 0])
    """[checks of the cash at 31 December, checks passed]"""
    exports: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    """file type -> [downloads, files with the expected content]"""
    introuvables: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    erreurs: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    projets_non_ouverts: int = 0
    incidents: list[str] = field(default_factory=list)
    verrou: threading.Lock = field(default_factory=threading.Lock)

    def noter(self, mesure: Mesure) -> None:
        with self.verrou:
            self.mesures.append(mesure)

    def durees(self, genre: str, debut: float = 0.0, fin: float = float("inf")) -> list[float]:
        with self.verrou:
            return [m.ms for m in self.mesures if m.genre == genre and debut <= m.t <= fin]


class Utilisateur:
    """One browser tab, reduced to Streamlit's protocol: one WebSocket, one session on the server."""

    def __init__(self, port: int, jeton: str, hasard: random.Random, statiques: bool = False) -> None:
        self.port, self.hasard, self.statiques = port, hasard, statiques
        self.requete = f"p={jeton}"
        self.ws: Any = None
        self._pile = contextlib.ExitStack()
        self.pages: dict[str, str] = {}  # url_path -> page_script_hash, from the `navigation` message
        self.page = ""
        self.session_id = ""
        self.envoyees: dict[str, Any] = {}
        """widget id -> the value this client last sent (what a browser's widget keeps showing)"""

    def ouvrir(self, echeance: float, page: str = "") -> Rendu:
        """Load `/<page>?p=<token>` as a browser does: open the socket, the first run names the page by its url_path."""
        from websockets.sync.client import connect

        if self.statiques:
            telecharger_statiques(self.port, echeance)
        try:
            self.ws = self._pile.enter_context(
                connect(
                    f"ws://{HOTE}:{self.port}/_stcore/stream",
                    subprotocols=["streamlit"],  # type: ignore[list-item]
                    max_size=None,
                    compression=None,
                    open_timeout=max(1.0, echeance - time.monotonic()),
                    ping_interval=None,  # a loaded server answers pings late: never close the socket for that
                    close_timeout=2,
                )
            )
        except Exception as exc:
            raise Injoignable(f"connexion refusée ({exc.__class__.__name__} : {exc})") from exc
        return self.executer(page, echeance, premiere=True)

    def fermer(self) -> None:
        with contextlib.suppress(Exception):
            self._pile.close()

    def executer(self, page: str, echeance: float, etats: Sequence[Any] = (), premiere: bool = False) -> Rendu:
        """Send one rerun of `page` (with changed widget states, if any) and read until it is over."""
        from streamlit.proto.BackMsg_pb2 import BackMsg

        message = BackMsg()
        rerun = message.rerun_script
        rerun.query_string = self.requete
        rerun.page_name = page
        if not premiere:
            rerun.page_script_hash = self.pages.get(page, "")
        for etat in etats:
            rerun.widget_states.widgets.add().CopyFrom(etat)
        try:
            self.ws.send(message.SerializeToString())
            rendu = self._lire(echeance)
        except TimeoutError as exc:
            raise Injoignable("pas de fin d'exécution avant l'échéance") from exc
        except Exception as exc:
            raise Injoignable(f"connexion perdue ({exc.__class__.__name__} : {exc})") from exc
        return rendu

    def _lire(self, echeance: float) -> Rendu:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        rendu = Rendu()
        while True:
            reste = echeance - time.monotonic()
            if reste <= 0:
                raise TimeoutError
            brut = self.ws.recv(timeout=reste)
            rendu.octets += len(brut)
            f = ForwardMsg()
            f.ParseFromString(brut)
            genre = f.WhichOneof("type")
            if genre == "delta":
                rendu.ajouter(f.delta)
            elif genre == "new_session":
                self.session_id = f.new_session.initialize.session_id or self.session_id
            elif genre == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in f.navigation.app_pages}
                actuelle = f.navigation.page_script_hash
                self.page = next((u for u, h in self.pages.items() if h == actuelle), self.page)
            elif genre == "page_info_changed":
                self.requete = f.page_info_changed.query_string
            elif genre == "page_not_found" and f.page_not_found.page_name:
                rendu.erreurs.append(f"page introuvable : {f.page_not_found.page_name}")
            elif genre == "script_finished":
                if f.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    rendu.recommencer()
                    continue
                if f.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    rendu.erreurs.append("erreur de compilation du script")
                rendu.finir(f.script_finished)
                return rendu

    def telecharger(self, url: str, echeance: float) -> bytes:
        """Fetch a download button's file over HTTP, as the browser does on click (`url`: its media path)."""
        try:
            with urllib.request.urlopen(
                adresse_media(self.port, url), timeout=max(1.0, echeance - time.monotonic())
            ) as r:
                return r.read()
        except TimeoutError as exc:
            raise Injoignable("pas de fichier avant l'échéance") from exc
        except Exception as exc:  # a 404 (file gone) too
            raise Injoignable(f"téléchargement impossible ({exc.__class__.__name__} : {exc})") from exc


def telecharger_statiques(port: int, echeance: float) -> None:
    """What a browser with an empty cache fetches before opening the socket: the page and its scripts."""
    base = f"http://{HOTE}:{port}/"

    def lire(chemin: str) -> bytes:
        with urllib.request.urlopen(base + chemin, timeout=max(1.0, echeance - time.monotonic())) as r:
            return r.read()

    page = lire("").decode("utf-8", errors="replace")
    for chemin in ("_stcore/health", "_stcore/host-config", *re.findall(r'(?:src|href)="\./(static/[^"]+)"', page)):
        lire(chemin)


def parcours(
    utilisateur: Utilisateur,
    bilan: Bilan,
    debut: float,
    fin_des_actions: float,
    echeance: float,
    reflexion: tuple[float, float],
    exports: bool = False,
) -> None:
    """One user's journey: open the project link, then open a page and change a widget on it, in a loop."""
    hasard = utilisateur.hasard
    attente = debut - time.monotonic()
    if attente > 0:
        time.sleep(attente)
    with bilan.verrou:
        bilan.chargements_lances += 1
    try:
        t0 = time.perf_counter()
        try:
            rendu = utilisateur.ouvrir(echeance)
        except Exception as exc:
            with bilan.verrou:
                bilan.chargements_inacheves += 1
                bilan.incidents.append(f"chargement : {exc}"[:200])
            return
        bilan.noter(Mesure("chargement", "accueil", (time.perf_counter() - t0) * 1000, time.monotonic()))
        _relever(bilan, "accueil", rendu)
        if not any("Projet ouvert" in t for t in rendu.textes):
            with bilan.verrou:
                bilan.projets_non_ouverts += 1
        while time.monotonic() < fin_des_actions:
            time.sleep(hasard.uniform(*reflexion))
            if time.monotonic() >= fin_des_actions:
                break
            page = hasard.choice([p for p in NOMS_PAGES if p != utilisateur.page])
            t0 = time.perf_counter()
            rendu = utilisateur.executer(page, echeance)
            bilan.noter(Mesure("navigation", NOMS_PAGES[page], (time.perf_counter() - t0) * 1000, time.monotonic()))
            _relever(bilan, NOMS_PAGES[page], rendu)
            if page not in ACTIONS:
                continue
            time.sleep(hasard.uniform(*reflexion))
            if time.monotonic() >= fin_des_actions:
                break
            apres = _changer(utilisateur, page, rendu, bilan, echeance)
            if exports and page == "exporter" and apres is not None and time.monotonic() < fin_des_actions:
                time.sleep(hasard.uniform(*reflexion))
                _exporter(utilisateur, apres, bilan, echeance)
    except Injoignable as exc:
        with bilan.verrou:
            bilan.incidents.append(str(exc))
    finally:
        utilisateur.fermer()


def _relever(bilan: Bilan, page: str, rendu: Rendu) -> None:
    if rendu.erreurs:
        with bilan.verrou:
            bilan.erreurs[page].extend(rendu.erreurs)


def _changer(utilisateur: Utilisateur, page: str, avant: Rendu, bilan: Bilan, echeance: float) -> Rendu | None:
    """Change the page's widget, time it, and check that the page shows something else afterwards."""
    nom = NOMS_PAGES[page]
    genre, partie = ACTIONS[page]
    trouve = avant.widget(genre, partie, utilisateur.hasard, utilisateur.envoyees)
    envoyee = utilisateur.envoyees.get(trouve[1].id) if trouve else None
    changement = nouvel_etat(genre, trouve[1], utilisateur.hasard, envoyee) if trouve else None
    if changement is None:
        with bilan.verrou:
            bilan.introuvables[nom] += 1
        return None
    etat, valeur = changement
    utilisateur.envoyees[etat.id] = valeur
    t0 = time.perf_counter()
    apres = utilisateur.executer(page, echeance, [etat])
    bilan.noter(Mesure("saisie", nom, (time.perf_counter() - t0) * 1000, time.monotonic()))
    _relever(bilan, nom, apres)
    with bilan.verrou:
        bilan.saisies[nom][0] += 1
        bilan.saisies[nom][1] += apres.empreinte != avant.empreinte and utilisateur.page == page
    if page == "structure":
        # the cash at 31 December of the reference year moves by exactly the change of the cash at 1 January
        initiale = nombre_francais(valeur_courante(genre, trouve[1], envoyee) or "")
        fin_avant = nombre_francais(avant.metriques.get(METRIQUE_TRESORERIE_FIN, ""))
        fin_apres = nombre_francais(apres.metriques.get(METRIQUE_TRESORERIE_FIN, ""))
        nouvelle = nombre_francais(valeur)
        juste = (
            None not in (initiale, fin_avant, fin_apres, nouvelle)
            and abs(fin_apres - fin_avant - (nouvelle - initiale)) <= 1
        )
        with bilan.verrou:
            bilan.tresorerie[0] += 1
            bilan.tresorerie[1] += juste
    apres.choix = valeur
    return apres


def _exporter(utilisateur: Utilisateur, rendu: Rendu, bilan: Bilan, echeance: float) -> None:
    """Prepare one of Exporter's files, download it and check it: a PDF, a workbook, or a summary naming the
    chosen scenarios.

    As a user does: click the file's « Préparer » button (a trigger), the server builds the file under a
    spinner, keeps it in the session and reruns; the page then shows a download button whose proto holds
    the media URL of the bytes, fetched over HTTP. Timed from the click to the last byte received. When
    every file is already prepared for these scenarios (the user came back to a choice made before), one
    is fetched straight away, timed apart.
    """
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    boutons = boutons_export(rendu.widgets)
    if not boutons:
        with bilan.verrou:
            bilan.introuvables["exporter (téléchargement)"] += 1
        return
    a_preparer = sorted(e for e, (etat, _) in boutons.items() if etat == "preparer")
    extension = utilisateur.hasard.choice(a_preparer or sorted(boutons))
    etat, bouton = boutons[extension]
    t0 = time.perf_counter()
    try:
        if etat == "preparer":
            clic = WidgetState(id=bouton.id, trigger_value=True)
            apres = utilisateur.executer("exporter", echeance, [clic])
            _relever(bilan, "exporter", apres)
            pret = boutons_export(apres.widgets).get(extension)
            if pret is None or pret[0] != "pret":
                raise Injoignable("pas de bouton de téléchargement après « Préparer »")
            bouton = pret[1]
        contenu = utilisateur.telecharger(bouton.url, echeance)
    except Injoignable as exc:
        # a failed export is counted as a non-conforming file; the session goes on if its socket is alive
        with bilan.verrou:
            bilan.exports[extension][0] += 1
            bilan.incidents.append(f"export {extension} : {exc}"[:200])
        if utilisateur.ws.state.name != "OPEN":
            raise
        return
    genre = "export" if etat == "preparer" else "export_pret"
    bilan.noter(Mesure(genre, extension, (time.perf_counter() - t0) * 1000, time.monotonic()))
    juste = fichier_conforme(extension, contenu, rendu.choix)
    with bilan.verrou:
        bilan.exports[extension][0] += 1
        bilan.exports[extension][1] += juste


# -- the measurements --


@dataclass
class Niveau:
    """The figures of one level (one number of concurrent sessions, one GC setting)."""

    sessions: int
    gc: bool
    duree_s: float
    serveur: list[tuple[str, float]]
    bilan: Bilan
    rss_ko: list[int]
    rss_debut_ko: int | None
    rss_fin_ko: int | None
    cpu_serveur_s: float
    cpu_client_s: float
    mur_s: float
    versions: int
    traces: list[str]


def mesurer_niveau(
    serveur: Serveur,
    echantillonneur: Echantillonneur,
    sessions: int,
    duree_s: float,
    reflexion: tuple[float, float],
    montee_s: float,
    graine: int,
    texte_projet: str,
    statiques: bool,
    exports: bool = False,
    chaque_minute: bool = False,
) -> Niveau:
    jetons = [deposer_projet(serveur.donnees, texte_projet) for _ in range(sessions)]
    bilan = Bilan()
    position = serveur.position()
    rss_debut, cpu_debut = serveur.stat()
    client_debut = time.process_time()
    t_debut = time.monotonic()
    fin_des_actions = t_debut + montee_s + duree_s
    echeance = fin_des_actions + LIMITE_CHARGEMENT_S + 5
    fils = []
    for i, jeton in enumerate(jetons):
        hasard = random.Random(f"{graine}-{sessions}-{i}")
        utilisateur = Utilisateur(serveur.port, jeton, hasard, statiques)
        debut = t_debut + (montee_s * i / sessions if sessions > 1 else 0)
        fil = threading.Thread(
            target=parcours,
            args=(utilisateur, bilan, debut, fin_des_actions, echeance, reflexion, exports),
            daemon=True,
            name=f"utilisateur-{i}",
        )
        fils.append(fil)
        fil.start()
    if chaque_minute:
        _suivre_chaque_minute(serveur, echantillonneur, bilan, t_debut, fin_des_actions, position)
    for fil in fils:
        fil.join(timeout=max(0.1, echeance + 5 - time.monotonic()))
    mur = time.monotonic() - t_debut
    client = time.process_time() - client_debut
    fin_mesure = time.monotonic()
    _, cpu_fin = serveur.stat()
    position_fin = serveur.position()
    serveur.attendre_repos()
    rss_fin, _ = serveur.stat()
    journal = serveur.journal_depuis(position, position_fin)
    return Niveau(
        sessions=sessions,
        gc=serveur.gc,
        duree_s=duree_s,
        serveur=lire_journal(journal),
        bilan=bilan,
        rss_ko=echantillonneur.entre(t_debut, fin_mesure),
        rss_debut_ko=rss_debut,
        rss_fin_ko=rss_fin,
        cpu_serveur_s=(cpu_fin or 0) - (cpu_debut or 0),
        cpu_client_s=client,
        mur_s=mur,
        versions=versions_enregistrees(serveur.donnees, jetons),
        traces=traces_du_journal(journal),
    )


def _suivre_chaque_minute(
    serveur: Serveur, echantillonneur: Echantillonneur, bilan: Bilan, debut: float, fin: float, position: int
) -> None:
    """Soak: print the server's RSS and the last minute's figures every minute."""
    minute = 0
    while time.monotonic() < fin:
        minute += 1
        limite = min(debut + 60 * minute, fin)
        time.sleep(max(0.0, limite - time.monotonic()))
        rss, _ = serveur.stat()
        fin_journal = serveur.position()
        durees = [d for _, d in lire_journal(serveur.journal_depuis(position, fin_journal))]
        position = fin_journal
        saisies = bilan.durees("saisie", limite - 60, limite)
        echantillons = echantillonneur.entre(limite - 60, limite)
        print(
            f"  minute {minute:>3} : RSS {_mo(rss)} Mo (max de la minute {_mo(max(echantillons, default=None))} Mo), "
            f"{len(durees)} réexécutions, serveur p50 {millisecondes(centile(durees, 50))} ms, "
            f"saisie→résultat p50 {secondes(centile(saisies, 50))} s",
            flush=True,
        )


def _mo(ko: int | None) -> str:
    return "–" if ko is None else f"{ko / 1024:.0f}"


def premiers_affichages(serveur: Serveur, jeton: str, repetitions: int) -> dict[str, tuple[list[float], list[str]]]:
    """Server time of each page's first run in a new session, one session at a time (like a page reload).

    An idle witness session stays connected meanwhile: Streamlit empties its cache of compiled page scripts
    whenever the last session disconnects, which a server in use never sees. So the first of the
    `repetitions + 1` loads of a page includes compiling it (Streamlit's "magic" rewrite, then
    `compile`), and the others show a busy server's case.
    """
    resultats: dict[str, tuple[list[float], list[str]]] = {}
    temoin = Utilisateur(serveur.port, jeton, random.Random(0))
    try:
        temoin.ouvrir(time.monotonic() + LIMITE_CHARGEMENT_S)
        for page, nom in NOMS_PAGES.items():
            durees: list[float] = []
            erreurs: list[str] = []
            for _ in range(repetitions + 1):
                utilisateur = Utilisateur(serveur.port, jeton, random.Random(0))
                position = serveur.position()
                try:
                    erreurs.extend(utilisateur.ouvrir(time.monotonic() + LIMITE_CHARGEMENT_S, page).erreurs)
                except Injoignable as exc:
                    erreurs.append(str(exc))
                    continue
                finally:
                    utilisateur.fermer()
                durees.append(_duree_de(serveur, position, nom))
            resultats[nom] = (durees, sorted(set(erreurs)))
    finally:
        temoin.fermer()
    return resultats


def _duree_de(serveur: Serveur, position: int, nom: str) -> float:
    """The duree_ms app.py logged for page `nom` since `position` (the line may come a moment later)."""
    for _ in range(40):
        lignes = [d for p, d in lire_journal(serveur.journal_depuis(position)) if p == nom]
        if lignes:
            return sum(lignes)
        time.sleep(0.05)
    return float("nan")


def echauffer(serveur: Serveur, jeton: str) -> dict[str, list[str]]:
    """One session opens every page once (first imports); returns the errors each page drew."""
    utilisateur = Utilisateur(serveur.port, jeton, random.Random(0))
    erreurs: dict[str, list[str]] = {}
    try:
        utilisateur.ouvrir(time.monotonic() + 120)
        for page, nom in NOMS_PAGES.items():
            erreurs[nom] = utilisateur.executer(page, time.monotonic() + 120).erreurs
    finally:
        utilisateur.fermer()
    return erreurs


# -- printing (French) --


def _ligne(colonnes: Sequence[str], largeurs: Sequence[int]) -> str:
    return "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(colonnes, largeurs, strict=True)))


def _tableau(entetes: Sequence[str], lignes: Sequence[Sequence[str]]) -> None:
    largeurs = [max(len(str(x)) for x in colonne) for colonne in zip(entetes, *lignes, strict=True)]
    print("  " + _ligne(entetes, largeurs))
    for ligne in lignes:
        print("  " + _ligne(ligne, largeurs))


def imprimer_premiers(resultats: dict[str, tuple[list[float], list[str]]]) -> None:
    print(
        f"\nPremier affichage de chaque page dans une nouvelle session (temps serveur de page.run(), 1 session) ; "
        f"cible < {CIBLE_PREMIER_AFFICHAGE_MS:.0f} ms"
    )
    lignes = []
    for nom, (durees, erreurs) in resultats.items():
        chaudes = durees[1:]
        p50 = centile(chaudes, 50)
        maxi = max(chaudes, default=None)
        verdict = "–" if maxi is None else "oui" if maxi < CIBLE_PREMIER_AFFICHAGE_MS else "NON"
        froid = millisecondes(durees[0]) if durees else "–"
        lignes.append([nom, froid, millisecondes(p50), millisecondes(maxi), str(len(chaudes)), verdict])
        for erreur in erreurs:
            print(f"  ! {nom} : {erreur}")
    _tableau(["page", "1re fois, compilation comprise (ms)", "ensuite : médiane (ms)", "max (ms)", "n", "max < cible"],
             lignes)  # fmt: skip


def imprimer_niveau(n: Niveau) -> None:
    b = n.bilan
    print(
        f"\n{n.sessions} session(s), GC après chaque exécution : {'oui' if n.gc else 'non'} — "
        f"{n.mur_s:.0f} s au total, {len(b.mesures)} mesures client"
    )
    par_page: dict[str, list[float]] = defaultdict(list)
    for page, d in n.serveur:
        par_page[page].append(d)
    lignes = [
        [page, str(len(d)), millisecondes(centile(d, 50)), millisecondes(centile(d, 95)), millisecondes(max(d))]
        for page, d in sorted(par_page.items())
    ]
    print("  Temps serveur par exécution de page (journal de app.py) :")
    _tableau(["page", "n", "p50 (ms)", "p95 (ms)", "max (ms)"], lignes)
    lignes = []
    for genre, libelle in (("chargement", "chargement"), ("navigation", "changement de page"), ("saisie", "saisie"),
                           ("export", "export (« Préparer » → fichier reçu)"),
                           ("export_pret", "export déjà préparé (téléchargement)")):  # fmt: skip
        d = b.durees(genre)
        if genre.startswith("export") and not d:
            continue
        lignes.append(
            [libelle, str(len(d)), secondes(centile(d, 50)), secondes(centile(d, 95)), secondes(max(d, default=None))]
        )
    print("  Côté client (envoi du BackMsg → script_finished final ; export : du clic au fichier reçu) :")
    _tableau(["action", "n", "p50 (s)", "p95 (s)", "max (s)"], lignes)
    print("  Vérification du parcours :")
    lignes = [
        [page, str(envoyees), "sans objet" if page in EFFET_INVISIBLE else str(effet),
         str(b.introuvables.get(page, 0)), str(len(b.erreurs.get(page, [])))]
        for page, (envoyees, effet) in sorted(b.saisies.items())
    ]  # fmt: skip
    for page, nombre in b.introuvables.items():
        if page not in b.saisies:
            lignes.append([page, "0", "0", str(nombre), str(len(b.erreurs.get(page, [])))])
    _tableau(["page", "saisies", "avec effet visible", "widget introuvable", "erreurs affichées"], lignes)
    print(
        f"  Trésorerie au 31 décembre suivant la saisie du 1er janvier : {b.tresorerie[1]} sur {b.tresorerie[0]} ; "
        f"enregistrements du projet sur le serveur : {n.versions} ; "
        f"projets non rouverts par le lien : {b.projets_non_ouverts} ; "
        f"erreurs (traces Python) dans le journal du serveur : {len(n.traces)}"
    )
    if b.exports:
        conformes = ", ".join(f"{t} {ok} sur {total}" for t, (total, ok) in sorted(b.exports.items()))
        print(f"  Exports conformes (PDF, classeur, résumé nommant les scénarios choisis) : {conformes}")
        with b.verrou:
            par_fichier: dict[str, list[float]] = defaultdict(list)
            for m in b.mesures:
                if m.genre == "export":
                    par_fichier[m.page].append(m.ms)
        temps = " ; ".join(
            f"{t} n {len(d)}, p50 {secondes(centile(d, 50))} s, max {secondes(max(d))} s"
            for t, d in sorted(par_fichier.items())
        )
        if temps:
            print(f"  Export par fichier (« Préparer » → fichier reçu) : {temps}")
    for page, erreurs in sorted(b.erreurs.items()):
        for erreur in sorted(set(erreurs))[:3]:
            print(f"  ! erreur affichée sur {page} : {erreur}")
    for incident in sorted(set(b.incidents))[:5]:
        print(f"  ! incident : {incident}")
    for exception in sorted({t.splitlines()[-1] for t in n.traces}):
        print(f"  ! exception dans le journal du serveur : {exception[:300]}")
    if n.traces:
        print("  Première trace :\n    " + "\n    ".join(n.traces[0].splitlines()[-30:]))


def _chargements_rates(b: Bilan) -> str:
    lents = sum(1 for d in b.durees("chargement") if d > LIMITE_CHARGEMENT_S * 1000)
    return f"{lents + b.chargements_inacheves} sur {b.chargements_lances}"


def imprimer_synthese(niveaux: Sequence[Niveau]) -> None:
    print("\nSynthèse (machine partagée : chiffres indicatifs)")
    lignes = []
    for n in niveaux:
        s = [d for _, d in n.serveur]
        c = n.bilan.durees("saisie")
        v = n.bilan.durees("navigation")
        rss = [x for x in (n.rss_debut_ko, *n.rss_ko, n.rss_fin_ko) if x is not None]
        lignes.append(
            [
                str(n.sessions),
                "oui" if n.gc else "non",
                str(len(s)),
                secondes(centile(s, 50)),
                secondes(centile(s, 95)),
                secondes(centile(c, 50)),
                secondes(centile(c, 95)),
                secondes(centile(v, 50)),
                secondes(centile(v, 95)),
                _chargements_rates(n.bilan),
                f"{_mo(n.rss_debut_ko)}/{_mo(max(rss, default=None))}/{_mo(n.rss_fin_ko)}",
                f"{100 * n.cpu_serveur_s / n.mur_s:.0f} %",
                f"{100 * n.cpu_client_s / n.mur_s:.0f} %",
            ]
        )
    _tableau(
        [
            "sessions",
            "GC",
            "exéc. serveur",
            "serveur p50 (s)",
            "p95 (s)",
            "saisie→résultat p50 (s)",
            "p95 (s)",
            "changement de page p50 (s)",
            "p95 (s)",
            f"chargements > {LIMITE_CHARGEMENT_S:.0f} s",
            "RSS début/max/fin (Mo)",
            "CPU serveur",
            "CPU client",
        ],
        lignes,
    )
    print("  CPU : temps processeur pendant le niveau rapporté à sa durée (100 % = un cœur).")
    print("  Références (mesures précédentes avec des navigateurs Chromium, qui saturaient la machine) :")
    for reference in REFERENCES_NAVIGATEURS:
        print(f"    {reference}")


# -- command line --


class _Parseur(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"Erreur : {message}\n")


def analyser_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parseur = _Parseur(
        prog="python -m ui.charge",
        add_help=False,
        description="Test de charge de l'application avec des clients WebSocket légers (protocole de Streamlit), "
        "sans navigateur : temps serveur et client par réexécution, pages non chargées en 60 s, mémoire du "
        "serveur. L'outil démarre son propre serveur sur 127.0.0.1 et l'arrête à la fin.",
    )
    parseur.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")
    parseur.add_argument(
        "--sessions",
        type=int,
        nargs="+",
        metavar="N",
        help="nombres de sessions simultanées, un palier chacun (défaut : 1 10 30 ; "
        "avec --soak : une seule valeur, 10 par défaut)",
    )
    parseur.add_argument(
        "--duree", type=float, default=60, metavar="S", help="durée de chaque palier en secondes (défaut : 60)"
    )
    parseur.add_argument(
        "--gc",
        nargs="+",
        choices=["on", "off"],
        default=["on"],
        help="runner.postScriptGC du serveur ; « on off » mesure les deux, un serveur chacun (défaut : on)",
    )
    parseur.add_argument(
        "--soak",
        type=float,
        metavar="MINUTES",
        help="endurance : un seul palier pendant MINUTES, avec la mémoire du serveur chaque minute",
    )
    parseur.add_argument("--port", type=int, default=0, help="port du serveur (défaut : un port libre)")
    parseur.add_argument("--graine", type=int, default=1, help="graine du hasard des parcours (défaut : 1)")
    parseur.add_argument(
        "--reflexion",
        type=float,
        nargs=2,
        default=[1.0, 3.0],
        metavar=("MIN", "MAX"),
        help="temps de réflexion entre deux actions, en secondes (défaut : 1 3)",
    )
    parseur.add_argument(
        "--montee",
        type=float,
        default=0,
        metavar="S",
        help="étalement du démarrage des sessions d'un palier (défaut : 0, toutes ensemble)",
    )
    parseur.add_argument(
        "--repetitions",
        type=int,
        default=5,
        help="premiers affichages mesurés par page, à 1 session (défaut : 5 ; 0 : aucun)",
    )
    parseur.add_argument(
        "--projet",
        type=Path,
        help="fichier projet ouvert par chaque session (défaut : le plus grand exemple de scenarios/)",
    )
    parseur.add_argument(
        "--statiques",
        action="store_true",
        help="chaque session télécharge aussi la page HTML et ses scripts, comme un navigateur au cache vide",
    )
    parseur.add_argument(
        "--exports",
        action="store_true",
        help="sur la page Exporter, chaque session prépare aussi un des fichiers (PDF, classeur ou résumé) par "
        "son bouton « Préparer », puis le télécharge et le vérifie",
    )
    args = parseur.parse_args(argv)
    if args.soak is not None and args.sessions and len(args.sessions) > 1:
        parseur.error("--soak se mesure avec un seul nombre de sessions")
    if args.reflexion[0] < 0 or args.reflexion[1] < args.reflexion[0]:
        parseur.error("--reflexion : il faut 0 ≤ MIN ≤ MAX")
    if args.duree <= 0 or any(n < 1 for n in args.sessions or [1]):
        parseur.error("--duree et --sessions doivent être positifs")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = analyser_arguments(argv)
    projet = args.projet or plus_grand_exemple()
    texte_projet = projet.read_text(encoding="utf-8")
    if args.soak is not None:
        paliers, duree = [args.sessions[0] if args.sessions else 10], args.soak * 60
    else:
        paliers, duree = args.sessions or [1, 10, 30], args.duree
    charge = ", ".join(f"{x:.1f}".replace(".", ",") for x in os.getloadavg())
    print(
        f"Projet ouvert par chaque session : {projet.name} ; machine : {os.cpu_count()} cœurs, charge moyenne "
        f"{charge} au départ (machine partagée : chiffres indicatifs)"
    )
    niveaux: list[Niveau] = []
    for gc in args.gc:
        dossier = Path(tempfile.mkdtemp(prefix="iae_charge_"))
        serveur = Serveur(args.port or port_libre(), gc == "on", dossier / "projets", dossier / "serveur.log")
        echantillonneur: Echantillonneur | None = None
        try:
            print(
                f"\n=== Serveur avec runner.postScriptGC={'true' if gc == 'on' else 'false'} (port {serveur.port})",
                flush=True,
            )
            serveur.demarrer()
            echantillonneur = Echantillonneur(serveur.pid)
            echantillonneur.start()
            jeton = deposer_projet(serveur.donnees, texte_projet)
            for nom, erreurs in echauffer(serveur, jeton).items():
                for erreur in sorted(set(erreurs)):
                    print(f"  ! {nom} affiche une erreur dès le premier passage : {erreur}")
            if args.repetitions > 0 and args.soak is None:
                imprimer_premiers(premiers_affichages(serveur, jeton, args.repetitions))
            serveur.attendre_repos()
            for sessions in paliers:
                print(f"\nPalier de {sessions} session(s) pendant {duree:.0f} s…", flush=True)
                niveau = mesurer_niveau(
                    serveur,
                    echantillonneur,
                    sessions,
                    duree,
                    tuple(args.reflexion),
                    args.montee,
                    args.graine,
                    texte_projet,
                    args.statiques,
                    exports=args.exports,
                    chaque_minute=args.soak is not None,
                )
                niveaux.append(niveau)
                imprimer_niveau(niveau)
                if args.soak is not None:
                    _imprimer_tendance(niveau)
        except (RuntimeError, Injoignable) as exc:
            print(f"Erreur : {exc}", file=sys.stderr)
            return 1
        finally:
            if echantillonneur is not None:
                echantillonneur.arret.set()
            serveur.arreter()
            if any(n.traces for n in niveaux if n.gc == (gc == "on")) and serveur.chemin_journal.exists():
                garde = Path(tempfile.gettempdir()) / f"iae_charge_{time.strftime('%Y%m%d_%H%M%S')}_gc_{gc}.log"
                shutil.copyfile(serveur.chemin_journal, garde)
                print(f"\nJournal du serveur gardé (il contient des erreurs) : {garde}")
            shutil.rmtree(dossier, ignore_errors=True)
    imprimer_synthese(niveaux)
    return 0


def _imprimer_tendance(n: Niveau) -> None:
    """Soak: does memory keep growing? The RSS of the first and last minutes, and the slope in between."""
    if len(n.rss_ko) < 4:
        return
    par_minute = max(1, len(n.rss_ko) * 60 // max(1, int(n.mur_s)))
    debut, fin = n.rss_ko[:par_minute], n.rss_ko[-par_minute:]
    pente = (sum(fin) / len(fin) - sum(debut) / len(debut)) / 1024 / max(1e-9, n.mur_s / 60 - 1)
    print(
        f"  Mémoire : moyenne de la première minute {_mo(int(sum(debut) / len(debut)))} Mo, de la dernière "
        f"{_mo(int(sum(fin) / len(fin)))} Mo, soit {pente:+.1f} Mo par minute".replace(".", ",")
    )


if __name__ == "__main__":
    raise SystemExit(main())
