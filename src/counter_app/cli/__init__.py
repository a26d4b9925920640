"""`counter-app`: the command line. Every use case is reachable here without a screen.

Exit codes: 0 done, 1 a check found faults or an internal error, 2 bad input (clear message on
stderr, nothing stored changed).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from counter_app.cli.arguments import translated_errors
from counter_app.cli.parser import build_parser, resolve_handler
from counter_app.domain.errors import CounterError

if TYPE_CHECKING:
    from counter_app.paths import AppPaths

EXIT_OK = 0
EXIT_FAULT = 1
EXIT_BAD_INPUT = 2


def _log_crash(paths: AppPaths, exc: BaseException) -> Path | None:
    """The crash, without citizen data, in the errors log or its fallback (see logs.py)."""
    from counter_app.logs import write_crash

    return write_crash(paths, exc)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    line = list(sys.argv[1:] if argv is None else argv)
    with translated_errors(line):
        args = parser.parse_args(line)  # --help and --version end here, having loaded no more
    from counter_app.cli.runtime import Runtime
    from counter_app.i18n import Translator
    from counter_app.logs import setup_logging
    from counter_app.paths import AppPaths, secure_start

    tr = Translator.for_language(args.lang)
    paths = AppPaths.default()
    db_arg = args.db or os.environ.get("COUNTER_APP_DB")
    runtime = Runtime(
        paths=paths,
        database=Path(db_arg) if db_arg else None,
        tr=tr,
        password_stdin=bool(getattr(args, "as_password_stdin", False)),
    )
    secure_start(paths)  # umask 077, owner-only folders (citizen data)
    setup_logging(paths)
    try:
        # Only the module of the command being run is imported (parser.py).
        code = int(resolve_handler(args.handler)(runtime, args))
    except CounterError as exc:
        sys.stderr.write(tr("Error") + ": " + exc.render(tr) + "\n")
        rows = getattr(exc, "rows", None)
        if rows:
            for problem in rows[:200]:
                sys.stderr.write(
                    f"  {tr('line')} {problem.line} [{problem.paper_ref}]: "
                    f"{problem.error.render(tr)}\n"
                )
            if len(rows) > 200:
                sys.stderr.write(f"  ... {len(rows) - 200}\n")
        code = EXIT_BAD_INPUT
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:
        # The reader (`| head`) went away: not an error. Keep Python from complaining at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = EXIT_OK
    except Exception as exc:
        # SQLite or the disk failing outside a unit of work (a backup, a check, a scan file):
        # the same typed message as inside one (busy, disk full, damaged).
        from counter_app.store.engine import store_failure

        typed = store_failure(runtime.db_path, exc)
        if typed is not None:
            sys.stderr.write(tr("Error") + ": " + typed.render(tr) + "\n")
            code = EXIT_BAD_INPUT
        else:
            log = _log_crash(paths, exc)
            sys.stderr.write(
                tr("Internal error; nothing was saved by the failed step. Details: {log}").format(
                    log=str(log) if log else "-"
                )
                + "\n"
            )
            code = EXIT_FAULT
    finally:
        runtime.close()
    return code
