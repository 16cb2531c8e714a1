"""The rules of pactmap, once, between the transports (GraphQL, the command line) and the store.

One module per noun: :mod:`.accounts` (members, the last-admin rule, API tokens),
:mod:`.territories` (creating one, finding one), :mod:`.history` (the map at a moment, replayed
from the change log), :mod:`.cycles` and :mod:`.criteria` (the SPIRAL cycle),
:mod:`.sharing` (across territories), :mod:`.suggestions` (deciding on contract suggestions).
A service takes the store and the :class:`~pactmap.api.auth.Caller` and checks the caller's
role itself; resolvers and commands unpack their arguments, call one service and map the result.
The command line calls them as :data:`~pactmap.api.auth.LOCAL`, the operator, who may do anything.
"""
