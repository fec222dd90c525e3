"""The public intake page of a workspace, and its questions."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.urls import reverse

from accounts.models import Workspace
from fitcheck import intake_drafting
from fitcheck.models.rubrics import Rubric
from personas.models import Persona

ORIGIN_LENGTH = 200
WORDING_LENGTH = 300


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
        default="A few quick questions to see whether we suit each other. About "
        "two minutes.",
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
    # The sites that may show the page in a frame (CSP frame-ancestors), each
    # "https://host[:port]"; none: no site may.
    frame_origins = ArrayField(
        models.CharField(max_length=ORIGIN_LENGTH), default=list, blank=True
    )
    # Moves on with every change to the questions, so each process rebuilds its
    # kept copy of the page's form (intake_form.intake_form_for).
    questions_version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IntakePageQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Intake page of {self.workspace}"

    def get_absolute_url(self) -> str:
        return reverse("fitcheck:intake", args=[self.workspace.slug])


class IntakeQuestionQuerySet(models.QuerySet):
    def for_workspace(self, workspace: Workspace) -> "IntakeQuestionQuerySet":
        return self.filter(workspace=workspace)


class IntakeQuestion(models.Model):
    """One question of a workspace's intake, in the prospect's words. Drafted from
    the rubric, or the practitioner's own; re-drafted (keeping edits) when the
    applied rubric changes: see fitcheck/intake_drafting.py."""

    class Kind(models.TextChoices):
        MANY = intake_drafting.QuestionKind.MANY.value, "Tick boxes (any number)"
        ONE = intake_drafting.QuestionKind.ONE.value, "One answer"
        NUMBER = intake_drafting.QuestionKind.NUMBER.value, "A number"
        TEXT = intake_drafting.QuestionKind.TEXT.value, "A short written answer"

    class Source(models.TextChoices):
        DRAFTED = intake_drafting.Source.DRAFTED.value, "Drafted from the rubric"
        OWN = intake_drafting.Source.OWN.value, "Your own"

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    page = models.ForeignKey(
        IntakePage, on_delete=models.CASCADE, related_name="questions"
    )
    # "fact:<fact>" for a drafted question, "own:<random>" for one's own.
    key = models.CharField(max_length=60)
    source = models.CharField(max_length=10, choices=Source)
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=Kind)
    # The contact fact a drafted question's answers go to.
    fact = models.CharField(max_length=40, blank=True)
    # One's own question scored against this criterion of the applied rubric
    # (by key: every version of a rubric keeps its criteria's keys); blank: its
    # answers are kept in the contact's notes only.
    criterion_key = models.CharField(max_length=40, blank=True)
    wording = models.CharField(max_length=WORDING_LENGTH)
    help_text = models.CharField(max_length=WORDING_LENGTH, blank=True)
    # intake_drafting.Option.as_dict() of each answer, in order.
    options = models.JSONField(default=list, blank=True)
    hidden = models.BooleanField(default=False)
    edited = models.BooleanField(default=False)
    # The applied rubric version the question was (re-)drafted for.
    rubric = models.ForeignKey(
        Rubric, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = IntakeQuestionQuerySet.as_manager()

    class Meta:
        ordering = ["page", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "key"], name="intakequestion_key_unique_per_page"
            ),
            models.CheckConstraint(
                condition=Q(source="own") | ~Q(fact=""),
                name="intakequestion_drafted_has_fact",
            ),
        ]

    def __str__(self) -> str:
        return self.wording

    def as_draft(self) -> intake_drafting.Question:
        """The question as the pure drafting and form modules read it."""
        return intake_drafting.Question(
            key=self.key,
            kind=intake_drafting.QuestionKind(self.kind),
            wording=self.wording,
            fact=self.fact,
            help_text=self.help_text,
            options=tuple(intake_drafting.Option.from_dict(o) for o in self.options),
            hidden=self.hidden,
            edited=self.edited,
            source=intake_drafting.Source(self.source),
            criterion_key=self.criterion_key,
        )

    def take(self, question: intake_drafting.Question) -> None:
        """Hold `question`'s wording, answers and flags (position aside)."""
        self.key = question.key
        self.kind = question.kind.value
        self.wording = question.wording
        self.fact = question.fact
        self.help_text = question.help_text
        self.options = [option.as_dict() for option in question.options]
        self.hidden = question.hidden
        self.edited = question.edited
        self.source = question.source.value
        self.criterion_key = question.criterion_key
