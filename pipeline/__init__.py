"""Markdown -> gettext catalogs -> localized bundles."""

from __future__ import annotations

__version__ = "0.1.0"
