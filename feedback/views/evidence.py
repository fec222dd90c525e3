"""A persona's Evidence page: do clients who were good fits when they became
clients rate the practice better? And a rubric nudged by what promoters and
detractors have in common, offered as a draft through the rubric preview."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from audit.models import Action
from audit.services import record_request
from core.access import get_for_workspace, workspace_required
from feedback import evidence, queries
from feedback.services import evidence as evidence_counts
from fitcheck import queries as fit_queries
from fitcheck import rubric_suggestions
from fitcheck.models import Rubric
from fitcheck.services import preview_jobs, rubric_versions
from personas.models import Persona


@workspace_required
@require_GET
def persona_evidence(request: HttpRequest, persona_id: int) -> HttpResponse:
    persona = get_for_workspace(request, Persona, pk=persona_id)
    kept = evidence_counts.summary(persona=persona)
    rubric = Rubric.objects.applied().prefetch_related("criteria")
    rubric = rubric.filter(persona=persona).first()
    counts = queries.promoter_criteria(kept.counts, rubric)
    rows = _separations(counts)
    found = queries.persona_evidence(kept.counts)
    context = {
        "persona": persona,
        "summary": kept,
        "evidence": found,
        "verdicts": [
            ("Satisfaction (ratings, 1 to 5)", found.satisfaction),
            ("Would they recommend you? (NPS)", found.nps),
        ],
        "rubric": rubric,
        "counted_for": kept.counts.get("rubric"),
        "promoters": counts,
        "separations": rows,
        "suggested": rubric_suggestions.suggested_weights(rows),
        "min_answers": evidence.MIN_ANSWERS,
        "min_group": rubric_suggestions.MIN_GROUP,
        "answers_counted": queries.ANSWERS_COUNTED,
        "clients_counted": queries.CLIENTS_COUNTED,
    }
    return render(request, "feedback/persona_evidence.html", context)


def _separations(counts: queries.PromoterCounts | None) -> list:
    if counts is None:
        return []
    return rubric_suggestions.separations(
        counts.criteria, promoters=counts.promoters, detractors=counts.detractors
    )


@workspace_required
@require_POST
def persona_evidence_suggest(request: HttpRequest, persona_id: int) -> HttpResponse:
    """Make the suggested rubric a draft and show its preview; refused while
    another draft waits, or when the answers suggest no change."""
    personas = fit_queries.active_rubric_personas(workspace=request.workspace)
    persona = get_object_or_404(personas, pk=persona_id)
    back = redirect("feedback:persona_evidence", persona.pk)
    if draft := rubric_versions.draft_rubric(persona=persona):
        messages.warning(
            request,
            f"Draft version {draft.version} is waiting: apply or discard it on the "
            "rubric page first, then ask for the suggestion again.",
        )
        return back
    rubric = rubric_versions.applied_rubric(persona=persona)
    kept = evidence_counts.summary(persona=persona)
    weights = rubric_suggestions.suggested_weights(
        _separations(queries.promoter_criteria(kept.counts, rubric))
    )
    if not weights:
        messages.info(request, "The answers suggest no change to the rubric yet.")
        return back
    draft = rubric_versions.start_suggested_draft(persona=persona, weights=weights)
    preview_jobs.queue_preview(draft=draft)
    record_request(
        request,
        Action.CHANGED_RUBRIC,
        detail=f"Drafted version {draft.version} of the rubric of {persona} "
        "from its Evidence page",
    )
    messages.success(
        request,
        f"Draft version {draft.version} weighs {len(weights)} "
        f"criteri{'on' if len(weights) == 1 else 'a'} as the answers suggest. "
        "Check who would change band, then apply it or discard it.",
    )
    return redirect("fitcheck:rubric_preview", persona.pk)
