"""Rubric pages: see a persona's rubric, edit it as a new draft version, preview who
would change band and why, apply it (re-scoring in the background) or discard it."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.models import Action
from audit.services import record_request
from core.access import workspace_required
from core.intervals import MIN_PER_GROUP
from core.job_progress import ProgressWords, progress_response
from fitcheck import changes, criteria, intake_drafting, queries, scoring
from fitcheck import criteria_from_persona as derived
from fitcheck.forms import CriterionFormSet, RubricThresholdsForm, fact_choices
from fitcheck.models import FACT_NAMES, Criterion, PreviewJob, RescoreJob, Rubric
from fitcheck.services import preview, preview_jobs, rubric_versions
from personas.models import Persona

CRITERIA_PREFIX = "criteria"
DRAFT_GONE = "That draft was applied or discarded meanwhile (in another tab?)."
RESCORE_WORDS = ProgressWords(
    none="No re-scoring has run yet.",
    queued="Waiting to start: {total} contacts to re-score.",
    running="Re-scoring: {done} of {total} contacts ({percent}%).",
    done="Done: {done} of {total} contacts re-scored.",
    failed="Stopped after {done} of {total} contacts. {error}",
)
PREVIEW_WORDS = ProgressWords(
    none="No preview.",
    queued="Waiting to start: {total} contacts to try the draft on.",
    running="Trying the draft on {done} of {total} contacts ({percent}%).",
    done="Worked out on {finished:%d %b %Y at %H:%M} for {total} contacts.",
    failed="The preview stopped after {done} of {total} contacts.",
)
# The worked examples on the "how scoring works" page, scored live so the page can
# never disagree with fitcheck/scoring.py.
EXAMPLE_RUBRIC = scoring.Rubric(
    (
        criteria.Criterion(
            "occupation",
            "Physiotherapist",
            "occupation",
            "contains",
            30,
            "Physiotherapist",
        ),
        criteria.Criterion(
            "industry", "Healthcare", "industry", "contains", 20, "Healthcare"
        ),
        criteria.Criterion(
            "location", "Lives in Leeds", "location", "contains", 10, "Leeds"
        ),
        criteria.Criterion("age", "Age 35–55", "age", "in_range", 5, low=35, high=55),
        criteria.Criterion(
            "pain:1",
            "Has the pain “Evenings lost to admin”",
            "reported_pains",
            "contains",
            15,
            ("Evenings lost to admin", "Paperwork"),
        ),
        criteria.Criterion(
            "pain:2",
            "Has the pain “Not enough of the right patients”",
            "reported_pains",
            "contains",
            9,
            ("Not enough of the right patients", "An empty diary"),
        ),
        criteria.Criterion(
            "dream:1",
            "Wants “Weekends free for the family”",
            "goals",
            "contains",
            8,
            "Weekends free for the family",
        ),
        criteria.Criterion(
            "red_flag:1",
            "Haggles over every price",
            "red_flags",
            "contains",
            20,
            "Haggles over every price",
            penalty=True,
        ),
    ),
    fact_names=FACT_NAMES,
)
EXAMPLE_FACTS = {
    "occupation": "Physio",
    "location": "York",
    "age": 41,
    "reported_pains": ["I do my paperwork at midnight"],
    "red_flags": [],
}
SPARSE_FACTS = {"occupation": "Physiotherapist", "location": "Leeds", "red_flags": []}


def _persona(request: HttpRequest, persona_id: int) -> Persona:
    personas = queries.active_rubric_personas(workspace=request.workspace)
    return get_object_or_404(personas, pk=persona_id)


def _expected_words(criterion: Criterion) -> str:
    """What the criterion looks for, with choice codes in words."""
    if criterion.kind == Criterion.Kind.IN_RANGE:
        return f"{_end(criterion.low)}–{_end(criterion.high)}"
    names = dict(fact_choices(criterion.fact))
    return ", ".join(str(names.get(term, term)) for term in criterion.expected)


def _end(number: float | None) -> str:
    return "any" if number is None else f"{number:g}"


def _criteria(rubric: Rubric) -> list[dict]:
    return [
        {
            "criterion": criterion,
            "kind": "Red flag (takes points off)"
            if criterion.penalty
            else criterion.get_kind_display(),
            "expected": _expected_words(criterion),
        }
        for criterion in rubric.criteria.all()
    ]


@workspace_required
@require_GET
def scoring_explained(request: HttpRequest) -> HttpResponse:
    context = {
        "thresholds": scoring.Thresholds(),
        "weights": {
            "work": derived.WORK_WEIGHT,
            "industry": derived.INDUSTRY_WEIGHT,
            "situation": derived.SITUATION_WEIGHT,
            "detail": derived.DETAIL_WEIGHT,
            "pain_per_intensity": derived.PAIN_WEIGHT_PER_INTENSITY,
            "dream": derived.DREAM_WEIGHT,
            "red_flag": derived.RED_FLAG_PENALTY,
        },
        "group_share": round(100 * scoring.GROUP_SHARE),
        "example": scoring.score_contact(EXAMPLE_RUBRIC, EXAMPLE_FACTS),
        "sparse": scoring.score_contact(EXAMPLE_RUBRIC, SPARSE_FACTS),
        "intake_shown": intake_drafting.DEFAULT_SHOWN,
        "evidence_min": MIN_PER_GROUP,
    }
    return render(request, "fitcheck/scoring_explained.html", context)


@workspace_required
@require_GET
def rubric_list(request: HttpRequest) -> HttpResponse:
    personas = list(
        queries.active_rubric_personas(workspace=request.workspace)
        .only("id", "name", "kind", "version", "workspace_id")
        .order_by("name", "pk")
    )
    rows = queries.rubric_overview(personas=personas)
    return render(request, "fitcheck/rubric_list.html", {"rows": rows})


@workspace_required
@require_GET
def rubric_detail(request: HttpRequest, persona_id: int) -> HttpResponse:
    persona = _persona(request, persona_id)
    applied = rubric_versions.applied_rubric(persona=persona)
    draft = rubric_versions.draft_rubric(persona=persona)
    job = RescoreJob.objects.for_persona(persona).first()
    context = {
        "persona": persona,
        "applied": applied,
        "criteria": _criteria(applied),
        "draft": draft,
        "draft_changes": draft
        and changes.rubric_changes(applied.as_scoring(), draft.as_scoring()),
        "job": job,
        "job_message": RESCORE_WORDS.message(job),
        "job_heading": job and f"Re-scoring with version {job.rubric.version}",
        "freshness": queries.score_freshness(rubric=applied),
    }
    return render(request, "fitcheck/rubric_detail.html", context)


@workspace_required
@require_GET
def rubric_progress(request: HttpRequest, persona_id: int) -> JsonResponse:
    job = RescoreJob.objects.for_persona(_persona(request, persona_id)).first()
    return progress_response(job, RESCORE_WORDS)


@workspace_required
@require_http_methods(["GET", "POST"])
def rubric_edit(request: HttpRequest, persona_id: int) -> HttpResponse:
    persona = _persona(request, persona_id)
    draft = rubric_versions.draft_rubric(persona=persona)
    if draft is None and request.method == "POST":
        messages.warning(request, DRAFT_GONE + " Nothing was saved; here is a new one.")
        return redirect("fitcheck:rubric_edit", persona.pk)
    draft = draft or rubric_versions.start_draft(persona=persona)
    form = RubricThresholdsForm(request.POST or None, instance=draft)
    formset = CriterionFormSet(
        request.POST or None, queryset=draft.criteria.all(), prefix=CRITERIA_PREFIX
    )
    if request.method == "POST" and all([form.is_valid(), formset.is_valid()]):
        form.save()
        formset.save()
        preview_jobs.queue_preview(draft=draft)
        _record(request, persona, f"Edited draft version {draft.version}")
        messages.success(request, f"Draft version {draft.version} is saved.")
        return redirect("fitcheck:rubric_preview", persona.pk)
    context = {"persona": persona, "draft": draft, "form": form, "formset": formset}
    status = 400 if request.method == "POST" else 200
    return render(request, "fitcheck/rubric_edit.html", context, status=status)


@workspace_required
@require_POST
def rubric_reset(request: HttpRequest, persona_id: int) -> HttpResponse:
    persona = _persona(request, persona_id)
    draft = rubric_versions.start_draft(persona=persona, from_persona=True)
    preview_jobs.queue_preview(draft=draft)
    _record(request, persona, f"Generated draft version {draft.version} afresh")
    messages.success(
        request,
        f"Draft version {draft.version} is generated afresh from {persona.name}. "
        "Check who would change band, then apply it or discard it.",
    )
    return redirect("fitcheck:rubric_preview", persona.pk)


@workspace_required
@require_GET
def rubric_preview(request: HttpRequest, persona_id: int) -> HttpResponse:
    persona = _persona(request, persona_id)
    draft = rubric_versions.draft_rubric(persona=persona)
    if draft is None:
        messages.info(request, "There is no draft to preview: edit the rubric first.")
        return redirect("fitcheck:rubric", persona.pk)
    applied = rubric_versions.applied_rubric(persona=persona)
    job = preview_jobs.preview_job(draft=draft)
    done = job.status == PreviewJob.Status.DONE
    context = {
        "persona": persona,
        "draft": draft,
        "applied": applied,
        "changes": changes.rubric_changes(applied.as_scoring(), draft.as_scoring()),
        "job": job,
        "job_message": PREVIEW_WORDS.message(job),
        "preview": preview_jobs.kept_preview(job) if done else None,
        "moves_shown": preview.MOVES_SHOWN,
    }
    return render(request, "fitcheck/rubric_preview.html", context)


@workspace_required
@require_GET
def rubric_preview_progress(request: HttpRequest, persona_id: int) -> JsonResponse:
    draft = rubric_versions.draft_rubric(persona=_persona(request, persona_id))
    job = PreviewJob.objects.filter(draft=draft).first() if draft else None
    return progress_response(job, PREVIEW_WORDS)


@workspace_required
@require_POST
def rubric_preview_again(request: HttpRequest, persona_id: int) -> HttpResponse:
    """Work the preview out again: contacts may have changed since."""
    persona = _persona(request, persona_id)
    draft = rubric_versions.draft_rubric(persona=persona)
    if draft is not None:
        preview_jobs.queue_preview(draft=draft)
    return redirect("fitcheck:rubric_preview", persona.pk)


@workspace_required
@require_POST
def rubric_apply(request: HttpRequest, persona_id: int) -> HttpResponse:
    persona = _persona(request, persona_id)
    draft = rubric_versions.draft_rubric(persona=persona)
    try:
        job = rubric_versions.apply_draft(draft=draft) if draft else None
    except rubric_versions.DraftGone:
        job = None
    if job is None:
        messages.info(request, DRAFT_GONE)
    else:
        _record(request, persona, f"Applied version {draft.version}")
        messages.success(
            request,
            f"Version {draft.version} is applied. Re-scoring {job.total} "
            f"contact{'' if job.total == 1 else 's'} in the background.",
        )
    return redirect("fitcheck:rubric", persona.pk)


@workspace_required
@require_POST
def rubric_discard(request: HttpRequest, persona_id: int) -> HttpResponse:
    persona = _persona(request, persona_id)
    draft = rubric_versions.draft_rubric(persona=persona)
    if draft is not None:
        rubric_versions.discard_draft(draft=draft)
        _record(request, persona, f"Discarded draft version {draft.version}")
        messages.success(request, f"Draft version {draft.version} is discarded.")
    return redirect("fitcheck:rubric", persona.pk)


def _record(request: HttpRequest, persona: Persona, what: str) -> None:
    record_request(
        request, Action.CHANGED_RUBRIC, detail=f"{what} of the rubric of {persona}"
    )
