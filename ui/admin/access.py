"""Who is asking, on the server, in every admin handler: the page hides the change tabs from viewers, but an
API call could still reach a handler, so each one checks the role itself.

Gradio's login (auth= in ui/server.py) guards every request to the admin page and puts the logged-in name
on the gr.Request of each event (`request.username`); the role is read from <data>/users.yaml each time,
so removing a user or changing a role takes effect without a restart.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import gradio as gr

from guideline_assist.admin.accounts import User, require_editor
from guideline_assist.core.errors import AccessDenied, GuidelineAssistError
from ui.state import AppState


def user_of(state: AppState, request: gr.Request | None) -> User | None:
    """The logged-in user with their current role; None if not logged in or no longer in users.yaml."""
    name = getattr(request, "username", None)
    role = state.accounts().role_of(name) if name else None
    return User(name, role) if role else None


def viewer_of(state: AppState, request: gr.Request | None, ui: str) -> User:
    """Anyone with an account may look (corpus table, audit log, feedback export)."""
    user = user_of(state, request)
    if user is None:
        raise gr.Error(AccessDenied("not logged in").message(ui))
    return user


def editor_of(state: AppState, request: gr.Request | None, ui: str) -> User:
    """Only an editor may change the corpus; anyone else gets the localized refusal."""
    with shown_on_page(ui):
        return require_editor(user_of(state, request))


@contextmanager
def shown_on_page(ui: str) -> Iterator[None]:
    """Our errors reach the page as a gr.Error in the interface language (the edge where they are localized)."""
    try:
        yield
    except GuidelineAssistError as exc:
        raise gr.Error(exc.message(ui)) from exc
