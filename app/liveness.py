"""``GET /healthz`` answered in front of every middleware, routing and dependency.

A liveness probe asks whether the process serves requests. Under a flood of heavy requests
the event loop is the scarce thing: each request's trip through the middleware stack and the
router costs it Python time, while the threads computing answers take their turns at the GIL.
:class:`Liveness` wraps the whole stack (app/main.py) and answers the probe with bytes built
once, the same status, headers and body as the route in app/routes/system.py, which stays for
the OpenAPI schema and for the requests it does not take: a cross-origin one, when CORS is
configured, goes through the stack so that CORSMiddleware adds its headers.
"""

from __future__ import annotations

from typing import Any

from app.responses import json_body
from app.schemas import Health

PATH = "/healthz"


class Liveness:
    def __init__(self, app: Any, *, cors: bool) -> None:
        self.app = app
        self.cors = cors
        answer = json_body(Health(status="ok"))
        self.body = answer.body
        self.headers = list(answer.raw_headers)

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if (scope["type"] != "http" or scope["path"] != PATH or scope["method"] != "GET"
                or (self.cors and any(name == b"origin" for name, _ in scope["headers"]))):
            await self.app(scope, receive, send)
            return
        await send({"type": "http.response.start", "status": 200, "headers": list(self.headers)})
        await send({"type": "http.response.body", "body": self.body, "more_body": False})
