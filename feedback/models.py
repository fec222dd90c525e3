from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Lower, RowNumber, Trim
from django.urls import reverse

from accounts.models import Workspace
from fitcheck.models import Contact
from personas.models import Dream, Pain, Persona

DEFAULT_EXPIRY_DAYS = 30
MAX_REMINDERS = 2
EMAIL_TEXT_MAX = 2000


class SurveyQuerySet(models.QuerySet):
    def for_workspace(self, workspace: Workspace) -> "SurveyQuerySet":
        return self.filter(workspace=workspace)

    def with_counts(self) -> "SurveyQuerySet":
        """The survey list's numbers: questions, invited, answered."""
        return self.annotate(
            question_count=_count_per_survey(Question.objects.all()),
            invited=_count_per_survey(Invitation.objects.all()),
            answered=_count_per_survey(
                Invitation.objects.filter(status=Invitation.Status.ANSWERED)
            ),
        )


def _count_per_survey(queryset: models.QuerySet) -> Coalesce:
    """A per-survey count as a subquery: joining questions and invitations in one
    query would multiply their rows."""
    counted = (
        queryset.filter(survey=OuterRef("pk"))
        .order_by()
        .values("survey")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


class Survey(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="surveys"
    )
    title = models.CharField(max_length=150)
    introduction = models.TextField(blank=True)
    thank_you = models.TextField(
        default="Thank you for taking the time. Your answers help us serve you better."
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    closes_on = models.DateField(null=True, blank=True, help_text="Optional.")
    anonymous = models.BooleanField(
        default=False,
        help_text="Store answers without who gave them; only whether each invitation "
        "was answered is kept.",
    )
    persona = models.ForeignKey(
        Persona,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="For a persona validation survey: the persona it tests.",
    )
    remind_after_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="Optional: remind those who have not answered after this many days "
        f"(at most {MAX_REMINDERS} reminders).",
    )
    # Blank means the product's wording (feedback.emails), which names the practice.
    invitation_text = models.CharField(
        max_length=EMAIL_TEXT_MAX,
        blank=True,
        help_text="The message of the invitation email, after the greeting.",
    )
    reminder_text = models.CharField(
        max_length=EMAIL_TEXT_MAX,
        blank=True,
        help_text="The message of a reminder email, after the greeting.",
    )
    # A public link anyone can answer anonymously (rate limited); only its hash.
    public_token_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["public_token_hash"],
                condition=~Q(public_token_hash=""),
                name="survey_public_token_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("feedback:survey_detail", args=[self.pk])


class QuestionQuerySet(models.QuerySet):
    def for_workspace(self, workspace: Workspace) -> "QuestionQuerySet":
        return self.filter(survey__workspace=workspace)


class Question(models.Model):
    class Kind(models.TextChoices):
        RATING = "rating", "Rating 1 to 5"
        NPS = "nps", "Recommend score 0 to 10 (NPS)"
        SINGLE = "single", "One choice"
        MULTIPLE = "multiple", "Several choices"
        YES_NO = "yes_no", "Yes or no"
        SHORT_TEXT = "short_text", "Short text"
        LONG_TEXT = "long_text", "Long text"

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=12, choices=Kind)
    text = models.CharField(max_length=300)
    help_text = models.CharField(max_length=300, blank=True)
    required = models.BooleanField(default=False)
    choices = ArrayField(
        models.CharField(max_length=150),
        default=list,
        blank=True,
        help_text="For choice questions: one option per line.",
    )
    # Persona validation questions stay linked to what they test.
    pain = models.ForeignKey(
        Pain, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dream = models.ForeignKey(
        Dream, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class SuppressionQuerySet(models.QuerySet):
    def for_workspace(self, workspace: Workspace) -> "SuppressionQuerySet":
        return self.filter(workspace=workspace)


class Suppression(models.Model):
    """An address this workspace never emails again."""

    class Reason(models.TextChoices):
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed through a link"
        BOUNCED = "bounced", "Bounced"
        ASKED = "asked", "Asked not to be emailed"
        OTHER = "other", "Other"

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    reason = models.CharField(max_length=15, choices=Reason)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SuppressionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                "workspace", Lower("email"), name="suppression_unique_per_workspace"
            ),
        ]

    def __str__(self) -> str:
        return self.email


class InvitationQuerySet(models.QuerySet):
    def for_workspace(self, workspace: Workspace) -> "InvitationQuerySet":
        return self.filter(survey__workspace=workspace)

    def count_by_status(self) -> dict[str, int]:
        """{status: how many} in one query (statuses with none are left out)."""
        rows = self.order_by().values("status").annotate(n=models.Count("pk"))
        return dict(rows.values_list("status", "n"))


