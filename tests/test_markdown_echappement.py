"""One escaping for every Markdown the project writes (issue 8, item 10): `iae_model.texte`.

Each hostile text goes through the escaping, then through a real CommonMark + GFM renderer
(markdown-it-py: tables, strikethrough, raw HTML let through, and linkify, which links bare
addresses and even bare domains): no tag, link, image, heading, list or cell may come from the
text, and the text shown is the text typed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import pytest
from fabrique import CHAMPS_TEXTE, donnees_piegees, projet
from markdown_it import MarkdownIt

from iae_model.exports import exporter_markdown
from iae_model.guide import charger_guide, guide_en_markdown
from iae_model.texte import JOINT, echapper_markdown, echapper_markdown_ligne


def _rendu(source: str) -> str:
    md = MarkdownIt("gfm-like", {"html": True, "linkify": True})
    md.linkify.set({"fuzzy_link": True, "fuzzy_email": True})
    return md.render(source)


def _visible(rendu: str) -> str:
    """What a reader sees: tags removed, entities read, line breaks as new lines, word joiners gone."""
    texte = re.sub(r"<br\s*/?>", "\n", rendu)
    return html.unescape(re.sub(r"<[^>]+>", "", texte)).replace(JOINT, "")


def _lignes(texte: str) -> list[str]:
    return [x.strip() for x in re.split("\r\n|[\n\r\u2028]", texte) if x.strip()]


HOSTILES = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "![](http://x.fr/p.png)",
    "[clic](javascript:alert(1))",
    "<http://x.fr> <a href=x>",
    "a\n# Titre\n## Autre",
    "Titre\n===\n---",
    "`code` ``` ~~~",
    "a | b |\n|---|---|",
    "note\r\nsur deux\n\nlignes\u2028ici",
    "http://x.fr https://y.fr/a?b=c",
    "www.exemple.fr",
    "voir exemple.fr, a@b.fr",
    "mailto:a@b.fr //z.fr",
    "*gras* _it_ ~~barré~~ **x**",
    "$x^2$ :smile: :red[rouge]",
    "1. un\n2) deux\n- trois\n+ quatre\n* cinq",
    "> cité\n    code indenté\n\tet tab",
    "&lt;b&gt; &amp; &#60;i&#62;",
    "fin\\",
    "[^1] [ref]: http://x.fr",
    "<!-- commentaire -->",
]
BALISES_INTERDITES = ("<script", "<img", "<a ", "<h1", "<h2", "<h3", "<code", "<pre", "<em", "<del", "<ol",
                      "<blockquote", "<hr", "<table", "<!--", "<ul", "<strong")  # fmt: skip


@pytest.mark.parametrize("texte", HOSTILES, ids=[f"h{i}" for i in range(len(HOSTILES))])
def test_un_texte_hostile_reste_du_texte_dans_chaque_contexte(texte: str) -> None:
    contextes: dict[str, Callable[[str], str]] = {
        "paragraphe": lambda t: echapper_markdown(t) + "\n",
        "element_de_liste": lambda t: "- " + echapper_markdown(t, retrait="  ") + "\n",
        "cellule": lambda t: "| a | b |\n|---|---|\n| " + echapper_markdown_ligne(t) + " | x |\n",
        "titre": lambda t: "### " + echapper_markdown_ligne(t) + "\n",
    }
    for contexte, ecrire in contextes.items():
        rendu = _rendu(ecrire(texte))
        interieur = rendu
        for ouvrant in ("<ul>\n<li>", "<table>", "<h3>"):
            interieur = interieur.replace(ouvrant, "", 1)
        assert [b for b in BALISES_INTERDITES if b in interieur] == [], (contexte, rendu)
        assert rendu.count("<li>") == (1 if contexte == "element_de_liste" else 0), (contexte, rendu)
        assert rendu.count("<td>") == (2 if contexte == "cellule" else 0), (contexte, rendu)
        vu = _visible(rendu)
        if contexte in ("cellule", "titre"):  # one line: the lines are joined by « / »
            assert " / ".join(_lignes(texte)) in " ".join(vu.split("\n")), (contexte, rendu)
        else:
            assert _lignes(vu) == _lignes(texte), (contexte, rendu)


def test_le_contrat_sur_un_exemple_ecrit_a_la_main() -> None:
    assert echapper_markdown("<b>&1</b>") == r"\<b\>\&1\</b\>"
    assert echapper_markdown("a@b.fr") == "a\\@" + JOINT + "b\\.fr"
    assert echapper_markdown("https://x.fr") == "https\\:" + JOINT + "//x\\.fr"
    assert echapper_markdown("www.x") == "www" + JOINT + "\\.x"
    assert echapper_markdown("  - a\n\n1. b|c", retrait="    ") == "\\- a\\\n    1\\. b\\|c"
    assert echapper_markdown_ligne("a\r\nb\n\nc") == "a / b / c"
    assert echapper_markdown("10 : 30, 10:30") == "10 : 30, 10\\:30"


# --- the two exports, with a project whose every free text is hostile --------------------------------


def _piege(hostile: str) -> Callable[[str], str]:
    def piege(champ: str) -> str:
        return hostile[:40] if champ == "guide.echeance" else f"{hostile} {champ}"

    return piege


def _sans_piege(champ: str) -> str:
    return f"Texte {champ}"


def _structure(rendu: str) -> dict[str, int]:
    """How many of each tag a rendering holds: the same with hostile texts as with plain ones."""
    return {b: rendu.count(b) for b in ("<h1", "<h2", "<h3", "<a ", "<img", "<script", "<li>", "<td>", "<table")}


def _guide(piege: Callable[[str], str]) -> str:
    return guide_en_markdown(charger_guide(), projet(donnees_piegees(piege)))


def _resume(piege: Callable[[str], str]) -> str:
    return exporter_markdown(projet(donnees_piegees(piege)), guide=charger_guide())


@pytest.mark.parametrize("export", [_guide, _resume], ids=["guide", "resume"])
@pytest.mark.parametrize("hostile", HOSTILES, ids=[f"h{i}" for i in range(len(HOSTILES))])
def test_chaque_export_montre_le_texte_saisi_sans_l_interpreter(export: Callable, hostile: str) -> None:
    attendu = _structure(_rendu(export(_sans_piege)))
    rendu = _rendu(export(_piege(hostile)))
    assert _structure(rendu) == attendu
    vu = " ".join(_visible(rendu).split("\n"))
    # every line of every field shows as typed (fields quoted inside a generated sentence included)
    presents = {c for c in CHAMPS_TEXTE if c in vu}
    assert presents, vu
    for ligne in _lignes(hostile):
        assert ligne in vu, (ligne, rendu)
