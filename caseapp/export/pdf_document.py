"""A PDF section built from text, never from markup: paragraphs, headings and tables whose
every value is escaped, laid out by Qt (which paginates and repeats table headers), then
checked by ``keep_together``: a heading stays with what follows it and a table row that fits
on a page is never torn across two."""

from __future__ import annotations

import html
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrameFormat,
    QTextTable,
    QTextTableCell,
    QTextTableCellFormat,
)

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
    """A section kept as its (escaped) HTML; ``write_pdf`` builds it to count its pages,
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
        """The document as chunks laid out one at a time by ``write_pdf``: a 1,000-testimony
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
        """A line under a heading about what follows: kept with it like a heading (h6)."""
        self.paragraph(text, size=8.5, color=MUTED, after=6, tag="h6")

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


# -- keeping things together across pages ------------------------------------------------------

ALWAYS_BEFORE = QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
# Marks the cells of a row ``keep_together`` inserted to fill the rest of a page.
_SPACER = QTextFormat.Property.UserProperty + 1


def _page(y: float, page_height: float) -> int:
    return int(y // page_height)


def _forced(fmt: QTextBlockFormat | QTextFrameFormat) -> bool:
    return bool(fmt.pageBreakPolicy() & ALWAYS_BEFORE)


def _lead(start: QTextBlock, table: QTextTable | None = None) -> QTextBlock | QTextTable | None:
    """Where a page break must go to move ``start`` (a heading, or the block before
    ``table``) to the next page with the headings and notes right before it: the first of
    them. None when one of them already starts a page (moving them would gain nothing)."""
    target: QTextBlock | QTextTable | None = table
    block = start
    while block.isValid() and block.blockFormat().headingLevel() > 0:
        if _forced(block.blockFormat()):
            return None
        target = block
        block = block.previous()
    if target is table and table is not None and _forced(table.format()):
        return None
    return target


def _cell_blocks(cell: QTextTableCell) -> tuple[QTextBlock, QTextBlock]:
    first = cell.firstCursorPosition().block()
    last = cell.lastCursorPosition().block()
    return first, last


class _Rows:
    """Where the rows of a laid-out table are."""

    def __init__(self, layout: QAbstractTextDocumentLayout, table: QTextTable) -> None:
        self.layout = layout
        self.table = table
        self.columns = table.columns()
        self.padding = 2 * table.format().cellPadding() + 2  # and the rule under a row

    def spacer(self, row: int) -> bool:
        return bool(self.table.cellAt(row, 0).format().property(_SPACER))

    def extent(self, row: int) -> tuple[float, float]:
        """The top of the row's first line and the bottom of its last, on the page."""
        top, bottom = float("inf"), float("-inf")
        for column in range(self.columns):
            first, last = _cell_blocks(self.table.cellAt(row, column))
            top = min(top, self.layout.blockBoundingRect(first).top())
            bottom = max(bottom, self.layout.blockBoundingRect(last).bottom())
        return top, bottom

    def height(self, row: int) -> float:
        """The row's height without page breaks: the sum of its tallest cell's lines."""
        tallest = 0.0
        for column in range(self.columns):
            block, last = _cell_blocks(self.table.cellAt(row, column))
            height = 0.0
            while block.isValid():
                lines = block.layout()
                height += sum(lines.lineAt(i).height() for i in range(lines.lineCount()))
                if block == last:
                    break
                block = block.next()
            tallest = max(tallest, height)
        return tallest + self.padding


def _insert_spacer(table: QTextTable, row: int) -> None:
    """An invisible row before ``row`` that ends where the next page's rows begin (below the
    repeated header): its one tiny line fits on this page, then breaks the page."""
    table.insertRows(row, 1)
    # A cell's format is its first block's character format: one format for both.
    cell_format = QTextTableCellFormat()
    cell_format.setPadding(0)
    cell_format.setBorder(0)
    cell_format.setFontPointSize(1)
    cell_format.setProperty(_SPACER, True)
    block_format = QTextBlockFormat()
    block_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysAfter)
    block_format.setLineHeight(1, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
    for column in range(table.columns()):
        cell = table.cellAt(row, column)
        cell.setFormat(cell_format)
        cell.firstCursorPosition().setBlockFormat(block_format)


# What keep_together changed, in order, to be done again to a new copy of the document:
# ("block", block number, 0) a page break before a heading; ("table", table, 0) one before
# a table; ("spacer", table, row) a spacer row before a row. Tables count from 0 in the
# document. A handful of numbers per chunk: the only thing kept between the passes.
Step = tuple[str, int, int]


def _tables(doc: QTextDocument) -> list[QTextTable]:
    return [f for f in doc.rootFrame().childFrames() if isinstance(f, QTextTable)]


def _apply(doc: QTextDocument, tables: list[QTextTable], step: Step) -> None:
    kind, index, row = step
    if kind == "spacer":
        _insert_spacer(tables[index], row)
    elif kind == "table":
        table_format = tables[index].format()
        table_format.setPageBreakPolicy(ALWAYS_BEFORE)
        tables[index].setFormat(table_format)
    else:
        block = doc.findBlockByNumber(index)
        block_format = block.blockFormat()
        block_format.setPageBreakPolicy(ALWAYS_BEFORE)
        QTextCursor(block).setBlockFormat(block_format)


def replay(doc: QTextDocument, steps: Sequence[Step]) -> None:
    """Make the changes ``keep_together`` made to an earlier copy of ``doc``, in one edit
    (and before ``doc`` is laid out at page size: then it is laid out once)."""
    if not steps:
        return
    tables = _tables(doc)
    edit = QTextCursor(doc)
    edit.beginEditBlock()
    for step in steps:
        _apply(doc, tables, step)
    edit.endEditBlock()


Fix = tuple[int, Step]  # where in the document, and what to change


def _torn_row(
    doc: QTextDocument,
    layout: QAbstractTextDocumentLayout,
    tables: list[QTextTable],
    index: int,
    page_height: float,
    body: float,
) -> Fix | None:
    """The first row of a table that Qt tore across two pages although it fits on one
    (under the repeated header), with its fix; None when there is none."""
    table = tables[index]
    frame = layout.frameBoundingRect(table)
    if _page(frame.top(), page_height) == _page(frame.bottom() - 0.01, page_height):
        return None
    rows = _Rows(layout, table)
    headers = table.format().headerRowCount()
    header = rows.height(0) if headers else 0.0
    after_spacer = False
    for row in range(headers, table.rows()):
        if rows.spacer(row):
            after_spacer = True
            continue
        top, bottom = rows.extent(row)
        torn = _page(top, page_height) != _page(bottom - 0.01, page_height)
        # Right after a spacer a torn row is taller than a page: Qt splits it, and repeats
        # the header on the pages it continues on.
        if torn and not after_spacer and rows.height(row) <= body - header:
            if row == headers:
                # The first row: move the table, with the headings and notes that lead to
                # it, unless they already start a page.
                target = _lead(doc.findBlock(table.firstPosition()).previous(), table)
                if isinstance(target, QTextTable):
                    return target.firstPosition(), ("table", index, 0)
                if target is not None:
                    return target.position(), ("block", target.blockNumber(), 0)
            return table.cellAt(row, 0).firstPosition(), ("spacer", index, row)
        after_spacer = False
    return None


def keep_together(doc: QTextDocument, page_height: float, passes: int = 32) -> list[Step]:
    """Qt has no keep-with-next and tears a table row across pages whenever its first line
    fits; so lay out, find a heading (or note) left alone at the foot of a page and a row
    torn although it fits on a page, move each to the next page (a page break before the
    heading or the table; an invisible row that fills the rest of the page before the
    row, after which Qt repeats the table's header), and lay out again. Returns what it
    changed, for ``replay``.

    A change moves everything after it up to the next forced page break (each testimony
    starts on a new page), and nothing beyond: so each pass fixes the first problem between
    two forced breaks, and a chunk takes as many passes as its worst testimony has problems,
    not as many as the chunk has. After ``passes`` (a testimony with a table of more than
    about 30 pages), what is left is as Qt laid it out."""
    layout = doc.documentLayout()
    tables = _tables(doc)
    body = page_height - MARGIN_TOP - MARGIN_BOTTOM - 8  # slack for rules and rounding
    steps: list[Step] = []
    for _ in range(passes):
        doc.pageCount()  # lays the document out
        breaks: list[int] = []
        fixes: list[Fix] = []
        block = doc.begin()
        while block.isValid():
            following = block.next()
            block_format = block.blockFormat()
            # Only headings (and notes) break pages, and only they are kept with what follows.
            if block_format.headingLevel() == 0:
                pass
            elif _forced(block_format):
                breaks.append(block.position())
            elif following.isValid() and _page(
                layout.blockBoundingRect(following).top(), page_height
            ) > _page(layout.blockBoundingRect(block).top(), page_height):
                target = _lead(block)
                if isinstance(target, QTextBlock):
                    fixes.append((target.position(), ("block", target.blockNumber(), 0)))
            block = following
        for index, table in enumerate(tables):
            if _forced(table.format()):
                breaks.append(table.firstPosition())
            fix = _torn_row(doc, layout, tables, index, page_height, body)
            if fix is not None:
                fixes.append(fix)
        if not fixes:
            break
        breaks.sort()
        chosen: dict[int, Fix] = {}
        for fix in sorted(fixes, key=lambda f: f[0]):
            chosen.setdefault(bisect_right(breaks, fix[0]), fix)
        # One edit block: Qt lays the document out again once, not after every change
        # (30-50 ms each). Last first: a row inserted earlier would move what follows it.
        done = [step for _, step in sorted(chosen.values(), key=lambda f: -f[0])]
        replay(doc, done)
        steps += done
    return steps
