"""Run the parser as ``python -m baocao.parser FILE...``."""

from __future__ import annotations

import sys

from baocao.parser.cli import main

raise SystemExit(main(sys.argv[1:]))
