"""The console script's entry (`antt`, `python -m antt_cli`): `antt --version` answers here,
before typer and the command tree are built (about a third of a plain start-up); everything else
goes to `antt_cli.cli.main.run`, where options are parsed and errors become exit codes."""

from __future__ import annotations

import sys


def run() -> None:
    if sys.argv[1:] == ["--version"]:
        from antt_cli import __version__

        print(f"antt {__version__}")
        sys.exit(0)
    from antt_cli.cli.main import run as full

    full()
