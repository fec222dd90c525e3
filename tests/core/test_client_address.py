"""The client address that rate limits and login throttles count by, behind
zero, one or two trusted proxies (settings.TRUSTED_PROXY_COUNT)."""

import pytest
from django.test import RequestFactory, override_settings
from hypothesis import given
from hypothesis import strategies as st

from core.ratelimit import client_address


def request_from(remote: str, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        # No proxy trusted: the header is anyone's to write, so it is ignored.
        (0, "203.0.113.7", None, "203.0.113.7"),
        (0, "203.0.113.7", "198.51.100.1", "203.0.113.7"),
        # One proxy: the address it saw is the last one it appended.
        (1, "10.0.0.2", "198.51.100.1", "198.51.100.1"),
        # A client's own header is kept in front; only the proxy's entry counts.
        (1, "10.0.0.2", "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        (1, "10.0.0.2", "6.6.6.6,198.51.100.1", "198.51.100.1"),
        # Two proxies: the outer one's entry, then the inner one's (the outer
        # proxy's own address), so the client is second from the right.
        (2, "10.0.0.3", "198.51.100.1, 10.0.0.2", "198.51.100.1"),
        (2, "10.0.0.3", "6.6.6.6, 7.7.7.7, 198.51.100.1, 10.0.0.2", "198.51.100.1"),
        (1, "10.0.0.2", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_address_comes_through_the_trusted_proxies_only(
    settings, proxies, remote, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_address(request_from(remote, forwarded)) == expected


@pytest.mark.parametrize(
    "forwarded",
    [
        None,  # A request that reached the app without passing the proxy.
        "",
        "not-an-address",
        "198.51.100.1, <script>",
        "1.2.3.4, " + "9" * 500,
    ],
)
def test_a_missing_or_garbled_header_falls_back_to_the_connection(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request_from("10.0.0.2", forwarded)) == "10.0.0.2"


def test_fewer_entries_than_proxies_takes_the_farthest_one(settings):
    # Two proxies configured, but the request came in through the inner one
    # only: every entry there was written by a trusted proxy.
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request_from("10.0.0.3", "198.51.100.1")) == "198.51.100.1"


def test_spoofed_headers_do_not_spread_one_client_over_many_limits(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    seen = {
        client_address(request_from("10.0.0.2", f"6.6.6.{n}, 198.51.100.1"))
        for n in range(20)
    }
    assert seen == {"198.51.100.1"}


def test_no_request_counts_as_unknown():
    assert client_address(None) == "unknown"


def test_deploy_check_warns_behind_a_proxy_with_no_trusted_proxy(settings):
    from core.checks import check_trusted_proxies

    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXY_COUNT = 0
    assert [w.id for w in check_trusted_proxies()] == ["core.W001"]
    settings.TRUSTED_PROXY_COUNT = 1
    assert check_trusted_proxies() == []
    settings.SECURE_PROXY_SSL_HEADER = None
    settings.TRUSTED_PROXY_COUNT = 0
    assert check_trusted_proxies() == []


addresses = st.ip_addresses().map(str)
junk = st.text(alphabet=st.characters(blacklist_characters=","), max_size=40)


@given(
    proxies=st.integers(min_value=1, max_value=3),
    spoofed=st.lists(st.one_of(addresses, junk), max_size=5),
    client=addresses,
    hops=st.lists(addresses, min_size=3, max_size=3),
)
def test_whatever_a_client_writes_first_the_trusted_entry_wins(
    proxies, spoofed, client, hops
):
    # The client writes `spoofed`; the outermost proxy appends the client's
    # address and each inner proxy the address of the one before it.
    forwarded = ", ".join([*spoofed, client, *hops[: proxies - 1]])
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        assert client_address(request_from(hops[-1], forwarded)) == client
