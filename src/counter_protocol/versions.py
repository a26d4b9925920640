"""Release numbers as PEP 440 writes them, parsed and ordered without a third-party package.

Both sides need it: HQ refuses to publish a release whose number is not one, the counter
compares HQ's newest release with its own. ``packaging`` would do it, but it is nobody's
declared dependency here (only a dependency of build tools), so the installed app cannot rely
on it; tests/domain/test_versions.py checks this order against ``packaging`` on many numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_VERSION_LENGTH = 64

# PEP 440, appendix B (the public and local forms, with every spelling it normalises).
_PATTERN = re.compile(
    r"""
    ^\s*v?
    (?:(?P<epoch>[0-9]+)!)?
    (?P<release>[0-9]+(?:\.[0-9]+)*)
    (?P<pre>[-_.]?(?P<pre_l>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?P<pre_n>[0-9]+)?)?
    (?P<post>(?:-(?P<post_n1>[0-9]+))|(?:[-_.]?(?P<post_l>post|rev|r)[-_.]?(?P<post_n2>[0-9]+)?))?
    (?P<dev>[-_.]?(?P<dev_l>dev)[-_.]?(?P<dev_n>[0-9]+)?)?
    (?:\+(?P<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?
    \s*$
    """,
    re.VERBOSE | re.IGNORECASE | re.ASCII,
)
_PRE_LETTERS = {"alpha": "a", "a": "a", "beta": "b", "b": "b"}  # c, pre, preview, rc: rc
# Each segment of the sort key is (rank, value...): rank 0 sorts below any value (PEP 440's
# "negative infinity"), rank 2 above any (its "infinity"), rank 1 carries the value.
_BELOW: tuple[int, ...] = (0,)
_ABOVE: tuple[int, ...] = (2,)


@dataclass(frozen=True)
class Version:
    """A parsed release number; ``str()`` is its normal form, ``<`` the PEP 440 order."""

    epoch: int
    release: tuple[int, ...]
    pre: tuple[str, int] | None
    post: int | None
    dev: int | None
    local: tuple[int | str, ...] | None

    def __str__(self) -> str:
        text = (f"{self.epoch}!" if self.epoch else "") + ".".join(map(str, self.release))
        if self.pre is not None:
            text += f"{self.pre[0]}{self.pre[1]}"
        if self.post is not None:
            text += f".post{self.post}"
        if self.dev is not None:
            text += f".dev{self.dev}"
        if self.local is not None:
            text += "+" + ".".join(map(str, self.local))
        return text

    @property
    def key(self) -> tuple[object, ...]:
        release = list(self.release)
        while len(release) > 1 and release[-1] == 0:  # 1.0 == 1.0.0
            release.pop()
        if self.pre is None and self.post is None and self.dev is not None:
            pre: tuple[object, ...] = _BELOW  # 1.0.dev1 comes before 1.0a1
        elif self.pre is None:
            pre = _ABOVE
        else:
            pre = (1, *self.pre)
        post = _BELOW if self.post is None else (1, self.post)
        dev = _ABOVE if self.dev is None else (1, self.dev)
        # Local parts: numbers after words, a longer label after its own beginning.
        local = (
            _BELOW
            if self.local is None
            else (1, *((1, p, "") if isinstance(p, int) else (0, 0, p) for p in self.local))
        )
        return (self.epoch, tuple(release), pre, post, dev, local)

    def __lt__(self, other: Version) -> bool:
        return self.key < other.key

    def __le__(self, other: Version) -> bool:
        return self.key <= other.key

    def __gt__(self, other: Version) -> bool:
        return self.key > other.key

    def __ge__(self, other: Version) -> bool:
        return self.key >= other.key

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Version) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)


class InvalidVersion(ValueError):
    """Not a release number (the message says why, in English: both sides log it)."""


def parse_version(text: str) -> Version:
    if not isinstance(text, str):
        raise InvalidVersion("a version is text")
    if len(text) > MAX_VERSION_LENGTH:
        raise InvalidVersion(f"a version has at most {MAX_VERSION_LENGTH} characters")
    found = _PATTERN.match(text)
    if found is None:
        raise InvalidVersion("not a version number such as 1.4.2 (PEP 440)")
    g = found.groupdict()
    pre = None
    if g["pre_l"]:
        pre = (_PRE_LETTERS.get(g["pre_l"].lower(), "rc"), int(g["pre_n"] or 0))
    post = None
    if g["post_n1"] is not None:
        post = int(g["post_n1"])
    elif g["post_l"]:
        post = int(g["post_n2"] or 0)
    dev = int(g["dev_n"] or 0) if g["dev_l"] else None
    local = None
    if g["local"]:
        local = tuple(
            int(part) if part.isdigit() else part.lower() for part in re.split(r"[-_.]", g["local"])
        )
    return Version(
        epoch=int(g["epoch"] or 0),
        release=tuple(int(part) for part in g["release"].split(".")),
        pre=pre,
        post=post,
        dev=dev,
        local=local,
    )


def version_problem(text: object) -> str | None:
    """Why ``text`` is not a release number, or None."""
    try:
        parse_version(text)  # type: ignore[arg-type]
    except InvalidVersion as exc:
        return str(exc)
    return None
