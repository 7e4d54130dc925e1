"""« D'où vient ce chiffre ? »: one line of one year, its formula with the user's own numbers in it.

Each explanation reads what the engine computed and kept (the accounts per conventionnement and the
operands `postes` leaves in `Comptes.assiettes`: socle, part modulée, hours, wage, employer rate), the
parameters it used that year with their dated value and references (`ResultatScenario.provenance`), and
the scenario's chocs and leviers that move that line (each class's `lignes`). It never recomputes a rule:
when a line has parts the operands do not show (adjustments, new activities), the difference is written
as its own term, so that every equation shown adds up to the engine's figure to the euro (tested for every
example, line and year).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from iae_model.comptes import COMPTES
from iae_model.formats import ESPACE_UNITE, euros, nombre
from iae_model.parametres import charger_parametres
from iae_model.phrases import MOINS, hypothese, taux
from iae_model.projet import Projet
from iae_model.projet.items import Item
from iae_model.projet.modele import Hypotheses
from iae_model.simulation import ResultatScenario
from iae_model.simulation.contexte import plan_du_scenario
from iae_model.simulation.resultat import LIGNES_CHARGES, LIGNES_PRODUITS, Annee, Comptes, valeur_de_ligne
from iae_model.sources import unite as en_unite
from iae_model.texte import echapper_markdown_ligne
from iae_model.vocabulaire import FINANCEURS, FONCTIONS, MOIS, MOIS_COURTS, libelle, libelle_ligne

FOIS = "\u00d7"


@dataclass(frozen=True)
class Calcul:
    """One equation with its values: « ACI : 19 ETP aidés × 23 921 € × (1 + 5 %) = 477 224 € »."""

    libelle: str
    texte: str
    montant: float


@dataclass(frozen=True)
class ParametreCite:
    """A parameter the line used this year: its value, whether it is projected, and where it comes from."""

    libelle: str
    valeur: str
    projetee: bool
    hypothese: str
    references: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Explication:
    """A figure of the accounts explained with the user's numbers (see the module's docstring)."""

    titre: str
    montant: float
    calculs: tuple[Calcul, ...]
    parametres: tuple[ParametreCite, ...]
    items: tuple[str, ...]
    """The scenario's chocs and leviers in force that year that move this line, as their titles say them."""
    hypotheses: tuple[str, ...]
    """The scenario's hypotheses the line follows (« inflation +2 % par an »)."""
    montant_reference: float | None
    """The same line in the reference scenario, when the scenario is another one."""


def _e(x: float) -> str:
    return euros(x)


def _n(x: float, decimales: int = 2) -> str:
    """An ETP or a factor: 19 -> « 19 », 14.25 -> « 14,25 »."""
    d = 0 if abs(x - round(x)) < 5e-3 else decimales
    return nombre(x, d)


def _somme(termes: Sequence[tuple[str, float]]) -> str:
    """« 12 000 € (a) + 3 000 € (b) − 500 € (c) »: each term with its sign, the first one as is."""
    morceaux = []
    for i, (nom, v) in enumerate(termes):
        texte = f"{_e(abs(v))} ({nom})" if nom else _e(abs(v))
        if i == 0:
            morceaux.append(texte if v >= 0 else f"{MOINS}{texte}")
        else:
            morceaux.append(f"{'+' if v >= 0 else MOINS} {texte}")
    return " ".join(morceaux)


def _reste(calculs: list[Calcul], total: float, nom: str) -> None:
    """Add what the shown terms leave of the engine's total as its own term (at least one euro)."""
    ecart = total - sum(c.montant for c in calculs)
    if abs(ecart) >= 0.5:
        calculs.append(Calcul(nom, _e(ecart), ecart))


# --- the lines -----------------------------------------------------------------------------------------


def _par_conventionnement(a: Annee) -> list[tuple[str, Comptes]]:
    return sorted(a.par_conventionnement.items())


