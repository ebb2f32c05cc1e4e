"""Guards against a broken Qt binding before the officer meets it.

PySide6 6.12.0 drops a reference to ``True`` on every ``Signal.emit()`` from Python; on
Python 3.11 a session dies with "Fatal Python error: bool_dealloc" after a few thousand
emits. pyproject.toml excludes that release; this test fails if a locked version has the bug.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    ping = Signal(int)


def test_emitting_signals_keeps_true_alive(qapp: object) -> None:
    emitter = _Emitter()
    seen: list[int] = []
    emitter.ping.connect(seen.append)
    before = sys.getrefcount(True)
    for n in range(200):
        emitter.ping.emit(n)
    assert len(seen) == 200
    assert sys.getrefcount(True) >= before - 5  # a leak would lose 200
