from django import forms
from django.contrib import admin, messages
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime

from accounts.admin import WorkspaceScopedAdmin
from accounts.models import Workspace
from audit.models import Action
from audit.services import record
from core import csv_export
from core.pagination import CappedPaginator
from core.tasks import enqueue_after_commit
from fitcheck.criteria import OUTCOME_WORDS
from fitcheck.models import (
    Contact,
    ContactImport,
    Criterion,
    FitScore,
    IntakePage,
    RescoreJob,
    Rubric,
)
from fitcheck.services import scores, snapshots
from fitcheck.tasks import rescore_selected
from personas.models import Persona


def yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def confidence_words(score: FitScore) -> str:
    # A row of a form posted back broken is an empty score, with no confidence.
    if score.confidence is None:
        return "-"
    return f"{score.confidence_percent}%"


# In the words the admin pages use; the lowest, highest and estimate as numbers too,
# for sorting in a spreadsheet.
EXPORT_COLUMNS = [
    ("Contact", lambda s: s.contact.name),
    ("Email", lambda s: s.contact.email),
    ("Persona", lambda s: s.persona.name),
    ("Score", lambda s: s.score_display),
    ("Lowest possible", lambda s: s.score_low),
    ("Highest possible", lambda s: s.score_high),
    ("Estimate from known facts", lambda s: s.score),
    ("Band", lambda s: s.get_band_display()),
    ("Band override", lambda s: s.get_band_override_display()),
    ("Override reason", lambda s: s.override_reason),
    ("Confidence", confidence_words),
    ("Deal-breaker present", lambda s: yes_no(s.knocked_out)),
    ("To decide, ask about", lambda s: "; ".join(s.ask_about)),
    ("Rubric version", lambda s: s.rubric_version),
    ("Reviewed", lambda s: yes_no(s.reviewed)),
    ("Stage", lambda s: s.get_stage_display()),
    ("Scored at", lambda s: s.computed_at.isoformat()),
]


class PersonaListFilter(admin.SimpleListFilter):
    """Personas of the admin's own workspaces (all of them for superusers), read
    from the persona table rather than by scanning every score."""

    title = "persona"
    parameter_name = "persona"

    def lookups(self, request, model_admin):
        personas = (
            Persona.objects.exclude(status=Persona.Status.ARCHIVED)
            .select_related("workspace")
            .only("name", "version", "workspace__name")
            .order_by("name", "version", "workspace__name", "pk")
        )
        if not request.user.is_superuser:
            personas = personas.filter(workspace__memberships__user=request.user)
        personas = list(personas)
        # Two practices may both have a "Dana (v1)": name the practice then.
        several = len({persona.workspace_id for persona in personas}) > 1
        return [(p.pk, persona_words(p, with_workspace=several)) for p in personas]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(persona_id=self.value())
        return queryset


def persona_words(persona: Persona, *, with_workspace: bool) -> str:
    words = f"{persona.name} (v{persona.version})"
    return f"{words} — {persona.workspace.name}" if with_workspace else words


class DealBreakerListFilter(admin.SimpleListFilter):
    """Whether a deal-breaker red flag ruled the contact out, in the app's words."""

    title = "deal-breaker"
    parameter_name = "knocked_out"

    def lookups(self, request, model_admin):
        return [("1", "Present"), ("0", "Absent")]

    def queryset(self, request, queryset):
        if self.value() in ("1", "0"):
            return queryset.filter(knocked_out=self.value() == "1")
        return queryset


class ConfidenceListFilter(admin.SimpleListFilter):
    """How much of the rubric's weight is known, in four steps."""

    title = "confidence"
    parameter_name = "confidence"
    STEPS = {
        "under_30": ("Under 30%", 0, 0.3),
        "30_59": ("30% to 59%", 0.3, 0.6),
        "60_89": ("60% to 89%", 0.6, 0.9),
        "90_up": ("90% or more", 0.9, None),
    }

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _, _) in self.STEPS.items()]

    def queryset(self, request, queryset):
        if self.value() not in self.STEPS:
            return queryset
        _, low, high = self.STEPS[self.value()]
        # Stored to 2 decimals, so 0.595 is kept as 0.6: the steps meet exactly.
        queryset = queryset.filter(confidence__gte=low)
        return queryset if high is None else queryset.filter(confidence__lt=high)


class FitScoreForm(forms.ModelForm):
    class Meta:
        model = FitScore
        fields = ["band_override", "override_reason", "reviewed"]
        help_texts = {
            "band_override": "Your judgement. The computed band and score stay as "
            "they are, beside it.",
            "override_reason": "Required when you override the band.",
        }

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("band_override")
            and not cleaned.get("override_reason", "").strip()
        ):
            self.add_error("override_reason", "Say why you override the computed band.")
        if not cleaned.get("band_override"):
            cleaned["override_reason"] = ""
        return cleaned


