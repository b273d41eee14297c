"""``/v1/papers``: search with filters, and the full paper detail."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from app.deps import StoreDep
from app.errors import PROBLEM_RESPONSES
from app.pagination import PageParams, page_params, paginate
from app.responses import json_body
from graph.views import Page, PaperDetail, PaperSummary

router = APIRouter(prefix="/v1/papers", tags=["papers"], responses=PROBLEM_RESPONSES)

Paging = Annotated[PageParams, Depends(page_params)]


@router.get("", response_model=Page[PaperSummary], summary="Search papers")
def search_papers(
    store: StoreDep, paging: Paging,
    q: Annotated[str | None, Query(description="title words", examples=["sparse training"])] = None,
    topic: Annotated[str | None, Query(description="topic id", examples=["mixture-of-experts"])] = None,
    year: Annotated[int | None, Query(ge=1900, le=2100, examples=[2023])] = None,
    has_code: Annotated[bool | None, Query(description="only papers with (or without) code")] = None,
):
    """Ordered by year desc (papers without a year last), then id."""
    return paginate(lambda limit, offset: store.search_papers(
        q or None, topic=topic, year=year, has_code=has_code, limit=limit, offset=offset), paging)


@router.get("/{paper_id}", response_model=PaperDetail, summary="Paper detail")
def get_paper(store: StoreDep, paper_id: Annotated[str, Path(description="paper id", examples=["p-0123abcd"])]):
    """Ordered authors, whether the list is complete, topics with evidence, repositories,
    institutions and which source gave each field."""
    return json_body(store.get_paper(paper_id))
