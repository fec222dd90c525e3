"""How long a survey takes to answer (pure), said on the survey page and in the
email from the survey's own questions, so the words never go stale when a
question is added.

Time per question is a rough reading-and-answering time by kind (a scale is a
tap, a long answer is some typing); the total is rounded up to whole minutes,
and never said as less than one.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass

SECONDS_BY_KIND = {
    "rating": 10,
    "nps": 10,
    "yes_no": 8,
    "single": 12,
    "multiple": 20,
    "short_text": 30,
    "long_text": 75,
}
UNKNOWN_KIND_SECONDS = 30


@dataclass(frozen=True)
class SurveyLength:
    questions: int
    minutes: int

    def __str__(self) -> str:
        if not self.questions:
            return "No questions yet"
        questions = f"{self.questions} question{'s' * (self.questions != 1)}"
        return f"{questions}, about {self.minutes} minute{'s' * (self.minutes != 1)}"


def survey_length(kinds: Iterable[str]) -> SurveyLength:
    """`kinds`: the kind of each question of the survey."""
    seconds = [SECONDS_BY_KIND.get(kind, UNKNOWN_KIND_SECONDS) for kind in kinds]
    minutes = max(1, math.ceil(sum(seconds) / 60)) if seconds else 0
    return SurveyLength(questions=len(seconds), minutes=minutes)
