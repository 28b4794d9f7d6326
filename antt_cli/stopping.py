"""A stop the run was asked for (Ctrl-C, SIGTERM, SIGHUP), kept until it is acted on.

The command line's signal handler raises at once, but an exception raised while Python runs a
destructor or a weakref callback is only printed ("Exception ignored in …") and the run goes on
as if nothing had happened. The handler therefore also records the stop here, and a batch checks
it after each task and before its reports are closed, so that a stop is never lost.

Bottom layer: imports nothing of antt_cli.
"""

from __future__ import annotations

pending: BaseException | None = None


def request(exc: BaseException) -> BaseException:
    """Record a stop; returns it, for the handler to raise."""
    global pending
    pending = exc
    return exc


def check() -> None:
    """Raise the stop that was asked for and not yet acted on."""
    global pending
    exc, pending = pending, None
    if exc is not None:
        raise exc


def clear() -> None:
    global pending
    pending = None
