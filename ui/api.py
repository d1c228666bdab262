"""The JSON API for scripts, evaluators and other systems: POST /api/ask answers one question with the
whole checked Answer (sentences, citations, sources, notices, timings) as JSON.

    curl -s http://127.0.0.1:7860/api/ask -H 'Content-Type: application/json' \\
         -d '{"question": "С какой дозы амлодипина начинают лечение гипертензии?", "language": "ru"}'

Bad input is refused by the request model with FastAPI's usual 422 ({"detail": [{"loc", "msg", ...}]}).
One of our errors becomes {"detail": <message in `language`>, "code": <error code>} with a status that says
whose problem it is: 503 when something the answer needs (index, embedder, model) is unavailable, 500
otherwise. The clinicians' page keeps its own Gradio API (the streaming /ask and the feedback buttons).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from guideline_assist.answering.retrieve import SearchFilters
from guideline_assist.core.errors import AccessDenied, AnsweringError, EmbeddingError, GuidelineAssistError, StoreError
from guideline_assist.core.manifest import Kind, Language
from ui.state import AppState

# Our errors -> HTTP status, most specific first. 503: the service cannot answer now (a model server down,
# the store held by another process, nothing indexed); an operator or a retry fixes it, not the caller.
STATUS_OF_ERROR: tuple[tuple[type[GuidelineAssistError], int], ...] = (
    (AccessDenied, 403),
    (StoreError, 503),
    (EmbeddingError, 503),
    (AnsweringError, 503),
)
# A question is a sentence or two; the bound keeps one request from holding the index lock with a document.
MAX_QUESTION = 2000


class AskFilters(BaseModel):
    """Which documents may answer; an empty list means any. Superseded editions only when asked for."""

    model_config = ConfigDict(extra="forbid")
    kinds: list[Kind] = []
    issuers: list[str] = []
    languages: list[Language] = Field(default=[], description="document languages")
    documents: list[str] = Field(default=[], description="document ids")
    include_superseded: bool = False

    def search_filters(self) -> SearchFilters:
        return SearchFilters(
            kinds=tuple(k.value for k in self.kinds),
            issuers=tuple(self.issuers),
            languages=tuple(lang.value for lang in self.languages),
            documents=tuple(self.documents),
            include_superseded=self.include_superseded,
        )


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_QUESTION)]
    language: Literal["ru", "tg", "en"] = Field(
        default="ru", description="interface language of error messages (the answer follows the question's)"
    )
    filters: AskFilters = AskFilters()


def api_router(state: AppState) -> APIRouter:
    """The JSON routes, to include in the app before the Gradio pages are mounted at / (which take every
    path they are given)."""
    router = APIRouter(prefix="/api")

    @router.post("/ask", response_model=None)
    def ask(request: AskRequest) -> dict | JSONResponse:
        """The whole checked Answer of one question, as Answer.to_dict() gives it."""
        try:
            # A sync route runs in a worker thread; the lock keeps it from meeting a re-index or another question.
            with state.lock:
                answer = state.assistant.ask(request.question, request.filters.search_filters())
        except GuidelineAssistError as exc:
            return JSONResponse({"detail": exc.message(request.language), "code": exc.code}, status_code=status_of(exc))
        return answer.to_dict()

    return router


def status_of(error: GuidelineAssistError) -> int:
    return next((status for kind, status in STATUS_OF_ERROR if isinstance(error, kind)), 500)
