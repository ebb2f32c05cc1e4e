"""``python -m pf_register``: the command line without the desktop app."""

from pf_register.cli import main

raise SystemExit(main())
