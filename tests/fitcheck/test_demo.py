from django.core.management import call_command

from fitcheck.models import Contact, FitScore, IntakePage


def test_seed_demo_adds_scored_contacts_and_publishes_the_intake(db, client, capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    out = capsys.readouterr().out
    contacts = Contact.objects.filter(workspace__slug="demo-practice")
    assert contacts.filter(email__startswith="demo.contact").count() == 300
    assert set(contacts.values_list("stage", flat=True)) == {
        "prospect",
        "client",
        "past_client",
    }
    bands = set(FitScore.objects.values_list("band", flat=True))
    assert {"ideal", "not_a_fit"} <= bands
    page = IntakePage.objects.get(workspace__slug="demo-practice")
    assert page.published
    line = f"intake page: http://127.0.0.1:8000/fit/{page.workspace.slug}/"
    assert line in out.splitlines()
    assert client.get(f"/fit/{page.workspace.slug}/").status_code == 200