class FitScoreDisplay:
    """How a score reads on every admin page that shows one (its own list and
    page, the contact's scores), in the words of the app's pages."""

    @admin.display(description="Contact", ordering="contact__name")
    def contact_name(self, score: FitScore) -> str:
        return score.contact.name

    @admin.display(description="Score", ordering="score")
    def score_shown(self, score: FitScore) -> str:
        return score.score_display

    @admin.display(description="Band", ordering="band_rank")
    def band_shown(self, score: FitScore) -> str:
        if score.band_override:
            return format_html(
                "{} <small>(computed: {})</small>",
                score.get_band_override_display(),
                score.get_band_display(),
            )
        return score.get_band_display()

    @admin.display(description="Confidence", ordering="confidence")
    def confidence_shown(self, score: FitScore) -> str:
        return confidence_words(score)

    @admin.display(description="Scored at", ordering="computed_at")
    def scored_at(self, score: FitScore):
        return score.computed_at

    @admin.display(description="Scored on", ordering="computed_at")
    def scored_on(self, score: FitScore) -> str:
        # The day is enough in a list; the score's page has the time.
        return date_format(localtime(score.computed_at), "j M Y")


@admin.register(FitScore)
class FitScoreAdmin(FitScoreDisplay, WorkspaceScopedAdmin):
    form = FitScoreForm
    # What decides about a contact at a glance; the rest is on the score's page.
    list_display = [
        "contact_name",
        "persona",
        "band_shown",
        "score_shown",
        "confidence_shown",
        "scored_on",
    ]
    list_filter = [
        "band",
        ConfidenceListFilter,
        DealBreakerListFilter,
        "reviewed",
        PersonaListFilter,
        "stage",
        "workspace",
    ]
    search_fields = ["contact__name", "contact__email"]
    # Best first, Needs information apart after the fits (see Band).
    ordering = ["band_rank", "-score", "-id"]
    list_select_related = ["contact", "persona"]
    list_per_page = 50
    # Counting a million scores on every page would be most of its time: the
    # list neither counts the unfiltered total nor, past a thousand rows, the
    # filtered ones (an estimate, said to be one; core/pagination.py).
    show_full_result_count = False
    paginator = CappedPaginator
    actions = ["rescore", "mark_reviewed", "export_csv"]
    readonly_fields = [
        "contact",
        "persona",
        "score_shown",
        "estimate",
        "band",
        "confidence_shown",
        "ask_about_words",
        "deal_breaker",
        "rubric_version",
        "stage",
        "scored_at",
        "breakdown_table",
        "overridden_by",
    ]
    fieldsets = [
        (None, {"fields": ["contact", "persona", "stage"]}),
        (
            "Computed",
            {
                "fields": [
                    "score_shown",
                    "estimate",
                    "band",
                    "confidence_shown",
                    "ask_about_words",
                    "deal_breaker",
                    "rubric_version",
                    "scored_at",
                    "breakdown_table",
                ]
            },
        ),
        (
            "Review",
            {
                "fields": [
                    "band_override",
                    "override_reason",
                    "overridden_by",
                    "reviewed",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("breakdown")

    def get_object(self, request, object_id, from_field=None):
        # The change page needs the breakdown the list defers, and its title
        # names the contact and the persona.
        queryset = self.get_queryset(request).defer(None)
        queryset = queryset.select_related("contact", "persona")
        return queryset.filter(pk=object_id).first()

    def changelist_view(self, request, extra_context=None):
        # Django titles the list "Select fit score to change".
        return super().changelist_view(
            request, extra_context={"title": "Fit scores", **(extra_context or {})}
        )

    def has_add_permission(self, request):
        return False  # Scores are computed, never typed in.

    @admin.display(description="Estimate from the known facts")
    def estimate(self, score: FitScore) -> int:
        return score.score

    @admin.display(description="To decide, ask about")
    def ask_about_words(self, score: FitScore) -> str:
        return ", ".join(score.ask_about) or "—"

    @admin.display(description="Deal-breaker present")
    def deal_breaker(self, score: FitScore) -> str:
        return yes_no(score.knocked_out)

    @admin.display(description="Breakdown")
    def breakdown_table(self, score: FitScore) -> str:
        lines = score.breakdown.get("lines", [])
        if not lines:
            return "—"
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    ln["label"],
                    OUTCOME_WORDS.get(ln["outcome"], ln["outcome"]),
                    ln["points"],
                    ln["text"],
                )
                for ln in lines
            ),
        )
        return format_html(
            "<table><thead><tr><th>Criterion</th><th>Outcome</th><th>Points</th>"
            "<th>Why</th></tr></thead><tbody>{}</tbody></table><p>{}</p>",
            rows,
            score.breakdown.get("summary", ""),
        )

    def save_model(self, request, obj, form, change):
        if "band_override" in form.changed_data:
            obj.overridden_by = request.user if obj.band_override else None
            before = form.initial.get("band_override") or "none"
            record(
                workspace=obj.workspace,
                actor=request.user,
                action=Action.OVERRODE_BAND,
                contact_id=obj.contact_id,
                detail=f"Band override {before} → {obj.band_override or 'none'} "
                f"(score {obj.pk})",
            )
        super().save_model(request, obj, form, change)

    @admin.action(description="Re-score selected (in the background)")
    def rescore(self, request, queryset):
        pairs = list(queryset.values_list("contact_id", "persona_id"))
        enqueue_after_commit(rescore_selected, pairs=pairs)
        self.message_user(
            request,
            f"{len(pairs)} score(s) will be refreshed in a moment.",
            messages.SUCCESS,
        )

    @admin.action(description="Mark selected as reviewed")
    def mark_reviewed(self, request, queryset):
        count = queryset.update(reviewed=True)
        self.message_user(
            request, f"{count} score(s) marked reviewed.", messages.SUCCESS
        )

    @admin.action(description="Export selected as CSV")
    def export_csv(self, request, queryset):
        for workspace in Workspace.objects.filter(
            pk__in=queryset.values("workspace_id")
        ):
            record(
                workspace=workspace,
                actor=request.user,
                action=Action.EXPORTED_SCORES,
                detail="Fit scores CSV from the admin",
            )
        rows = (
            [get(score) for _, get in EXPORT_COLUMNS]
            for score in queryset.iterator(chunk_size=2000)
        )
        return csv_export.csv_download(
            filename="fit-scores.csv",
            header=[name for name, _ in EXPORT_COLUMNS],
            rows=rows,
        )


class FitScoreInline(FitScoreDisplay, admin.TabularInline):
    model = FitScore
    fk_name = "contact"
    extra = 0
    can_delete = False
    fields = [
        "persona",
        "score_shown",
        "band_shown",
        "confidence_shown",
        "rubric_version",
        "scored_at",
    ]
    readonly_fields = fields
    show_change_link = True

    def get_queryset(self, request):
        # Each row is titled by the score, which names its contact and persona.
        return super().get_queryset(request).select_related("contact", "persona")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Contact)
