"""Calibrate abstention on the real-guidelines gold set: each question's evidence parts, and per language how
many answerable questions each threshold would refuse and how many unanswerable ones it would answer.

    python bench/real_calibration.py --data-dir data/eval-real [--gold FILE] [--save parts.json]

The corpus is the real one (evals/real_corpus.py links the PDFs from ../shared); the index is built there
first if it is empty (~15 min on 2 cores). Only retrieval and the evidence run: no answer is written.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evals.gold import load_gold  # noqa: E402
from evals.real_corpus import REAL_GOLD, assemble  # noqa: E402
from guideline_assist.answering.assistant import Assistant  # noqa: E402
from guideline_assist.core.settings import Settings  # noqa: E402
from guideline_assist.service import GuidelineIndex  # noqa: E402

THRESHOLDS = [round(0.40 + 0.02 * i, 2) for i in range(16)]


def parts(assistant: Assistant, item: dict) -> dict:
    gathered = assistant.gather(item["question"])
    ev = gathered.evidence
    gold = {(d, p) for d in item["documents"] for p in item["pages"]}
    top5 = [s.passage for s in gathered.sources[:5]]
    return {
        "id": item["id"],
        "language": item["language"],
        "kind": item["kind"],
        "answerable": item["kind"] != "unanswerable",
        "right_page": any((p.doc_id, n) in gold for p in top5 for n in p.pages),
        "score": ev.score,
        "statement": ev.statement,
        "similarity": ev.similarity,
        "coverage": ev.coverage,
    }


def table(rows: list[dict]) -> str:
    lines = ["threshold  " + "  ".join(f"{lang}: answered / refused" for lang in ("ru", "tg", "en"))]
    for t in THRESHOLDS:
        cells = []
        for lang in ("ru", "tg", "en"):
            mine = [r for r in rows if r["language"] == lang]
            able = [r for r in mine if r["answerable"]]
            unable = [r for r in mine if not r["answerable"]]
            answered = sum(r["score"] >= t for r in able) / max(len(able), 1)
            refused = sum(r["score"] < t for r in unable) / max(len(unable), 1)
            cells.append(f"{lang}: {answered:.2f} / {refused:.2f}        ")
        lines.append(f"{t:9.2f}  " + "  ".join(cells))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, default=Path("data/eval-real"))
    parser.add_argument("--gold", type=Path, default=REAL_GOLD)
    parser.add_argument("--save", type=Path, help="write every item's evidence parts as JSON")
    args = parser.parse_args()
    corpus = assemble(args.data_dir / "corpus")
    settings = Settings(data_dir=args.data_dir, corpus_dir=corpus)
    rows = []
    with GuidelineIndex(settings) as index:
        if index.store.count() == 0:
            index.index()
        assistant = Assistant(index, settings)
        for item in load_gold(args.gold):
            row = parts(assistant, item)
            rows.append(row)
            print(
                f"{row['id']:26} {'in ' if row['answerable'] else 'out'} page {'y' if row['right_page'] else '-'} "
                f"evidence {row['score']:.2f} (statement {row['statement']:.2f}, similarity {row['similarity']:.2f}, "
                f"coverage {row['coverage']:.2f})"
            )
    if args.save:
        args.save.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nmin_evidence now {settings.answer.min_evidence}\n" + table(rows))


if __name__ == "__main__":
    main()
