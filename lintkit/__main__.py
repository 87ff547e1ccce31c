"""``python -m lintkit``."""

import sys

from lintkit.cli import main

sys.exit(main())
