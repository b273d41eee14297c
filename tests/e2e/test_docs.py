"""/docs works offline: Swagger UI from the server's own files lists every operation."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

METHODS = {"get", "post", "put", "patch", "delete"}


def test_docs_list_every_operation_with_no_request_leaving_the_machine(page, server, artifacts_dir):
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    # Anything not served by this server is refused, so a CDN asset would leave the page blank.
    own = urlsplit(server.base_url).netloc
    page.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).netloc == own
               else route.abort())
    spec = server.json("/openapi.json")
    operations = {(m.upper(), path) for path, item in spec["paths"].items() for m in item if m in METHODS}
    assert len(operations) > 20
    page.goto(server.base_url + "/docs")
    page.locator(".opblock").first.wait_for()
    page.wait_for_load_state("networkidle")
    shown = set(zip(page.locator(".opblock-summary-method").all_inner_texts(),
                    page.locator(".opblock-summary-path").evaluate_all(
                        "xs => xs.map(x => x.getAttribute('data-path'))"), strict=True))
    assert shown == operations
    assert requested and all(urlsplit(u).netloc == own for u in requested if not u.startswith("data:")), requested
    assert any(u.endswith("/static/vendor/swagger-ui-bundle.js") for u in requested)
    page.screenshot(path=str(artifacts_dir / "docs.png"), full_page=True)
