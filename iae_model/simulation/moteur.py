"""The engine: a project's scenario, year by year, per conventionnement and consolidated (DESIGN §5).

Formulas (each year Y from `annee_reference` to `horizon`; "≤ Y" means chocs and leviers whose
`annee` is at most Y, applied in the order of the scenario chain):

ETP      etp_conventionnes = max(0, (annexe + Σ ajustements + transferts + ETP des nouvelles activités)
                             × Π(1 + taux des reduction_etp)); etp_realises = etp_conventionnes × taux_occupation
Aide     aide_au_poste = min(etp_realises, etp_conventionnes) × socle(type, Y) × (1 + min(part_modulee, 10 %))
         (0 from a `fin_aide_au_poste` choc)
         EITI: travailleurs × moyenne mensuelle de [montant max 1 505 h (≤ 2024) | 12 × 450 € × part_mois_1_9]
         split État / département: département = ETP réalisés RSA × 12 × 88 % × RSA(Y), at most the aide
Masse    masse_salariale_insertion = etp_realises × heures payées(type) × salaire_horaire(Y) × (1 + taux employeur)
CA       activity: CA_ref × (1 + evolution_ca)^(Y−ref) × Π(1 + croissance) × Π(1 − perte)
                   × (1 − part_liee_etp + part_liee_etp × ETP réalisés(Y) / ETP réalisés(ref));
         public share × Π(1 − perte_marches_publics); charges_variables = CA × taux
Charges  permanents × (1 + evolution_salaires_permanents)^(Y−ref); fonctionnement and formation
         × (1 + inflation)^(Y−ref), formation net of the OPCO share; amortissements + new investments / durée
Cash     tresorerie_fin = tresorerie_debut + resultat + amortissements − investissements + subventions d'investissement

Items shared by the structure (permanents, fixed costs, subsidies without a conventionnement) are
allocated to conventionnements pro rata their ETP réalisés (EITI: workers), so that the consolidated
figures are exactly the sum of the conventionnements.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from iae_model.formats import euros, nombre, pourcentage
from iae_model.parametres import Parametres, charger_parametres
from iae_model.projet.modele import Hypotheses, Projet
from iae_model.projet.scenarios import (
    AjustementEtp,
    AjustementPermanents,
    ChocIndexationSocle,
    ChocPartModulee,
    ChocPriseEnChargeFormation,
    ChocSmic,
    ChocTauxOccupation,
    CroissanceActivite,
    DerogationAci,
    FinAideAuPoste,
    MarchePublic,
    Mutualisation,
    NouveauFinancement,
    NouvelleActivite,
    OuvertureConventionnement,
    PerteActivite,
    PerteMarchesPublics,
    ReductionEtp,
    VariationFinancement,
)
from iae_model.simulation.conjoncture import Conjoncture, HypothesesAnnee, Provenance
from iae_model.simulation.resultat import (
    DETAIL_PRODUITS,
    LIGNES_CHARGES,
    LIGNES_PRODUITS,
    Alerte,
    Annee,
    Comptes,
    Resultat,
    ResultatScenario,
)

P_SMIC = "smic.horaire_brut"
P_RSA = "rsa.montant_forfaitaire"
P_COFIN = "aide_au_poste.cofinancement_departement_rsa"
P_PM_MAX = "aide_au_poste.part_modulee_max"
P_COTIS = "cotisations.taux_employeur_net_smic"
P_PLAFOND = "aci.plafond_recettes_commerciales"
P_PLAFOND_DEROG = "aci.plafond_recettes_commerciales_derogation"
P_SEUIL_OCC = "alertes.seuil_taux_occupation"
P_EITI_MAX = "aide_au_poste.eiti.montant_max_1505h"
P_EITI_FORFAIT = "aide_au_poste.eiti.forfait_mensuel_mois_1_9"


def p_socle(type_: str) -> str:
    return f"aide_au_poste.montant_socle.{type_.lower()}"


def p_heures_payees(type_: str) -> str:
    return f"etp.heures_payees.{type_.lower()}"


# --- the scenario, resolved ----------------------------------------------------------------------


@dataclass
class _Conv:
    type: str
    debut: int
    etp: float
    travailleurs: float
    taux_occupation: float
    part_modulee: float
    beneficiaires_rsa: float
    derogation: bool
    part_mois_1_9: float
    famille: str


@dataclass
class _Activite:
    nom: str
    conventionnement: str
    chiffre_affaires: float
    part_marches_publics: float
    taux_charges_variables: float
    part_liee_etp: float
    nouvelle: NouvelleActivite | None = None


@dataclass
class _Financement:
    financeur: str
    montant: float
    debut: int
    fin: int | None
    statut: str
    conventionnement: str | None


@dataclass
class Plan:
    """A scenario with its chain of bases flattened: the hypotheses and the list of chocs and leviers."""

    id: str
    libelle: str
    hypotheses: Hypotheses
    chocs: list = field(default_factory=list)
    leviers: list = field(default_factory=list)

    def items(self, *types: type) -> list:
        return [x for x in (*self.chocs, *self.leviers) if isinstance(x, types)]


def plan_du_scenario(projet: Projet, identifiant: str) -> Plan:
    chaine = projet.chaine(identifiant)
    hyp = projet.hypotheses
    chocs: list = []
    leviers: list = []
    for s in chaine:
        hyp = hyp.avec(s.hypotheses)
        chocs += s.chocs
        leviers += s.leviers
    s = chaine[-1]
    return Plan(s.id, s.libelle, hyp, chocs, leviers)


def _produit(facteurs: Iterable[float]) -> float:
    r = 1.0
    for f in facteurs:
        r *= f
    return r


def _dernier(items: Sequence, annee: int, defaut: float | str, attribut: str = "valeur") -> float | str:
    """Value of the latest item (by year, then file order) applying at `annee`."""
    valeur = defaut
    for x in sorted(items, key=lambda x: x.annee):
        if x.annee <= annee:
            valeur = getattr(x, attribut)
    return valeur


_CONJONCTURES: dict[tuple, tuple[Parametres, Conjoncture]] = {}
_CONJONCTURES_MAX = 256


def _conjoncture(parametres: Parametres, hyp: dict[int, HypothesesAnnee]) -> Conjoncture:
    """Parameter projections depend only on the parameters and the yearly hypotheses: share them.

    The cache holds official amounts and hypotheses only, never a structure's figures, so sharing it
    between the users of one server leaks nothing.
    """
    cle = (id(parametres), tuple(sorted(hyp.items())))
    trouve = _CONJONCTURES.get(cle)
    if trouve is not None and trouve[0] is parametres:
        return trouve[1]
    if len(_CONJONCTURES) >= _CONJONCTURES_MAX:
        _CONJONCTURES.clear()
    conj = Conjoncture(parametres, hyp)
    _CONJONCTURES[cle] = (parametres, conj)
    return conj


class _Provenances(Mapping[tuple[str, int], Provenance]):
    """Where each parameter used comes from, per year: computed only when a page or an export asks."""

    def __init__(self, conj: Conjoncture, utilises: set[tuple[str, int]]) -> None:
        self._conj = conj
        self._cles = sorted(utilises)

    def __getitem__(self, cle: tuple[str, int]) -> Provenance:
        if cle not in self._cles:
            raise KeyError(cle)
        return self._conj.provenance(*cle)

    def __iter__(self) -> Iterator[tuple[str, int]]:
        return iter(self._cles)

    def __len__(self) -> int:
        return len(self._cles)


# --- the engine ----------------------------------------------------------------------------------


def simuler(projet: Projet, scenarios: Sequence[str] | None = None, parametres: Parametres | None = None) -> Resultat:
    """Simulate the project's scenarios (all of them by default), in file order."""
    parametres = parametres or charger_parametres()
    ids = list(scenarios) if scenarios else [s.id for s in projet.scenarios]
    return Resultat(projet.structure.nom, [simuler_plan(projet, plan_du_scenario(projet, i), parametres) for i in ids])


