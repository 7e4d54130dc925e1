"""Cash as an accountant plans it: CAF, renewal, loans, and when each amount is paid, month by month.

Formulas (year Y, n = Y − année de référence, months counted from January of the year an amount is earned):

CAF             résultat + amortissements − quote-part des subventions d'investissement (a product that
                brings no money)
Cash            fin = début + CAF − investissements + subventions d'investissement reçues + emprunts
                nouveaux − capital remboursé − variation du BFR; each month-end balance is the previous one
                plus the month's receipts less its payments, and December's is `fin`
Renouvellement  (renouvellement_annuel, or the existing assets' amortissements) × (1 + inflation)^n, paid by
                twelfths: equipment that wears out is replaced; plus each new activity's investment in
                January of its year
Subv. d'invest. a new activity's subsidy: in the accounts subvention ÷ durée d'amortissement a year (`charges`),
                in cash as the région pays (its calendar: an advance in the year, the balance the next year)
Emprunts        constant annuity a = C × r ÷ (1 − (1 + r)^−durée) (C ÷ durée at r = 0) paid by twelfths;
                intérêts(Y) = capital restant dû on 1 January × r (charges financières, shared pro rata);
                capital remboursé = a − intérêts; a new loan (`emprunt`) arrives in January of its year
BFR             money earned and not yet received less money owed and not yet paid, at year end: the sum
                of the payments still to come of the amounts of the years ≤ Y; variation = BFR(Y) − BFR(Y−1).
                At the opening, the reference year's amounts are taken as those of the three years before
                (a structure in its usual rhythm), whose late payments arrive in the first months
Paiements       aide au poste (ASP): one twelfth of the annex's socle (ETP conventionnés) each month,
                régularisations at the dated months (5, 8, 11, then 13) settling the gap to the realised
                aid of the months since the previous one ((5 − 1)/12, then 3/12, 3/12, 2/12); part
                modulée in one go (its month); the département's RSA share goes through the ASP the same way
                customers: each month's sales paid « délai » days later (public buyers and private
                customers apart); suppliers (charges variables, fonctionnement, formation, autres charges)
                likewise; autres produits in the month they are earned
                subsidies: per funder, the project's calendar, else an advance in the year and the balance
                later (collectivités, État, FDI, fondations, OPCO, autres) or one payment (FSE+)
                wages: the net at month end, the social contributions the month after; taxes the month
                after; interest with the annuity
Retards         a `retard_paiement` choc moves every payment of its payer due from 1 January of its year
                « mois » months later (several add up); a repayment the structure owes (an ASP clawback) is
                not delayed; `versements_retardes` is what was due in the year and moved
Bilan           fonds propres(Y) = fonds propres(Y−1) + résultat + subventions d'investissement accordées
                − quote-part; immobilisations(Y) = immobilisations(Y−1) + investissements − amortissements;
                FRNG = fonds propres + dettes financières − immobilisations (when the opening balance sheet
                is entered)
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from itertools import accumulate

from pydantic import BaseModel

from iae_model.projet.chocs import RetardPaiement
from iae_model.projet.leviers import NouvelEmprunt
from iae_model.simulation.contexte import Contexte, Repartir
from iae_model.simulation.periode import Periode
from iae_model.simulation.resultat import LIGNES_CHARGES, Comptes, FluxTresorerie

APPLIQUE: tuple[type[BaseModel], ...] = (NouvelEmprunt, RetardPaiement)

P_DELAI_PUBLICS = "tresorerie.delai_clients_publics"
P_DELAI_PRIVES = "tresorerie.delai_clients_prives"
P_DELAI_FOURNISSEURS = "tresorerie.delai_fournisseurs"
P_COTIS_INSERTION = "tresorerie.part_cotisations_mois_suivant_insertion"
P_COTIS_PERMANENTS = "tresorerie.part_cotisations_mois_suivant_permanents"
P_MOIS_REGULS = tuple(f"tresorerie.mois_regularisation_{k}_asp" for k in (1, 2, 3))
P_MOIS_REGUL_FINALE = "tresorerie.mois_regularisation_finale_asp"
P_MOIS_PART_MODULEE = "tresorerie.mois_versement_part_modulee"
P_PART_AVANCE = "tresorerie.part_avance_collectivites"
P_MOIS_AVANCE = "tresorerie.mois_avance_collectivites"
P_MOIS_SOLDE = "tresorerie.mois_solde_collectivites"
P_MOIS_FSE = "tresorerie.mois_versement_fse"

PARAMETRES = (
    P_DELAI_PUBLICS,
    P_DELAI_PRIVES,
    P_DELAI_FOURNISSEURS,
    P_COTIS_INSERTION,
    P_COTIS_PERMANENTS,
    *P_MOIS_REGULS,
    P_MOIS_REGUL_FINALE,
    P_MOIS_PART_MODULEE,
    P_PART_AVANCE,
    P_MOIS_AVANCE,
    P_MOIS_SOLDE,
    P_MOIS_FSE,
)

JOURS_PAR_MOIS = 30
"""A delay in days becomes months at 30 days a month (the convention of payment terms)."""
ANNEES_AVANT = 3
"""Years before the reference year whose late payments can still arrive in it (FSE+: up to 24 months)."""

ASSIETTE_ANNEXE = "aide_au_poste_annexe"
ASSIETTE_MODULEE = "aide_au_poste_modulee"
ASSIETTES = (ASSIETTE_ANNEXE, ASSIETTE_MODULEE)
"""What `postes` leaves in `Comptes.assiettes`: the socle of the annex's ETP conventionnés (the base of the
monthly advances) and the part modulée included in the aide au poste."""

CHARGES_SANS_DECAISSEMENT = frozenset({"amortissements"})
SALAIRES = {"masse_salariale_insertion": P_COTIS_INSERTION, "permanents": P_COTIS_PERMANENTS}
FOURNISSEURS = frozenset({"charges_variables", "fonctionnement", "formation", "autres_charges"})
MOIS_SUIVANT = frozenset({"impots_taxes"})
DANS_LE_MOIS = frozenset({"charges_financieres"})


def profil_connu(ligne: str) -> bool:
    """Whether the cash plan knows when this charge line is paid (a test checks every line)."""
    return ligne in CHARGES_SANS_DECAISSEMENT | SALAIRES.keys() | FOURNISSEURS | MOIS_SUIVANT | DANS_LE_MOIS


_CHARGES_DECAISSEES = tuple(ligne for ligne in LIGNES_CHARGES if ligne not in CHARGES_SANS_DECAISSEMENT)
"""The charge lines paid in cash, in the order of the accounts (the order the amounts are added up in)."""


# --- loans ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Echeance:
    interets: float
    capital: float
    restant_du: float
    """Capital still owed after this year's annuity."""


