"""The main window: Home, the Register and open cases as tabs; menus and shortcuts."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QSystemTrayIcon,
    QTabWidget,
    QWidget,
)

from pf_register import __version__
from pf_register.dates import in_words
from ui import common
from ui.common import icon, plural
from ui.home import HomePage
from ui.session import Session

if TYPE_CHECKING:
    from ui.activities_page import ActivitiesPage
    from ui.case_page import CasePage
    from ui.enquiries_page import EnquiriesPage
    from ui.forms import FormDialog
    from ui.new_case import NewNotificationDialog
    from ui.register_page import RegisterPage
    from ui.retention_dialog import RetentionDialog
    from ui.stats_page import StatsPage

# The case page, the forms and the dialogs are imported when first opened, not before the
# window's first paint (~15 ms of a start on a 2-core machine; the pages below, ~30 ms more).

# Pages built when first shown or asked for (their modules too): the window paints sooner, and
# a page nobody opens reads nothing. Attribute name and tab label.
LATER_PAGES = (
    ("register_page", "&Register"),
    ("enquiries_page", "En&quiries"),
    ("activities_page", "Awareness act&ivities"),
    ("stats_page", "&Statistics"),
)


def _also(action: QAction, keys: str) -> None:
    """Add a shortcut the platform's standard key may lack (Ctrl+Q on Windows, F5 on macOS)."""
    shortcuts = list(action.shortcuts())
    extra = QKeySequence(keys)
    if extra not in shortcuts:
        action.setShortcuts([*shortcuts, extra])


