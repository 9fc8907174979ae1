"""`python -m pmsim`."""

from pmsim.cli import main

raise SystemExit(main())
