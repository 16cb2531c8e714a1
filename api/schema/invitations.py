# mypy: disable-error-code="untyped-decorator"
"""Invitations: an admin invites an e-mail to a role and gets a token, shown once, to pass on;
the invitee, signed in, accepts it and becomes a member
(:mod:`pactmap.api.services.invitations`)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from pactmap.graph import model
from pactmap.graph.model import Role

from ..services import invitations
from .accounts import Membership, admin_user
from .nodes import Info
from .results import NotFound, PermissionDenied, ValidationError, attempt


@strawberry.type(name="Invitation")
class InvitationInfo:
    id: strawberry.ID
    territory_id: strawberry.ID
    email: str
    role: Role
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None

    @classmethod
    def from_model(cls, invitation: model.Invitation) -> InvitationInfo:
        return cls(
            id=strawberry.ID(invitation.id),
            territory_id=strawberry.ID(invitation.territory_id),
            email=invitation.email,
            role=invitation.role,
            created_at=invitation.created_at,
            expires_at=invitation.expires_at,
            accepted_at=invitation.accepted_at,
        )


@strawberry.type(
    description="A new invitation: `token` is shown this once; give it to the invitee."
)
class NewInvitation:
    token: str
    invitation: InvitationInfo


NewInvitationResult = Annotated[
    NewInvitation | ValidationError | NotFound | PermissionDenied,
    strawberry.union("NewInvitationResult"),
]
AcceptResult = Annotated[
    Membership | ValidationError | NotFound | PermissionDenied,
    strawberry.union("AcceptInvitationResult"),
]


@strawberry.type
class InvitationQuery:
    @strawberry.field(description="A territory's invitations, never their tokens (admins only).")
    async def invitations(self, info: Info, territory_id: strawberry.ID) -> list[InvitationInfo]:
        ctx = info.context
        admin_user(info)
        found = await ctx.call(invitations.invitations, ctx.store, ctx.caller, territory_id)
        return [InvitationInfo.from_model(i) for i in found]


@strawberry.type
class InvitationMutation:
    @strawberry.mutation(
        description="Invite an e-mail to a role (admins): the answer is the same whether the "
        "e-mail has an account or not."
    )
    async def invite_member(
        self,
        info: Info,
        territory_id: strawberry.ID,
        email: str,
        role: Role,
        expires_in_days: int = invitations.INVITATION_DAYS,
    ) -> NewInvitationResult:
        ctx = info.context

        async def work() -> NewInvitation:
            admin_user(info)
            plaintext, made = await ctx.call(
                invitations.invite,
                ctx.store,
                ctx.caller,
                territory_id,
                email,
                role,
                expires_in_days=expires_in_days,
            )
            return NewInvitation(token=plaintext, invitation=InvitationInfo.from_model(made))

        return await attempt(work)  # type: ignore[return-value]

    @strawberry.mutation(
        description="Accept an invitation made for your e-mail: you become a member with its role."
    )
    async def accept_invitation(self, info: Info, token: str) -> AcceptResult:
        ctx = info.context

        async def work() -> Membership:
            found = await ctx.call(invitations.accept, ctx.store, ctx.caller, token)
            return Membership(territory_id=strawberry.ID(found.territory_id), role=found.role)

        return await attempt(work)  # type: ignore[return-value]
