"""The console script's entry (`antt`, `python -m antt_cli`): `antt --version` answers here,
before typer and the command tree are built (about a third of a plain start-up); everything else
goes to `antt_cli.cli.main.run`, where options are parsed and errors become exit codes.

Start-up runs without the cyclic garbage collector: importing typer, pydantic-core, PyYAML and
rich and loading the criteria make some 60,000 objects that live for the whole run, and the
collector would scan them again and again while they are made (about 5 % of a one-file run).
`started()` turns it back on, with those objects frozen out of its reach (gc.freeze), before a
command reads its inputs; a program that uses antt from Python never comes through here.

At exit, every object is frozen too: the interpreter's last collections, which would walk every
object of the run once more only to find the few cycles among them (a tenth of a one-file run),
are skipped; objects are still freed as the modules are torn down, and antt closes its files and
processes itself, never leaving that to a collection."""

from __future__ import annotations

import gc
import sys

_held = False    # the collector was turned off here, and is not on again yet
_frozen = False  # started() froze what start-up made
_exit_hooked = False


def run() -> None:
    global _held, _frozen, _exit_hooked
    if sys.argv[1:] == ["--version"]:
        from antt_cli import __version__

        print(f"antt {__version__}")
        sys.exit(0)
    if not _exit_hooked:
        import atexit

        atexit.register(gc.freeze)  # runs before the interpreter's collections at exit
        _exit_hooked = True
    _held, _frozen = gc.isenabled(), False
    if _held:
        gc.disable()
    try:
        from antt_cli.cli.main import run as full

        full()
    finally:  # the collector as it was: run in a process that goes on (tests, a host program), nothing is left held
        if _frozen:
            gc.unfreeze()
        if _held:
            gc.enable()
        _held = _frozen = False


def started() -> None:
    """Start-up is over: the collector on again, for the work of the command (a no-op unless `run`
    turned it off)."""
    global _held, _frozen
    if _held:
        _held, _frozen = False, True
        gc.freeze()  # what start-up made stays: modules, classes, the criteria
        gc.enable()