def _aide(a: Annee) -> list[Calcul]:
    calculs = []
    for t, k in _par_conventionnement(a):
        aide = k.produits.get("aide_au_poste", 0.0)
        s = k.assiettes
        if t == "EITI":
            par = s.get("aide_par_travailleur", 0.0)
            texte = f"{_n(k.travailleurs_accompagnes)} travailleurs accompagnés {FOIS} {_e(par)} = {_e(aide)}"
        elif s.get("socle", 0.0) > 0:
            par_etp = s["socle"] * (1 + s["part_modulee"])
            aides = aide / par_etp
            texte = (
                f"{_n(aides)}{ESPACE_UNITE}ETP aidés {FOIS} socle {_e(s['socle'])} {FOIS} (1 + part modulée "
                f"{taux(s['part_modulee'])}) = {_e(aide)}"
            )
            if abs(aides - min(k.etp_realises, k.etp_conventionnes)) > 5e-3:
                texte += f" (ETP réalisés {_n(k.etp_realises)}, conventionnés {_n(k.etp_conventionnes)})"
            else:
                texte += " ; ETP aidés = le plus petit des ETP réalisés et des ETP conventionnés"
        else:
            texte = _e(aide)
        calculs.append(Calcul(t, texte, aide))
        dept = k.produits.get("aide_au_poste_departement", 0.0)
        if dept:
            calculs.append(
                Calcul(
                    f"{t}, dont département",
                    f"{_e(dept)} payés par le département pour les allocataires du RSA, {_e(aide - dept)} par l'État",
                    0.0,
                )
            )
    return calculs


def _masse(a: Annee) -> list[Calcul]:
    calculs = []
    for t, k in _par_conventionnement(a):
        masse = k.charges.get("masse_salariale_insertion", 0.0)
        s = k.assiettes
        if t == "EITI" or "taux_employeur" not in s:
            continue
        indemnites = "" if s["indemnites"] == 1 else f" {FOIS} indemnités {_n(s['indemnites'], 4)}"
        texte = (
            f"{_n(k.etp_realises)}{ESPACE_UNITE}ETP réalisés {FOIS} {_n(s['heures_payees'], 0)}{ESPACE_UNITE}h payées "
            f"{FOIS} {euros(s['salaire_horaire'], 4)}/h{indemnites} {FOIS} (1 + cotisations employeur "
            f"{taux(s['taux_employeur'])}) = {_e(masse)}"
        )
        if "taux_non_couvert" in s:
            perdue = s["taux_employeur"] - s["taux_non_couvert"]
            texte += (
                f" ; cotisations = charges que la réduction générale ne couvre pas {taux(s['taux_non_couvert'])}"
                f" + réduction perdue au-dessus du SMIC {taux(perdue)}"
            )
        else:
            texte += " ; taux de cotisations saisi"
        calculs.append(Calcul(t, texte, masse))
    return calculs


def _par_conv_ligne(categorie: str, code: str) -> Callable[[Annee], list[Calcul]]:
    def calculer(a: Annee) -> list[Calcul]:
        return [Calcul(t, _e(v), v) for t, k in _par_conventionnement(a) if (v := valeur_de_ligne(k, categorie, code))]

    return calculer


def _charges_variables(a: Annee) -> list[Calcul]:
    calculs = []
    for t, k in _par_conventionnement(a):
        ca, cv = k.produits.get("chiffre_affaires", 0.0), k.charges.get("charges_variables", 0.0)
        if cv:
            calculs.append(
                Calcul(
                    t,
                    f"chiffre d'affaires {_e(ca)} {FOIS} taux moyen de charges variables {taux(cv / ca)} = {_e(cv)}",
                    cv,
                )
            )
    return calculs


def _subventions(a: Annee) -> list[Calcul]:
    par = sorted(a.total.subventions_par_financeur.items())
    return [Calcul(libelle(FINANCEURS, f), _e(v), v) for f, v in par if v]


