"""Errors the parser raises for a file it cannot read; each message names the file and why."""

from __future__ import annotations


class ParseError(Exception):
    """Raise when a report file cannot be read or decoded."""

    reason = "the file cannot be read"

    def __init__(self, source: str, detail: str | None = None) -> None:
        self.source = source
        self.detail = detail or self.reason
        super().__init__(f"{source}: {self.detail}")


class FileMissingError(ParseError):
    """Raise when the path does not exist or is not a regular file."""

    reason = "no such file"


class EmptyFileError(ParseError):
    """Raise when the file holds no text at all."""

    reason = "the file is empty"


class FileTooLargeError(ParseError):
    """Raise when the file is over the size limit."""

    reason = "the file is over the size limit"


class BinaryFileError(ParseError):
    """Raise when a file named as text holds binary data."""

    reason = "the file holds binary data, not text"


class UndecodableTextError(ParseError):
    """Raise when no known encoding turns the bytes into Vietnamese text."""

    reason = (
        "the text encoding cannot be determined: it is not UTF-8 or UTF-16, and neither "
        "TCVN3, VNI nor Windows-1258 gives Vietnamese text"
    )


class EncryptedDocumentError(ParseError):
    """Raise when a document is password-protected."""

    reason = "the document is password-protected"


class CorruptDocumentError(ParseError):
    """Raise when a DOCX, .doc, PDF or HTML file is damaged or not what its name says."""

    reason = "the document is damaged or not in the format its name says"


class NoTextLayerError(ParseError):
    """Raise when a PDF has no text layer (a scan)."""

    reason = "the PDF has no text layer (a scanned image?); run OCR first"


class UnsupportedFormatError(ParseError):
    """Raise when the file format is not one the parser reads."""

    reason = "the file format is not supported (use .txt, .docx, .doc, .pdf or .html)"
