"""Offline hygiene: no library may reach a model hub, a telemetry endpoint or a tokenizer download.

Applied on import of guideline_assist (before llama-index, ragas, gradio or transformers are imported),
so every entry point and the tests get it. Values already set by the user are kept.
"""

from __future__ import annotations

import os
from importlib.util import find_spec
from pathlib import Path


def _llama_index_static() -> Path | None:
    spec = find_spec("llama_index.core")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0]) / "_static"


def apply() -> None:
    defaults = {
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "HF_HUB_DISABLE_TELEMETRY": "1",
        "GRADIO_ANALYTICS_ENABLED": "False",
        "RAGAS_DO_NOT_TRACK": "true",
        "DO_NOT_TRACK": "1",
        "ANONYMIZED_TELEMETRY": "False",
        "TOKENIZERS_PARALLELISM": "false",
    }
    static = _llama_index_static()
    if static is not None:
        # llama-index ships the tiktoken encodings and nltk stopwords (incl. russian and tajik).
        defaults["TIKTOKEN_CACHE_DIR"] = str(static / "tiktoken_cache")
        defaults["NLTK_DATA"] = str(static / "nltk_cache")
    for key, value in defaults.items():
        os.environ.setdefault(key, value)
