"""``python -m backcare_kit`` runs the command line."""

from .cli import main

main()
