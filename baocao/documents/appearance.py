"""The visible appearance of digital signatures (Decree 30/2020, Appendix I, Part II).

- A person's signature (chữ ký số của người có thẩm quyền): the image of their handwritten
  signature (PNG, transparent background) centred in the signature space between the title and
  the name. Without an image, a text stamp (signer, organisation, signing time) stands in.
- The agency's signature (chữ ký số của cơ quan, tổ chức): the image of the seal, in red, at
  its real size, over about a third of the person's signature image, on its left; with the
  agency's name and the signing time (ISO 8601, Vietnamese time zone) in Times New Roman 10,
  upright, blue.

Appearances are drawn by WeasyPrint with the document font (Vietnamese letters print right)
and imported by pyHanko as the signature widget's appearance. No Django here.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import io
import uuid
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

MM = 72 / 25.4
MAX_IMAGE_BYTES = 512 * 1024
MAX_IMAGE_PIXELS = 2000 * 2000
SIGNATURE_IMAGE_MAX = (60 * MM, 24 * MM)  # fits the 28 mm signature space
DEFAULT_SEAL_MM = 34.0  # a department's round seal is 32–36 mm across
SEAL_RED = (204, 0, 0)
INFO_BLUE = "#0000c0"
INFO_WIDTH_PT = 62 * MM  # the agency's name on at most two lines at 10 pt
TEXT_STAMP_PT = (190.0, 62.0)
Rect = tuple[float, float, float, float]


class ImageError(ValueError):
    """Raise when an uploaded signature or seal image is not a usable PNG."""


@dataclass(frozen=True)
class Picture:
    """A checked PNG image: its bytes and pixel size."""

    png: bytes
    width: int
    height: int

    def fit(self, max_w: float, max_h: float) -> tuple[float, float]:
        """Return the largest (w, h) in points with this aspect that fits (max_w, max_h)."""
        scale = min(max_w / self.width, max_h / self.height)
        return self.width * scale, self.height * scale


def iso_time(when: dt.datetime) -> str:
    """Return a signing time in ISO 8601 with its offset: 2026-01-25T09:00:00+07:00."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.replace(microsecond=0).isoformat()


