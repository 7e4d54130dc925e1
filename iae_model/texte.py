"""User text made inert in every Markdown the project writes (guide export, summary, the app's pages).

A name, a note or an action typed by a user must show as typed, and never become HTML, a link, an
image, a heading, a list, a table cell boundary, code or emphasis in the reader's renderer (GitHub,
a wiki, Streamlit). `echapper_markdown` is the one function for that; `echapper_markdown_ligne` is
the same for a place that holds one line (a table cell, a heading).

Contract (CommonMark with the GFM extensions, and Streamlit's Markdown):

* every character Markdown gives a meaning to is backslash-escaped (CommonMark shows the character
  alone): `` & < > \\ ` * _ [ ] ~ | # $ `` everywhere (`&`, `<`, `>`: no HTML tag nor entity can come
  from the text, even where raw HTML is let through; `$`: Streamlit's LaTeX), `:` before a non-space
  (emoji and icon codes `:smile:`), and at the start of a line `-`, `+`, `=` and the `.` or `)` of a
  number (lists, setext headings, thematic breaks); leading spaces are dropped (no code block);
* a bare address is not turned into a link: an invisible WORD JOINER (U+2060) goes after the `:` of
  `://`, after `www` and after `@`, where GFM autolinks look (some renderers, Streamlit's among them,
  look for addresses after reading the escapes, so an escape alone would not do), and the `.` between
  two words is escaped (renderers that link bare domains, `exemple.fr`);
* line breaks (any of `\\r\\n`, `\\r`, `\\n`, U+2028...) become Markdown hard breaks (a backslash at the
  end of the line) followed by `retrait`, so that a multi-line note stays inside its list item (give
  the item's content indent) or its paragraph; blank lines are dropped (they would end the item).

Rendered by a CommonMark renderer, the result shows exactly the characters of the text, apart from
the word joiners (invisible), leading spaces and blank lines, and the line breaks (kept as `<br>`).
"""

from __future__ import annotations

import re

JOINT = "\u2060"
"""WORD JOINER: invisible, never a line break; it breaks the patterns autolinks look for."""

_SPECIAUX = re.compile(r"[&<>\\`*_\[\]~|#$@]|:(?=\S)|(?<=\w)\.(?=[^\W\d_])")
_AUTOLIENS = re.compile(r"(?<=\w\\:)(?=//)|(?<=\b[wW]{3})(?=\\\.)|(?<=@)")
_DEBUT_DE_LIGNE = re.compile(r"^([-+=])|^(\d+)([.)])")
_LIGNES = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _echapper(ligne: str) -> str:
    ligne = _SPECIAUX.sub(r"\\\g<0>", ligne.lstrip())
    ligne = _DEBUT_DE_LIGNE.sub(lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", ligne)
    return _AUTOLIENS.sub(JOINT, ligne)


def _lignes(texte: object) -> list[str]:
    return [ligne for ligne in _LIGNES.split(str(texte)) if ligne.strip()]


def echapper_markdown(texte: object, retrait: str = "") -> str:
    """`texte` (made a string) shown as typed in Markdown; its line breaks are hard breaks followed by
    `retrait` (the content indent of the list item it is written in, `""` in a paragraph). See the module."""
    return ("\\\n" + retrait).join(_echapper(ligne.rstrip()) for ligne in _lignes(texte))


def echapper_markdown_ligne(texte: object, separateur: str = " / ") -> str:
    """The same on one line (a table cell, a heading): the text's lines joined by `separateur`."""
    return separateur.join(_echapper(ligne.strip()) for ligne in _lignes(texte))


def lien_markdown(titre: str, href: str) -> str:
    """A Markdown link to a reference: its title shown as typed, its address with what would end it encoded."""
    for signe, code in ((" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E")):
        href = href.replace(signe, code)
    return f"[{echapper_markdown_ligne(titre)}]({href})"


def texte_simple(texte: object) -> str:
    """Plain text on one line (a PDF or spreadsheet label that cannot wrap): whitespace runs become one space."""
    return " ".join(str(texte).split())


_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "’": " "})


def translitterer(texte: str) -> str:
    """« Œuvre d'Été » -> "oeuvre d ete": lower-case ASCII, accents dropped, ligatures spelled out. The one
    transliteration of the project (file names of every export, scenario ids made from a libellé)."""
    import unicodedata

    nom = texte.translate(_LIGATURES)
    return unicodedata.normalize("NFKD", nom).encode("ascii", "ignore").decode().lower()


def nom_simple(texte: str) -> str:
    """« Œuvre d'Économie » -> 'oeuvre_d_economie': ASCII, accents transliterated, no spaces (file names)."""
    return re.sub(r"[^a-z0-9]+", "_", translitterer(texte)).strip("_")[:60].strip("_") or "projet"


def nom_de_fichier(nom: str, extension: str, prefixe: str = "", suffixe: str = "") -> str:
    """The download name of every file the project writes, from the structure's name: ASCII (`nom_simple`),
    no spaces (« Œuvre d'Été », "md", suffixe="guide" -> 'oeuvre_d_ete_guide.md')."""
    return f"{prefixe + '_' if prefixe else ''}{nom_simple(nom)}{'_' + suffixe if suffixe else ''}.{extension}"
