"""The JSON API for scripts, evaluators and other systems: POST /api/ask answers one question with the
whole checked Answer (sentences, citations, sources, notices, timings) as JSON.

    curl -s http://127.0.0.1:7860/api/ask -H 'Content-Type: application/json' \\
         -d '{"question": "С какой дозы амлодипина начинают лечение гипертензии?", "language": "ru"}'

Bad input is refused by the request model with FastAPI's usual 422 ({"detail": [{"loc", "msg", ...}]}).
One of our errors becomes {"detail": <message in `language`>, "code": <error code>} with a status that says
whose problem it is: 422 for a question that cannot be used as sent (longer than
GA_ANSWER__MAX_QUESTION_CHARS: "question_too_long"; invalid Unicode such as a lone "\\ud800" in the JSON:
"question_unreadable"), 503 when something the answer needs (index, embedder, model) is unavailable, 500
otherwise. The clinicians' page keeps its own Gradio API (the streaming /ask and the feedback buttons).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from guideline_assist.answering.question import SURROGATE, checked_question
from guideline_assist.answering.retrieve import SearchFilters
from guideline_assist.core.errors import (
    AccessDenied,
    AnsweringError,
    EmbeddingError,
    GuidelineAssistError,
    QuestionInvalid,
    QuestionUnreadable,
    StoreError,
)
from guideline_assist.core.i18n import LANGUAGES
from guideline_assist.core.manifest import Kind, Language
from ui.state import AppState

# Our errors -> HTTP status, most specific first. 503: the service cannot answer now (a model server down,
# the store held by another process, nothing indexed); an operator or a retry fixes it, not the caller.
STATUS_OF_ERROR: tuple[tuple[type[GuidelineAssistError], int], ...] = (
    (QuestionInvalid, 422),
    (AccessDenied, 403),
    (StoreError, 503),
    (EmbeddingError, 503),
    (AnsweringError, 503),
)


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
    # The length limit is the settings' (GA_ANSWER__MAX_QUESTION_CHARS), checked in the route with a localized
    # message: the request model cannot know it, and FastAPI's own message would be English only.
    question: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    language: Literal["ru", "tg", "en"] = Field(
        default="ru", description="interface language of error messages (the answer follows the question's)"
    )
    filters: AskFilters = AskFilters()


class UnicodeSafeRoute(APIRoute):
    """Invalid Unicode in the body (a JSON "\\ud800") is refused by our 422 with a localized message.
    pydantic refuses such a string, and FastAPI's 422 echoes the input back, which cannot be encoded as
    UTF-8: the caller got a 500 with the raw exception text."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def handler(request: Request) -> Response:
            try:
                return await handle(request)
            except RequestValidationError as exc:
                if not any(_unreadable(error) for error in exc.errors()):
                    raise
                body = await request.json()
                asked = body.get("language") if isinstance(body, dict) else None
                error = QuestionUnreadable("invalid Unicode in the request")
                language = asked if asked in LANGUAGES else "ru"
                return JSONResponse({"detail": error.message(language), "code": error.code}, status_code=422)

        return handler


def _unreadable(error: Any) -> bool:
    value = error.get("input")
    return error.get("type") == "string_unicode" or (isinstance(value, str) and bool(SURROGATE.search(value)))


def api_router(state: AppState) -> APIRouter:
    """The JSON routes, to include in the app before the Gradio pages are mounted at / (which take every
    path they are given)."""
    router = APIRouter(prefix="/api", route_class=UnicodeSafeRoute)

    @router.post("/ask", response_model=None)
    def ask(request: AskRequest) -> dict | JSONResponse:
        """The whole checked Answer of one question, as Answer.to_dict() gives it."""
        try:
            # A sync route runs in a worker thread; the store and the model lock themselves while used.
            question = checked_question(request.question, state.settings.answer.max_question_chars)
            answer = state.assistant.ask(question, request.filters.search_filters())
        except GuidelineAssistError as exc:
            return JSONResponse({"detail": exc.message(request.language), "code": exc.code}, status_code=status_of(exc))
        return answer.to_dict()

    return router


def status_of(error: GuidelineAssistError) -> int:
    return next((status for kind, status in STATUS_OF_ERROR if isinstance(error, kind)), 500)
