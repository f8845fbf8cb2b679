"""``hls-graph keys create|list|revoke``: the API keys of the service (issue 13).

The CLI acts as the local administrator (``graph.core.acting.LOCAL``), so it may manage keys on the
database it reaches. ``create`` prints the secret once: it is stored only as a hash.
"""

from __future__ import annotations

from typing import Annotated

import typer

from graph.cli.common import open_graph
from graph.core.acting import ROLES
from graph.learning import keys

keys_app = typer.Typer(no_args_is_help=True, help="API keys: create (shown once), list, revoke.")


@keys_app.command("create")
def create(
    actor: Annotated[str, typer.Option("--actor", help="The actor (an Actor id) the key stands for.")],
    role: Annotated[str, typer.Option("--role", help=f"One of {', '.join(ROLES)}.")],
    expires: Annotated[str | None, typer.Option(
        "--expires", help="When it stops working: 30d, 12h, 45m from now, or an ISO-8601 date.")] = None,
    name: Annotated[str | None, typer.Option("--name", help="What the key is for.")] = None,
) -> None:
    """Create a key and print its secret, this once (send it as Authorization: Bearer <secret>)."""
    with open_graph(writes=True) as graph:
        made = keys.create_key(graph, actor, role, name=name, expires=expires)
    typer.echo(made.secret)
    typer.echo(f"key {made.id}: role {made.role} for actor {made.actor_id}"
               + (f", expires {made.expires_at}" if made.expires_at else "")
               + " — the secret above is shown only now", err=True)


@keys_app.command("list")
def list_() -> None:
    """Every key: id, role, actor, name, expiry, revocation, last four characters of its secret."""
    with open_graph() as graph:
        rows = keys.list_keys(graph)
    for key in rows:
        state = f"revoked {key['revoked_at']}" if key["revoked_at"] else (
            f"expires {key['expires_at']}" if key["expires_at"] else "no expiry")
        typer.echo(f"{key['id']}\t{key['role']}\t{key['actor_id'] or '-'}\t{key['name']}\t{state}\t"
                   f"…{key['last4']}")


@keys_app.command("revoke")
def revoke(key_id: Annotated[str, typer.Argument(help="The key's id (see keys list).")]) -> None:
    """Revoke a key: it answers 401 key_revoked from now on."""
    with open_graph() as graph:
        done = keys.revoke_key(graph, key_id)
    typer.echo(f"key {done['id']} revoked at {done['revoked_at']}")
