"""baocao — hệ thống thông tin báo cáo (a reporting information system for Vietnamese provinces)."""

__version__ = "0.1.0"
