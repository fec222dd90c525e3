"""Starting points for a survey: a check-in, an NPS survey, and a persona
validation survey generated from a persona's pains and dreams (pure).

Introductions never count questions or minutes: the survey page and the email
say that from the survey's questions as they are (feedback.lengths), and a
counted introduction goes stale as soon as a question is added."""

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class QuestionSpec:
    kind: str
    text: str
    help_text: str = ""
    required: bool = False
    choices: tuple[str, ...] = ()
    pain_id: int | None = None
    dream_id: int | None = None


@dataclass(frozen=True)
class SurveySpec:
    title: str
    introduction: str
    questions: tuple[QuestionSpec, ...] = field(default_factory=tuple)


TEMPLATES = {
    "checkin": "Quick check-in: how is this working for you?",
    "nps": "Would you recommend us? (NPS)",
    "persona": "Persona validation: do your pains and dreams match what clients say?",
    "blank": "Blank survey",
}


def checkin() -> SurveySpec:
    return SurveySpec(
        title="How is this working for you?",
        introduction="Your honest answers tell us what to keep doing and what to "
        "change.",
        questions=(
            QuestionSpec(
                "rating",
                "Overall, how well is our work together going?",
                "1 is not well at all, 5 is very well.",
                required=True,
            ),
            QuestionSpec(
                "nps",
                "How likely are you to recommend us to a friend or colleague?",
                "0 is not at all likely, 10 is extremely likely.",
                required=True,
            ),
            QuestionSpec("long_text", "What is working well for you?"),
            QuestionSpec("long_text", "What should we change or do differently?"),
            QuestionSpec(
                "yes_no",
                "Is the way we communicate (how often, which channel) right for you?",
            ),
        ),
    )


def nps() -> SurveySpec:
    return SurveySpec(
        title="Would you recommend us?",
        introduction="Your answer tells us how we are doing; a word on why helps "
        "even more.",
        questions=(
            QuestionSpec(
                "nps",
                "How likely are you to recommend us to a friend or colleague?",
                "0 is not at all likely, 10 is extremely likely.",
                required=True,
            ),
            QuestionSpec("long_text", "What is the main reason for your score?"),
        ),
    )


def persona_validation(persona: Mapping) -> SurveySpec:
    """Questions that test a persona against what real clients say. `persona` is
    the persona's export-shaped data with part ids (see feedback.services)."""
    pains = tuple(
        QuestionSpec(
            "rating",
            f"How much does this bother you: “{pain['text']}”?",
            "1 is not at all, 5 is a lot.",
            pain_id=pain["id"],
        )
        for pain in persona.get("pains", [])
    )
    dreams = tuple(
        QuestionSpec(
            "rating",
            f"How much does this matter to you: “{dream['text']}”?",
            "1 is not at all, 5 is a great deal.",
            dream_id=dream["id"],
        )
        for dream in persona.get("dreams", [])
    )
    return SurveySpec(
        title=f"What matters to you? ({persona['name']})",
        introduction="We are checking that we understand the people we serve. There "
        "are no right answers: tell us how it really is for you.",
        questions=(
            *pains,
            *dreams,
            QuestionSpec("long_text", "What else keeps you up at night?"),
        ),
    )


def blank() -> SurveySpec:
    return SurveySpec(title="New survey", introduction="")
