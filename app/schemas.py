"""Public response wrappers beyond graph/views.py's read models."""

from __future__ import annotations

from pydantic import BaseModel, Field

from graph.views import Recommendation


class RecommendationList(BaseModel):
    items: list[Recommendation] = Field(description="ranked by score desc, then id")


class Health(BaseModel):
    status: str = Field(examples=["ok"])


class Ready(BaseModel):
    status: str = Field(examples=["ready"])
    backend: str = Field(examples=["embedded"])
