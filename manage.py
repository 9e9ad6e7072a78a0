#!/usr/bin/env python
"""Django's command-line utility for baocao (same as the ``baocao`` console script)."""

import sys

from baocao.cli import main

if __name__ == "__main__":
    sys.exit(main())