class Invitation(models.Model):
    """One survey sent to one contact. Delivery state lives here (not in the task
    queue), so a stopped worker loses nothing and nothing is sent twice."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        OPENED = "opened", "Opened"
        ANSWERED = "answered", "Answered"
        FAILED = "failed", "Failed"

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="invitations"
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="invitations"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # After a failed try of the first email: not to be tried again before this
    # (core.outbox.retry_delay); upkeep hands it to the worker then.
    retry_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(MAX_REMINDERS)]
    )
    last_emailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "contact"], name="invitation_unique_per_contact"
            ),
            models.CheckConstraint(
                condition=Q(reminders_sent__lte=MAX_REMINDERS),
                name="invitation_at_most_two_reminders",
            ),
        ]
        indexes = [models.Index(fields=["survey", "status"])]

    def __str__(self) -> str:
        return f"{self.survey} → {self.contact_id}"


class InvitationToken(models.Model):
    """A link emailed for an invitation (the first email and each reminder get
    their own). Only the SHA-256 of the random token is stored."""

    invitation = models.ForeignKey(
        Invitation, on_delete=models.CASCADE, related_name="tokens"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Token of invitation {self.invitation_id}"


class ResponseQuerySet(models.QuerySet):
    def for_workspace(self, workspace: Workspace) -> "ResponseQuerySet":
        return self.filter(survey__workspace=workspace)

    def matching_fit(self, *, band: str = "", persona=None) -> "ResponseQuerySet":
        """Responses whose contact has a fit score with this band and/or persona
        (anonymous responses have no contact, so they never match a filter)."""
        score_filter = {}
        if band:
            score_filter["contact__scores__band"] = band
        if persona is not None:
            score_filter["contact__scores__persona"] = persona
        return self.filter(**score_filter).distinct() if score_filter else self


class Response(models.Model):
    """A submitted survey. For an anonymous survey neither the invitation nor the
    contact is kept, and the time is kept to the day only."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses"
    )
    invitation = models.OneToOneField(
        Invitation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="response",
    )
    contact = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
    )
    submitted_at = models.DateTimeField()

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["survey", "submitted_at"])]

    def __str__(self) -> str:
        return f"Response {self.pk} to {self.survey}"

    def get_absolute_url(self) -> str:
        return reverse("feedback:response_detail", args=[self.pk])


def normalised_text(text: models.Expression | None = None) -> models.Func:
    """A text answer as grouping compares it: lower case, runs of white space
    as one space, none at the ends ("Great  coach" and "great coach" are one).
    Worked out by PostgreSQL alone, so every comparison agrees with it."""
    collapsed = models.Func(
        models.F("text") if text is None else text,
        models.Value(r"\s+"),
        models.Value(" "),
        models.Value("g"),
        function="regexp_replace",
        output_field=models.TextField(),
    )
    return Lower(Trim(collapsed))


class AnswerQuerySet(models.QuerySet):
    def for_workspace(self, workspace: Workspace) -> "AnswerQuerySet":
        return self.filter(question__survey__workspace=workspace)

    def answered_counts(self) -> dict[int, int]:
        """{question id: how many answered it} in one query. An answer row is
        stored only for a question that was answered, so this counts responses
        that answered each question."""
        rows = self.order_by().values_list("question_id").annotate(n=Count("pk"))
        return dict(rows)

    def respondent_counts(self) -> dict[int, int]:
        """{question id: responses that chose at least one option}."""
        return self.exclude(choices=[]).answered_counts()

    def text_groups(self) -> "AnswerQuerySet":
        """Text answers grouped by their normalised text (one row per question
        and text): how many gave it, the latest date, a sample of the words as
        typed and the id of one answer of the group (to act on the group)."""
        return (
            self.exclude(text="")
            .annotate(key=normalised_text())
            .order_by()
            .values("question_id", "key")
            .annotate(
                n=Count("pk"),
                latest=models.Max("response__submitted_at"),
                sample=models.Min("text"),
                answer_id=models.Min("pk"),
            )
        )

    def number_counts(self) -> dict[int, dict[int, int]]:
        """{question id: {answer number: how many}} in one query."""
        rows = (
            self.filter(number__isnull=False)
            .values_list("question_id", "number")
            .annotate(n=models.Count("pk"))
            .order_by()
        )
        counts: dict[int, dict[int, int]] = {}
        for question_id, number, n in rows:
            counts.setdefault(question_id, {})[number] = n
        return counts

    def choice_counts(self) -> dict[int, dict[str, int]]:
        """{question id: {choice: how many}} in one query (choices unnested)."""
        rows = (
            self.annotate(choice=models.Func(models.F("choices"), function="unnest"))
            .values_list("question_id", "choice")
            .annotate(n=models.Count("pk"))
            .order_by()
        )
        counts: dict[int, dict[str, int]] = {}
        for question_id, choice, n in rows:
            counts.setdefault(question_id, {})[choice] = n
        return counts

    def texts(self, *, search: str = "", per_question: int = 50):
        """The newest text answers, at most `per_question` for each question."""
        answers = self.exclude(text="")
        if search:
            answers = answers.filter(text__icontains=search)
        ranked = answers.annotate(
            rank=models.Window(
                RowNumber(),
                partition_by=[models.F("question_id")],
                order_by=[
                    models.F("response__submitted_at").desc(),
                    models.F("pk").desc(),
                ],
            )
        )
        return (
            ranked.filter(rank__lte=per_question)
            .select_related("response")
            .only("question_id", "text", "response__id", "response__submitted_at")
        )


