from django import forms

from accounts.models import User, Workspace
from audit.models import Action
from privacy.models import MAX_RETENTION_MONTHS, PrivacySettings


class EraseForm(forms.Form):
    keep_answers = forms.BooleanField(
        label="Keep their ratings and choices as anonymous figures",
        required=False,
        help_text="They stay in your survey results without any link to this "
        "person: no name, no email, no invitation, the date to the day only. "
        "Their written answers are deleted either way.",
    )
    confirm = forms.BooleanField(
        label="I understand this cannot be undone",
        error_messages={"required": "Tick this box to erase the person."},
    )


class PrivacySettingsForm(forms.ModelForm):
    class Meta:
        model = PrivacySettings
        fields = ["retention_months", "contact_email"]


class RetentionPreviewForm(forms.Form):
    months = forms.IntegerField(
        label="Months without activity",
        min_value=1,
        max_value=MAX_RETENTION_MONTHS,
    )


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        label="What", required=False, choices=[("", "Everything"), *Action.choices]
    )
    member = forms.ModelChoiceField(
        label="Who", required=False, queryset=User.objects.none(), empty_label="Anyone"
    )
    contact = forms.IntegerField(label="Contact number", required=False, min_value=1)
    since = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, workspace: Workspace, **kwargs):
        super().__init__(*args, **kwargs)
        # Current members; events of people who left stay under "Anyone".
        self.fields["member"].queryset = User.objects.filter(
            memberships__workspace=workspace
        ).order_by("email")

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", "The end date must not be before the start date.")
        return cleaned


class DeleteWorkspaceForm(forms.Form):
    name = forms.CharField(label="Type the workspace's name", max_length=120)

    def __init__(self, *args, workspace: Workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.workspace = workspace

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        if name.strip() != self.workspace.name.strip():
            raise forms.ValidationError(
                "That is not the workspace's name. Type it exactly as shown above."
            )
        return name
