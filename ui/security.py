"""The web app's defences at the edge, passed to the two `gr.mount_gradio_app` calls in ui/server.py.

    gate = LoginGate(state)                         # auth= of the admin page: throttled, off the event loop
    gr.mount_gradio_app(app, with_cache_cleanup(build_admin(state), *ADMIN_CACHE), auth=login,
                        **admin_mount(state), ...)
    gr.mount_gradio_app(app, with_cache_cleanup(build_chat(state), *CHAT_CACHE), path="",
                        **clinicians_mount(state), ...)

- The clinicians' page has no file input, so it refuses every upload before reading a byte (anonymous
  uploads of any size used to land in Gradio's temp folder for good), and it serves nothing from Gradio's
  file cache, where the admin page's feedback exports and uploaded PDFs are copied.
- Logins are throttled per user name and per client address (GA_ADMIN__LOGIN_*): a throttled attempt is
  refused with 429 before any scrypt runs, and the scrypt check runs in a worker thread, at most
  `CHECKS_AT_ONCE` at a time, so logins never stall the clinicians' page.
- The client address is the socket's, or X-Forwarded-For when uvicorn trusts the proxy that sent it
  (uvicorn's FORWARDED_ALLOW_IPS, by default only 127.0.0.1).
"""

from __future__ import annotations

import asyncio
import math
import unicodedata
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import gradio as gr
from fastapi import HTTPException
from gradio.utils import get_upload_folder
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from guideline_assist.admin.throttle import Throttle
from guideline_assist.core.errors import GuidelineAssistError
from guideline_assist.core.i18n import LANGUAGES
from guideline_assist.core.i18n import text as t
from ui.state import AppState

CHECKS_AT_ONCE = 2  # scrypt checks in parallel (16 MiB and ~50 ms of one core each): the machine has 2 cores
# (every, older than) in seconds: Gradio deletes its cached copies of uploads and exports on this schedule.
ADMIN_CACHE = (1800, 7200)  # an editor may pick a PDF, then fill in the form for a while
CHAT_CACHE = (3600, 3600)
MAX_NAME = 40

CLIENT_ADDRESS: ContextVar[str] = ContextVar("client_address", default="-")


def client_address(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "-"


def all_languages(key: str, **params: Any) -> str:
    """For a client whose language is unknown (an HTTP error before any page is loaded)."""
    return " · ".join(t(key, lang, **params) for lang in LANGUAGES)


class RememberClientAddress:
    """ASGI middleware: the request's client address in CLIENT_ADDRESS, for Gradio's auth= callable, which
    is given only a user name and a password."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        token = CLIENT_ADDRESS.set(client_address(scope))
        try:
            await self.app(scope, receive, send)
        finally:
            CLIENT_ADDRESS.reset(token)


class RefuseUploads:
    """ASGI middleware: 403 for any multipart body or upload route, before the body is read."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _is_upload(scope):
            await PlainTextResponse(all_languages("uploads_refused"), status_code=403)(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _is_upload(scope: Scope) -> bool:
    content_type = dict(scope.get("headers") or []).get(b"content-type", b"").lower()
    path = scope.get("path", "").rstrip("/")
    return content_type.startswith(b"multipart/") or path.endswith(("/upload", "/process_recording"))


class LoginGate:
    """The admin page's login: throttle first, then the password check in a thread, then the audit line."""

    def __init__(self, state: AppState) -> None:
        admin = state.settings.admin
        self.state = state
        self.throttle = Throttle(admin.login_attempts, admin.login_window_s, admin.login_lock_s)
        self._checks = asyncio.Semaphore(CHECKS_AT_ONCE)

    async def check(self, username: str, password: str) -> bool:
        """True for a right password; False for a wrong one; HTTP 429 while the name or address is paused."""
        name = unicodedata.normalize("NFC", username)[:MAX_NAME]
        address = CLIENT_ADDRESS.get()
        keys = (f"user:{name}", f"address:{address}")
        wait = self.throttle.attempt(*keys)  # counted now, so parallel guesses cannot all slip through
        if wait > 0:
            minutes = max(1, math.ceil(wait / 60))
            detail = all_languages("login_throttled", minutes=minutes)
            raise HTTPException(status_code=429, detail=detail, headers={"Retry-After": str(math.ceil(wait))})
        async with self._checks:
            return await asyncio.to_thread(self._check, name, password, address, keys)

    def _check(self, name: str, password: str, address: str, keys: tuple[str, str]) -> bool:
        try:
            user = self.state.accounts().authenticate(name, password)
        except GuidelineAssistError:  # an unreadable users file: nobody logs in (the error is logged)
            user = None
        self.state.audit.record(name, "login" if user else "login_failed", detail=f"from {address}")
        if user:
            self.throttle.forget(keys[0])
            self.throttle.unhit(keys[1])  # a good login is not a failure of its address
        elif (wait := self.throttle.retry_after(*keys)) > 0:
            self.state.audit.record(name, "login_throttled", detail=f"from {address}; paused {math.ceil(wait)} s")
        return user is not None


def with_cache_cleanup(blocks: gr.Blocks, every_s: int, older_than_s: int) -> gr.Blocks:
    """Gradio deletes the files it cached for this page (uploads, downloads) on this schedule, and all of
    them when the server stops."""
    blocks.delete_cache = (every_s, older_than_s)
    return blocks


def gradio_cache() -> Path:
    """Where Gradio keeps every uploaded file and every file a handler returns, for both pages."""
    return Path(get_upload_folder()).resolve()


def clinicians_mount(state: AppState) -> dict[str, Any]:
    """Keyword arguments of the clinicians' page's mount: no uploads, nothing served from the caches."""
    return {
        "max_file_size": 0,
        "blocked_paths": [str(gradio_cache()), str(state.settings.exports_dir.resolve())],
        "app_kwargs": {"middleware": [Middleware(RefuseUploads)]},
    }


def admin_mount(state: AppState) -> dict[str, Any]:
    """Keyword arguments of the admin page's mount: its uploads' size, its exports, its clients' addresses."""
    return {
        "max_file_size": int(state.settings.admin.max_upload_mb * 1024 * 1024),
        "allowed_paths": [str(state.settings.exports_dir.resolve())],
        "app_kwargs": {"middleware": [Middleware(RememberClientAddress)]},
    }
