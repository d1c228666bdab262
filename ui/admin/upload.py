"""The upload tab of the admin page (editors): a PDF and its manifest entry (id, titles, kind, issuer,
language, edition, dates, what it supersedes, source, licence); the file is checked, added to the corpus,
audited with its sha256 and indexed at once. Also the /upload API.

An upload that cannot be served (a scanned PDF, nothing indexed) is taken back out at once and audited as
upload_rolled_back: the edition it was to supersede stays in force, and the same id can be uploaded again.
Only a file Gradio received with the request is taken, never a path the request names on the server.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import gradio as gr

from guideline_assist.admin.accounts import User
from guideline_assist.admin.replacement import IndexRun, Unfinished
from guideline_assist.admin.upload_check import check_upload, display_name
from guideline_assist.core.errors import GuidelineAssistError, UploadRejected
from guideline_assist.core.i18n import text as t
from guideline_assist.core.manifest import DocumentEntry, Kind, Language
from ui.admin.access import editor_of
from ui.admin.reindex import run_reindex
from ui.admin.retire import retirable
from ui.security import gradio_cache
from ui.state import AppState
from ui.widgets import Updates, kind_choices

if TYPE_CHECKING:
    from ui.admin.page import AdminPage

# The form's fields (UploadPanel attributes) -> the text key of their label, in the order /upload takes them.
FIELD_LABELS = {
    "doc_id": "field_id",
    "title_ru": "field_title_ru",
    "title_tg": "field_title_tg",
    "title_en": "field_title_en",
    "kind": "field_kind",
    "issuer": "field_issuer",
    "country": "field_country",
    "language": "field_language",
    "edition": "field_edition",
    "published": "field_published",
    "effective": "field_effective",
    "supersedes": "field_supersedes",
    "source_url": "field_source_url",
    "licence": "field_licence",
    "review_by": "field_review_by",
}
OPTIONAL = ("supersedes", "source_url", "licence", "review_by")  # left empty, they are absent from the manifest entry


@dataclass(frozen=True)
class UploadPanel:
    tab: gr.Tab
    file: gr.File
    doc_id: gr.Textbox
    title_ru: gr.Textbox
    title_tg: gr.Textbox
    title_en: gr.Textbox
    kind: gr.Dropdown
    issuer: gr.Dropdown
    country: gr.Textbox
    language: gr.Dropdown
    edition: gr.Textbox
    published: gr.Textbox
    effective: gr.Textbox
    supersedes: gr.Dropdown
    source_url: gr.Textbox
    licence: gr.Textbox
    review_by: gr.Textbox
    button: gr.Button

    def texts(self, ui: str, can_edit: bool) -> Updates:
        updates: Updates = {getattr(self, name): gr.update(label=t(key, ui)) for name, key in FIELD_LABELS.items()}
        updates[self.kind] = gr.update(label=t("field_kind", ui), choices=kind_choices(ui))
        updates[self.file] = gr.update(label=t("upload_file", ui))
        updates[self.button] = gr.update(value=t("upload_button", ui))
        updates[self.tab] = gr.update(label=t("upload_heading", ui), visible=can_edit)
        return updates

    def choices(self, state: AppState) -> Updates:
        """The editions an upload may supersede (those in force), read now."""
        return {self.supersedes: gr.update(choices=[""] + retirable(state))}

    def wire(self, state: AppState, page: AdminPage) -> None:
        """The button, as /upload (file, the FIELD_LABELS fields in order, interface language)."""
        inputs = [self.file, *(getattr(self, name) for name in FIELD_LABELS), page.header.language]
        outputs = [page.status, page.corpus.table, page.audit.table, *page.choice_outputs]
        self.button.click(upload_handler(state, page), inputs, outputs, api_name="upload")


def upload_handler(state: AppState, page: AdminPage) -> Callable[..., Updates]:
    """One parameter per input, as Gradio passes them, gathered into the form by name."""

    def upload(
        file,
        doc_id,
        title_ru,
        title_tg,
        title_en,
        kind,
        issuer,
        country,
        language,
        edition,
        published,
        effective,
        supersedes,
        source_url,
        licence,
        review_by,
        ui: str,
        request: gr.Request,
        progress=gr.Progress(),
    ) -> Updates:
        user = editor_of(state, request, ui)
        form = {
            "doc_id": doc_id,
            "title_ru": title_ru,
            "title_tg": title_tg,
            "title_en": title_en,
            "kind": kind,
            "issuer": issuer,
            "country": country,
            "language": language,
            "edition": edition,
            "published": published,
            "effective": effective,
            "supersedes": supersedes,
            "source_url": source_url,
            "licence": licence,
            "review_by": review_by,
        }
        message = add_guideline(state, user, file, form, ui, progress)
        return {page.status: message, **page.tables(state, ui), **page.choices(state)}

    return upload


def build_upload(state: AppState, ui: str) -> UploadPanel:
    """Hidden until the page knows the user is an editor (see AdminPage.view)."""
    with gr.Tab(t("upload_heading", ui), elem_id="tab-upload", visible=False) as tab:
        file = gr.File(label=t("upload_file", ui), file_types=[".pdf"], elem_id="upload-file")
        fields = {**identity_fields(ui), **publication_fields(state, ui), **lineage_fields(state, ui)}
        button = gr.Button(t("upload_button", ui), variant="primary", elem_id="upload")
    return UploadPanel(tab=tab, file=file, button=button, **fields)


def label(name: str, ui: str) -> str:
    return t(FIELD_LABELS[name], ui)


def identity_fields(ui: str) -> dict[str, gr.components.Component]:
    """What the document is: id, edition, kind, language, then its titles."""
    with gr.Row():
        doc_id = gr.Textbox(label=label("doc_id", ui), elem_id="field-id")
        edition = gr.Textbox(label=label("edition", ui), elem_id="field-edition")
        kind = gr.Dropdown(kind_choices(ui), value=Kind.protocol.value, label=label("kind", ui), elem_id="field-kind")
        language = gr.Dropdown(
            [lang.value for lang in Language],
            value=Language.ru.value,
            label=label("language", ui),
            elem_id="field-language",
        )
    titles = {
        name: gr.Textbox(label=label(name, ui), elem_id=f"field-{name.replace('_', '-')}")
        for name in ("title_ru", "title_tg", "title_en")
    }
    return {"doc_id": doc_id, "edition": edition, "kind": kind, "language": language, **titles}


def publication_fields(state: AppState, ui: str) -> dict[str, gr.components.Component]:
    """Who issued it, for which country, and when (the issuers the corpus has, or a new one typed in)."""
    with gr.Row():
        issuers = state.issuers()
        issuer = gr.Dropdown(
            issuers, value=issuers[0] if issuers else None, allow_custom_value=True, label=label("issuer", ui)
        )
        country = gr.Textbox("TJ", label=label("country", ui))
        published = gr.Textbox(label=label("published", ui), placeholder="2024-05-01", elem_id="field-published")
        effective = gr.Textbox(label=label("effective", ui), placeholder="2024-06-01", elem_id="field-effective")
    return {"issuer": issuer, "country": country, "published": published, "effective": effective}


def lineage_fields(state: AppState, ui: str) -> dict[str, gr.components.Component]:
    """The edition it replaces (one in force), where it comes from, its licence and when it is due for review:
    all optional."""
    with gr.Row():
        supersedes = gr.Dropdown(
            [""] + retirable(state), value="", allow_custom_value=True, label=label("supersedes", ui)
        )
        source_url = gr.Textbox(label=label("source_url", ui))
        licence = gr.Textbox(label=label("licence", ui))
        review_by = gr.Textbox(label=label("review_by", ui), placeholder="2029-05-01", elem_id="field-review-by")
    return {"supersedes": supersedes, "source_url": source_url, "licence": licence, "review_by": review_by}


def add_guideline(
    state: AppState, user: User, file, form: dict[str, str | None], ui: str, progress: gr.Progress
) -> str:
    """Check the file, add it with its manifest entry, audit, re-index; what happened, to show the editor.

    A refusal by our checks (not a PDF, too large, a bad entry) is audited as upload_refused, then shown; an
    upload that is added but not served is rolled back (roll_back). The corpus lock is held from the add to
    the rollback, so no question is answered from a half-done replacement."""
    doc_id = (form["doc_id"] or "").strip()
    try:
        path = uploaded_path(file, ui)
        checked = check_upload(path, path.name, int(state.settings.admin.max_upload_mb * 1024 * 1024))
        with state.lock:
            entry = state.editor.add(manifest_fields(form, ui), path)
            state.audit.record(
                user.name,
                "upload",
                entry.id,
                checked.sha256,
                f"{path.name}; {checked.pages} pages; supersedes={entry.supersedes or '-'}",
            )
            run = run_reindex(state, user, ui, progress, action="reindex-after-upload")
            if entry.id not in run.served:
                raise roll_back(state, user, entry, run, ui, progress)
    except GuidelineAssistError as exc:
        state.audit.record(user.name, "upload_refused", doc_id or None, None, exc.message("en"))
        raise gr.Error(exc.message(ui)) from exc
    return uploaded_message(state, entry.id, run, ui)


def uploaded_path(file, ui: str) -> Path:
    """The file Gradio received with this request: inside its upload folder, a regular file. A path the request
    names anywhere else on the server (an editor's API call) is refused, so it can never be published."""
    if not file:
        raise gr.Error(t("required_field", ui, field=t("upload_file", ui)))
    named = file if isinstance(file, str) else getattr(file, "path", None) or getattr(file, "name", None)
    if not isinstance(named, str) or not named:
        raise UploadRejected("no file came with the request; choose the PDF in the form", file="-")
    path = Path(named)
    resolved = path.resolve()
    if path.is_symlink() or not resolved.is_file() or not resolved.is_relative_to(gradio_cache()):
        raise UploadRejected(
            "the file was not uploaded with this request; choose the PDF in the form", file=display_name(path.name)
        )
    return resolved


def roll_back(
    state: AppState, user: User, entry: DocumentEntry, run: IndexRun, ui: str, progress: gr.Progress
) -> gr.Error:
    """Take an upload that is not served back out (entry, PDF, anything indexed), audited with the reason; the
    error to show says that the edition it was to supersede stays in force."""
    outcome = next((o for o in run.report.outcomes if o.doc_id == entry.id), None)
    why = Unfinished(
        entry.id, entry.supersedes or "", outcome.error if outcome else None, outcome.problems if outcome else ()
    )
    try:
        state.editor.remove(entry.id)
    except GuidelineAssistError as exc:  # left in the corpus: the editor can still remove it by hand
        state.audit.record(user.name, "upload_rollback_failed", entry.id, None, exc.message("en"))
        return gr.Error(exc.message(ui))
    state.audit.record(user.name, "upload_rolled_back", entry.id, None, why.reason("en"))
    run_reindex(state, user, ui, progress, action="reindex-after-rollback")
    key = "upload_rolled_back_old" if entry.supersedes else "upload_rolled_back"
    return gr.Error(t(key, ui, doc_id=entry.id, reason=why.reason(ui), old=entry.supersedes))


def manifest_fields(form: dict[str, str | None], ui: str) -> dict[str, str | None]:
    """The form as a manifest entry: text trimmed, dates checked, empty optional fields left out (None)."""
    fields = {
        ("id" if name == "doc_id" else name): (value.strip() if isinstance(value, str) else value)
        for name, value in form.items()
    }
    for name in ("published", "effective"):
        fields[name] = iso_date(fields[name], f"field_{name}", ui)
    for name in OPTIONAL:
        fields[name] = fields[name] or None
    if fields["review_by"]:
        fields["review_by"] = iso_date(fields["review_by"], "field_review_by", ui)
    fields["id"] = fields["id"] or ""  # an API call may send null; the manifest check then names the field
    return fields


def iso_date(value: str | None, field: str, ui: str) -> str:
    try:
        return dt.date.fromisoformat((value or "").strip()).isoformat()
    except ValueError:
        raise gr.Error(t("invalid_date", ui, field=t(field, ui))) from None


def uploaded_message(state: AppState, doc_id: str, run: IndexRun, ui: str) -> str:
    """Passages and pages indexed, and the replacement it completed (or what else the run reported)."""
    record = state.index.store.records()[doc_id]  # served, so it has a record
    done = t("upload_done", ui, doc_id=doc_id, chunks=record.chunks, pages=record.pages)
    return "\n\n".join([done, *run.messages(ui)])
