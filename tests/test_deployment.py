"""docker-compose.yml and the Dockerfile, validated offline with Debian's docker-compose (no engine here)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def compose_config(*args: str, key: str | None = "k3y") -> subprocess.CompletedProcess:
    assert shutil.which("docker-compose"), "docker-compose is missing: sudo apt-get install docker-compose"
    env = {k: v for k, v in os.environ.items() if k != "QDRANT_API_KEY"}
    if key is not None:
        env["QDRANT_API_KEY"] = key
    return subprocess.run(
        ["docker-compose", "-f", str(ROOT / "docker-compose.yml"), *args, "config"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )


@pytest.fixture(scope="module")
def config() -> dict:
    result = compose_config()
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def test_compose_file_is_valid_and_wires_the_app_to_qdrant_with_the_same_key(config):
    services = config["services"]
    assert {name for name, svc in services.items() if not svc.get("profiles")} == {"qdrant", "app"}
    assert services["llm"]["profiles"] == ["llm"]  # the GPU server only when asked for
    qdrant, app = config["services"]["qdrant"], config["services"]["app"]
    assert qdrant["environment"]["QDRANT__SERVICE__API_KEY"] == app["environment"]["GA_QDRANT_API_KEY"] == "k3y"
    assert app["environment"]["GA_QDRANT_URL"] == "http://qdrant:6333"
    assert app["depends_on"]["qdrant"]["condition"] == "service_healthy"
    assert "healthcheck" in qdrant and "healthcheck" in app
    assert any("/qdrant/storage" in str(v) for v in qdrant["volumes"])  # data outlives the container


def test_qdrant_image_matches_the_pinned_client():
    from importlib.metadata import version

    config = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    tag = config["services"]["qdrant"]["image"].split(":v")[1]
    assert tag.split(".")[:2] == version("qdrant-client").split(".")[:2]


def test_llm_profile_adds_an_openai_compatible_server_the_app_points_at():
    result = compose_config("--profile", "llm")
    assert result.returncode == 0, result.stderr
    services = yaml.safe_load(result.stdout)["services"]
    assert "llm" in services and "healthcheck" in services["llm"]
    assert services["app"]["environment"]["GA_ANSWER__OPENAI_BASE_URL"] == "http://llm:8000/v1"


def test_compose_refuses_to_start_without_an_api_key():
    result = compose_config(key=None)
    assert result.returncode != 0 and "set QDRANT_API_KEY" in result.stderr


def test_dockerfile_installs_the_way_make_does():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "RUN make install" in dockerfile and "COPY . /app" in dockerfile
    assert "serve" in dockerfile and "0.0.0.0" in dockerfile
    makefile = (ROOT / "Makefile").read_text()
    assert "run: install" in makefile
