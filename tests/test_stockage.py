"""The server-side store: versions (optimistic concurrency), durability, retention, damaged files."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from ui.stockage import (
    AGE_TEMPORAIRE_ORPHELIN_S,
    ConflitDeVersion,
    Depot,
    StockageIndisponible,
    StockagePlein,
    nouveau_jeton,
    purger_si_du,
)


@pytest.fixture
def depot(tmp_path: Path) -> Depot:
    return Depot(tmp_path / "projets")


def test_versions_successives(depot):
    jeton = nouveau_jeton()
    assert depot.lire(jeton) is None and depot.version(jeton) is None
    assert depot.enregistrer(jeton, "nom: A\n", None) == 1
    assert depot.enregistrer(jeton, "nom: B\n", 1) == 2
    lecture = depot.lire(jeton)
    assert (lecture.version, lecture.texte) == (2, "nom: B\n")
    # the file stays a readable project file: the version is a YAML comment on the first line
    assert (depot.dossier / f"{jeton}.yaml").read_text(encoding="utf-8") == "# iae-version: 2\nnom: B\n"


def test_une_sauvegarde_fondee_sur_une_ancienne_version_est_refusee(depot):
    jeton = nouveau_jeton()
    depot.enregistrer(jeton, "nom: A\n", None)
    depot.enregistrer(jeton, "nom: onglet 1\n", 1)  # the first tab saves
    with pytest.raises(ConflitDeVersion) as exc:
        depot.enregistrer(jeton, "nom: onglet 2\n", 1)  # the second tab, still on version 1
    assert (exc.value.actuel.version, exc.value.actuel.texte) == (2, "nom: onglet 1\n")
    assert "modifié ailleurs" in str(exc.value)
    assert depot.lire(jeton).texte == "nom: onglet 1\n"  # nothing overwritten
    # creating a project that already exists is a conflict too
    with pytest.raises(ConflitDeVersion):
        depot.enregistrer(jeton, "nom: C\n", None)


def test_ecritures_concurrentes_une_seule_gagne_par_version(depot):
    """Twenty writers based on the same version: exactly one succeeds, the others are told."""
    jeton = nouveau_jeton()
    depot.enregistrer(jeton, "v: 0\n", None)
    gagnants: list[int] = []
    refuses: list[int] = []
    depart = threading.Barrier(20)

    def ecrire(i: int) -> None:
        autre = Depot(depot.dossier)  # a separate store object, as another session or process would have
        depart.wait()
        try:
            autre.enregistrer(jeton, f"v: {i}\n", 1)
            gagnants.append(i)
        except ConflitDeVersion:
            refuses.append(i)

    fils = [threading.Thread(target=ecrire, args=(i,)) for i in range(20)]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    assert len(gagnants) == 1 and len(refuses) == 19
    assert depot.lire(jeton).texte == f"v: {gagnants[0]}\n" and depot.version(jeton) == 2


def test_ancien_fichier_sans_version(depot):
    """Files saved before versions existed open as version 0 and are saved from there."""
    jeton = nouveau_jeton()
    depot.dossier.mkdir(parents=True)
    (depot.dossier / f"{jeton}.yaml").write_text("nom: ancien\n", encoding="utf-8")
    assert depot.lire(jeton).version == 0
    assert depot.enregistrer(jeton, "nom: nouveau\n", 0) == 1


@pytest.mark.parametrize(
    ("contenu", "probleme"),
    [
        (b"\xff\xfe\x00nom", "n'est pas un texte UTF-8"),
        (None, "un dossier occupe la place du fichier"),
    ],
)
def test_fichier_endommage_lu_sans_exception(depot, contenu, probleme):
    jeton = nouveau_jeton()
    chemin = depot.dossier / f"{jeton}.yaml"
    depot.dossier.mkdir(parents=True)
    if contenu is None:
        chemin.mkdir()
    else:
        chemin.write_bytes(contenu)
    lecture = depot.lire(jeton)
    assert lecture.texte is None and probleme in lecture.probleme
    assert lecture.brut == contenu


def test_jetons_invalides(depot):
    assert depot.lire("../../etc/passwd") is None
    with pytest.raises(ValueError):
        depot.enregistrer("../x", "a: 1\n", None)


def test_purge_des_projets_anciens_et_des_temporaires_orphelins(depot):
    vieux, recent = nouveau_jeton(), nouveau_jeton()
    depot.enregistrer(vieux, "a: 1\n", None)
    depot.enregistrer(recent, "a: 2\n", None)
    il_y_a_91_jours = time.time() - 91 * 86_400
    os.utime(depot.dossier / f"{vieux}.yaml", (il_y_a_91_jours, il_y_a_91_jours))
    orphelin = depot.dossier / ".tmp-crash.yaml"
    orphelin.write_text("moitié d'un fichier", encoding="utf-8")
    ancien = time.time() - AGE_TEMPORAIRE_ORPHELIN_S - 10
    os.utime(orphelin, (ancien, ancien))
    en_cours = depot.dossier / ".tmp-en-cours.yaml"  # a save of another process, right now
    en_cours.write_text("...", encoding="utf-8")
    assert depot.purger() == 1
    assert depot.lire(vieux) is None and depot.lire(recent) is not None
    assert not orphelin.exists() and en_cours.exists()


def test_purge_au_demarrage_puis_au_plus_une_fois_par_intervalle(tmp_path):
    depot = Depot(tmp_path / "p")
    assert purger_si_du(depot, intervalle_s=3600) is True
    assert purger_si_du(depot, intervalle_s=3600) is False
    assert purger_si_du(Depot(tmp_path / "autre"), intervalle_s=3600) is True


def test_plafond_du_nombre_de_projets(tmp_path):
    depot = Depot(tmp_path / "p", projets_max=2)
    a, b = nouveau_jeton(), nouveau_jeton()
    depot.enregistrer(a, "a: 1\n", None)
    depot.enregistrer(b, "b: 1\n", None)
    with pytest.raises(StockagePlein, match="maximum"):
        depot.enregistrer(nouveau_jeton(), "c: 1\n", None)
    # existing projects can still be saved; nobody's project was deleted to make room
    assert depot.enregistrer(a, "a: 2\n", 1) == 2
    assert depot.lire(b).texte == "b: 1\n"


def test_disque_plein_ou_en_lecture_seule(depot, monkeypatch):
    """The disk refuses the write: a French error, the stored version untouched, no temp file left."""
    import errno

    jeton = nouveau_jeton()
    depot.enregistrer(jeton, "a: 1\n", None)

    def refuse(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", refuse)
    with pytest.raises(StockageIndisponible, match="le disque du serveur est plein"):
        depot.enregistrer(jeton, "a: 2\n", 1)
    assert depot.lire(jeton).texte == "a: 1\n"
    assert not list(depot.dossier.glob(".tmp-*"))
    monkeypatch.setattr(os, "utime", lambda *a, **k: (_ for _ in ()).throw(OSError(errno.EROFS, "Read-only")))
    assert depot.lire(jeton).texte == "a: 1\n"  # reading a read-only store works