def echeance(capital: float, taux: float, duree: int, rang: int) -> Echeance | None:
    """The `rang`-th annuity (0 = the first) of a loan at constant annuities; None once it is repaid."""
    if rang < 0 or rang >= duree or capital <= 0:
        return None
    # 1 − (1 + r)^−n written with expm1/log1p: exact for the tiniest rates, where it would round to 0
    annuite = capital / duree if taux == 0 else capital * taux / -math.expm1(-duree * math.log1p(taux))
    restant = capital
    for _ in range(rang):
        restant -= annuite - restant * taux
    interets = restant * taux
    rembourse = min(restant, annuite - interets)
    return Echeance(interets, rembourse, restant - rembourse)


def _emprunts(ctx: Contexte, annee: int) -> list[tuple[float, Echeance, bool]]:
    """(montant reçu cette année, échéance de l'année, nouveau ?) of every loan running in the year (computed
    once a year: the interest in the accounts and the cash plan both read it)."""
    cle = ("emprunts", annee)
    trouves = ctx.memo.get(cle)
    if trouves is None:
        trouves = ctx.memo[cle] = _calculer_emprunts(ctx, annee)
    return trouves  # type: ignore[return-value]


def _calculer_emprunts(ctx: Contexte, annee: int) -> list[tuple[float, Echeance, bool]]:
    courants: list[tuple[float, Echeance, bool]] = []
    for e in ctx.projet.tresorerie.emprunts:
        ech = echeance(e.capital_restant_du, e.taux, e.duree_restante, annee - ctx.ref)
        if ech is not None:
            courants.append((0.0, ech, False))
    for e in ctx.items(NouvelEmprunt):
        ech = echeance(e.montant, e.taux, e.duree, annee - e.annee)
        if ech is not None:
            courants.append((e.montant if e.annee == annee else 0.0, ech, True))
    return courants


