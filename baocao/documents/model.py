"""The intermediate model of an official document (Decree 30/2020/NĐ-CP), independent of format.

Pure Python: no Django, no I/O. A builder turns a Report into an ``OfficialDocument``; the DOCX
and PDF renderers lay out the same object, so both formats always say the same thing.
Every text that enters the model passes through ``clean`` (NFC, no control characters).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from baocao.domain.text import CONTROL, INVISIBLE, SEPARATORS, strip_control

# C0/C1 control characters except tab and newline; also the Unicode line/paragraph separators,
# bidi overrides and zero-width characters that would garble a printed page.
_UNPRINTABLE = CONTROL + INVISIBLE + SEPARATORS
_SPACES = re.compile(r"[ \t]+")

DRAFT_MARK = "DỰ THẢO"
NO_SIGNER = "[Chưa có người ký]"
NO_SIGNER_TITLE = "[Chưa có chức vụ người ký]"
NO_GOVERNING = "[Chưa có cơ quan chủ quản]"
NO_PLACE = "[Chưa có địa danh]"
NO_TITLE = "[Chưa có trích yếu]"
SLOGAN = "Độc lập - Tự do - Hạnh phúc"


def clean(text: str | None, *, multiline: bool = False) -> str:
    """Return ``text`` in NFC without control characters, its spaces collapsed and trimmed.

    With ``multiline`` line breaks are kept (one per line, blank lines dropped); otherwise
    they become spaces.
    """
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = strip_control(text, _UNPRINTABLE)
    if multiline:
        lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
        return "\n".join(line for line in lines if line)
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()


@dataclass(frozen=True)
class Heading:
    """A heading of the body: a part ("I. KẾT QUẢ…", level 1) or a section ("1. Về…", level 2).

    Level 3 is the name of a reporting unit before its items in a consolidated report.
    """

    text: str
    level: int = 1
    kind: Literal["heading"] = "heading"


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph: justified, first-line indent; ``lead`` is printed bold before the text."""

    text: str
    lead: str = ""
    kind: Literal["paragraph"] = "paragraph"


@dataclass(frozen=True)
class TableRow:
    """One row of the indicator table; every cell is already formatted text."""

    number: str
    name: str
    unit: str
    value: str
    previous: str
    change: str
    plan: str = ""
    same_period: str = ""

    def cells(self, wide: bool = False) -> tuple[str, ...]:
        """Return the row's cells; ``wide`` adds % of the plan and the same period last year."""
        base = (self.number, self.name, self.unit, self.value, self.previous, self.change)
        return (*base, self.plan or "–", self.same_period or "–") if wide else base


# The columns of the indicator table, when a report has no plan or actual columns.
TABLE_HEADERS: tuple[str, ...] = (
    "TT",
    "Chỉ tiêu",
    "Đơn vị tính",
    "Kỳ này",
    "Kỳ trước",
    "Tăng (+)/giảm (-)",
)


@dataclass(frozen=True)
class IndicatorTable:
    """The table of indicators; the renderers repeat its header row on every page."""

    rows: tuple[TableRow, ...]
    caption: str = ""
    headers: tuple[str, ...] = TABLE_HEADERS
    kind: Literal["table"] = "table"

    @property
    def wide(self) -> bool:
        """Return whether the table has the plan and same-period columns."""
        return len(self.headers) > 6


Block = Heading | Paragraph | IndicatorTable


@dataclass(frozen=True)
class Header:
    """The header block: governing and issuing bodies left, national motto right."""

    governing_body: str
    issuing_body: str
    number_line: str
    place_date_line: str
    motto: str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    slogan: str = SLOGAN
    issuing_rule_mm: float = 20.0
    slogan_rule_mm: float = 60.0


@dataclass(frozen=True)
class Signature:
    """The signature block: authority prefix line ("KT. GIÁM ĐỐC"), title, name."""

    authority: str
    title: str
    name: str


@dataclass(frozen=True)
class OfficialDocument:
    """A complete official document, ready for any renderer."""

    header: Header
    doc_type: str
    summary: str
    body: tuple[Block, ...]
    signature: Signature
    recipients: tuple[str, ...]
    is_draft: bool = False
    summary_rule_mm: float = 30.0
    file_stem: str = "van-ban"
    metadata: dict[str, str] = field(default_factory=dict)

    def texts(self) -> list[str]:
        """Return every printed text in reading order (for tests and text search)."""
        out = [
            self.header.governing_body,
            self.header.issuing_body,
            self.header.number_line,
            self.header.motto,
            self.header.slogan,
            self.header.place_date_line,
            self.doc_type,
            self.summary,
        ]
        for block in self.body:
            if isinstance(block, IndicatorTable):
                out.extend(" ".join(r.__dict__.values()) for r in block.rows)
            else:
                out.append(f"{getattr(block, 'lead', '')} {block.text}".strip())
        out += [self.signature.authority, self.signature.title, self.signature.name]
        out += list(self.recipients)
        return [t for t in out if t]


def upper(text: str) -> str:
    """Return ``text`` in upper case, keeping Vietnamese letters composed (NFC)."""
    return unicodedata.normalize("NFC", text.upper())


def end_with_closing(text: str) -> str:
    """Return ``text`` ending with the closing mark "./." of Decree 30."""
    text = text.rstrip()
    if text.endswith("./."):
        return text
    text = text.rstrip(";,: ")
    return f"{text}/." if text.endswith(".") else f"{text}./."


def recipient_lines(raw: str) -> tuple[str, ...]:
    """Return the "Nơi nhận" lines as "- UBND tỉnh;" … "- Lưu: VT, VP."."""
    names = [
        line.strip().lstrip("-–•").strip().rstrip(";.,").strip()
        for line in clean(raw, multiline=True).split("\n")
    ]
    names = [n for n in names if n]
    if not any(n.lower().startswith("lưu") for n in names):
        names.append("Lưu: VT")
    return tuple(f"- {n}{'.' if i == len(names) - 1 else ';'}" for i, n in enumerate(names))
