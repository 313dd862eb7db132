"""A PDF section built from text, never from markup: paragraphs, headings and tables whose
every value is escaped, laid out by Qt (which paginates, keeps table rows whole and repeats
table headers)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtGui import QColor, QTextBlock, QTextCursor, QTextDocument, QTextFormat

from caseapp.export.pdf_style import (
    ACCENT,
    HEADER_FILL,
    INK,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    RULE,
    clean_text,
    pdf_font,
)


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
    report fast, and keeps the number of calls into PySide6 low."""

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