def simuler_scenario(projet: Projet, identifiant: str, parametres: Parametres | None = None) -> ResultatScenario:
    return simuler_plan(projet, plan_du_scenario(projet, identifiant), parametres or charger_parametres())


def simuler_plan(projet: Projet, plan: Plan, parametres: Parametres | None = None) -> ResultatScenario:
    return _Simulation(projet, plan, parametres or charger_parametres()).executer()


class _Simulation:
    def __init__(self, projet: Projet, plan: Plan, parametres: Parametres) -> None:
        self.projet = projet
        self.plan = plan
        self.hyp = plan.hypotheses
        self.ref = projet.structure.annee_reference
        self.annees = list(range(self.ref, projet.hypotheses.horizon + 1))
        self.utilises: set[tuple[str, int]] = set()
        self.alertes: list[Alerte] = []

        chocs_index = plan.items(ChocIndexationSocle)
        chocs_smic = plan.items(ChocSmic)
        hyp_annees = {
            a: HypothesesAnnee(
                evolution_smic=self.hyp.evolution_smic,
                indexation_socle=_dernier(chocs_index, a, self.hyp.indexation_socle),
                inflation=self.hyp.inflation_charges,
                choc_smic=_produit(1 + c.taux for c in chocs_smic if c.annee == a) - 1,
            )
            for a in self.annees
        }
        self.conj = _conjoncture(parametres, hyp_annees)
        self._preparer()

    # -- preparation: what exists, from when --

    def _preparer(self) -> None:
        p = self.projet
        self.convs: dict[str, _Conv] = {}
        for c in p.conventionnements:
            self.convs[c.type] = _Conv(
                c.type,
                self.ref,
                c.etp_conventionnes or 0.0,
                c.travailleurs_accompagnes or 0.0,
                c.taux_occupation,
                c.part_modulee,
                c.beneficiaires_rsa,
                c.derogation_plafond,
                c.part_mois_1_9,
                c.type,
            )
        self.ouvertures = self.plan.items(OuvertureConventionnement)
        for o in self.ouvertures:
            famille = self.convs[o.depuis].famille if o.depuis in self.convs else o.conventionnement
            self.convs[o.conventionnement] = _Conv(
                o.conventionnement,
                o.annee,
                o.etp_conventionnes,
                o.travailleurs_accompagnes,
                o.taux_occupation,
                o.part_modulee,
                0.0,
                False,
                0.75,
                famille,
            )
        self.activites = [
            _Activite(
                a.nom,
                a.conventionnement,
                a.chiffre_affaires,
                a.part_marches_publics,
                a.taux_charges_variables,
                a.part_liee_etp,
            )
            for a in p.activites
        ]
        self.activites += [
            _Activite(
                n.nom,
                n.conventionnement,
                n.chiffre_affaires_cible,
                n.part_marches_publics,
                n.taux_charges_variables,
                0.0,
                n,
            )
            for n in self.plan.items(NouvelleActivite)
        ]
        self.financements = [
            _Financement(f.financeur, f.montant, f.debut, f.fin, f.statut, f.conventionnement) for f in p.financements
        ]
        self.financements += [
            _Financement(
                n.financeur,
                n.montant,
                n.annee,
                None if n.duree is None else n.annee + n.duree - 1,
                n.statut,
                n.conventionnement,
            )
            for n in self.plan.items(NouveauFinancement)
        ]
        self.reductions = self.plan.items(ReductionEtp)
        self.ajustements = self.plan.items(AjustementEtp)
        self.occupations = self.plan.items(ChocTauxOccupation)
        self.modulees = self.plan.items(ChocPartModulee)
        self.variations = self.plan.items(VariationFinancement)
        self.pertes = self.plan.items(PerteActivite)
        self.pertes_mp = self.plan.items(PerteMarchesPublics)
        self.croissances = self.plan.items(CroissanceActivite)
        self.marches = self.plan.items(MarchePublic)
        self.mutualisations = self.plan.items(Mutualisation)
        self.derogations = self.plan.items(DerogationAci)
        self.ajust_perm = self.plan.items(AjustementPermanents)
        self.pec_formation = self.plan.items(ChocPriseEnChargeFormation)
        self.nouvelles = self.plan.items(NouvelleActivite)
        self.fins_aide = self.plan.items(FinAideAuPoste)
        self.modeles_conv = {c.type: c for c in p.conventionnements}
        # turnover tied to ETP moves with the realised ETP as entered for the reference year
        self._etp_ratio_ref = {
            c.type: (c.travailleurs_accompagnes or 0.0)
            if c.type == "EITI"
            else (c.etp_conventionnes or 0.0) * c.taux_occupation
            for c in p.conventionnements
        }

    def _valeur(self, nom: str, annee: int) -> float:
        self.utilises.add((nom, annee))
        return self.conj.moyenne(nom, annee)

    def _conv_activite(self, nom: str, depart: str, annee: int) -> str:
        conv = depart
        for o in sorted(self.ouvertures, key=lambda o: o.annee):
            if o.annee <= annee and nom in o.transfert_activites:
                conv = o.conventionnement
        return conv

    # -- ETP --

    def _etp(self, c: _Conv, annee: int) -> tuple[float, float, float, float]:
        """(etp_conventionnes, etp_realises, etp réalisés hors nouvelles activités, travailleurs EITI)."""
        base = c.etp
        supp = sum(
            n.etp_supplementaires * n.montee_en_charge[min(annee - n.annee, len(n.montee_en_charge) - 1)]
            for n in self.nouvelles
            if n.conventionnement == c.type and n.annee <= annee
        )
        supp += sum(
            m.etp_supplementaires
            for m in self.marches
            if m.conventionnement == c.type and m.annee <= annee < m.annee + m.duree
        )
        deltas = sum(a.etp for a in self.ajustements if a.conventionnement == c.type and a.annee <= annee)
        for o in self.ouvertures:
            if o.annee <= annee:
                if o.conventionnement == c.type:
                    deltas += o.transfert_etp
                if o.depuis == c.type:
                    deltas -= o.transfert_etp
        mult = _produit(
            1 + r.taux for r in self.reductions if r.annee <= annee and r.conventionnement in (None, c.type)
        )
        occ = float(
            _dernier([o for o in self.occupations if o.conventionnement in (None, c.type)], annee, c.taux_occupation)
        )
        if c.type == "EITI":
            trav = max(0.0, (c.travailleurs + deltas) * mult)
            return 0.0, 0.0, 0.0, trav
        etp_conv = max(0.0, (base + deltas + supp) * mult)
        hors_supp = max(0.0, (base + deltas) * mult)
        return etp_conv, etp_conv * occ, hors_supp * occ, 0.0

    def _salaire_et_cotisations(self, type_: str, annee: int) -> tuple[float, float]:
        """Gross hourly wage and employer rate of the conventionnement (its own, or the structure's)."""
        modele = self.modeles_conv.get(type_)
        saisi = self.projet.charges.salaire_horaire_insertion
        if modele is not None and modele.salaire_horaire_insertion is not None:
            saisi = modele.salaire_horaire_insertion
        smic = self._valeur(P_SMIC, annee)
        salaire = smic if saisi == "smic" else float(saisi) * smic / self._valeur(P_SMIC, self.ref)
        taux = self.projet.charges.taux_cotisations_employeur
        if modele is not None and modele.taux_cotisations_employeur is not None:
            taux = modele.taux_cotisations_employeur
        if taux is None:
            taux = self._valeur(P_COTIS, annee)
        return salaire, taux

    def _aide_et_masse_salariale(self, c: _Conv, annee: int, k: Comptes, f_dept: float, effet_dept: str) -> float:
        """Fill the ETP, the aide au poste (split État / département) and the payroll of one conventionnement.

        Returns the realised ETP that the turnover tied to ETP follows (new activities' ETP excluded).
        """
        etp_conv, etp_real, etp_hors_supp, trav = self._etp(c, annee)
        arret = any(f.annee <= annee and f.conventionnement in (None, c.type) for f in self.fins_aide)
        dept = 0.0
        if c.type == "EITI":
            aide = 0.0 if arret else trav * self._aide_eiti(c, annee)
            k.travailleurs_accompagnes = trav
            etp_hors_supp = trav
        else:
            occ = etp_real / etp_conv if etp_conv else c.taux_occupation
            pm = float(
                _dernier([m for m in self.modulees if m.conventionnement in (None, c.type)], annee, c.part_modulee)
            )
            pm_max = self._valeur(P_PM_MAX, annee)
            if pm > pm_max + 1e-12:
                self._alerte(
                    "part_modulee_plafond",
                    annee,
                    c.type,
                    f"{c.type} : part modulée de {pourcentage(pm)} au-dessus du maximum de "
                    f"{pourcentage(pm_max, 0)} ; l'aide est calculée avec {pourcentage(pm_max, 0)}",
                )
            socle = self._valeur(p_socle(c.type), annee) * (1 + min(pm, pm_max))
            # the State pays the ETP of the annex at most: posts realised beyond it are not funded
            etp_aides = min(etp_real, etp_conv)
            if c.beneficiaires_rsa and c.type == "ACI" and not arret:
                unitaire = 12 * self._valeur(P_COFIN, annee) * self._valeur(P_RSA, annee)
                rsa_etp = etp_aides * c.beneficiaires_rsa
                if effet_dept == "postes_perdus" and f_dept < 1:
                    perdus = rsa_etp * (1 - f_dept)
                    etp_hors_supp -= perdus * (etp_hors_supp / etp_real if etp_real else 0)
                    etp_real -= perdus
                    etp_conv -= perdus / occ if occ else 0
                    etp_aides = min(etp_real, etp_conv)
                    rsa_etp *= f_dept
                aide = etp_aides * socle
                dept_base = min(rsa_etp * unitaire, aide)
                if effet_dept == "perte_seche" and f_dept < 1:
                    aide -= dept_base * (1 - f_dept)
                    dept = dept_base * f_dept
                else:
                    dept = min(dept_base * f_dept, aide)
            else:
                aide = 0.0 if arret else etp_aides * socle
            salaire, taux_employeur = self._salaire_et_cotisations(c.type, annee)
            heures = self._valeur(p_heures_payees(c.type), annee)
            k.charges["masse_salariale_insertion"] = etp_real * heures * salaire * (1 + taux_employeur)
            self._alertes_occupation(c.type, annee, occ, etp_conv)
        k.etp_conventionnes = etp_conv
        k.etp_realises = etp_real
        k.produits["aide_au_poste"] = aide
        k.produits["aide_au_poste_departement"] = dept
        k.produits["aide_au_poste_etat"] = aide - dept
        return etp_hors_supp

    def _alertes_occupation(self, type_: str, annee: int, occ: float, etp_conv: float) -> None:
        seuil = self._valeur(P_SEUIL_OCC, annee)
        if etp_conv > 0 and occ < seuil - 1e-12:
            self._alerte(
                "sous_occupation",
                annee,
                type_,
                f"{type_} : taux d'occupation de {pourcentage(occ)} sous le seuil de {pourcentage(seuil, 0)} ; "
                "l'ASP reprend l'aide des postes non occupés et l'annexe suivante risque d'être réduite",
            )
        elif etp_conv > 0 and occ > 1 + 1e-12:
            self._alerte(
                "sur_occupation",
                annee,
                type_,
                f"{type_} : ETP réalisés à {pourcentage(occ)} des ETP conventionnés ; l'aide au poste ne finance "
                "que les postes de l'annexe",
            )

    # -- one year --

    def _annee(self, annee: int, tresorerie_debut: float) -> Annee:
        hyp = self.hyp
        n = annee - self.ref
        infl = (1 + hyp.inflation_charges) ** n
        actifs = [c for c in self.convs.values() if c.debut <= annee]
        comptes: dict[str, Comptes] = {c.type: Comptes() for c in actifs}

        # ETP, aide au poste, payroll
        f_dept = _produit(1 + v.taux for v in self.variations if v.financeur == "departement" and v.annee <= annee)
        effet_dept = str(
            _dernier(
                [v for v in self.variations if v.financeur == "departement"],
                annee,
                "perte_seche",
                "effet_cofinancement_rsa",
            )
        )
        etp_ratio: dict[str, float] = {}
        for c in actifs:
            etp_ratio[c.type] = self._aide_et_masse_salariale(c, annee, comptes[c.type], f_dept, effet_dept)

        # allocation key for shared items
        poids = {c.type: comptes[c.type].etp_realises + comptes[c.type].travailleurs_accompagnes for c in actifs}
        total_poids = sum(poids.values())
        cle = {t: (w / total_poids if total_poids else 1 / len(actifs)) for t, w in poids.items()}

        def repartir(ligne: str, montant: float, conv: str | None = None, bloc: str = "charges") -> None:
            if conv is not None and conv in comptes:
                cible = getattr(comptes[conv], bloc)
                cible[ligne] = cible.get(ligne, 0.0) + montant
                return
            for t, part in cle.items():
                cible = getattr(comptes[t], bloc)
                cible[ligne] = cible.get(ligne, 0.0) + montant * part

        # turnover
        for a in self.activites:
            self._chiffre_affaires(a, annee, comptes, etp_ratio)
        for m in self.marches:
            if m.annee <= annee < m.annee + m.duree and m.conventionnement in comptes:
                perte = _produit(1 - p.taux for p in self.pertes_mp if p.annee <= annee and p.activite in (None, m.nom))
                ca = m.montant * perte
                self._ajouter_ca(comptes[m.conventionnement], ca, ca, m.taux_charges_variables)

        # subsidies
        non_retenues = 0.0
        for f in self.financements:
            if f.debut <= annee and (f.fin is None or annee <= f.fin):
                montant = f.montant * _produit(
                    1 + v.taux for v in self.variations if v.financeur == f.financeur and v.annee <= annee
                )
                if f.statut not in hyp.statuts_financements:
                    non_retenues += montant
                    continue
                repartir("subventions", montant, f.conventionnement, "produits")
                repartir(f.financeur, montant, f.conventionnement, "subventions_par_financeur")

        # permanents
        g_perm = hyp.evolution_salaires_permanents
        g_perm = hyp.inflation_charges if g_perm is None else g_perm
        groupes: dict[tuple[str, str | None], float] = {}
        for perm in self.projet.charges.permanents:
            cle_g = (perm.fonction, perm.conventionnement)
            groupes[cle_g] = groupes.get(cle_g, 0.0) + perm.etp * perm.cout_annuel_charge * (1 + g_perm) ** n
        for aj in self.ajust_perm:
            if aj.annee <= annee:
                cle_g = (aj.fonction, aj.conventionnement)
                cout = aj.cout_annuel_charge if aj.cout_annuel_charge is not None else self._cout_moyen(aj.fonction)
                groupes[cle_g] = groupes.get(cle_g, 0.0) + aj.etp * cout * (1 + g_perm) ** (annee - aj.annee)
        for (_, conv), montant in groupes.items():
            repartir("permanents", max(0.0, montant), conv)

        # fixed costs, training, depreciation, investments
        ch = self.projet.charges
        fonctionnement = ch.fonctionnement_fixe * infl
        for mu in self.mutualisations:
            if mu.annee <= annee:
                fonctionnement -= mu.economie_charges_fixes * (1 + hyp.inflation_charges) ** (annee - mu.annee)
            if mu.annee == annee:
                fonctionnement += mu.cout_mise_en_place
        repartir("fonctionnement", max(0.0, fonctionnement))
        pec = float(_dernier(self.pec_formation, annee, ch.formation.prise_en_charge))
        repartir("formation", ch.formation.montant * infl * (1 - pec))
        repartir("amortissements", ch.amortissements)
        investissements = 0.0
        subv_invest = 0.0
        for na in self.nouvelles:
            if na.annee <= annee and na.conventionnement in comptes:
                repartir(
                    "fonctionnement",
                    na.charges_fixes * (1 + hyp.inflation_charges) ** (annee - na.annee),
                    na.conventionnement,
                )
                if annee < na.annee + na.duree_amortissement:
                    repartir("amortissements", na.investissement / na.duree_amortissement, na.conventionnement)
            if na.annee == annee:
                investissements += na.investissement
                subv_invest += na.subvention_investissement

        total = Comptes()
        for k in comptes.values():
            for ligne in (*LIGNES_PRODUITS, *DETAIL_PRODUITS):
                k.produits.setdefault(ligne, 0.0)
            for ligne in LIGNES_CHARGES:
                k.charges.setdefault(ligne, 0.0)
            total.ajouter(k)
        tresorerie_fin = (
            tresorerie_debut + total.resultat + total.charges["amortissements"] - investissements + subv_invest
        )
        resultat = Annee(
            annee=annee,
            total=total,
            par_conventionnement=comptes,
            tresorerie_debut=tresorerie_debut,
            tresorerie_fin=tresorerie_fin,
            investissements=investissements,
            subventions_investissement=subv_invest,
            subventions_non_retenues=non_retenues,
            indicateurs={},
        )
        self._indicateurs(resultat)
        return resultat

    def _aide_eiti(self, c: _Conv, annee: int) -> float:
        """Aid per independent worker for the year: old regime (max for 1 505 h) or monthly flat rate."""
        self._valeur(P_EITI_MAX, annee)
        self._valeur(P_EITI_FORFAIT, annee)
        anciens = self.conj.mensuelles(P_EITI_MAX, annee)
        forfaits = self.conj.mensuelles(P_EITI_FORFAIT, annee)
        total = 0.0
        for ancien, forfait in zip(anciens, forfaits, strict=True):
            if forfait is not None:
                total += 12 * forfait * c.part_mois_1_9
            elif ancien is not None:
                total += ancien
        return total / 12

    def _cout_moyen(self, fonction: str) -> float:
        perms = [p for p in self.projet.charges.permanents if p.fonction == fonction and p.etp > 0]
        etp = sum(p.etp for p in perms)
        return sum(p.etp * p.cout_annuel_charge for p in perms) / etp if etp else 0.0

    @staticmethod
    def _ajouter_ca(k: Comptes, ca: float, public: float, taux_cv: float) -> None:
        k.produits["chiffre_affaires"] = k.produits.get("chiffre_affaires", 0.0) + ca
        k.produits["ca_marches_publics"] = k.produits.get("ca_marches_publics", 0.0) + public
        k.produits["ca_prive"] = k.produits.get("ca_prive", 0.0) + ca - public
        k.charges["charges_variables"] = k.charges.get("charges_variables", 0.0) + ca * taux_cv

    def _chiffre_affaires(
        self, a: _Activite, annee: int, comptes: dict[str, Comptes], etp_ratio: dict[str, float]
    ) -> None:
        conv = self._conv_activite(a.nom, a.conventionnement, annee)
        if conv not in comptes:
            return
        m = _produit(1 + c.taux for c in self.croissances if c.activite == a.nom and c.annee <= annee)
        m *= _produit(1 - p.taux for p in self.pertes if p.activite == a.nom and p.annee <= annee)
        if a.nouvelle is not None:
            na = a.nouvelle
            if annee < na.annee:
                return
            rang = min(annee - na.annee, len(na.montee_en_charge) - 1)
            ca = a.chiffre_affaires * na.montee_en_charge[rang] * m
        else:
            ca = a.chiffre_affaires * (1 + self.hyp.evolution_chiffre_affaires) ** (annee - self.ref) * m
            if a.part_liee_etp:
                famille = self.convs[a.conventionnement].famille
                membres = [t for t, c in self.convs.items() if c.famille == famille]
                ref = sum(self._etp_ratio_ref.get(t, 0.0) for t in membres)
                if ref > 0:
                    ratio = sum(etp_ratio.get(t, 0.0) for t in membres) / ref
                    ca *= 1 - a.part_liee_etp + a.part_liee_etp * ratio
        perte_mp = _produit(1 - p.taux for p in self.pertes_mp if p.annee <= annee and p.activite in (None, a.nom))
        public = ca * a.part_marches_publics * perte_mp
        ca = ca * (1 - a.part_marches_publics) + public
        self._ajouter_ca(comptes[conv], ca, public, a.taux_charges_variables)

    # -- indicators and alerts --

    def _alerte(self, code: str, annee: int, conv: str | None, message: str) -> None:
        self.alertes.append(Alerte(code, annee, message, conv))

    def _indicateurs(self, a: Annee) -> None:
        t = a.total
        produits = t.total_produits
        charges = t.total_charges
        ca = t.produits["chiffre_affaires"]
        cv = t.charges["charges_variables"]
        public = t.produits["aide_au_poste"] + t.produits["subventions"]
        decaissables = charges - t.charges["amortissements"]
        etp = t.etp_realises + t.travailleurs_accompagnes
        taux_cv = cv / ca if ca else 0.0
        ind: dict[str, float | None] = {
            "part_argent_public": public / produits if produits else None,
            "part_chiffre_affaires": ca / produits if produits else None,
            "part_marches_publics_ca": t.produits.get("ca_marches_publics", 0.0) / ca if ca else None,
            "cout_net_par_etp": (charges - ca) / etp if etp else None,
            "aide_par_etp": t.produits["aide_au_poste"] / etp if etp else None,
            "mois_tresorerie": a.tresorerie_fin / (decaissables / 12) if decaissables > 0 else None,
            "ca_point_mort": (charges - cv - public) / (1 - taux_cv) if taux_cv < 1 else None,
            "ratio_commercial_aci": None,
            "plafond_aci": None,
        }
        aci = a.par_conventionnement.get("ACI")
        if aci is not None:
            derog = self.convs["ACI"].derogation or any(d.annee <= a.annee for d in self.derogations)
            plafond = self._valeur(P_PLAFOND_DEROG if derog else P_PLAFOND, a.annee)
            ch_aci = aci.total_charges
            ratio = aci.produits.get("chiffre_affaires", 0.0) / ch_aci if ch_aci else None
            ind["ratio_commercial_aci"] = ratio
            ind["plafond_aci"] = plafond
            if ratio is not None and ratio >= plafond:
                self._alerte(
                    "plafond_aci",
                    a.annee,
                    "ACI",
                    f"ACI : recettes commerciales à {pourcentage(ratio)} des charges, au-delà du plafond de "
                    f"{pourcentage(plafond, 0)} (art. D.5132-34)"
                    + ("" if derog else " ; une dérogation préfectorale peut le porter à 50 %"),
                )
        a.indicateurs = ind
        if t.resultat < -0.005:
            self._alerte("deficit", a.annee, None, f"déficit de {euros(-t.resultat)}")
        if a.tresorerie_fin < -0.005:
            self._alerte(
                "tresorerie_negative", a.annee, None, f"trésorerie négative en fin d'année ({euros(a.tresorerie_fin)})"
            )
        elif decaissables > 0 and a.tresorerie_fin < decaissables / 12:
            self._alerte(
                "tresorerie_faible",
                a.annee,
                None,
                f"trésorerie de fin d'année ({euros(a.tresorerie_fin)}) inférieure à un mois de charges "
                f"({euros(decaissables / 12)}, soit {nombre(a.tresorerie_fin / (decaissables / 12), 1)} mois)",
            )

    def executer(self) -> ResultatScenario:
        annees: list[Annee] = []
        tresorerie = self.projet.structure.tresorerie_initiale
        for annee in self.annees:
            a = self._annee(annee, tresorerie)
            annees.append(a)
            tresorerie = a.tresorerie_fin
        return ResultatScenario(
            self.plan.id, self.plan.libelle, annees, self.alertes, _Provenances(self.conj, self.utilises)
        )
