"""The use cases a person runs and the permission each needs, declared where each is defined.

``@use_case(Permission.X)`` checks the actor's role against ``GRANTS`` before the function's
body runs: before its arguments are validated and before any transaction opens, so a refused
call changes nothing and reveals nothing (not even whether a receipt number exists). A check
inside the body may narrow it further (which documents a role may print, whose payments a clerk
sees), never widen it.

A function given the caller's ``session`` is a step of a use case (it runs inside that use
case's transaction, after its check) and is not one itself; tests/test_permissions_matrix.py
holds every other public service function taking an ``actor`` to be registered here.

Reading is a use case too: what a screen or a command shows a person (a request, a list, the
settings) is read through a function taking the actor, gated by a ``VIEW_*`` permission. A
function given the context but no actor runs for no one (the sync, the desktop's own start,
the login itself) or reads what is not the station's records (the published catalog); each is
named with its reason in the matrix test's ``NOT_USE_CASES``, which fails on one not named.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import ParamSpec, TypeVar

from counter_app.domain.errors import N_, PermissionDenied
from counter_app.domain.roles import GRANTS, Permission, Role, require
from counter_app.services.context import Actor

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class UseCase:
    name: str  # module.function, as the matrix test names it
    permission: Permission
    # Only ``users.add_user`` for the first admin, made by ``setup`` before anyone can log in;
    # the function itself refuses it once the station has a user.
    first_run_without_actor: bool = False

    @property
    def roles(self) -> frozenset[Role]:
        return GRANTS[self.permission]


# Filled as the services modules are imported and never changed after: the declaration itself.
_REGISTRY: dict[str, UseCase] = {}
REGISTRY: Mapping[str, UseCase] = MappingProxyType(_REGISTRY)


def use_case_name(function: Callable[..., object]) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def _actor_position(signature: inspect.Signature, name: str) -> int:
    names = list(signature.parameters)
    if "actor" not in names:
        raise TypeError(f"use case {name} takes no actor")
    return names.index("actor")


def use_case(
    permission: Permission, *, first_run_without_actor: bool = False
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Register ``function`` as a use case needing ``permission`` and check it on every call."""

    def register(function: Callable[P, R]) -> Callable[P, R]:
        name = use_case_name(function)
        position = _actor_position(inspect.signature(function), name)
        if name in _REGISTRY:
            raise TypeError(f"use case {name} is declared twice")
        _REGISTRY[name] = UseCase(name, permission, first_run_without_actor)

        @functools.wraps(function)
        def checked(*args: P.args, **kwargs: P.kwargs) -> R:
            if "actor" in kwargs:
                actor = kwargs["actor"]
            elif len(args) > position:
                actor = args[position]
            else:
                raise TypeError(f"{name}() needs its actor")
            if isinstance(actor, Actor):
                require(actor.role, permission, username=actor.username)
            elif actor is not None or not first_run_without_actor:
                raise PermissionDenied(N_("Log in first; this needs a user"))
            return function(*args, **kwargs)

        return checked

    return register
