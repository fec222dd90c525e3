from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "feedback"

    def contact_timeline(self, contact) -> list[dict]:
        """The contact's survey responses, for the fit check's contact page (which
        cannot import this app: dependencies point the other way)."""
        from feedback.models import Response

        responses = (
            Response.objects.filter(contact=contact)
            .select_related("survey")
            .only("pk", "submitted_at", "survey__title")
        )
        return [
            {
                "when": response.submitted_at,
                "title": f"Answered “{response.survey.title}”",
                "url": response.get_absolute_url(),
            }
            for response in responses
        ]

    def persona_part_evidence(self, persona, *, with_quotes: bool) -> dict:
        """{("pain" or "dream", text): evidence} for each pain and dream of the
        persona (feedback/confirmation.py), for its profile (which cannot import
        this app). A part with none has NO_EVIDENCE: it is an assumption."""
        from feedback import confirmation, queries

        found = queries.persona_part_evidence(persona, with_quotes=with_quotes)
        parts = [("pain", p.text) for p in persona.pains.all()]
        parts += [("dream", d.text) for d in persona.dreams.all()]
        return {key: found.get(key, confirmation.NO_EVIDENCE) for key in parts}

    def persona_panels(self, persona) -> list[dict]:
        """Panels of the persona's profile that this app fills: the evidence
        from clients, what each "confirmed" means and where to read more."""
        from django.urls import reverse

        from feedback import confirmation

        definition = confirmation.DEFINITION
        return [
            {
                "title": "Evidence from clients",
                "text": f"Each pain and dream is {definition}.",
                "links": [
                    {
                        "title": "What clients say that the persona misses",
                        "url": reverse("feedback:persona_misses", args=[persona.pk]),
                    },
                ],
            }
        ]
