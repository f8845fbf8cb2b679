"""The local user's admin key (issue 13: "the local run stays two commands").

On its first start ``hls-graph serve`` makes an ``Actor`` ``local-admin`` and an admin key for it,
and keeps the secret in the local data folder (``<HLS_DATA_DIR>/admin-key``, mode 0600: readable by
its owner only). Later starts reuse it while it still holds (not revoked, not expired, same
database); otherwise a new one is made. Notebook helpers on the same machine read the same file
(:func:`read_local_key`) to call the API as that user.
"""

from __future__ import annotations

import os
from pathlib import Path

from graph.core.db import Graph
from graph.core.errors import Unauthorized
from graph.core.settings import Settings
from graph.learning import actors, keys
from graph.learning.store import exists

ACTOR = "local-admin"


def key_file(settings: Settings) -> Path:
    return Path(settings.hls_data_dir) / "admin-key"


def read_local_key(settings: Settings) -> str | None:
    """The local admin key's secret, if this machine has one."""
    path = key_file(settings)
    return path.read_text().strip() if path.is_file() else None


def ensure_local_admin_key(graph: Graph, settings: Settings) -> str:
    """The local admin key's secret: the kept one if it still holds, else a new one (kept, 0600)."""
    kept = read_local_key(settings)
    if kept:
        try:
            keys.caller_for(graph, kept)
            return kept
        except Unauthorized:
            pass
    if not graph.read_tx(lambda tx: exists(tx, "actor", ACTOR)):
        actors.create_actor(graph, {"id": ACTOR, "name": "Local administrator", "kind": "person"})
    made = keys.create_key(graph, ACTOR, "admin", name="local admin (hls-graph serve)")
    path = key_file(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as out:
        out.write(made.secret + "\n")
    path.chmod(0o600)
    return made.secret
