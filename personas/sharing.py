"""The read-only share link of a persona's one-pager.

The owner's page makes, replaces and deletes the link; the public pages show the
one-pager to anyone who has it, without an account. The token is shown once, in
the response to the POST that made it (only its SHA-256 is stored, and a message
or session would keep it server-side or in a cookie).

Every public response, the 404 included, sends `X-Robots-Tag: noindex` (the page
also says so in a meta tag), `Referrer-Policy: no-referrer`, so the token in the
address never leaves in a Referer header, and `Cache-Control: no-store`, so a
revoked link leaves no copy behind. An unknown token and a revoked one get the
same 404.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_http_methods

from accounts import tokens
from core.access import get_for_workspace, workspace_required
from personas import profile, services
from personas.forms import ShareForm
from personas.models import Persona


@workspace_required
@require_http_methods(["GET", "POST"])
def persona_share(request: HttpRequest, persona_id: int) -> HttpResponse:
    persona = get_for_workspace(
        request, Persona.objects.select_related("share_link"), pk=persona_id
    )
    form = ShareForm(request.POST or None)
    context = {"persona": persona, "form": form, "link": None}
    if form.is_valid() and form.cleaned_data["action"] == ShareForm.CREATE:
        token = services.share(persona=persona, user=request.user)
        link = request.build_absolute_uri(reverse("personas:shared", args=[token]))
        return render(request, "personas/persona_share.html", context | {"link": link})
    if form.is_valid():
        if services.stop_sharing(persona=persona):
            messages.success(request, "Sharing stopped: the link no longer works.")
        else:
            messages.info(request, f"{persona.name} was not shared.")
        return redirect("personas:share", persona.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "personas/persona_share.html", context, status=status)


def public_page(view: Callable) -> Callable:
    """GET only, and the headers above on every response, the 404 included."""
    allowed = require_GET(view)

    @wraps(view)
    def wrapper(request: HttpRequest, token: str) -> HttpResponse:
        persona = _shared_persona(token)
        if persona is None:
            response = render(request, "404.html", status=404)
        else:
            response = allowed(request, persona, token)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
        add_never_cache_headers(response)
        return response

    return wrapper


def _shared_persona(token: str) -> Persona | None:
    if len(token) > 100:
        return None
    digest = tokens.hash_token(token)
    return Persona.objects.with_parts().filter(share_link__token_hash=digest).first()


@public_page
def shared_persona(request: HttpRequest, persona: Persona, token: str) -> HttpResponse:
    photo_url = reverse("personas:shared_photo", args=[token]) if persona.photo else ""
    # Counts and "assumption" only: clients' own words stay inside the practice.
    evidence = profile.part_evidence(persona, with_quotes=False)
    context = profile.page(persona, photo_url=photo_url, evidence=evidence)
    return render(request, "personas/persona_shared.html", context)


@public_page
def shared_photo(request: HttpRequest, persona: Persona, token: str) -> HttpResponse:
    if not persona.photo:
        return render(request, "404.html", status=404)
    try:
        return FileResponse(persona.photo.open("rb"))
    except FileNotFoundError:
        return render(request, "404.html", status=404)
