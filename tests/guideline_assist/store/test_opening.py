"""Opening the store: each engine's single-opener rule detected and explained; the server path's failure
wording; a local-mode folder named as the Edge store refused with the command that fixes it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from guideline_assist.core.errors import StoreError, StoreLocked, StoreNeedsMigration
from guideline_assist.core.settings import Settings
from guideline_assist.store.opening import open_engine
from guideline_assist.store.records import point_id

HOLD = {
    "local": "from qdrant_client import QdrantClient\nheld = QdrantClient(path=sys.argv[1])",
    "edge": "from pathlib import Path\nfrom guideline_assist.store.engine_edge import EdgeEngine\n"
    "held = EdgeEngine(Path(sys.argv[1]))",
}


@pytest.fixture(params=["edge", "local"])
def held_store(request, tmp_path):
    """(settings, process) with another process holding the embedded store of that engine."""
    settings = Settings(data_dir=tmp_path / "data", embedded_engine=request.param)
    settings.embedded_store_path.mkdir(parents=True)
    code = f"import sys, time\n{HOLD[request.param]}\nprint('holding', flush=True)\ntime.sleep(60)\n"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(settings.embedded_store_path)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "holding"
    yield settings
    proc.kill()
    proc.wait()


def test_store_held_by_another_process_is_reported(held_store):
    with pytest.raises(StoreLocked) as info:
        open_engine(held_store)
    assert "GA_QDRANT_URL" in info.value.message("en") and "admin page" in info.value.message("en")
    assert "веб-приложением" in info.value.message("ru")


@pytest.mark.parametrize("engine", ["edge", "local"])
def test_second_opener_in_the_same_process_is_reported(tmp_path, engine):
    settings = Settings(data_dir=tmp_path, embedded_engine=engine)
    first = open_engine(settings)
    try:
        with pytest.raises(StoreLocked):
            open_engine(settings)
    finally:
        first.close()
    open_engine(settings).close()  # released on close


def test_unreachable_server_is_a_store_error():
    settings = Settings(qdrant_url="http://127.0.0.1:9", qdrant_api_key="x")
    with pytest.raises(StoreError, match="cannot reach Qdrant at http://127.0.0.1:9"):
        open_engine(settings)


def test_a_local_mode_folder_given_as_the_edge_store_is_refused_with_the_fix(tmp_path):
    old = tmp_path / "elsewhere"
    local = open_engine(Settings(data_dir=tmp_path, qdrant_path=old, embedded_engine="local"))
    from guideline_assist.store.engine import Schema

    local.create("guidelines_documents", Schema())
    local.close()
    with pytest.raises(StoreNeedsMigration) as info:
        open_engine(Settings(data_dir=tmp_path, qdrant_path=old))
    assert f"mv {old} {tmp_path / 'qdrant'}" in info.value.message("en")
    assert "GA_EMBEDDED_ENGINE=local" in info.value.message("tg")
    assert (old / "meta.json").is_file()  # untouched


def test_point_ids_are_stable_uuids():
    assert point_id("doc", "v1", 0) == point_id("doc", "v1", 0) != point_id("doc", "v2", 0)
