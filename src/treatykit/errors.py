"""The exception catalogue: one base class, a few coded subclasses.

Every message names the file and key (or line) at fault and says how to fix it.
The CLI catches `TreatykitError` once and maps it to exit code 2.
"""

from __future__ import annotations

from dataclasses import dataclass


class TreatykitError(Exception):
    """Base of every error treatykit raises on purpose."""

    code = "E000"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message} ({self.hint})"
        return self.message


class LibraryError(TreatykitError):
    """A clause library file is malformed or inconsistent."""

    code = "E100"

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0].render() if problems else "clause library has problems"
        more = ""
        if len(problems) > 1:
            more = f" (and {len(problems) - 1} more: run 'treatykit validate')"
        super().__init__(first + more)


class NotFoundError(TreatykitError):
    """An id (clause, provision, template, playbook) that does not exist."""

    code = "E200"


class InputError(TreatykitError):
    """A user-supplied file or value is unusable (deal file, draft, parameter)."""

    code = "E300"


class StoreError(TreatykitError):
    """The SQLite store cannot be read or written."""

    code = "E400"


class TemplateError(TreatykitError):
    """A Jinja template or clause snippet fails to parse or render."""

    code = "E500"


@dataclass(frozen=True)
class Problem:
    """One defect found in a clause library, located precisely enough to fix."""

    file: str
    message: str
    line: int | None = None
    clause: str | None = None
    field: str | None = None
    fix: str | None = None

    @classmethod
    def from_error(cls, file: str, exc: TreatykitError) -> Problem:
        """A problem from an error whose message may already start with `file[:line]: `."""
        head, line, rest = exc.message.partition(": ")[0], None, exc.message
        name, _, number = head.rpartition(":")
        if head == file or (name == file and number.isdigit()):
            line = int(number) if name == file else None
            rest = exc.message[len(head) + 2:]
        return cls(file, rest, line=line, fix=exc.hint)

    def render(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        parts = [where]
        if self.clause:
            parts.append(self.clause)
        if self.field:
            parts.append(self.field)
        text = ": ".join(parts) + ": " + self.message
        if self.fix:
            text += f"; fix: {self.fix}"
        return text
