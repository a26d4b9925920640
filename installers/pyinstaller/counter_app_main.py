"""The bundle's entry point: the same as the `counter-app` console script.

With no command (or `gui`) it opens the desktop window, otherwise it runs the command line
(counter_app.cli.parser), so one executable serves the clerk's shortcut, the IT person's
shell and the nightly-sync timer.
"""

import sys

from counter_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
