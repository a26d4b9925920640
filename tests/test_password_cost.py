"""The station's passwords are hashed at argon2id's recommended cost in production.

The tests sign in with a cheap hasher (tests/conftest.py): this is what keeps the real one honest.
"""

from __future__ import annotations

from argon2 import PasswordHasher, Type, extract_parameters

from counter_app.services import users
from tests.conftest import CHEAP_HASHER, PRODUCTION_HASHER


def test_production_hasher_is_argon2id_at_the_library_cost() -> None:
    recommended = PasswordHasher()
    assert PRODUCTION_HASHER.type is Type.ID
    assert PRODUCTION_HASHER.time_cost == recommended.time_cost
    assert PRODUCTION_HASHER.memory_cost == recommended.memory_cost
    assert PRODUCTION_HASHER.parallelism == recommended.parallelism
    params = extract_parameters(PRODUCTION_HASHER.hash("admin-pass-123"))
    assert params.memory_cost >= 64 * 1024  # KiB: well above the tests' 8


def test_tests_run_with_the_cheap_hasher() -> None:
    # The session fixture swapped it in; production code reads the module's _HASHER each time.
    assert users._HASHER is CHEAP_HASHER
    assert users.hash_password("admin-pass-123").startswith("$argon2id$")
