"""A hard look at current clients: who fits, and whom to replace gradually."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core.access import for_workspace, get_for_workspace, workspace_required
from fitcheck.forms import PhaseOutForm
from fitcheck.models import PHASE_OUT_BANDS, Band, Contact, FitScore

UNSCORED = "unscored"
GROUP_LABELS = {**dict(Band.choices), UNSCORED: "Not scored yet"}
BAND_RANK = {band: rank for rank, band in enumerate(Band.values)}


@dataclass
class Row:
    contact: Contact
    best: FitScore | None
    form: PhaseOutForm

    @property
    def offer_phase_out(self) -> bool:
        return self.form.best_band in PHASE_OUT_BANDS


@dataclass
class Group:
    key: str
    label: str
    rows: list[Row]


@workspace_required
@require_GET
def client_review(request: HttpRequest) -> HttpResponse:
    return _review_page(request)


@workspace_required
@require_POST
def client_phase_out(request: HttpRequest, contact_id: int) -> HttpResponse:
    clients = Contact.objects.clients().with_scores()
    contact = get_for_workspace(request, clients, pk=contact_id)
    form = _form(contact, _best(contact), data=request.POST)
    if not form.is_valid():
        return _review_page(request, failed=form, status=400)
    # Only these two fields: the contact's facts, and so its scores, are unchanged.
    form.save(commit=False).save(update_fields=["phase_out", "phase_out_note"])
    if contact.phase_out:
        messages.success(request, f"{contact.name} is marked to phase out gradually.")
    else:
        messages.success(request, f"{contact.name} is no longer marked to phase out.")
    return redirect(f"{reverse('fitcheck:client_review')}#client-{contact.pk}")


def _review_page(
    request: HttpRequest, failed: PhaseOutForm | None = None, status: int = 200
) -> HttpResponse:
    clients = for_workspace(request, Contact).clients().with_scores()
    groups = _groups(clients.order_by("name", "pk"), failed)
    context = {
        "groups": [group for group in groups if group.rows],
        "counts": [(group.label, len(group.rows)) for group in groups],
        "total": sum(len(group.rows) for group in groups),
    }
    return render(request, "fitcheck/client_review.html", context, status=status)


def _groups(clients: Iterable[Contact], failed: PhaseOutForm | None) -> list[Group]:
    groups = {key: Group(key, label, []) for key, label in GROUP_LABELS.items()}
    for contact in clients:
        best = _best(contact)
        if failed is not None and failed.instance.pk == contact.pk:
            form = failed
        else:
            form = _form(contact, best)
        key = best.effective_band if best else UNSCORED
        groups[key].rows.append(Row(contact, best, form))
    return list(groups.values())


def _form(contact: Contact, best: FitScore | None, data=None) -> PhaseOutForm:
    band = best.effective_band if best else None
    return PhaseOutForm(
        data, instance=contact, auto_id=_auto_id(contact), best_band=band
    )


def _best(contact: Contact) -> FitScore | None:
    """The persona the client fits best: the better band first, then the score
    (a high score knocked out by a deal-breaker is still not a fit)."""
    return min(
        contact.scores.all(),
        key=lambda score: (BAND_RANK[score.effective_band], -score.score),
        default=None,
    )


def _auto_id(contact: Contact) -> str:
    # One form per client on the page: ids must not repeat.
    return f"id_client{contact.pk}_%s"
