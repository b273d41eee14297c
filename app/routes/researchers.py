"""``/v1/researchers``: search, profile, papers, collaborators, topics, institutions,
recommendations and the research graph slice."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response

from app.deps import StoreDep
from app.errors import PROBLEM_RESPONSES, InvalidParameter, problem_doc
from app.exporting import SLICE_FORMATS, parse_include, render_slice
from app.pagination import PageParams, page_params, paginate
from app.responses import json_body
from app.schemas import RecommendationList
from graph.views import (
    Collaborator,
    GraphSlice,
    InstitutionCount,
    Page,
    PaperSummary,
    ResearcherProfile,
    ResearcherSummary,
    TopicCount,
)

# A researcher id that identity retired (graph/aliases.py) answers from app/errors.py's NotFound handler.
MOVED: dict[int | str, dict] = {
    301: {"description": "a merged or renamed researcher's old id: `Location` is this path and query "
                         "with the id of the person it became"},
    404: problem_doc("unknown id; an old id split between several people names them in `detail` and "
                     "`candidates`"),
}
router = APIRouter(prefix="/v1/researchers", tags=["researchers"], responses={**PROBLEM_RESPONSES, **MOVED})

ResearcherId = Annotated[str, Path(description="researcher slug", examples=["tianlong-chen"])]
Paging = Annotated[PageParams, Depends(page_params)]
Year = Annotated[int | None, Query(ge=1900, le=2100, examples=[2023])]
TopicFilter = Annotated[str | None, Query(description="topic id", examples=["sparsity"])]

@router.get("", response_model=Page[ResearcherSummary], summary="Search researchers by name")
def search_researchers(
    store: StoreDep, paging: Paging,
    q: Annotated[str, Query(description="name words; accents and case ignored", examples=["tianlong chen"])] = "",
):
    return paginate(lambda limit, offset: store.search_researchers(q, limit=limit, offset=offset), paging)


@router.get("/{researcher_id}", response_model=ResearcherProfile, summary="Researcher profile")
def get_researcher(store: StoreDep, researcher_id: ResearcherId):
    """Works, years, top topics, institutions, collaborators, and the figures the sources
    reported beside the ones the graph computes."""
    return json_body(store.get_researcher(researcher_id))


@router.get("/{researcher_id}/papers", response_model=Page[PaperSummary], summary="A researcher's papers")
def list_papers(store: StoreDep, researcher_id: ResearcherId, paging: Paging,
                year: Year = None, topic: TopicFilter = None):
    return paginate(lambda limit, offset: store.list_researcher_papers(
        researcher_id, year=year, topic=topic, limit=limit, offset=offset), paging)


@router.get("/{researcher_id}/collaborators", response_model=Page[Collaborator], summary="Co-authors")
def list_collaborators(
    store: StoreDep, researcher_id: ResearcherId, paging: Paging,
    since: Year = None, until: Year = None,
    min_shared: Annotated[int, Query(ge=1, description="at least this many shared papers")] = 1,
    topic: TopicFilter = None,
):
    """Ordered by shared papers, then last year together, then name."""
    _check_window(since, until)
    return paginate(lambda limit, offset: store.list_collaborators(
        researcher_id, since=since, until=until, min_shared=min_shared, topic=topic,
        limit=limit, offset=offset), paging)


@router.get("/{researcher_id}/topics", response_model=Page[TopicCount], summary="A researcher's topics")
def list_topics(store: StoreDep, researcher_id: ResearcherId, paging: Paging):
    return paginate(lambda limit, offset: store.list_researcher_topics(
        researcher_id, limit=limit, offset=offset), paging)


@router.get("/{researcher_id}/institutions", response_model=Page[InstitutionCount],
            summary="A researcher's institutions")
def list_institutions(store: StoreDep, researcher_id: ResearcherId, paging: Paging):
    return paginate(lambda limit, offset: store.list_researcher_institutions(
        researcher_id, limit=limit, offset=offset), paging)


@router.get("/{researcher_id}/recommendations", response_model=RecommendationList,
            summary="People to meet, with reasons")
def list_recommendations(
    store: StoreDep, researcher_id: ResearcherId,
    k: Annotated[int, Query(ge=1, le=100, description="how many people")] = 10,
    topic: TopicFilter = None,
    institution: Annotated[str | None, Query(description="only people affiliated with this institution id",
                                             examples=["mit"])] = None,
    since: Annotated[int | None, Query(ge=1900, le=2100, description="only people with a paper in this "
                                       "year or later", examples=[2023])] = None,
    exclude: Annotated[list[str], Query(description="researcher ids to leave out (repeat the parameter)")] = [],  # noqa: B006
    include_coauthors: Annotated[bool, Query(description="also rank existing co-authors")] = False,
):
    """Ranked by common co-authors (weighted by tie strength and age), specific shared topics,
    shared institutions and recent activity (graph/scoring.py); every reason names the person,
    topic or institution linking the two, or the candidate's recent papers."""
    items = store.list_recommendations(researcher_id, k=k, topic=topic, institution=institution, since=since,
                                       exclude=frozenset(exclude), include_coauthors=include_coauthors)
    return json_body(RecommendationList(items=items))


