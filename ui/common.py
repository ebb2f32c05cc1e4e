"""Small shared pieces of the front end: icons, colours, how dates and deadlines read, ask().

Presentation only: which status an obligation has, and every date, comes from ``pf_register``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from pf_register.clock.obligation import Obligation, Status
from pf_register.dates import in_words

# resources/ sits beside ui/ in the source tree; a built wheel carries it inside ui/.
_HERE = Path(__file__).resolve().parent
RESOURCES = _HERE / "resources" if (_HERE / "resources").is_dir() else _HERE.parent / "resources"
ICONS = RESOURCES / "icons"

_STATUS_ICONS = {
    Status.OVERDUE: "overdue",
    Status.DUE_TODAY: "due_today",
    Status.DUE_SOON: "due_soon",
    Status.UPCOMING: "upcoming",
    Status.DONE_ON_TIME: "done",
    Status.DONE_LATE: "done",
    Status.MISSED: "missed",
}


@cache
def icon(name: str) -> QIcon:
    """An icon from resources/icons (an empty icon if the file is missing)."""
    path = ICONS / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


def status_icon(status: Status) -> QIcon:
    return icon(_STATUS_ICONS[status])


def is_dark() -> bool:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return False
    return app.palette().color(QPalette.ColorRole.Window).lightness() < 128


def dark_palette() -> QPalette:
    """A dark palette for the Fusion style: to check (and, later, offer) a dark theme."""
    palette = QPalette()
    base, window, text = QColor("#1e1f22"), QColor("#2b2d31"), QColor("#e6e6e6")
    for role, colour in (
        (QPalette.ColorRole.Window, window),
        (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base),
        (QPalette.ColorRole.AlternateBase, QColor("#26282c")),
        (QPalette.ColorRole.ToolTipBase, window),
        (QPalette.ColorRole.ToolTipText, text),
        (QPalette.ColorRole.PlaceholderText, QColor("#9a9a9a")),
        (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.Button, QColor("#3a3d42")),
        (QPalette.ColorRole.ButtonText, text),
        (QPalette.ColorRole.BrightText, QColor("#ff8a80")),
        (QPalette.ColorRole.Highlight, QColor("#3d6db5")),
        (QPalette.ColorRole.HighlightedText, QColor("#ffffff")),
        (QPalette.ColorRole.Link, QColor("#8ab4f8")),
    ):
        palette.setColor(role, colour)
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    return palette


def status_colour(status: Status) -> QColor | None:
    """Text colour for a status; always paired with an icon and words, never alone."""
    dark = is_dark()
    if status in (Status.OVERDUE, Status.MISSED):
        return QColor("#ff8a80" if dark else "#b71c1c")
    if status is Status.DUE_TODAY:
        return QColor("#ffb74d" if dark else "#a84300")
    if status is Status.DONE_LATE:
        return QColor("#ffcc80" if dark else "#8d5a00")
    return None


def fmt_date(day: date | None) -> str:
    """A date as the officer reads it, with its weekday: 'Mon 1 Jun 2026'."""
    if day is None:
        return ""
    return in_words(day)


_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def readable(message: str) -> str:
    """A register message with its dates as the officer reads them ('2026-06-02 is in the
    future' -> 'Tue 2 Jun 2026 is in the future'): the register writes ISO dates, and the
    officer types DD/MM/YYYY."""

    def shown(match: re.Match[str]) -> str:
        try:
            return fmt_date(date(int(match[1]), int(match[2]), int(match[3])))
        except ValueError:  # not a real day ('2026-02-30 is not a date'): as typed
            return match[0]

    return _ISO_DATE.sub(shown, message)


def fmt_iso(value: str | None) -> str:
    """An ISO date from a record row, read as ``fmt_date``; other text unchanged."""
    if not value:
        return ""
    try:
        return fmt_date(date.fromisoformat(value))
    except ValueError:
        return value


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def fmt_days(obligation: Obligation) -> str:
    """How far away the deadline is, in words: '3 days overdue', 'today', 'in 5 days'."""
    if obligation.done is not None:
        return f"done {fmt_date(obligation.done)}"
    days = obligation.days
    if obligation.status is Status.MISSED:
        return "missed"
    if days < 0:
        return f"{plural(-days, 'day')} overdue"
    if days == 0:
        return "due today"
    return f"in {plural(days, 'day')}"


def yes_no(value: object) -> str:
    if value is None:
        return ""
    return "Yes" if value else "No"


# Room for a window's title bar and frame, which Qt's widget geometry leaves out.
FRAME_ALLOWANCE = QSize(16, 40)


def available_geometry(widget: QWidget) -> QRect:
    """The part of the widget's screen a window may use (no task bar or dock), in the
    device-independent pixels Qt lays out in, so 150% scaling leaves less room. Tests replace
    this function to stand for a small screen; callers look it up through the module."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def usable_size(area: QRect) -> QSize:
    """The largest window, frame included, that fits in ``area``."""
    return QSize(
        max(320, area.width() - FRAME_ALLOWANCE.width()),
        max(240, area.height() - FRAME_ALLOWANCE.height()),
    )


def fit_window(window: QWidget, width: int, height: int) -> None:
    """Size ``window`` to ``width`` × ``height``, or smaller to fit its screen; keep it on it."""
    area = available_geometry(window)
    size = QSize(width, height).boundedTo(usable_size(area))
    window.resize(size)
    x = min(max(window.x(), area.left()), area.right() - size.width())
    y = min(max(window.y(), area.top()), area.bottom() - size.height())
    if (x, y) != (window.x(), window.y()):
        window.move(max(area.left(), x), max(area.top(), y))


AnswerCallback = Callable[[bool], None]


def ask(parent: QWidget, title: str, question: str, callback: AnswerCallback) -> QMessageBox:
    """Ask a yes/no question without blocking; ``callback`` gets True for yes.

    Tests replace this function (``monkeypatch.setattr(ui.common, "ask", ...)``); callers look
    it up through the module so the replacement takes effect.
    """
    box = QMessageBox(
        QMessageBox.Icon.Question,
        title,
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def done(result: int) -> None:
        callback(box.standardButton(box.clickedButton()) == QMessageBox.StandardButton.Yes)

    box.finished.connect(done)
    box.open()
    return box


def tell(parent: QWidget, title: str, message: str, warning: bool = True) -> QMessageBox:
    """Show a message without blocking."""
    box = QMessageBox(
        QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information,
        title,
        message,
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
