"""« Depuis mes comptes » (a tab of Ma structure): the last compte de résultat typed or pasted, checked, then
filling the project. The rules are `iae_model.depuis_les_comptes`'; this module keeps what is typed in the
session (numbers as typed, French), draws the entry and carries out the filling with its undo.

What is typed here is kept in the session, not in the project file: the file keeps what the accounts filled.
The filling goes through the draft (`etat.remplacer`); the draft before it is kept so that « Annuler le
remplissage » gives it back as it was.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from iae_model import depuis_les_comptes as dc
from iae_model.formats import NombreIllisible, euros, lire_nombre, nombre_saisi
from iae_model.vocabulaire import FINANCEURS
from ui import etat
from ui.formats import texte_brut

ONGLET = "Depuis mes comptes"
"""The tab of Ma structure, offered first to a blank structure."""
PREFIXE = "comptes_"
CLE_AVANT = "comptes_brouillon_avant"
"""The draft before the last filling (the undo)."""
CLE_REMPLI = "comptes_rempli"
CLE_CALE = "comptes_cale"
"""What « Caler … sur mes comptes » changed, said under its button."""
CLE_COLLAGE = "comptes_collage"
CLE_COLLAGE_LU = "comptes_collage_lu"
CLE_VERSION_LISTES = "comptes_version_listes"
CLE_LISTES = "comptes_listes"
"""The CA and subsidy rows as last pasted or typed (rows of texts)."""
CLE_BASES = "comptes_bases"
"""The frame each table editor was built on (it must not change while the editor lives)."""
CLE_VALEURS = "comptes_valeurs"
"""The texts typed in the simple lines: a widget's state is dropped when its tab is closed, these are not."""
COL_ACTIVITE, COL_FINANCEUR, COL_MONTANT = "Activité", "Financeur", "Montant (€)"
CHAMPS_PRODUITS = ("aide_au_poste", "quote_part_subventions", "autres_produits")
CHAMPS_CHARGES = (
    "achats",
    "charges_externes",
    "impots_taxes",
    "salaires_insertion",
    "salaires_permanents",
    "etp_permanents",
    "dotations",
    "autres_charges",
)
CHAMPS_BILAN = tuple(dc.BILAN)
AIDES = {
    "aide_au_poste": "Calculée ensuite par le simulateur (ETP × montant socle) : la saisir sert à vérifier les comptes "
    "et à comparer.",
    "salaires_insertion": "Calculés ensuite par le simulateur (ETP × heures × SMIC ou salaire saisi × cotisations) : "
    "les saisir sert à vérifier les comptes et à comparer.",
    "charges_externes": "Comptes 61 et 62 : loyers, sous-traitance, assurances, honoraires, déplacements…",
    "achats": "Achats consommés (compte 60) : ils deviennent le taux de charges variables des activités.",
    "salaires_permanents": "Salaires bruts et charges sociales des permanents (encadrement, accompagnement, "
    "direction, administration).",
    "resultat": "Le résultat tel qu'il est imprimé dans les comptes (négatif pour une perte, par exemple −12 000).",
    "tresorerie": "Disponibilités au 1er janvier de l'année des comptes (négative si découvert).",
}


def cle(ligne: str) -> str:
    return f"{PREFIXE}{ligne}"


def _lire(texte: Any) -> tuple[float | None, str | None]:
    """(value, None), (None, None) when empty, or (None, French message) when the text is not a number."""
    if texte is None or (isinstance(texte, float) and texte != texte) or not str(texte).strip():
        return None, None
    try:
        return lire_nombre(str(texte)), None
    except NombreIllisible as exc:
        return None, str(exc)


def _listes() -> dict[str, list[list[str]]]:
    return st.session_state.setdefault(CLE_LISTES, {"chiffre_affaires": [], "subventions": []})


def _lignes_du_tableau(tableau: pd.DataFrame | None, nom: str, financeurs: bool) -> list[dc.LigneMontant]:
    """The table's rows with an amount; a funder's label read back to its code."""
    code_de = {v: k for k, v in FINANCEURS.items()}
    lignes = []
    erreurs = st.session_state.setdefault(f"{PREFIXE}erreurs_listes", {})
    erreurs[nom] = []
    if tableau is None:
        return []
    for _, rangee in tableau.iterrows():
        etiquette = rangee.get(COL_FINANCEUR if financeurs else COL_ACTIVITE)
        valeur, erreur = _lire(rangee.get(COL_MONTANT))
        if erreur:
            erreurs[nom].append(erreur)
        if valeur is None:
            continue
        if financeurs:
            code = code_de.get(str(etiquette), "autre") if isinstance(etiquette, str) else "autre"
            lignes.append(dc.LigneMontant(code, valeur))
        else:
            texte = str(etiquette).strip() if isinstance(etiquette, str) else ""
            lignes.append(dc.LigneMontant(texte or f"Activité {len(lignes) + 1}", valeur))
    return lignes


