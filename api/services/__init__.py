"""The rules of pactmap, each in one place: who may do what (through the :class:`Caller`),
what a change must respect, and what it takes back when it fails half-way.

GraphQL resolvers (``pactmap.api.schema``) and ``pactmap`` commands (``pactmap.api.cli``) both
call these functions and keep no rule of their own. A service takes the store and the caller
first, checks the caller, and raises a :class:`~pactmap.graph.errors.PactmapError` (``Denied``,
``NotFound``, ``ValidationError``, ...) for an expected failure. The command line is a
:func:`~pactmap.api.auth.local_caller`. Services are synchronous: the API runs them in a
thread pool (``Context.call``).

One module per noun: :mod:`.territories` (reaching a territory, creating one),
:mod:`.accounts` (users, memberships and the last-admin rule, sign-in), :mod:`.tokens`,
:mod:`.edits` (creating, updating, deleting nodes), :mod:`.history` (the change log and its
one replay), :mod:`.cycles`, :mod:`.criteria`, :mod:`.sharing`, :mod:`.suggestions`,
:mod:`.files`.
"""
