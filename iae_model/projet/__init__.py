"""The project file: typed model, validation with French messages, reading and writing."""

from iae_model.projet.fichier import (
    ErreurLigne,
    ErreurProjet,
    charger_projet,
    ecrire_projet,
    enregistrer_projet,
    lire_projet,
    projet_depuis_donnees,
    projet_en_donnees,
)
from iae_model.projet.modele import Projet

__all__ = [
    "ErreurLigne",
    "ErreurProjet",
    "Projet",
    "charger_projet",
    "ecrire_projet",
    "enregistrer_projet",
    "lire_projet",
    "projet_depuis_donnees",
    "projet_en_donnees",
]
