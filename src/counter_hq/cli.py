"""`counter-hq`: the headquarters server's command line.

The ingest server itself arrives with the sync issue; until then this reports its version and
the protocol it will speak, so installers and CI can already check the entry point.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from counter_hq import __version__


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="counter-hq", description="Citizen Service Center HQ")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.parse_args(argv)
    parser.print_help()
    return 0
