"""Every command names a handler the parser can import when that command runs (parser.py
declares them as "module:function" strings, so a typo would otherwise wait for its command)."""

from __future__ import annotations

import argparse

from counter_app.cli.parser import build_parser, resolve_handler


def _handlers(parser: argparse.ArgumentParser, line: tuple[str, ...] = ()) -> dict[str, str]:
    found: dict[str, str] = {}
    handler = parser._defaults.get("handler")
    if handler is not None:
        found[" ".join(line) or "(no command)"] = handler
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.update(_handlers(sub, (*line, name)))
    return found


def test_every_command_resolves_to_a_function_of_its_module() -> None:
    handlers = _handlers(build_parser())
    assert len(handlers) > 50
    for command, name in handlers.items():
        module, _, function = name.partition(":")
        assert module.startswith("cmd_") and function, command
        assert callable(resolve_handler(name)), command
    assert handlers["gui"] == handlers["(no command)"] == "cmd_gui:gui"
    assert handlers["status"] == "cmd_station:status"
