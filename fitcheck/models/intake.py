"""The public intake page of a workspace."""

from django.db import models
from django.urls import reverse

from accounts.models import Workspace
from personas.models import Persona


class IntakePageQuerySet(models.QuerySet):
    def for_workspace(self, workspace: Workspace) -> "IntakePageQuerySet":
        return self.filter(workspace=workspace)


class IntakePage(models.Model):
    """The public "are we a good fit?" page of a workspace, at /fit/<slug>/."""

    workspace = models.OneToOneField(
        Workspace, on_delete=models.CASCADE, related_name="intake_page"
    )
    persona = models.ForeignKey(Persona, on_delete=models.CASCADE, related_name="+")
    published = models.BooleanField(default=False)
    title = models.CharField(max_length=150, default="Are we a good fit?")
    intro = models.TextField(
        blank=True,
        default="A few quick questions help us both see whether working together "
        "makes sense. It takes about two minutes.",
    )
    good_fit_message = models.TextField(
        default="It looks like we could work well together. The next step is a short, "
        "free call to get to know each other."
    )
    booking_url = models.URLField(
        blank=True, help_text="Where a good fit books a call."
    )
    poor_fit_message = models.TextField(
        default="Thank you for your honest answers. From what you told us, we may "
        "not be "
        "the best help for you right now, and we would rather say so than waste your "
        "time."
    )
    referrals = models.TextField(
        blank=True, help_text="Who you recommend instead, one per line (name and link)."
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = IntakePageQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Intake page of {self.workspace}"

    def get_absolute_url(self) -> str:
        return reverse("fitcheck:intake", args=[self.workspace.slug])
