"""Liveness, readiness and counts."""

from __future__ import annotations

from fastapi import APIRouter

from app.deps import CurrentStoreDep, SettingsDep, StoreDep
from app.errors import PROBLEM_RESPONSES
from app.responses import json_body
from app.schemas import Health, Ready
from graph.store import BackendUnavailable
from graph.views import Stats

router = APIRouter(tags=["system"])


@router.get("/healthz", response_model=Health, summary="Liveness")
async def healthz():
    """200 whenever the process serves requests, whatever the backend's state."""
    return json_body(Health(status="ok"))


@router.get("/readyz", response_model=Ready, summary="Readiness", responses={503: PROBLEM_RESPONSES[503]})
def readyz(store: CurrentStoreDep, settings: SettingsDep):
    """200 when the backend answers now, else 503."""
    try:
        ok = store.ping()
    except BackendUnavailable:  # its own message: still loading, or the load failed
        raise
    except Exception as exc:  # a ping that raises is the same answer as one that says no
        raise BackendUnavailable(str(exc)) from exc
    if not ok:
        raise BackendUnavailable("ping failed")
    return json_body(Ready(status="ready", backend=str(settings.rg_backend)))


@router.get("/v1/stats", response_model=Stats, summary="Counts by node label and relationship type",
            responses={503: PROBLEM_RESPONSES[503]})
def stats(store: StoreDep):
    return json_body(store.get_stats())