def check_png(data: bytes, *, max_bytes: int = MAX_IMAGE_BYTES) -> Picture:
    """Return ``data`` as a Picture, or raise ImageError (not a PNG, too big, too many pixels)."""
    from PIL import Image

    if not data or len(data) > max_bytes:
        raise ImageError(
            _("Ảnh phải là tệp PNG không quá %(size)s KB.") % {"size": max_bytes // 1024}
        )
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise ImageError(_("Ảnh phải là tệp PNG (nền trong suốt)."))
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS or width < 8 or height < 8:
                raise ImageError(_("Kích thước ảnh không phù hợp (tối đa 2000 × 2000 điểm ảnh)."))
            image.load()
    except ImageError:
        raise
    except Exception as exc:
        raise ImageError(_("Không đọc được ảnh PNG.")) from exc
    return Picture(data, width, height)


def red_seal(data: bytes) -> Picture:
    """Return the seal image in red on a transparent background, whatever its colours.

    Each pixel keeps its darkness as opacity (white paper becomes transparent), so a scan of
    a stamped sheet or a black drawing gives a red seal as Decree 30 requires.
    """
    from PIL import Image, ImageOps

    picture = check_png(data)
    with Image.open(io.BytesIO(picture.png)) as image:
        rgba = image.convert("RGBA")
    grey = ImageOps.grayscale(rgba.convert("RGB"))
    darkness = ImageOps.invert(grey)
    # Opacity: the darker the ink the more opaque; the image's own transparency is kept.
    alpha = Image.eval(darkness, lambda v: min(255, v * 2))
    alpha = Image.composite(alpha, Image.new("L", rgba.size, 0), rgba.getchannel("A"))
    out = Image.new("RGBA", rgba.size, (*SEAL_RED, 0))
    out.putalpha(alpha)
    buffer = io.BytesIO()
    out.save(buffer, format="PNG", optimize=True)
    return Picture(buffer.getvalue(), picture.width, picture.height)


def _fetcher(images: dict[str, bytes]) -> Any:
    """Return a fetcher serving the document fonts and the given in-memory images only."""
    from weasyprint.urls import URLFetcherResponse

    from baocao.documents.render_pdf import fonts_only_fetcher

    base = fonts_only_fetcher()
    original = base.fetch

    def fetch(url: str, headers: Any = None) -> Any:
        if url in images:
            return URLFetcherResponse(url, images[url], {"Content-Type": "image/png"})
        return original(url, headers)

    base.fetch = fetch
    return base


def _render(
    width: float, height: float, body: str, css: str, images: dict[str, bytes] | None = None
) -> bytes:
    from weasyprint import HTML

    from baocao.documents.fonts import FAMILY
    from baocao.documents.render_pdf import _font_faces

    html = f"""<html><head><style>{_font_faces()}
@page {{ size: {width:.2f}pt {height:.2f}pt; margin: 0; }}
html, body {{ margin: 0; padding: 0; font-family: "{FAMILY}", serif; }}
{css}</style></head><body>{body}</body></html>"""
    return HTML(string=html, url_fetcher=_fetcher(images or {})).write_pdf()


def text_stamp(signer: str, organisation: str, when: dt.datetime) -> tuple[bytes, float, float]:
    """Return (PDF, width, height) of a text stamp for a signature without an image."""
    from baocao.documents.render_pdf import e

    width, height = TEXT_STAMP_PT
    css = f""".box {{ border: 1.2pt solid {INFO_BLUE}; border-radius: 3pt; height: {height - 4}pt;
  box-sizing: border-box; padding: 2pt 5pt; margin: 2pt; line-height: 1.2; color: {INFO_BLUE};
  font-size: 8.5pt; }} b {{ font-size: 9pt; }}"""
    body = (
        f'<div class="box"><div>Ký bởi: <b>{e(signer)}</b></div>'
        f"<div>Cơ quan: {e(organisation or '—')}</div>"
        f"<div>Thời gian ký: {e(iso_time(when))}</div>"
        "<div><i>Ký số theo Nghị định 30/2020/NĐ-CP</i></div></div>"
    )
    return _render(width, height, body, css), width, height


def signature_image_stamp(picture: Picture) -> tuple[bytes, float, float]:
    """Return (PDF, width, height) showing a person's signature image, fitted to the space."""
    width, height = picture.fit(*SIGNATURE_IMAGE_MAX)
    url = "file:///baocao-appearance/signature.png"
    css = f"img {{ display: block; width: {width:.2f}pt; height: {height:.2f}pt; }}"
    return (
        _render(width, height, f'<img src="{url}" alt="">', css, {url: picture.png}),
        width,
        height,
    )


def seal_stamp(
    seal: Picture, organisation: str, when: dt.datetime, *, seal_mm: float = DEFAULT_SEAL_MM
) -> tuple[bytes, float, float, float]:
    """Return (PDF, width, height, seal_width) of the agency's appearance.

    The seal (red, ``seal_mm`` across at its widest) is on the right of the appearance; the
    agency's name and the ISO 8601 signing time, blue 10 pt, on its left, level with its
    middle: so the seal can cover the left third of the signature image while the text stays
    clear of the title and the name.
    """
    from baocao.documents.render_pdf import e

    seal_w, seal_h = seal.fit(seal_mm * MM, seal_mm * MM)
    info_w = INFO_WIDTH_PT
    width, height = info_w + seal_w, seal_h
    url = "file:///baocao-appearance/seal.png"
    css = f"""
.info {{ position: absolute; left: 0; top: 0; width: {info_w - 3:.2f}pt; height: {height:.2f}pt;
  display: flex; flex-direction: column; justify-content: center; text-align: right;
  color: {INFO_BLUE}; font-size: 10pt; line-height: 1.15; }}
img {{ position: absolute; right: 0; top: 0; width: {seal_w:.2f}pt; height: {seal_h:.2f}pt; }}"""
    body = (
        f'<div class="info"><div>{e(organisation)}</div><div>{e(iso_time(when))}</div></div>'
        f'<img src="{url}" alt="">'
    )
    return _render(width, height, body, css, {url: seal.png}), width, height, seal_w


def personal_rect(space: Rect, width: float, height: float) -> Rect:
    """Return where a person's appearance of (width, height) goes: centred in ``space``."""
    x1, y1, x2, y2 = space
    cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
    return (
        round(cx - width / 2, 2),
        round(cy - height / 2, 2),
        round(cx + width / 2, 2),
        round(cy + height / 2, 2),
    )


def seal_rect(signature: Rect, width: float, height: float, seal_width: float) -> Rect:
    """Return where the agency's appearance goes: its seal's right edge one third into the
    signature image ``signature``, the seal's centre level with the image's centre."""
    x1, y1, x2, y2 = signature
    right = x1 + (x2 - x1) / 3
    cy = (y1 + y2) / 2
    left = right - seal_width - (width - seal_width)
    return (round(left, 2), round(cy - height / 2, 2), round(right, 2), round(cy + height / 2, 2))


def stamp_style(stamp: bytes) -> Any:
    """Return a pyHanko stamp style whose appearance is the first page of the PDF ``stamp``."""
    from pyhanko.pdf_utils import content
    from pyhanko.pdf_utils.layout import BoxConstraints
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.stamp import StaticStampStyle

    class InMemoryPage(content.ImportedPdfPage):
        """Import the first page of an in-memory PDF as the stamp's background."""

        def render(self) -> bytes:
            xobj = self._ensure_writer.import_page_as_xobject(
                PdfFileReader(io.BytesIO(stamp)), page_ix=0
            )
            name = b"/Import" + binascii.hexlify(uuid.uuid4().bytes)
            self.resources.xobject[name.decode("ascii")] = xobj
            x1, y1, x2, y2 = xobj.get_object()["/BBox"]
            self.box = BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
            return name + b" Do"

    return StaticStampStyle(
        background=InMemoryPage("in-memory"), border_width=0, background_opacity=1.0
    )


def data_uri(png: bytes) -> str:
    """Return a PNG as a data: URI (for previews in pages)."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
