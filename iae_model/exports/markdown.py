"""The Markdown summary (for an e-mail or a wiki): the PDF's text and key figures, without the charts.

User text (names, libellés, descriptions, notes) goes through `iae_model.texte` (the one escaping of
every Markdown the project writes), so that nothing typed in the app can become a link, an image,
HTML, a heading or a broken table in the reader's wiki.
"""

from __future__ import annotations

from collections.abc import Sequence

from iae_model import phrases as ph
from iae_model import vocabulaire as v
from iae_model.exports import descriptions as d
from iae_model.exports.synthese import (
    MOIS_DU_POINT_BAS,
    Synthese,
    hypotheses_du_scenario,
    mois_du_point_bas,
    origines,
    periodes,
    references,
    tableau_du_scenario,
    valeurs_par_annee,
)
from iae_model.formats import euros, pourcentage
from iae_model.guide import REPONSES, STATUTS_ACTION
from iae_model.phrases import effectif, hypotheses_en_clair
from iae_model.texte import echapper_markdown, echapper_markdown_ligne, lien_markdown

echapper = echapper_markdown_ligne
"""User text on one line (table cells, headings, list items of this summary)."""


def _tableau(entetes: Sequence[str], lignes: Sequence[Sequence[str]], droite: Sequence[int] = ()) -> list[str]:
    """A Markdown table; the cells are already escaped (or are ours)."""
    alignements = ["---:" if i in droite else "---" for i in range(len(entetes))]
    sortie = ["| " + " | ".join(entetes) + " |", "|" + "|".join(alignements) + "|"]
    sortie += ["| " + " | ".join(ligne) + " |" for ligne in lignes]
    return [*sortie, ""]


def _structure(s: Synthese) -> list[str]:
    p = s.projet
    st = p.structure
    convs = []
    for c in p.conventionnements:
        if c.type == "EITI":
            taille = f"{effectif(c.travailleurs_accompagnes or 0)} travailleurs accompagnés"
        else:
            taille = f"{effectif(c.etp_conventionnes or 0)} ETP, occupation {pourcentage(c.taux_occupation, 0)}"
        taille += f", part modulée {pourcentage(c.part_modulee)}"
        if c.type == "ACI":
            taille += f", bénéficiaires du RSA {pourcentage(c.beneficiaires_rsa, 0)}"
        convs.append(f"{c.type} ({taille})")
    lignes = ["## La structure", ""]
    if st.territoire:
        lignes.append(f"- **Territoire** : {echapper(st.territoire)}")
    lignes += [
        f"- **Conventionnements** : {' ; '.join(convs)}",
        f"- **Chiffres saisis** : année {st.annee_reference} ; trésorerie au 1er janvier {st.annee_reference} : "
        f"{euros(st.tresorerie_initiale)} ; simulation jusqu'en {p.hypotheses.horizon}",
        f"- **Hypothèses du projet** : {hypotheses_en_clair(p.hypotheses)}",
        "",
    ]
    if p.activites:
        lignes += _tableau(
            ["Activité", "Conv.", "Chiffre d'affaires", "Marchés publics", "Charges variables"],
            [
                [
                    echapper(a.nom),
                    a.conventionnement,
                    euros(a.chiffre_affaires),
                    pourcentage(a.part_marches_publics, 0),
                    pourcentage(a.taux_charges_variables, 0),
                ]
                for a in p.activites
            ],
            droite=(2, 3, 4),
        )
    if p.financements:
        lignes += _tableau(
            ["Financement", "Financeur", "Montant annuel", "Période", "Statut"],
            [
                [
                    echapper(f.nom),
                    v.FINANCEURS.get(f.financeur, f.financeur),
                    euros(f.montant),
                    d.duree_financement(f.debut, f.fin),
                    v.STATUTS_FINANCEMENT.get(f.statut, f.statut),
                ]
                for f in p.financements
            ],
            droite=(2,),
        )
    ch = p.charges
    etp_perm = sum(x.etp for x in ch.permanents)
    cout_perm = sum(x.etp * x.cout_annuel_charge for x in ch.permanents)
    lignes += [
        f"Charges de l'année de référence : permanents {effectif(etp_perm)} ETP pour {euros(cout_perm)} ; "
        f"fonctionnement {euros(ch.fonctionnement_fixe)} ; formation {euros(ch.formation.montant)} (prise en charge "
        f"{pourcentage(ch.formation.prise_en_charge, 0)}) ; amortissements {euros(ch.amortissements)}.",
        "",
        f"Trésorerie : {d.tresorerie_saisie(p)}.",
        "",
    ]
    return lignes


