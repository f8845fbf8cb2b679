"""All configuration of hls-graph, read once from the environment (or a ``.env`` file).

>>> from graph.core.settings import Settings
>>> Settings(neo4j_uri=None, hls_bolt_port=7688).bolt_uri
'bolt://127.0.0.1:7688'
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

import platformdirs
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def default_data_dir() -> Path:
    """The local Neo4j's data folder when ``HLS_DATA_DIR`` is unset: ``neo4j`` in the user's data
    directory (``~/.local/share/hls-graph/neo4j`` on Linux). An absolute path, so the service and
    the CLI find the same database from any working directory."""
    return Path(platformdirs.user_data_dir("hls-graph", appauthor=False)) / "neo4j"


class Settings(BaseSettings):
    """Environment variables are the field names in upper case (``NEO4J_URI``, ``HLS_API_PORT``)."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    # A deployed Neo4j (bolt://, neo4j://, neo4j+s:// for a cluster or Aura). Unset: the local one.
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: str = ""
    neo4j_database: str = "neo4j"
    # The official Docker image's form, ``user/password``; used when NEO4J_PASSWORD is unset.
    neo4j_auth: str | None = None
    # How long a transaction is retried on transient errors (a cluster leader switch, say).
    neo4j_retry_seconds: float = 10.0

    hls_api_host: str = "127.0.0.1"
    hls_api_port: int = Field(default=8000, ge=1, le=65535)

    # The local Neo4j (used only when NEO4J_URI is unset).
    hls_data_dir: Path = Field(default_factory=default_data_dir)
    hls_bolt_port: int = Field(default=7687, ge=1, le=65535)
    hls_neo4j_heap: str = "1g"
    hls_neo4j_page_cache: str = "256m"

    # Bounded analysis (app/bounded.py): worker processes, the hard time budget of an analysis
    # without its own time_budget, concurrent analyses per client (429 beyond), cached answers.
    hls_analysis_workers: int = Field(default=2, ge=1, le=64)
    hls_analysis_budget_seconds: float = Field(default=30.0, gt=0, le=3600)
    hls_analysis_per_client: int = Field(default=2, ge=1, le=1000)
    hls_analysis_cache_entries: int = Field(default=64, ge=0, le=100_000)
    # The two questions' answers kept per database state and reader (app/answer_cache.py), in bytes
    # of JSON; 0: none kept (every answer read afresh).
    hls_answer_cache_bytes: int = Field(default=64 * 1024 * 1024, ge=0)

    # Request bodies (app/limits.py; 413 beyond): uploads (multipart: the import routes) and every
    # other body (JSON, whose largest legitimate use is a few kilobytes).
    hls_max_upload_bytes: int = Field(default=50 * 1024 * 1024, ge=1)
    hls_max_json_bytes: int = Field(default=2 * 1024 * 1024, ge=1)
    # The body of POST /bulk (a whole learning document: 500 cycles with their experiments and
    # evidence are about 5 MB).
    hls_max_bulk_bytes: int = Field(default=256 * 1024 * 1024, ge=1)

    # Who may call without a key (issue 13): ``public`` — anonymous callers read public data and
    # write nothing; ``none`` — every request but /health and /login needs a key (401).
    hls_anonymous: Literal["none", "public"] = "public"
    # Origins a browser may call from (CORS), a comma list; empty: closed, only the service's own pages.
    hls_cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Signs session cookies and share links; empty: a random secret kept in the data folder.
    hls_secret_key: str = ""

    # Versions (issue 14): when true, every PATCH/PUT/DELETE of an entity must send If-Match (428
    # without it); a stale one is always refused (412). Deleted things stay in the trash this long.
    hls_require_if_match: bool = False
    hls_trash_retention_days: int = Field(default=30, ge=1, le=3650)

    @field_validator("hls_cors_origins", mode="before")
    @classmethod
    def _comma_list(cls, value: Any) -> Any:
        """``HLS_CORS_ORIGINS=https://a.example,https://b.example`` (a list is taken as it is)."""
        if isinstance(value, str):
            return [origin.strip().rstrip("/") for origin in value.split(",") if origin.strip()]
        return value

    @property
    def uses_local_neo4j(self) -> bool:
        return not self.neo4j_uri

    @property
    def bolt_uri(self) -> str:
        """The URI the driver connects to: ``NEO4J_URI`` or the local Neo4j's Bolt address."""
        return self.neo4j_uri or f"bolt://127.0.0.1:{self.hls_bolt_port}"

    @property
    def auth(self) -> tuple[str, str] | None:
        # The embedded Neo4j runs with auth off; a deployed one needs user and password.
        if self.neo4j_password:
            return (self.neo4j_user, self.neo4j_password)
        if self.neo4j_auth and "/" in self.neo4j_auth:
            user, password = self.neo4j_auth.split("/", 1)
            return (user, password)
        return None


@lru_cache
def get_settings() -> Settings:
    return Settings()
