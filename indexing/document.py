"""One document: PDF file -> checked pages -> chunks -> llama-index TextNodes ready to embed.

prepared = prepare_document(entry, pdf_path, chunking, version)
prepared.nodes    # TextNodes with deterministic ids and the full payload, state staged
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode

from guideline_assist.core.errors import PdfGarbled, PdfNeedsOcr
from guideline_assist.core.manifest import DocumentEntry
from guideline_assist.core.settings import ChunkingSettings
from guideline_assist.store.engine import STAGED
from guideline_assist.store.records import point_id
from guideline_assist.text.terms import ClinicalTerms
from indexing.chunking import Chunk, chunk_pages
from indexing.cleaning import clean_pages
from indexing.pdf import read_pages
from indexing.quality import check_document
from indexing.unserved import served

# Only these reach the embedding text: the title and the section give a chunk its context.
EMBED_KEYS = ("title", "section")
LLM_KEYS = ("title", "issuer", "edition", "published", "status", "pages", "section")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def metadata_hash(entry: DocumentEntry) -> str:
    return hashlib.sha256(json.dumps(entry.payload(), sort_keys=True).encode()).hexdigest()[:16]


def document_version(sha256: str, signature: str) -> str:
    """A document version changes with its bytes or with how we index (chunking, embedder)."""
    return hashlib.sha256(f"{sha256}:{signature}".encode()).hexdigest()[:16]


@dataclass
class PreparedDocument:
    entry: DocumentEntry
    version: str
    sha256: str
    page_count: int
    pages_indexed: int
    chunks: list[Chunk]
    nodes: list[TextNode]
    problems: list[str] = field(default_factory=list)


def _pages_label(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers)


def prepare_document(
    entry: DocumentEntry, path: Path, chunking: ChunkingSettings, version: str, sha256: str | None = None
) -> PreparedDocument:
    """Read, check and chunk one PDF as `version`. Raises a PdfError when nothing usable is in it."""
    sha256 = sha256 or file_sha256(path)
    raw = read_pages(path)
    pages = clean_pages(raw, title=entry.title_in(entry.language))
    quality = check_document(pages)
    needs_ocr, garbled = quality.pages_with("needs_ocr"), quality.pages_with("garbled")
    usable = set(quality.usable_pages)
    if not usable:
        if garbled:
            raise PdfGarbled(file=str(path), pages=_pages_label(garbled))
        raise PdfNeedsOcr(file=str(path), pages=_pages_label(needs_ocr or [p.number for p in pages]))
    problems = []
    if needs_ocr:
        problems.append(f"needs OCR: pages {_pages_label(needs_ocr)}")
    if garbled:
        problems.append(f"garbled text, left out: pages {_pages_label(garbled)}")

    _, chunks = chunk_pages([p for p in pages if p.number in usable], chunking)
    base = entry.payload()
    terms = ClinicalTerms.load()
    nodes = []
    for chunk in served(chunks, entry.id):  # reference lists, contents, author lists: never served
        section = " › ".join(chunk.section_path) or base["title"]
        metadata = {
            **base,
            "version": version,
            "state": STAGED,
            "pages": list(chunk.pages),
            "page_start": chunk.pages[0],
            "page_end": chunk.pages[-1],
            "section_path": list(chunk.section_path),
            "section": section,
            "chunk_ordinal": chunk.ordinal,
            "char_start": chunk.char_start,
            "char_end": chunk.char_end,
            "block_kinds": list(chunk.kinds),
            # A medicine's row in a list of hundreds is found by its name, not its meaning (answering/medicine_pool.py)
            "medicines": terms.names(terms.drugs(f"{section}\n{chunk.text}"), "drug"),
            "file": entry.file,
            "text": chunk.text,  # plain in the payload too: search results need no llama-index decoding
        }
        node = TextNode(
            id_=point_id(entry.id, version, chunk.ordinal),
            text=chunk.text,
            metadata=metadata,
            start_char_idx=chunk.char_start,
            end_char_idx=chunk.char_end,
            excluded_embed_metadata_keys=[k for k in metadata if k not in EMBED_KEYS],
            excluded_llm_metadata_keys=[k for k in metadata if k not in LLM_KEYS],
            metadata_template="{value}",
            text_template="{metadata_str}\n\n{content}",
        )
        node.relationships[NodeRelationship.SOURCE] = RelatedNodeInfo(node_id=entry.id)
        nodes.append(node)
    return PreparedDocument(
        entry=entry,
        version=version,
        sha256=sha256,
        page_count=len(pages),
        pages_indexed=len(usable),
        chunks=chunks,
        nodes=nodes,
        problems=problems,
    )
