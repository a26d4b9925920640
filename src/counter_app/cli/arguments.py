"""argparse's own error messages in the reader's language.

argparse composes its errors ("unrecognized arguments: ...", "invalid choice: ...") through
gettext; while the command line is parsed, that lookup is pointed at our .ts translations, so
an Arabic session does not get English errors before any command has run. The usage line stays
as argparse writes it: it is command syntax, Latin and left to right.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from counter_app.domain.errors import N_

if TYPE_CHECKING:
    from counter_app.i18n import Translator

# argparse's msgids (Python 3.11-3.13) that a person meets; %-placeholders are argparse's own.
ARGPARSE_MESSAGES = (
    N_("%(prog)s: error: %(message)s\n"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("expected at least one argument"),
    N_("expected at most one argument"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
)


def early_language(argv: Sequence[str]) -> str | None:
    """--lang as given anywhere on the line (the parser has not run yet)."""
    found: str | None = None
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith("--lang="):
            found = arg.split("=", 1)[1]
    return found


@contextmanager
def translated_errors(argv: Sequence[str]) -> Iterator[None]:
    known = set(ARGPARSE_MESSAGES)
    original: Callable[[str], str] = argparse._  # type: ignore[attr-defined]
    translators: list[Translator] = []  # read only when argparse has an error to say

    def lookup(text: str) -> str:
        if text not in known:
            return original(text)
        if not translators:
            from counter_app.i18n import Translator

            translators.append(Translator.for_language(early_language(argv)))
        # str(): argparse formats with %, which a Message (str.format only) would not isolate.
        return str(translators[0](text))

    argparse._ = lookup  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = original  # type: ignore[attr-defined]
