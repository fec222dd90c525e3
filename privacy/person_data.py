"""Everything a workspace holds about one person, read in a fixed number of
queries (seven, however many contacts the workspace has), for their export and for
the page that confirms their erasure."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, Q
from django.db.models.functions import Lower
from django.utils import timezone

from feedback.models import Answer, Invitation, PinnedAnswer, Response, Suppression
from fitcheck.models import ClientSnapshot, Contact, FitScore

FORMAT = "ideal-customer-person"
FORMAT_VERSION = 1

SOURCE_NOTES = {
    Contact.Source.ENTERED: "Entered by someone in the practice.",
    Contact.Source.IMPORTED: "Imported from a spreadsheet (CSV file) by someone in "
    "the practice.",
    Contact.Source.INTAKE: "You answered the practice's public “are we a good "
    "fit?” form: your answers there are the facts listed here, and your message "
    "is in the notes.",
}


@dataclass
class PersonData:
    contact: Contact
    scores: list[FitScore]
    client_bands: list[ClientSnapshot]
    invitations: list[Invitation]
    responses: list[Response]
    suppression: Suppression | None
    pins: list[PinnedAnswer]

    def as_json(self, *, now: datetime | None = None) -> dict:
        contact = self.contact
        return {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "exported_at": (now or timezone.now()).isoformat(),
            "practice": contact.workspace.name,
            "contact": _contact_json(contact),
            "where_it_came_from": {
                "source": contact.source,
                "explanation": SOURCE_NOTES[contact.source],
                "first_recorded": contact.created_at.isoformat(),
                "last_changed": contact.updated_at.isoformat(),
            },
            "fit_scores": [_score_json(score) for score in self.scores],
            "fit_when_they_became_a_client": [
                _snapshot_json(snapshot) for snapshot in self.client_bands
            ],
            "survey_invitations": [_invitation_json(i) for i in self.invitations],
            "survey_responses": [_response_json(r) for r in self.responses],
            "pinned_quotes": [_pin_json(pin) for pin in self.pins],
            "do_not_email": _suppression_json(self.suppression),
        }


def as_text(value: object) -> str:
    """A value of the export as a page shows it ("" when unknown)."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def readable(document: dict) -> dict:
    """The export's document with every value as text, for its HTML page."""
    return {
        "details": [
            (key.replace("_", " ").capitalize(), as_text(value))
            for key, value in document["contact"].items()
        ],
        "responses": [
            {
                **response,
                "answers": [
                    (answer["question"], as_text(answer["answer"]))
                    for answer in response["answers"]
                ],
            }
            for response in document["survey_responses"]
        ],
    }


def person_data(contact: Contact) -> PersonData:
    """`contact` with its workspace loaded (the caller found it in its workspace)."""
    return PersonData(
        contact=contact,
        scores=list(
            FitScore.objects.filter(contact=contact)
            .select_related("persona")
            .order_by("persona__name", "pk")
        ),
        client_bands=list(
            ClientSnapshot.objects.filter(contact=contact)
            .select_related("persona")
            .order_by("persona__name", "pk")
        ),
        invitations=list(
            Invitation.objects.filter(contact=contact)
            .select_related("survey")
            .order_by("created_at", "pk")
        ),
        responses=list(
            responses_of([contact.pk])
            .select_related("survey")
            .prefetch_related(
                Prefetch(
                    "answers",
                    queryset=Answer.objects.select_related("question").order_by(
                        "question__position", "question__pk"
                    ),
                )
            )
            .order_by("submitted_at", "pk")
        ),
        suppression=_suppression(contact),
        pins=list(
            PinnedAnswer.objects.filter(answer__response__in=responses_of([contact.pk]))
            .select_related("answer", "pain__persona", "dream__persona")
            .order_by("created_at", "pk")
        ),
    )


def responses_of(contact_ids: list[int]):
    """Responses given by these contacts: through their invitations or, for a
    response that kept only its contact, directly."""
    # A subquery rather than a join, so each side can use its own index.
    invitations = Invitation.objects.filter(contact_id__in=contact_ids).values("pk")
    return Response.objects.filter(
        Q(contact_id__in=contact_ids) | Q(invitation_id__in=invitations)
    )


def _suppression(contact: Contact) -> Suppression | None:
    if not contact.email:
        return None
    return (
        Suppression.objects.filter(workspace_id=contact.workspace_id)
        .annotate(email_lower=Lower("email"))
        .filter(email_lower=contact.email.lower())
        .first()
    )


def _contact_json(contact: Contact) -> dict:
    data = {
        "id": contact.pk,
        "name": contact.name,
        "email": contact.email,
        "phone": contact.phone,
        "company": contact.company,
        "stage": contact.get_stage_display(),
    }
    for fact in Contact.FACTS:
        value = getattr(contact, fact)
        data[fact] = (
            getattr(contact, f"get_{fact}_display")()
            if value and hasattr(contact, f"get_{fact}_display")
            else value
        )
    data["notes"] = contact.notes
    data["phasing_out"] = contact.phase_out
    data["phase_out_note"] = contact.phase_out_note
    return data


def _score_json(score: FitScore) -> dict:
    return {
        "persona": score.persona.name,
        "persona_version": score.persona.version,
        "rubric_version": score.rubric_version,
        "score": score.score,
        "band": score.get_band_display(),
        "band_set_by_the_practice": score.get_band_override_display()
        if score.band_override
        else "",
        "reason_for_the_band_set": score.override_reason,
        "confidence": score.confidence,
        "deal_breaker_present": score.knocked_out,
        "computed_at": score.computed_at.isoformat(),
        "breakdown": score.breakdown,
    }


def _snapshot_json(snapshot: ClientSnapshot) -> dict:
    return {
        "persona": snapshot.persona.name,
        "persona_version": snapshot.persona.version,
        "rubric_version": snapshot.rubric_version,
        "band": snapshot.get_band_display(),
        "score": snapshot.score_display,
        "confidence": snapshot.confidence,
        "recorded": snapshot.get_taken_display(),
        "recorded_at": snapshot.taken_at.isoformat(),
    }


def _invitation_json(invitation: Invitation) -> dict:
    return {
        "survey": invitation.survey.title,
        "status": invitation.get_status_display(),
        "created_at": invitation.created_at.isoformat(),
        "sent_at": _iso(invitation.sent_at),
        "opened_at": _iso(invitation.opened_at),
        "answered_at": _iso(invitation.answered_at),
        "reminders_sent": invitation.reminders_sent,
        "expires_at": _iso(invitation.expires_at),
    }


def _response_json(response: Response) -> dict:
    return {
        "survey": response.survey.title,
        "submitted_at": response.submitted_at.isoformat(),
        "answers": [
            {"question": answer.question.text, "answer": answer_value(answer)}
            for answer in response.answers.all()
        ],
    }


def _pin_json(pin: PinnedAnswer) -> dict:
    """Their words, quoted on a persona's profile under one of its pains or
    dreams."""
    part = pin.pain or pin.dream
    return {
        "quote": pin.answer.text,
        "persona": part.persona.name,
        "persona_version": part.persona.version,
        "pinned_to": "pain" if pin.pain_id else "dream",
        "pain_or_dream": part.text,
        "pinned_at": pin.created_at.isoformat(),
    }


def answer_value(answer: Answer) -> object:
    if answer.number is not None:
        return answer.number
    if answer.choices:
        return list(answer.choices)
    return answer.text


def _suppression_json(suppression: Suppression | None) -> dict | None:
    if suppression is None:
        return None
    return {
        "reason": suppression.get_reason_display(),
        "since": suppression.created_at.isoformat(),
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