def _scenarios(s: Synthese) -> list[str]:
    p = s.projet
    lignes = ["## Les scénarios et leurs hypothèses", ""]
    types: list[str] = []
    for i, rs in enumerate(s.scenarios, start=1):
        sc = p.scenario(rs.id)
        lignes += [f"### {i}. {echapper(sc.libelle)}", ""]
        if sc.base:
            lignes += [f"À partir du scénario « {echapper(p.scenario(sc.base).libelle)} », avec en plus :", ""]
        if sc.description:
            lignes += [f"*{echapper_markdown(sc.description)}*", ""]
        hyp = hypotheses_du_scenario(p, sc.id)
        avant = hypotheses_du_scenario(p, sc.base) if sc.base else p.hypotheses
        if hyp != avant:
            lignes.append(f"- **Hypothèses** : {hypotheses_en_clair(hyp)}")
        for item in [*sc.chocs, *sc.leviers]:
            lignes.append(f"- **{d.nature_item(item)}** : {echapper(d.decrire_item(item))}")
            if item.type not in types:
                types.append(item.type)
        if not sc.chocs and not sc.leviers and not sc.base and hyp == avant:
            lignes.append("- Aucun choc ni levier : la situation de référence prolongée avec les hypothèses du projet.")
        lignes.append("")
    if types:
        lignes += ["### Ce que veulent dire ces chocs et leviers", ""]
        lignes += [f"- **{d.intitule(t)}** : {d.sens_type(t)}" for t in types]
        lignes.append("")
    return lignes


def _chiffres_cles(s: Synthese) -> list[str]:
    annees = s.annees
    lignes = [
        "## Chiffres clés par scénario",
        "",
        "Montants en euros courants, arrondis à l'euro. Puis le plan de trésorerie de l'année : la trésorerie de fin "
        "d'année est celle du début, plus la capacité d'autofinancement (CAF), moins les investissements et la "
        "variation du besoin en fonds de roulement, plus les subventions d'investissement reçues et les emprunts "
        "nouveaux, moins le capital remboursé ; le point bas est la trésorerie la plus basse à une fin de mois.",
        "",
    ]
    for rs in s.scenarios:
        cumul = s.resultat_cumule(rs.id)
        lignes += [
            f"### {echapper(rs.libelle)}",
            "",
            f"Résultat cumulé {annees[0]}–{annees[-1]} : **{euros(cumul)}**",
            "",
        ]
        lignes += _tableau(
            ["Ligne", *map(str, annees)],
            [
                *([c.libelle, *map(euros, valeurs)] for c, valeurs in tableau_du_scenario(rs)),
                [MOIS_DU_POINT_BAS, *mois_du_point_bas(rs)],
            ],
            droite=range(1, len(annees) + 1),
        )
    return lignes


def _tresorerie_mensuelle(s: Synthese) -> list[str]:
    """Each scenario's month-end cash, a row a month and a column a year (the year's low point in bold)."""
    annees = s.annees
    lignes = [
        "## Trésorerie de fin de mois",
        "",
        "La trésorerie à la fin de chaque mois, en euros arrondis ; en gras, le point bas de l'année.",
        "",
    ]
    for rs in s.scenarios:
        lignes += [f"### {echapper(rs.libelle)}", ""]
        rangs = []
        for i, mois in enumerate(v.MOIS):
            cellules = []
            for a in rs.annees:
                montant = euros(a.tresorerie.mensuelle[i])
                cellules.append(f"**{montant}**" if i + 1 == a.tresorerie.mois_point_bas else montant)
            rangs.append([mois, *cellules])
        lignes += _tableau(["Fin de mois", *map(str, annees)], rangs, droite=range(1, len(annees) + 1))
    return lignes


def _alertes(s: Synthese) -> list[str]:
    lignes = ["## Alertes", ""]
    for rs in s.scenarios:
        lignes += [f"### {echapper(rs.libelle)}", ""]
        if not rs.alertes:
            lignes += ["Aucune alerte sur l'horizon.", ""]
            continue
        for a in rs.alertes:
            perimetre = f"{a.conventionnement} : " if a.conventionnement else ""
            grave = " **(grave)**" if a.code in v.GRAVES else ""
            lignes.append(f"- {a.annee} — {perimetre}{echapper(a.message)}{grave}")
        lignes.append("")
    return lignes


