"""``python -m symposium_kit`` runs the command-line interface."""

from .cli import main

raise SystemExit(main())
