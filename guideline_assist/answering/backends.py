"""The model backends, as llama-index LLMs: `local` (llama-cpp-python, in-process) and `openai`
(any OpenAI-compatible server: vLLM, Ollama, llama.cpp server, a hosted API).

    llm = build_llm(settings)            # None for the extractive backend
    for delta in stream_answer(llm, messages): ...

Both are imported lazily: the extractive backend needs neither llama-cpp-python nor a server.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from guideline_assist.answering.prompts import chatml
from guideline_assist.core.errors import LlmUnavailable, ModelMissing
from guideline_assist.core.settings import AnswerSettings, Settings

STOP = ["<|im_end|>", "<|endoftext|>", "<|im_start|>"]


def model_path(settings: Settings) -> Path:
    from guideline_assist.answering.model_files import qwen_gguf, smollm2_gguf

    answer = settings.answer
    if answer.local_model_path is not None:
        if not answer.local_model_path.exists():
            raise ModelMissing(f"{answer.local_model_path} does not exist")
        return answer.local_model_path
    if answer.local_model == "smollm2-135m":
        return smollm2_gguf()
    return qwen_gguf(settings.cache_dir)


def local_llm(settings: Settings):
    try:
        from llama_index.llms.llama_cpp import LlamaCPP
    except ImportError:
        raise ModelMissing("llama-cpp-python is not installed") from None
    answer: AnswerSettings = settings.answer
    path = model_path(settings)
    try:
        return LlamaCPP(
            model_path=str(path),
            temperature=answer.temperature,
            max_new_tokens=answer.max_tokens,
            context_window=answer.local_context,
            verbose=False,
            model_kwargs={"n_threads": answer.local_threads, "n_ctx": answer.local_context, "seed": 0},
            generate_kwargs={"stop": STOP, "top_k": 1, "repeat_penalty": 1.05},
            messages_to_prompt=chatml,
            completion_to_prompt=lambda text: text,
        )
    except (ValueError, RuntimeError) as exc:  # llama.cpp reports a bad file as one of these
        raise LlmUnavailable(f"{path.name}: {exc}") from exc


def openai_llm(settings: Settings):
    from llama_index.llms.openai_like import OpenAILike

    answer = settings.answer
    return OpenAILike(
        model=answer.openai_model,
        api_base=answer.openai_base_url,
        api_key=answer.openai_api_key.get_secret_value(),
        is_chat_model=True,
        temperature=answer.temperature,
        max_tokens=answer.max_tokens,
        timeout=answer.openai_timeout,
        max_retries=1,
        context_window=answer.local_context,
    )


def build_llm(settings: Settings):
    if settings.answer.backend == "local":
        return local_llm(settings)
    if settings.answer.backend == "openai":
        return openai_llm(settings)
    return None


def stream_answer(llm, messages) -> Iterator[str]:
    """Text deltas of the model's answer; a server or model failure becomes LlmUnavailable."""
    try:
        for chunk in llm.stream_chat(messages):
            if chunk.delta:
                yield chunk.delta
    except LlmUnavailable:
        raise
    except Exception as exc:  # openai.APIConnectionError, httpx errors, llama.cpp failures
        if type(exc).__module__.split(".")[0] in {"openai", "httpx", "llama_cpp", "httpcore"} or isinstance(
            exc, (ConnectionError, TimeoutError, RuntimeError)
        ):
            raise LlmUnavailable(f"{type(exc).__name__}: {exc}") from exc
        raise
