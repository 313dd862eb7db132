"""The look every PDF of caseapp shares: the Qt application and the bundled font, page
geometry and colours, and record text made printable.

The bundled Noto Sans CJK KR subset is used for everything, with three OpenType features
switched off: ``locl`` and ``calt`` replace digits (default language) or punctuation and
spaces (Korean) with glyphs that are not in the font's character map, and ``liga`` joins
"fi"; Qt's PDF writer cannot map such glyphs back to characters, so a copied "2019" or
"profile" would come back as blanks or "pro le". The glyphs look the same without them.
"""

from __future__ import annotations

import functools
import os
import re

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication

from caseapp.export.errors import ExportError
from caseapp.resources import resource

FONT_FAMILY = "Noto Sans CJK KR"
FONT_FILES = ("NotoSansCJKkr-Regular.subset.otf", "NotoSansCJKkr-Bold.subset.otf")
FEATURES_OFF = ("locl", "calt", "liga")

# Geometry in points-like units: the writer works at 96 dpi, the resolution QTextDocument
# measures its formats in, so lengths need no scaling (the PDF itself is vector).
DPI = 96
MARGIN_X = 58.0
MARGIN_TOP = 74.0
MARGIN_BOTTOM = 66.0

INK = QColor("#1d1d1f")
MUTED = QColor("#5f6368")
RULE = QColor("#9aa0a6")
HEADER_FILL = QColor("#e8eaed")
ACCENT = QColor("#2f5d8a")

_app: QGuiApplication | None = None
_fonts_ready = False


def ensure_gui_application() -> None:
    """PDF drawing needs a QGuiApplication (fonts). The window has one; the command line
    gets one here, offscreen unless the environment asks for another platform."""
    global _app
    existing = QCoreApplication.instance()
    if existing is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _app = QGuiApplication(["caseapp"])
    elif not isinstance(existing, QGuiApplication):
        raise ExportError("PDF export needs a graphical Qt application, not a core one")


def ensure_fonts() -> None:
    """Register the bundled font once (after the application exists: before, Qt crashes)."""
    global _fonts_ready
    ensure_gui_application()
    if _fonts_ready:
        return
    for name in FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(resource("fonts", name)))
        if font_id < 0:
            raise ExportError(f"the bundled font {name} could not be loaded")
    _fonts_ready = True


@functools.lru_cache(maxsize=64)
def pdf_font(point_size: float, bold: bool = False) -> QFont:
    """The bundled font (cached: callers must not change the font they get)."""
    font = QFont(FONT_FAMILY)
    font.setFamilies([FONT_FAMILY])
    font.setPointSizeF(point_size)
    font.setWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
    font.setKerning(True)
    for tag in FEATURES_OFF:
        font.setFeature(QFont.Tag(tag), 0)
    return font


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def clean_text(text: str | None) -> str:
    """Record text as plain paragraphs: line ends normalised, control characters (which a
    PDF cannot show) dropped, tabs kept."""
    if not text:
        return ""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
