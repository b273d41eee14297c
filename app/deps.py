"""Request dependencies: the store, the settings, the topic matcher and the write guard.

Everything a route needs from the application comes through here, so tests swap
any of it with ``app.dependency_overrides``.
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import Depends, Header, Request

from app.errors import Unauthorized, WritesDisabled
from app.settings import Settings
from graph.store import GraphStore


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_store(request: Request) -> GraphStore:
    return request.app.state.store


def get_matcher(request: Request) -> Any:
    """The TopicMatcher built once in the lifespan (spaCy pipelines are slow to build)."""
    return request.app.state.matcher


def api_key_of(settings: Settings) -> str | None:
    secret = settings.rg_api_key
    if secret is None:
        return None
    value = secret.get_secret_value()
    return value or None


def require_api_key(
    settings: Annotated[Settings, Depends(get_settings)],
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> None:
    """Writes need ``Authorization: Bearer <RG_API_KEY>``; without a configured key they are off."""
    expected = api_key_of(settings)
    if expected is None:
        raise WritesDisabled("writes over HTTP are disabled: the server has no RG_API_KEY set")
    if not authorization:
        raise Unauthorized("missing 'Authorization: Bearer <key>' header")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("the Authorization header must use the Bearer scheme")
    # compare_digest keeps the comparison time independent of where the keys differ.
    if not secrets.compare_digest(token.strip().encode(), expected.encode()):
        raise Unauthorized("the bearer key is not valid")


StoreDep = Annotated[GraphStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
