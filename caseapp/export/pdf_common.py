"""What every PDF of caseapp shares: the Qt application and the bundled font, a document
built from text (never from markup), pages with a header and footer, and the atomic,
audited write.

How the pages are made: each section is a QTextDocument laid out at the page size (Qt then
paginates it, keeps table rows whole and repeats table headers), or a page painted directly.
Every page is then painted onto the QPdfWriter with its running header (title, profile) and
footer (generated at, page n of m). Text stays text, so it can be searched and copied.

The bundled Noto Sans CJK KR subset is used for everything, with three OpenType features
switched off: ``locl`` and ``calt`` replace digits (default language) or punctuation and
spaces (Korean) with glyphs that are not in the font's character map, and ``liga`` joins
"fi"; Qt's PDF writer cannot map such glyphs back to characters, so a copied "2019" or
"profile" would come back as blanks or "pro le". The glyphs look the same without them.
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import html
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QMarginsF,
    QPointF,
    QRectF,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from caseapp import __version__
from caseapp.export.messages import Message
from caseapp.models import AuditAction
from caseapp.resources import resource
from caseapp.services.audit import AuditLog
from caseapp.services.errors import ServiceError
from caseapp.services.profiles import Profile
from caseapp.store import CaseStore
from caseapp.store.files import write_private_atomically

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


class ExportError(ServiceError):
    """An export could not be written; nothing was written and nothing was audited."""


class ExportCancelled(ServiceError):
    def __init__(self) -> None:
        super().__init__(Message("export.cancelled"))


# A progress callback gets (done, total) and returns False to cancel.
Progress = Callable[[int, int], bool]


def ensure_gui_application() -> None:
    """PDF drawing needs a QGuiApplication (fonts). The window has one; the command line
    gets one here, offscreen unless the environment asks for another platform."""
    global _app
    existing = QCoreApplication.instance()
    if existing is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _app = QGuiApplication(["caseapp"])
    elif not isinstance(existing, QGuiApplication):
        raise ExportError(Message("export.needs_gui"))


def ensure_fonts() -> None:
    """Register the bundled font once (after the application exists: before, Qt crashes)."""
    global _fonts_ready
    ensure_gui_application()
    if _fonts_ready:
        return
    for name in FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(resource("fonts", name)))
        if font_id < 0:
            raise ExportError(Message("export.font", font=name))
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


# -- a PySide6 reference leak ------------------------------------------------------------------

# PySide6 6.12 drops one reference to None on every call of a Qt method that returns nothing
# (QSize.setWidth, QPainter.drawText, ...): 100 calls lower sys.getrefcount(None) by 100.
# From Python 3.12 None is immortal and this is harmless; on 3.11, once the count reaches
# zero the interpreter aborts ("deallocating None"). A long report makes tens of thousands
# of such calls (a few per page), more than a small process holds, so the export hands the
# lost references back as it goes.
_LEAKS_NONE = sys.version_info < (3, 12)
_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


class NoneGuard:
    """Keeps ``sys.getrefcount(None)`` from falling below where it was when created; call
    ``top_up`` every so often (a handful of Qt calls per page is safe between two)."""

    def __init__(self) -> None:
        self.level = sys.getrefcount(None)

    def top_up(self) -> None:
        if not _LEAKS_NONE:
            return
        for _ in range(self.level - sys.getrefcount(None)):
            _incref(None)


# -- building a document -----------------------------------------------------------------------


def esc(text: str | None) -> str:
    """Record text for the HTML the document is built from: cleaned and escaped, so that
    "<b>" in a record is printed as the three characters it is and never read as markup."""
    return html.escape(clean_text(text), quote=True)


def _color(color: QColor) -> str:
    return str(color.name())


@dataclass(frozen=True)
class Column:
    title: str
    width: float  # percent of the table width


def _document(html_text: str) -> QTextDocument:
    doc = QTextDocument()
    doc.setUndoRedoEnabled(False)
    doc.setDefaultFont(pdf_font(DocBuilder.BODY))
    doc.setHtml(html_text)
    frame = doc.rootFrame().frameFormat()
    frame.setLeftMargin(MARGIN_X)
    frame.setRightMargin(MARGIN_X)
    frame.setTopMargin(MARGIN_TOP)
    frame.setBottomMargin(MARGIN_BOTTOM)
    doc.rootFrame().setFrameFormat(frame)
    return doc


@dataclass(frozen=True)
class LazyDocument:
    """A section kept as its (escaped) HTML; ``render_pdf`` builds it to count its pages,
    drops it, and builds it again to paint it. Layout is deterministic, so both agree."""

    html: str

    def build(self) -> QTextDocument:
        return _document(self.html)


class DocBuilder:
    """Collects a document as HTML in which every value went through ``esc``, then lays it
    out with one ``setHtml``. One call, not one per cell: that keeps a 1,000-testimony
    report fast, and keeps the number of calls into PySide6 low (see ``NoneGuard``)."""

    BODY = 9.5

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._chunks: list[str] = []

    def finish(self) -> QTextDocument:
        return _document("".join(self._parts))

    def cut(self) -> None:
        """End a chunk here: what follows starts a new page (see ``finish_lazily``)."""
        if self._parts:
            self._chunks.append("".join(self._parts))
            self._parts = []

    def finish_lazily(self) -> list[LazyDocument]:
        """The document as chunks laid out one at a time by ``render_pdf``: a 1,000-testimony
        report laid out whole peaked at 333 MB and took 17 s (the heading pass walks the whole
        document); a chunk at a time, 172 MB and 9.5 s. Cut only where a page break falls
        anyway."""
        self.cut()
        chunks, self._chunks = self._chunks, []
        return [LazyDocument(chunk) for chunk in chunks]

    def paragraph(
        self,
        text: str,
        size: float = BODY,
        bold: bool = False,
        color: QColor = INK,
        before: float = 0,
        after: float = 4,
        page_break: bool = False,
        tag: str = "p",
    ) -> None:
        """One paragraph per line of ``text``; runs of spaces are kept."""
        weight = 700 if bold else 400
        for index, line in enumerate(clean_text(text).split("\n")):
            style = [
                f"font-size:{size}pt",
                f"font-weight:{weight}",
                f"color:{_color(color)}",
                f"margin-top:{before if index == 0 else 0}px",
                f"margin-bottom:{after}px",
                "line-height:128%",
                "white-space:pre-wrap",
            ]
            if page_break and index == 0:
                style.append("page-break-before:always")
            self._parts.append(f'<{tag} style="{";".join(style)}">{html.escape(line)}</{tag}>')

    def heading(self, text: str, level: int = 1, page_break: bool = False) -> None:
        size = {0: 22.0, 1: 15.0, 2: 12.5, 3: 10.5}[level]
        before = {0: 0.0, 1: 0.0, 2: 10.0, 3: 8.0}[level]
        color = ACCENT if level <= 1 else INK
        self.paragraph(
            text,
            size=size,
            bold=True,
            color=color,
            before=before,
            after=5,
            page_break=page_break,
            tag=f"h{level + 1}",  # a heading level the layout pass below can find
        )

    def note(self, text: str) -> None:
        self.paragraph(text, size=8.5, color=MUTED, after=6)

    def spacer(self, height: float) -> None:
        # An empty paragraph is dropped by Qt's HTML reader, a no-break space keeps it; and
        # a top margin at the top of a page is dropped, a bottom margin is not.
        self._parts.append(f'<p style="font-size:2pt;margin-bottom:{height}px">&#160;</p>')

    def table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[str]],
        header: bool = True,
        size: float = 8.5,
        bold_first_column: bool = False,
    ) -> None:
        """A table whose header row (a <thead>) repeats on every page it runs over."""
        cell = f"font-size:{size}pt;white-space:pre-wrap;border-bottom:0.6px solid {_color(RULE)}"
        parts = [
            '<table width="100%" cellspacing="0" cellpadding="3.5" '
            'style="border-collapse:collapse;margin-top:2px;margin-bottom:8px">'
        ]
        if header:
            parts.append("<thead><tr>")
            parts += [
                f'<th width="{c.width}%" bgcolor="{_color(HEADER_FILL)}" align="left" '
                f'style="{cell};font-weight:700">{esc(c.title)}</th>'
                for c in columns
            ]
            parts.append("</tr></thead>")
        parts.append("<tbody>")
        for row_index, values in enumerate(rows):
            parts.append("<tr>")
            for col, value in enumerate(values):
                width = f' width="{columns[col].width}%"' if row_index == 0 and not header else ""
                weight = ";font-weight:700" if bold_first_column and col == 0 else ""
                text = esc(value).replace("\n", "<br>")
                parts.append(f'<td{width} style="{cell}{weight}">{text}</td>')
            parts.append("</tr>")
        parts.append("</tbody></table>")
        self._parts.append("".join(parts))

    def key_values(self, pairs: Sequence[tuple[str, str]], size: float = 8.5) -> None:
        """Label and value, two columns, for the fields of one record (empty values left
        out)."""
        shown = [(k, v) for k, v in pairs if v]
        if shown:
            self.table(
                [Column("", 26), Column("", 74)],
                [[k, v] for k, v in shown],
                header=False,
                size=size,
                bold_first_column=True,
            )


# -- pages -------------------------------------------------------------------------------------


# A painted page: draws into the content rectangle of one page.
PagePainter = Callable[[QPainter, QRectF], None]


@dataclass(frozen=True)
class PageFrame:
    """What runs on every page: the document's title and the profile in the header, when
    it was made and the page number in the footer."""

    title: str
    profile_text: str
    generated_text: str
    page_text: Callable[[int, int], str]
    warning: str = ""  # printed under the header (internal reports: do not forward)


def _page_of(doc: QTextDocument, block: QTextBlock, page_height: float) -> int:
    return int(doc.documentLayout().blockBoundingRect(block).top() // page_height)


def keep_headings_with_next(doc: QTextDocument, page_height: float, passes: int = 4) -> None:
    """Move a heading left alone at the foot of a page to the next page, with what it
    heads. Qt has no keep-with-next; so lay out, find such headings, give them a page break,
    and lay out again (moving one can strand another further on, hence a few passes)."""
    for _ in range(passes):
        doc.pageCount()  # lays the document out
        stranded = []
        block = doc.begin()
        while block.isValid():
            following = block.next()
            if (
                following.isValid()
                and block.blockFormat().headingLevel() > 0
                and block.blockFormat().pageBreakPolicy()
                != QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
                and _page_of(doc, following, page_height) > _page_of(doc, block, page_height)
            ):
                stranded.append(block)
            block = following
        if not stranded:
            return
        for heading in stranded:
            fmt = heading.blockFormat()
            fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            QTextCursor(heading).setBlockFormat(fmt)


def _page_size() -> QPageSize:
    return QPageSize(QPageSize.PageSizeId.A4)


Section = QTextDocument | LazyDocument | PagePainter


def _laid_out(doc: QTextDocument, writer: QPdfWriter, page: QRectF) -> int:
    doc.documentLayout().setPaintDevice(writer)
    doc.setPageSize(page.size())
    keep_headings_with_next(doc, page.height())
    return doc.pageCount()


def render_pdf(
    sections: Sequence[Section],
    frame: PageFrame,
    pdf_title: str,
    guard: NoneGuard,
    progress: Progress | None = None,
) -> tuple[bytes, int]:
    """Paint the sections, each starting on a new page, into a PDF; return its bytes and
    page count. Nothing touches the disk.

    Lazy sections are laid out twice, once to count the pages (the footer says "page n of
    m" from the first page on) and once to paint them, and each is destroyed straight
    after: memory stays at one chunk's layout however long the report. ``progress`` gets
    (done, total) over both passes."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    writer.setPageLayout(
        QPageLayout(
            _page_size(),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
            QPageLayout.Unit.Point,
        )
    )
    writer.setTitle(pdf_title)
    writer.setCreator(f"caseapp {__version__}")
    full = QRectF(writer.pageLayout().fullRectPixels(DPI))
    content = QRectF(
        MARGIN_X,
        MARGIN_TOP,
        full.width() - 2 * MARGIN_X,
        full.height() - MARGIN_TOP - MARGIN_BOTTOM,
    )
    lazy = sum(isinstance(section, LazyDocument) for section in sections)
    counting_share = 50 if lazy else 0  # percent of the work the counting pass stands for

    def step(percent: int) -> None:
        if progress is not None and not progress(percent, 100):
            raise ExportCancelled()

    painter = QPainter()
    built: QTextDocument | None = None  # the lazy section being laid out, if any
    try:
        counts: list[int] = []
        for section in sections:
            if isinstance(section, LazyDocument):
                built = section.build()
                counts.append(_laid_out(built, writer, full))
                shiboken6.delete(built)
                built = None
                guard.top_up()
                step(counting_share * len(counts) // len(sections))
            elif isinstance(section, QTextDocument):
                counts.append(_laid_out(section, writer, full))
            else:
                counts.append(1)
        total = sum(counts)

        if not painter.begin(writer):
            raise ExportError(Message("export.pdf_not_started"))
        number = 0
        for section, pages in zip(sections, counts, strict=True):
            doc: QTextDocument | PagePainter
            if isinstance(section, LazyDocument):
                doc = built = section.build()
                if _laid_out(built, writer, full) != pages:
                    raise ExportError(Message("export.pdf_layout"))
            else:
                doc = section
            for index in range(pages):
                if number:
                    writer.newPage()
                number += 1
                painter.save()
                if isinstance(doc, QTextDocument):
                    painter.translate(0, -index * full.height())
                    doc.drawContents(
                        painter, QRectF(0, index * full.height(), full.width(), full.height())
                    )
                else:
                    doc(painter, content)
                painter.restore()
                _frame(painter, full, frame, number, total)
                guard.top_up()
                step(counting_share + (100 - counting_share) * number // total)
            if built is not None:
                shiboken6.delete(built)
                built = None
                guard.top_up()
    finally:
        if painter.isActive():
            painter.end()
        if built is not None:
            shiboken6.delete(built)
        buffer.close()
        # Destroy the Qt objects here, on the thread that made them (a worker, from the
        # window): left to Python's collector they may die on the GUI thread, and Qt warns
        # that their timers "cannot be stopped from another thread".
        for section in sections:
            if isinstance(section, QTextDocument):
                shiboken6.delete(section)
        shiboken6.delete(writer)
        guard.top_up()
    return bytes(data.data()), total


def _frame(painter: QPainter, page: QRectF, frame: PageFrame, number: int, total: int) -> None:
    painter.save()
    width = page.width() - 2 * MARGIN_X
    small = pdf_font(7.5)
    painter.setFont(small)
    painter.setPen(QPen(MUTED))
    top = QRectF(MARGIN_X, 26, width, 14)
    painter.drawText(
        top, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), frame.title
    )
    painter.setFont(pdf_font(7.5, bold=True))
    painter.drawText(
        top, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), frame.profile_text
    )
    painter.setPen(QPen(RULE, 0.6))
    painter.drawLine(QPointF(MARGIN_X, 44), QPointF(MARGIN_X + width, 44))
    if frame.warning:
        painter.setFont(pdf_font(7, bold=True))
        painter.setPen(QPen(QColor("#a50e0e")))
        painter.drawText(
            QRectF(MARGIN_X, 47, width, 12),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            frame.warning,
        )
    bottom_line = page.height() - 44
    painter.setPen(QPen(RULE, 0.6))
    painter.drawLine(QPointF(MARGIN_X, bottom_line), QPointF(MARGIN_X + width, bottom_line))
    painter.setFont(small)
    painter.setPen(QPen(MUTED))
    foot = QRectF(MARGIN_X, bottom_line + 4, width, 14)
    painter.drawText(
        foot, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), frame.generated_text
    )
    painter.drawText(
        foot,
        int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
        frame.page_text(number, total),
    )
    painter.restore()


