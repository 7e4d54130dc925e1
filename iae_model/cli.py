"""Command line: `python -m iae_model valider|simuler|parametres|exporter|ajouter|atelier`.

For scripts, facilitators' batch work and tests. An invalid file ends with exit status 2 and a
French message on stderr naming the field; nothing ends in a traceback.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from iae_model import comptes
from iae_model.formats import euros, nombre, pourcentage
from iae_model.parametres import ErreurParametre, charger_parametres
from iae_model.presets import importer_preset, noms_des_presets, preset
from iae_model.projet import ErreurProjet, charger_projet, ecrire_projet, projet_depuis_donnees
from iae_model.projet.brouillon import scenario_du_brouillon
from iae_model.projet.edition import ajouter_item
from iae_model.simulation import Resultat, ResultatScenario, simuler
from iae_model.vocabulaire import INDICATEURS
from iae_model.yaml_sur import ErreurYaml, lire_yaml

CODE_INVALIDE = 2


class _Parseur(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(CODE_INVALIDE, f"Erreur : {message}\n")


def _parseur() -> argparse.ArgumentParser:
    p = _Parseur(prog="python -m iae_model", description="Simulateur du modèle économique d'une SIAE.")
    p.add_argument("--debug", action="store_true", help="en cas d'erreur inattendue, afficher la trace Python complète")
    sous = p.add_subparsers(dest="commande", required=True, parser_class=_Parseur, metavar="COMMANDE")
    v = sous.add_parser("valider", help="vérifier un fichier projet")
    v.add_argument("projet", help="fichier projet YAML")
    s = sous.add_parser("simuler", help="simuler les scénarios d'un projet")
    s.add_argument("projet", help="fichier projet YAML")
    s.add_argument("--scenario", action="append", metavar="ID", help="identifiant d'un scénario (répétable)")
    s.add_argument("--format", choices=("tableau", "json", "csv"), default="tableau")
    s.add_argument(
        "--hypothese",
        action="append",
        metavar="ID",
        help="hypothèse de l'État ajoutée en scénario sur la référence, comme le bouton de la page Scénarios "
        "(ID : nom de son fichier dans scenarios/hypotheses_etat sans « .yaml » ; répétable)",
    )
    e = sous.add_parser(
        "exporter",
        help="écrire la synthèse PDF, le classeur Excel ou le résumé Markdown d'un projet",
        description="Écrit au moins un des fichiers --pdf, --xlsx, --markdown (« - » : le Markdown sur la sortie).",
    )
    e.add_argument("projet", help="fichier projet YAML")
    e.add_argument("--pdf", metavar="FICHIER", help="synthèse PDF pour le conseil d'administration")
    e.add_argument("--xlsx", metavar="FICHIER", help="classeur Excel (chiffres, hypothèses, alertes, paramètres)")
    e.add_argument("--markdown", metavar="FICHIER", help="résumé Markdown (courriel, wiki)")
    e.add_argument("--scenario", action="append", metavar="ID", help="scénario à inclure (répétable ; tous par défaut)")
    aj = sous.add_parser(
        "ajouter",
        help="ajouter un choc ou un levier à un scénario de plusieurs projets (atelier, réseau)",
        description=(
            "Ajoute le même choc ou levier au scénario --scenario de chaque fichier projet, avec les règles de la "
            "page Scénarios (iae_model.projet.edition). Un fichier n'est réécrit que si le projet obtenu est "
            "valide ; sinon il reste intact et ses erreurs sont dites. Les taux s'écrivent comme dans le fichier "
            "projet (−0.1 pour −10 %)."
        ),
    )
    aj.add_argument("projets", nargs="+", metavar="PROJET", help="fichiers projet YAML")
    aj.add_argument("--scenario", required=True, metavar="ID", help="identifiant du scénario qui reçoit l'élément")
    quoi = aj.add_mutually_exclusive_group(required=True)
    quoi.add_argument(
        "--choc", metavar="YAML", help="le choc, par exemple '{type: reduction_etp, annee: 2026, taux: -0.1}'"
    )
    quoi.add_argument("--levier", metavar="YAML", help="le levier, même écriture")
    at = sous.add_parser(
        "atelier",
        help="mettre en commun les projets d'un atelier sous une hypothèse de l'État",
        description=(
            "Simule chaque projet sous l'hypothèse de l'État (ajoutée sur sa référence, comme simuler --hypothese) "
            "et compte, année par année, les structures en déficit et en trésorerie négative, avant et après "
            "l'hypothèse, avec la somme des ETP conventionnés et des résultats. Un fichier invalide est signalé et "
            "laissé de côté."
        ),
    )
    at.add_argument(
        "sources", nargs="+", metavar="DOSSIER_OU_FICHIER", help="fichiers projet YAML ou dossiers qui en contiennent"
    )
    at.add_argument("--hypothese", required=True, metavar="ID", help="hypothèse de l'État (voir simuler --hypothese)")
    at.add_argument("--titre", default="Atelier", help="nom de l'atelier (« Atelier » par défaut)")
    at.add_argument("--format", choices=("tableau", "json", "csv"), default="tableau")
    at.add_argument("--pdf", metavar="FICHIER", help="livret de l'atelier : les chiffres de la salle, sans personne")
    at.add_argument(
        "--xlsx",
        metavar="FICHIER",
        help="classeur de l'atelier : chiffres par année et une ligne anonyme par structure",
    )
    pa = sous.add_parser("parametres", help="afficher les paramètres officiels en vigueur à une date")
    pa.add_argument("--date", metavar="AAAA-MM-JJ", help="date (aujourd'hui par défaut)")
    pa.add_argument("--format", choices=("tableau", "json"), default="tableau")
    return p


def _invalide(message: str) -> int:
    print(message, file=sys.stderr)
    return CODE_INVALIDE


def _rapport_erreurs(chemin: str, exc: ErreurProjet) -> str:
    lignes = [f"Fichier projet invalide : {chemin}"]
    lignes += [f"  - {e}" for e in exc.erreurs]
    return "\n".join(lignes)


def _valider(args: argparse.Namespace) -> int:
    projet = charger_projet(args.projet)
    ref = projet.structure.annee_reference
    print(
        f"Projet valide : {projet.structure.nom} — {len(projet.conventionnements)} conventionnement(s), "
        f"{len(projet.scenarios)} scénario(s), années {ref} à {projet.hypotheses.horizon}"
    )
    return 0


def _tableau_scenario(s: ResultatScenario) -> str:
    annees = [a.annee for a in s.annees]
    lignes = [
        (ligne.dans_un_tableau, [nombre(v or 0.0, 2) if ligne.categorie == "etp" else euros(v or 0.0) for v in valeurs])
        for ligne, valeurs in comptes.par_annee(s.annees, comptes.COMPTES_CLI)
    ]
    ratio = [a.indicateurs.get("ratio_commercial_aci") for a in s.annees]
    if any(r is not None for r in ratio):
        lignes.append((INDICATEURS["ratio_commercial_aci"][0], ["—" if r is None else pourcentage(r) for r in ratio]))
    largeur = max(len(libelle) for libelle, _ in lignes) + 2
    sortie = [f"Scénario « {s.libelle} » ({s.id})", " " * largeur + "".join(f"{a:>14}" for a in annees)]
    sortie += [f"{libelle:<{largeur}}" + "".join(f"{c:>14}" for c in cellules) for libelle, cellules in lignes]
    if s.alertes:
        sortie.append("Alertes :")
        sortie += [f"  {al.annee} [{al.code}] {al.message}" for al in s.alertes]
    return "\n".join(sortie)


def _simuler(args: argparse.Namespace) -> int:
    projet = charger_projet(args.projet)
    connus = [s.id for s in projet.scenarios]
    inconnus = [i for i in args.scenario or [] if i not in connus]
    if inconnus:
        return _invalide(f"Scénario inconnu : {', '.join(inconnus)} (scénarios du projet : {', '.join(connus)})")
    choisis = list(args.scenario or [])
    for nom in args.hypothese or []:
        try:
            importe = importer_preset(projet, preset(nom), base=projet.scenario_de_reference())
        except KeyError:
            return _invalide(f"Hypothèse de l'État inconnue : {nom} (connues : {', '.join(noms_des_presets())})")
        projet = importe.projet
        for note in importe.notes:
            print(f"Hypothèse « {nom} » : {note}", file=sys.stderr)
        if choisis:
            choisis.append(importe.scenario_id)
    resultat = simuler(projet, choisis or None)
    if args.format == "json":
        json.dump(resultat.en_json(), sys.stdout, ensure_ascii=False, indent=1)
        print()
    elif args.format == "csv":
        print(_csv(resultat), end="")
    else:
        print(f"Projet : {resultat.projet}\n")
        print("\n\n".join(_tableau_scenario(s) for s in resultat.scenarios))
    return 0


def _exporter(args: argparse.Namespace) -> int:
    if not (args.pdf or args.xlsx or args.markdown):
        return _invalide(
            "Erreur : indiquez au moins un fichier à écrire : --pdf FICHIER, --xlsx FICHIER ou --markdown FICHIER"
        )
    projet = charger_projet(args.projet)
    from iae_model import exports  # fpdf2, openpyxl and altair are imported only by this command

    try:
        synthese = exports.preparer(projet, args.scenario)
    except exports.ScenarioInconnu as exc:
        return _invalide(str(exc))
    sorties: list[tuple[str, str, Callable[[], bytes]]] = []
    if args.pdf:
        sorties.append(("synthèse PDF", args.pdf, lambda: exports.ecrire_pdf(synthese)))
    if args.xlsx:
        sorties.append(("classeur Excel", args.xlsx, lambda: exports.ecrire_xlsx(synthese)))
    if args.markdown:
        sorties.append(("résumé Markdown", args.markdown, lambda: exports.ecrire_markdown(synthese).encode("utf-8")))
    compte_rendu = sys.stderr if args.markdown == "-" else sys.stdout  # stdout may carry the Markdown
    for quoi, chemin, ecrire in sorties:
        contenu = ecrire()
        if chemin == "-" and quoi == "résumé Markdown":
            sys.stdout.write(contenu.decode("utf-8"))
            continue
        if not _ecrire_fichier(chemin, contenu):
            return 1
        pages = f"{exports.nombre_de_pages(contenu)} pages, " if quoi == "synthèse PDF" else ""
        print(f"Écrit : {chemin} ({quoi}, {pages}{nombre(len(contenu) / 1024)} Ko)", file=compte_rendu)
    return 0


def _ecrire_fichier(chemin: str, contenu: bytes) -> bool:
    """Write an export; on failure say why in French (the commands then end with status 1)."""
    try:
        Path(chemin).write_bytes(contenu)
    except OSError as exc:
        raison = _RAISONS.get(type(exc), exc.strerror or str(exc))
        print(f"Impossible d'écrire « {chemin} » : {raison}", file=sys.stderr)
        return False
    return True


_RAISONS: dict[type[OSError], str] = {
    FileNotFoundError: "le dossier n'existe pas",
    PermissionError: "permission refusée",
    IsADirectoryError: "c'est un dossier",
}


def _fichiers_de(sources: Sequence[str]) -> tuple[list[Path], list[str]]:
    """The project files named or found in the folders named (sorted), and what could not be read as such."""
    fichiers, absents = [], []
    for source in sources:
        chemin = Path(source)
        if chemin.is_dir():
            fichiers += sorted(p for p in chemin.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        elif chemin.is_file():
            fichiers.append(chemin)
        else:
            absents.append(source)
    return fichiers, absents


LIGNES_ATELIER = (
    ("en_deficit", "Structures en déficit"),
    ("tresorerie_negative", "Structures en trésorerie négative (un mois au moins)"),
    ("etp_conventionnes", "ETP conventionnés"),
    ("resultat_total", "Résultat total"),
)


def _atelier(args: argparse.Namespace) -> int:
    from iae_model import atelier

    try:
        hypothese = preset(args.hypothese)
    except KeyError:
        return _invalide(f"Hypothèse de l'État inconnue : {args.hypothese} (connues : {', '.join(noms_des_presets())})")
    fichiers, absents = _fichiers_de(args.sources)
    for source in absents:
        print(f"Ni fichier ni dossier : {source}", file=sys.stderr)
    participations = []
    for chemin in fichiers:
        try:
            participations.append(atelier.participation(charger_projet(chemin), hypothese))
        except ErreurProjet as exc:
            print(_rapport_erreurs(str(chemin), exc) + "\n  (laissé de côté)", file=sys.stderr)
    if not participations:
        return _invalide("Aucun projet valide à mettre en commun.")
    commun = atelier.mettre_en_commun(participations, args.titre, args.hypothese)
    ignores = len(fichiers) - len(participations) + len(absents)
    if ignores:
        print(f"{ignores} source(s) laissée(s) de côté sur {len(fichiers) + len(absents)}.", file=sys.stderr)
    if not atelier.publiable(len(participations)):
        print(
            f"Attention : {len(participations)} structure(s) seulement ; en dessous de "
            f"{atelier.EFFECTIF_MIN_PUBLIE}, ces chiffres permettent de les reconnaître : ne les montrez pas.",
            file=sys.stderr,
        )
    sorties: list[tuple[str, str, Callable[[], bytes]]] = []
    if args.pdf:
        from iae_model.exports.atelier_pdf import ecrire_livret

        sorties.append(("livret de l'atelier", args.pdf, lambda: ecrire_livret(commun, hypothese.libelle)))
    if args.xlsx:
        from iae_model.exports.atelier_xlsx import ecrire_classeur_atelier

        sorties.append(
            (
                "classeur de l'atelier",
                args.xlsx,
                lambda: ecrire_classeur_atelier(participations, commun, hypothese.libelle),
            )
        )
    for quoi, chemin, ecrire in sorties:
        contenu = ecrire()
        if not _ecrire_fichier(chemin, contenu):
            return 1
        print(f"Écrit : {chemin} ({quoi}, {nombre(len(contenu) / 1024)} Ko)", file=sys.stderr)
    if args.format == "json":
        json.dump(commun, sys.stdout, ensure_ascii=False, indent=1)
        print()
    elif args.format == "csv":
        ecrivain = csv.writer(sys.stdout, lineterminator="\n")
        ecrivain.writerow(["annee", "participants", "indicateur", "reference", "hypothese"])
        for a in commun["annees"]:
            for cle, _ in LIGNES_ATELIER:
                ecrivain.writerow([a["annee"], a["participants"], cle, a[cle]["reference"], a[cle]["hypothese"]])
    else:
        print(_tableau_atelier(commun, hypothese.libelle))
    return 0


def _tableau_atelier(commun: dict, libelle_hypothese: str) -> str:
    types = ", ".join(f"{n} {t}" for t, n in commun["par_type"].items())
    sortie = [
        f"{commun['atelier']} : {commun['participants']} structure(s) ({types})",
        f"Hypothèse de l'État : « {libelle_hypothese} » ({commun['hypothese']}), ajoutée sur la référence de chacune",
        "",
    ]
    annees = commun["annees"]
    largeur = 62
    sortie.append(" " * largeur + "".join(f"{a['annee']:>14}" for a in annees))
    for cle, libelle in LIGNES_ATELIER:
        for quand, mot in (("reference", "référence"), ("hypothese", "hypothèse")):
            cellules = []
            for a in annees:
                v = a[cle][quand]
                cellules.append(
                    euros(v) if cle == "resultat_total" else nombre(v, 1 if cle == "etp_conventionnes" else 0)
                )
            sortie.append(f"{libelle + ', ' + mot:<{largeur}}" + "".join(f"{c:>14}" for c in cellules))
    sortie.append("")
    sortie.append(f"ETP à risque (coupe de l'hypothèse au-delà de ce que chacune peut absorber) : "
                  f"{nombre(commun['etp_a_risque'], 1)}")  # fmt: skip
    if commun["effort"]:
        sortie.append(
            f"Effort de retour à l'équilibre, la plus dure des années : médiane {euros(commun['effort']['mediane'])}, "
            f"maximum {euros(commun['effort']['maximum'])}"
        )
    moins_prets = [f"{x['section']} ({pourcentage(x['preparation'], 0)})" for x in commun["preparation_guide"][:3]]
    if moins_prets:
        sortie.append("Sections du guide les moins préparées : " + " ; ".join(moins_prets))
    return "\n".join(sortie)


def _csv(resultat: Resultat) -> str:
    tampon = io.StringIO()
    lignes = resultat.lignes()
    champs = ["scenario", "annee", "conventionnement", "categorie", "ligne", "valeur"]
    ecrivain = csv.DictWriter(tampon, fieldnames=champs, lineterminator="\n")
    ecrivain.writeheader()
    ecrivain.writerows(lignes)
    return tampon.getvalue()


def _parametres(args: argparse.Namespace) -> int:
    if args.date:
        try:
            jour = dt.date.fromisoformat(args.date)
        except ValueError:
            return _invalide(f"Date invalide « {args.date} » : format attendu AAAA-MM-JJ")
    else:
        jour = dt.date.today()
    parametres = charger_parametres()
    entrees = []
    for nom in parametres:
        p = parametres[nom]
        valeur = p.valeur_connue(jour)
        debut = p.debut_valeur(jour)
        entrees.append(
            {
                "nom": nom,
                "libelle": p.libelle_court,
                "unite": p.unite,
                "valeur": valeur,
                "depuis": None if debut is None else debut.isoformat(),
                "valide_jusqu_au": p.valide_jusqu_au.isoformat(),
                "au_dela_derniere_valeur_connue": jour > p.valide_jusqu_au,
                "confiance": p.confiance_au(jour),
                "references": [{"title": r.titre, "href": r.lien} for r in p.references_au(jour)],
            }
        )
    if args.format == "json":
        json.dump({"date": jour.isoformat(), "parametres": entrees}, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    print(f"Paramètres en vigueur le {jour:%d/%m/%Y}\n")
    for e in entrees:
        if e["valeur"] is None:
            texte = "non en vigueur"
        elif e["unite"] == "/1":
            texte = pourcentage(e["valeur"], 2)
        elif e["unite"].startswith("currency"):
            texte = euros(e["valeur"], 2)
        else:
            texte = nombre(e["valeur"], 2)
        avertissement = ""
        if e["au_dela_derniere_valeur_connue"]:
            avertissement = f" (dernière valeur connue, valable au moins jusqu'au {e['valide_jusqu_au']})"
        if e["confiance"] != "haute":
            avertissement += f" [confiance {e['confiance']}]"
        print(f"{e['nom']:<48} {texte:>16}  depuis {e['depuis'] or '—'}{avertissement}")
        for r in e["references"]:
            print(f"{'':<50}{r['title']} — {r['href']}")
    return 0


def _ajouter(args: argparse.Namespace) -> int:
    """The same edit on many projects: each file is rewritten only when the edited project is valid."""
    genre, texte = ("chocs", args.choc) if args.choc is not None else ("leviers", args.levier)
    try:
        item = lire_yaml(texte)
    except ErreurYaml as exc:
        return _invalide(f"--{genre[:-1]} : {exc}")
    if not isinstance(item, dict) or "type" not in item:
        return _invalide(f"--{genre[:-1]} : un dictionnaire avec son « type » est attendu, par exemple {{type: …}}")
    echecs = 0
    for chemin in map(Path, args.projets):
        try:
            donnees = lire_yaml(chemin.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ErreurYaml) as exc:
            echecs += 1
            print(f"{chemin} : non modifié, fichier illisible ({exc})", file=sys.stderr)
            continue
        if scenario_du_brouillon(donnees, args.scenario) is None:
            echecs += 1
            print(f"{chemin} : non modifié, pas de scénario « {args.scenario} »", file=sys.stderr)
            continue
        try:
            projet = projet_depuis_donnees(ajouter_item(donnees, args.scenario, genre, item))
        except ErreurProjet as exc:
            echecs += 1
            print(_rapport_erreurs(f"{chemin} (non modifié)", exc), file=sys.stderr)
            continue
        provisoire = chemin.with_name(f".{chemin.name}.tmp")
        provisoire.write_text(ecrire_projet(projet), encoding="utf-8")
        provisoire.replace(chemin)
        ajoute = projet.scenario(args.scenario)
        dernier = (ajoute.chocs if genre == "chocs" else ajoute.leviers)[-1]
        print(f"{chemin} : « {dernier.titre()} » ajouté au scénario « {ajoute.libelle} »")
    return CODE_INVALIDE if echecs else 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parseur().parse_args(argv)
    try:
        if args.commande == "valider":
            return _valider(args)
        if args.commande == "simuler":
            return _simuler(args)
        if args.commande == "exporter":
            return _exporter(args)
        if args.commande == "ajouter":
            return _ajouter(args)
        if args.commande == "atelier":
            return _atelier(args)
        return _parametres(args)
    except ErreurProjet as exc:
        return _invalide(_rapport_erreurs(getattr(args, "projet", ""), exc))
    except ErreurParametre as exc:
        print(f"Paramètres officiels invalides : {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except Exception as exc:  # no traceback for a user, unless asked for with --debug
        if args.debug:
            traceback.print_exc()
        else:
            print(
                f"Erreur inattendue ({type(exc).__name__}) : {exc}\n"
                "Relancez avec --debug (python -m iae_model --debug …) pour la trace complète à signaler.",
                file=sys.stderr,
            )
        return 1
