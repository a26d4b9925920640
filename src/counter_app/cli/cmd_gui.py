"""gui: the desktop window (also what `counter-app` with no command opens).

A module of its own so that starting the window loads none of the other commands' services:
the window opens the database itself (ui/app.py), after its login is on screen.
"""

from __future__ import annotations

import argparse
import sys

from counter_app.cli.runtime import Runtime


def gui(rt: Runtime, args: argparse.Namespace) -> int:
    """The desktop window; imported only here so the command line never needs Qt."""
    from counter_app.ui.app import run

    return run(sys.argv[:1], database=rt.database, language=args.lang)
