"""The « Synthèse » PDF for a board (A4), with fpdf2: the board's page first, then the detail.

Page 1 is read in two minutes (`iae_model.exports.conseil`): the question, the State hypothesis, the
answers, a few figures per scenario at the horizon and what to decide. The detail follows from page 2:
the structure, the scenarios in plain French, the key figures and the cash plan (CAF, low point
and its month) per scenario and year, the Résultats page's charts (the monthly cash among them), the
alerts, the effort needed to get back to balance, the guide's progress and plan d'action (left out when
the guide's content is absent or nothing is answered yet), then where each official parameter comes from.
Fonts: DejaVu Sans, vendored in `polices/`: it has every glyph of French text and of the French number
format (É, œ, ’, —, €, U+202F, U+00A0); fpdf2 embeds only the glyphs used. The charts are SVG drawn
with the same font (vector paths and real text: sharp, searchable, and cheaper than a PNG to make).

User text (names, libellés, notes) is written as plain text, never as markup. Each scenario's table
is kept on one page; paragraphs with several styles go through fpdf2's text regions, which wrap the
words of all the pieces together.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fpdf import FPDF, FontFace
from fpdf.enums import XPos, YPos
from fpdf.fonts import TTFFont

from iae_model import phrases as ph
from iae_model import vocabulaire as v
from iae_model.exports import descriptions as d
from iae_model.exports.conseil import LIMITES, ChiffresHorizon, PageConseil, page_du_conseil
from iae_model.exports.synthese import (
    EN_GRAS,
    MOIS_DU_POINT_BAS,
    Origine,
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
from iae_model.rendu_graphiques import Conversions
from iae_model.vocabulaire import MOIS_COURTS

POLICES = Path(__file__).resolve().parent / "polices"
POLICE = "DejaVu Sans"
"""The fonts' family name: the charts' SVG names it too, and fpdf2 draws their text with the fonts of that name."""

Progression = Callable[[float, str], None]
"""Told the share done (0 to 1) and the step under way, in French (the Exporter page shows a progress bar)."""

Couleur = tuple[int, int, int]
BLEU: Couleur = (31, 95, 153)
GRIS: Couleur = (85, 85, 85)
GRIS_CLAIR: Couleur = (200, 200, 200)
FOND: Couleur = (232, 239, 247)
ROUGE: Couleur = (198, 40, 40)
NOIR: Couleur = (0, 0, 0)

MARGE = 15.0
LARGEUR_UTILE = 210.0 - 2 * MARGE
ANNEES_PAR_TABLEAU = 7
"""Beyond this many years, a table by year is split in several of even size (each must fit the page)."""
LARGEUR_LIBELLE = 45.0
LARGEUR_GRAPHIQUE_PX = 480
"""Revenue and result charts, two per row: laid out this wide (px), then scaled to half the page (12 px ≈ 6 pt)."""
HAUTEUR_GRAPHIQUE_PX = 130
LARGEUR_PONT_PX = 1000
"""The bridge and the monthly cash chart, full width: laid out this wide (px)."""
HAUTEUR_MENSUELLE_PX = 120


@dataclass(frozen=True)
class Morceau:
    """A piece of a paragraph with its own style."""

    texte: str
    gras: bool = False
    couleur: Couleur = NOIR
    lien: str | None = None


@dataclass
class Ligne:
    """A row of a table by year: its label and one (text, style) per year."""

    libelle: str
    cellules: list[tuple[str, FontFace | None]]
    gras: bool = False


@dataclass
class Bloc:
    """A scenario's table by year: a title, then its rows (or a single message)."""

    titre: str
    lignes: list[Ligne] = field(default_factory=list)
    message: str = ""
    rouge: bool = False


