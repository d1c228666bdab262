"""The web app in one place: the clinicians' page at /, the ministry admin at /admin (login), the PDFs at
/pdf/<doc_id> (what a citation's "open the PDF at page N" link opens), and the JSON API at /api (ui/api.py).

    app = build_server(AppState.build(index))      # a FastAPI app; `serve` runs it with uvicorn

Gradio's login (auth=) guards only the admin page; the clinicians' page stays open, as in a clinic.
"""

from __future__ import annotations

import gradio as gr
from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse, RedirectResponse

from guideline_assist.core.i18n import text as t
from ui.admin import build_admin
from ui.api import api_router
from ui.chat import build_chat
from ui.render import CSS
from ui.security import ADMIN_CACHE, CHAT_CACHE, LoginGate, admin_mount, clinicians_mount, with_cache_cleanup
from ui.state import AppState


def build_server(state: AppState) -> FastAPI:
    app = FastAPI(title="guideline-assist", docs_url=None, redoc_url=None, openapi_url=None)
    # Routes first: the clinicians' page is mounted at the root and would take any path after it.
    app.include_router(api_router(state))

    @app.get("/pdf/{doc_id}")
    def pdf(doc_id: str) -> FileResponse:
        path = state.pdf_path(doc_id)
        if path is None:
            raise HTTPException(status_code=404, detail="no such document")
        # inline: the browser's viewer opens it and honours #page=N
        return FileResponse(
            path, media_type="application/pdf", filename=f"{doc_id}.pdf", content_disposition_type="inline"
        )

    @app.get("/admin")
    def admin_slash() -> RedirectResponse:
        return RedirectResponse("/admin/")

    gate = LoginGate(state)

    # async: Gradio awaits it in its login route, so the throttle and the scrypt check (in a thread, see
    # ui/security.py) never hold the event loop that serves the clinicians' page.
    async def login(username: str, password: str) -> bool:
        return await gate.check(username, password)

    attempts = state.settings.admin.login_attempts
    gr.mount_gradio_app(
        app,
        with_cache_cleanup(build_admin(state), *ADMIN_CACHE),
        path="/admin",
        auth=login,
        css=CSS,
        auth_message=f"{t('admin_title', 'ru')} · {t('admin_title', 'tg')}<br>"
        f"{t('login_throttle_note', 'ru', attempts=attempts)} {t('login_throttle_note', 'tg', attempts=attempts)}<br>"
        f"{t('no_users', 'ru') if not state.accounts().names() else ''}",
        footer_links=[],
        **admin_mount(state),
    )
    gr.mount_gradio_app(
        app,
        with_cache_cleanup(build_chat(state), *CHAT_CACHE),
        path="",
        css=CSS,
        footer_links=["api"],
        **clinicians_mount(state),
    )
    return app
