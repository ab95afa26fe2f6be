"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` line per
violation, which GitHub turns into annotations on the pull request's diff::

    ::error file=_pages/a.md,line=3,col=22,title=FM001 front-matter-invalid::message%0Ahint

Escaping follows the Actions toolkit (``@actions/core``, ``command.ts``): in the message,
``%``, CR and LF are percent-encoded; in property values ``:`` and ``,`` too, since they
delimit the properties. The message carries the fix hint on a second line. Paths are
relative to the current folder, which must be the repository root (the workflow's default
working directory) for GitHub to place the annotations.

No summary line is printed: every line of this output is an annotation.
"""

from __future__ import annotations

from betalint.formats import formatter

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(v) -> str:
    """The workflow command for one violation."""
    props = {
        "file": v.path,
        "line": str(v.line),
        "col": str(v.column),
        "title": f"{v.rule} {v.name}",
    }
    head = ",".join(f"{k}={escape_property(val)}" for k, val in props.items())
    message = v.message + (f"\n{v.hint}" if v.hint else "")
    return f"::{LEVELS.get(v.severity, 'warning')} {head}::{escape_data(message)}"


@formatter("github")
def render(result, **_: object) -> str:
    return "".join(command(v) + "\n" for v in result.violations)