class MainWindow(QMainWindow):
    def __init__(
        self,
        session: Session,
        settings: QSettings,
        *,
        title_note: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.qsettings = settings
        self.dialog: FormDialog | None = None
        self.tray: QSystemTrayIcon | None = None
        self.setObjectName("main_window")
        note = f" ({title_note})" if title_note else ""
        self.setWindowTitle(f"{session.register.path}{note} — Private fostering register")
        self.setWindowIcon(icon("app"))

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("main_tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.home = HomePage(session, self.tabs)
        self.tabs.addTab(self.home, "Home: what is d&ue")
        self._pages: dict[str, QWidget] = {}
        self._placeholders: dict[str, QWidget] = {}
        for name, label in LATER_PAGES:
            holder = QWidget(self.tabs)
            holder.setObjectName(f"{name}_placeholder")
            self._placeholders[name] = holder
            self.tabs.addTab(holder, label)
        for index in range(self.tabs.count()):  # the fixed pages cannot be closed
            self._unclosable(index)
        self._swapping = False
        self.tabs.currentChanged.connect(self._build_if_placeholder)
        self.tabs.currentChanged.connect(lambda _index: session.check_day())
        self.setCentralWidget(self.tabs)
        self.cases: dict[int, CasePage] = {}

        self.home.open_case.connect(self.open_case)
        self.home.open_enquiry.connect(self.open_enquiry)

        self.status = QLabel(self)
        self.statusBar().addPermanentWidget(self.status)
        session.changed.connect(self._changed)
        self._update_status()
        self._make_menus()
        common.fit_window(self, 1280, 800)  # smaller on a small screen or at 150% scaling
        self.restore_geometry()
        self.home.focus_list()  # Down and Enter work on the due list at once

    # ------------------------------------------------------------------ pages built later
    @property
    def register_page(self) -> RegisterPage:
        return cast("RegisterPage", self._page("register_page"))

    @property
    def enquiries_page(self) -> EnquiriesPage:
        return cast("EnquiriesPage", self._page("enquiries_page"))

    @property
    def activities_page(self) -> ActivitiesPage:
        return cast("ActivitiesPage", self._page("activities_page"))

    @property
    def stats_page(self) -> StatsPage:
        return cast("StatsPage", self._page("stats_page"))

    def _unclosable(self, index: int) -> None:
        bar = self.tabs.tabBar()
        bar.setTabButton(index, bar.ButtonPosition.RightSide, None)
        bar.setTabButton(index, bar.ButtonPosition.LeftSide, None)

    def _build_if_placeholder(self, index: int) -> None:
        if self._swapping:
            return
        widget = self.tabs.widget(index)
        for name, holder in list(self._placeholders.items()):
            if holder is widget:
                self._page(name)

    def _page(self, name: str) -> QWidget:
        page = self._pages.get(name)
        if page is not None:
            return page
        page = self._make_page(name)
        self._pages[name] = page
        holder = self._placeholders.pop(name)
        index = self.tabs.indexOf(holder)
        was_current = self.tabs.currentIndex() == index
        self._swapping = True
        try:  # the page takes the placeholder's place, label and position
            self.tabs.insertTab(index, page, self.tabs.tabText(index))
            self._unclosable(index)
            self.tabs.removeTab(index + 1)
            if was_current:
                self.tabs.setCurrentIndex(index)
        finally:
            self._swapping = False
        holder.deleteLater()
        return page

    def _make_page(self, name: str) -> QWidget:
        if name == "register_page":
            from ui.register_page import RegisterPage

            register = RegisterPage(self.session, self.tabs)
            register.open_case.connect(self.open_case)
            return register
        if name == "enquiries_page":
            from ui.enquiries_page import EnquiriesPage

            enquiries = EnquiriesPage(self.session, self.tabs)
            enquiries.open_case.connect(self.open_case)
            return enquiries
        if name == "activities_page":
            from ui.activities_page import ActivitiesPage

            return ActivitiesPage(self.session, self.tabs)
        from ui.stats_page import StatsPage

        return StatsPage(self.session, self.tabs)

    # ------------------------------------------------------------------ menus
    def _action(
        self,
        words: str,
        handler: object,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(words, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(handler)
        self.addAction(action)
        return action

    def _make_menus(self) -> None:
        menu = self.menuBar()
        file = menu.addMenu("&File")
        self.new_action = self._action(
            "&New notification…", self.new_notification, QKeySequence.StandardKey.New
        )
        self.new_action.setIcon(icon("app"))
        file.addAction(self.new_action)
        file.addSeparator()
        self.settings_action = self._action("&Settings…", self.open_settings, "Ctrl+,")
        file.addAction(self.settings_action)
        self.retention_action = self._action("Cases due for re&view…", self.open_retention)
        self.retention_action.setObjectName("retention_action")
        file.addAction(self.retention_action)
        file.addSeparator()
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        _also(self.quit_action, "Ctrl+Q")
        file.addAction(self.quit_action)

        go = menu.addMenu("&Go")
        self.home_action = self._action("&Home: what is due", self.show_home, "Ctrl+1")
        self.register_action = self._action("&Register", self.show_register, "Ctrl+2")
        self.enquiries_action = self._action("&Enquiries", self.show_enquiries, "Ctrl+3")
        self.activities_action = self._action(
            "Awareness &activities", self.show_activities, "Ctrl+4"
        )
        self.stats_action = self._action("&Statistics", self.show_stats, "Ctrl+5")
        self.find_action = self._action(
            "&Find a case…", self.find_case, QKeySequence.StandardKey.Find
        )
        _also(self.find_action, "Ctrl+F")
        self.close_case_action = self._action(
            "&Close this case", self.close_current_case, QKeySequence.StandardKey.Close
        )
        for action in (
            self.home_action,
            self.register_action,
            self.enquiries_action,
            self.activities_action,
            self.stats_action,
            self.find_action,
            self.close_case_action,
        ):
            go.addAction(action)

        view = menu.addMenu("&View")
        self.refresh_action = self._action(
            "&Refresh", self.refresh, QKeySequence.StandardKey.Refresh
        )
        _also(self.refresh_action, "F5")
        view.addAction(self.refresh_action)

        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self._action("&About", self.about))

    # ------------------------------------------------------------------ navigation
    def show_home(self) -> None:
        self.tabs.setCurrentWidget(self.home)
        self.home.focus_list()

    def show_register(self) -> None:
        self.tabs.setCurrentWidget(self.register_page)

    def show_enquiries(self) -> None:
        """The enquiry log, the cursor in the entry form: Ctrl+3 and type."""
        self.tabs.setCurrentWidget(self.enquiries_page)
        self.enquiries_page.focus_entry()

    def show_activities(self) -> None:
        self.tabs.setCurrentWidget(self.activities_page)
        self.activities_page.focus_entry()

    def open_enquiry(self, enquiry_id: int) -> None:
        """From the home page's ENQUIRY_FOLLOW_UP: the enquiry, open to record its outcome."""
        self.tabs.setCurrentWidget(self.enquiries_page)
        self.dialog = self.enquiries_page.show_enquiry(enquiry_id)

    def show_stats(self) -> None:
        self.tabs.setCurrentWidget(self.stats_page)

    def find_case(self) -> None:
        self.show_register()
        self.register_page.focus_search()

    def open_case(self, arrangement_id: int) -> CasePage:
        page = self.cases.get(arrangement_id)
        if page is None:
            from ui.case_page import CasePage

            page = CasePage(self.session, arrangement_id, self.tabs)
            self.cases[arrangement_id] = page
            record = page.record
            words = page.title.text().split(":")[0] if record is not None else "Case"
            self.tabs.addTab(page, words)
        self.tabs.setCurrentWidget(page)
        return page

    def _case_at(self, index: int) -> CasePage | None:
        page = self.tabs.widget(index)
        return next((case for case in self.cases.values() if case is page), None)

    def close_tab(self, index: int) -> None:
        page = self._case_at(index)
        if page is not None:
            self.tabs.removeTab(index)
            del self.cases[page.arrangement_id]
            page.deleteLater()

    def close_current_case(self) -> None:
        self.close_tab(self.tabs.currentIndex())

    def current_case(self) -> CasePage | None:
        return self._case_at(self.tabs.currentIndex())

    # ------------------------------------------------------------------ actions
    def new_notification(self) -> NewNotificationDialog:
        from ui.new_case import open_new_notification

        dialog = open_new_notification(self, self.session)
        dialog.saved.connect(lambda arrangement_id: self.open_case(int(arrangement_id)))
        self.dialog = dialog
        return dialog

    def open_settings(self) -> FormDialog:
        from ui.settings_dialog import settings_dialog

        dialog = settings_dialog(self, self.session)
        dialog.open()
        self.dialog = dialog
        return dialog

    def open_retention(self) -> RetentionDialog:
        """Ended cases past the retention period, and the erase of their personal data."""
        from ui.retention_dialog import open_retention

        dialog = open_retention(self, self.session)
        dialog.open_case.connect(self.open_case)
        return dialog

    def refresh(self) -> None:
        self.session.refresh()

    def about(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "About",
            f"pf_register {__version__}\nA private fostering register.\n\n"
            f"Register file: {self.session.register.path}",
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _changed(self, _what: str) -> None:
        self._update_status()

    def _update_status(self) -> None:
        register = self.session.register
        self.status.setText(
            f"{plural(register.case_count(), 'arrangement')} · judged on "
            f"{in_words(self.session.today())} · {register.path}"
        )

    def announce_overdue(self) -> None:
        """At start: a system tray message too, where the platform has a tray (once the
        home page has read the due list: it is filled after the window's first paint)."""
        if self.home.is_loading():
            self.home.filled.connect(self._announce_once)
            return
        self._announce_now()

    def _announce_once(self) -> None:
        self.home.filled.disconnect(self._announce_once)
        self._announce_now()

    def _announce_now(self) -> None:
        overdue = self.home.counts()["overdue"]
        if not overdue or not QSystemTrayIcon.isSystemTrayAvailable():
            return
        self.tray = QSystemTrayIcon(icon("overdue"), self)
        self.tray.show()
        self.tray.showMessage(
            "Private fostering register",
            f"{plural(overdue, 'deadline')} overdue",
            QSystemTrayIcon.MessageIcon.Warning,
        )

    # ------------------------------------------------------------------ geometry
    def restore_geometry(self) -> None:
        geometry = self.qsettings.value("main_window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
            # Saved on a bigger screen (or before the scaling went up): fit this one.
            common.fit_window(self, self.width(), self.height())
        state = self.qsettings.value("main_window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)

    def save_geometry(self) -> None:
        self.qsettings.setValue("main_window/geometry", self.saveGeometry())
        self.qsettings.setValue("main_window/state", self.saveState())
        self.qsettings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.save_geometry()
        if self.tray is not None:
            self.tray.hide()
        super().closeEvent(event)