def _indexe(projet: Projet, a: Annee, montant_ref: float, taux_annuel: float, nom: str) -> Calcul:
    n = a.annee - projet.structure.annee_reference
    valeur = montant_ref * (1 + taux_annuel) ** n
    texte = (
        f"{_e(montant_ref)} en {projet.structure.annee_reference} {FOIS} (1 + {taux(taux_annuel)})^{n} = {_e(valeur)}"
    )
    return Calcul(nom, texte, valeur)


def _permanents(projet: Projet, hyp: Hypotheses, a: Annee) -> list[Calcul]:
    g = hyp.evolution_salaires_permanents
    g = hyp.inflation_charges if g is None else g
    n = a.annee - projet.structure.annee_reference
    calculs = []
    for p in projet.charges.permanents:
        valeur = p.etp * p.cout_annuel_charge * (1 + g) ** n
        texte = (
            f"{_n(p.etp)}{ESPACE_UNITE}ETP {FOIS} {_e(p.cout_annuel_charge)} {FOIS} (1 + {taux(g)})^{n} = {_e(valeur)}"
        )
        calculs.append(Calcul(libelle(FONCTIONS, p.fonction), texte, valeur))
    return calculs


def _fonctionnement(projet: Projet, hyp: Hypotheses, a: Annee) -> list[Calcul]:
    i = hyp.inflation_charges
    return [_indexe(projet, a, projet.charges.fonctionnement_fixe, i, "charges fixes saisies")]


def _autres_charges(projet: Projet, hyp: Hypotheses, a: Annee) -> list[Calcul]:
    montant = projet.charges.autres_charges
    return [_indexe(projet, a, montant, hyp.inflation_charges, "autres charges saisies")] if montant else []


def _autres_produits(projet: Projet, hyp: Hypotheses, a: Annee) -> list[Calcul]:
    montant = projet.charges.autres_produits
    return [_indexe(projet, a, montant, hyp.inflation_charges, "autres produits saisis")] if montant else []


def _formation(projet: Projet, hyp: Hypotheses, a: Annee) -> list[Calcul]:
    f = projet.charges.formation
    if not f.montant:
        return []
    i = hyp.inflation_charges
    n = a.annee - projet.structure.annee_reference
    brut = f.montant * (1 + i) ** n
    net = a.total.charges.get("formation", 0.0)
    # the share taken in charge is the engine's (a choc may change the one entered)
    prise = 1 - net / brut
    texte = f"{_e(f.montant)} {FOIS} (1 + {taux(i)})^{n} {FOIS} (1 − prise en charge {taux(prise)}) = {_e(net)}"
    return [Calcul("formation saisie", texte, net)]


def _resultat(a: Annee) -> list[Calcul]:
    p, c = a.total.total_produits, a.total.total_charges
    return [Calcul("", f"produits {_e(p)} {MOINS} charges {_e(c)} = {_e(p - c)}", p - c)]


def _caf(a: Annee) -> list[Calcul]:
    f = a.tresorerie
    amort = a.total.charges.get("amortissements", 0.0)
    qp = a.total.produits.get("quote_part_subventions", 0.0)
    texte = _somme([("résultat", a.resultat), ("amortissements", amort), ("quote-part des subventions", -qp)])
    return [Calcul("", f"{texte} = {_e(f.caf)}", f.caf)]


def _tresorerie_fin(a: Annee) -> list[Calcul]:
    f = a.tresorerie
    termes = [
        ("trésorerie au 1er janvier", f.debut),
        ("CAF", f.caf),
        ("investissements", -f.investissements),
        ("subventions d'investissement reçues", f.subventions_investissement),
        ("emprunts nouveaux", f.emprunts_nouveaux),
        ("capital remboursé", -f.remboursements_emprunts),
        ("hausse du besoin en fonds de roulement", -f.variation_bfr),
    ]
    termes = [t for t in termes if abs(t[1]) >= 0.5 or t[0] == "trésorerie au 1er janvier"]
    return [Calcul("", f"{_somme(termes)} = {_e(f.fin)}", f.fin)]


