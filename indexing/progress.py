"""Progress bars for an indexing run in a terminal: one over documents, one over pages."""

from __future__ import annotations

from tqdm import tqdm

from indexing.pipeline import DocOutcome


class TerminalProgress:
    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._docs: tqdm | None = None
        self._pages: tqdm | None = None

    def start(self, documents: int, pages: int) -> None:
        self._docs = tqdm(total=documents, desc="documents", unit="doc", position=0, disable=not self.enabled)
        self._pages = tqdm(total=pages, desc="pages    ", unit="page", position=1, disable=not self.enabled)

    def pages_done(self, pages: int) -> None:
        if self._pages is not None and pages:
            self._pages.update(pages)

    def document_done(self, outcome: DocOutcome) -> None:
        if self._docs is not None:
            self._docs.set_postfix_str(f"{outcome.doc_id}: {outcome.action}", refresh=False)
            self._docs.update(1)

    def close(self) -> None:
        for bar in (self._pages, self._docs):
            if bar is not None:
                bar.close()
