"""Everything the ministry's Gaps and Documents views show, read once from the stores: the admin page, the
CSV and the printable report all render one GapsPicture, so they never disagree.

    picture = gaps_picture(outcomes, feedback, manifest, index.embedder.get_query_embedding, Glossary.load(),
                           similarity=settings.outcomes.group_similarity, language="ru")
    picture.summary()        # (start, end, asked, missed)
    picture.groups[0]        # the largest gap group
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from guideline_assist.admin.feedback import FeedbackStore
from guideline_assist.admin.gaps import Embed, GapGroup, WeekCount, find_gaps, weekly
from guideline_assist.admin.outcomes import Outcome, OutcomeStore
from guideline_assist.admin.usage import DocumentUsage, document_usage
from guideline_assist.core.manifest import Manifest
from guideline_assist.text.glossary import Glossary


@dataclass(frozen=True)
class GapsPicture:
    outcomes: list[Outcome]  # every kept outcome, oldest first
    groups: list[GapGroup]
    weeks: list[WeekCount]
    usage: list[DocumentUsage]
    titles: dict[str, str]  # doc_id -> title in the picture's language (closest documents, marks)
    language: str
    made: dt.date

    def summary(self) -> tuple[str, str, int, int]:
        """(first day, last day, questions asked, questions not found) over the kept outcomes."""
        counted = [o for o in self.outcomes if o.counted]
        if not counted:
            return "", "", 0, 0
        return counted[0].created[:10], counted[-1].created[:10], len(counted), sum(o.not_found for o in counted)

    def title(self, doc_id: str) -> str:
        return self.titles.get(doc_id, doc_id)

    def group(self, key: int) -> GapGroup | None:
        return next((g for g in self.groups if g.key == key), None)


def gaps_picture(
    outcomes: OutcomeStore,
    feedback: FeedbackStore,
    manifest: Manifest,
    embed: Embed,
    glossary: Glossary,
    similarity: float,
    language: str,
) -> GapsPicture:
    rows = outcomes.rows()
    return GapsPicture(
        outcomes=rows,
        groups=find_gaps(outcomes, embed, glossary, similarity, rows),
        weeks=weekly(rows),
        usage=document_usage(manifest.documents, rows, feedback.rows(), language),
        titles={d.id: d.title_in(language) for d in manifest.documents},
        language=language,
        made=dt.date.today(),
    )
