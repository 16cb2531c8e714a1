"""``pactmap territories``, ``pactmap users`` and ``pactmap tokens``: who may do what, where.

Every rule (the last admin, a token's expiry and name) is the services' (``pactmap.api.services``);
these commands parse, call one service as the local caller, and print.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from pactmap.graph.model import Role, TokenScope

from ..services import accounts, territories, tokens
from .common import LOCAL, err, opened_store

territories_app = typer.Typer(help="List (no subcommand) or create territories.")
users_app = typer.Typer(help="Manage users and their roles.", no_args_is_help=True)
tokens_app = typer.Typer(help="Manage API tokens for partner tools.", no_args_is_help=True)

Territory = Annotated[str, typer.Option(help="Territory id.")]


# ---------------------------------------------------------------- territories


@territories_app.callback()
def territories_list(ctx: typer.Context) -> None:
    """One line per territory: its id, a tab, its name."""
    if ctx.invoked_subcommand is not None:
        return
    with opened_store() as store:
        for node in territories.territories(store):
            typer.echo(f"{node.id}\t{node.label}")


@territories_app.command("create")
def territories_create(
    name: Annotated[str, typer.Argument(help="The territory's name.")],
    country: Annotated[str, typer.Option(help="Country.")] = "",
    description: Annotated[str, typer.Option(help="Description.")] = "",
) -> None:
    """Create a territory; prints its id on the last line."""
    fields = {"name": name, "country": country, "description": description}
    with opened_store() as store:
        node = territories.create_territory(store, LOCAL, fields)
    typer.echo(node.id)


# ---------------------------------------------------------------- users


@users_app.command("add")
def users_add(
    email: Annotated[str, typer.Argument(help="The user's e-mail.")],
    role: Annotated[Role, typer.Option(help="Role on the territory.")],
    territory: Territory,
    name: Annotated[str, typer.Option(help="Display name.")] = "",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from stdin.")
    ] = False,
) -> None:
    """Add a user (or give an existing one a role) on a territory.

    A new user without --password-stdin gets a random password, printed once. The last admin
    of a territory cannot be given a lesser role.
    """
    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    with opened_store() as store:
        added = accounts.add_user(
            store, LOCAL, territory, email, role, name=name, password=password
        )
    err.print(f"{added.user.email} is {role.value} on {territory}")
    if added.generated_password:
        typer.echo(f"password: {added.generated_password}")
    typer.echo(added.user.id)


@users_app.command("list")
def users_list(territory: Territory) -> None:
    """One line per member of a territory: user id, e-mail, role."""
    with opened_store() as store:
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
    territory: Territory,
    scope: Annotated[TokenScope, typer.Option(help="read or write.")],
    expires_in: Annotated[
        int | None, typer.Option(min=1, help="Days until it expires (default: never).")
    ] = None,
    name: Annotated[str, typer.Option(help="What the token is for.")] = "",
) -> None:
    """Create an API token; prints it (once; only its hash is kept) on the last line."""
    with opened_store() as store:
        plaintext, token = tokens.create_token(
            store, LOCAL, territory, scope, name=name, expires_in_days=expires_in
        )
    expiry = token.expires_at.date().isoformat() if token.expires_at else "never"
    err.print(f"token {token.id}: {scope.value} on {territory}, expires {expiry}")
    typer.echo(plaintext)


@tokens_app.command("list")
def tokens_list(territory: Territory) -> None:
    """One line per token: id, scope, name, expiry, revoked (never the token itself)."""
    with opened_store() as store:
        for token in tokens.tokens(store, LOCAL, territory):
            expires = token.expires_at.isoformat() if token.expires_at else "-"
            revoked = token.revoked_at.isoformat() if token.revoked_at else "-"
            typer.echo(f"{token.id}\t{token.scope.value}\t{token.name}\t{expires}\t{revoked}")


@tokens_app.command("revoke")
def tokens_revoke(token_id: Annotated[str, typer.Argument(help="The token's id.")]) -> None:
    """Revoke a token: it stops working at once."""
    with opened_store() as store:
        tokens.revoke_token(store, LOCAL, token_id, territory_id=None)
    err.print(f"revoked {token_id}")
