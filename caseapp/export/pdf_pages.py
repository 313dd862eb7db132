"""Pages: every section painted onto a QPdfWriter with its running header (title, profile)
and footer (generated at, page n of m). Text stays text, so it can be searched and copied."""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Sequence
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen, QTextDocument

from caseapp import __version__
from caseapp.export.errors import ExportCancelled, ExportError, Progress
from caseapp.export.messages import Message
from caseapp.export.pdf_document import LazyDocument, Step, keep_together, replay
from caseapp.export.pdf_style import DPI, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, MUTED, RULE, pdf_font

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


def _page_size() -> QPageSize:
    return QPageSize(QPageSize.PageSizeId.A4)


@dataclass(frozen=True)
class LazySections:
    """``count`` lazy sections made afresh for each pass of ``write_pdf`` (read from the
    database as they are laid out), the same ones in the same order each time: only one is
    held at a time, however many there are."""

    make: Callable[[], Iterable[LazyDocument]]
    count: int


Section = QTextDocument | LazyDocument | PagePainter


def _each(sections: Sequence[Section | LazySections]) -> Generator[Section, None, None]:
    for section in sections:
        if isinstance(section, LazySections):
            yield from section.make()
        else:
            yield section


def _laid_out(
    doc: QTextDocument, writer: QPdfWriter, page: QRectF, steps: list[Step] | None = None
) -> tuple[int, list[Step]]:
    """Lay ``doc`` out in pages, keeping headings with what follows and rows whole, and
    return its page count and the changes that took; given the ``steps`` returned for an
    earlier copy, make them before laying it out (once, instead of once per pass)."""
    if steps is not None:
        replay(doc, steps)
    doc.documentLayout().setPaintDevice(writer)
    doc.setPageSize(page.size())
    if steps is None:
        steps = keep_together(doc, page.height())
    return doc.pageCount(), steps


def render_pdf(
    sections: Sequence[Section | LazySections],
    frame: PageFrame,
    pdf_title: str,
    progress: Progress | None = None,
) -> tuple[bytes, int]:
    """The PDF of ``write_pdf`` as bytes, with its page count. Nothing touches the disk."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    try:
        pages = write_pdf(buffer, sections, frame, pdf_title, progress)
    finally:
        buffer.close()
    return bytes(data.data()), pages


def write_pdf(
    device: QIODevice,
    sections: Sequence[Section | LazySections],
    frame: PageFrame,
    pdf_title: str,
    progress: Progress | None = None,
) -> int:
    """Paint the sections, each starting on a new page, into a PDF written to ``device``
    (open for writing) page by page; return its page count.

    Lazy sections are laid out twice, once to count the pages (the footer says "page n of
    m" from the first page on) and once to paint them (making the changes that kept rows
    whole in the first pass, without looking for them again), and each is destroyed straight
    after: memory stays at one chunk's layout however long the report. Between the passes
    only numbers are kept, a few per section. ``progress`` gets (done, total) over both
    passes."""
    writer = QPdfWriter(device)
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
    expected = sum(s.count if isinstance(s, LazySections) else 1 for s in sections)
    lazy = any(isinstance(s, LazySections | LazyDocument) for s in sections)
    counting_share = 50 if lazy else 0  # percent of the work the counting pass stands for

    def step(percent: int) -> None:
        if progress is not None and not progress(percent, 100):
            raise ExportCancelled()

    painter = QPainter()
    built: QTextDocument | None = None  # the lazy section being laid out, if any
    # The pass under way: its reads (a cursor on the database) stay open until it is closed.
    passing: Generator[Section, None, None] | None = None
    try:
        counts: list[int] = []
        plans: list[list[Step]] = []  # what keeping things together changed in each
        passing = _each(sections)
        for section in passing:
            pages = 1
            steps: list[Step] = []
            if isinstance(section, LazyDocument):
                built = section.build()
                pages, steps = _laid_out(built, writer, full)
                shiboken6.delete(built)
                built = None
            elif isinstance(section, QTextDocument):
                pages, steps = _laid_out(section, writer, full)
            counts.append(pages)
            plans.append(steps)
            if isinstance(section, LazyDocument):
                step(counting_share * min(len(counts), expected) // expected)
        total = sum(counts)

        if not painter.begin(writer):
            raise ExportError(Message("export.pdf_not_started"))
        number = 0
        painted = 0
        passing = _each(sections)
        for section in passing:
            if painted == len(counts):
                raise ExportError(Message("export.pdf_layout"))
            pages, steps = counts[painted], plans[painted]
            painted += 1
            doc: QTextDocument | PagePainter
            if isinstance(section, LazyDocument):
                doc = built = section.build()
                if _laid_out(built, writer, full, steps)[0] != pages:
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
                step(counting_share + (100 - counting_share) * number // total)
            if built is not None:
                shiboken6.delete(built)
                built = None
        if painted != len(counts):
            raise ExportError(Message("export.pdf_layout"))
    finally:
        if passing is not None:
            passing.close()
        if painter.isActive():
            painter.end()
        if built is not None:
            shiboken6.delete(built)
        # Destroy the Qt objects here, on the thread that made them (a worker, from the
        # window): left to Python's collector they may die on the GUI thread, and Qt warns
        # that their timers "cannot be stopped from another thread".
        for given in sections:
            if isinstance(given, QTextDocument):
                shiboken6.delete(given)
        shiboken6.delete(writer)
    return total


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
