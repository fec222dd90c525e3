"""Reads of the fit check that span several models."""

from django.db.models import OuterRef, Subquery

from fitcheck.models import IntakePage, Rubric

# The public intake -------------------------------------------------------------------


def published_page(workspace_slug: str) -> IntakePage | None:
    """The workspace's published intake page, its workspace loaded, and as
    `applied_rubric_id` the pk of its persona's applied rubric (None until one
    is generated), by which the page's form is kept (intake.intake_form_for)."""
    # At most one applied rubric per persona (rubric_one_applied_per_persona).
    applied = Rubric.objects.applied().filter(persona_id=OuterRef("persona_id"))
    pages = IntakePage.objects.select_related("workspace").annotate(
        applied_rubric_id=Subquery(applied.values("pk"))
    )
    try:
        return pages.get(workspace__slug=workspace_slug, published=True)
    except IntakePage.DoesNotExist:
        return None
