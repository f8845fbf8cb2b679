"""The secret that signs browser session cookies, one-time login links and share links (issue 13).

``HLS_SECRET_KEY`` when set; otherwise a random secret made once and kept in the local data folder
(``<HLS_DATA_DIR>/secret-key``, mode 0600). Kept, not drawn per process: sessions must survive a
restart, and every worker of ``serve --workers N`` must accept the cookies the others signed. The
file is created with ``O_EXCL``, so workers starting together agree on the first one written.
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

from graph.core.settings import Settings


def secret_file(settings: Settings) -> Path:
    return Path(settings.hls_data_dir) / "secret-key"


def secret_key(settings: Settings) -> str:
    """The signing secret (see the module doc)."""
    if settings.hls_secret_key:
        return settings.hls_secret_key
    path = secret_file(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read(path)
    with os.fdopen(descriptor, "w") as out:
        out.write(secrets.token_urlsafe(48) + "\n")
    return _read(path)


def _read(path: Path) -> str:
    # Another worker may have created the file an instant ago and not written it yet.
    for _ in range(50):
        text = path.read_text().strip()
        if text:
            return text
        time.sleep(0.02)
    raise RuntimeError(f"{path} is empty: delete it (a new secret is made; sessions end)")
