"""The bundled Korean font (Noto Sans CJK KR subset), used when the system has none: on a
bare machine every Hangul glyph would otherwise be an empty box."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from caseapp.resources import resource

BUNDLED_FAMILY = "Noto Sans CJK KR"
FONT_FILES = ("NotoSansCJKkr-Regular.subset.otf", "NotoSansCJKkr-Bold.subset.otf")


def register_bundled_fonts() -> list[str]:
    """Add the bundled fonts to Qt's database; call only after the application exists
    (before it, Qt crashes). Returns the families added."""
    families: list[str] = []
    for name in FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(resource("fonts", name)))
        if font_id >= 0:
            families += QFontDatabase.applicationFontFamilies(font_id)
    return families


def system_has_korean_font() -> bool:
    """Whether a font other than ours covers Hangul (ask before registering ours)."""
    korean = set(QFontDatabase.families(QFontDatabase.WritingSystem.Korean))
    return bool(korean - {BUNDLED_FAMILY})


def ensure_korean_font(app: QGuiApplication) -> str | None:
    """Make Hangul readable: if no system font covers Korean, the bundled one becomes the
    application font. Returns the family now in use for Korean, if any."""
    has_system = system_has_korean_font()
    families = register_bundled_fonts()
    if has_system:
        return None
    if families:
        family = BUNDLED_FAMILY if BUNDLED_FAMILY in families else families[0]
        font = QFont(app.font())
        font.setFamilies([family, *app.font().families()])
        app.setFont(font)
        return family
    return None
