"""The gold set: evals/datasets/gold.yaml (or an evaluator's own file), checked item by item before a run.

items = pick_subset(load_gold(), 40)      # stratified by language and kind, deterministic
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from guideline_assist.core.errors import GoldSetInvalid

GOLD = Path(__file__).resolve().parent / "datasets" / "gold.yaml"


class GoldItem(BaseModel):
    """One gold item as evals/datasets/gold.yaml writes it (other keys, e.g. `keyboard`, are kept)."""

    model_config = ConfigDict(extra="allow", strict=True)
    id: str
    language: Literal["ru", "tg", "en"]
    kind: Literal["dose", "threshold", "procedure", "fact", "cross-lingual", "unanswerable", "superseded", "conflict"]
    question: str
    documents: list[str]
    pages: list[int]
    answer: str
    key_facts: list[str]
    evidence: str


def load_gold(path: Path = GOLD) -> list[dict]:
    """The gold items, checked before anything runs: an evaluator's own file with a missing field or a
    typo gets the item and the field named, not a traceback halfway through the run."""
    try:
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise GoldSetInvalid(f"not valid YAML: {exc}".splitlines()[0], file=str(path)) from exc
    if not isinstance(items, list) or not items:
        raise GoldSetInvalid("expected a non-empty list of items", file=str(path))
    for number, item in enumerate(items, 1):
        name = item.get("id", f"item {number}") if isinstance(item, dict) else f"item {number}"
        try:
            GoldItem.model_validate(item)
        except ValidationError as exc:
            fields = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'item'}: {e['msg']}" for e in exc.errors())
            raise GoldSetInvalid(f"{name}: {fields}", file=str(path)) from None
    ids = [item["id"] for item in items]
    if len(set(ids)) != len(ids):
        raise GoldSetInvalid(f"repeated ids: {sorted({i for i in ids if ids.count(i) > 1})}", file=str(path))
    return items


def pick_subset(items: list[dict], n: int | None) -> list[dict]:
    """Deterministic and stratified: round-robin over (language, kind) groups, so a subset of 30 still has
    Tajik, English, unanswerable and superseded items in proportion."""
    if n is None or n >= len(items):
        return list(items)
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for item in sorted(items, key=lambda i: i["id"]):
        groups[(item["language"], item["kind"])].append(item)
    order = sorted(groups, key=lambda g: (-len(groups[g]), g))
    picked: list[dict] = []
    while len(picked) < n:
        for group in order:
            if groups[group] and len(picked) < n:
                picked.append(groups[group].pop(0))
    return sorted(picked, key=lambda i: i["id"])
