"""The top of the admin page: title, who is logged in with which role (and that a viewer only looks),
links to log out and to the clinicians' page, and the interface-language switch."""

from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from guideline_assist.admin.accounts import User
from guideline_assist.core.i18n import text as t
from ui.widgets import Updates, language_switch


@dataclass(frozen=True)
class AdminHeader:
    heading: gr.Markdown
    language: gr.Radio

    def view(self, ui: str, user: User | None) -> Updates:
        return {self.heading: heading_markdown(ui, user)}


def build_header(ui: str) -> AdminHeader:
    with gr.Row():
        heading = gr.Markdown(f"## {t('admin_title', ui)}", elem_id="admin-heading")
        language = language_switch("admin-language")
    return AdminHeader(heading, language)


def heading_markdown(ui: str, user: User | None) -> str:
    if user is None:
        who = t("not_logged_in", ui)
    else:
        who = t("logged_in_as", ui, user=user.name, role=t(f"role_{user.role}", ui))
        if not user.can_edit:
            who += "  \n" + t("viewer_readonly", ui)
    links = f"[{t('logout', ui)}](/admin/logout) · [{t('chat_link', ui)}](/?lang={ui})"
    return f"## {t('admin_title', ui)}\n{who} · {links}"
