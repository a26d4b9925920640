"""`--as USER` proves who USER is: the password (terminal, --password-stdin or
COUNTER_APP_PASSWORD), or an OS account an admin allowed to act as one non-admin account.

Every CLI call here runs with ``as_password=False``: the runner gives no password of its own.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator

import pytest

from counter_app.cli import main
from counter_app.paths import AppPaths
from counter_app.services.automation import current_os_user
from tests import rawdb
from tests.conftest import ADMIN_PASSWORD, CLERK_PASSWORD, CliResult, run_cli
from tests.test_cli import _individual_statement_args

ME = current_os_user()
OTHER_OS_USER = "someone-else"


def _cli(*args: str, stdin: str = "") -> CliResult:
    return run_cli(*args, stdin=stdin, as_password=False)


def _count(sql: str) -> int:
    raw = rawdb.connect(AppPaths.default().database)
    try:
        return int(raw.execute(sql).fetchone()[0])
    finally:
        raw.close()


def _user_rows(ref: str) -> list[tuple[str, str, dict[str, object]]]:
    raw = rawdb.connect(AppPaths.default().database)
    try:
        rows = raw.execute(
            "SELECT action, username, details FROM audit_log WHERE entity = 'user' "
            "AND entity_ref = ? ORDER BY id",
            (ref,),
        ).fetchall()
    finally:
        raw.close()
    return [(a, u, json.loads(d)) for a, u, d in rows]


@pytest.fixture
def new_request(cli_station: CliResult) -> Iterator[list[str]]:
    """`request new` as clerk1, without its --as password (each test adds how it proves it)."""
    yield [
        "request", "new", "--service", "MOI-INDIVIDUAL-STATEMENT", "--national-id",
        "01020304050", "--name", "فاطمة عبد الله الأحمد", "--phone", "0933123456",
        *_individual_statement_args(), "--json", "--as", "clerk1",
    ]  # fmt: skip


def _requests() -> int:
    return _count("SELECT count(*) FROM requests")


def test_no_password_without_a_terminal_is_refused_and_says_how(
    new_request: list[str],
) -> None:
    audit = _count("SELECT count(*) FROM audit_log")
    res = _cli(*new_request)
    assert res.code == 2
    assert "needs that user's password" in res.err
    assert "--password-stdin" in res.err and "COUNTER_APP_PASSWORD" in res.err
    assert _requests() == 0 and _count("SELECT count(*) FROM audit_log") == audit
    # In the reader's language too.
    arabic = _cli("--lang", "ar", *new_request)
    assert arabic.code == 2 and "COUNTER_APP_PASSWORD" in arabic.err
    assert "needs that user's password" not in arabic.err


def test_a_wrong_password_is_refused_audited_and_counted(
    new_request: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COUNTER_APP_PASSWORD", "not-the-password")
    res = _cli(*new_request)
    assert (res.code, res.err.strip()) == (2, "Error: Wrong user name or password")
    assert _requests() == 0
    assert _user_rows("clerk1")[-1] == ("login.failed", "clerk1", {"via": "cli"})
    # An unknown user reads the same and leaves no trace.
    other = _cli(*new_request[:-1], "nobody")
    assert other.err == res.err and _user_rows("nobody") == []


def test_the_password_from_the_environment(
    new_request: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COUNTER_APP_PASSWORD", CLERK_PASSWORD)
    before = _count("SELECT count(*) FROM audit_log WHERE action LIKE 'login%'")
    res = _cli(*new_request)
    assert res.code == 0, res.err
    assert _requests() == 1
    # A good password with no failures before it writes no sign-in row.
    assert _count("SELECT count(*) FROM audit_log WHERE action LIKE 'login%'") == before


def test_the_password_from_stdin_before_or_after_the_command(new_request: list[str]) -> None:
    after = _cli(*new_request, "--password-stdin", stdin=CLERK_PASSWORD + "\n")
    assert after.code == 0, after.err
    before = _cli("--password-stdin", *new_request, stdin=CLERK_PASSWORD + "\r\n")
    assert before.code == 0, before.err
    assert _requests() == 2
    empty = _cli(*new_request, "--password-stdin", stdin="")
    assert empty.code == 2 and "no password on the first line" in empty.err
    assert _requests() == 2


def test_the_password_asked_at_a_terminal(
    new_request: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    prompts: list[str] = []

    def ask(prompt: str = "") -> str:
        prompts.append(prompt)
        return CLERK_PASSWORD

    monkeypatch.setattr("getpass.getpass", ask)
    monkeypatch.setattr(sys, "stdin", Terminal(""))
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert main(new_request) == 0
    assert prompts == ["Password for clerk1: "] and _requests() == 1


def test_user_add_takes_the_admins_password_first_and_the_new_one_after(
    cli_station: CliResult,
) -> None:
    res = _cli(
        "--password-stdin", "user", "add", "desk1", "--role", "reception", "--as", "admin",
        "--password-stdin", stdin=f"{ADMIN_PASSWORD}\ndesk-pass-123\n",
    )  # fmt: skip
    assert res.code == 0, res.err
    login = _cli("user", "login", "desk1", "--password-stdin", stdin="desk-pass-123\n")
    assert login.code == 0, login.err


def test_five_wrong_passwords_lock_then_an_admin_unlocks(
    new_request: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COUNTER_APP_PASSWORD", "not-the-password")
    for _ in range(5):
        assert "Wrong user name or password" in _cli(*new_request).err
    monkeypatch.setenv("COUNTER_APP_PASSWORD", CLERK_PASSWORD)
    locked = _cli(*new_request)
    assert locked.code == 2 and "locked until" in locked.err and _requests() == 0
    monkeypatch.setenv("COUNTER_APP_PASSWORD", ADMIN_PASSWORD)
    listed = json.loads(run_cli("user", "list", "--as", "admin", "--json").out)
    monkeypatch.setenv("COUNTER_APP_PASSWORD", CLERK_PASSWORD)
    assert [u["locked"] for u in listed if u["username"] == "clerk1"] == [True]
    assert [a for a, _, _ in _user_rows("clerk1")][-5:] == ["login.failed"] * 4 + ["login.locked"]

    # Clearing the users row from the shell does not help (tests/test_lockout_audit.py).
    raw = rawdb.connect(AppPaths.default().database)
    raw.execute("UPDATE users SET failed_logins = 0, locked_until = NULL")
    raw.commit()
    raw.close()
    assert "locked until" in _cli(*new_request).err

    refused = _cli("user", "unlock", "clerk1", "--as", "clerk1")
    assert refused.code == 2 and "locked" in refused.err
    monkeypatch.setenv("COUNTER_APP_PASSWORD", ADMIN_PASSWORD)
    done = _cli("user", "unlock", "clerk1", "--as", "admin")
    assert done.code == 0 and "unlocked" in done.out, done.err
    assert _user_rows("clerk1")[-1][:2] == ("user.unlock", "admin")
    again = _cli("user", "unlock", "clerk1", "--as", "admin")
    assert again.code == 2 and "not locked" in again.err
    monkeypatch.setenv("COUNTER_APP_PASSWORD", CLERK_PASSWORD)
    assert _cli(*new_request).code == 0 and _requests() == 1


def _allow(os_user: str, account: str) -> CliResult:
    return run_cli(
        "automation", "allow", "--os-user", os_user, "--account", account, "--as", "admin"
    )


def test_an_automation_account_acts_only_for_its_os_user_and_account(
    new_request: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    made = run_cli(
        "user", "add", "archive1", "--role", "archive", "--as", "admin", "--password-stdin",
        stdin="archive-pass-123\n",
    )  # fmt: skip
    assert made.code == 0, made.err
    res = _allow(ME, "clerk1")
    assert res.code == 0, res.err
    assert _user_rows("clerk1")[-1] == ("automation.allow", "admin", {"os_user": ME})

    # This process's OS account: clerk1 without a password, and nobody else.
    assert _cli(*new_request).code == 0 and _requests() == 1
    assert "needs that user's password" in _cli("user", "unlock", "clerk1", "--as", "admin").err
    box = ("archive", "box", "add", "B1", "--shelf", "A1", "--as", "archive1")
    assert "needs that user's password" in _cli(*box).err

    # Another OS account's grant is not ours, whatever $USER or $LOGNAME say.
    assert _allow(OTHER_OS_USER, "archive1").code == 0
    monkeypatch.setenv("USER", OTHER_OS_USER)
    monkeypatch.setenv("LOGNAME", OTHER_OS_USER)
    monkeypatch.setenv("USERNAME", OTHER_OS_USER)
    assert "needs that user's password" in _cli(*box).err

    listed = json.loads(run_cli("automation", "list", "--as", "admin", "--json").out)
    assert listed == sorted(
        [{"os_user": ME, "account": "clerk1"}, {"os_user": OTHER_OS_USER, "account": "archive1"}],
        key=lambda g: g["os_user"],
    )


def test_automation_is_refused_for_admin_and_supervisor_accounts(cli_station: CliResult) -> None:
    made = run_cli(
        "user", "add", "boss", "--role", "supervisor", "--as", "admin", "--password-stdin",
        stdin="boss-pass-789\n",
    )  # fmt: skip
    assert made.code == 0, made.err
    audit = _count("SELECT count(*) FROM audit_log")
    for account in ("admin", "boss"):
        res = _allow(ME, account)
        assert res.code == 2 and "cannot act without a password" in res.err, res.err
    by_clerk = run_cli(
        "automation", "allow", "--os-user", ME, "--account", "clerk1", "--as", "clerk1"
    )
    assert by_clerk.code == 2 and "not allowed" in by_clerk.err
    assert _allow(ME, "nobody").code == 2
    assert _allow(" ", "clerk1").code == 2
    assert _count("SELECT count(*) FROM audit_log") == audit
    assert _count("SELECT count(*) FROM settings WHERE key = 'automation.accounts'") == 0
    assert json.loads(run_cli("automation", "list", "--as", "admin", "--json").out) == []


def test_a_revoked_grant_and_a_forged_one_grant_nothing(new_request: list[str]) -> None:
    assert _allow(ME, "clerk1").code == 0
    assert _allow(ME, "clerk1").code == 2  # already: nothing written twice
    revoked = run_cli("automation", "revoke", "--os-user", ME, "--as", "admin")
    assert revoked.code == 0, revoked.err
    assert _user_rows("clerk1")[-1] == ("automation.revoke", "admin", {"os_user": ME})
    assert "needs that user's password" in _cli(*new_request).err
    again = run_cli("automation", "revoke", "--os-user", ME, "--as", "admin")
    assert again.code == 2 and "no automation account" in again.err

    # The setting written back from the shell: the audit log still says revoked.
    raw = rawdb.connect(AppPaths.default().database)
    raw.execute(
        "UPDATE settings SET value = ? WHERE key = 'automation.accounts'",
        (json.dumps({ME: "clerk1"}),),
    )
    raw.commit()
    raw.close()
    assert "needs that user's password" in _cli(*new_request).err
    assert _requests() == 0


def test_moving_an_os_users_grant_revokes_the_old_account(new_request: list[str]) -> None:
    made = run_cli(
        "user", "add", "desk1", "--role", "reception", "--as", "admin", "--password-stdin",
        stdin="desk-pass-123\n",
    )  # fmt: skip
    assert made.code == 0, made.err
    assert _allow(ME, "clerk1").code == 0
    assert _allow(ME, "desk1").code == 0
    assert _user_rows("clerk1")[-1][0] == "automation.revoke"
    assert "needs that user's password" in _cli(*new_request).err


def test_commands_that_need_no_person_need_no_password(cli_station: CliResult) -> None:
    assert _cli("status").code == 0
    assert _cli("catalog", "list", "--json").code == 0
    # Reading the station's records is a person's act like writing them (services/access.py).
    for read in (("user", "list"), ("search", "0944"), ("sync-status",), ("print-queue",)):
        res = _cli(*read, "--as", "clerk1")
        assert res.code == 2 and "needs that user's password" in res.err, (read, res.err)


def test_a_user_called_like_a_role_is_named_as_is(cli_station: CliResult) -> None:
    """The first admin is called "admin", also a role's msgid: the message keeps the name."""
    for lang in ("en", "ar"):
        res = _cli("--lang", lang, "user", "unlock", "clerk1", "--as", "admin")
        assert res.code == 2 and "admin" in res.err, res.err
        assert "Administrator" not in res.err
