"""The guide « Les questions à se poser quand on veut faire évoluer son modèle économique ».

Its content lives in `guide/NN_section.yaml` (French, validated strictly); the answers and the plan
d'action are saved in the project file (`guide:`), keyed by each question's stable id. This module
reads the content, and computes from a project the progress, the readiness by section, the plan
d'action and a Markdown export. Answers to questions that are no longer in the guide are kept in
the project and reported by `reponses_orphelines`, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from iae_model.projet.fichier import ErreurLigne, ErreurProjet, erreurs_pydantic
from iae_model.projet.modele import ActionGuide, Projet
from iae_model.projet.scenarios import TYPES_CHOCS, TYPES_LEVIERS
from iae_model.projet.types import TypeConventionnement
from iae_model.texte import echapper_markdown, echapper_markdown_ligne
from iae_model.yaml_sur import ErreurYaml, lire_yaml

DOSSIER_GUIDE = Path(__file__).resolve().parent.parent / "guide"
FICHIER_DOCUMENTS = Path("sources") / "documents.yaml"
"""The public documents the questions cite, under the guide's folder (not a section: not read as one)."""

REPONSES = {"oui": "Oui", "en_partie": "En partie", "non": "Non", "a_explorer": "À explorer"}
POIDS_REPONSES = {"oui": 1.0, "en_partie": 0.5, "non": 0.0, "a_explorer": 0.0}
"""Readiness of a section: Oui counts fully, En partie half, Non and À explorer not at all."""
REPONSES_A_ACTION = ("non", "a_explorer")
STATUTS_ACTION = {"a_faire": "À faire", "en_cours": "En cours", "fait": "Fait", "abandonne": "Abandonné"}