@router.get(
    "/{researcher_id}/slice", response_model=GraphSlice, summary="The research graph slice",
    responses={200: {"content": {"application/xml": {}},
                     "description": "json (default), cytoscape elements, GraphML or GEXF"}},
)
def get_slice(
    store: StoreDep, researcher_id: ResearcherId,
    depth: Annotated[int, Query(ge=1, le=2, description="1: the centre's papers, co-authors and what the papers "
                                "link to; 2: also the co-authors' co-authors")] = 1,
    limit: Annotated[int, Query(ge=1, le=500, description="most nodes returned; people are kept first")] = 100,
    include: Annotated[str | None, Query(description="comma list of node types; `researcher` alone is the "
                                         "co-author view", examples=["researcher", "researcher,paper,topic"])] = None,
    since: Year = None, until: Year = None,
    fmt: Annotated[str, Query(alias="format", description="json | cytoscape | graphml | gexf")] = "json",
):
    """The neighbourhood of a researcher, every node linked to the centre, with ``truncated``
    set when ``limit`` cut some.

    People are joined by derived ``COAUTHOR`` edges whose ``weight`` is the number of papers
    the two wrote together (plain counts, not Newman's weighting); an edge to the centre counts
    their shared papers in the ``since``/``until`` window. ``include=researcher`` is the
    co-author view: only people and ``COAUTHOR`` edges. The node limit keeps the strongest
    people first (co-authors by shared papers with the centre, then at depth 2 their
    co-authors), then papers, topics, institutions and repositories. Researcher nodes carry
    ``data.ring`` (0 centre, 1 co-author, 2 co-author's co-author), ``data.shared_papers`` and
    the first and last year of those papers. The rules are written out in graph/slicing.py."""
    if fmt not in SLICE_FORMATS:
        raise InvalidParameter("format", f"{fmt!r} is not one of {', '.join(SLICE_FORMATS)}")
    _check_window(since, until)
    graph_slice = store.get_slice(researcher_id, depth=depth, limit=limit, include=_parse_include(include),
                                  since=since, until=until)
    if fmt == "json":
        return json_body(graph_slice)
    body, media_type, ext = render_slice(graph_slice, fmt)
    return Response(body, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{researcher_id}-slice.{ext}"'})


def _parse_include(include: str | None) -> frozenset[str]:
    try:
        return parse_include(include)
    except ValueError as exc:
        raise InvalidParameter("include", str(exc)) from exc


def _check_window(since: int | None, until: int | None) -> None:
    if since is not None and until is not None and since > until:
        raise InvalidParameter("since", f"since ({since}) is after until ({until})")
