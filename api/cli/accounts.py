"""``pactmap territories``, ``pactmap users`` and ``pactmap tokens``: who may do what, where."""

from __future__ import annotations

import secrets
import sys
from typing import Annotated

import typer
from pactmap.graph.errors import ValidationError
from pactmap.graph.model import NodeKind, Role, TokenScope

from ..auth import LOCAL
from ..security import check_password_strength
from ..services import accounts, invitations
from ..services import territories as places
from .common import err, opened_store

territories_app = typer.Typer(help="List (no subcommand) or create territories.")
users_app = typer.Typer(help="Manage users and their roles.", no_args_is_help=True)
tokens_app = typer.Typer(help="Manage API tokens for partner tools.", no_args_is_help=True)


# ---------------------------------------------------------------- territories


@territories_app.callback()
def territories(ctx: typer.Context) -> None:
    """One line per territory: its id, a tab, its name."""
    if ctx.invoked_subcommand is not None:
        return
    with opened_store() as store:
        after: str | None = None
        while True:
            page = store.list_nodes(NodeKind.TERRITORY, None, first=500, after=after)
            for node in page.items:
                typer.echo(f"{node.id}\t{node.label}")
            if not page.has_next_page:
                break
            after = page.end_cursor


@territories_app.command("create")
def territories_create(
    name: Annotated[str, typer.Argument(help="The territory's name.")],
    country: Annotated[str, typer.Option(help="Country.")] = "",
    description: Annotated[str, typer.Option(help="Description.")] = "",
) -> None:
    """Create a territory; prints its id on the last line."""
    fields = {"name": name, "country": country, "description": description}
    with opened_store() as store:
        node = places.create_territory(store, LOCAL, fields)
    typer.echo(node.id)


# ---------------------------------------------------------------- users


@users_app.command("add")
def users_add(
    email: Annotated[str, typer.Argument(help="The user's e-mail.")],
    role: Annotated[Role, typer.Option(help="Role on the territory.")],
    territory: Annotated[str, typer.Option(help="Territory id.")],
    name: Annotated[str, typer.Option(help="Display name.")] = "",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from stdin.")
    ] = False,
) -> None:
    """Add a user (or give an existing one a role) on a territory.

    A new user without --password-stdin gets a random password, printed once.
    """
    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    if password is not None and (weakness := check_password_strength(password)):
        raise ValidationError(weakness, field="password")
    with opened_store() as store:
        generated = None
        if password is None and store.find_user(email.strip().lower()) is None:
            password = generated = secrets.token_urlsafe(12)
        user, _ = accounts.add_user(
            store, LOCAL, territory, email, role, name=name, password=password
        )
    err.print(f"{user.email} is {role.value} on {territory}")
    if generated:
        typer.echo(f"password: {generated}")
    typer.echo(user.id)


@users_app.command("invite")
def users_invite(
    email: Annotated[str, typer.Argument(help="The invitee's e-mail.")],
    role: Annotated[Role, typer.Option(help="Role on the territory.")],
    territory: Annotated[str, typer.Option(help="Territory id.")],
    expires_in: Annotated[
        int, typer.Option(min=1, help="Days until it expires.")
    ] = invitations.INVITATION_DAYS,
) -> None:
    """Invite an e-mail to a role; prints the invitation token (once) on the last line. The
    invitee, signed in with that e-mail, accepts it with the acceptInvitation mutation."""
    with opened_store() as store:
        plaintext, made = invitations.invite(
            store, LOCAL, territory, email, role, expires_in_days=expires_in
        )
    err.print(
        f"invitation {made.id}: {made.email} as {role.value} on {territory}, "
        f"expires {made.expires_at.date().isoformat()}"
    )
    typer.echo(plaintext)


@users_app.command("list")
def users_list(territory: Annotated[str, typer.Option(help="Territory id.")]) -> None:
    """One line per member of a territory: user id, e-mail, role."""
    with opened_store() as store:
        places.territory(store, territory)
        for member in accounts.members(store, LOCAL, territory):
            typer.echo(f"{member.user.id}\t{member.user.email}\t{member.role.value}")


@users_app.command("erase")
def users_erase(email: Annotated[str, typer.Argument(help="The user's e-mail.")]) -> None:
    """Erase a user's personal data: the account, its memberships, sessions and tokens
    (the change log keeps only the opaque user id)."""
    with opened_store() as store:
        user = accounts.erase_user(store, LOCAL, email)
    err.print(f"erased {user.id}")


# ---------------------------------------------------------------- tokens


@tokens_app.command("create")
def tokens_create(
    territory: Annotated[str, typer.Option(help="Territory id.")],
    scope: Annotated[TokenScope, typer.Option(help="read or write.")],
    expires_in: Annotated[
        int | None, typer.Option(min=1, help="Days until it expires (default: never).")
    ] = None,
    name: Annotated[str, typer.Option(help="What the token is for.")] = "",
) -> None:
    """Create an API token; prints it (once; only its hash is kept) on the last line."""
    with opened_store() as store:
        plaintext, token = accounts.create_token(
            store, LOCAL, territory, scope, name=name, expires_in_days=expires_in
        )
    expiry = token.expires_at.date().isoformat() if token.expires_at else "never"
    err.print(f"token {token.id}: {scope.value} on {territory}, expires {expiry}")
    typer.echo(plaintext)


@tokens_app.command("list")
def tokens_list(territory: Annotated[str, typer.Option(help="Territory id.")]) -> None:
    """One line per token: id, scope, name, expiry, revoked (never the token itself)."""
    with opened_store() as store:
        places.territory(store, territory)
        for token in accounts.tokens(store, LOCAL, territory):
            expires = token.expires_at.isoformat() if token.expires_at else "-"
            revoked = token.revoked_at.isoformat() if token.revoked_at else "-"
            typer.echo(f"{token.id}\t{token.scope.value}\t{token.name}\t{expires}\t{revoked}")


@tokens_app.command("revoke")
def tokens_revoke(token_id: Annotated[str, typer.Argument(help="The token's id.")]) -> None:
    """Revoke a token: it stops working at once."""
    with opened_store() as store:
        accounts.revoke_token(store, LOCAL, token_id)
    err.print(f"revoked {token_id}")
