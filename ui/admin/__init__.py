"""The ministry admin page at /admin (see ui/admin/page.py for how its panels fit together)."""

from __future__ import annotations

from ui.admin.page import AdminPage, build_admin

__all__ = ["AdminPage", "build_admin"]
