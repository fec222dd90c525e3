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