def _valeurs() -> dict[str, str]:
    return st.session_state.setdefault(CLE_VALEURS, {})


def comptes_saisis(annee: int, ca: list[dc.LigneMontant], subventions: list[dc.LigneMontant]) -> dc.Comptes:
    valeurs: dict[str, Any] = {}
    for ligne in (*CHAMPS_PRODUITS, *CHAMPS_CHARGES, *CHAMPS_BILAN, "resultat"):
        valeur, _ = _lire(_valeurs().get(ligne))
        if valeur is not None:
            valeurs[ligne] = valeur
    valeurs["chiffre_affaires"] = tuple(ca)
    valeurs["subventions"] = dc.subventions_par_financeur(subventions)
    return dc.depuis_dict(valeurs, annee)


def erreurs_de_saisie() -> list[str]:
    """The typed texts that are not numbers, named by their line."""
    dites = []
    for ligne in (*CHAMPS_PRODUITS, *CHAMPS_CHARGES, *CHAMPS_BILAN, "resultat"):
        _, erreur = _lire(_valeurs().get(ligne))
        if erreur:
            dites.append(f"{dc.LIBELLES[ligne]} : {erreur}")
    for nom, liste in st.session_state.get(f"{PREFIXE}erreurs_listes", {}).items():
        dites += [f"{dc.LIBELLES[nom]} : {e}" for e in liste]
    return dites


# -- paste --


def lire_le_collage() -> None:
    """The paste written into the fields (callback: before the widgets are drawn)."""
    collage = dc.lire_collage(st.session_state.get(CLE_COLLAGE) or "")
    for ligne, valeur in collage.valeurs.items():
        _valeurs()[ligne] = st.session_state[cle(ligne)] = nombre_saisi(valeur, 2)
    listes = _listes()
    if collage.chiffre_affaires:
        listes["chiffre_affaires"] = [[x.nom, nombre_saisi(x.montant, 2)] for x in collage.chiffre_affaires]
    if collage.subventions:
        listes["subventions"] = [
            [FINANCEURS[x.nom], nombre_saisi(x.montant, 2)] for x in dc.subventions_par_financeur(collage.subventions)
        ]
    st.session_state[CLE_VERSION_LISTES] = st.session_state.get(CLE_VERSION_LISTES, 0) + 1
    reconnues = len(collage.valeurs) + len(collage.chiffre_affaires) + len(collage.subventions)
    st.session_state[CLE_COLLAGE_LU] = (reconnues, collage.non_reconnues)


# -- fill and undo --


def remplir(comptes: dc.Comptes) -> None:
    avant = etat.brouillon()
    st.session_state[CLE_AVANT] = avant
    etat.remplacer(dc.remplir(avant or {}, comptes))
    st.session_state[CLE_REMPLI] = True


def caler(comptes: dc.Comptes) -> None:
    """Set the wage and the occupation on the accounts (undone like the filling)."""
    avant = etat.brouillon()
    st.session_state.setdefault(CLE_AVANT, avant)
    cale, phrases = dc.caler(avant or {}, comptes)
    etat.remplacer(cale)
    st.session_state[CLE_CALE] = phrases


def annuler() -> None:
    st.session_state.pop(CLE_CALE, None)
    avant = st.session_state.pop(CLE_AVANT, None)
    if avant is not None:
        etat.remplacer(avant)
    st.session_state.pop(CLE_REMPLI, None)


# -- drawing --


def _champ(ligne: str) -> None:
    unite = "" if ligne == "etp_permanents" else " (€)"
    if cle(ligne) not in st.session_state:
        st.session_state[cle(ligne)] = _valeurs().get(ligne, "")
    st.text_input(dc.LIBELLES[ligne] + unite, key=cle(ligne), help=AIDES.get(ligne), max_chars=40)
    _valeurs()[ligne] = st.session_state[cle(ligne)]
    _, erreur = _lire(_valeurs()[ligne])
    if erreur:
        st.error(texte_brut(erreur), icon=":material/error:")


