"""counter_protocol/versions.py orders release numbers as PEP 440 does: checked against
``packaging`` (present in the test environment, not a dependency of the app)."""

from __future__ import annotations

import itertools
import random

import pytest
from packaging.version import InvalidVersion as PackagingInvalid
from packaging.version import Version as PackagingVersion

from counter_protocol.versions import InvalidVersion, parse_version, version_problem

NUMBERS = [
    "0.1.0",
    "0.1",
    "0.1.0.0",
    "1.0",
    "1.0.0",
    "1.0.1",
    "1.1",
    "1.9",
    "1.10",
    "1.10.0",
    "2.0",
    "10.0",
    "1.0a1",
    "1.0a2",
    "1.0b1",
    "1.0rc1",
    "1.0c2",
    "1.0.dev0",
    "1.0.dev3",
    "1.0a1.dev1",
    "1.0.post1",
    "1.0.post2.dev1",
    "1.0-1",
    "1.0rev3",
    "1.0+local.1",
    "1.0+local.2",
    "1.0+abc",
    "1.0+1",
    "1!0.5",
    "2!0.1",
    "v1.2.3",
    "1.2.3-alpha.4",
    "1.2.3_beta_5",
    "1.2.3.preview6",
    "1.0+abc.5",
    "1.0+5.abc",
    "0.9.99999999999999999999",
    "1.0.0.0.0.1",
    "1.0A1",
    "1.0RC2",
    "1.0.POST3",
    "2.0.0rc1+ubuntu.1",
    "1.0-dev-",
]
NOT_VERSIONS = [
    "",
    " ",
    "latest",
    "1.",
    ".1",
    "1..2",
    "1.0-",
    "1.0+",
    "1.0+a..b",
    "v",
    "1,2",
    "1.0 beta",
    "1.0; rm -rf /",
    "javascript:1",
    "١.٢",
    "1.0\x00",
    "1" * 65,
    "0x10",
    "1.0-dev-x",
    "1.0++1",
]


@pytest.mark.parametrize("text", NUMBERS)
def test_normal_form_matches_packaging(text: str) -> None:
    assert str(parse_version(text)) == str(PackagingVersion(text))


@pytest.mark.parametrize("text", NOT_VERSIONS)
def test_not_versions_are_refused(text: str) -> None:
    with pytest.raises(InvalidVersion):
        parse_version(text)
    assert version_problem(text) is not None
    if len(text) <= 64 and text.isascii():  # packaging agrees (it allows any length)
        with pytest.raises(PackagingInvalid):
            PackagingVersion(text)


def test_order_matches_packaging_on_every_pair() -> None:
    for a, b in itertools.product(NUMBERS, repeat=2):
        ours_a, ours_b = parse_version(a), parse_version(b)
        theirs_a, theirs_b = PackagingVersion(a), PackagingVersion(b)
        assert (ours_a < ours_b) == (theirs_a < theirs_b), (a, b)
        assert (ours_a == ours_b) == (theirs_a == theirs_b), (a, b)


def test_order_matches_packaging_on_random_numbers() -> None:
    rng = random.Random(17)
    parts = ["", "a1", "b2", "rc3", ".post1", ".dev2", "a1.dev1", ".post1.dev1", "+x.1", "+1"]
    made = [
        ".".join(str(rng.randint(0, 12)) for _ in range(rng.randint(1, 4))) + rng.choice(parts)
        for _ in range(300)
    ]
    assert sorted(made, key=lambda v: parse_version(v).key) == sorted(made, key=PackagingVersion)
    assert hash(parse_version("1.0")) == hash(parse_version("1.0.0"))


def test_non_text_is_refused() -> None:
    assert version_problem(None) == "a version is text"
    assert version_problem(1.2) == "a version is text"