def tranches(n: int, largeur_max: int = ANNEES_PAR_TABLEAU) -> list[range]:
    """Indices 0..n-1 in as few runs of at most `largeur_max` as possible, of even sizes (15 -> 5, 5, 5)."""
    nombre = -(-n // largeur_max)
    taille = -(-n // nombre)
    return [range(debut, min(debut + taille, n)) for debut in range(0, n, taille)]


POLICE_GRAPHIQUES = "DejaVu Sans Graphiques"
"""The font vl-convert measures the charts' labels with: DejaVu Sans's Latin glyphs, same metrics, a third less
time than the whole font (`scripts/police_graphiques.py`); the PDF draws the text with DejaVu Sans."""


_LIGNE_SANS_X1 = re.compile(r"<line(?![^>]*\sx1=)")
_LIGNE_SANS_Y1 = re.compile(r"<line(?![^>]*\sy1=)")
_CHEMIN_VIDE = re.compile(r'<path[^>]*\sd=""[^>]*/>')
_FAMILLE_SVG = re.compile(r'(<text[^>]*\s)font-family="[^"]*"')
"""In a text tag only: a label's own text, escaped by Vega, never starts with « < »."""
_TEXTE_EN_LIGNES = re.compile(
    r'<text([^>]*)\stransform="translate\(([-\d.e]+),([-\d.e]+)\)"([^>]*)>((?:<tspan[^>]*>[^<]*</tspan>)+)</text>'
)
"""A label on several lines (`<tspan>` each): fpdf2 2.8 draws them from the anchor without aligning them."""
_LIGNE_DE_TEXTE = re.compile(r'<tspan(?:[^>]*\sdy="([-\d.e]+)")?[^>]*>([^<]*)</tspan>')


def _une_ligne_par_texte(m: re.Match[str]) -> str:
    """The same lines as one `<text>` each, moved down by the `dy` of the lines before (keeping the anchor), the
    block centred where Vega put its first line (an axis label sits on its tick's middle)."""
    avant, x, y, apres, lignes = m.groups()
    decalages, decalage = [], 0.0
    for dy, texte in _LIGNE_DE_TEXTE.findall(lignes):
        decalage += float(dy or 0)
        decalages.append((decalage, texte))
    haut = float(y) - decalage / 2
    return "".join(f'<text{avant} transform="translate({x},{haut + d})"{apres}>{t}</text>' for d, t in decalages)


_TAILLE_SVG = re.compile(r'<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"')


@dataclass(frozen=True)
class Graphique:
    """A chart's SVG as fpdf2 reads it, and its size in px."""

    svg: bytes
    largeur: float
    hauteur: float

    def hauteur_mm(self, largeur_mm: float) -> float:
        return largeur_mm * self.hauteur / self.largeur


def graphique_svg(chart: object, largeur_px: int) -> Graphique:
    """One chart converted now (the PDF asks for all of its charts at once: `_Graphiques`)."""
    conversions = Conversions()
    return _graphique(conversions.svg(conversions.demander(_spec(chart, largeur_px))))


def _spec(chart: object, largeur_px: int) -> dict:
    from iae_model import graphiques as g

    return g.spec_pour_l_impression(chart, largeur_px, POLICE_GRAPHIQUES)  # type: ignore[arg-type]


def _graphique(svg: str) -> Graphique:
    """The chart's SVG as fpdf2 2.8 reads it: its text in the PDF's font and kept as written (fpdf2 would collapse
    the French number format's no-break spaces into plain ones), and what SVG leaves implicit written out
    (a `<line>` without x1 or y1, 0 by default as Vega writes its ticks and grid, raises in fpdf2, and so
    does a path with an empty `d`, Vega's hidden axis foregrounds), a label on several lines one text a line."""
    svg = _FAMILLE_SVG.sub(rf'\1font-family="{POLICE}"', svg).replace("<text ", '<text xml:space="preserve" ')
    svg = _CHEMIN_VIDE.sub("", _LIGNE_SANS_Y1.sub('<line y1="0"', _LIGNE_SANS_X1.sub('<line x1="0"', svg)))
    svg = _TEXTE_EN_LIGNES.sub(_une_ligne_par_texte, svg)
    taille = _TAILLE_SVG.search(svg)
    if taille is None:  # pragma: no cover - vl-convert always writes the root's width and height
        raise ValueError("SVG sans largeur ni hauteur")
    return Graphique(svg.encode("utf-8"), float(taille.group(1)), float(taille.group(2)))


@dataclass
class _GraphiquesDuScenario:
    produits: int
    resultat: int
    pleine_largeur: list[int]
    """The monthly cash, then the bridge from the reference (none for the reference itself)."""


class _Graphiques:
    """Every chart of the PDF, asked for before the first page so that the worker converts them while the text
    is laid out (`iae_model.rendu_graphiques`); each is waited for when its place comes."""

    def __init__(self, s: Synthese) -> None:
        from iae_model import graphiques as g

        self.conversions = Conversions()
        self.par_scenario: dict[str, _GraphiquesDuScenario] = {}
        demander = self.conversions.demander
        for rs in s.scenarios:
            # its legend sits under the bars on one column (two would not fit half a page in the embedded font):
            # the bars give it their room, the pair keeps the result chart's height
            produits = g.graphique_produits(rs, hauteur=HAUTEUR_GRAPHIQUE_PX - 50, colonnes_legende=1)
            resultat = g.graphique_resultat_tresorerie(rs, hauteur=HAUTEUR_GRAPHIQUE_PX)
            mensuelle = g.graphique_tresorerie_mensuelle(rs, hauteur=HAUTEUR_MENSUELLE_PX)
            graphiques = _GraphiquesDuScenario(
                demander(_spec(produits, LARGEUR_GRAPHIQUE_PX)),
                demander(_spec(resultat, LARGEUR_GRAPHIQUE_PX)),
                [demander(_spec(mensuelle, LARGEUR_PONT_PX))],
            )
            p = s.ponts.get(rs.id)
            if p is not None:
                pont = g.graphique_pont(p, s.libelle(s.reference), rs.libelle, imprime=True)
                graphiques.pleine_largeur.append(demander(_spec(pont, LARGEUR_PONT_PX)))
            self.par_scenario[rs.id] = graphiques

    def __getitem__(self, numero: int) -> Graphique:
        return _graphique(self.conversions.svg(numero))


class _PoliceMesureeVite(TTFFont):
    """fpdf2 2.8 measures a line again at each character it adds (its width is the sum of its fragments'), and
    each measure sums the characters' advances with a generator: a third of the PDF's time. This font sums the
    same integers without the generator (a test compares the two on every character of the font); the
    document's fonts take this class once added."""

    __slots__ = ()

    def get_text_width(
        self, text: str, font_size_pt: float, text_shaping_params: dict[str, Any] | None
    ) -> tuple[int, float]:
        if text_shaping_params or self.is_symbol:
            return super().get_text_width(text, font_size_pt, text_shaping_params)
        if font_size_pt > self.biggest_size_pt:
            self.biggest_size_pt = font_size_pt
        return len(text), sum(map(self.cw.__getitem__, map(ord, text))) * font_size_pt * 0.001


class Document(FPDF):
    def __init__(self, pied: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.add_font(POLICE, "", POLICES / "DejaVuSans.ttf")
        self.add_font(POLICE, "B", POLICES / "DejaVuSans-Bold.ttf")
        for police in self.fonts.values():
            if type(police) is TTFFont:
                police.__class__ = _PoliceMesureeVite
        self.set_margins(MARGE, MARGE, MARGE)
        self.set_auto_page_break(True, margin=14)
        self.pied = pied
        self.set_draw_color(*GRIS_CLAIR)
        self.set_font(POLICE, "", 9)

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font(POLICE, "", 7)
        self.set_text_color(*GRIS)
        self.cell(0, 4, f"{self.pied} — page {self.page_no()}/{{nb}}", align="C")
        self.set_text_color(*NOIR)

    def place(self, hauteur: float) -> None:
        """Start a new page unless `hauteur` mm still fit on this one."""
        if self.get_y() + hauteur > self.h - self.b_margin:
            self.add_page()

    def section(self, titre: str, reserve: float = 35) -> None:
        self.place(reserve)
        self.ln(2.5)
        self.set_font(POLICE, "B", 12.5)
        self.set_text_color(*BLEU)
        self.cell(0, 7, titre, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*BLEU)
        self.line(MARGE, self.get_y(), MARGE + LARGEUR_UTILE, self.get_y())
        self.set_draw_color(*GRIS_CLAIR)
        self.set_text_color(*NOIR)
        self.ln(2)

    def sous_titre(self, titre: str, taille: float = 9.5, couleur: Couleur = NOIR, reserve: float = 15) -> None:
        self.place(reserve)
        self.set_font(POLICE, "B", taille)
        self.set_text_color(*couleur)
        self.multi_cell(0, taille * 0.5, titre, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*NOIR)
        self.ln(0.5)

    def texte(self, texte: str, taille: float = 9, couleur: Couleur = NOIR) -> None:
        self.paragraphe([Morceau(texte, couleur=couleur)], taille)

    def paragraphe(
        self,
        morceaux: Sequence[Morceau],
        taille: float = 9,
        puce: bool = False,
        retrait: float = 0.0,
        apres: float = 0.6,
    ) -> None:
        """One paragraph of pieces in several styles, wrapped together (and across pages)."""
        self.set_font(POLICE, "", taille)
        with (
            self.text_columns(text_align="LEFT", line_height=1.18, l_margin=MARGE + retrait) as colonnes,
            colonnes.paragraph(
                indent=3.5 if puce else 0,
                bullet_string="•" if puce else "",
                bullet_r_margin=1.4,
                bottom_margin=apres,
            ) as par,
        ):
            for m in morceaux:
                self.set_font(POLICE, "B" if m.gras else "", taille)
                self.set_text_color(*m.couleur)
                par.write(m.texte, link=m.lien)
        self.set_text_color(*NOIR)
        self.set_font(POLICE, "", taille)
        self.set_x(MARGE)

    def tableau(
        self,
        entetes: Sequence[str],
        lignes: Sequence[Sequence[str | tuple[str, FontFace | None]]],
        largeurs: Sequence[float],
        alignements: Sequence[str],
        taille: float = 8,
    ) -> None:
        """A table with a shaded header, repeated on each page; a cell may be (text, style)."""
        self.set_font(POLICE, "", taille)
        self.place(14)
        with self.table(
            col_widths=tuple(largeurs),
            width=sum(largeurs),
            align="LEFT",
            text_align=tuple(alignements),
            headings_style=FontFace(emphasis="BOLD", fill_color=FOND, size_pt=taille),
            borders_layout="HORIZONTAL_LINES",
            line_height=taille * 0.48,
            padding=(0.6, 1.2),
            repeat_headings=1,
        ) as table:
            rang = table.row()
            for e, a in zip(entetes, alignements, strict=True):
                rang.cell(e, align=a)
            for ligne in lignes:
                rang = table.row()
                for cellule in ligne:
                    texte, style = cellule if isinstance(cellule, tuple) else (cellule, None)
                    rang.cell(texte, style=style)
        self.ln(2)

    def tableau_annees(self, bloc: Bloc, annees: Sequence[int], entete: str = "") -> None:
        """A scenario's rows by year, with its title, kept on one page (split beyond ANNEES_PAR_TABLEAU years)."""
        for indices in tranches(len(annees)):
            largeur = min(22.0, (LARGEUR_UTILE - LARGEUR_LIBELLE) / len(indices))
            taille = 8 if largeur >= 20.5 else 7.5
            largeurs = [LARGEUR_UTILE - largeur * len(indices), *[largeur] * len(indices)]
            nb_lignes = max(1, len(bloc.lignes)) + 1
            self.place(7 + 4.3 * nb_lignes + 2)
            self.sous_titre(bloc.titre, 8.5, ROUGE if bloc.rouge else NOIR, reserve=0)
            self.set_font(POLICE, "", taille)
            with self.table(
                col_widths=tuple(largeurs),
                width=sum(largeurs),
                align="LEFT",
                text_align=("LEFT", *["RIGHT"] * len(indices)),
                headings_style=FontFace(emphasis="BOLD", fill_color=FOND, size_pt=taille),
                borders_layout="HORIZONTAL_LINES",
                line_height=taille * 0.49,
                padding=(0.5, 1.2),
            ) as table:
                rang = table.row()
                rang.cell(entete)
                for i in indices:
                    rang.cell(str(annees[i]), align="RIGHT")
                if bloc.message:
                    table.row().cell(bloc.message, colspan=len(indices) + 1, align="LEFT")
                for ligne in bloc.lignes:
                    rang = table.row()
                    rang.cell(ligne.libelle, style=FontFace(emphasis="BOLD" if ligne.gras else None))
                    for i in indices:
                        texte, style = ligne.cellules[i]
                        rang.cell(texte, style=style)
            self.ln(2.5)

    def graphique(self, g: Graphique, x: float, largeur: float) -> float:
        """Draw the chart `largeur` mm wide at the current y; returns its height in mm."""
        hauteur = g.hauteur_mm(largeur)
        self.image(io.BytesIO(g.svg), x=x, y=self.get_y(), w=largeur, h=hauteur)
        return hauteur


def _montant(valeur: float, gras: bool = False) -> tuple[str, FontFace]:
    """An amount in French format, in red when negative."""
    return euros(valeur), FontFace(emphasis="BOLD" if gras else None, color=ROUGE if valeur < 0 else NOIR)


# --- sections -------------------------------------------------------------------------------------


def _entete(pdf: Document, s: Synthese) -> None:
    st = s.projet.structure
    pdf.set_font(POLICE, "B", 10)
    pdf.set_text_color(*BLEU)
    pdf.cell(0, 5, "Synthèse pour le conseil d'administration", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*NOIR)
    taille = 17 if len(st.nom) <= 70 else 12  # a name at its 200-character limit takes 3 lines, not 6
    pdf.set_font(POLICE, "B", taille)
    pdf.multi_cell(0, taille * 0.47, st.nom, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    morceaux = [st.territoire] if st.territoire else []
    morceaux.append(", ".join(c.type for c in s.projet.conventionnements))
    morceaux.append(f"établie le {s.date:%d/%m/%Y} avec le simulateur du modèle économique des SIAE (v{s.version})")
    pdf.texte(" — ".join(morceaux), 8.5, GRIS)


def _court(moment: tuple[int, int]) -> str:
    """(2027, 9) -> « fin sept. 2027 » (a table cell)."""
    return f"fin {MOIS_COURTS[moment[1] - 1]} {moment[0]}"


def _ligne_conseil(c: ChiffresHorizon) -> list[str | tuple[str, FontFace | None]]:
    coupe = "aucune" if c.coupe.taux is None else "toutes" if c.coupe.taux >= 1 else pourcentage(c.coupe.taux)
    effort = c.effort.montant_annuel
    return [
        c.libelle,
        _montant(c.resultat),
        _montant(c.tresorerie_fin),
        (f"{euros(c.point_bas)}\n{_court(c.point_bas_quand)}", FontFace(color=ROUGE if c.point_bas < 0 else NOIR)),
        ("jamais", None) if c.negative_des is None else (_court(c.negative_des), FontFace(color=ROUGE)),
        ("aucune", None) if effort <= 0 else (euros(effort), None),
        coupe,
    ]


def _page_conseil(pdf: Document, s: Synthese, conseil: PageConseil) -> None:
    """Page 1 (see `iae_model.exports.conseil`): it must fit one page, the lists are capped there."""
    premiere, horizon = s.annees[0], s.annees[-1]
    _entete(pdf, s)
    pdf.section("La question", reserve=0)
    pdf.paragraphe([Morceau(conseil.question)], 10)
    if conseil.etat is not None:
        pdf.section("L'hypothèse sur l'État et les financeurs", reserve=0)
        pdf.paragraphe([Morceau(f"« {conseil.etat.libelle} »", gras=True)], 9, apres=0.4)
        for item in conseil.etat.items:
            pdf.paragraphe([Morceau(item)], 8.5, puce=True, apres=0.2)
        if conseil.etat.autres:
            pdf.texte(f"et {conseil.etat.autres} autres (détail page 2 et suivantes).", 8, GRIS)
    if conseil.reponses:
        pluriel = len(conseil.reponses) + conseil.autres_reponses > 1
        pdf.section("Les réponses étudiées" if pluriel else "La réponse étudiée", reserve=0)
        for r in conseil.reponses:
            if pluriel:
                pdf.sous_titre(f"« {r.libelle} »", 9, reserve=0)
            else:
                pdf.paragraphe([Morceau(f"« {r.libelle} »", gras=True)], 9, apres=0.4)
            for item in r.items:
                pdf.paragraphe([Morceau(item)], 8.5, puce=True, apres=0.2)
            if r.autres:
                pdf.texte(f"et {r.autres} autres leviers (détail page 2 et suivantes).", 8, GRIS)
        if conseil.autres_reponses:
            pdf.texte(f"Et {conseil.autres_reponses} autres réponses, dans le détail.", 8, GRIS)
    pdf.section(f"Les chiffres à l'horizon {horizon}", reserve=0)
    pdf.tableau(
        [
            "Scénario",
            f"Résultat {horizon}",
            f"Trésorerie au 31/12/{horizon}",
            "Point bas de trésorerie",
            "Trésorerie négative dès",
            "Marge à dégager par an",
            "Coupe d'ETP absorbable",
        ],
        [_ligne_conseil(c) for c in conseil.chiffres],
        [46, 19, 21, 24, 23, 24, 23],
        ["LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"],
        taille=7.5,
    )
    if conseil.autres_scenarios:
        pdf.texte(f"Et {conseil.autres_scenarios} autres scénarios, dans le détail.", 8, GRIS)
    pdf.texte(
        f"Point bas : la trésorerie la plus basse à une fin de mois de {premiere} à {horizon}. Marge à dégager : ce "
        f"qu'il faut gagner ou économiser de plus chaque année dès {premiere} pour que la trésorerie reste positive "
        "à chaque fin de mois. Coupe d'ETP absorbable : la plus forte baisse des ETP de tous les conventionnements, "
        f"à partir de l'année qui suit celle des chiffres saisis, que la trésorerie supporte jusqu'en {horizon} "
        "(«\u00a0aucune\u00a0» : elle devient négative même sans coupe).",
        7.5,
        GRIS,
    )
    pdf.section("Ce qu'il faut décider", reserve=0)
    for decision in conseil.decisions:
        pdf.paragraphe([Morceau(decision)], 9, puce=True, apres=0.8)
    pdf.ln(1)
    pdf.texte(
        "Le détail suit, pages 2 à {nb} : la structure, les hypothèses de chaque scénario, les chiffres et le plan "
        "de trésorerie année par année, les graphiques, les alertes, l'effort de retour à l'équilibre"
        + (", le guide" if s.guide is not None and s.guide.entame else "")
        + " et les sources des paramètres officiels.",
        8,
        GRIS,
    )


def _structure(pdf: Document, s: Synthese) -> None:
    p = s.projet
    st = p.structure
    pdf.section("La structure")
    pdf.paragraphe(
        [Morceau("Conventionnements : ", gras=True), Morceau(", ".join(c.type for c in p.conventionnements))]
    )
    pdf.paragraphe(
        [
            Morceau("Chiffres saisis : ", gras=True),
            Morceau(
                f"année {st.annee_reference} (budget ou comptes) ; trésorerie au 1er janvier {st.annee_reference} : "
                f"{euros(st.tresorerie_initiale)} ; simulation jusqu'en {p.hypotheses.horizon}."
            ),
        ],
        apres=1.5,
    )
    lignes = []
    for c in p.conventionnements:
        if c.type == "EITI":
            postes = f"{effectif(c.travailleurs_accompagnes or 0)} travailleurs accompagnés"
        else:
            postes = f"{effectif(c.etp_conventionnes or 0)} ETP"
        rsa = pourcentage(c.beneficiaires_rsa, 0) if c.type == "ACI" else "—"
        lignes.append([c.type, postes, pourcentage(c.taux_occupation, 0), pourcentage(c.part_modulee), rsa])
    pdf.tableau(
        ["Conventionnement", "Postes conventionnés", "Taux d'occupation", "Part modulée", "Bénéficiaires du RSA"],
        lignes,
        [38, 40, 34, 30, 38],
        ["LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"],
    )
    if p.activites:
        pdf.tableau(
            ["Activité", "Conv.", "Chiffre d'affaires", "Marchés publics", "Charges variables"],
            [
                [
                    a.nom,
                    a.conventionnement,
                    euros(a.chiffre_affaires),
                    pourcentage(a.part_marches_publics, 0),
                    pourcentage(a.taux_charges_variables, 0),
                ]
                for a in p.activites
            ],
            [72, 14, 32, 30, 32],
            ["LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT"],
        )
    if p.financements:
        pdf.tableau(
            ["Financement", "Financeur", "Montant annuel", "Période", "Statut"],
            [
                [
                    f.nom,
                    v.FINANCEURS.get(f.financeur, f.financeur),
                    euros(f.montant),
                    d.duree_financement(f.debut, f.fin),
                    v.STATUTS_FINANCEMENT.get(f.statut, f.statut),
                ]
                for f in p.financements
            ],
            [72, 34, 28, 24, 22],
            ["LEFT", "LEFT", "RIGHT", "LEFT", "LEFT"],
        )
    ch = p.charges
    etp_perm = sum(x.etp for x in ch.permanents)
    cout_perm = sum(x.etp * x.cout_annuel_charge for x in ch.permanents)
    pdf.paragraphe(
        [
            Morceau("Charges de l'année de référence : ", gras=True),
            Morceau(
                f"permanents {effectif(etp_perm)} ETP pour {euros(cout_perm)} ; fonctionnement "
                f"{euros(ch.fonctionnement_fixe)} ; formation {euros(ch.formation.montant)} (prise en charge "
                f"{pourcentage(ch.formation.prise_en_charge, 0)}) ; amortissements {euros(ch.amortissements)}."
            ),
        ]
    )
    pdf.paragraphe([Morceau("Trésorerie : ", gras=True), Morceau(d.tresorerie_saisie(p) + ".")])
    pdf.paragraphe([Morceau("Hypothèses du projet : ", gras=True), Morceau(hypotheses_en_clair(p.hypotheses) + ".")])


def _scenarios(pdf: Document, s: Synthese) -> None:
    p = s.projet
    pdf.section("Les scénarios et leurs hypothèses")
    types_utilises: list[str] = []
    for i, rs in enumerate(s.scenarios, start=1):
        sc = p.scenario(rs.id)
        pdf.sous_titre(f"{i}. {sc.libelle}")
        if sc.base:
            pdf.texte(f"À partir du scénario « {p.scenario(sc.base).libelle} », avec en plus :", 8, GRIS)
        if sc.description:
            pdf.texte(sc.description, 8, GRIS)
        hyp = hypotheses_du_scenario(p, sc.id)
        avant = hypotheses_du_scenario(p, sc.base) if sc.base else p.hypotheses
        if hyp != avant:
            pdf.paragraphe(
                [Morceau("Hypothèses : ", gras=True), Morceau(hypotheses_en_clair(hyp) + ".")], 8.5, puce=True
            )
        items = [*sc.chocs, *sc.leviers]
        if not items and not sc.base and hyp == avant:
            pdf.paragraphe(
                [Morceau("Aucun choc ni levier : la situation de référence prolongée avec les hypothèses du projet.")],
                8.5,
                puce=True,
            )
        for item in items:
            pdf.paragraphe(
                [Morceau(f"{d.nature_item(item)} : ", gras=True), Morceau(d.decrire_item(item))], 8.5, puce=True
            )
            if item.type not in types_utilises:
                types_utilises.append(item.type)
        pdf.ln(1)
    if types_utilises:
        pdf.sous_titre("Ce que veulent dire ces chocs et leviers", 9)
        for t in types_utilises:
            pdf.paragraphe(
                [Morceau(f"{d.intitule(t)} : ", gras=True), Morceau(d.sens_type(t))],
                7.5,
                puce=True,
                apres=0.3,
            )


def _chiffres_cles(pdf: Document, s: Synthese) -> None:
    pdf.section("Chiffres clés par scénario")
    pdf.texte(
        "Montants en euros courants de chaque année, arrondis à l'euro ; le résultat est la différence des produits "
        "et des charges. Puis le plan de trésorerie de l'année : la trésorerie de fin d'année est celle du début, "
        "plus la capacité d'autofinancement (CAF : résultat + amortissements − quote-part des subventions "
        "d'investissement), moins les investissements et la variation du besoin en fonds de roulement, plus les "
        "subventions d'investissement reçues et les emprunts nouveaux, moins le capital remboursé. Le point bas est "
        "la trésorerie la plus basse à une fin de mois de l'année. Déficits et trésorerie négative en rouge.",
        8,
        GRIS,
    )
    annees = s.annees
    for rs in s.scenarios:
        cumul = s.resultat_cumule(rs.id)
        bloc = Bloc(f"{rs.libelle} — résultat cumulé {annees[0]}–{annees[-1]} : {euros(cumul)}", rouge=cumul < 0)
        for c, valeurs in tableau_du_scenario(rs):
            gras = (c.categorie, c.code) in EN_GRAS
            bloc.lignes.append(Ligne(c.libelle, [_montant(x, gras) for x in valeurs], gras))
        bloc.lignes.append(Ligne(MOIS_DU_POINT_BAS, [(m, None) for m in mois_du_point_bas(rs)]))
        pdf.tableau_annees(bloc, annees)


def _graphiques(pdf: Document, s: Synthese, graphiques: _Graphiques, progression: Progression) -> None:
    pdf.section("Graphiques", reserve=80)
    pdf.texte(
        "Les graphiques de la page Résultats. Le pont part du résultat cumulé du scénario de référence "
        f"(« {s.libelle(s.reference)} ») sur {s.annees[0]}–{s.annees[-1]} et ajoute un à un les chocs puis les "
        "leviers du scénario : l'effet de chaque élément est mesuré compte tenu des précédents.",
        8,
        GRIS,
    )
    pdf.ln(1)
    demi = (LARGEUR_UTILE - 6) / 2
    for n, rs in enumerate(s.scenarios):
        progression(0.35 + 0.5 * n / len(s.scenarios), f"Graphiques de « {rs.libelle} »")
        numeros = graphiques.par_scenario[rs.id]
        produits, resultat = graphiques[numeros.produits], graphiques[numeros.resultat]
        hauteur = max(produits.hauteur_mm(demi), resultat.hauteur_mm(demi))
        pdf.place(hauteur + 7)
        pdf.sous_titre(rs.libelle, 9, reserve=0)
        y = pdf.get_y()
        pdf.graphique(produits, MARGE, demi)
        pdf.graphique(resultat, MARGE + demi + 6, demi)
        pdf.set_y(y + hauteur + 1)
        for numero in numeros.pleine_largeur:
            graphique = graphiques[numero]
            h = graphique.hauteur_mm(LARGEUR_UTILE)
            pdf.place(h + 2)
            pdf.graphique(graphique, MARGE, LARGEUR_UTILE)
            pdf.set_y(pdf.get_y() + h + 2)


def _alertes(pdf: Document, s: Synthese) -> None:
    pdf.section("Alertes")
    pdf.texte("En rouge : trésorerie négative ou plafond commercial de l'ACI dépassé.", 8, GRIS)
    for rs in s.scenarios:
        pdf.sous_titre(rs.libelle, 9)
        if not rs.alertes:
            pdf.paragraphe(
                [Morceau("Aucune alerte sur l'horizon : résultat, trésorerie, occupation et plafonds dans les clous.")],
                8,
                puce=True,
            )
            continue
        morceaux: list[Morceau] = []
        for annee in sorted({a.annee for a in rs.alertes}):
            du_jour = [a for a in rs.alertes if a.annee == annee]
            morceaux.append(Morceau(f"{annee} : ", gras=True))
            for i, a in enumerate(du_jour):
                texte = (f"{a.conventionnement} : " if a.conventionnement else "") + a.message
                fin = " ;" if i < len(du_jour) - 1 else "."
                morceaux.append(Morceau(texte + fin, couleur=ROUGE if a.code in v.GRAVES else NOIR))
                morceaux.append(Morceau(" " if i < len(du_jour) - 1 else "  "))
        pdf.paragraphe(morceaux, 8, retrait=3, apres=1.2)


def _effort(pdf: Document, s: Synthese) -> None:
    pdf.section(ph.EFFORT)
    pdf.texte(f"{ph.majuscule(ph.EQUILIBRE)}.", 8, GRIS)
    annees = s.annees
    colonnes = ph.COLONNES_EFFORT
    note_plafond = False
    for rs in s.scenarios:
        ef = s.efforts[rs.id]
        bloc = Bloc(rs.libelle, rouge=ef.tresorerie.montant_annuel > 0)
        par_annee = {e.annee: e for e in ef.deficits}
        if not par_annee:
            bloc.message = f"{ph.majuscule(ph.AUCUN_DEFICIT)}."
        else:
            economies: list[tuple[str, FontFace | None]] = []
            ventes: list[tuple[str, FontFace | None]] = []
            for a in annees:
                e = par_annee.get(a)
                if e is None:
                    economies.append(("—", None))
                    ventes.append(("—", None))
                    continue
                economies.append((euros(e.economies), None))
                texte = ph.ca_en_plus(e.chiffre_affaires)
                if e.depasse_plafond_aci:
                    texte += " †"
                    note_plafond = True
                ventes.append((texte, FontFace(color=ROUGE) if e.depasse_plafond_aci else None))
            bloc.lignes += [Ligne(colonnes["economies"], economies), Ligne(colonnes["chiffre_affaires"], ventes)]
        pdf.tableau_annees(bloc, annees)
        types = s.projet.types_conventionnements()
        morceaux: list[Morceau] = []
        for quoi, phrase in ph.effort_de_tresorerie(ef.tresorerie, ef.coupe, types, annees):
            morceaux += [Morceau(f"{quoi} : ", gras=True), Morceau(f"{phrase}. ")]
        pdf.paragraphe(morceaux, 7.5, apres=1.5)
    if note_plafond:
        pdf.texte(f"† {colonnes['depasse_plafond_aci']}.", 8, GRIS)


def _guide(pdf: Document, s: Synthese) -> None:
    g = s.guide
    if g is None and s.guide_illisible:
        pdf.section("Guide « Les questions à se poser »")
        pdf.texte(f"Le guide n'a pas pu être repris : {s.guide_illisible}. Les réponses restent dans le projet.", 8.5)
        return
    if g is None or not g.entame:
        return
    pdf.section("Guide « Les questions à se poser » : avancement et plan d'action")
    e = g.ensemble
    pdf.texte(
        f"Réponses : {e.repondues} sur {e.questions} questions ; préparation {pourcentage(e.preparation, 0)} "
        "(« Oui » compte pour 1, « En partie » pour ½, « Non » et « À explorer » pour 0).",
        8.5,
    )
    pdf.ln(1)
    cellules = [[a.titre, f"{a.repondues} / {a.questions}", pourcentage(a.preparation, 0)] for a in g.sections]
    moitie = (len(cellules) + 1) // 2
    gauche, droite = cellules[:moitie], cellules[moitie:]
    droite += [["", "", ""]] * (len(gauche) - len(droite))
    pdf.tableau(
        ["Section", "Réponses", "Prépa.", "Section", "Réponses", "Prépa."],
        [[*a, *b] for a, b in zip(gauche, droite, strict=True)],
        [55, 18, 17, 55, 18, 17],
        ["LEFT", "RIGHT", "RIGHT", "LEFT", "RIGHT", "RIGHT"],
        taille=7.5,
    )
    pdf.sous_titre("Plan d'action (questions répondues « Non » ou « À explorer »)", 9, reserve=30)
    if not g.plan:
        pdf.texte("Aucune question répondue « Non » ou « À explorer ».", 8.5)
        return
    lignes = []
    for ligne in g.plan:
        a = ligne.action
        question = ligne.question + (f" (note : {ligne.note})" if ligne.note else "")
        lignes.append(
            [
                question,
                REPONSES[ligne.reponse],
                a.action or "—",
                a.responsable or "—",
                a.echeance or "—",
                STATUTS_ACTION[a.statut],
            ]
        )
    pdf.tableau(
        ["Question", "Réponse", "Action", "Responsable", "Échéance", "Statut"],
        lignes,
        [62, 18, 42, 23, 18, 17],
        ["LEFT"] * 6,
        taille=7.5,
    )


def _hote(lien: str) -> str:
    return urlsplit(lien).netloc.removeprefix("www.") or lien


def _sources(pdf: Document, s: Synthese) -> None:
    pdf.section("D'où viennent les paramètres officiels")
    premier = s.scenarios[0]
    pdf.texte(
        f"Valeur de chaque année (moyenne des valeurs en vigueur le 1er de chaque mois) dans le scénario "
        f"« {premier.libelle} » ; * : valeur projetée au-delà du dernier texte connu, selon l'hypothèse rappelée "
        "sous le tableau. Les numéros renvoient aux références.",
        8,
        GRIS,
    )
    toutes: list[tuple[str, str]] = []
    lignes: list[tuple[str, dict[int, str], str]] = []
    projections: list[tuple[str, Origine]] = []
    for src in s.sources:
        numeros = []
        for ref in references(src):
            if ref not in toutes:
                toutes.append(ref)
            numeros.append(toutes.index(ref) + 1)
        valeurs = valeurs_par_annee(src, premier.id, court=True)
        lignes.append((src.libelle, valeurs, periodes(sorted(numeros)) if numeros else "—"))
        projections += [(src.libelle, o) for o in origines(src) if o.projetee]
    largeur_annee, largeur_ref = 17.0, 22.0
    for indices in tranches(len(s.annees)):
        annees = [s.annees[i] for i in indices]
        pdf.tableau(
            ["Paramètre", *map(str, annees), "Réf."],
            [[libelle, *[valeurs.get(a, "") for a in annees], refs] for libelle, valeurs, refs in lignes],
            [LARGEUR_UTILE - largeur_annee * len(annees) - largeur_ref, *[largeur_annee] * len(annees), largeur_ref],
            ["LEFT", *["RIGHT"] * len(annees), "RIGHT"],
            taille=7,
        )
    for libelle, o in projections:
        pdf.paragraphe(
            [Morceau(f"* {libelle} : ", gras=True), Morceau(f"{o.hypothese} ({s.qui(o.scenarios)}).")], 7.5, apres=0.3
        )
    pdf.sous_titre("Références", 9)
    morceaux: list[Morceau] = []
    for n, (titre, lien) in enumerate(toutes, start=1):
        morceaux += [
            Morceau(f"[{n}] ", gras=True),
            Morceau(f"{titre} ("),
            Morceau(_hote(lien), couleur=BLEU, lien=lien),
            Morceau(").  "),
        ]
    if morceaux:
        pdf.paragraphe(morceaux, 7)


def _pied(s: Synthese) -> str:
    nom = s.projet.structure.nom
    nom = nom if len(nom) <= 60 else nom[:59] + "…"
    return f"Synthèse — {nom} — {s.date:%d/%m/%Y} — simulateur SIAE v{s.version}"


def conseil_sur_une_page(s: Synthese) -> PageConseil:
    """The fullest board's page that fits on one page: tried on a draft document (tens of ms), shorter lists
    for long names or many scenarios."""
    for limites in LIMITES[:-1]:
        conseil = page_du_conseil(s, limites)
        essai = Document("")
        essai.add_page()
        _page_conseil(essai, s, conseil)
        if essai.page_no() == 1:
            return conseil
    return page_du_conseil(s, LIMITES[-1])


def _rien(part: float, etape: str) -> None:
    return None


def ecrire_pdf(s: Synthese, progression: Progression = _rien) -> bytes:
    """The PDF (bytes); `progression` is told each step (the charts take most of the time)."""
    graphiques = _Graphiques(s)  # converted in a worker while the first pages are written
    pdf = Document(_pied(s))
    pdf.set_title(f"Synthèse — {s.projet.structure.nom}")
    pdf.set_author("Simulateur du modèle économique des SIAE")
    pdf.set_creator(f"iae_model {s.version}")
    pdf.set_lang("fr-FR")
    progression(0.05, "Page de synthèse pour le conseil")
    pdf.add_page()
    _page_conseil(pdf, s, conseil_sur_une_page(s))
    pdf.add_page()
    progression(0.15, "La structure et les scénarios")
    _structure(pdf, s)
    _scenarios(pdf, s)
    progression(0.25, "Chiffres clés par année")
    _chiffres_cles(pdf, s)
    _graphiques(pdf, s, graphiques, progression)
    progression(0.85, "Alertes, effort de retour à l'équilibre et sources")
    _alertes(pdf, s)
    _effort(pdf, s)
    _guide(pdf, s)
    _sources(pdf, s)
    progression(0.95, "Assemblage du fichier")
    return bytes(pdf.output())