class Answer(models.Model):
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers"
    )
    number = models.SmallIntegerField(null=True, blank=True)
    choices = ArrayField(models.CharField(max_length=150), default=list, blank=True)
    text = models.TextField(blank=True)
    themes = models.ManyToManyField(
        "Theme", through="AnswerTheme", related_name="answers", blank=True
    )

    objects = AnswerQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="answer_one_per_question"
            ),
        ]
        indexes = [models.Index(fields=["question", "number"])]

    def __str__(self) -> str:
        return f"Answer to {self.question_id}"


class ThemeQuerySet(models.QuerySet):
    def for_workspace(self, workspace: Workspace) -> "ThemeQuerySet":
        return self.filter(workspace=workspace)

    def for_survey(self, survey: Survey) -> "ThemeQuerySet":
        """The themes a survey's answers can be tagged with: its own and the
        workspace's."""
        return self.filter(workspace_id=survey.workspace_id).filter(
            Q(survey__isnull=True) | Q(survey=survey)
        )


class Theme(models.Model):
    """A label for what text answers are about ("price", "evening sessions"),
    for one survey or for every survey of the workspace."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    survey = models.ForeignKey(
        Survey,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="themes",
        help_text="Empty for a theme of every survey of the workspace.",
    )
    name = models.CharField(max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                "workspace",
                "survey",
                Lower("name"),
                nulls_distinct=False,
                name="theme_name_unique_per_scope",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AnswerThemeQuerySet(models.QuerySet):
    def for_workspace(self, workspace: Workspace) -> "AnswerThemeQuerySet":
        return self.filter(theme__workspace=workspace)


class AnswerTheme(models.Model):
    """One answer tagged with one theme."""

    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, related_name="theme_links"
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.CASCADE, related_name="answer_links"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AnswerThemeQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["answer", "theme"], name="answer_theme_once"
            ),
        ]
        indexes = [models.Index(fields=["theme", "answer"])]

    def __str__(self) -> str:
        return f"Answer {self.answer_id} is about {self.theme_id}"


class PinnedAnswerQuerySet(models.QuerySet):
    def for_workspace(self, workspace: Workspace) -> "PinnedAnswerQuerySet":
        return self.filter(answer__question__survey__workspace=workspace)

    def of_answers(self, answers: models.QuerySet) -> "PinnedAnswerQuerySet":
        return self.filter(answer__in=answers)


class PinnedAnswer(models.Model):
    """A client's answer pinned to a pain or a dream of a persona: the answer's
    words show under it on the persona's profile as a quote, and the client who
    gave it counts as confirming it (feedback/confirmation.py).

    The quote is the answer's own text, never a copy: erasing the person (or
    their free-text answers) deletes their answers and so their pins."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="pins")
    pain = models.ForeignKey(
        Pain, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    dream = models.ForeignKey(
        Dream, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    pinned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PinnedAnswerQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pain__isnull=True, dream__isnull=False)
                | Q(pain__isnull=False, dream__isnull=True),
                name="pinned_answer_to_one_field",
            ),
            models.UniqueConstraint(
                fields=["answer", "pain"],
                condition=Q(pain__isnull=False),
                name="pinned_answer_once_per_pain",
            ),
            models.UniqueConstraint(
                fields=["answer", "dream"],
                condition=Q(dream__isnull=False),
                name="pinned_answer_once_per_dream",
            ),
        ]

    def __str__(self) -> str:
        field = f"pain {self.pain_id}" if self.pain_id else f"dream {self.dream_id}"
        return f"Answer {self.answer_id} pinned to {field}"


class EvidenceSummaryQuerySet(models.QuerySet):
    def for_workspace(self, workspace: Workspace) -> "EvidenceSummaryQuerySet":
        return self.filter(workspace=workspace)


class EvidenceSummary(models.Model):
    """A persona's Evidence page's counts, worked out in the worker
    (feedback/services/evidence.py): counted live, the page read a client's
    every answer and score, a second at 10,000 clients (20 s for the criteria
    table); read from here it opens as fast at 10,000 clients as at 100."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    persona = models.OneToOneField(
        Persona, on_delete=models.CASCADE, related_name="evidence_summary"
    )
    # Counts only (see feedback.queries.evidence_counts): no one's answers or name.
    counts = models.JSONField(default=dict)
    computed_at = models.DateTimeField(null=True, blank=True)
    requested_at = models.DateTimeField(null=True, blank=True)

    objects = EvidenceSummaryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "evidence summaries"

    def __str__(self) -> str:
        return f"Evidence of {self.persona_id}"