_COLONNES_EFFORT = ("annee", "resultat", "economies", "chiffre_affaires", "depasse_plafond_aci")


def _effort(s: Synthese) -> list[str]:
    lignes = [f"## {ph.EFFORT}", "", f"{ph.majuscule(ph.EQUILIBRE)}.", ""]
    for rs in s.scenarios:
        ef = s.efforts[rs.id]
        lignes += [f"### {echapper(rs.libelle)}", ""]
        if ef.deficits:
            rangs = ph.tableau_effort(
                ef.deficits, ("annee", "resultat", "economies", "chiffre_affaires", "depasse_plafond_aci")
            )
            lignes += _tableau(list(rangs[0]), [list(r.values()) for r in rangs], droite=(1, 2, 3))
        else:
            lignes += [f"{ph.majuscule(ph.AUCUN_DEFICIT)}.", ""]
        effort = ph.effort_de_tresorerie(ef.tresorerie, ef.coupe, s.projet.types_conventionnements(), s.annees)
        lignes += [*(f"- {quoi} : {phrase}." for quoi, phrase in effort), ""]
    return lignes


def _guide(s: Synthese) -> list[str]:
    g = s.guide
    if g is None and s.guide_illisible:
        return [
            "## Guide « Les questions à se poser »",
            "",
            f"Le guide n'a pas pu être repris : {echapper(s.guide_illisible)}. Les réponses restent dans le projet.",
            "",
        ]
    if g is None or not g.entame:
        return []
    e = g.ensemble
    lignes = [
        "## Guide « Les questions à se poser » : avancement et plan d'action",
        "",
        f"Réponses : {e.repondues} sur {e.questions} questions ; préparation {pourcentage(e.preparation, 0)}.",
        "",
    ]
    lignes += _tableau(
        ["Section", "Réponses", "Préparation"],
        [[a.titre, f"{a.repondues} / {a.questions}", pourcentage(a.preparation, 0)] for a in g.sections],
        droite=(1, 2),
    )
    lignes += ["### Plan d'action", ""]
    if not g.plan:
        return [*lignes, "Aucune question répondue « Non » ou « À explorer ».", ""]
    lignes += _tableau(
        ["Question", "Réponse", "Note", "Action", "Responsable", "Échéance", "Statut"],
        [
            [
                echapper(x.question),
                REPONSES[x.reponse],
                echapper(x.note),
                echapper(x.action.action),
                echapper(x.action.responsable),
                echapper(x.action.echeance),
                STATUTS_ACTION[x.action.statut],
            ]
            for x in g.plan
        ],
    )
    return lignes


def _sources(s: Synthese) -> list[str]:
    premier = s.scenarios[0]
    lignes = [
        "## D'où viennent les paramètres officiels",
        "",
        f"Valeurs annuelles (moyenne des valeurs en vigueur le 1er de chaque mois) du scénario "
        f"« {echapper(premier.libelle)} » ; * : valeur projetée au-delà du dernier texte connu.",
        "",
    ]
    for src in s.sources:
        valeurs = " ; ".join(f"{a} : {valeur}" for a, valeur in valeurs_par_annee(src, premier.id).items())
        textes = [f"{periodes(o.annees)} : {o.hypothese} ({s.qui(o.scenarios)})" for o in origines(src)]
        lignes.append(f"- **{src.libelle}** (confiance {src.confiance}) — {valeurs}.")
        lignes.append(f"  - Origine : {' ; '.join(textes)}.")
        refs = references(src)
        if refs:
            lignes.append(f"  - Sources : {' · '.join(lien_markdown(t, h) for t, h in refs)}")
    return [*lignes, ""]


def ecrire_markdown(s: Synthese) -> str:
    st = s.projet.structure
    lignes = [
        f"# Synthèse — {echapper(st.nom)}",
        "",
        f"*Établie le {s.date:%d/%m/%Y} avec le simulateur du modèle économique des SIAE (v{s.version}).*",
        "",
    ]
    for partie in (_structure, _scenarios, _chiffres_cles, _tresorerie_mensuelle, _alertes, _effort, _guide, _sources):
        lignes += partie(s)
    return "\n".join(lignes).rstrip("\n") + "\n"