def _point_bas(a: Annee) -> list[Calcul]:
    f = a.tresorerie
    mois = ", ".join(f"{MOIS_COURTS[i]} {_e(v)}" for i, v in enumerate(f.mensuelle))
    texte = f"la plus basse des 12 fins de mois ({mois}) : fin {MOIS[f.mois_point_bas - 1]}, {_e(f.point_bas)}"
    return [Calcul("", texte, f.point_bas)]


PARAMETRES_DES_LIGNES: dict[str, tuple[str, ...]] = {
    "aide_au_poste": ("aide_au_poste.", "rsa."),
    "masse_salariale_insertion": ("smic.", "etp.heures_payees", "cotisations.", "etti.indemnite", "conges_payes."),
    "chiffre_affaires": ("smic.",),
    "impots_taxes": ("taxe_sur_salaires.",),
    "fonctionnement": ("etti.garantie_financiere",),
    "variation_bfr": ("tresorerie.",),
    "tresorerie_fin": ("tresorerie.",),
    "point_bas": ("tresorerie.",),
}
"""The parameters behind each line, by their names' beginnings."""

HYPOTHESES_DES_LIGNES: dict[str, tuple[str, ...]] = {
    "aide_au_poste": ("indexation_socle",),
    "masse_salariale_insertion": ("evolution_smic",),
    "chiffre_affaires": ("evolution_chiffre_affaires", "inflation_charges"),
    "charges_variables": ("evolution_chiffre_affaires",),
    "subventions": ("statuts_financements",),
    "permanents": ("evolution_salaires_permanents", "inflation_charges"),
    "fonctionnement": ("inflation_charges",),
    "formation": ("inflation_charges",),
    "autres_charges": ("inflation_charges",),
    "autres_produits": ("inflation_charges",),
}


def _calculs(projet: Projet, hyp: Hypotheses, a: Annee, categorie: str, code: str) -> list[Calcul]:
    simples: dict[str, Callable[[Annee], list[Calcul]]] = {
        "aide_au_poste": _aide,
        "masse_salariale_insertion": _masse,
        "charges_variables": _charges_variables,
        "subventions": _subventions,
        "resultat": _resultat,
        "caf": _caf,
        "tresorerie_fin": _tresorerie_fin,
        "point_bas": _point_bas,
    }
    avec_projet = {
        "permanents": _permanents,
        "fonctionnement": _fonctionnement,
        "formation": _formation,
        "autres_charges": _autres_charges,
        "autres_produits": _autres_produits,
    }
    if code in simples:
        return simples[code](a)
    if code == "total" and categorie in ("produits", "charges"):
        lignes = LIGNES_PRODUITS if categorie == "produits" else LIGNES_CHARGES
        return [
            Calcul(libelle_ligne(categorie, c), _e(v), v) for c in lignes if (v := valeur_de_ligne(a, categorie, c))
        ]
    if code in avec_projet:
        return avec_projet[code](projet, hyp, a)
    if categorie in ("produits", "charges"):
        return _par_conv_ligne(categorie, code)(a)
    return []


def montant_de(a: Annee, categorie: str, code: str) -> float:
    """The engine's figure for a line of the accounts, the result or the cash plan."""
    if code == "resultat":
        return a.resultat
    if code == "point_bas":
        return a.tresorerie.point_bas
    return valeur_de_ligne(a, categorie, code)


def titre_de(categorie: str, code: str) -> str:
    if code == "resultat":
        return "Résultat"
    if code == "point_bas":
        return "Point bas de trésorerie"
    return libelle_ligne(categorie, code)


