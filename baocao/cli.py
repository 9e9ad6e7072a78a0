"""The ``baocao`` console script: Django's management verbs plus ours.

``baocao parse FILE...`` runs the pure parser without touching Django or a database.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    """Dispatch ``baocao VERB ...`` to the parser or to Django's management commands."""
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and args[1] == "parse":
        from baocao.parser.cli import main as parse_main

        return parse_main(args[2:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baocao.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
