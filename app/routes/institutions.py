"""``/v1/institutions``: search, detail, their researchers and partner institutions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from app.deps import StoreDep
from app.errors import PROBLEM_RESPONSES
from app.pagination import PageParams, page_params, paginate
from app.responses import json_body
from graph.model import Institution
from graph.views import InstitutionDetail, InstitutionPartner, InstitutionResearcher, Page

router = APIRouter(prefix="/v1/institutions", tags=["institutions"], responses=PROBLEM_RESPONSES)

InstitutionId = Annotated[str, Path(description="institution slug", examples=["meta-ai"])]
Paging = Annotated[PageParams, Depends(page_params)]


@router.get("", response_model=Page[Institution], summary="Search institutions")
def search_institutions(
    store: StoreDep, paging: Paging,
    q: Annotated[str, Query(description="name or alias; accents and case ignored", examples=["ut austin"])] = "",
):
    return paginate(lambda limit, offset: store.search_institutions(q, limit=limit, offset=offset), paging)


@router.get("/{institution_id}", response_model=InstitutionDetail, summary="Institution detail")
def get_institution(store: StoreDep, institution_id: InstitutionId):
    return json_body(store.get_institution(institution_id))


@router.get("/{institution_id}/researchers", response_model=Page[InstitutionResearcher],
            summary="An institution's researchers")
def list_researchers(store: StoreDep, institution_id: InstitutionId, paging: Paging):
    return paginate(lambda limit, offset: store.list_institution_researchers(
        institution_id, limit=limit, offset=offset), paging)


@router.get("/{institution_id}/collaborators", response_model=Page[InstitutionPartner],
            summary="Institutions it co-publishes with")
def list_collaborators(store: StoreDep, institution_id: InstitutionId, paging: Paging):
    return paginate(lambda limit, offset: store.list_institution_collaborators(
        institution_id, limit=limit, offset=offset), paging)
