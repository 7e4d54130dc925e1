"""The Excel workbook (openpyxl): the numbers, as real numbers, for a facilitator or a treasurer.

Sheets: Structure (what was entered), Hypothèses (each scenario's hypotheses, chocs and leviers in
plain French), Résultats (the tidy table: one row per scenario × year × perimeter × line, plus the
indicators), Comparaison (key figures side by side), Trésorerie mensuelle (each month-end balance),
Effort, Alertes, Guide, Paramètres (each official value used, projected or not, with its references).

User text never becomes a formula: every cell is written by `ecrire_cellule`, which makes a text a
string cell whatever it starts with (`=`, `+`, `-`, `@`, `#N/A`...), and keeps numbers numbers; the
workbook computes nothing itself (no formula at all).

Every amount is a number with the format `#,##0.00 "€"` (Excel shows the separators of the user's
locale), rates are numbers with a percent format; every table sheet has its header row frozen and
filterable, and column widths follow their content.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel

from iae_model import phrases as ph
from iae_model import vocabulaire as v
from iae_model.exports import descriptions as d
from iae_model.exports.synthese import CHIFFRES_CLES, Synthese, chiffre, hypotheses_du_scenario
from iae_model.guide import REPONSES, STATUTS_ACTION, questions_applicables, reponses_orphelines
from iae_model.phrases import hypotheses_en_clair
from iae_model.projet import Projet
from iae_model.projet.brouillon import libelles_distincts
from iae_model.projet.tresorerie import BilanOuverture, EmpruntEnCours, Tresorerie, VersementFinanceur
from iae_model.simulation.tresorerie import P_DELAI_FOURNISSEURS, P_DELAI_PRIVES, P_DELAI_PUBLICS

FORMAT_EUROS = '#,##0.00\\ "€"'
FORMAT_POURCENT = "0.0%"
FORMAT_ETP = "0.00"
FORMAT_NOMBRE = "0.0"
FORMAT_HEURES = '#,##0\\ "h"'
FORMAT_ANNEE = "0"

ENTETE = Font(bold=True, color="FFFFFF")
FOND_ENTETE = PatternFill("solid", fgColor="1F5F99")
GRAS = Font(bold=True)
TITRE = Font(bold=True, size=14, color="1F5F99")
LARGEUR_MAX = 60

Colonne = tuple[str, str | None]
"""(header, number format or None for text)."""


_SAUTS = ("\r\n", "\r")


def texte_xlsx(texte: str) -> str:
    """A text as a workbook can hold it: line breaks as `\\n` (XML keeps no carriage return: Excel's own
    in-cell break), and the control characters XML cannot hold as U+FFFD (instead of failing the export)."""
    for saut in _SAUTS:
        texte = texte.replace(saut, "\n")
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", texte)


def ecrire_cellule(ws: Worksheet, ligne: int, colonne: int, valeur: Any, format_: str | None = None) -> Cell:
    """The only way a cell is written: a text is a string cell (never a formula or an error value,
    whatever it starts with), a number stays a number with its format, None leaves the cell empty."""
    cellule = ws.cell(row=ligne, column=colonne)
    if isinstance(valeur, str):
        cellule.value = texte_xlsx(valeur)
        cellule.data_type = "s"  # openpyxl makes "=…" a formula and "#N/A" an error: a text stays a text
    else:
        cellule.value = valeur
        if format_ and isinstance(valeur, int | float) and not isinstance(valeur, bool):
            cellule.number_format = format_
    return cellule


def _ajouter(ws: Worksheet, valeurs: Sequence[Any]) -> int:
    """`ws.append` through `ecrire_cellule` (openpyxl places the row, empty rows included); its number."""
    ws.append([None] * len(valeurs))
    ligne = ws.max_row
    for j, valeur in enumerate(valeurs, start=1):
        ecrire_cellule(ws, ligne, j, valeur)
    return ligne


def _largeur(valeur: Any, format_: str | None) -> int:
    if valeur is None:
        return 0
    if isinstance(valeur, float | int) and not isinstance(valeur, bool):
        if format_ == FORMAT_POURCENT:
            return 8
        if format_ == FORMAT_EUROS:
            return len(f"{abs(valeur):,.2f}") + 4
        return len(f"{valeur:,.2f}")
    return max(len(x) for x in str(valeur).split("\n"))


def feuille(
    wb: Workbook,
    titre: str,
    colonnes: Sequence[Colonne],
    lignes: Iterable[Sequence[Any]],
    figer: str = "A2",
    longues: Mapping[int, int] | None = None,
) -> Worksheet:
    """A sheet holding one table: bold header on a coloured band, frozen, filterable; widths that fit.

    `longues`: column index -> width (characters) beyond which its long texts wrap.
    """
    longues = longues or {}
    ws = wb.create_sheet(titre)
    _ajouter(ws, [c for c, _ in colonnes])
    for cellule in ws[1]:
        cellule.font = ENTETE
        cellule.fill = FOND_ENTETE
        cellule.alignment = Alignment(vertical="center", wrap_text=True)
    largeurs = [len(c) + 3 for c, _ in colonnes]
    n = 1
    for ligne in lignes:
        n += 1
        for j, (valeur, (_, format_)) in enumerate(zip(ligne, colonnes, strict=True)):
            cellule = ecrire_cellule(ws, n, j + 1, valeur, format_)
            if j in longues:
                cellule.alignment = Alignment(wrap_text=True, vertical="top")
            largeurs[j] = max(largeurs[j], _largeur(valeur, format_) + 2)
    for j, largeur in enumerate(largeurs):
        plafond = longues.get(j, LARGEUR_MAX)
        ws.column_dimensions[get_column_letter(j + 1)].width = min(largeur, plafond)
    ws.freeze_panes = figer
    if n > 1:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(colonnes))}{n}"
    return ws


# --- sheets ---------------------------------------------------------------------------------------

COLONNES_SCENARIO: tuple[Colonne, ...] = (("Scénario", None), ("Code du scénario", None))
"""The scenario as its user reads it (its libellé, numbered if two are alike), then its code in the project file
(what the CLI and the JSON name it by), beside the line codes."""


def _colonnes_du_scenario(s: Synthese) -> Callable[[str], tuple[str, str]]:
    libelles = libelles_distincts((sc.id, sc.libelle) for sc in s.projet.scenarios)
    return lambda identifiant: (libelles.get(identifiant, identifiant), identifiant)


def _structure(wb: Workbook, s: Synthese) -> None:
    """What was entered, block by block (the first sheet: it also says what the file is)."""
    p = s.projet
    st = p.structure
    ws = wb.create_sheet("Structure")
    _ajouter(ws, [st.nom])
    ws["A1"].font = TITRE
    _ajouter(ws, [f"Classeur établi le {s.date:%d/%m/%Y} avec le simulateur du modèle économique des SIAE "
                  f"(v{s.version})"])  # fmt: skip
    _ajouter(ws, [])

    def bloc(titre: str, entetes: Sequence[Colonne], lignes: Sequence[Sequence[Any]]) -> None:
        n = _ajouter(ws, [titre])
        ws.cell(row=n, column=1).font = Font(bold=True, size=12, color="1F5F99")
        n = _ajouter(ws, [e for e, _ in entetes])
        for cellule in ws[n]:
            cellule.font = ENTETE
            cellule.fill = FOND_ENTETE
        for ligne in lignes:
            n = _ajouter(ws, [None] * len(ligne))
            for j, (valeur, (_, format_)) in enumerate(zip(ligne, entetes, strict=True)):
                if isinstance(valeur, tuple):  # (value, its own format)
                    valeur, format_ = valeur
                ecrire_cellule(ws, n, j + 1, valeur, format_)
        _ajouter(ws, [])

    bloc(
        "La structure",
        [("Champ", None), ("Valeur", None)],
        [
            ["Nom", st.nom],
            ["Territoire", st.territoire],
            ["Année de référence", st.annee_reference],
            ["Trésorerie au 1er janvier de l'année de référence", (st.tresorerie_initiale, FORMAT_EUROS)],
            ["Horizon de la simulation", p.hypotheses.horizon],
            ["Hypothèses du projet", hypotheses_en_clair(p.hypotheses)],
        ],
    )
    bloc(
        "Conventionnements",
        [
            ("Type", None),
            ("ETP conventionnés", FORMAT_ETP),
            ("Travailleurs accompagnés (EITI)", FORMAT_ETP),
            ("Taux d'occupation", FORMAT_POURCENT),
            ("Part modulée", FORMAT_POURCENT),
            ("Bénéficiaires du RSA", FORMAT_POURCENT),
        ],
        [
            [
                c.type,
                c.etp_conventionnes,
                c.travailleurs_accompagnes,
                c.taux_occupation,
                c.part_modulee,
                c.beneficiaires_rsa,
            ]
            for c in p.conventionnements
        ],
    )
    bloc(
        "Activités",
        [
            ("Activité", None),
            ("Conventionnement", None),
            ("Secteur", None),
            ("Chiffre d'affaires", FORMAT_EUROS),
            ("Part marchés publics", FORMAT_POURCENT),
            ("Taux de charges variables", FORMAT_POURCENT),
            ("Part liée aux ETP", FORMAT_POURCENT),
        ],
        [
            [
                a.nom,
                a.conventionnement,
                a.secteur,
                a.chiffre_affaires,
                a.part_marches_publics,
                a.taux_charges_variables,
                a.part_liee_etp,
            ]
            for a in p.activites
        ],
    )
    bloc(
        "Financements (hors aide au poste)",
        [
            ("Financement", None),
            ("Financeur", None),
            ("Montant annuel", FORMAT_EUROS),
            ("Début", FORMAT_ANNEE),
            ("Fin", FORMAT_ANNEE),
            ("Statut", None),
            ("Conventionnement", None),
        ],
        [
            [
                f.nom,
                v.FINANCEURS.get(f.financeur, f.financeur),
                f.montant,
                f.debut,
                f.fin,
                v.STATUTS_FINANCEMENT.get(f.statut, f.statut),
                f.conventionnement or "commun",
            ]
            for f in p.financements
        ],
    )
    ch = p.charges
    bloc(
        "Permanents",
        [
            ("Fonction", None),
            ("ETP", FORMAT_ETP),
            ("Coût annuel chargé d'un ETP", FORMAT_EUROS),
            ("Conventionnement", None),
        ],
        [
            [v.FONCTIONS.get(x.fonction, x.fonction), x.etp, x.cout_annuel_charge, x.conventionnement or "commun"]
            for x in ch.permanents
        ],
    )
    bloc(
        "Autres charges de l'année de référence",
        [("Charge", None), ("Montant", FORMAT_EUROS)],
        [
            ["Fonctionnement (charges fixes)", ch.fonctionnement_fixe],
            ["Formation", ch.formation.montant],
            ["Amortissements", ch.amortissements],
        ],
    )
    _structure_tresorerie(p, bloc)
    largeurs = {"A": 48, "B": 30, "C": 30, "D": 26, "E": 24, "F": 26, "G": 20}
    for col, largeur in largeurs.items():
        ws.column_dimensions[col].width = largeur
    ws.freeze_panes = "A2"


def _titre(modele: type[BaseModel], champ: str) -> str:
    return modele.model_fields[champ].title or champ


def _structure_tresorerie(p: Projet, bloc: Any) -> None:
    """The cash section as entered: an empty field says what it takes instead (a dated parameter…)."""
    t = p.tresorerie
    annee = p.structure.annee_reference

    def ou(valeur: float | None, sinon: str, format_: str = FORMAT_EUROS) -> Any:
        return sinon if valeur is None else (valeur, format_)

    def delai(valeur: int | None, parametre: str) -> Any:
        return ou(valeur, f"vide : {ph.parametre(parametre, annee)} jours (paramètre daté)", FORMAT_ANNEE)

    bloc(
        "Trésorerie",
        [("Champ", None), ("Valeur", None)],
        [
            [_titre(BilanOuverture, "fonds_propres"), ou(t.bilan.fonds_propres, "vide : non calculés")],
            [_titre(BilanOuverture, "immobilisations_nettes"), ou(t.bilan.immobilisations_nettes, "vide")],
            [_titre(BilanOuverture, "quote_part_subventions"), (t.bilan.quote_part_subventions, FORMAT_EUROS)],
            [
                _titre(Tresorerie, "renouvellement_annuel"),
                ou(t.renouvellement_annuel, "vide : égal aux amortissements"),
            ],
            [_titre(Tresorerie, "delai_clients_publics"), delai(t.delai_clients_publics, P_DELAI_PUBLICS)],
            [_titre(Tresorerie, "delai_clients_prives"), delai(t.delai_clients_prives, P_DELAI_PRIVES)],
            [_titre(Tresorerie, "delai_fournisseurs"), delai(t.delai_fournisseurs, P_DELAI_FOURNISSEURS)],
        ],
    )
    if t.emprunts:
        bloc(
            _titre(Tresorerie, "emprunts"),
            [
                (_titre(EmpruntEnCours, "nom"), None),
                (_titre(EmpruntEnCours, "capital_restant_du"), FORMAT_EUROS),
                (_titre(EmpruntEnCours, "taux"), FORMAT_POURCENT),
                (_titre(EmpruntEnCours, "duree_restante"), FORMAT_ANNEE),
            ],
            [[e.nom, e.capital_restant_du, e.taux, e.duree_restante] for e in t.emprunts],
        )
    if t.versements:
        bloc(
            _titre(Tresorerie, "versements"),
            [
                (_titre(VersementFinanceur, "financeur"), None),
                (_titre(VersementFinanceur, "part_avance"), FORMAT_POURCENT),
                (_titre(VersementFinanceur, "mois_avance"), FORMAT_ANNEE),
                (_titre(VersementFinanceur, "mois_solde"), FORMAT_ANNEE),
            ],
            [
                [v.FINANCEURS.get(x.financeur, x.financeur), x.part_avance, x.mois_avance, x.mois_solde]
                for x in t.versements
            ],
        )


def _hypotheses(wb: Workbook, s: Synthese) -> None:
    scenario = _colonnes_du_scenario(s)
    p = s.projet
    lignes = []
    for rs in s.scenarios:
        sc = p.scenario(rs.id)
        base = p.scenario(sc.base).libelle if sc.base else ""
        lignes.append(
            [
                *scenario(sc.id),
                base,
                "Hypothèses",
                "",
                hypotheses_en_clair(hypotheses_du_scenario(p, sc.id)),
                None,
                "",
            ]
        )
        if sc.description:
            lignes.append([*scenario(sc.id), base, "Description", "", sc.description, None, ""])
        for item in [*sc.chocs, *sc.leviers]:
            lignes.append(
                [
                    *scenario(sc.id),
                    base,
                    d.nature_item(item),
                    d.intitule(item.type),
                    d.decrire_item(item),
                    item.annee,
                    d.sens_type(item.type),
                ]
            )
    feuille(
        wb,
        "Hypothèses",
        [
            *COLONNES_SCENARIO,
            ("À partir du scénario", None),
            ("Nature", None),
            ("Type", None),
            ("Description", None),
            ("Année", FORMAT_ANNEE),
            ("Ce que cela veut dire", None),
        ],
        lignes,
        figer="C2",
        longues={0: 36, 2: 36, 5: 70, 7: 70},
    )


def _resultats(wb: Workbook, s: Synthese) -> None:
    scenario = _colonnes_du_scenario(s)
    lignes = []
    for r in s.resultat.lignes():
        format_ = FORMAT_ETP if r["categorie"] == "etp" else FORMAT_EUROS
        perimetre = "Ensemble" if r["conventionnement"] == "total" else r["conventionnement"]
        lignes.append(
            [
                *scenario(r["scenario"]),
                r["annee"],
                perimetre,
                v.CATEGORIES.get(r["categorie"]),
                v.libelle_ligne(r["categorie"], r["ligne"]),
                r["valeur"],
                f"{r['categorie']}.{r['ligne']}",
                format_,
            ]
        )
    for rs in s.scenarios:
        for a in rs.annees:
            for cle, (libelle, genre) in v.INDICATEURS.items():
                valeur = a.indicateurs.get(cle)
                if valeur is None:
                    continue
                format_ = {"pourcentage": FORMAT_POURCENT, "euros": FORMAT_EUROS}.get(genre, FORMAT_NOMBRE)
                arrondi = round(valeur, 2) if genre == "euros" else round(valeur, 6)
                lignes.append(
                    [
                        *scenario(rs.id),
                        a.annee,
                        "Ensemble",
                        "Indicateurs",
                        libelle,
                        arrondi,
                        f"indicateurs.{cle}",
                        format_,
                    ]
                )
    colonnes: list[Colonne] = [
        *COLONNES_SCENARIO,
        ("Année", FORMAT_ANNEE),
        ("Périmètre", None),
        ("Catégorie", None),
        ("Ligne", None),
        ("Valeur", FORMAT_EUROS),
        ("Code", None),
    ]
    ws = feuille(wb, "Résultats", colonnes, [ligne[:-1] for ligne in lignes], longues={0: 36})
    for i, ligne in enumerate(lignes, start=2):
        ws.cell(row=i, column=7).number_format = ligne[-1]


def _comparaison(wb: Workbook, s: Synthese) -> None:
    scenario = _colonnes_du_scenario(s)
    annees = s.annees
    lignes = []
    for rs in s.scenarios:
        for c in CHIFFRES_CLES:
            valeurs = [chiffre(c, rs.annee(a)) for a in annees]
            stock = c.categorie == "tresorerie" and c.code != "caf"  # a balance: its sum means nothing
            cumul = None if stock else round(sum(valeurs), 2)
            lignes.append([*scenario(rs.id), c.libelle, *valeurs, cumul])
    colonnes: list[Colonne] = [*COLONNES_SCENARIO, ("Ligne", None)]
    colonnes += [(str(a), FORMAT_EUROS) for a in annees]
    colonnes.append((f"Cumul {annees[0]}–{annees[-1]}", FORMAT_EUROS))
    feuille(wb, "Comparaison", colonnes, lignes, figer="D2", longues={0: 36})


def _tresorerie_mensuelle(wb: Workbook, s: Synthese) -> None:
    """One row per scenario and month: the cash at the month's end, and whether it is the year's low point."""
    scenario = _colonnes_du_scenario(s)
    lignes = []
    for rs in s.scenarios:
        for a in rs.annees:
            for i, solde in enumerate(a.tresorerie.mensuelle):
                point_bas = i + 1 == a.tresorerie.mois_point_bas
                lignes.append(
                    [*scenario(rs.id), a.annee, i + 1, v.MOIS[i], round(solde, 2), "point bas" if point_bas else None]
                )
    colonnes: list[Colonne] = [
        *COLONNES_SCENARIO,
        ("Année", FORMAT_ANNEE),
        ("Mois", FORMAT_ANNEE),
        ("Fin de mois", None),
        ("Trésorerie de fin de mois", FORMAT_EUROS),
        ("Point bas de l'année", None),
    ]
    feuille(wb, "Trésorerie mensuelle", colonnes, lignes, figer="C2", longues={0: 36})


def _effort(wb: Workbook, s: Synthese) -> None:
    scenario = _colonnes_du_scenario(s)
    lignes = []
    for rs in s.scenarios:
        ef = s.efforts[rs.id]
        coupe = ef.coupe.taux
        for e in ef.annees:
            ca = None if e.chiffre_affaires == float("inf") else round(e.chiffre_affaires, 2)
            plafond = ph.oui_non(e.depasse_plafond_aci, inconnu="")
            lignes.append(
                [
                    *scenario(rs.id),
                    e.annee,
                    round(e.resultat, 2),
                    round(e.economies, 2),
                    ca,
                    round(e.taux_charges_variables, 6),
                    plafond,
                    round(ef.tresorerie.montant_annuel, 2),
                    coupe,
                    ef.coupe.annee,
                ]
            )
    feuille(
        wb,
        "Effort",
        [
            *COLONNES_SCENARIO,
            ("Année", FORMAT_ANNEE),
            (ph.COLONNES_EFFORT["resultat"], FORMAT_EUROS),
            (ph.COLONNES_EFFORT["economies"], FORMAT_EUROS),
            (ph.COLONNES_EFFORT["chiffre_affaires"], FORMAT_EUROS),
            (ph.COLONNES_EFFORT["taux_charges_variables"], FORMAT_POURCENT),
            (ph.COLONNES_EFFORT["depasse_plafond_aci"], None),
            ("Effort annuel pour garder la trésorerie positive", FORMAT_EUROS),
            (ph.COUPE, FORMAT_POURCENT),
            ("Coupe à partir de", FORMAT_ANNEE),
        ],
        lignes,
        figer="D2",
        longues={0: 36},
    )


def _alertes(wb: Workbook, s: Synthese) -> None:
    scenario = _colonnes_du_scenario(s)
    lignes = [
        [
            *scenario(rs.id),
            a.annee,
            a.conventionnement or "Ensemble",
            a.code,
            v.ALERTES.get(a.code, a.code),
            a.message,
            "grave" if a.code in v.GRAVES else "à surveiller",
        ]
        for rs in s.scenarios
        for a in rs.alertes
    ]
    feuille(
        wb,
        "Alertes",
        [
            *COLONNES_SCENARIO,
            ("Année", FORMAT_ANNEE),
            ("Périmètre", None),
            ("Code", None),
            ("Alerte", None),
            ("Message", None),
            ("Gravité", None),
        ],
        lignes,
        longues={0: 36, 6: 70},
    )


def _guide(wb: Workbook, s: Synthese) -> None:
    """Every applicable question with its answer and action; answers kept for questions no longer in the guide."""
    p = s.projet
    colonnes: list[Colonne] = [
        ("Section", None),
        ("Identifiant", None),
        ("Question", None),
        ("Réponse", None),
        ("Note", None),
        ("Action", None),
        ("Responsable", None),
        ("Échéance", None),
        ("Statut de l'action", None),
    ]
    lignes = []

    def ligne(section: str, identifiant: str, question: str) -> list[str]:
        r = p.guide.reponses.get(identifiant)
        a = p.guide.plan_action.get(identifiant)
        reponse = REPONSES.get(r.reponse, "") if r and r.reponse else ""
        return [
            section,
            identifiant,
            question,
            reponse,
            r.note if r else "",
            a.action if a else "",
            a.responsable if a else "",
            a.echeance if a else "",
            STATUTS_ACTION[a.statut] if a else "",
        ]

    if s.guide is not None:
        lignes += [ligne(sec.titre, q.id, q.question) for sec, q in questions_applicables(s.guide.contenu, p)]
        orphelines = reponses_orphelines(s.guide.contenu, p)
    else:
        orphelines = list(dict.fromkeys([*p.guide.reponses, *p.guide.plan_action]))
        if s.guide_illisible:
            message = f"Le guide n'a pas pu être repris : {s.guide_illisible}"
            lignes.append(["(guide illisible)", "", message] + [""] * (len(colonnes) - 3))
    lignes += [ligne("(question absente du guide)", i, "") for i in orphelines]
    feuille(wb, "Guide", colonnes, lignes, figer="C2", longues={0: 30, 2: 70, 4: 50, 5: 50})


def _parametres(wb: Workbook, s: Synthese) -> None:
    scenario = _colonnes_du_scenario(s)
    formats = {"/1": FORMAT_POURCENT, "hour": FORMAT_HEURES}
    lignes = []
    for src in s.sources:
        format_ = FORMAT_EUROS if src.unite.startswith("currency") else formats.get(src.unite, FORMAT_NOMBRE)
        for sid, provs in src.provenances.items():
            for annee, pr in sorted(provs.items()):
                valeur = None if pr.valeur is None else round(pr.valeur, 6)
                lignes.append(
                    [
                        *scenario(sid),
                        src.nom,
                        src.libelle,
                        annee,
                        valeur,
                        "oui" if pr.projetee else "non",
                        pr.hypothese,
                        pr.confiance,
                        "\n".join(r.titre for r in pr.references),
                        "\n".join(r.lien for r in pr.references),
                        format_,
                    ]
                )
    colonnes: list[Colonne] = [
        *COLONNES_SCENARIO,
        ("Paramètre", None),
        ("Libellé", None),
        ("Année", FORMAT_ANNEE),
        ("Valeur (moyenne annuelle)", None),
        ("Projetée", None),
        ("Origine", None),
        ("Confiance", None),
        ("Références", None),
        ("Liens", None),
    ]
    ws = feuille(
        wb, "Paramètres", colonnes, [x[:-1] for x in lignes], figer="E2", longues={0: 36, 7: 50, 9: 70, 10: 70}
    )
    for i, x in enumerate(lignes, start=2):
        if x[5] is not None:
            ws.cell(row=i, column=6).number_format = x[-1]


def ecrire_xlsx(s: Synthese) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    # document properties are XML text, never cells: only the characters XML cannot hold are replaced
    wb.properties.title = texte_xlsx(f"Scénarios — {s.projet.structure.nom}")
    wb.properties.creator = f"Simulateur du modèle économique des SIAE {s.version}"
    wb.properties.language = "fr-FR"
    _structure(wb, s)
    _hypotheses(wb, s)
    _resultats(wb, s)
    _comparaison(wb, s)
    _tresorerie_mensuelle(wb, s)
    _effort(wb, s)
    _alertes(wb, s)
    _guide(wb, s)
    _parametres(wb, s)
    tampon = io.BytesIO()
    wb.save(tampon)
    return tampon.getvalue()
