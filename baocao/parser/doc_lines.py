"""Turn the text of a Word 97–2003 document, with Word's control characters, into plain lines.

Word's main text is one string in which "\\r" ends a paragraph, "\\x07" ends a table cell (and,
alone in a paragraph marked "end of row", a table row), "\\x0b" is a line break, "\\x0c" a page
or section break, and "\\x13 code \\x14 result \\x15" a field. The lines come out in the shape
the DOCX reader gives (``loaders._table_lines``): a paragraph a line; a layout table (two
columns or fewer) a line per cell paragraph; a data table a line per row, cells joined by " | ".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from baocao.parser.normalize import squash

PARAGRAPH_END = "\r"
CELL_SEPARATOR = " | "
_FIELD_MARKS = re.compile("[\x13\x14\x15]")
_MARKS = re.compile("[\r\x07]")
_SPLIT = re.compile("([\r\x07])")
SOFT_HYPHEN = "\xad"
# Breaks become new lines, a non-breaking hyphen a hyphen, an optional hyphen a soft hyphen (in a
# TCVN3 text it is the letter "ư", see doc_reader); other control characters (pictures, drawn
# objects, footnote and comment references) are dropped.
_CLEAN = str.maketrans(
    {
        **{chr(c): None for c in (*range(0x00, 0x07), 0x08, *range(0x0F, 0x20), 0x7F)},
        "\x0a": "\n",
        "\x0b": "\n",
        "\x0c": "\n",
        "\x0e": "\n",
        "\x1e": "-",
        "\x1f": SOFT_HYPHEN,
    }
)


@dataclass(frozen=True)
class MarkProps:
    """What a paragraph's properties say about its mark: in a table, end of a (nested) row."""

    in_table: bool
    row_end: bool
    inner_row_end: bool = False


def doc_lines(raw: str, props: list[MarkProps | None]) -> str:
    """Return ``raw`` as lines; ``props`` has the properties of each "\\r" and "\\x07" in order.

    A mark whose properties are unknown (``None``) is read as Word usually writes it: a cell
    mark alone right after another cell mark ends a row.
    """
    parts = _SPLIT.split(strip_fields(raw).translate(_CLEAN))
    builder = _Lines()
    for index in range(0, len(parts) - 1, 2):
        mark_index = index // 2
        prop = props[mark_index] if mark_index < len(props) else None
        builder.add(parts[index], parts[index + 1], prop)
    if parts[-1]:
        builder.add(parts[-1], PARAGRAPH_END, None)
    return "\n".join(builder.finish())


def strip_fields(raw: str) -> str:
    """Return ``raw`` with each field replaced by its result (its code dropped, marks kept)."""
    if "\x13" not in raw:
        return raw
    out: list[str] = []
    stack: list[bool] = []  # per open field: True once its result has begun
    hidden = 0  # open fields still in their code part
    at = 0
    for match in _FIELD_MARKS.finditer(raw):
        segment = raw[at : match.start()]
        out.append(segment if not hidden else "".join(_MARKS.findall(segment)))
        char = match.group()
        if char == "\x13":
            stack.append(False)
            hidden += 1
        elif char == "\x14":
            if stack and not stack[-1]:
                stack[-1] = True
                hidden -= 1
        elif stack and not stack.pop():
            hidden -= 1
        at = match.end()
    tail = raw[at:]
    out.append(tail if not hidden else "".join(_MARKS.findall(tail)))
    return "".join(out)


class _Lines:
    """Collect paragraphs into lines, holding table cells until their table ends."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.rows: list[list[list[str]]] = []
        self.row: list[list[str]] = []
        self.cell: list[str] = []
        self.after_cell = False

    def add(self, text: str, mark: str, props: MarkProps | None) -> None:
        """Add one paragraph ending in ``mark``."""
        if mark == PARAGRAPH_END and not (props and props.in_table):
            self._flush()
            self.lines.append(text)
            self.after_cell = False
            return
        if props is not None and props.inner_row_end:
            return
        if mark == PARAGRAPH_END:
            self.cell.append(text)
            self.after_cell = False
            return
        row_end = props.row_end if props else (not text and not self.cell and self.after_cell)
        if row_end:
            self._end_row()
            self.after_cell = False
            return
        self.cell.append(text)
        self.row.append(self.cell)
        self.cell = []
        self.after_cell = True

    def finish(self) -> list[str]:
        """Return the lines, the last table included."""
        self._flush()
        return self.lines

    def _end_row(self) -> None:
        if self.cell:
            self.row.append(self.cell)
            self.cell = []
        if self.row:
            self.rows.append(self.row)
            self.row = []

    def _flush(self) -> None:
        self._end_row()
        if not self.rows:
            return
        if max(len(row) for row in self.rows) <= 2:
            for row in self.rows:
                for cell in row:
                    self.lines.extend(cell)
        else:
            for row in self.rows:
                self.lines.append(CELL_SEPARATOR.join(squash("\n".join(cell)) for cell in row))
        self.rows = []
