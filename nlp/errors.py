"""The one error type of nlp/: a document that cannot be read at all.

Bad *records* are not errors: readers report them as ``Problem`` entries and carry on.
``ExtractionError`` is for whole files (empty, binary, unknown format, no records),
and carries the same ``Problem`` so callers report it the same way.
"""

from __future__ import annotations

from graph.model import Problem


class ExtractionError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem

    def __reduce__(self):  # crosses process boundaries (parallel ingest) with its Problem intact
        return type(self), (self.problem,)

    @classmethod
    def of(cls, file: str, kind: str, expected: str, *, line: int | None = None,
           message: str = "") -> ExtractionError:
        return cls(Problem(file=file, line=line, kind=kind, expected=expected, message=message))
