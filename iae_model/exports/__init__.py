"""Exports a board and a facilitator can use: the PDF « Synthèse », the Excel workbook, Markdown, YAML.

Pure Python (never imports streamlit): the Exporter page and `python -m iae_model exporter` call the
same functions. Each takes the project and the ids of the scenarios to include (all by default, in
the project's order); an unknown id raises `ScenarioInconnu` with a French message.

    exporter_pdf(projet, scenarios=None) -> bytes       # A4: the board's page, then the detail
    exporter_xlsx(projet, scenarios=None) -> bytes      # sheets Hypothèses, Résultats, Comparaison...
    exporter_markdown(projet, scenarios=None) -> str    # for e-mail or a wiki
    exporter_yaml(projet) -> str                        # the project file, to reopen or send

To write several formats from one simulation, call `preparer(projet, scenarios)` once and pass the
`Synthese` to `ecrire_pdf`, `ecrire_xlsx` and `ecrire_markdown`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from iae_model import texte
from iae_model.exports.synthese import ScenarioInconnu, Synthese, preparer, verifier_scenarios
from iae_model.guide import ContenuGuide
from iae_model.parametres import Parametres
from iae_model.projet import Projet, ecrire_projet

__all__ = [
    "MIME",
    "Progression",
    "ScenarioInconnu",
    "Synthese",
    "ecrire_markdown",
    "ecrire_pdf",
    "ecrire_xlsx",
    "exporter_markdown",
    "exporter_pdf",
    "exporter_xlsx",
    "exporter_yaml",
    "nom_de_fichier",
    "nombre_de_pages",
    "preparer",
    "verifier_scenarios",
]

Progression = Callable[[float, str], None]
"""Told the share done (0 to 1) and the step under way, in French: the Exporter page's progress bar."""


def _rien(part: float, etape: str) -> None:
    return None


MIME = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "md": "text/markdown",
    "yaml": "application/x-yaml",
}


def ecrire_pdf(synthese: Synthese, progression: Progression = _rien) -> bytes:
    from iae_model.exports.pdf import ecrire_pdf as ecrire

    return ecrire(synthese, progression)


def ecrire_xlsx(synthese: Synthese) -> bytes:
    from iae_model.exports.xlsx import ecrire_xlsx as ecrire

    return ecrire(synthese)


def ecrire_markdown(synthese: Synthese) -> str:
    from iae_model.exports.markdown import ecrire_markdown as ecrire

    return ecrire(synthese)


def exporter_pdf(
    projet: Projet,
    scenarios: Sequence[str] | None = None,
    *,
    guide: ContenuGuide | None = None,
    parametres: Parametres | None = None,
    date: dt.date | None = None,
    progression: Progression = _rien,
) -> bytes:
    """The « Synthèse » PDF (bytes). `guide` defaults to the guide shipped with the app (skipped if absent)."""
    progression(0.0, "Simulation des scénarios")
    return ecrire_pdf(preparer(projet, scenarios, guide=guide, parametres=parametres, date=date), progression)


def exporter_xlsx(
    projet: Projet,
    scenarios: Sequence[str] | None = None,
    *,
    guide: ContenuGuide | None = None,
    parametres: Parametres | None = None,
    date: dt.date | None = None,
) -> bytes:
    """The Excel workbook (bytes): real numbers with euro formats, one tidy table per sheet."""
    return ecrire_xlsx(preparer(projet, scenarios, guide=guide, parametres=parametres, date=date))


def exporter_markdown(
    projet: Projet,
    scenarios: Sequence[str] | None = None,
    *,
    guide: ContenuGuide | None = None,
    parametres: Parametres | None = None,
    date: dt.date | None = None,
) -> str:
    """The Markdown summary: the same key figures as the PDF."""
    return ecrire_markdown(preparer(projet, scenarios, guide=guide, parametres=parametres, date=date))


def exporter_yaml(projet: Projet) -> str:
    """The project file itself (`save(load(f)) == f`)."""
    return ecrire_projet(projet)


def nom_de_fichier(projet: Projet, extension: str) -> str:
    """`synthese_groupe_terres_solidaires_du_bray.pdf` (the project file: `groupe_….yaml`): ASCII, no spaces."""
    if extension == "yaml":
        return texte.nom_de_fichier(projet.structure.nom, extension)
    return texte.nom_de_fichier(projet.structure.nom, extension, prefixe="synthese")


def nombre_de_pages(pdf: bytes) -> int:
    """The page count of a PDF this package wrote, read in its page tree (fpdf2 writes it `<< /Count n /Kids [`):
    what the Exporter page says of a prepared file, without a PDF reader at run time (a test checks it
    against pypdf for every example)."""
    import re

    compte = re.search(rb"<<\s*/Count (\d+)\s*/Kids \[", pdf)
    if compte is None:
        raise ValueError("PDF sans arbre de pages lisible")
    return int(compte.group(1))
