"""Immutable records for the deadline engine's hot paths."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TypeVar, dataclass_transform

T = TypeVar("T")

# Set (by the test suite) to make records frozen at run time too: any code path the tests
# run that assigns to a record then fails, as mypy fails any assignment it can see.
CHECK_ENV = "PF_REGISTER_CHECK_RECORDS"
_FROZEN = os.environ.get(CHECK_ENV) == "1"


@dataclass_transform(frozen_default=True)
def record(cls: type[T]) -> type[T]:
    """A slotted dataclass, compared and hashed by value, never changed once made: frozen to
    the type checker (``mypy`` reports any assignment to a field) and, under the tests, at
    run time; in use it is not frozen at run time.

    A frozen dataclass sets each field through ``object.__setattr__``: creating one costs
    three times as much. The due list and the statistics create facts, duties and
    obligations by the hundred thousand (a county's year of statistics: ~200,000, a fifth of
    its time). Change a record with ``dataclasses.replace``, as for a frozen one.
    """
    if _FROZEN:
        return dataclass(frozen=True, slots=True)(cls)
    return dataclass(slots=True, unsafe_hash=True)(cls)
