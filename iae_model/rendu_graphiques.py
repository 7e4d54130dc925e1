"""Charts converted to SVG in a worker process while the PDF lays out its text.

vl-convert takes 60 to 130 ms a chart and holds the interpreter's lock meanwhile, so threads do not help;
a PDF of 4 scenarios has 15 charts, more than a second of it. One worker process (`python -m
iae_model.rendu_graphiques`, outside `exports`: it imports nothing else), started at the first PDF of the
server or of the CLI and kept for the next ones, converts them while the document writes its pages: the
two run on two processors. The worker reads one JSON line per chart (a Vega-Lite spec built from the
engine's figures) and writes one JSON line back (the SVG, or the error); nothing is pickled and the
parent's main module is never imported again. If the worker cannot start or dies, the charts are
converted here: slower, never missing.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import subprocess
import sys
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import IO, Any

DOSSIER_POLICES = Path(__file__).resolve().parent / "exports" / "polices" / "graphiques"
"""The measuring font (a subset of DejaVu Sans, the PDF's font): the worker registers it as this process does."""

VARIABLE_DESACTIVER = "IAE_GRAPHIQUES_SANS_PROCESSUS"
"""Set to 1 to convert the charts in the server's own process (a host that forbids child processes)."""


class ErreurDeConversion(RuntimeError):
    """vl-convert refused a spec (in the worker: its message comes back)."""


_polices = False


def convertir(spec: dict[str, Any]) -> str:
    """One spec to SVG, in French number and date formats (what the worker runs, and the fallback here)."""
    global _polices
    import vl_convert

    if not _polices:
        vl_convert.register_font_directory(str(DOSSIER_POLICES))
        _polices = True
    return vl_convert.vegalite_to_svg(spec, format_locale="fr-FR", time_format_locale="fr-FR")


class _Travailleur:
    """The worker process and a thread that hands each answer to the future waiting for it."""

    def __init__(self) -> None:
        self._processus = subprocess.Popen(
            [sys.executable, "-m", "iae_model.rendu_graphiques"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
            text=True,
            encoding="utf-8",
        )
        self._verrou = threading.Lock()
        """Guards the futures waiting for an answer, never held during a write or a read of the pipes."""
        self._ecriture = threading.Lock()
        """One request written at a time. Kept apart from `_verrou`: a writer stuck on a full pipe (the worker
        busy writing an answer) must not stop the reader that empties the worker's answers."""
        self._attente: dict[int, Future[str]] = {}
        self._suivant = 0
        self.vivant = True
        self.prechauffe = False
        threading.Thread(target=self._lire, name="rendu-graphiques", daemon=True).start()

    def demander(self, spec: dict[str, Any]) -> Future[str]:
        future: Future[str] = Future()
        ligne = json.dumps({"spec": spec}, ensure_ascii=False)  # serialised before any lock: specs are large
        with self._ecriture:
            with self._verrou:
                if not self.vivant:
                    raise BrokenPipeError("le processus des graphiques s'est arrêté")
                numero = self._suivant
                self._suivant += 1
                self._attente[numero] = future
            entree: IO[str] = self._processus.stdin  # type: ignore[assignment]
            try:
                entree.write(f'{{"numero": {numero}, {ligne[1:]}\n')  # {"numero": n, "spec": …}
                entree.flush()
            except OSError:
                with self._verrou:
                    self._attente.pop(numero, None)
                raise
        return future

    def _lire(self) -> None:
        sortie: IO[str] = self._processus.stdout  # type: ignore[assignment]
        for ligne in sortie:
            reponse = json.loads(ligne)
            with self._verrou:
                future = self._attente.pop(reponse["numero"], None)
            if future is None:
                continue
            if "svg" in reponse:
                future.set_result(reponse["svg"])
            else:
                future.set_exception(ErreurDeConversion(reponse.get("erreur", "")))
        with self._verrou:  # the worker stopped: whoever waits converts here
            self.vivant = False
            attente, self._attente = self._attente, {}
        for future in attente.values():
            future.set_exception(BrokenPipeError("le processus des graphiques s'est arrêté"))

    def arreter(self) -> None:
        self.vivant = False
        try:
            self._processus.stdin.close()  # type: ignore[union-attr]
            self._processus.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):  # pragma: no cover - a stuck worker
            self._processus.kill()


_verrou = threading.Lock()
_travailleur: _Travailleur | None = None


def _travailleur_partage() -> _Travailleur | None:
    """The worker, started once and started again if it died (None when disabled or impossible)."""
    global _travailleur
    if os.environ.get(VARIABLE_DESACTIVER) == "1":
        return None
    with _verrou:
        if _travailleur is None or not _travailleur.vivant:
            try:
                _travailleur = _Travailleur()
            except OSError:  # pragma: no cover - a host without child processes
                return None
            atexit.register(_travailleur.arreter)
        return _travailleur


_PETIT_GRAPHIQUE: dict[str, Any] = {
    "data": {"values": [{"x": 0}]},
    "mark": "point",
    "encoding": {"x": {"field": "x", "type": "quantitative"}},
}


def prechauffer() -> None:
    """Start the worker and its chart engine now (a second or two, in the background), not at the first PDF: what
    the Exporter page does when it opens."""
    travailleur = _travailleur_partage()
    if travailleur is not None and not travailleur.prechauffe:
        travailleur.prechauffe = True
        with contextlib.suppress(OSError):  # it died as it started: the PDF converts here
            travailleur.demander(_PETIT_GRAPHIQUE)


class Conversions:
    """Charts asked for in the order the PDF draws them, converted in the worker; `svg(i)` waits for the i-th."""

    def __init__(self) -> None:
        self._specs: list[dict[str, Any]] = []
        self._futures: list[Future[str] | None] = []
        self._travailleur = _travailleur_partage()

    def demander(self, spec: dict[str, Any]) -> int:
        """Start converting `spec`; returns its number."""
        self._specs.append(spec)
        future = None
        if self._travailleur is not None:
            try:
                future = self._travailleur.demander(spec)
            except OSError:
                self._travailleur = None
        self._futures.append(future)
        return len(self._specs) - 1

    def svg(self, numero: int) -> str:
        future = self._futures[numero]
        if future is not None:
            try:
                return future.result()
            except OSError:  # the worker died: convert here
                pass
            except ErreurDeConversion:
                pass  # the same spec here raises vl-convert's own error, with its type
        return convertir(self._specs[numero])


def _servir() -> None:
    """The worker: one JSON line in (numero, spec), one JSON line out (numero, svg or erreur), until stdin ends.

    The answers go to a copy of the standard output taken first; whatever a library prints goes to the error
    output instead, so that it never breaks a line of the exchange."""
    reponses = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    for ligne in sys.stdin:
        demande = json.loads(ligne)
        try:
            reponse = {"numero": demande["numero"], "svg": convertir(demande["spec"])}
        except Exception as e:
            reponse = {"numero": demande["numero"], "erreur": f"{type(e).__name__}: {e}"}
        reponses.write(json.dumps(reponse, ensure_ascii=False) + "\n")
        reponses.flush()


if __name__ == "__main__":
    _servir()
