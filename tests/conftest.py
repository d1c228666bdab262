"""Shared fixtures: small real corpora (PDFs rendered by corpus.render), broken PDFs, clean settings."""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

import guideline_assist  # noqa: F401  (applies the offline environment before anything else loads)
from corpus.render import render_document
from guideline_assist.core.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test depends on the developer's GA_* variables."""
    for key in list(os.environ):
        if key.startswith("GA_"):
            monkeypatch.delenv(key)


def free_port() -> int:
    """A loopback port nobody listens on, for servers a test starts (Gradio, llama-cpp-python)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def render_pdf(
    path: Path, source: str, language: str = "ru", title: str = "Тестовый протокол", edition: str = "2022"
) -> Path:
    entry = {
        "id": path.stem,
        "title": {language: title, "ru": title},
        "language": language,
        "country": "TJ",
        "issuer": "Ministry of Health",
        "edition": edition,
        "published": "2022-01-10",
        "effective": "2022-02-01",
    }
    return render_document(entry, source, path)


# ------------------------------------------------------------------ broken PDFs, made for real
def encrypted_pdf(path: Path, source: str) -> Path:
    import pypdf

    render_pdf(path, source)
    writer = pypdf.PdfWriter(clone_from=str(path))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def corrupt_pdf(path: Path, source: str) -> Path:
    render_pdf(path, source)
    data = path.read_bytes()
    path.write_bytes(b"%PDF-1.7\n" + bytes(reversed(data[200:1200])))  # header, then garbage
    return path


def not_a_pdf(path: Path) -> Path:
    path.write_bytes("<html><body>Это не PDF, а страница ошибки сервера</body></html>".encode())
    return path


def empty_pdf(path: Path) -> Path:
    import pypdf

    with path.open("wb") as handle:
        pypdf.PdfWriter().write(handle)
    return path


def image_only_pdf(path: Path, pages: int = 2) -> Path:
    """A 'scanned' PDF: each page is one picture of text, no text layer."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    pdf = FPDF()
    for _ in range(pages):
        image = Image.new("RGB", (600, 800), "white")
        draw = ImageDraw.Draw(image)
        for line in range(20):
            draw.rectangle([40, 40 + line * 35, 560, 60 + line * 35], fill=(30, 30, 30))
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        pdf.add_page()
        pdf.image(buffer, x=10, y=10, w=190)
    pdf.output(str(path))
    return path


def garbled_pdf(path: Path) -> Path:
    """Text whose letters came through the wrong code page, as broken font maps produce."""
    text = "Артериальная гипертензия диагностируется при давлении 140/90 мм рт. ст. и выше. " * 12
    mojibake = text.encode("utf-8").decode("latin-1")
    source = "## 1. " + "Ð¡Ð¾Ð´ÐµÑ€Ð¶Ð°Ð½Ð¸Ðµ" + "\n" + "".join(ch for ch in mojibake if ch.isprintable())
    return render_pdf(path, source)


# ------------------------------------------------------------------ corpora
@dataclass
class CorpusBuilder:
    root: Path
    entries: list[dict] = field(default_factory=list)

    def add(
        self, doc_id: str, source: str | None = None, language: str = "ru", pdf: Path | None = None, **fields
    ) -> Path:
        """Add a document: rendered from `source`, or an existing (possibly broken) `pdf` file."""
        target = self.root / "pdf" / f"{doc_id}.pdf"
        target.parent.mkdir(parents=True, exist_ok=True)
        title = fields.pop("title", f"Документ {doc_id}")
        if source is not None:
            render_pdf(target, source, language, title, str(fields.get("edition", "2022")))
        elif pdf is not None and pdf != target:
            target.write_bytes(pdf.read_bytes())
        entry = {
            "id": doc_id,
            "title": {language: title, **({"ru": title} if language != "ru" else {})},
            "kind": "protocol",
            "issuer": "Ministry of Health and Social Protection of Population of the Republic of Tajikistan",
            "country": "TJ",
            "language": language,
            "edition": "2022",
            "published": "2022-01-10",
            "effective": "2022-02-01",
            "status": "in_force",
            "file": f"pdf/{doc_id}.pdf",
        }
        entry.update(fields)
        self.entries = [e for e in self.entries if e["id"] != doc_id] + [entry]
        self.write()
        return target

    def update(self, doc_id: str, **fields) -> None:
        for entry in self.entries:
            if entry["id"] == doc_id:
                entry.update(fields)
        self.write()

    def remove(self, doc_id: str) -> None:
        self.entries = [e for e in self.entries if e["id"] != doc_id]
        self.write()

    def write(self, extra_raw: list | None = None) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        docs = self.entries + (extra_raw or [])
        (self.root / "manifest.yaml").write_text(
            yaml.safe_dump({"documents": docs}, allow_unicode=True), encoding="utf-8"
        )


@pytest.fixture
def corpus_builder(tmp_path: Path) -> CorpusBuilder:
    return CorpusBuilder(tmp_path / "corpus")


def add_small_corpus(corpus: CorpusBuilder) -> CorpusBuilder:
    """Three real documents: Russian protocol with a table, Tajik protocol, English guideline (shared by the
    small_corpus fixture and the web app's served corpus)."""
    corpus.add("tj-ht-2022", fixture_text("hypertension_ru.md"), "ru", title="Артериальная гипертензия у взрослых")
    corpus.add(
        "tj-diarrhoea-2021-tg", fixture_text("diarrhoea_tg.md"), "tg", title="Дарунравӣ дар кӯдакон", edition="2021"
    )
    corpus.add(
        "who-anc-2016",
        fixture_text("anc_en.md"),
        "en",
        title="Antenatal care",
        issuer="World Health Organization",
        country="INT",
        kind="guideline",
        edition="2016",
    )
    return corpus


@pytest.fixture
def small_corpus(corpus_builder: CorpusBuilder) -> CorpusBuilder:
    """Three real documents: Russian protocol with a table, Tajik protocol, English guideline."""
    return add_small_corpus(corpus_builder)


@pytest.fixture
def settings(tmp_path: Path, corpus_builder: CorpusBuilder) -> Settings:
    return Settings(data_dir=tmp_path / "data", corpus_dir=corpus_builder.root)


# ------------------------------------------------------------------ the demonstration corpus, indexed once
@pytest.fixture(scope="session")
def demo_index(tmp_path_factory):
    """The bundled corpus indexed for real (about 1.5 min), shared by every test that needs it."""
    from guideline_assist.service import GuidelineIndex

    settings = Settings(data_dir=tmp_path_factory.mktemp("demo-index"))
    with GuidelineIndex(settings) as index:
        report = index.index()
        index.first_report = report
        yield index
