"""Attacks on accounts and sessions: guessing passwords and user names (review item 6), tokens that live
for ever (7), pages kept in the browser's cache after log-out (8), and the session cookie a cross-site
link threw away (10). Account administration is driven through the real `recordkeeper user` CLI."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pipeline.catalog.accounts import Accounts
from pipeline.errors import InvalidChange
from pipeline.workspace import Workspace
from tests.security.conftest import PASSWORD, api, audit_actions, browser, csrf_of

pytestmark = pytest.mark.security


def user_cli(office, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "--home", str(office[0].home), "user", *args],
                          input=stdin, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def forget_failures(office):
    yield
    with Workspace.open(office[0]) as workspace, workspace.catalog.transaction():
        workspace.catalog.connection.execute("DELETE FROM login_failures")


def login(client, username: str, password: str):
    return client.post("/login", data={"username": username, "password": password, "next": "/"},
                       follow_redirects=False)


def test_repeated_wrong_passwords_lock_the_account_and_are_audited(app, office, forget_failures):
    client = browser(app)
    assert [login(client, "tess", f"guess number {n}").status_code for n in range(5)] == [401] * 5
    locked = login(client, "tess", PASSWORD)
    assert locked.status_code == 429 and "too many failed log-ins" in locked.text
    failures = [e for e in audit_actions(office[0]) if e["action"] == "login failed"]
    assert len(failures) == 6 and '"address": "testclient"' in failures[0]["details"]
    assert "locked out" in failures[-1]["details"]
    with Workspace.open(office[0]) as workspace, workspace.catalog.transaction():  # the lockout has passed
        workspace.catalog.connection.execute("UPDATE login_failures SET at = at - 3600")
    assert login(client, "tess", PASSWORD).status_code == 303


def test_one_address_trying_many_names_is_locked_out(app, forget_failures):
    client = browser(app)
    for n in range(20):
        login(client, f"user{n}", "password spraying attempt")
    assert login(client, "rosa", PASSWORD).status_code == 429


class CountingHasher:
    """The real Argon2 hasher, counting the password checks it makes."""

    def __init__(self, hasher) -> None:
        self.hasher, self.checks = hasher, []

    def verify(self, stored: str, password: str) -> bool:
        self.checks.append(stored)
        return self.hasher.verify(stored, password)

    def hash(self, password: str) -> str:
        return self.hasher.hash(password)


def test_unknown_user_names_cost_a_full_password_check(office, monkeypatch, forget_failures):
    from pipeline.catalog import passwords

    counting = CountingHasher(passwords._hasher)
    monkeypatch.setattr(passwords, "_hasher", counting)
    with Workspace.open(office[0]) as workspace:
        accounts = Accounts(workspace.catalog)
        assert accounts.authenticate("tess", "wrong password here") is None
        assert accounts.authenticate("nobody-at-all", "wrong password here") is None
    # The same Argon2id work for a name that exists and one that does not: timing tells nothing.
    assert len(counting.checks) == 2 and all(stored.startswith("$argon2id$") for stored in counting.checks)


def test_logout_is_audited_and_ends_the_session(app, office):
    client = browser(app, "rosa")
    client.post("/logout", data={"csrf": csrf_of(client)})
    assert audit_actions(office[0])[-1]["action"] == "logged out"
    assert client.get("/", follow_redirects=False).status_code == 303


@pytest.mark.parametrize(("username", "password", "why"), [
    ("newbie", "aaaaaaaaaaaa", "too easy to guess"), ("newbie", " " * 12, "too easy to guess"),
    ("newbie", "aaaaaaaaaa", "at least 12"), ("newbie.clerk", "newbie.clerk", "user name"),
    ("<b>x</b>", "violet mountain ferry 42", "not a usable user name"),
])
def test_weak_passwords_and_unsafe_user_names_are_refused(office, username, password, why):
    with Workspace.open(office[0]) as workspace, pytest.raises(InvalidChange, match=why):
        Accounts(workspace.catalog).add_user(username, password, "viewer", None, actor="t")


def test_user_add_on_the_command_line_explains_the_refusal(office):
    refused = user_cli(office, "add", "newbie", "--password-stdin", stdin="aaaaaaaaaaaa\n")
    assert refused.returncode == 2 and "too easy to guess" in refused.stdout + refused.stderr


def test_tokens_can_be_listed_revoked_and_expire(app, office):
    token = new_token(office, "tess")
    listed = user_cli(office, "tokens", "tess")
    token_id = listed.stdout.split()[0]
    assert listed.returncode == 0 and "expires" in listed.stdout
    assert api(app, token).get("/api/v1/status").status_code == 200
    assert user_cli(office, "revoke", "tess", token_id).returncode == 0
    assert api(app, token).get("/api/v1/status").status_code == 401
    expiring = new_token(office, "tess")
    with Workspace.open(office[0]) as workspace, workspace.catalog.transaction():
        workspace.catalog.connection.execute("UPDATE api_tokens SET expires_at = '2000-01-01T00:00:00+00:00'")
    expired = api(app, expiring).get("/api/v1/status")
    assert expired.status_code == 401 and "expired" in expired.json()["detail"]


def new_token(office, username: str) -> str:
    with Workspace.open(office[0]) as workspace:
        return Accounts(workspace.catalog).new_api_token(username, actor="test")


def test_a_new_password_ends_sessions_and_can_revoke_tokens(app, office):
    token, session = new_token(office, "rosa"), browser(app, "rosa")
    changed = user_cli(office, "passwd", "rosa", "--password-stdin", "--revoke-tokens", stdin=PASSWORD + " 2\n")
    assert changed.returncode == 0, changed.stderr
    assert api(app, token).get("/api/v1/status").status_code == 401
    assert session.get("/", follow_redirects=False).status_code == 303
    assert login(browser(app), "rosa", PASSWORD + " 2").status_code == 303


def test_a_disabled_user_is_out_at_once_and_a_role_change_applies_at_once(app, office):
    token, session = new_token(office, "vic"), browser(app, "vic")
    assert api(app, token).get("/api/v1/review").status_code == 403
    assert user_cli(office, "role", "vic", "technician").returncode == 0
    assert api(app, token).get("/api/v1/review").status_code == 200
    assert user_cli(office, "disable", "vic").returncode == 0
    assert api(app, token).get("/api/v1/status").status_code == 401
    assert session.get("/", follow_redirects=False).status_code == 303
    assert login(browser(app), "vic", PASSWORD).status_code == 401
    assert "disabled" in user_cli(office, "list").stdout


def test_authenticated_answers_are_never_cached(app, office):
    hostile, token = office[1]["hostile"], new_token(office, "tess")
    tess = browser(app, "tess")
    for response in (tess.get(f"/records/{hostile}"), tess.get(f"/records/{hostile}/pages/1.png"),
                     tess.get("/", params={"q": "complaint"}), api(app, token).get(f"/api/v1/records/{hostile}")):
        assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    assert "no-store" not in tess.get("/static/style.css").headers.get("cache-control", "")


def test_session_cookie_survives_a_link_from_another_site(app, office):
    answer = login(browser(app), "tess", PASSWORD)
    cookie = answer.headers["set-cookie"].lower()
    assert "samesite=lax" in cookie and "httponly" in cookie
    # A browser that did not send the cookie (as with SameSite=Strict on a cross-site link) is sent to log
    # in, and its cookie is left alone, so its other tabs stay logged in.
    followed = browser(app).get(f"/records/{office[1]['hostile']}", follow_redirects=False)
    assert followed.status_code == 303 and "set-cookie" not in followed.headers
