"""Immutable records for the deadline engine's hot paths."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar, dataclass_transform

T = TypeVar("T")


@dataclass_transform(frozen_default=True)
def record(cls: type[T]) -> type[T]:
    """A slotted dataclass, compared and hashed by value, that is frozen to the type checker
    (``mypy`` reports any assignment to a field) but not at run time.

    A frozen dataclass sets each field through ``object.__setattr__``: creating one costs
    three times as much. The due list and the statistics create facts, duties and
    obligations by the hundred thousand (a county's year of statistics: ~200,000, a fifth of
    its time). Change a record with ``dataclasses.replace``, as for a frozen one.
    """
    return dataclass(slots=True, unsafe_hash=True)(cls)
