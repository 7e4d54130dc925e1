"""The exports read back: the PDF's text (pypdf), the workbook's cells (openpyxl), the Markdown.

Every figure checked here is the engine's, formatted with `iae_model.formats` (PDF, Markdown) or kept
as a number (workbook). fpdf2 writes the no-break space U+00A0 of wrapped text as a plain space, so
the PDF's text is compared with U+00A0 turned into a space; the narrow no-break space U+202F (the
thousands separator) is kept and checked as such.
"""

from __future__ import annotations

import ast
import datetime as dt
import functools
import io
import re
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from iae_model import graphiques
from iae_model.exemples import charger_exemple, lister_exemples
from iae_model.exports import (
    ScenarioInconnu,
    descriptions,
    ecrire_markdown,
    ecrire_pdf,
    ecrire_xlsx,
    exporter_markdown,
    exporter_pdf,
    exporter_xlsx,
    exporter_yaml,
    nom_de_fichier,
    nombre_de_pages,
    preparer,
)
from iae_model.exports.pdf import POLICES
from iae_model.exports.synthese import CHIFFRES_CLES, chiffre
from iae_model.exports.xlsx import FORMAT_EUROS
from iae_model.formats import euros
from iae_model.guide import ContenuGuide, charger_contenu
from iae_model.projet import Projet, lire_projet
from iae_model.projet.modele import ActionGuide, Guide, ReponseGuide
from iae_model.simulation import simuler
from iae_model.simulation.resultat import resultat_arrondi

RACINE = Path(__file__).resolve().parent.parent
PLUS_GRAND = "ensemblier_aci_ei.yaml"
DATE = dt.date(2026, 3, 17)
FEUILLES = {"Hypothèses", "Résultats", "Comparaison", "Trésorerie mensuelle", "Alertes", "Guide", "Paramètres"}
PAGES_MAX = 10
"""The board's page, then four scenarios, each with its cash plan, its charts (the monthly cash among them) and
its bridge, and the sources of the payroll parameters: 10 pages for the largest examples (the README says the
examples' real range, `test_le_readme_dit_le_nombre_de_pages_des_exemples`)."""

SECTION_GUIDE = """\
id: essai
titre: Section d'essai du guide
introduction: Une section courte pour vérifier l'export du guide.
questions:
  - id: essai.premiere
    question: Avons-nous chiffré l'effet d'une baisse des postes sur notre trésorerie ?
    pourquoi: Pour savoir combien de temps la structure tient sans mesure correctrice.
    types: tous
    sources: ["dreets_hdf_2025"]
  - id: essai.seconde
    question: Nos financeurs connaissent-ils le scénario de l'État retenu pour 2026 ?
    pourquoi: Pour préparer le dialogue de gestion et les conventions pluriannuelles.
    types: tous
    sources: ["conference_hdf_2017"]
"""


def texte_pdf(contenu: bytes) -> tuple[str, int]:
    """All pages' text with U+00A0 and line breaks turned into single spaces (U+202F kept)."""
    pages = pages_pdf(contenu)
    return " ".join(pages), len(pages)


