"""Fixtures of the targets tests."""

from tests.validation.conftest import admin  # noqa: F401 - re-exported fixture
