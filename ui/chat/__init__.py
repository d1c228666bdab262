"""The clinicians' page at / (see ui/chat/page.py for how its panels fit together)."""

from __future__ import annotations

from ui.chat.page import ChatPage, build_chat

__all__ = ["ChatPage", "build_chat"]
