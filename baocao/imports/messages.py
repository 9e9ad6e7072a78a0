"""Vietnamese messages for the parser's errors (the parser itself speaks English)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from baocao.parser import errors

MESSAGES: dict[type[errors.ParseError], Promise] = {
    errors.FileMissingError: _("không tìm thấy tệp"),
    errors.EmptyFileError: _("tệp rỗng, không có nội dung"),
    errors.FileTooLargeError: _("tệp vượt quá dung lượng cho phép"),
    errors.BinaryFileError: _("tệp chứa dữ liệu nhị phân, không phải văn bản"),
    errors.UndecodableTextError: _(
        "không xác định được bảng mã của văn bản (không phải "
        "UTF-8, UTF-16, TCVN3, VNI hay Windows-1258)"
    ),
    errors.EncryptedDocumentError: _("tài liệu được đặt mật khẩu"),
    errors.CorruptDocumentError: _("tài liệu bị hỏng hoặc không đúng định dạng theo tên tệp"),
    errors.NoTextLayerError: _(
        "tệp PDF không có lớp văn bản (bản quét); cần nhận dạng ký tự (OCR) trước khi nhập"
    ),
    errors.UnsupportedFormatError: _(
        "định dạng tệp chưa được hỗ trợ (chỉ nhận .txt, .doc, "
        ".docx, .pdf, .html; không nhận Word 6.0/95)"
    ),
}


def describe(error: errors.ParseError) -> str:
    """Return a Vietnamese sentence naming the file and the reason it cannot be imported."""
    for cls in type(error).__mro__:
        if cls in MESSAGES:
            reason = MESSAGES[cls]
            break
    else:
        reason = _("không đọc được tệp")
    return str(_("Tệp “%(name)s”: %(reason)s.") % {"name": error.source, "reason": reason})