def charges_financieres(ctx: Contexte, periode: Periode, repartir: Repartir) -> None:
    """The year's interest on the loans, in the accounts (shared pro rata)."""
    interets = sum(ech.interets for _, ech, _ in _emprunts(ctx, periode.annee))
    repartir("charges_financieres", interets)


# --- the payment calendar ---------------------------------------------------------------------------


@dataclass
class _Retard:
    payeur: str
    depuis: int
    mois: int


@dataclass(slots=True)
class _Calendrier:
    """A year's payment parameters, read once a year of a scenario and shaped as `_exploitation` uses them."""

    regularisations: tuple[float, ...]
    """The months of the ASP's régularisations, the final one last."""
    mois_part_modulee: float
    delai_publics: float
    delai_prives: float
    delai_fournisseurs: float
    cotisations: dict[str, float]
    """Per wage line (`SALAIRES`), the share of the contributions paid the month after."""
    fse: tuple[tuple[float, float], ...]
    collectivites: tuple[tuple[float, float], ...]
    """(part, mois) of the usual calendars: FSE+ in one payment, the others an advance then the balance."""

    @classmethod
    def de(cls, ctx: Contexte, periode: Periode) -> _Calendrier:
        """A pure function of the parameters' values: the scenarios of a simulation share it (`ctx.partage`)."""
        valeurs = ctx.valeurs(PARAMETRES, periode)
        cle = ("calendrier_tresorerie", valeurs)
        trouve = ctx.partage.get(cle)
        if trouve is None:
            trouve = ctx.partage[cle] = cls._lire(dict(zip(PARAMETRES, valeurs, strict=True)))
        return trouve

    @classmethod
    def _lire(cls, val: dict[str, float]) -> _Calendrier:
        avance = val[P_PART_AVANCE]
        return cls(
            regularisations=(*(val[p] for p in P_MOIS_REGULS), val[P_MOIS_REGUL_FINALE]),
            mois_part_modulee=val[P_MOIS_PART_MODULEE],
            delai_publics=val[P_DELAI_PUBLICS],
            delai_prives=val[P_DELAI_PRIVES],
            delai_fournisseurs=val[P_DELAI_FOURNISSEURS],
            cotisations={ligne: val[p] for ligne, p in SALAIRES.items()},
            fse=((1.0, val[P_MOIS_FSE]),),
            collectivites=((avance, val[P_MOIS_AVANCE]), (1 - avance, val[P_MOIS_SOLDE])),
        )


@dataclass(frozen=True)
class EtatTresorerie:
    """A cash plan's state at the end of a year (`PlanDeTresorerie.etat`): copies, never changed."""

    exploitation: dict[int, float]
    hors_exploitation: dict[int, float]
    subventions_investissement: dict[int, float]
    retardes: dict[int, float]
    bfr: float | None
    fonds_propres: float | None
    immobilisations: float | None