def _texte(x: Any) -> str:
    return "" if x is None or (isinstance(x, float) and x != x) else str(x)


def _tableau(nom: str, financeurs: bool) -> list[dc.LigneMontant]:
    colonne = COL_FINANCEUR if financeurs else COL_ACTIVITE
    cle_editeur = f"{PREFIXE}{nom}_v{st.session_state.get(CLE_VERSION_LISTES, 0)}"
    bases = st.session_state.setdefault(CLE_BASES, {})
    if cle_editeur not in st.session_state or cle_editeur not in bases:
        # a new editor (or one whose state was dropped with its tab): built on the rows last seen
        bases[cle_editeur] = pd.DataFrame(_listes()[nom] or [], columns=[colonne, COL_MONTANT], dtype="object")
    base = bases[cle_editeur]
    if financeurs:
        premiere = st.column_config.SelectboxColumn(
            colonne, options=list(FINANCEURS.values()), required=True, default=FINANCEURS["autre"]
        )
    else:
        premiere = st.column_config.TextColumn(colonne, required=True)
    sortie = st.data_editor(
        base,
        key=cle_editeur,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        placeholder="—",
        column_config={colonne: premiere, COL_MONTANT: st.column_config.TextColumn(COL_MONTANT)},
    )
    _listes()[nom] = [[_texte(x) for x in rangee] for rangee in sortie.itertuples(index=False)]
    return _lignes_du_tableau(sortie, nom, financeurs)


def dessiner(annee: int) -> None:
    """The tab: paste, the DAF lines, the live self-check, the filling and the comparison."""
    st.caption(
        f"Saisissez le dernier compte de résultat (ou le budget) de l'année de référence, {annee}, dans les "
        "lignes de votre expert-comptable, ou collez-les depuis un tableur. Les comptes se vérifient seuls "
        "(produits − charges = résultat) ; le bouton remplit ensuite le projet. Montants à la française : "
        "38 000 ; 1 234,56."
    )
    with st.expander("Coller depuis un tableur (Excel, LibreOffice)", expanded=not st.session_state.get(CLE_REMPLI)):
        st.text_area(
            "Lignes copiées : un libellé et un montant par ligne",
            key=CLE_COLLAGE,
            height=140,
            placeholder="Ventes espaces verts\t300 000\nAide au poste\t186 256\nAutres achats et charges externes"
            "\t90 000\n…",
            help="Copiez deux colonnes (libellé, montant) de votre tableur et collez-les ici. Un numéro de compte "
            "devant le libellé est permis. Chaque ligne de chiffre d'affaires devient une activité ; les "
            "subventions sont rangées par financeur d'après leur libellé (Région, Département, FSE…).",
        )
        st.button("Lire le collage", key=f"{PREFIXE}lire_collage", on_click=lire_le_collage)
        lu = st.session_state.get(CLE_COLLAGE_LU)
        if lu is not None:
            reconnues, non_reconnues = lu
            st.success(f"{reconnues} ligne(s) reconnue(s) et recopiée(s) ci-dessous.", icon=":material/check:")
            if non_reconnues:
                st.warning(
                    "Lignes non reconnues, à saisir à la main si elles comptent :\n\n"
                    + "\n".join(f"- {texte_brut(x)}" for x in non_reconnues),
                    icon=":material/help:",
                )
    col_produits, col_charges = st.columns(2)
    with col_produits:
        st.markdown("**Produits**")
        st.caption("Chiffre d'affaires par activité")
        ca = _tableau("chiffre_affaires", financeurs=False)
        _champ("aide_au_poste")
        st.caption("Subventions d'exploitation par financeur (hors aide au poste)")
        subventions = _tableau("subventions", financeurs=True)
        for ligne in ("quote_part_subventions", "autres_produits"):
            _champ(ligne)
    with col_charges:
        st.markdown("**Charges**")
        for ligne in CHAMPS_CHARGES:
            _champ(ligne)
    col_resultat, col_bilan = st.columns(2)
    with col_resultat:
        st.markdown("**Résultat de l'exercice**")
        _champ("resultat")
    with col_bilan:
        st.markdown("**Bilan d'ouverture** (facultatif)")
        for ligne in CHAMPS_BILAN:
            _champ(ligne)
    comptes = comptes_saisis(annee, ca, subventions)
    _verification(comptes)