def expliquer(
    projet: Projet,
    rs: ResultatScenario,
    annee: int,
    categorie: str,
    code: str,
    reference: ResultatScenario | None = None,
) -> Explication:
    """Explain a line of one year of a scenario (`categorie`: produits, charges, tresorerie or resultat)."""
    a = rs.annee(annee)
    plan = plan_du_scenario(projet, rs.id)
    montant = montant_de(a, categorie, code)
    calculs = _calculs(projet, plan.hypotheses, a, categorie, code)
    sans_somme = {"resultat", "caf", "tresorerie_fin", "point_bas"}
    if code not in sans_somme and any(c.montant for c in calculs):
        _reste(calculs, montant, "autres éléments (leviers, chocs, nouvelles activités)")
    prefixes = PARAMETRES_DES_LIGNES.get(code, ())
    parametres = []
    tous = charger_parametres()
    for (nom, an), prov in sorted(rs.provenance.items()):
        if an == annee and nom.startswith(prefixes) and prefixes:
            p = tous[nom]
            valeur = _valeur_parametre(prov.valeur, p.unite)
            parametres.append(
                ParametreCite(
                    p.libelle_court,
                    valeur,
                    prov.projetee,
                    prov.hypothese,
                    tuple((r.titre, r.lien) for r in prov.references),
                )
            )
    items = tuple(x.titre() for x in (*plan.chocs, *plan.leviers) if _concerne(x, code, annee))
    hyps = tuple(hypothese(h, getattr(plan.hypotheses, h)) for h in HYPOTHESES_DES_LIGNES.get(code, ()))
    montant_ref = None
    if reference is not None and reference.id != rs.id:
        montant_ref = montant_de(reference.annee(annee), categorie, code)
    return Explication(
        titre=f"{titre_de(categorie, code)} {annee}",
        montant=montant,
        calculs=tuple(calculs),
        parametres=tuple(parametres),
        items=items,
        hypotheses=hyps,
        montant_reference=montant_ref,
    )


def _concerne(item: Item, code: str, annee: int) -> bool:
    """Whether a choc or levier moves the line that year (all of them move the result and the cash)."""
    if getattr(item, "annee", annee) > annee:
        return False
    return code in ("resultat", "caf", "tresorerie_fin", "point_bas") or code in type(item).lignes


def _valeur_parametre(valeur: float | None, unite: str) -> str:
    if unite == "/1" and valeur is not None:
        return taux(valeur)
    return en_unite(valeur, unite)


def recapitulatif(projet: Projet, rs: ResultatScenario, annee: int) -> list[Explication]:
    """Every line of the accounts and of the cash plan of one year, each with its calculation (the printable
    recap, as mon-entreprise's)."""
    return [expliquer(projet, rs, annee, ligne.categorie, ligne.code) for ligne in COMPTES if ligne.categorie != "etp"]


def recapitulatif_markdown(
    projet: Projet, rs: ResultatScenario, annee: int, recap: Sequence[Explication] | None = None
) -> str:
    """The recap as a Markdown page a board can print (user text escaped); `recap` when already computed."""
    lignes = [
        f"# {echapper_markdown_ligne(projet.structure.nom)} — {echapper_markdown_ligne(rs.libelle)}, {annee}",
        "",
        "Chaque ligne du compte et du plan de trésorerie, avec son calcul et les chiffres du projet.",
        "",
    ]
    for e in recap if recap is not None else recapitulatif(projet, rs, annee):
        lignes.append(f"## {echapper_markdown_ligne(e.titre)} : {_e(e.montant)}")
        lignes += [
            f"- {echapper_markdown_ligne(c.libelle)} : {echapper_markdown_ligne(c.texte)}"
            if c.libelle
            else f"- {echapper_markdown_ligne(c.texte)}"
            for c in e.calculs
        ]
        lignes += [f"- Hypothèse : {echapper_markdown_ligne(h)}" for h in e.hypotheses]
        lignes += [f"- Choc ou levier : {echapper_markdown_ligne(i)}" for i in e.items]
        lignes += [
            f"- Paramètre : {echapper_markdown_ligne(p.libelle)} {echapper_markdown_ligne(p.valeur)}"
            + (" (projeté)" if p.projetee else "")
            for p in e.parametres
        ]
        lignes.append("")
    return "\n".join(lignes)