class PlanDeTresorerie:
    """The payments still to come, month by month, as the years of one scenario are simulated in order.

    A month is an index counted from January of the reference year (0); amounts received are positive,
    amounts paid negative. Operating payments (those of the accounts) build the BFR; the others
    (investments, their subsidies, loans) are kept apart.
    """

    def __init__(self, ctx: Contexte) -> None:
        self.ctx = ctx
        self.ref = ctx.ref
        self.exploitation: defaultdict[int, float] = defaultdict(float)
        self.hors_exploitation: defaultdict[int, float] = defaultdict(float)
        self.subventions_investissement: defaultdict[int, float] = defaultdict(float)
        self.retards = [_Retard(r.payeur, (r.annee - self.ref) * 12, r.mois) for r in ctx.items(RetardPaiement)]
        self.payeurs_retardes = frozenset(r.payeur for r in self.retards)
        self._par_annee: dict[int, _Calendrier] = {}
        self.retardes: defaultdict[int, float] = defaultdict(float)
        """Per year (index), the receipts due in it that a `retard_paiement` moved later."""
        self.bfr: float | None = None
        self.fonds_propres = ctx.projet.tresorerie.bilan.fonds_propres
        self.immobilisations = ctx.projet.tresorerie.bilan.immobilisations_nettes
        self._versements = {
            v.financeur: ((v.part_avance, v.mois_avance), (1 - v.part_avance, v.mois_solde))
            for v in ctx.projet.tresorerie.versements
        }
        """The project's calendar of each funder that has one (the validation refuses a funder twice)."""

    # -- resuming --

    def etat(self) -> EtatTresorerie:
        """What the years simulated so far leave to the next ones: the payments still to come and the balance sheet."""
        return EtatTresorerie(
            dict(self.exploitation),
            dict(self.hors_exploitation),
            dict(self.subventions_investissement),
            dict(self.retardes),
            self.bfr,
            self.fonds_propres,
            self.immobilisations,
        )

    def reprendre(self, etat: EtatTresorerie) -> None:
        """Continue from the state another scenario left at the end of a year (it has the same delays)."""
        self.exploitation = defaultdict(float, etat.exploitation)
        self.hors_exploitation = defaultdict(float, etat.hors_exploitation)
        self.subventions_investissement = defaultdict(float, etat.subventions_investissement)
        self.retardes = defaultdict(float, etat.retardes)
        self.bfr, self.fonds_propres, self.immobilisations = etat.bfr, etat.fonds_propres, etat.immobilisations

    # -- scheduling --

    def _indice(self, annee: int, mois: float) -> float:
        return (annee - self.ref) * 12 + mois - 1

    def _verser(self, cible: defaultdict[int, float], payeur: str, indice: float, montant: float) -> None:
        """`montant` due at month `indice` (fractional: shared between two months), moved by the delays."""
        if not montant:
            return
        retard = 0
        if montant > 0 and payeur in self.payeurs_retardes:
            retard = sum(r.mois for r in self.retards if r.payeur == payeur and indice >= r.depuis)
            if retard:
                self.retardes[int(indice // 12)] += montant
        decale = indice + retard
        bas = int(decale // 1)
        part = decale - bas
        cible[bas] += montant * (1 - part)
        if part:
            cible[bas + 1] += montant * part

    def _etaler(self, cible: defaultdict[int, float], payeur: str, annee: int, montant: float, jours: float) -> None:
        """An amount earned evenly over the 12 months, each month paid `jours` days later."""
        if not montant:
            return
        decalage = jours / JOURS_PAR_MOIS
        if payeur in self.payeurs_retardes:
            for m in range(1, 13):
                self._verser(cible, payeur, self._indice(annee, m + decalage), montant / 12)
            return
        # the same, month by month without delays to look up (what the engine does for most lines)
        debut = (annee - self.ref) * 12 + decalage
        bas = int(debut // 1)
        part = debut - bas
        douzieme = montant / 12
        avant, apres = douzieme * (1 - part), douzieme * part
        if part:
            for i in range(bas, bas + 12):
                cible[i] += avant
                cible[i + 1] += apres
        else:
            for i in range(bas, bas + 12):
                cible[i] += avant

    def _parametres(self, periode: Periode) -> _Calendrier:
        """The payment parameters of a year, read once (and recorded for the provenance)."""
        trouves = self._par_annee.get(periode.annee)
        if trouves is None:
            trouves = self._par_annee[periode.annee] = _Calendrier.de(self.ctx, periode)
        return trouves

    def _exploitation(
        self,
        annee: int,
        periode: Periode,
        comptes: dict[str, Comptes],
        total: Comptes,
        cible: defaultdict[int, float] | None = None,
    ) -> None:
        """Schedule the payments of one year's accounts (`annee` may be a year before the reference one,
        repeating its figures, and `periode` the year whose parameters apply).

        Amounts paid the same way are added up before they are spread: a few spreads a year, not one a line.
        """
        c = self.exploitation if cible is None else cible
        tr = self.ctx.projet.tresorerie
        cal = self._parametres(periode)
        retardes = self.payeurs_retardes
        # amounts spread the same way are added up first, by (payer, delay in days); a payer no delay choc names
        # is "" (as are wages, suppliers, taxes and banks, never delayed): amounts with the same delay are spread
        # together whoever pays them
        etaler: defaultdict[tuple[str, float], float] = defaultdict(float)
        verser: defaultdict[tuple[str, float], float] = defaultdict(float)
        asp = "asp" if "asp" in retardes else ""

        annexe_totale = ecart_total = modulee_totale = 0.0
        for k in comptes.values():
            aide = k.produits.get("aide_au_poste", 0.0)
            modulee = k.assiettes.get(ASSIETTE_MODULEE, 0.0)
            socle = aide - modulee
            annexe = k.assiettes.get(ASSIETTE_ANNEXE, socle)
            annexe_totale += annexe
            ecart_total += socle - annexe
            modulee_totale += modulee
        etaler[asp, 0] += annexe_totale
        if ecart_total:
            # each régularisation settles the gap of the months since the previous one (the first: since month 1)
            precedent = 1.0
            for mois in cal.regularisations:
                verser["asp", mois] += ecart_total * (mois - precedent) / 12
                precedent = mois
        verser["asp", cal.mois_part_modulee] += modulee_totale
        publics = total.produits.get("ca_marches_publics", 0.0)
        prives = total.produits.get("chiffre_affaires", 0.0) - publics
        delai = tr.delai_clients_publics
        payeur = "clients_publics" if "clients_publics" in retardes else ""
        etaler[payeur, cal.delai_publics if delai is None else delai] += publics
        delai = tr.delai_clients_prives
        payeur = "clients_prives" if "clients_prives" in retardes else ""
        etaler[payeur, cal.delai_prives if delai is None else delai] += prives
        etaler["", 0] += total.produits.get("autres_produits", 0.0)
        versements = self._versements
        for financeur, montant in total.subventions_par_financeur.items():
            calendrier = versements.get(financeur) or (cal.fse if financeur == "fse" else cal.collectivites)
            for part, mois in calendrier:
                verser[financeur, mois] += montant * part
        delai_fournisseurs = tr.delai_fournisseurs
        if delai_fournisseurs is None:
            delai_fournisseurs = cal.delai_fournisseurs
        charges = total.charges
        for ligne in _CHARGES_DECAISSEES:
            montant = -charges.get(ligne, 0.0)
            if not montant:
                continue
            if ligne in SALAIRES:
                cotisations = cal.cotisations[ligne]
                etaler["", 0] += montant * (1 - cotisations)
                etaler["", JOURS_PAR_MOIS] += montant * cotisations
            elif ligne in FOURNISSEURS:
                etaler["", delai_fournisseurs] += montant
            elif ligne in MOIS_SUIVANT:
                etaler["", JOURS_PAR_MOIS] += montant
            elif ligne in DANS_LE_MOIS:
                etaler["", 0] += montant
            else:
                raise KeyError(f"la ligne de charges « {ligne} » n'a pas de calendrier de paiement")
        for (payeur, jours), montant in etaler.items():
            self._etaler(c, payeur, annee, montant, jours)
        rang = (annee - self.ref) * 12
        for (payeur, mois), montant in verser.items():
            if montant > 0 and payeur in retardes:
                self._verser(c, payeur, self._indice(annee, mois), montant)
            elif montant:
                # `_verser` without a delay to look up (what most payments are): the same sums, in the same order
                indice = rang + mois - 1
                bas = int(indice // 1)
                part = indice - bas
                if part:
                    c[bas] += montant * (1 - part)
                    c[bas + 1] += montant * part
                else:
                    c[bas] += montant

    def calendrier(self, financeur: str, periode: Periode) -> tuple[tuple[float, float], ...]:
        """(part, mois) of a funder's payments: the project's calendar, else the usual one."""
        trouve = self._versements.get(financeur)
        if trouve is not None:
            return trouve
        cal = self._parametres(periode)
        return cal.fse if financeur == "fse" else cal.collectivites

    # -- one year --

    def _ouverture(self, annee: int, periode: Periode, comptes: dict[str, Comptes], total: Comptes) -> None:
        """The first year's payments, and those the three years before still owe or are owed at the opening.

        Without any delay choc, a year before is the first year moved back 12, 24 or 36 months: its
        calendar is computed once. A delay depends on the date, so then each year is scheduled on its own.
        """
        debut = self._indice(annee, 1)
        if self.retards:
            for avant in range(annee - ANNEES_AVANT, annee):
                self._exploitation(avant, periode, comptes, total)
            for i in [i for i in self.exploitation if i < debut]:
                del self.exploitation[i]  # paid before the opening: already in the opening cash
            self.bfr = sum(self.exploitation.values())
            self._exploitation(annee, periode, comptes, total)
            return
        calendrier: defaultdict[int, float] = defaultdict(float)
        self._exploitation(annee, periode, comptes, total, calendrier)
        bfr = 0.0
        for recul in range(12, 12 * ANNEES_AVANT + 1, 12):
            for i, montant in calendrier.items():
                if i - recul >= debut:
                    self.exploitation[i - recul] += montant
                    bfr += montant
        for i, montant in calendrier.items():
            self.exploitation[i] += montant
        self.bfr = bfr

    def annee(
        self,
        periode: Periode,
        comptes: dict[str, Comptes],
        total: Comptes,
        debut: float,
        investissements_nouveaux: float,
        subventions_accordees: float,
    ) -> FluxTresorerie:
        """Schedule the year's payments and return its cash plan (call the years in order)."""
        annee = periode.annee
        debut_annee = self._indice(annee, 1)
        if self.bfr is None:
            self._ouverture(annee, periode, comptes, total)
        else:
            self._exploitation(annee, periode, comptes, total)

        ctx = self.ctx
        h = self.hors_exploitation
        renouvellement = ctx.projet.tresorerie.renouvellement_annuel
        if renouvellement is None:
            renouvellement = ctx.projet.charges.amortissements
        renouvellement *= (1 + ctx.hyp.inflation_charges) ** (annee - self.ref)
        self._verser(h, "fournisseurs", debut_annee, -investissements_nouveaux)
        si = self.subventions_investissement
        for part, mois in self.calendrier("region", periode) if subventions_accordees else ():
            self._verser(si, "region", self._indice(annee, mois), subventions_accordees * part)
        emprunts = _emprunts(ctx, annee)
        nouveaux = sum(m for m, _, _ in emprunts)
        rembourse = sum(e.capital for _, e, _ in emprunts)
        self._verser(h, "banques", debut_annee, nouveaux)
        self._etaler(h, "", annee, -renouvellement - rembourse, 0)  # paid by twelfths, nobody to delay

        mois = range(debut_annee, debut_annee + 12)
        # the months of the year are paid: take them out, what stays is still to come
        pop_e, pop_h, pop_si = self.exploitation.pop, h.pop, si.pop
        recues = [pop_si(i, 0.0) for i in mois]
        subventions_recues = sum(recues)
        flux_du_mois = [pop_e(i, 0.0) + pop_h(i, 0.0) + r for i, r in zip(mois, recues, strict=True)]
        # each month-end balance is the previous one plus the month's flows
        mensuelle = list(accumulate(flux_du_mois, initial=debut))[1:]
        bfr = sum(self.exploitation.values())
        retardes = self.retardes.get(annee - self.ref, 0.0)
        variation_bfr = bfr - self.bfr
        self.bfr = bfr
        amortissements = total.charges.get("amortissements", 0.0)
        quote_part = total.produits.get("quote_part_subventions", 0.0)
        caf = total.resultat + amortissements - quote_part
        investissements = renouvellement + investissements_nouveaux
        # `fin` from the identity, equal to December's balance up to rounding: the months add the same flows
        fin = debut + caf - investissements + subventions_recues + nouveaux - rembourse - variation_bfr
        dettes = sum(e.restant_du for _, e, _ in emprunts)
        flux = FluxTresorerie(
            debut=debut,
            caf=caf,
            investissements=investissements,
            subventions_investissement=subventions_recues,
            emprunts_nouveaux=nouveaux,
            remboursements_emprunts=rembourse,
            variation_bfr=variation_bfr,
            fin=fin,
            mensuelle=mensuelle,
            bfr=bfr,
            dettes_financieres=dettes,
            versements_retardes=retardes,
        )
        flux.mensuelle[-1] = fin
        self._bilan(flux, total, investissements, subventions_accordees, amortissements, quote_part)
        return flux

    def _bilan(
        self,
        flux: FluxTresorerie,
        total: Comptes,
        investissements: float,
        subventions: float,
        amortissements: float,
        quote_part: float,
    ) -> None:
        if self.fonds_propres is not None:
            self.fonds_propres += total.resultat + subventions - quote_part
            flux.fonds_propres = self.fonds_propres
        if self.immobilisations is not None:
            self.immobilisations = max(0.0, self.immobilisations + investissements - amortissements)
            flux.immobilisations_nettes = self.immobilisations
        if self.fonds_propres is not None and self.immobilisations is not None:
            flux.frng = self.fonds_propres + flux.dettes_financieres - self.immobilisations
