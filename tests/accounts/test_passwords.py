import re

from django.urls import reverse


def test_password_change_needs_login(client, db):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_password_change_with_a_wrong_old_password_shows_an_error(owner_client):
    response = owner_client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "nope",
            "new_password1": "a-new-long-passphrase",
            "new_password2": "a-new-long-passphrase",
        },
    )
    assert response.status_code == 200
    assert "old password was entered incorrectly" in response.text


def test_password_change_works(owner_client, owner, password):
    response = owner_client.post(
        reverse("accounts:password_change"),
        {
            "old_password": password,
            "new_password1": "a-new-long-passphrase",
            "new_password2": "a-new-long-passphrase",
        },
    )
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password("a-new-long-passphrase")


def test_password_reset_emails_a_link_that_sets_a_new_password(
    client, owner, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:password_reset"), {"email": "olivia@example.com"}
        )
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["olivia@example.com"]
    assert "Reset your Ideal Customer password" in message.subject
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+)", message.body)[1]

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.text
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url,
        {
            "new_password1": "brand-new-passphrase",
            "new_password2": "brand-new-passphrase",
        },
    )
    assert done.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password("brand-new-passphrase")
    # The link works once.
    assert "no longer works" in client.get(link, follow=True).text


def test_password_reset_for_an_unknown_email_sends_nothing_and_says_the_same(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:password_reset"), {"email": "ghost@example.com"}
        )
    assert response.status_code == 302
    assert mailoutbox == []
