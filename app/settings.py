"""Settings from the environment (SPEC §5), read once through :func:`get_settings`.

Secrets are ``SecretStr`` so a repr, a log line or a traceback shows ``'**********'``.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

MIB = 1024 * 1024


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore", case_sensitive=False)

    rg_backend: Literal["embedded", "neo4j"] = "embedded"
    rg_data_dir: Path = Path(".researchgraph")
    neo4j_uri: str = "bolt://localhost:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr("")
    neo4j_database: str = "neo4j"
    rg_api_key: SecretStr | None = None
    # A plain string: pydantic-settings would demand JSON for a list-typed variable.
    rg_cors_origins: str = Field("", description="comma-separated origins allowed by CORS")
    rg_max_upload_bytes: int = Field(20 * MIB, gt=0)
    # Bounded work for the slice and recommendations (app/limits.py).
    rg_expensive_slots: int = Field(os.cpu_count() or 1, gt=0, description="expensive requests run at once")
    rg_request_budget_s: float = Field(5.0, gt=0, description="an expensive request's time budget")
    rg_queue_wait_s: float = Field(0.5, ge=0, description="how long one waits for a free slot")
    # Under the GIL, a worker's graph threads and its event loop take turns (app/main.py).
    rg_read_threads: int = Field(1, gt=0, description="cheap graph reads computed at once by one worker, "
                                                      "beside its expensive slots")
    rg_switch_interval_ms: float = Field(0.2, gt=0, description="longest a thread computing an answer keeps "
                                                                "the GIL from the event loop (serve)")
    rg_response_cache_mb: float = Field(64, ge=0, description="answers kept per worker (app/cache.py); 0 turns "
                                                              "the cache off")
    rg_reload_interval_s: float = Field(2.0, gt=0, description="how often serve looks for another "
                                                               "process's writes (embedded)")
    rg_loading_wait_s: float = Field(10.0, ge=0, description="how long a graph request waits for a worker "
                                                             "still loading the graph before its 503")

    @property
    def cors_origins(self) -> list[str]:
        return [o.strip() for o in self.rg_cors_origins.split(",") if o.strip()]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