# -- writing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportResult:
    path: Path
    profile: Profile
    records: int  # testimonies carried
    pages: int
    sha256: str


def generated_at() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


def check_target(path: Path) -> None:
    """Refuse a target the atomic write could not replace, before any work is done."""
    if path.is_dir():
        raise ExportError(Message("export.is_folder", path=str(path)))
    if not path.parent.is_dir():
        raise ExportError(Message("export.no_folder", folder=str(path.parent)))
    if not os.access(path.parent, os.W_OK):
        raise ExportError(Message("export.folder_read_only", folder=str(path.parent)))


def save_export(
    store: CaseStore,
    audit: AuditLog,
    path: Path,
    data: bytes,
    details: dict[str, Any],
    record_uid: str | None = None,
) -> str:
    """Write ``data`` atomically to ``path`` and audit an export event with the file's
    SHA-256, in one transaction: if the write fails, nothing is audited; if the audit fails,
    the new file is removed."""
    digest = hashlib.sha256(data).hexdigest()
    written = False
    try:
        with store.session() as session:
            audit.record(
                session,
                AuditAction.EXPORT.value,
                "testimony",
                record_uid,
                {**details, "format": "pdf", "sha256": digest, "file": str(path)},
            )
            session.flush()
            try:
                write_private_atomically(path, data)
            except OSError as exc:
                raise ExportError(
                    Message("export.cannot_write", path=str(path), reason=str(exc.strerror))
                ) from None
            written = True
    except BaseException:
        if written:
            path.unlink(missing_ok=True)
        raise
    return digest