class ContactAdmin(WorkspaceScopedAdmin):
    list_display = [
        "name",
        "email",
        "company",
        "stage",
        "source",
        "phase_out",
        "workspace",
    ]
    list_filter = ["stage", "source", "phase_out", "workspace"]
    list_select_related = ["workspace"]
    search_fields = ["name", "email", "company"]
    show_full_result_count = False
    paginator = CappedPaginator
    inlines = [FitScoreInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # As the contact form does: score with the facts as saved, so the
        # scores never describe facts the contact no longer has; a new client
        # keeps the band they became a client with.
        scores.score_contact_now(contact=obj)
        if obj.stage == Contact.Stage.CLIENT and "stage" in form.changed_data:
            snapshots.keep_client_bands(contacts=Contact.objects.filter(pk=obj.pk))


def is_history(rubric: Rubric | None) -> bool:
    """Applied and retired versions are what stored scores cite: never edited in
    place (a change is a new draft, applied through the app, which re-scores)."""
    return rubric is not None and rubric.status != Rubric.Status.DRAFT


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0

    def has_add_permission(self, request, obj=None):
        return not is_history(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not is_history(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not is_history(obj) and super().has_delete_permission(request, obj)

    fields = [
        "position",
        "label",
        "fact",
        "kind",
        "weight",
        "expected",
        "low",
        "high",
        "penalty",
    ]


@admin.register(Rubric)
class RubricAdmin(WorkspaceScopedAdmin):
    workspace_path = "persona__workspace"
    list_display = [
        "persona",
        "version",
        "status",
        "ideal_from",
        "good_from",
        "weak_from",
        "applied_at",
    ]
    list_filter = ["status"]
    list_select_related = ["persona"]
    search_fields = ["persona__name"]
    inlines = [CriterionInline]
    # Versions change status only through the app (apply re-scores, discard
    # deletes): the one applied version per persona stays consistent.
    readonly_fields = ["persona", "version", "status", "applied_at"]

    def has_add_permission(self, request):
        return False  # Versions are made from a persona, in the app.

    def has_change_permission(self, request, obj=None):
        return not is_history(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not is_history(obj) and super().has_delete_permission(request, obj)


@admin.register(RescoreJob)
class RescoreJobAdmin(WorkspaceScopedAdmin):
    workspace_path = "rubric__persona__workspace"
    list_display = ["rubric", "status", "done", "total", "created_at", "finished_at"]
    list_filter = ["status"]
    list_select_related = ["rubric__persona"]
    readonly_fields = ["rubric", "status", "done", "total", "error", "finished_at"]

    def has_add_permission(self, request):
        return False


@admin.register(IntakePage)
class IntakePageAdmin(WorkspaceScopedAdmin):
    list_display = ["workspace", "persona", "published", "updated_at"]
    list_filter = ["published"]
    list_select_related = ["workspace", "persona"]


@admin.register(ContactImport)
class ContactImportAdmin(WorkspaceScopedAdmin):
    list_display = [
        "original_name",
        "workspace",
        "status",
        "imported_count",
        "created_at",
    ]
    list_filter = ["status"]
    list_select_related = ["workspace"]
    # What the import worked out, never typed (an emptied box was a NULL, a 500).
    readonly_fields = [
        "status",
        "imported_count",
        "rejected",
        "message",
        "mapping",
        "checks",
        "values",
        "warnings",
    ]