def pages_pdf(contenu: bytes) -> list[str]:
    """Each page's text, spaces as in `texte_pdf`."""
    return [re.sub(r"[ \n\xa0]+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(contenu)).pages]


@functools.cache
def pdf_exemple(fichier: str) -> bytes:
    """An example's PDF, built once for the tests that read it."""
    return exporter_pdf(charger_exemple(fichier), date=DATE)


def en_texte_pdf(valeur: str) -> str:
    return valeur.replace("\xa0", " ")


def guide_essai(tmp_path: Path) -> ContenuGuide:
    dossier = tmp_path / "guide"
    dossier.mkdir()
    (dossier / "01_essai.yaml").write_text(SECTION_GUIDE, encoding="utf-8")
    return charger_contenu(dossier)


def avec_reponses(projet: Projet) -> Projet:
    guide = Guide(
        reponses={
            "essai.premiere": ReponseGuide(reponse="non", note="À faire avant le conseil de juin"),
            "essai.seconde": ReponseGuide(reponse="oui"),
            "ancienne.question": ReponseGuide(reponse="en_partie", note="Réponse gardée"),
        },
        plan_action={
            "essai.premiere": ActionGuide(
                action="Simuler la coupe avec le trésorier",
                responsable="Directrice",
                echeance="juin 2026",
                statut="en_cours",
            ),
        },
    )
    return projet.model_copy(update={"guide": guide})


def renomme(projet: Projet, nom: str) -> Projet:
    return projet.model_copy(update={"structure": projet.structure.model_copy(update={"nom": nom})})


@pytest.fixture(scope="module")
def ensemblier() -> Projet:
    return charger_exemple(PLUS_GRAND)


@pytest.fixture(scope="module")
def synthese(ensemblier):
    return preparer(ensemblier, date=DATE, guide=ContenuGuide(()))


@pytest.fixture(scope="module")
def pdf(synthese) -> bytes:
    return ecrire_pdf(synthese)


@pytest.fixture(scope="module")
def classeur(synthese) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(ecrire_xlsx(synthese)))


@pytest.fixture(scope="module")
def markdown(synthese) -> str:
    return ecrire_markdown(synthese)


# --- PDF ------------------------------------------------------------------------------------------


def test_le_pdf_se_relit_avec_la_structure_les_scenarios_et_les_chiffres_du_moteur(ensemblier, pdf):
    assert pdf.startswith(b"%PDF-")
    texte, pages = texte_pdf(pdf)
    assert 2 <= pages <= PAGES_MAX
    assert ensemblier.structure.nom in texte
    resultat = simuler(ensemblier)
    for rs in resultat.scenarios:
        assert rs.libelle in texte
        for annee in (rs.annees[0], rs.annees[-1]):
            assert en_texte_pdf(euros(resultat_arrondi(annee.total))) in texte
            assert en_texte_pdf(euros(annee.tresorerie_fin)) in texte
            assert en_texte_pdf(euros(annee.tresorerie.point_bas)) in texte
            assert en_texte_pdf(euros(annee.tresorerie.caf)) in texte
    reference = resultat.scenario("reference").annees[0]
    attendu = euros(resultat_arrondi(reference.total))
    assert "\u202f" in attendu and en_texte_pdf(attendu) in texte  # thousands separator kept
    for mot in (
        "Synthèse",
        "Hypothèses",
        "Trésorerie de fin d'année",
        "Capacité d'autofinancement (CAF)",
        "Point bas de trésorerie (fin de mois)",
        "Mois du point bas",
        "Réduction des ETP conventionnés",
        "€",
        "Chiffres clés",
        "Alertes",
        "Effort de retour à l'équilibre",
        "D'où viennent les paramètres",
        "établie le 17/03/2026",
        "v0.1.0",
        "Socle ACI",
        "Légumerie pour la restauration collective",
    ):
        assert mot in texte, mot


def test_le_pdf_garde_les_caracteres_francais_du_nom(ensemblier):
    nom = "Chantier « Cœur d’Été » — Œuvres de l’Aa, 12\u202f000 € (NBSP\u00a0ok)"
    contenu = exporter_pdf(renomme(ensemblier, nom), ["reference"], guide=ContenuGuide(()))
    texte, pages = texte_pdf(contenu)
    assert en_texte_pdf(nom) in texte
    assert 2 <= pages <= PAGES_MAX
    assert PdfReader(io.BytesIO(contenu)).metadata.title == f"Synthèse — {nom}"


def test_le_pdf_dessine_les_graphiques_de_chaque_scenario_en_vectoriel(synthese, pdf):
    """The charts are SVG drawn as paths and text in the embedded DejaVu Sans (no raster image, no core font
    fallback that would lose €, œ or the thousands separator)."""
    lecteur = PdfReader(io.BytesIO(pdf))
    assert sum(len(page.images) for page in lecteur.pages) == 0
    texte, _ = texte_pdf(pdf)
    n = len(synthese.scenarios)
    assert texte.count("Produits par origine") == n
    assert texte.count("Résultat et trésorerie de fin d'année") == n
    assert texte.count("Trésorerie à chaque fin de mois") == n
    assert texte.count("ce que coûte chaque choc, ce que rapporte chaque levier") == len(synthese.ponts) == n - 1
    assert "Quote-part des subventions d'investissement" in texte  # the revenue legend, whole on its column
    assert "1\u202f000\u202f000\xa0€".replace("\xa0", " ") in texte  # the axes in the French number format
    polices = set()
    for page in lecteur.pages:
        for police in (page["/Resources"].get("/Font") or {}).values():
            polices.add(str(police.get_object()["/BaseFont"]))
    assert polices and all("DejaVuSans" in p for p in polices), polices


def test_l_export_dit_chaque_etape(ensemblier):
    etapes: list[tuple[float, str]] = []
    exporter_pdf(
        ensemblier,
        ["reference", "parcours_integre"],
        guide=ContenuGuide(()),
        progression=lambda p, e: etapes.append((p, e)),
    )
    parts = [p for p, _ in etapes]
    assert parts == sorted(parts) and parts[0] == 0.0 and parts[-1] >= 0.95
    assert etapes[0][1] == "Simulation des scénarios"
    assert any(e.startswith("Graphiques de « Réponse – ETP redéployés") for _, e in etapes)


def test_un_libelle_piege_s_affiche_tel_quel_dans_les_graphiques(ensemblier):
    """User text reaches the charts' SVG (the bridge names the scenario): shown as typed, never markup."""
    libelle = 'A<text font-family="x"> & ]]> "q"'
    scenario = ensemblier.scenario("parcours_integre").model_copy(update={"libelle": libelle})
    scenarios = [scenario if s.id == scenario.id else s for s in ensemblier.scenarios]
    projet = ensemblier.model_copy(update={"scenarios": scenarios})
    texte, _ = texte_pdf(exporter_pdf(projet, ["reference", "parcours_integre"], guide=ContenuGuide(())))
    assert f"Arrivée : {libelle}" in texte  # the bridge's last row, in the chart


def test_le_pdf_ne_montre_que_les_scenarios_demandes(ensemblier):
    texte, _ = texte_pdf(exporter_pdf(ensemblier, ["reference", "parcours_integre"], guide=ContenuGuide(())))
    assert ensemblier.scenario("parcours_integre").libelle in texte
    assert ensemblier.scenario("ouverture_etti").libelle not in texte


def test_un_scenario_inconnu_est_refuse_en_francais(ensemblier):
    with pytest.raises(ScenarioInconnu, match="Scénario inconnu : absent"):
        exporter_pdf(ensemblier, ["reference", "absent"])
    with pytest.raises(ScenarioInconnu):
        exporter_markdown(ensemblier, ["absent"])


def test_le_guide_absent_est_omis_et_present_il_donne_avancement_et_plan(ensemblier, tmp_path, pdf):
    texte_sans, _ = texte_pdf(pdf)
    assert "Plan d'action" not in texte_sans
    projet = avec_reponses(ensemblier)
    contenu = guide_essai(tmp_path)
    texte, pages = texte_pdf(exporter_pdf(projet, ["reference"], guide=contenu, date=DATE))
    assert 2 <= pages <= PAGES_MAX
    for attendu in (
        "Plan d'action",
        "Section d'essai du guide",
        "Réponses : 2 sur 2 questions",
        "préparation 50 %",
        "Simuler la coupe avec le trésorier",
        "Directrice",
        "juin 2026",
        "En cours",
        "À faire avant le conseil de juin",
    ):
        assert attendu in texte, attendu
    md = exporter_markdown(projet, ["reference"], guide=contenu)
    assert "### Plan d'action" in md and "Simuler la coupe avec le trésorier" in md
    sans_reponse = exporter_markdown(ensemblier.model_copy(update={"guide": Guide()}), ["reference"], guide=contenu)
    assert "Plan d'action" not in sans_reponse  # a guide nobody has opened yet is left out


@pytest.mark.parametrize("fichier", [e.fichier for e in lister_exemples()])
def test_le_pdf_de_chaque_exemple_se_construit_et_se_relit(fichier):
    projet = charger_exemple(fichier)
    contenu = pdf_exemple(fichier)
    texte, pages = texte_pdf(contenu)
    assert 2 <= pages <= PAGES_MAX, pages
    assert nombre_de_pages(contenu) == pages  # what the CLI and the Exporter page say
    assert 20_000 < len(contenu) < 200_000  # fonts subset, charts as vectors (PNG charts made it 0,4 to 0,6 Mo)
    assert projet.structure.nom in texte
    premiere = simuler(projet, [projet.scenarios[0].id]).scenarios[0].annees[0]
    assert en_texte_pdf(euros(resultat_arrondi(premiere.total))) in texte
    for s in projet.scenarios:
        assert s.libelle in texte
    page_1, page_2 = pages_pdf(contenu)[:2]
    assert "Ce qu'il faut décider" in page_1 and f"Le détail suit, pages 2 à {pages} :" in page_1
    assert page_2.startswith("La structure")  # the board's page holds on one page
    for s in projet.scenarios:  # no raw identifier on the board's page
        assert not re.search(rf"\b{re.escape(s.id)}\b", page_1), s.id


def test_la_page_du_conseil_pose_la_question_et_dit_quoi_decider(ensemblier):
    contenu = exporter_pdf(ensemblier, guide=ContenuGuide(()), date=DATE)
    page = pages_pdf(contenu)[0]
    resultat = simuler(ensemblier)
    etat = ensemblier.scenario("lfi_2026_departement")
    for attendu in (
        "Synthèse pour le conseil d'administration",
        ensemblier.structure.nom,
        "établie le 17/03/2026",
        f"Si l'hypothèse « {etat.libelle} » se réalise, la structure peut-elle garder une trésorerie positive à "
        "chaque fin de mois jusqu'en 2030",
        "L'hypothèse sur l'État et les financeurs",
        *[f"Choc : {c.titre()}" for c in etat.chocs],
        "Les réponses étudiées",
        *[
            f"Levier : {x.titre()}"
            for s in ("parcours_integre", "ouverture_etti")
            for x in ensemblier.scenario(s).leviers
        ],
        "Les chiffres à l'horizon 2030",
        "Ce qu'il faut décider",
        # the answer that keeps the cash highest still dips below zero: the page says so, and by how much
        "Aucune réponse étudiée ne suffit : avec « Réponse – ETP redéployés vers l'EI et conserverie », la "
        "trésorerie devient négative fin novembre 2027.",
        f"Sans réponse, sous l'hypothèse « {etat.libelle} », la trésorerie devient négative fin septembre 2027",
    ):
        assert en_texte_pdf(attendu) in page, attendu
    efforts = preparer(ensemblier, date=DATE, guide=ContenuGuide(())).efforts
    for rs in resultat.scenarios:
        bas = min(rs.annees, key=lambda a: a.tresorerie.point_bas)
        assert en_texte_pdf(euros(bas.tresorerie.point_bas)) in page, rs.id
        assert en_texte_pdf(euros(rs.annees[-1].tresorerie_fin)) in page, rs.id
        marge = efforts[rs.id].tresorerie.montant_annuel
        assert en_texte_pdf(euros(marge)) in page, rs.id
    assert "fin nov. 2030" in page and "fin sept. 2027" in page


def test_la_page_du_conseil_tient_sur_une_page_au_pire(ensemblier):
    """Names at their 200-character limit, a State hypothesis of 30 chocs, six answers of 10 levers, eight
    scenarios: the board's page caps its lists and still ends on page 1."""
    from iae_model.exports.conseil import LIMITES, page_du_conseil
    from iae_model.exports.pdf import Document, _page_conseil, conseil_sur_une_page

    long = "Très long libellé de scénario, avec des mots qui s'enchaînent pour remplir la ligne " * 3
    etat = ensemblier.scenario("lfi_2026_departement")
    reponse = ensemblier.scenario("parcours_integre")
    scenarios = [
        ensemblier.scenario("reference"),
        etat.model_copy(update={"libelle": long[:200], "chocs": (etat.chocs * 6)[:30]}),
        *[
            reponse.model_copy(
                update={"id": f"reponse_{i}", "libelle": f"{i}. {long}"[:200], "leviers": (reponse.leviers * 3)[:10]}
            )
            for i in range(6)
        ],
    ]
    structure = ensemblier.structure.model_copy(update={"nom": ("Nom très long " * 20)[:200], "territoire": "T" * 200})
    projet = ensemblier.model_copy(update={"scenarios": scenarios, "structure": structure})
    synthese = preparer(projet, date=DATE, guide=ContenuGuide(()))
    complete = page_du_conseil(synthese)
    assert complete.autres_reponses == 3 and complete.autres_scenarios == 2 and complete.etat.autres > 0
    for conseil in (conseil_sur_une_page(synthese), page_du_conseil(synthese, LIMITES[-1])):
        document = Document("pied")
        document.add_page()
        _page_conseil(document, synthese, conseil)
        assert document.page_no() == 1
    document = Document("pied")  # the fullest page would not fit: the PDF takes a shorter one
    document.add_page()
    _page_conseil(document, synthese, complete)
    assert document.page_no() == 2


def test_la_page_du_conseil_d_un_seul_scenario_dit_aussi_quoi_decider(ensemblier):
    """Without a State hypothesis nor an answer exported, the scenario alone says where the structure goes."""
    page = pages_pdf(exporter_pdf(ensemblier, ["reference"], guide=ContenuGuide(())))[0]
    assert "La structure peut-elle garder une trésorerie positive à chaque fin de mois jusqu'en 2030" in page
    assert "L'hypothèse sur l'État" not in page and "réponse étudiée" not in page
    assert (
        "Sans réponse, dans le scénario « Tendanciel, sans coupe », la trésorerie devient négative fin novembre 2028"
        in page
    )
    marge = preparer(ensemblier, ["reference"], guide=ContenuGuide(())).efforts["reference"].tresorerie.montant_annuel
    assert f"Aucune réponse n'est encore étudiée : il faut dégager {en_texte_pdf(euros(marge))} par an dès 2025" in page


def test_le_readme_dit_le_nombre_de_pages_des_exemples():
    """Issue 11: the page count stated is the real one (the README gives the examples' range)."""
    pages = [len(PdfReader(io.BytesIO(pdf_exemple(e.fichier))).pages) for e in lister_exemples()]
    readme = (RACINE / "README.md").read_text(encoding="utf-8")
    annonce = re.search(r"de (\d+) à (\d+) pages pour les exemples", readme)
    assert annonce, "le README ne dit plus le nombre de pages de la synthèse"
    assert (int(annonce.group(1)), int(annonce.group(2))) == (min(pages), max(pages)), pages
    assert max(pages) <= PAGES_MAX


def test_un_graphique_devient_un_svg_sans_navigateur(synthese):
    from iae_model.exports.pdf import POLICE, graphique_svg

    g = graphique_svg(graphiques.graphique_produits(synthese.scenarios[0]), 400)
    svg = g.svg.decode("utf-8")
    assert svg.startswith("<svg") and g.largeur == 400 and g.hauteur > 100
    assert f'font-family="{POLICE}"' in svg and "DejaVu Sans Graphiques" not in svg
    assert "\u202f€" in svg or "\xa0€" in svg  # French number format on the axis
    assert not re.search(r"<line(?![^>]*\sx1=)", svg) and 'd=""' not in svg  # what fpdf2 2.8 cannot read


def test_le_pont_imprime_chaque_etape_en_entier_alignee_sur_l_axe():
    """A step's label was cut at 320 px (« 2. Financements département −25 % dès… »): it is now on lines of a few
    dozen characters, every word printed, each line a text of its own anchored at the axis (fpdf2 2.8 draws the
    lines of one text from the anchor without aligning them)."""
    from iae_model.exports.pdf import graphique_svg
    from iae_model.pont import pont

    projet = charger_exemple("ensemblier_aci_ei.yaml")
    p = pont(projet, "lfi_2026_departement", "reference")
    svg = graphique_svg(graphiques.graphique_pont(p, "Départ", "Arrivée"), 700).svg.decode("utf-8")
    assert "<tspan" not in svg
    textes = re.findall(r'<text[^>]*text-anchor="end"[^>]*>([^<]*)</text>', svg)
    imprime = " ".join(textes)
    for e in p.etapes:
        assert e.libelle.split()[-1] in imprime  # the end of the longest label too
    longue = next(e.libelle for e in p.etapes if len(e.libelle) > graphiques.LARGEUR_LIGNE_PONT)
    assert all(mot in imprime for mot in longue.split())


def test_la_mesure_rapide_du_texte_egale_celle_de_fpdf2():
    """The PDF's fonts measure text without fpdf2's generator (a third of the PDF's time): the same widths, for
    every character of the font, alone and in words, at several sizes."""
    from fpdf.fonts import TTFFont

    from iae_model.exports.pdf import Document

    document = Document("")
    for police in document.fonts.values():
        assert type(police) is not TTFFont and isinstance(police, TTFFont)
        caracteres = "".join(chr(c) for c in sorted(police.cmap if hasattr(police, "cmap") else police.cw))
        textes = [*caracteres, caracteres, "Trésorerie négative fin août : −12 345 €", "\u202f€\u00a0%", ""]
        for texte in textes:
            for taille in (7, 8.5, 12.5):
                assert police.get_text_width(texte, taille, None) == TTFFont.get_text_width(police, texte, taille, None)


def test_la_police_des_graphiques_a_les_mesures_de_celle_du_pdf():
    """The charts are measured with a subset of DejaVu Sans (scripts/police_graphiques.py): same advance width
    for every character it has, and every French character."""
    from fontTools.ttLib import TTFont

    for complete, partielle in (
        ("DejaVuSans.ttf", "graphiques/DejaVuSansGraphiques.ttf"),
        ("DejaVuSans-Bold.ttf", "graphiques/DejaVuSansGraphiques-Bold.ttf"),
    ):
        a, b = TTFont(POLICES / complete), TTFont(POLICES / partielle)
        assert b["name"].getDebugName(1) == "DejaVu Sans Graphiques"
        cmap_a, cmap_b = a.getBestCmap(), b.getBestCmap()
        for code, glyphe in cmap_b.items():
            assert b["hmtx"][glyphe][0] == a["hmtx"][cmap_a[code]][0], chr(code)
        for caractere in "€ÉÈÀÇœŒ’—«»\u202f\u00a0éèêëàâîïôûùüç−":
            assert ord(caractere) in cmap_b, (partielle, caractere)


def test_les_polices_livrees_ont_tous_les_caracteres_francais():
    from fontTools.ttLib import TTFont

    assert (POLICES / "LICENCE-DejaVu.txt").read_text(encoding="utf-8").count("Bitstream") > 0
    for fichier in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        cmap = TTFont(POLICES / fichier).getBestCmap()
        for caractere in "€ÉÈÀÇœŒ’—«»\u202f\u00a0éèêëàâîïôûùüç−":
            assert ord(caractere) in cmap, (fichier, caractere)


# --- Workbook -------------------------------------------------------------------------------------


def _table(feuille) -> list[dict[str, object]]:
    lignes = list(feuille.iter_rows(values_only=True))
    entetes = lignes[0]
    return [dict(zip(entetes, ligne, strict=True)) for ligne in lignes[1:]]


def test_le_classeur_a_ses_feuilles_figees_et_filtrables(classeur):
    assert set(classeur.sheetnames) >= FEUILLES
    for nom in FEUILLES:
        feuille = classeur[nom]
        assert feuille.freeze_panes is not None and feuille.freeze_panes.endswith("2"), nom
        assert all(c.font.bold for c in feuille[1] if c.value), nom
        for lettre, dimension in feuille.column_dimensions.items():
            assert dimension.width is None or 6 <= dimension.width <= 80, (nom, lettre)
    assert classeur["Structure"]["A1"].value == "Groupe Terres Solidaires du Bray (exemple fictif)"


def test_les_resultats_du_classeur_sont_des_nombres_egaux_au_moteur(ensemblier, classeur):
    resultat = simuler(ensemblier)
    lignes = _table(classeur["Résultats"])
    attendues = resultat.lignes()
    valeurs = {(x["Code du scénario"], x["Année"], x["Périmètre"], x["Code"]): x["Valeur"] for x in lignes}
    for r in attendues:
        perimetre = "Ensemble" if r["conventionnement"] == "total" else r["conventionnement"]
        valeur = valeurs[(r["scenario"], r["annee"], perimetre, f"{r['categorie']}.{r['ligne']}")]
        assert isinstance(valeur, int | float) and not isinstance(valeur, bool)
        assert valeur == pytest.approx(r["valeur"], abs=0.005)
    premiere = resultat.scenario("reference").annees[0]
    cle = ("reference", premiere.annee, "Ensemble", "resultat.resultat")
    assert valeurs[cle] == resultat_arrondi(premiere.total)
    feuille = classeur["Résultats"]
    formats = {feuille.cell(row=i, column=7).number_format for i in range(2, 40)}
    assert FORMAT_EUROS in formats and "0.00" in formats  # amounts in euros, ETP as numbers
    assert any(x["Catégorie"] == "Indicateurs" and x["Ligne"].startswith("Ratio commercial") for x in lignes)


def test_la_comparaison_reprend_les_chiffres_cles_du_pdf(synthese, classeur):
    feuille = classeur["Comparaison"]
    lignes = _table(feuille)
    annees = synthese.annees
    assert len(lignes) == len(synthese.scenarios) * len(CHIFFRES_CLES)
    for ligne in lignes:
        rs = synthese.resultat.scenario(ligne["Code du scénario"])
        assert ligne["Scénario"] == rs.libelle  # the words first, the code beside
        c = next(c for c in CHIFFRES_CLES if c.libelle == ligne["Ligne"])
        for a in annees:
            assert ligne[str(a)] == chiffre(c, rs.annee(a))
    assert feuille.cell(row=2, column=4).number_format == FORMAT_EUROS


def test_alertes_hypotheses_guide_et_parametres_du_classeur(ensemblier, synthese, classeur):
    alertes = _table(classeur["Alertes"])
    assert len(alertes) == sum(len(s.alertes) for s in synthese.scenarios)
    assert {a["Message"] for a in alertes} == {a.message for s in synthese.scenarios for a in s.alertes}
    hypotheses = _table(classeur["Hypothèses"])
    items = [x for x in hypotheses if x["Nature"] in ("Choc", "Levier")]
    assert len(items) == sum(len(s.chocs) + len(s.leviers) for s in ensemblier.scenarios)
    assert all(x["Ce que cela veut dire"] for x in items)
    guide = _table(classeur["Guide"])  # no guide content here: the project's answers are kept by id
    assert [g["Identifiant"] for g in guide] == list(ensemblier.guide.reponses)
    parametres = _table(classeur["Paramètres"])
    socle = [p for p in parametres if p["Paramètre"] == "aide_au_poste.montant_socle.aci" and p["Année"] == 2025]
    assert socle and all(p["Valeur (moyenne annuelle)"] == 23921 for p in socle)
    assert all(p["Références"] and p["Liens"].startswith("http") for p in socle)
    effort = _table(classeur["Effort"])
    assert len(effort) == len(synthese.scenarios) * len(synthese.annees)


def test_le_classeur_avec_le_guide(ensemblier, tmp_path):
    projet = avec_reponses(ensemblier)
    classeur = openpyxl.load_workbook(io.BytesIO(exporter_xlsx(projet, ["reference"], guide=guide_essai(tmp_path))))
    guide = {g["Identifiant"]: g for g in _table(classeur["Guide"])}
    assert guide["essai.premiere"]["Réponse"] == "Non"
    assert guide["essai.premiere"]["Action"] == "Simuler la coupe avec le trésorier"
    assert guide["essai.seconde"]["Réponse"] == "Oui"
    assert guide["ancienne.question"]["Section"] == "(question absente du guide)"  # kept, never dropped


# --- Markdown -------------------------------------------------------------------------------------


def test_le_markdown_a_les_memes_chiffres_cles(ensemblier, synthese, markdown):
    assert markdown.startswith(f"# Synthèse — {ensemblier.structure.nom}")
    for rs in synthese.scenarios:
        assert f"### {rs.libelle}" in markdown
        for c in CHIFFRES_CLES:
            ligne = "| " + " | ".join([c.libelle, *[euros(chiffre(c, rs.annee(a))) for a in synthese.annees]]) + " |"
            assert ligne in markdown, ligne
        assert euros(synthese.resultat_cumule(rs.id)) in markdown
    assert "## Alertes" in markdown and "## D'où viennent les paramètres officiels" in markdown


def test_le_markdown_neutralise_le_texte_saisi(ensemblier):
    nom = "Atelier <script>alert(1)</script> | *gras* [lien](http://x.example)"
    md = exporter_markdown(renomme(ensemblier, nom), ["reference"], guide=ContenuGuide(()))
    assert "<script>" not in md and "[lien](http" not in md and "*gras*" not in md
    assert r"\<script\>" in md and r"\*gras\*" in md


def test_le_fichier_projet_exporte_se_relit_a_l_identique(ensemblier):
    assert lire_projet(exporter_yaml(ensemblier)) == ensemblier


def test_nom_de_fichier_ascii(ensemblier):
    assert nom_de_fichier(ensemblier, "pdf") == "synthese_groupe_terres_solidaires_du_bray_exemple_fictif.pdf"
    assert nom_de_fichier(renomme(ensemblier, "Œuvre d’Été"), "xlsx") == "synthese_oeuvre_d_ete.xlsx"
    assert nom_de_fichier(renomme(ensemblier, "«»"), "yaml") == "projet.yaml"


# --- French texts and layering --------------------------------------------------------------------


def test_chaque_choc_et_levier_des_exemples_est_decrit_en_francais():
    for e in lister_exemples():
        projet = charger_exemple(e.fichier)
        for s in projet.scenarios:
            for item in [*s.chocs, *s.leviers]:
                texte = descriptions.decrire_item(item)
                assert "_" not in texte and str(item.annee) in texte, (e.fichier, texte)


def test_le_modele_n_importe_jamais_l_interface():
    """`iae_model` (exports included) never imports `ui` nor streamlit: the CLI and the tests need no browser."""
    for chemin in sorted((RACINE / "iae_model").rglob("*.py")):
        for noeud in ast.walk(ast.parse(chemin.read_text(encoding="utf-8"))):
            noms = []
            if isinstance(noeud, ast.Import):
                noms = [a.name for a in noeud.names]
            elif isinstance(noeud, ast.ImportFrom) and noeud.module:
                noms = [noeud.module]
            assert not any(n.split(".")[0] in {"ui", "streamlit", "pages", "app_pages"} for n in noms), chemin


def test_un_guide_illisible_est_dit_dans_les_exports(monkeypatch):
    """Issue 9, item 6: a broken guide silently disappeared from the exports."""
    from iae_model.exports import synthese as module_synthese
    from iae_model.projet import ErreurLigne, ErreurProjet

    def guide_casse():
        raise ErreurProjet([ErreurLigne("guide/01.yaml", "question sans texte")])

    monkeypatch.setattr(module_synthese, "charger_guide", guide_casse)
    projet = charger_exemple("aci_espaces_verts.yaml")
    attendu = "Le guide n'a pas pu être repris : le contenu du guide (dossier guide/) contient des erreurs"
    markdown = exporter_markdown(projet, ["reference"])
    assert attendu in markdown.replace("\\\\", "")
    texte, _ = texte_pdf(exporter_pdf(projet, ["reference"]))
    assert "Le guide n'a pas pu être repris" in " ".join(texte.split())
    classeur = openpyxl.load_workbook(io.BytesIO(exporter_xlsx(projet, ["reference"])))
    assert any(attendu in str(c.value) for ligne in classeur["Guide"].iter_rows() for c in ligne)


# --- the monthly cash plan (issue 10) ----------------------------------------------------------------------------


def test_le_classeur_a_la_tresorerie_de_chaque_fin_de_mois(synthese, classeur):
    feuille = classeur["Trésorerie mensuelle"]
    lignes = _table(feuille)
    assert len(lignes) == sum(12 * len(rs.annees) for rs in synthese.scenarios)
    attendu = [
        (rs.id, a.annee, m, round(solde, 2))
        for rs in synthese.scenarios
        for a in rs.annees
        for m, solde in enumerate(a.tresorerie.mensuelle, start=1)
    ]
    lues = [(x["Code du scénario"], x["Année"], x["Mois"], x["Trésorerie de fin de mois"]) for x in lignes]
    assert lues == attendu
    assert all(isinstance(x[3], float | int) for x in lues)  # numbers, never texts or formulas
    assert lignes[6]["Fin de mois"] == "juillet"
    assert feuille.cell(row=2, column=6).number_format == FORMAT_EUROS
    bas = [(x["Code du scénario"], x["Année"], x["Mois"]) for x in lignes if x["Point bas de l'année"] == "point bas"]
    assert bas == [(rs.id, a.annee, a.tresorerie.mois_point_bas) for rs in synthese.scenarios for a in rs.annees]
    # the comparison adds the CAF over the years, never a balance
    comparaison = {(x["Code du scénario"], x["Ligne"]): x for x in _table(classeur["Comparaison"])}
    cumul = f"Cumul {synthese.annees[0]}–{synthese.annees[-1]}"
    assert comparaison[("reference", "Point bas de trésorerie (fin de mois)")][cumul] is None
    assert comparaison[("reference", "Capacité d'autofinancement (CAF)")][cumul] is not None


def test_le_markdown_a_le_plan_et_la_tresorerie_mensuelle(synthese, markdown):
    mois = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
            "novembre", "décembre"]  # fmt: skip
    assert "## Trésorerie de fin de mois" in markdown
    assert "Trésorerie : délais de paiement : clients publics 30 jours (paramètre)," in markdown
    for rs in synthese.scenarios:
        ligne = "| Mois du point bas | " + " | ".join(mois[a.tresorerie.mois_point_bas - 1] for a in rs.annees) + " |"
        assert ligne in markdown
        juillet = [euros(a.tresorerie.mensuelle[6]) for a in rs.annees]
        juillet = [
            f"**{x}**" if a.tresorerie.mois_point_bas == 7 else x for x, a in zip(juillet, rs.annees, strict=True)
        ]
        assert "| juillet | " + " | ".join(juillet) + " |" in markdown


