"""Translations: caseapp's own (resources/i18n/caseapp_<lang>.qm) and Qt's for its dialogs."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from caseapp.resources import resource


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install the translators for ``language``; keep the returned list alive."""
    installed: list[QTranslator] = []
    if language != "en":  # Qt's own dialogs are English already
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qt = QTranslator(app)
        if qt.load(QLocale(language), "qtbase", "_", qt_dir):
            app.installTranslator(qt)
            installed.append(qt)
    # caseapp_en.qm holds only the English plural forms ("1 testimony", "2 testimonies").
    own = QTranslator(app)
    if own.load(str(resource("i18n", f"caseapp_{language}.qm"))):
        app.installTranslator(own)
        installed.append(own)
    return installed
