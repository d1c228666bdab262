"""Calibrate the abstention threshold: evidence of the probe questions (answerable: bench/retrieval_probe.yaml)
and of questions the corpus does not answer (bench/out_of_corpus.yaml), then the threshold that separates them.

    python bench/abstention.py [--data-dir DIR]      # indexes the demo corpus there if needed

Prints each question's evidence parts, the distributions, and for candidate thresholds how many
answerable questions would wrongly abstain and how many out-of-corpus ones would wrongly be answered.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from guideline_assist.answering.assistant import Assistant  # noqa: E402
from guideline_assist.core.settings import Settings  # noqa: E402
from guideline_assist.service import GuidelineIndex  # noqa: E402

HERE = Path(__file__).parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, default=Path("data"))
    args = parser.parse_args()
    settings = Settings(data_dir=args.data_dir)
    answerable = yaml.safe_load((HERE / "retrieval_probe.yaml").read_text(encoding="utf-8"))
    outside = yaml.safe_load((HERE / "out_of_corpus.yaml").read_text(encoding="utf-8"))
    with GuidelineIndex(settings) as index:
        if index.store.count() == 0:
            index.index()
        assistant = Assistant(index, settings)
        scores = {"in": [], "out": []}
        for group, items in (("in", answerable), ("out", outside)):
            for item in items:
                ev = assistant.gather(item["question"]).evidence
                scores[group].append(ev.score)
                print(
                    f"{group:3} {item['language']}  evidence {ev.score:.2f}  (statement {ev.statement:.2f}, "
                    f"similarity {ev.similarity:.2f}, coverage {ev.coverage:.2f})  {item['question'][:60]}"
                )
    print(
        f"\nanswerable: n={len(scores['in'])} min {min(scores['in']):.2f}; "
        f"out of corpus: n={len(scores['out'])} max {max(scores['out']):.2f}"
    )
    print("threshold  answerable-abstained  out-of-corpus-answered")
    best = None
    for step in range(20, 81, 2):
        t = step / 100
        missed = sum(s < t for s in scores["in"])
        wrong = sum(s >= t for s in scores["out"])
        print(f"  {t:.2f}      {missed:3d}                  {wrong:3d}")
        # Answering outside the corpus is the worse error: weigh it twice.
        cost = missed + 2 * wrong
        if best is None or cost < best[0]:
            best = (cost, t)
    print(f"\nchosen threshold (fewest misses, out-of-corpus answers counted twice): {best[1]:.2f}")


if __name__ == "__main__":
    main()
