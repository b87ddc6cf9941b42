"""`python -m sahel`: the sahel command (see sahel.cli)."""

import sys

from sahel.cli import main

sys.exit(main())