def test_la_tresorerie_mensuelle_du_markdown_echappe_le_libelle(ensemblier):
    projet = ensemblier.model_copy(deep=True)
    scenario = projet.scenarios[0].model_copy(update={"libelle": "Plan | <b>B</b> [x](http://x.example)"})
    projet = projet.model_copy(update={"scenarios": [scenario, *projet.scenarios[1:]]})
    md = exporter_markdown(projet, [scenario.id], guide=ContenuGuide(()))
    partie = md.split("## Trésorerie de fin de mois", 1)[1]
    assert "### Plan" in partie
    assert "<b>" not in partie and "[x](http" not in partie and "Plan | " not in partie


def test_une_seule_translitteration_pour_chaque_fichier_telecharge():
    """Issue 11, item 5: the project file, the guide and the three exports name their file the same way, and a
    scenario id made from a libellé spells « Œ » as they do."""
    from iae_model.projet.brouillon import identifiant_depuis_libelle
    from iae_model.texte import nom_de_fichier as nom

    assert nom("Œuvre d’Été", "yaml") == "oeuvre_d_ete.yaml"
    assert nom("Œuvre d’Été", "md", suffixe="guide") == "oeuvre_d_ete_guide.md"
    assert nom("Œuvre d’Été", "pdf", prefixe="synthese") == "synthese_oeuvre_d_ete.pdf"
    assert identifiant_depuis_libelle("Œuvre d’Été", set()) == "oeuvre_d_ete"
    racine = Path(__file__).resolve().parent.parent
    for chemin in [racine / "app.py", *(racine / "app_pages").glob("*.py"), *(racine / "ui").glob("*.py")]:
        texte = chemin.read_text(encoding="utf-8")
        assert "nom_simple(" not in texte and "unicodedata" not in texte, chemin.name
        for appel in re.findall(r"file_name=([^,\n]+)", texte):
            assert "nom_de_fichier(" in appel or appel.startswith('"'), (chemin.name, appel)


def test_le_classeur_nomme_les_scenarios_par_leurs_mots_et_leur_code_a_cote():
    """Issue 11: no identifier where a user reads a scenario. Column « Scénario » holds the libellé, numbered when
    two are alike; « Code du scénario » beside it is the id of the project file, as « Code » for a line."""
    from iae_model.projet import projet_depuis_donnees, projet_en_donnees

    d = projet_en_donnees(charger_exemple("aci_espaces_verts.yaml"))
    d["scenarios"][2]["libelle"] = d["scenarios"][1]["libelle"]
    projet = projet_depuis_donnees(d)
    classeur = openpyxl.load_workbook(io.BytesIO(exporter_xlsx(projet)))
    for nom in ("Hypothèses", "Résultats", "Comparaison", "Trésorerie mensuelle", "Effort", "Paramètres"):
        lignes = _table(classeur[nom])
        paires = {(x["Scénario"], x["Code du scénario"]) for x in lignes}
        libelle = d["scenarios"][1]["libelle"]
        attendues = {(libelle, d["scenarios"][1]["id"]), (f"{libelle} (2)", d["scenarios"][2]["id"])}
        assert attendues <= paires, nom
        assert all(scenario != code for scenario, code in paires), nom
