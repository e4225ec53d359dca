"""How a validation error is said to a person: one wording for a file (`check`, Problems) and for the edit form.

A file's message names the key and the value it holds; the form shows the field and what was typed in it, so
its message is the same sentence without them.
"""

from __future__ import annotations

from typing import Any

from runnerup_tui.domain.safe_text import excerpt

_BOUNDS = {
    "greater_than": "greater than",
    "greater_than_equal": "at least",
    "less_than": "less than",
    "less_than_equal": "at most",
}
_MAPPING = ("model_type", "dict_type", "model_attributes_type")


def error_path(error: dict[str, Any]) -> tuple[Any, ...]:
    """Where in the record a pydantic error is, without pydantic's own steps (``function-after[...]``)."""
    return tuple(step for step in error["loc"] if not (isinstance(step, str) and "[" in step))


def dotted(path: tuple[Any, ...]) -> str:
    """``history[0].kind``: a path in a record as a person reads it; huge or odd hand-written keys are cut."""
    out = ""
    for step in path:
        if isinstance(step, int):
            out += f"[{step}]"
        else:  # a hand-written key may be huge, or hold a newline or an escape sequence
            out += ("." if out else "") + excerpt(str(step), 60)
    return out or "document"


def shorten(text: str, limit: int = 120) -> str:
    """``text`` on one line, at most ``limit`` characters."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shown_value(value: Any) -> str:
    """A value quoted in a message, short: a list or a mapping only by what it is."""
    if value is None:
        return "nothing"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str):
        return repr(shorten(value, 40))
    return shorten(repr(value), 40)


def what_is_wrong(error: dict[str, Any], *, in_form: bool = False) -> str:
    """One pydantic error as a sentence, without where it is.

    For a file it ends with the value found there ("(got 9)"); ``in_form`` leaves that out
    (it is in the field) and words what a person types in the form: a flag is yes or no.
    """
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    got = "" if in_form else f" (got {shown_value(value)})"
    if kind == "missing":
        return "required" if in_form else "required key is missing"
    if kind == "enum":
        choices = ", ".join(str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ").split(", "))
        return f"must be one of {choices}{got}"
    if kind.startswith("date"):  # date_*, datetime_*
        if "outside expected range" in str(ctx.get("error", "")):
            return f"there is no such day{got}"
        return f"must be a date like 2026-03-14{got}"
    if kind == "string_type":
        hint = "; put it in quotes" if isinstance(value, (int, float, bool)) else ""
        return f"must be text{got}{hint}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"must be a whole number{got}"
    if kind in ("bool_type", "bool_parsing"):
        return f"must be {'yes or no' if in_form else 'true or false'}{got}"
    if kind == "list_type":
        return f"must be a list{got}"
    if kind in _MAPPING:
        return f"must be a mapping of keys{' (key: value)' if in_form else got}"
    if kind in _BOUNDS:
        return f"must be {_BOUNDS[kind]} {next(iter(ctx.values()), '')}{got}"
    if kind == "value_error":  # the model's own validators already word their message for people
        return shorten(str(ctx.get("error", error["msg"])).removeprefix("Value error, "), 200)
    return shorten(error["msg"])


def file_message(error: dict[str, Any]) -> tuple[tuple[Any, ...], str]:
    """A pydantic error found in a file: its path, and ``key: what is wrong (got value)``."""
    path = error_path(error)
    return path, f"{dotted(path)}: {what_is_wrong(error)}"