class _Modele(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class QuestionGuide(_Modele):
    id: Annotated[str, Field(pattern=r"^[a-z_]+\.[a-z0-9_]+$", max_length=120)]
    question: Annotated[str, Field(min_length=10, max_length=400)]
    pourquoi: Annotated[str, Field(min_length=10, max_length=1200)]
    types: Literal["tous"] | Annotated[list[TypeConventionnement], Field(min_length=1)]
    sources: Annotated[list[Annotated[str, Field(pattern=r"^[a-z0-9_]+$")]], Field(min_length=1)]
    """Ids of public documents of `guide/sources/documents.yaml` (checked when the guide is read)."""
    leviers: list[str] = []

    @field_validator("leviers")
    @classmethod
    def _leviers_connus(cls, valeurs: list[str]) -> list[str]:
        inconnus = [v for v in valeurs if v not in TYPES_CHOCS and v not in TYPES_LEVIERS]
        if inconnus:
            raise ValueError(f"choc ou levier inconnu du simulateur : {', '.join(inconnus)}")
        return valeurs

    def s_applique_a(self, types: list[str] | tuple[str, ...]) -> bool:
        return self.types == "tous" or any(t in self.types for t in types)


class DocumentSource(_Modele):
    """A public document the guide cites: its title, its date and its address."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9_]+$")]
    titre: Annotated[str, Field(min_length=10, max_length=300)]
    date: Annotated[str, Field(min_length=4, max_length=60)]
    href: Annotated[str, Field(pattern=r"^https?://")]

    @property
    def texte(self) -> str:
        """« Titre, date » (the address goes in the link)."""
        return f"{self.titre}, {self.date}"


class _Documents(_Modele):
    documents: Annotated[list[DocumentSource], Field(min_length=1)]


def lire_documents(texte: str, nom_fichier: str = "sources/documents.yaml") -> dict[str, DocumentSource]:
    """The public documents the guide may cite, by id (validated strictly, ids unique)."""
    try:
        documents = _Documents.model_validate(lire_yaml(texte)).documents
    except ErreurYaml as exc:
        raise ErreurProjet([ErreurLigne(nom_fichier, str(exc))]) from None
    except ValidationError as exc:
        erreurs = [ErreurLigne(f"{nom_fichier} {e.chemin}".strip(), e.message) for e in erreurs_pydantic(exc)]
        raise ErreurProjet(erreurs) from None
    par_id = {d.id: d for d in documents}
    if len(par_id) != len(documents):
        raise ErreurProjet([ErreurLigne(nom_fichier, "identifiant de document en double")])
    return par_id


@lru_cache(maxsize=1)
def documents_du_guide() -> dict[str, DocumentSource]:
    """The documents shipped with the guide (`guide/sources/documents.yaml`)."""
    return lire_documents((DOSSIER_GUIDE / FICHIER_DOCUMENTS).read_text(encoding="utf-8"))


class SectionGuide(_Modele):
    id: Annotated[str, Field(pattern=r"^[a-z_]+$")]
    titre: Annotated[str, Field(min_length=3, max_length=120)]
    introduction: Annotated[str, Field(min_length=10, max_length=1200)]
    questions: Annotated[list[QuestionGuide], Field(min_length=1)]


@dataclass(frozen=True)
class ContenuGuide:
    sections: tuple[SectionGuide, ...]
    documents: tuple[DocumentSource, ...] = ()
    """The public documents the questions cite."""

    def sources(self, q: QuestionGuide) -> list[DocumentSource]:
        """The documents a question cites, in its order."""
        par_id = {d.id: d for d in self.documents}
        return [par_id[s] for s in q.sources if s in par_id]

    @property
    def questions(self) -> list[QuestionGuide]:
        return [q for s in self.sections for q in s.questions]

    def question(self, identifiant: str) -> QuestionGuide:
        for q in self.questions:
            if q.id == identifiant:
                return q
        raise KeyError(identifiant)

    def section_de(self, identifiant: str) -> SectionGuide:
        for s in self.sections:
            if any(q.id == identifiant for q in s.questions):
                return s
        raise KeyError(identifiant)


def lire_section(texte: str, nom_fichier: str, documents: dict[str, DocumentSource] | None = None) -> SectionGuide:
    """One section, its sources checked against `documents` (by default, those shipped with the guide)."""
    documents = documents_du_guide() if documents is None else documents
    try:
        section = SectionGuide.model_validate(lire_yaml(texte))
    except ErreurYaml as exc:
        raise ErreurProjet([ErreurLigne(nom_fichier, str(exc))]) from None
    except ValidationError as exc:
        erreurs = [ErreurLigne(f"{nom_fichier} {e.chemin}".strip(), e.message) for e in erreurs_pydantic(exc)]
        raise ErreurProjet(erreurs) from None
    for q in section.questions:
        inconnues = [x for x in q.sources if x not in documents]
        if inconnues:
            raise ErreurProjet(
                [ErreurLigne(f"{nom_fichier} {q.id}.sources", f"document inconnu : {', '.join(inconnues)}")]
            )
        if q.id.split(".", 1)[0] != section.id:
            raise ErreurProjet(
                [ErreurLigne(f"{nom_fichier} {q.id}", f"l'identifiant doit commencer par « {section.id}. »")]
            )
    return section


def charger_contenu(dossier: Path) -> ContenuGuide:
    chemin = dossier / FICHIER_DOCUMENTS
    documents = lire_documents(chemin.read_text(encoding="utf-8")) if chemin.exists() else documents_du_guide()
    sections = [lire_section(c.read_text(encoding="utf-8"), c.name, documents) for c in sorted(dossier.glob("*.yaml"))]
    vus: set[str] = set()
    for s in sections:
        for q in s.questions:
            if q.id in vus:
                raise ErreurProjet([ErreurLigne(q.id, "identifiant de question en double")])
            vus.add(q.id)
    if len({s.id for s in sections}) != len(sections):
        raise ErreurProjet([ErreurLigne("", "identifiant de section en double")])
    return ContenuGuide(tuple(sections), tuple(documents.values()))


@lru_cache(maxsize=1)
def charger_guide() -> ContenuGuide:
    """The guide shipped with the project (read once per process: it is the same for every user)."""
    return charger_contenu(DOSSIER_GUIDE)


# --- a project's answers ------------------------------------------------------------------------


def questions_applicables(guide: ContenuGuide, projet: Projet) -> list[tuple[SectionGuide, QuestionGuide]]:
    """The questions for the structure's types (an ensemblier gets those of each of its types)."""
    types = projet.types_conventionnements()
    return [(s, q) for s in guide.sections for q in s.questions if q.s_applique_a(types)]


@dataclass(frozen=True)
class Avancement:
    section: str
    titre: str
    questions: int
    repondues: int
    preparation: float
    """Σ weights of the answers / number of questions (0 to 1)."""

    @property
    def part_repondue(self) -> float:
        return self.repondues / self.questions if self.questions else 0.0


def avancement(guide: ContenuGuide, projet: Projet) -> tuple[list[Avancement], Avancement]:
    """Progress and readiness per section (applicable questions only), and overall."""
    reponses = projet.guide.reponses
    par_section: list[Avancement] = []
    for section in guide.sections:
        qs = [q for q in section.questions if q.s_applique_a(projet.types_conventionnements())]
        if not qs:
            continue
        valeurs = [reponses[q.id].reponse for q in qs if q.id in reponses and reponses[q.id].reponse]
        par_section.append(
            Avancement(
                section.id,
                section.titre,
                len(qs),
                len(valeurs),
                sum(POIDS_REPONSES[v] for v in valeurs) / len(qs),
            )
        )
    total = sum(a.questions for a in par_section)
    ensemble = Avancement(
        "ensemble",
        "Ensemble du guide",
        total,
        sum(a.repondues for a in par_section),
        sum(a.preparation * a.questions for a in par_section) / total if total else 0.0,
    )
    return par_section, ensemble


@dataclass(frozen=True)
class LigneAction:
    section: str
    question_id: str
    question: str
    reponse: str
    note: str
    action: ActionGuide


def plan_action(guide: ContenuGuide, projet: Projet) -> list[LigneAction]:
    """One line per applicable question answered « Non » or « À explorer », in the guide's order."""
    lignes = []
    for section, q in questions_applicables(guide, projet):
        r = projet.guide.reponses.get(q.id)
        if r is None or r.reponse not in REPONSES_A_ACTION:
            continue
        action = projet.guide.plan_action.get(q.id, ActionGuide())
        lignes.append(LigneAction(section.titre, q.id, q.question, r.reponse, r.note, action))
    return lignes


def reponses_orphelines(guide: ContenuGuide, projet: Projet) -> list[str]:
    """Ids answered (or planned) in the project that the guide no longer has: kept, to be shown."""
    connues = {q.id for q in guide.questions}
    ids = list(projet.guide.reponses) + [i for i in projet.guide.plan_action if i not in projet.guide.reponses]
    return [i for i in ids if i not in connues]


def reponses_hors_types(guide: ContenuGuide, projet: Projet) -> list[str]:
    """Answers kept for questions of the guide that do not concern the structure's types."""
    types = projet.types_conventionnements()
    hors = {q.id for q in guide.questions if not q.s_applique_a(types)}
    return [i for i in projet.guide.reponses if i in hors]


def guide_en_markdown(guide: ContenuGuide, projet: Projet) -> str:
    """The guide with the structure's answers, notes and plan d'action (for e-mail or a wiki).

    Every text goes through `iae_model.texte` (user text can be neither HTML, nor a link, a heading
    or a table cell boundary); a note keeps its lines inside its list item.
    """
    e = echapper_markdown_ligne
    sections, ensemble = avancement(guide, projet)
    lignes = [
        f"# Les questions à se poser quand on veut faire évoluer son modèle économique — {e(projet.structure.nom)}",
        "",
        f"Réponses : {ensemble.repondues} sur {ensemble.questions} questions ; "
        f"préparation {round(ensemble.preparation * 100)} %.",
        "",
    ]
    avancements = {a.section: a for a in sections}
    for section in guide.sections:
        if section.id not in avancements:
            continue
        a = avancements[section.id]
        lignes += [f"## {e(section.titre)}", "", f"{a.repondues}/{a.questions} réponses, préparation "
                   f"{round(a.preparation * 100)} %.", ""]  # fmt: skip
        for q in section.questions:
            if not q.s_applique_a(projet.types_conventionnements()):
                continue
            r = projet.guide.reponses.get(q.id)
            reponse = REPONSES.get(r.reponse, "—") if r and r.reponse else "sans réponse"
            lignes.append(f"- **{e(q.question)}** — {reponse}")
            if r and r.note:
                lignes.append(f"  - Note : {echapper_markdown(r.note, retrait='    ')}")
        lignes.append("")
    plan = plan_action(guide, projet)
    lignes += ["## Plan d'action", ""]
    if plan:
        lignes += ["| Section | Question | Réponse | Action | Responsable | Échéance | Statut |",
                   "|---|---|---|---|---|---|---|"]  # fmt: skip
        for ligne in plan:
            a = ligne.action
            cellules = [ligne.section, ligne.question, REPONSES[ligne.reponse], a.action, a.responsable, a.echeance,
                        STATUTS_ACTION[a.statut]]  # fmt: skip
            lignes.append("| " + " | ".join(e(c) for c in cellules) + " |")
    else:
        lignes.append("Aucune question répondue « Non » ou « À explorer ».")
    orphelines = reponses_orphelines(guide, projet)
    if orphelines:
        lignes += ["", "## Réponses à des questions qui ne sont plus dans le guide", ""]
        for i in orphelines:
            r = projet.guide.reponses.get(i)
            texte = REPONSES.get(r.reponse, "—") if r and r.reponse else "—"
            note = f" — {echapper_markdown(r.note, retrait='  ')}" if r and r.note else ""
            lignes.append(f"- « {e(i)} » : {texte}{note}")
    return "\n".join(lignes) + "\n"
