"""The document font: "Times New Roman", served by Liberation Serif 2 where Microsoft's is absent.

Debian's ``fonts-liberation`` (v1) lacks most Vietnamese letters, so the PDF pins the v2 files
explicitly instead of trusting fontconfig's choice; text widths (for the header rules) are
measured on the same files.
"""

from __future__ import annotations

import functools
import glob
from pathlib import Path

FAMILY = "Times New Roman"
STYLES = {
    "regular": ("Times New Roman.ttf", "LiberationSerif-Regular.ttf"),
    "bold": ("Times New Roman Bold.ttf", "LiberationSerif-Bold.ttf"),
    "italic": ("Times New Roman Italic.ttf", "LiberationSerif-Italic.ttf"),
    "bolditalic": ("Times New Roman Bold Italic.ttf", "LiberationSerif-BoldItalic.ttf"),
}
_SEARCH = (
    "/usr/share/fonts/truetype/msttcorefonts",
    "/usr/share/fonts/truetype/liberation2",
    "/usr/share/fonts/truetype/liberation2*",
    "/usr/share/fonts/**/liberation2",
    "/usr/local/share/fonts",
)


@functools.cache
def font_file(style: str = "regular") -> Path | None:
    """Return the file of the document font in ``style``, or None when none is installed."""
    for name in STYLES[style]:
        for folder in _SEARCH:
            for hit in glob.glob(f"{folder}/{name}", recursive=True):
                return Path(hit)
    return None


@functools.cache
def _metrics(style: str) -> tuple[dict[int, str], dict[str, tuple[int, int]], int] | None:
    path = font_file(style)
    if path is None:
        return None
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # fontTools has no types

    font = TTFont(str(path), lazy=True)
    return dict(font.getBestCmap()), dict(font["hmtx"].metrics), font["head"].unitsPerEm


@functools.lru_cache(maxsize=4096)
def text_width_mm(text: str, size_pt: float, style: str = "regular") -> float:
    """Return the printed width of ``text`` at ``size_pt`` in millimetres (estimated if no font).

    Kept per text, size and style (the fonts are fixed for the process): a header's slogan and
    issuing body, a table's words, are measured once, not at every approval.
    """
    metrics = _metrics(style)
    if metrics is None:
        return len(text) * size_pt * 0.55 * 25.4 / 72
    cmap, hmtx, per_em = metrics
    units = 0
    for char in text:
        glyph = cmap.get(ord(char))
        units += hmtx[glyph][0] if glyph in hmtx else per_em // 2
    return units / per_em * size_pt * 25.4 / 72
