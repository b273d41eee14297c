"""``/v1/topics``: search, detail, adjacent topics, papers and most active researchers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from app.deps import StoreDep
from app.errors import PROBLEM_RESPONSES
from app.pagination import PageParams, page_params, paginate
from app.responses import json_body
from graph.model import Topic
from graph.views import AdjacentTopic, Page, PaperSummary, TopicDetail, TopicResearcher

router = APIRouter(prefix="/v1/topics", tags=["topics"], responses=PROBLEM_RESPONSES)

TopicId = Annotated[str, Path(description="topic slug", examples=["nerf"])]
Paging = Annotated[PageParams, Depends(page_params)]


@router.get("", response_model=Page[Topic], summary="Search topics")
def search_topics(
    store: StoreDep, paging: Paging,
    q: Annotated[str, Query(description="id, label, alias or acronym; empty lists all", examples=["moe"])] = "",
):
    return paginate(lambda limit, offset: store.search_topics(q, limit=limit, offset=offset), paging)


@router.get("/{topic_id}", response_model=TopicDetail, summary="Topic detail")
def get_topic(store: StoreDep, topic_id: TopicId):
    """Aliases, parent, children, and paper and researcher counts."""
    return json_body(store.get_topic(topic_id))


@router.get("/{topic_id}/adjacent", response_model=Page[AdjacentTopic], summary="Adjacent topics")
def list_adjacent(store: StoreDep, topic_id: TopicId, paging: Paging):
    """Topics co-occurring on papers, scored by normalised pointwise mutual information
    over the papers that carry any topic: ``log(p(xy) / (p(x) p(y))) / -log p(xy)``, in [-1, 1]."""
    return paginate(lambda limit, offset: store.list_adjacent_topics(topic_id, limit=limit, offset=offset),
                    paging)


@router.get("/{topic_id}/papers", response_model=Page[PaperSummary], summary="Papers on a topic")
def list_papers(store: StoreDep, topic_id: TopicId, paging: Paging):
    return paginate(lambda limit, offset: store.list_topic_papers(topic_id, limit=limit, offset=offset), paging)


@router.get("/{topic_id}/researchers", response_model=Page[TopicResearcher], summary="Most active researchers")
def list_researchers(store: StoreDep, topic_id: TopicId, paging: Paging):
    return paginate(lambda limit, offset: store.list_topic_researchers(topic_id, limit=limit, offset=offset),
                    paging)
