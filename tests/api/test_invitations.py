"""Joining a territory by invitation (issue 13: "`setMember` then tells whether an e-mail has an
account and adds anyone without consent"). An admin invites an e-mail and gets a token once;
the invitee, signed in with that e-mail, accepts it and becomes a member, once. Nothing answers
differently for an e-mail with an account and one without. On both stores."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pactmap.api.auth import Caller, caller_for_user
from pactmap.api.security import hash_token
from pactmap.graph.model import Role, utcnow

from .conftest import Api
from .test_cli import Cli
from .test_cli import pactmap as pactmap  # the fixture, shared

SET = """mutation($t: ID!, $e: String!) { setMember(territoryId: $t, email: $e, role: VIEWER) {
  __typename ... on ValidationError { message field } ... on NotFound { message } } }"""
INVITE = """mutation($t: ID!, $e: String!, $r: Role!) { inviteMember(territoryId: $t, email: $e, role: $r) {
  __typename ... on NewInvitation { token invitation { id email role expiresAt acceptedAt } }
  ... on ValidationError { message } } }"""
ACCEPT = """mutation($k: String!) { acceptInvitation(token: $k) {
  __typename ... on Membership { territoryId role } ... on NotFound { message } } }"""
HISTORY = """query($t: ID!) { history(territoryId: $t, first: 100) { edges { node {
  op target targetType byName before after } } } }"""


def invite(api: Api, admin: Caller, territory: str, email: str, role: str = "FACILITATOR") -> Any:
    return api.run(INVITE, admin, t=territory, e=email, r=role)["inviteMember"]


def shape(made: dict[str, Any]) -> tuple[Any, ...]:
    """What an invitation's answer looks like, the e-mail and token aside."""
    return made["__typename"], sorted(made["invitation"]), made["invitation"]["role"]


def fresh(api: Api, caller: Caller) -> Caller:
    assert caller.user is not None
    return caller_for_user(api.store, api.store.get_user(caller.user.id))


def test_set_member_answers_the_same_for_an_account_and_for_no_account(api: Api) -> None:
    territory = api.territory()
    admin = api.user("amira@example.org", {territory: Role.ADMIN})
    api.user("jonas@example.org")  # has an account, is not a member
    known = api.run(SET, admin, t=territory, e="jonas@example.org")["setMember"]
    unknown = api.run(SET, admin, t=territory, e="nobody@example.org")["setMember"]
    assert known["__typename"] == unknown["__typename"] == "ValidationError"
    assert known["message"].replace("jonas", "X") == unknown["message"].replace("nobody", "X")
    assert "invite" in known["message"]
    assert {m.user_id for m in api.store.memberships(territory_id=territory)} == {
        admin.user.id  # type: ignore[union-attr]
    }


def test_invite_answers_the_same_for_an_account_and_for_no_account(api: Api) -> None:
    territory = api.territory()
    admin = api.user("amira@example.org", {territory: Role.ADMIN})
    api.user("jonas@example.org")
    known = invite(api, admin, territory, "jonas@example.org")
    unknown = invite(api, admin, territory, "nobody@example.org")
    assert (
        shape(known)
        == shape(unknown)
        == (
            "NewInvitation",
            ["acceptedAt", "email", "expiresAt", "id", "role"],
            "FACILITATOR",
        )
    )


def test_the_invitee_accepts_once_and_becomes_a_member(api: Api) -> None:
    territory = api.territory()
    admin = api.user("amira@example.org", {territory: Role.ADMIN})
    jonas = api.user("jonas@example.org")
    made = invite(api, admin, territory, "Jonas@Example.org")
    token = made["token"]
    [stored] = api.store.invitations(territory)
    assert stored.token_hash == hash_token(token) and token not in stored.model_dump_json()
    assert made["invitation"]["email"] == "jonas@example.org"

    accepted = api.run(ACCEPT, jonas, k=token)["acceptInvitation"]
    assert accepted == {"__typename": "Membership", "territoryId": territory, "role": "FACILITATOR"}
    assert fresh(api, jonas).role_on(territory) is Role.FACILITATOR
    again = api.run(ACCEPT, fresh(api, jonas), k=token)["acceptInvitation"]
    assert again["__typename"] == "NotFound"


