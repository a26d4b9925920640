"""One section of docs/BENCHMARKS.md rewritten by the benchmark that measures it.

Each benchmark owns a ``## Title`` section: it is replaced whole (up to the next ``## ``
heading), or inserted after the section named ``after`` when the file lacks it; the rest of the
file is left as it is, so benchmarks run on different days keep each other's figures.
"""

from __future__ import annotations

from pathlib import Path


def put_section(path: Path, section: str, *, after: str) -> None:
    lines = path.read_text("utf-8").split("\n")

    def end_of(start: int) -> int:
        for i in range(start + 1, len(lines)):
            if lines[i].startswith("## "):
                return i
        return len(lines)

    title = section.split("\n", 1)[0].strip()
    heads = [i for i, line in enumerate(lines) if line.startswith("## ")]
    new = [*section.rstrip("\n").split("\n"), ""]
    own = next((i for i in heads if lines[i].strip() == title), None)
    if own is not None:
        lines[own : end_of(own)] = new
    else:
        anchor = next((i for i in heads if lines[i].strip() == after), None)
        at = end_of(anchor) if anchor is not None else len(lines)
        lines[at:at] = new
    path.write_text("\n".join(lines), "utf-8")
