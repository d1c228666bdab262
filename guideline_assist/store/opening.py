"""The engine settings ask for: a Qdrant server (GA_QDRANT_URL), else the embedded Qdrant Edge store (the
default), else qdrant-client's local mode (GA_EMBEDDED_ENGINE=local: tests and benchmarks).

An index an older version left in local mode at the default place is migrated into Edge here, at start,
without re-embedding (store/migrate.py)."""

from __future__ import annotations

import logging

from guideline_assist.core.errors import StoreError, StoreLocked, StoreNeedsMigration
from guideline_assist.core.settings import Settings
from guideline_assist.store.engine import Engine
from guideline_assist.store.migrate import is_local_mode_store, migrate_local_mode, upgrade_in_place

logger = logging.getLogger(__name__)


def open_engine(settings: Settings) -> Engine:
    if settings.qdrant_url:
        engine = _server(settings)
    elif settings.embedded_engine == "local":
        engine = _local(settings)
    else:
        return _edge(settings)
    try:
        upgrade_in_place(engine, settings.collection)
    except BaseException:
        engine.close()
        raise
    return engine


def _server(settings: Settings) -> Engine:
    from qdrant_client import QdrantClient
    from qdrant_client.http.exceptions import ResponseHandlingException, UnexpectedResponse

    from guideline_assist.store.engine_client import ClientEngine

    key = settings.qdrant_api_key.get_secret_value() if settings.qdrant_api_key else None
    try:
        client = QdrantClient(url=settings.qdrant_url, api_key=key, timeout=30)
        client.get_collections()  # fail here, with our message, if the server is unreachable
    except (ResponseHandlingException, UnexpectedResponse, OSError) as exc:
        raise StoreError(f"cannot reach Qdrant at {settings.qdrant_url}: {exc}") from exc
    return ClientEngine(client)


def _local(settings: Settings) -> Engine:
    from qdrant_client import QdrantClient

    from guideline_assist.store.engine_client import ClientEngine

    path = settings.embedded_store_path
    try:
        path.mkdir(parents=True, exist_ok=True)
        return ClientEngine(QdrantClient(path=str(path)))
    except RuntimeError as exc:
        if "already accessed" in str(exc):
            raise StoreLocked(path=str(path)) from exc
        raise StoreError(str(exc)) from exc
    except OSError as exc:
        raise StoreError(f"cannot open the embedded store at {path}: {exc}") from exc


def _edge(settings: Settings) -> Engine:
    from guideline_assist.store.engine_edge import EdgeEngine

    path, legacy = settings.embedded_store_path, settings.legacy_store_path
    if is_local_mode_store(path):
        raise StoreNeedsMigration(path=str(path), default=str(legacy))
    try:
        engine = EdgeEngine(path)
    except OSError as exc:
        raise StoreError(f"cannot open the embedded store at {path}: {exc}") from exc
    try:
        catalog = f"{settings.collection}_documents"
        fresh = not engine.exists(settings.collection) and not engine.exists(catalog)
        if fresh and path != legacy and is_local_mode_store(legacy):
            migrate_local_mode(legacy, engine, settings.collection)
    except RuntimeError as exc:
        engine.close()
        if "already accessed" in str(exc):
            raise StoreLocked(path=str(legacy)) from exc
        raise StoreError(str(exc)) from exc
    except BaseException:
        engine.close()
        raise
    return engine
