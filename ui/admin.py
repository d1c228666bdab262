"""The ministry admin page (/admin, behind a login): corpus table, add a guideline (upload + metadata),
retire one (superseded / withdrawn), re-index with a progress bar, audit log, feedback export.

Gradio's login guards every request to this page; each change also checks the user's role on the server
(an editor changes the corpus, a viewer only looks), so an API call cannot skip what the page hides.
Every change is written to the audit log with the user, the time and the file's sha256.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import gradio as gr

from guideline_assist.accounts import User, require_editor
from guideline_assist.corpus_editor import check_upload
from guideline_assist.errors import AccessDenied, GuidelineAssistError
from ui.state import AppState
from ui.texts import LANGUAGE_NAMES, LANGUAGES, t

COLUMNS = ("col_id", "col_title", "col_kind", "col_language", "col_edition", "col_published", "col_effective",
           "col_status", "col_chunks", "col_indexed_at", "col_problems")
AUDIT_COLUMNS = ("col_time", "col_user", "col_action", "col_document", "col_sha256", "col_detail")


class GradioProgress:
    """indexing.pipeline's Progress protocol shown as Gradio's progress bar (pages embedded / pages)."""

    def __init__(self, progress: gr.Progress, ui: str) -> None:
        self.progress, self.ui = progress, ui
        self.total = self.done = 0

    def start(self, documents: int, pages: int) -> None:
        self.total = max(pages, 1)
        self.progress((0, self.total), desc=t("reindex_heading", self.ui), unit="pages")

    def pages_done(self, pages: int) -> None:
        self.done = min(self.total, self.done + pages)
        self.progress((self.done, self.total), desc=t("reindex_heading", self.ui), unit="pages")

    def document_done(self, outcome) -> None:
        self.progress((self.done, self.total), desc=t("indexing_progress", self.ui, doc=outcome.doc_id),
                      unit="pages")

    def close(self) -> None: ...


def build_admin(state: AppState) -> gr.Blocks:
    def user_of(request: gr.Request | None) -> User | None:
        name = getattr(request, "username", None)
        role = state.accounts().role_of(name) if name else None
        return User(name, role) if role else None

    def editor(request: gr.Request | None, ui: str) -> User:
        try:
            return require_editor(user_of(request))
        except AccessDenied as exc:
            raise gr.Error(exc.message(ui)) from exc

    def corpus_rows(ui: str) -> list[list[str]]:
        records = state.index.store.records()
        rows = []
        for d in state.manifest().documents:
            r = records.get(d.id)
            problems = "; ".join(t("needs_ocr", ui) if "ocr" in p.lower() else p for p in (r.problems if r else []))
            rows.append([d.id, d.title_in(ui), t(f"kind_{d.kind}", ui), d.language, d.edition, str(d.published),
                         str(d.effective), t(f"status_{d.status}", ui), str(r.chunks) if r else t("not_indexed", ui),
                         r.indexed_at if r else "", problems])
        return rows

    def audit_rows() -> list[list[str]]:
        return [[e.get("time", ""), e.get("user", ""), e.get("action", ""), e.get("doc_id") or "",
                 (e.get("sha256") or "")[:16], e.get("detail", "")] for e in state.audit.entries()]

    def reindex(user: User, ui: str, progress: gr.Progress, action: str = "reindex") -> str:
        with state.lock:
            report = state.index.index(progress=GradioProgress(progress, ui))
        changed = [o.doc_id for o in report.changed]
        state.audit.record(user.name, action, detail=f"changed={','.join(changed) or '-'} "
                                                     f"failed={','.join(o.doc_id for o in report.failed) or '-'}")
        return t("reindex_done", ui, changed=len(report.changed), failed=len(report.failed),
                 unchanged=sum(o.action == "unchanged" for o in report.outcomes))

    def upload(file, doc_id, title_ru, title_tg, title_en, kind, issuer, country, language, edition, published,
               effective, supersedes, source_url, licence, ui, request: gr.Request, progress=gr.Progress()):
        user = editor(request, ui)
        try:
            if not file:
                raise gr.Error(t("required_field", ui, field=t("upload_file", ui)))
            path = Path(file if isinstance(file, str) else file.name)
            checked = check_upload(path, path.name, int(state.settings.admin.max_upload_mb * 1024 * 1024))
            fields = {"id": (doc_id or "").strip(), "title_ru": title_ru, "title_tg": title_tg, "title_en": title_en,
                      "kind": kind, "issuer": issuer, "country": country, "language": language,
                      "edition": edition, "published": _date(published, "field_published", ui),
                      "effective": _date(effective, "field_effective", ui), "supersedes": supersedes or None,
                      "source_url": source_url or None, "licence": licence or None}
            with state.lock:
                entry = state.editor.add({k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()},
                                         path)
            state.audit.record(user.name, "upload", entry.id, checked.sha256,
                               f"{path.name}; {checked.pages} pages; supersedes={entry.supersedes or '-'}")
            reindex(user, ui, progress, action="reindex-after-upload")
        except GuidelineAssistError as exc:
            state.audit.record(user.name, "upload_refused", (doc_id or "").strip() or None, None, exc.message("en"))
            raise gr.Error(exc.message(ui)) from exc
        record = state.index.store.records().get(entry.id)
        if record is None:
            message = t("upload_failed", ui, doc_id=entry.id, detail="see the corpus table")
        else:
            message = t("upload_done", ui, doc_id=entry.id, chunks=record.chunks, pages=record.pages)
        return message, corpus_rows(ui), audit_rows(), gr.update(choices=_doc_ids(state))

    def retire(doc_id, status, by, ui, request: gr.Request, progress=gr.Progress()):
        user = editor(request, ui)
        try:
            with state.lock:
                entry = state.editor.retire(doc_id, status, (by or "").strip() or None)
            state.audit.record(user.name, status, entry.id, None, f"superseded_by={entry.superseded_by or '-'}")
            reindex(user, ui, progress, action="reindex-after-retire")
        except GuidelineAssistError as exc:
            raise gr.Error(exc.message(ui)) from exc
        # The retired document leaves the list of what can still be retired.
        return (t("retire_done", ui, doc_id=doc_id, status=t(f"status_{status}", ui)), corpus_rows(ui), audit_rows(),
                gr.update(choices=_doc_ids(state), value=None))

    def reindex_clicked(ui, request: gr.Request, progress=gr.Progress()):
        user = editor(request, ui)
        try:
            message = reindex(user, ui, progress)
        except GuidelineAssistError as exc:
            raise gr.Error(exc.message(ui)) from exc
        return message, corpus_rows(ui), audit_rows()

    def export(fmt: str, ui: str, request: gr.Request):
        if user_of(request) is None:
            raise gr.Error(AccessDenied("not logged in").message(ui))
        folder = Path(tempfile.mkdtemp(prefix="ga-feedback-"))
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M")
        target = folder / f"feedback-{stamp}.{fmt}"
        return str(state.feedback.export_csv(target) if fmt == "csv" else state.feedback.export_jsonl(target))

    def on_load(request: gr.Request):
        wanted = request.query_params.get("lang", "ru") if request else "ru"
        ui = wanted if wanted in LANGUAGES else "ru"
        user = user_of(request)
        if user is None:
            who = t("not_logged_in", ui)
        else:
            who = t("logged_in_as", ui, user=user.name, role=t(f"role_{user.role}", ui))
            if not user.can_edit:
                who += "  \n" + t("viewer_readonly", ui)
        can_edit = bool(user and user.can_edit)
        return (ui, f"## {t('admin_title', ui)}\n{who} · [{t('logout', ui)}](/admin/logout) · "
                    f"[{t('chat_link', ui)}](/?lang={ui})",
                corpus_rows(ui) if user else [], audit_rows() if user else [],
                gr.update(visible=can_edit), gr.update(visible=can_edit), gr.update(visible=can_edit),
                t("feedback_count", ui, count=state.feedback.count()))

    ui0 = "ru"
    labelled: list[tuple[gr.components.Component | gr.Tab, str, str]] = []  # (component, text key, attribute)

    def L(component, key: str, attr: str = "label"):
        labelled.append((component, key, attr))
        return component

    with gr.Blocks(title="guideline-assist · admin") as page:
        with gr.Row():
            heading = gr.Markdown(f"## {t('admin_title', ui0)}", elem_id="admin-heading")
            ui_lang = gr.Radio([(LANGUAGE_NAMES[lang], lang) for lang in LANGUAGES], value=ui0, label=" · ".join(t("language_label", lang) for lang in LANGUAGES),
                               scale=0, min_width=260, elem_id="admin-language")
        # The change tabs start hidden and are shown to editors on load (Gradio 6 can show a tab by an update
        # but not hide it again). Hidden or not, every change handler checks the role on the server.
        with L(gr.Tab(t("corpus_heading", ui0), elem_id="tab-corpus"), "corpus_heading"):
            table = gr.Dataframe(headers=[t(c, ui0) for c in COLUMNS], value=[], interactive=False,
                                 elem_id="corpus-table", wrap=True)
            refresh = L(gr.Button(t("refresh", ui0), size="sm"), "refresh", "value")
        with L(gr.Tab(t("upload_heading", ui0), elem_id="tab-upload", visible=False), "upload_heading") as upload_tab:
            pdf = L(gr.File(label=t("upload_file", ui0), file_types=[".pdf"], elem_id="upload-file"), "upload_file")
            with gr.Row():
                doc_id = L(gr.Textbox(label=t("field_id", ui0), elem_id="field-id"), "field_id")
                edition = L(gr.Textbox(label=t("field_edition", ui0), elem_id="field-edition"), "field_edition")
                kind = L(gr.Dropdown(_kinds(ui0), value="protocol", label=t("field_kind", ui0), elem_id="field-kind"),
                         "field_kind")
                language = L(gr.Dropdown(list(LANGUAGES), value="ru", label=t("field_language", ui0),
                                         elem_id="field-language"), "field_language")
            title_ru = L(gr.Textbox(label=t("field_title_ru", ui0), elem_id="field-title-ru"), "field_title_ru")
            title_tg = L(gr.Textbox(label=t("field_title_tg", ui0), elem_id="field-title-tg"), "field_title_tg")
            title_en = L(gr.Textbox(label=t("field_title_en", ui0), elem_id="field-title-en"), "field_title_en")
            with gr.Row():
                issuers = state.issuers()
                issuer = gr.Dropdown(issuers, value=issuers[0] if issuers else None,
                                     allow_custom_value=True, label=t("field_issuer", ui0))
                L(issuer, "field_issuer")
                country = L(gr.Textbox("TJ", label=t("field_country", ui0)), "field_country")
                published = L(gr.Textbox(label=t("field_published", ui0), placeholder="2024-05-01",
                                         elem_id="field-published"), "field_published")
                effective = L(gr.Textbox(label=t("field_effective", ui0), placeholder="2024-06-01",
                                         elem_id="field-effective"), "field_effective")
            with gr.Row():
                supersedes = gr.Dropdown([""] + _doc_ids(state), value="", allow_custom_value=True,
                                         label=t("field_supersedes", ui0))
                L(supersedes, "field_supersedes")
                source_url = L(gr.Textbox(label=t("field_source_url", ui0)), "field_source_url")
                licence = L(gr.Textbox(label=t("field_licence", ui0)), "field_licence")
            upload_button = L(gr.Button(t("upload_button", ui0), variant="primary", elem_id="upload"), "upload_button",
                              "value")
        with L(gr.Tab(t("retire_heading", ui0), elem_id="tab-retire", visible=False), "retire_heading") as retire_tab:
            retire_doc = L(gr.Dropdown(_doc_ids(state), label=t("retire_doc", ui0), elem_id="retire-doc"), "retire_doc")
            retire_status = gr.Radio(_statuses(ui0), value="withdrawn", label=t("retire_status", ui0),
                                     elem_id="retire-status")
            L(retire_status, "retire_status")
            retire_by = L(gr.Textbox(label=t("retire_by", ui0), elem_id="retire-by"), "retire_by")
            retire_button = L(gr.Button(t("retire_button", ui0), variant="stop", elem_id="retire"), "retire_button", "value")
        with L(gr.Tab(t("reindex_heading", ui0), elem_id="tab-reindex", visible=False), "reindex_heading") as reindex_tab:
            reindex_button = L(gr.Button(t("reindex_button", ui0), elem_id="reindex"), "reindex_button", "value")
        with L(gr.Tab(t("audit_heading", ui0), elem_id="tab-audit"), "audit_heading"):
            audit = gr.Dataframe(headers=[t(c, ui0) for c in AUDIT_COLUMNS], value=[], interactive=False,
                                 elem_id="audit-table", wrap=True)
        with L(gr.Tab(t("feedback_export_heading", ui0), elem_id="tab-feedback"), "feedback_export_heading"):
            feedback_count = gr.Markdown("")
            with gr.Row():
                csv_button = L(gr.Button(t("export_csv", ui0), elem_id="export-csv"), "export_csv", "value")
                jsonl_button = L(gr.Button(t("export_jsonl", ui0), elem_id="export-jsonl"), "export_jsonl", "value")
            export_file = gr.File(label="", interactive=False)
        status = gr.Markdown("", elem_id="admin-status")

        upload_button.click(upload, [pdf, doc_id, title_ru, title_tg, title_en, kind, issuer, country, language,
                                     edition, published, effective, supersedes, source_url, licence, ui_lang],
                            [status, table, audit, retire_doc], api_name="upload")
        retire_button.click(retire, [retire_doc, retire_status, retire_by, ui_lang], [status, table, audit, retire_doc],
                            api_name="retire")
        reindex_button.click(reindex_clicked, ui_lang, [status, table, audit], api_name="reindex")
        def refreshed(ui: str, request: gr.Request):
            if user_of(request) is None:
                raise gr.Error(AccessDenied("not logged in").message(ui))
            return corpus_rows(ui), audit_rows(), gr.update(choices=_doc_ids(state))

        refresh.click(refreshed, ui_lang, [table, audit, retire_doc], api_name="corpus")
        def export_csv(ui: str, request: gr.Request):
            return export("csv", ui, request)

        def export_jsonl(ui: str, request: gr.Request):
            return export("jsonl", ui, request)

        csv_button.click(export_csv, ui_lang, export_file, api_name="export_csv")
        jsonl_button.click(export_jsonl, ui_lang, export_file, api_name="export_jsonl")
        texts = [component for component, _, _ in labelled]

        def localised(request: gr.Request, ui: str | None = None):
            loaded = on_load(request if ui is None else _Request(request, ui))
            ui = loaded[0]
            table_update = gr.update(value=loaded[2], headers=[t(c, ui) for c in COLUMNS])
            audit_update = gr.update(value=loaded[3], headers=[t(c, ui) for c in AUDIT_COLUMNS])
            # What a component's update carries besides its text: visibility of the change tabs (editors
            # only) and the localized choices of the two choice fields.
            extra = {id(tab): {"visible": hide["visible"]}
                     for tab, hide in zip((upload_tab, retire_tab, reindex_tab), loaded[4:7])}
            extra[id(kind)] = {"choices": _kinds(ui)}
            extra[id(retire_status)] = {"choices": _statuses(ui)}
            # Read per page load: another editor (or the CLI) may have changed the corpus since the app started.
            extra[id(retire_doc)] = {"choices": _doc_ids(state)}
            updates = [gr.update(**{attr: t(key, ui)}, **extra.get(id(component), {}))
                       for component, key, attr in labelled]
            return [ui, loaded[1], table_update, audit_update, loaded[7], *updates]

        def loaded(request: gr.Request):
            return localised(request)

        def switched(ui: str, request: gr.Request):
            return localised(request, ui)[1:]

        page.load(loaded, None, [ui_lang, heading, table, audit, feedback_count, *texts], api_name=False)
        ui_lang.input(switched, ui_lang, [heading, table, audit, feedback_count, *texts], api_name=False)
    return page


class _Request:
    """The request with the language the editor switched to (on_load reads it from the query string)."""

    def __init__(self, request: gr.Request, ui: str) -> None:
        self.username = getattr(request, "username", None)
        self.query_params = {"lang": ui}


def _date(value: str, field: str, ui: str) -> str:
    value = (value or "").strip()
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise gr.Error(t("invalid_date", ui, field=t(field, ui))) from None


def _kinds(ui: str) -> list[tuple[str, str]]:
    return [(t(f"kind_{k}", ui), k) for k in ("protocol", "guideline", "formulary")]


def _statuses(ui: str) -> list[tuple[str, str]]:
    return [(t(f"status_{s}", ui), s) for s in ("withdrawn", "superseded")]


def _doc_ids(state: AppState) -> list[str]:
    return [d.id for d in state.manifest().documents if d.status == "in_force"]