def _verification(comptes: dc.Comptes) -> None:
    erreurs = erreurs_de_saisie()
    message = dc.verification(comptes)
    vide = not comptes.total_produits and not comptes.total_charges
    if erreurs:
        st.error("À corriger avant de remplir le projet :\n\n" + "\n".join(f"- {texte_brut(e)}" for e in erreurs))
    elif vide:
        st.info("Saisissez ou collez les lignes de vos comptes.", icon=":material/edit_note:")
    elif message:
        st.error(texte_brut(message), icon=":material/rule:")
    else:
        st.success(
            texte_brut(
                f"Les comptes se vérifient : produits {euros(comptes.total_produits)} − charges "
                f"{euros(comptes.total_charges)} = résultat {euros(comptes.resultat)}."
            ),
            icon=":material/check:",
        )
    brouillon = etat.brouillon() or {}
    pret = not (erreurs or message or vide)
    deja = pret and etat.nettoyer(dc.remplir(brouillon, comptes)) == etat.nettoyer(brouillon)
    remplace = dc.remplacements(brouillon, comptes) if pret and not deja else []
    if deja:
        st.caption("Le projet est rempli depuis ces comptes.")
    if remplace:
        st.warning(
            "Remplir le projet remplacera :\n\n"
            + "\n".join(f"- {texte_brut(x)}" for x in remplace)
            + "\n\n« Annuler le remplissage » rendra le projet tel qu'il était.",
            icon=":material/swap_horiz:",
        )
    col1, col2 = st.columns(2)
    col1.button(
        "Remplir le projet depuis ces comptes",
        key=f"{PREFIXE}remplir",
        type="primary",
        on_click=remplir,
        args=(comptes,),
        disabled=bool(erreurs or message or vide),
        width="stretch",
    )
    col2.button(
        "Annuler le remplissage",
        key=f"{PREFIXE}annuler",
        on_click=annuler,
        disabled=CLE_AVANT not in st.session_state,
        help="Rend le projet tel qu'il était avant le dernier remplissage.",
        width="stretch",
    )
    if st.session_state.get(CLE_REMPLI):
        _comparaison(brouillon, comptes)


def _comparaison(brouillon: dict[str, Any], comptes: dc.Comptes) -> None:
    ecarts = dc.comparer(brouillon, comptes)
    if ecarts is None:
        st.warning("Le projet a des saisies à corriger : la comparaison avec les comptes attend une version valide.")
        return
    st.markdown(f"**Le simulateur et vos comptes, {comptes.annee}**")
    tableau = pd.DataFrame(
        [
            {
                "Ligne": e.ligne,
                "Vos comptes": euros(e.comptes),
                "Simulateur": euros(e.moteur),
                "Écart": "—" if e.egal else euros(e.ecart),
            }
            for e in ecarts
        ]
    )
    st.dataframe(tableau, hide_index=True, width="stretch", height=35 * (len(tableau) + 1) + 3)
    resultat = ecarts[-1]
    if resultat.egal:
        st.success(
            texte_brut(
                f"Le résultat {comptes.annee} du simulateur est celui de vos comptes : {euros(resultat.moteur)}."
            ),
            icon=":material/check:",
        )
    else:
        st.info(
            texte_brut(
                f"Le résultat {comptes.annee} du simulateur, {euros(resultat.moteur)}, diffère de vos comptes "
                f"({euros(resultat.comptes)}) de {euros(resultat.ecart)}, à cause des lignes que le simulateur "
                "calcule lui-même :"
            ),
            icon=":material/info:",
        )
        st.button(
            "Caler le salaire et le taux d'occupation sur mes comptes",
            key=f"{PREFIXE}caler",
            on_click=caler,
            args=(comptes,),
            help="Le simulateur cherche le salaire horaire (réduction générale perdue comprise) et le taux "
            "d'occupation qui redonnent vos salaires d'insertion et votre aide au poste, puis recale les charges "
            "fixes. « Annuler le remplissage » revient en arrière.",
        )
    for phrase in st.session_state.get(CLE_CALE) or ():
        st.caption(texte_brut(phrase))
    for e in ecarts[:-1]:
        if e.explication:
            st.markdown(f"- **{texte_brut(e.ligne)}** : {texte_brut(e.explication)}")