def test_a_token_for_someone_else_expired_or_unknown_gets_one_answer(api: Api) -> None:
    territory = api.territory()
    admin = api.user("amira@example.org", {territory: Role.ADMIN})
    mallory = api.user("mallory@example.org")
    jonas = api.user("jonas@example.org")
    for_jonas = invite(api, admin, territory, "jonas@example.org")["token"]
    late = invite(api, admin, territory, "jonas@example.org")["token"]
    answers = [
        api.run(ACCEPT, mallory, k=for_jonas)["acceptInvitation"],  # another e-mail
        api.run(ACCEPT, mallory, k="pmi_not-a-token")["acceptInvitation"],  # unknown
    ]
    # expired: the clock of the check is utcnow; move the stored expiry into the past
    [_, stored] = api.store.invitations(territory)
    past = stored.model_copy(
        update={
            "id": "inv-past",
            "token_hash": hash_token("pmi_past"),
            "expires_at": utcnow() - timedelta(seconds=1),
        }
    )
    api.store.create_invitation(past)
    answers.append(api.run(ACCEPT, jonas, k="pmi_past")["acceptInvitation"])
    assert len({str(a) for a in answers}) == 1 and answers[0]["__typename"] == "NotFound"
    assert mallory.user is not None
    assert fresh(api, mallory).role_on(territory) is None
    assert late  # still valid for jonas
    assert api.run(ACCEPT, jonas, k=late)["acceptInvitation"]["__typename"] == "Membership"


def test_only_admins_invite_and_only_signed_in_users_accept(api: Api) -> None:
    territory = api.territory()
    coordinator = api.user("cora@example.org", {territory: Role.COORDINATOR})
    refused = api.run(INVITE, coordinator, t=territory, e="x@example.org", r="ADMIN")[
        "inviteMember"
    ]
    assert refused["__typename"] == "PermissionDenied"
    anonymous = api.run(ACCEPT, Caller(), k="pmi_x")["acceptInvitation"]
    assert anonymous["__typename"] == "PermissionDenied"


def test_invitations_are_in_the_audit_log_without_e_mail_or_token(api: Api) -> None:
    territory = api.territory()
    admin = api.user("amira@example.org", {territory: Role.ADMIN})
    jonas = api.user("jonas@example.org")
    assert jonas.user is not None
    token = invite(api, admin, territory, "jonas@example.org")["token"]
    api.run(ACCEPT, jonas, k=token)
    edges = api.run(HISTORY, admin, t=territory)["history"]["edges"]
    entries = [e["node"] for e in edges if e["node"]["targetType"] != "Territory"]
    assert [(e["op"], e["targetType"], e["byName"]) for e in entries] == [
        ("CREATE", "Invitation", "amira"),
        ("CREATE", "Membership", "jonas"),
        ("UPDATE", "Invitation", "jonas"),
    ]
    assert entries[2]["after"]["accepted_by"] == jonas.user.id
    text = str(entries)
    assert "jonas@example.org" not in text and token not in text and hash_token(token) not in text


def test_the_command_line_invites(pactmap: Cli) -> None:
    territory = pactmap("territories", "create", "Valbourg").last_line
    made = pactmap(
        "users", "invite", "jonas@example.org", "--role", "viewer", "--territory", territory
    )
    assert made.code == 0, made.err
    assert made.last_line.startswith("pmi_")
    assert "jonas@example.org as viewer" in made.err
    store = pactmap.store()
    try:
        [stored] = store.invitations(territory)
        assert stored.token_hash == hash_token(made.last_line)
        assert stored.role is Role.VIEWER
    finally:
        store.close()


def test_deleting_a_territory_takes_its_invitations(api: Api) -> None:
    territory = api.territory()
    admin = api.user("amira@example.org", {territory: Role.ADMIN})
    jonas = api.user("jonas@example.org")
    token = invite(api, admin, territory, "jonas@example.org")["token"]
    api.store.delete(territory, expected_version=None, by="test")
    assert api.store.invitations(territory) == []
    assert api.run(ACCEPT, jonas, k=token)["acceptInvitation"]["__typename"] == "NotFound"
