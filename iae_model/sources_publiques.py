"""The project's sources: every public document it cites, by title, date and address, in three groups.

Written from the data, never by hand: the guide's documents (`guide/sources/documents.yaml`), the
references of every official parameter (`iae_model/parametres/**`) and the sources of the State
hypotheses (`scenarios/hypotheses_etat/`). The same list is `docs/sources.md` (written by
`python -m iae_model.documentation`, a test keeps it up to date) and the app's « Sources » page.

A document cited several times (a parameter's values of several dates, with a detail in brackets
after the title) is listed once: two citations are the same document when they have the same address
and the same publisher (the title before its first « , »), or, at an address that holds several
documents (a site's home page, a whole code on Légifrance), the same title once the detail at its
end is set aside. The title kept is the guide's (it has a date), or else the part the titles share, or the shortest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from iae_model.texte import echapper_markdown_ligne

GROUPES: dict[str, str] = {
    "textes_officiels": "Textes officiels (lois, décrets, arrêtés, circulaires, codes)",
    "etat_et_reseaux": "Documents de l'État, du Parlement et des réseaux de l'insertion",
    "secondaires": "Sources secondaires (presse spécialisée, cabinets, sites d'information)",
}
"""The groups, in the order they are shown."""

INTRODUCTION = (
    "Les documents publics sur lesquels s'appuient les montants officiels du simulateur, les hypothèses de "
    "l'État, le guide et les exemples, avec leur titre, leur date quand elle est connue et leur adresse. Un "
    "texte officiel cité par un site d'information est rangé avec les textes officiels : son adresse dit où "
    "il a été lu."
)

LIEN_SOURCES = "Toutes les sources du simulateur : titre, date et adresse de chaque document"
"""The label of the links to the « Sources » page (guide, Résultats)."""

_TEXTES_OFFICIELS = re.compile(
    r"^(Arrêté|Décret|Loi|Circulaire|Ordonnance|Instruction|Code|Article|Articles)\b", re.IGNORECASE
)
_ETAT_ET_RESEAUX = re.compile(
    r"^(DREETS|DRIEETS|Conférence régionale|Stratégie de l'État|Ministère|Sénat|Assemblée nationale|"
    r"Amendement|Fonds social européen|Service-public|Ameli|Net-entreprises|Fédération|Coorace|Avise|"
    r"France Active|Inserdiag|Chantier école|IRIS|INAE)",
    re.IGNORECASE,
)
_DOMAINES_OFFICIELS = ("legifrance.gouv.fr",)
_DOMAINES_ETAT = (".gouv.fr", "senat.fr", "assemblee-nationale.fr", "ameli.fr", "net-entreprises.fr")
_DETAIL_FINAL = re.compile(r"\s*(\([^()]*\)|—.*|, (Légifrance|Coorace|Afigec)|\.)\s*$")


@dataclass(frozen=True)
class SourcePublique:
    """A public document: its title, its date (\"\" when only its title dates it), its address, its group,
    and what in the project cites it (« Guide : Situation », « Paramètre : SMIC horaire brut »…)."""

    titre: str
    date: str
    href: str
    groupe: str
    cite_par: tuple[str, ...]


def groupe(titre: str, href: str) -> str:
    """The group of a document, from its title first (a decree read on a news site is an official text)."""
    domaine = (urlsplit(href).hostname or "").rstrip(".")
    if _TEXTES_OFFICIELS.match(titre) or domaine.endswith(_DOMAINES_OFFICIELS):
        return "textes_officiels"
    if _ETAT_ET_RESEAUX.match(titre) or domaine.endswith(_DOMAINES_ETAT):
        return "etat_et_reseaux"
    return "secondaires"


def _partagee(href: str) -> bool:
    """An address that holds several documents: a site's home page, a whole code on Légifrance."""
    chemin = urlsplit(href).path
    return chemin in ("", "/") or "/codes/texte_lc/" in chemin or "/codes/id/" in chemin


def _cle(titre: str, href: str) -> tuple[str, str]:
    if not _partagee(href) and ", " in titre:
        return titre.split(", ", 1)[0].casefold(), href.rstrip("/")
    base = titre
    while True:
        court = _DETAIL_FINAL.sub("", base)
        if court == base or not court:
            break
        base = court
    return base.casefold(), href.rstrip("/")


def _titre_commun(a: str, b: str) -> str:
    """The part two titles of one document share (« IRIS, questions-réponses sur la réforme de l'IAE »), when it
    says more than the publisher; else the shorter title."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    commun = a[:n]
    suite = a[n : n + 1] + b[n : n + 1]
    if commun[-1:].isalnum() and any(c.isalnum() for c in suite):  # cut inside a word
        commun = commun.rsplit(" ", 1)[0]
    if commun.count("(") > commun.count(")"):
        commun = commun[: commun.rfind("(")]
    commun = commun.rstrip(" ,:;—")
    _, _, reste = commun.partition(", ")
    return commun if len(reste) >= 15 else min(a, b, key=len)


def _citations() -> Iterable[tuple[str, str, str, str]]:
    """(title, date, address, what cites it) of every citation of the project, guide first."""
    from iae_model.guide import charger_guide
    from iae_model.parametres import charger_parametres
    from iae_model.presets import charger_presets

    guide = charger_guide()
    for section in guide.sections:
        for q in section.questions:
            for d in guide.sources(q):
                yield d.titre, d.date, d.href, f"Guide : {section.titre}"
    for p in charger_presets():
        for s in p.sources:
            yield s.title, "", s.href, f"Hypothèse de l'État : {p.libelle}"
    for parametre in charger_parametres().values():
        for refs in parametre.references.values():
            for r in refs:
                yield r.titre, "", r.lien, f"Paramètre : {parametre.libelle_court}"


def sources_publiques() -> tuple[SourcePublique, ...]:
    """Every document the project cites, once, by group then title (the shortest title of its citations)."""
    vus: dict[tuple[str, str], tuple[str, str, str, list[str]]] = {}
    for titre, date, href, cite_par in _citations():
        cle = _cle(titre, href)
        ancien = vus.get(cle)
        if ancien is None:
            vus[cle] = (titre, date, href, [cite_par])
            continue
        titre_vu, date_vue, href_vu, usages = ancien
        if cite_par not in usages:
            usages.append(cite_par)
        garde = titre_vu if date_vue else titre if date else _titre_commun(titre_vu, titre)
        vus[cle] = (garde, date_vue or date, href_vu, usages)
    ordre = list(GROUPES)
    sources = [SourcePublique(t, d, h, groupe(t, h), tuple(u)) for t, d, h, u in vus.values()]
    return tuple(sorted(sources, key=lambda s: (ordre.index(s.groupe), s.titre.casefold(), s.href)))


def par_groupe(sources: Iterable[SourcePublique]) -> dict[str, list[SourcePublique]]:
    """The sources of each group, groups in their order (a group without source is left out)."""
    groupes: dict[str, list[SourcePublique]] = {g: [] for g in GROUPES}
    for s in sources:
        groupes[s.groupe].append(s)
    return {g: liste for g, liste in groupes.items() if liste}


def adresse_markdown(href: str) -> str:
    """The address shown as it is and clickable (an autolink), with what would end it encoded."""
    for signe, code in ((" ", "%20"), ("<", "%3C"), (">", "%3E")):
        href = href.replace(signe, code)
    return f"<{href}>"


def ligne_markdown(s: SourcePublique) -> str:
    """One list item: « titre, date : adresse », then what cites it (the texts escaped)."""
    date = f", {echapper_markdown_ligne(s.date)}" if s.date else ""
    cite = " ; ".join(echapper_markdown_ligne(c) for c in s.cite_par)
    return f"- {echapper_markdown_ligne(s.titre)}{date} : {adresse_markdown(s.href)}  \n  Cité par : {cite}"


def sources_en_markdown(sources: Iterable[SourcePublique] | None = None) -> str:
    """`docs/sources.md`: a title, the introduction and the three groups."""
    liste = tuple(sources_publiques() if sources is None else sources)
    lignes = [
        "# Sources du simulateur",
        "",
        "<!-- écrit par python -m iae_model.documentation : ne pas modifier à la main -->",
        "",
        INTRODUCTION,
        "",
        f"{len(liste)} documents.",
    ]
    for g, membres in par_groupe(liste).items():
        lignes += ["", f"## {GROUPES[g]}", "", *(ligne_markdown(s) for s in membres)]
    return "\n".join(lignes) + "\n"
