"""A page object for the explorer: what a user does, plus reads of the graph on screen
through the page's own `window.__explorer` hook."""

from __future__ import annotations

from typing import Any

IDLE = "window.__explorer && window.__explorer.pending === 0"

LABEL_BOXES = """() => {
  const cy = window.__explorer.cy, z = cy.zoom(), ctx = document.createElement('canvas').getContext('2d');
  return cy.nodes().filter(n => n.visible() && n.style('label')).map(n => {
    const size = n.numericStyle('font-size') * z;
    ctx.font = n.style('font-weight') + ' ' + size + 'px ' + n.style('font-family');
    const p = n.renderedPosition();
    return {id: n.id(), text: n.style('label'), w: ctx.measureText(n.style('label')).width, h: size,
            x: p.x + n.numericStyle('text-margin-x') * z, y: p.y + n.numericStyle('text-margin-y') * z,
            rot: n.numericStyle('text-rotation') || 0, node_x: p.x, node_y: p.y, node_d: n.renderedWidth()};
  });
}"""


class Explorer:
    def __init__(self, page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

    # -- actions ----------------------------------------------------------------------------
    def open(self) -> Explorer:
        self.page.goto(self.base_url + "/")
        self.page.wait_for_function(IDLE)
        return self

    def search(self, text: str) -> None:
        self.page.get_by_label("Search researchers").fill(text)

    def results(self):
        return self.page.get_by_test_id("result")

    def choose(self, name: str) -> None:
        """Searches for `name` and opens the first result showing it."""
        before = self.renders()
        self.search(name)
        self.results().filter(has_text=name).first.click()
        self.wait_rendered(before)

    def renders(self) -> int:
        return self.page.evaluate("window.__explorer.state.renders")

    def wait_rendered(self, before: int) -> None:
        self.page.wait_for_function(f"window.__explorer.state.renders > {before} && {IDLE}")

    def set_filters(self, *, since: int | None = None, until: int | None = None, limit: int | None = None) -> None:
        """Types into the year/limit inputs and presses Apply, as a user would."""
        before = self.renders()
        for test_id, value in (("filter-since", since), ("filter-until", until), ("filter-limit", limit)):
            if value is not None:
                self.page.get_by_test_id(test_id).fill(str(value))
        self.page.get_by_role("button", name="Apply").click()
        self.wait_rendered(before)

    def toggle_type(self, node_type: str) -> None:
        before = self.renders()
        self.page.get_by_test_id(f"filter-type-{node_type}").click()
        self.wait_rendered(before)

    def click_node(self, node_id: str) -> None:
        """Zooms the view onto a node, brings it to the front and clicks it on the canvas."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout  # imported late: collection needs no browser

        self.page.evaluate(
            """id => { const cy = window.__explorer.cy; const n = cy.getElementById(id);
                       cy.zoom(3); cy.center(n); n.style('z-index', 100); }""", node_id)
        box = self.page.get_by_test_id("graph").bounding_box()
        pos = self.page.evaluate("id => window.__explorer.cy.getElementById(id).renderedPosition()", node_id)
        self.page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
        try:
            self.page.wait_for_function(f"window.__explorer.state.selected.id === {node_id!r}", timeout=5_000)
        except PlaywrightTimeout:
            selected = self.page.evaluate("window.__explorer.state.selected && window.__explorer.state.selected.id")
            raise AssertionError(f"clicking {node_id} at {pos} left {selected} selected") from None
        self.page.wait_for_function(IDLE)

    def show_everything(self) -> None:
        """Switches from the co-author view to the whole slice, as the "Everything" button does."""
        before = self.renders()
        self.page.get_by_test_id("view-all").click()
        self.wait_rendered(before)

    def show_coauthors(self) -> None:
        before = self.renders()
        self.page.get_by_test_id("view-people").click()
        self.wait_rendered(before)

    def expand_selected(self) -> None:
        before = self.renders()
        self.page.get_by_test_id("expand-node").click()
        self.wait_rendered(before)

    # -- reads ------------------------------------------------------------------------------
    def node_ids(self, node_type: str | None = None) -> set[str]:
        return set(self.page.evaluate(
            "t => window.__explorer.cy.nodes().filter(n => !t || n.data('type') === t).map(n => n.id())",
            node_type))

    def nodes(self) -> list[dict[str, Any]]:
        return self.page.evaluate("window.__explorer.cy.nodes().map(n => n.data())")

    def edge_keys(self) -> set[tuple[str, str, str]]:
        rows = self.page.evaluate(
            "window.__explorer.cy.edges().map(e => [e.data('source'), e.data('target'), e.data('type')])")
        return {tuple(r) for r in rows}

    def edges(self) -> list[dict[str, Any]]:
        """Edge data with ``px``, the line width drawn."""
        return self.page.evaluate("window.__explorer.cy.edges().map(e => ({...e.data(), px: e.numericStyle('width')}))")

    def label_boxes(self) -> list[dict[str, Any]]:
        """Each drawn label as cytoscape renders it: centre, size and rotation in screen pixels.

        The centre is the node's rendered position moved by its text margins (labels are
        centred on that point and rotated about it); the width is the label's text measured
        in the font cytoscape resolved for it.
        """
        return self.page.evaluate(LABEL_BOXES)

    def center(self) -> str | None:
        return self.page.evaluate("window.__explorer.state.center")

    def params(self) -> dict[str, str]:
        return self.page.evaluate("window.__explorer.state.params")


def slice_params(params: dict[str, str], **override) -> dict[str, str]:
    """The slice query the page sent, as keyword arguments for the API."""
    out = {k: v for k, v in params.items() if v not in (None, "")}
    out.update({k: v for k, v in override.items() if v is not None})
    return out
