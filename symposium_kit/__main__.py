"""``python -m symposium_kit`` runs the command-line interface."""

from .cli.main import main

raise SystemExit(main())
