"""The embedded store's single-opener rule, detected and explained; the server path's failure wording."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from guideline_assist.core.errors import StoreError, StoreLocked
from guideline_assist.core.settings import Settings
from guideline_assist.store.qdrant import open_client, point_id

HOLD = textwrap.dedent("""
    import sys, time
    from qdrant_client import QdrantClient
    client = QdrantClient(path=sys.argv[1])
    print("holding", flush=True)
    time.sleep(60)
""")


@pytest.fixture
def held_store(tmp_path):
    path = tmp_path / "data" / "qdrant"
    path.mkdir(parents=True)
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "holding"
    yield tmp_path / "data"
    proc.kill()
    proc.wait()


def test_store_held_by_another_process_is_reported(held_store):
    with pytest.raises(StoreLocked) as info:
        open_client(Settings(data_dir=held_store))
    assert "GA_QDRANT_URL" in info.value.message("en") and "admin page" in info.value.message("en")
    assert "веб-приложением" in info.value.message("ru")
    assert isinstance(info.value.__cause__, RuntimeError)


def test_second_opener_in_the_same_process_is_reported(tmp_path):
    settings = Settings(data_dir=tmp_path)
    client = open_client(settings)
    try:
        with pytest.raises(StoreLocked):
            open_client(settings)
    finally:
        client.close()
    open_client(settings).close()  # released on close


def test_unreachable_server_is_a_store_error():
    settings = Settings(qdrant_url="http://127.0.0.1:9", qdrant_api_key="x")
    with pytest.raises(StoreError, match="cannot reach Qdrant at http://127.0.0.1:9"):
        open_client(settings)


def test_point_ids_are_stable_uuids():
    assert point_id("doc", "v1", 0) == point_id("doc", "v1", 0) != point_id("doc", "v2", 0)
