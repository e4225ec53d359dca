"""Reading one library file into a validated record, with every problem placed at file:line:col.

The fast path is ruamel's safe loader (the C parser from ruamel.yaml.clib) plus pydantic;
the index reads with yaml-rs first, which gives the same data for every file it is given
(see :func:`runnerup_tui.store.fast_yaml.load_fast`). Only when a file has problems is it parsed a second time in
round-trip mode, which knows where each key and value sits, to put a line and column on
each problem. Every exception is caught per file: a broken file becomes problems, never a crash.
"""

from __future__ import annotations

import difflib
import re
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import DuplicateKeyError, RoundTripConstructor, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError, YAMLFutureWarning, YAMLWarning
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import Resolver

from runnerup_tui.domain.problems import Problem, ProblemKind
from runnerup_tui.domain.safe_text import unsafe_characters, visible_line
from runnerup_tui.store.fast_yaml import CONFLICT_MARKER, MAX_NODES, load_fast, printable
from runnerup_tui.store.reading import MAX_FILE_BYTES, size_problem
from runnerup_tui.store.wording import dotted, file_message, shorten

if TYPE_CHECKING:  # validating needs pydantic; reading YAML and placing problems do not
    from pydantic import BaseModel

# ruamel warns about what it reads ("1e5" has no dot, an anchor is reused) in a dozen lines
# on stderr; for a library file that is noise: what matters is reported as a problem.
warnings.filterwarnings("ignore", category=YAMLWarning)
warnings.filterwarnings("ignore", category=YAMLFutureWarning)

BOM = "\ufeff"
MAX_DEPTH = 32
_CONFLICT = CONFLICT_MARKER
MAX_FLOW_OPEN = 1000  # brackets open at once beyond which a file is not even parsed
# a line indented (or led by "- " and "? ") this far may open a block nesting deeper than MAX_DEPTH;
# sought after a line break, a literal character the regex engine skips to quickly (`^` it cannot)
_DEEP_LINE = re.compile(rf"\n[ \t?:-]{{{MAX_DEPTH}}}")

# What a person does about a merge conflict; never a git command that could drop a side.
RESOLVE_IN_APP = (
    "in the app press p (Problems), then Enter on this file: for each value changed two ways, "
    "choose whose value to keep (each side is named by who changed it and when); everything else "
    "both sides did is kept"
)
RESOLVE_IN_EDITOR = (
    "a side could not be merged field by field, so both are kept line by line: open the file in "
    "your editor, keep the lines you want from each side and delete the <<<<<<< ======= >>>>>>> lines"
)


def has_conflict_markers(raw: bytes) -> bool:
    """Whether git (or our merge) left ``<<<<<<<``/``>>>>>>>`` lines in a file."""
    return _conflict_marker(raw.decode("utf-8", "replace")) is not None


def _conflict_marker(text: str) -> re.Match[str] | None:
    # seven marks in a row are found far faster than the regex engine tries every line start
    if "<<<<<<<" not in text and ">>>>>>>" not in text:
        return None
    return _CONFLICT.search(text)


def conflict_advice(text: str) -> str:
    """How to settle the conflict marked in ``text``.

    The app's resolve screen when each side reads as a YAML mapping (a field-by-field
    merge); else the editor, where a person keeps the lines wanted from each side.
    """
    sides: tuple[list[str], list[str]] = ([], [])
    size, part = 0, None
    for line in text.split("\n"):
        opening = re.match(r"(<{7,})( |$)", line)
        if part is None and opening:
            size, part = len(opening.group(1)), 0
        elif part == 0 and line == "=" * size:
            part = 1
        elif part == 1 and re.match(rf">{{{size}}}( |$)", line):
            part = None
        elif part is None:
            sides[0].append(line)
            sides[1].append(line)
        else:
            sides[part].append(line)
    for lines in sides:
        try:
            if not isinstance(load_plain("\n".join(lines)), dict):
                return RESOLVE_IN_EDITOR
        except Exception:  # noqa: BLE001 - any reason a side does not load means the editor
            return RESOLVE_IN_EDITOR
    return RESOLVE_IN_APP


class _LenientDates:
    """Leave an impossible date (2026-02-30) as text so pydantic reports it with a position.

    ruamel raises a bare ``ValueError`` without a line for it otherwise.
    """

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)  # type: ignore[misc]
        except ValueError:
            return self.construct_scalar(node)  # type: ignore[attr-defined]


class SafeDatesConstructor(_LenientDates, SafeConstructor):
    pass


class RoundTripDatesConstructor(_LenientDates, RoundTripConstructor):
    pass


for _cls in (SafeDatesConstructor, RoundTripDatesConstructor):
    _cls.add_constructor("tag:yaml.org,2002:timestamp", _cls.construct_yaml_timestamp)


class Yaml12Resolver(Resolver):
    """YAML 1.2 tag resolution without asking, per scalar, which version a document declared."""

    def __init__(self, version: Any = None, loader: Any = None, loadumper: Any = None) -> None:
        super().__init__(loadumper if loadumper is not None else loader)


def fast_loader() -> YAML:
    """A safe loader using the C parser when ruamel.yaml.clib is installed."""
    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = SafeDatesConstructor
    yaml.Resolver = Yaml12Resolver  # the versioned resolver costs a third of the load time
    return yaml


def uses_c_parser() -> bool:
    from ruamel.yaml.main import CParser

    return CParser is not None and fast_loader().Parser is CParser


def _pure_loader() -> YAML:
    yaml = YAML(typ="safe", pure=True)
    yaml.Constructor = SafeDatesConstructor
    return yaml


_FAST = fast_loader()
_PURE = _pure_loader()


def load_plain(text: str) -> Any:
    """Plain Python data of a YAML text, as the round-trip parser would read it.

    libyaml (the C parser) rejects some valid YAML 1.2 that ruamel's own parser, which
    also writes the files, accepts: ``[https://a.example]`` (a colon in a flow list).
    When the C parser objects, the pure parser decides.
    """
    global _FAST, _PURE
    try:
        try:
            return _FAST.load(text)
        except MarkedYAMLError:
            return _PURE.load(text)
    except BaseException:
        # a load that fails can leave a directive's state behind (`%YAML 1.1`, `%TAG`) that
        # changes how the next file reads: each file is read by loaders no earlier file touched
        _FAST, _PURE = fast_loader(), _pure_loader()
        raise


@dataclass
class Parsed:
    """What reading one file gave: the validated record (None if it has errors) and problems."""

    record: BaseModel | None
    data: Any = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def decode(raw: bytes) -> tuple[str, tuple[int, int, str] | None]:
    """Text of a file without its BOM, or the position and reason why it is not UTF-8."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        good = raw[: err.start].decode("utf-8", errors="replace")
        line = good.count("\n") + 1
        col = len(good) - (good.rfind("\n") + 1) + 1
        return "", (line, col, f"not valid UTF-8 (byte 0x{raw[err.start]:02x}); save the file as UTF-8")
    return text.removeprefix(BOM), None


def parse_record(raw: bytes, rel_path: str, model: type[BaseModel], fast: bool = False) -> Parsed:
    """Parse and validate one file's bytes as a ``model``; ``rel_path`` names it in problems.

    ``fast`` reads with yaml-rs where it gives the same data as ruamel (:func:`load_fast`);
    the result is the same either way.
    """

    def fail(line: int, col: int, message: str, kind: ProblemKind = ProblemKind.INVALID) -> Parsed:
        return Parsed(None, None, [Problem(rel_path, line, col, "error", message, kind)])

    if len(raw) > MAX_FILE_BYTES:
        return Parsed(None, None, [size_problem(rel_path, len(raw))])
    text, bad = decode(raw)
    if bad:
        return fail(*bad)
    marker = _conflict_marker(text)
    if marker:
        line = text.count("\n", 0, marker.start()) + 1
        return fail(line, 1, f"unresolved merge conflict: {conflict_advice(text)}", ProblemKind.CONFLICT)
    deep_at = _flow_too_deep_at(text)
    if deep_at is not None:
        line = text.count("\n", 0, deep_at) + 1
        return fail(line, deep_at - text.rfind("\n", 0, deep_at), f"nested more than {MAX_DEPTH} levels deep")
    is_printable = printable(text)  # one pass over the text, which both the parser and the findings use
    try:
        data = load_fast(text, is_printable) if fast else None
        if data is None:
            data = load_plain(text)
    except DuplicateKeyError as err:
        return fail(*_mark(err.problem_mark), _duplicate_key_message(err))
    except MarkedYAMLError as err:
        line, col = _mark(err.problem_mark or err.context_mark)
        lines = text.split("\n")
        if line <= len(lines) and "\t" in lines[line - 1][: max(col, 1)]:
            return fail(line, col, "a tab is used for indentation; YAML needs spaces")
        return fail(line, col, f"YAML syntax error: {shorten(err.problem or err.context or 'cannot parse')}")
    except ReaderError as err:
        line = text.count("\n", 0, err.position) + 1
        col = err.position - (text.rfind("\n", 0, err.position) + 1) + 1
        return fail(line, col, f"character {_codepoint(err.character)} is not allowed in a YAML file")
    except RecursionError:
        return fail(1, 1, "nested too deeply to be a library file")
    except ValueError as err:
        if "integer string conversion" in str(err):
            digits = re.search(r"\d[\d_]{4299,}", text)  # 1_000_000 is a YAML integer too
            where = (1, 1)
            if digits:
                where = (text.count("\n", 0, digits.start()) + 1, digits.start() - text.rfind("\n", 0, digits.start()))
            return fail(*where, "a number is too long (over 4300 digits)")
        return fail(1, 1, f"cannot be read as YAML: {shorten(str(err).splitlines()[0] if str(err) else 'ValueError')}")
    except (YAMLError, TypeError, OverflowError, AssertionError) as err:  # `%YAML 1.3`: ruamel asserts
        first = str(err).splitlines()[0] if str(err) else type(err).__name__
        return fail(1, 1, f"cannot be read as YAML: {shorten(first)}")
    if data is None:
        needs = "; a candidate needs at least `name: ...`" if "name" in model.model_fields else ""
        return fail(1, 1, f"file is empty{needs}")
    if not isinstance(data, dict):
        return fail(_first_content_line(text), 1, f"must be a mapping of keys (like `name: ...`), not {_kind(data)}")
    if ("*" in text and "&" in text) or text.count("[") + text.count("{") > MAX_DEPTH or _has_deep_line(text):
        shape = _shape_problem(data, aliased="*" in text and "&" in text)
        if shape:
            key, message = shape
            return fail(*_top_level_position(text, (key,), False), message)

    from pydantic import ValidationError

    from runnerup_tui.domain.model import unknown_keys

    problems: list[tuple[tuple[Any, ...], bool, str, str]] = []  # (path, at_key, severity, message)
    record: BaseModel | None = None
    try:
        record = model.model_validate(data)
    except ValidationError as err:
        for e in err.errors(include_input=True, include_url=False):
            path, message = file_message(e)
            problems.append((path, False, "error", message))
    except RecursionError:
        return fail(1, 1, "nested too deeply to be a library file")
    if record is not None:
        for path, severity, message in record.findings():  # type: ignore[attr-defined]
            problems.append((path, False, severity, message))
        for path, key, known in unknown_keys(record):
            guess = difflib.get_close_matches(str(key)[:100], known, n=1, cutoff=0.6)
            hint = f"; did you mean `{guess[0]}`?" if guess else f" (known keys: {', '.join(known)})"
            problems.append(((*path, key), True, "warning", f"{dotted((*path, key))}: unknown key{hint}"))
    problems += unsafe_text_findings(text, data, is_printable)
    if not problems:
        return Parsed(record, data, [])
    positions = locate(text, [(p, at_key) for p, at_key, _, _ in problems])
    found = [Problem(rel_path, *positions[i], sev, msg) for i, (_, _, sev, msg) in enumerate(problems)]
    found.sort(key=lambda p: (p.line, p.column))
    return Parsed(record if not any(p.severity == "error" for p in found) else None, data, found)


def locate(text: str, paths: list[tuple[tuple[Any, ...], bool]]) -> list[tuple[int, int]]:
    """1-based (line, column) of each path in the document: of the key when ``at_key``,
    else of the value; the nearest enclosing node when the path does not exist."""
    yaml = YAML()
    yaml.Constructor = RoundTripDatesConstructor
    yaml.allow_duplicate_keys = True
    try:
        doc = yaml.load(text)
    except (Exception, RecursionError):  # e.g. nesting too deep for the pure-Python parser
        return [_top_level_position(text, path, at_key) for path, at_key in paths]
    return [_position(doc, path, at_key) for path, at_key in paths]


def _top_level_position(text: str, path: tuple[Any, ...], at_key: bool) -> tuple[int, int]:
    """Where a top-level key's value starts, found in the text itself."""
    if not path:
        return 1, 1
    match = re.search(rf"^{re.escape(str(path[0]))}[ \t]*:[ \t]*", text, re.MULTILINE)
    if not match:
        return 1, 1
    line = text.count("\n", 0, match.start()) + 1
    return line, 1 if at_key else match.end() - match.start() + 1


def _position(doc: Any, path: tuple[Any, ...], at_key: bool) -> tuple[int, int]:
    node = doc
    pos = (node.lc.line, node.lc.col) if hasattr(node, "lc") else (0, 0)
    for i, step in enumerate(path):
        last = i == len(path) - 1
        if isinstance(node, dict) and step in node:
            try:
                pos = node.lc.key(step) if (at_key and last) else node.lc.value(step)
            except (AttributeError, KeyError, TypeError):
                break
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            try:
                pos = node.lc.item(step)
            except (AttributeError, KeyError, TypeError):
                break
            node = node[step]
        else:
            break
    return pos[0] + 1, pos[1] + 1


def _kind(value: Any) -> str:
    return {list: "a list", str: "text"}.get(type(value), f"a single value ({shorten(repr(value), 20)})")


def _mark(mark: Any) -> tuple[int, int]:
    if mark is None:
        return 1, 1
    return mark.line + 1, mark.column + 1


def _duplicate_key_message(err: DuplicateKeyError) -> str:
    match = re.search(r'duplicate key "(.{0,60}?)"', str(err.problem))
    key = f"`{visible_line(match.group(1))}` " if match else ""
    first = f" (first at line {err.context_mark.line + 1})" if err.context_mark else ""
    return f"duplicate key {key}{first}; keep only one".replace("  ", " ").replace(" ;", ";")


def _codepoint(char: Any) -> str:
    if isinstance(char, int):
        return f"0x{char:02x}"
    return f"U+{ord(char):04X}" if isinstance(char, str) and len(char) == 1 else repr(char)


def _first_content_line(text: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and stripped != "---":
            return number
    return 1


_BRACKET = re.compile(r"[\[\]{}]")


def _flow_too_deep_at(text: str) -> int | None:
    """Where the ``[`` or ``{`` starts that nests deeper than :data:`MAX_FLOW_OPEN`, found without parsing.

    libyaml takes time growing with the square of the depth (20,000 levels: 4 s; a 1 MiB
    file of ``[``: many minutes), so such a file is refused before it is parsed. Brackets in
    text count too, which only matters past a thousand unclosed ones.
    """
    if text.count("[") + text.count("{") <= MAX_FLOW_OPEN:
        return None
    depth = outermost = 0
    for match in _BRACKET.finditer(text):
        if match.group() in "[{":
            if not depth:
                outermost = match.start()
            depth += 1
            if depth > MAX_FLOW_OPEN:
                return outermost
        elif depth:
            depth -= 1
    return None


def _has_deep_line(text: str) -> bool:
    """Whether a line of ``text`` starts with :data:`MAX_DEPTH` of the characters that can open a nested block."""
    return _DEEP_LINE.search(text) is not None or _DEEP_LINE.match("\n" + text[:MAX_DEPTH]) is not None


def _shape_problem(data: dict[Any, Any], aliased: bool) -> tuple[Any, str] | None:
    """(top-level key, why) when the document is too deep or, once aliases expand, too big."""
    seen = 0
    for key, value in data.items():
        stack = [(value, 1)]
        while stack:
            node, depth = stack.pop()
            seen += 1
            if seen > MAX_NODES and aliased:
                return key, "too large once its YAML aliases are expanded; remove the anchors (&) and aliases (*)"
            if seen > MAX_NODES:
                return key, f"holds more than {MAX_NODES:,} values; a candidate file holds a few hundred"
            if depth > MAX_DEPTH:
                return key, f"nested more than {MAX_DEPTH} levels deep"
            if isinstance(node, dict):
                stack.extend((v, depth + 1) for v in node.values())
            elif isinstance(node, list):
                stack.extend((v, depth + 1) for v in node)
    return None


def unsafe_text_findings(
    text: str, data: Any, is_printable: bool | None = None
) -> list[tuple[tuple[Any, ...], bool, str, str]]:
    """A warning for each value holding a control character or bidi override (written as a YAML escape).

    Such text could drive a terminal or reorder what a person reads; every human output
    shows it escaped, and ``check`` says where it is so someone can decide whether it belongs.
    ``data`` is what ``text`` holds; ``is_printable`` is :func:`printable` of ``text`` when known.
    Most files are proven clean from their text alone: those characters reach a value only as an
    escape (after a backslash) or as themselves; none of them is printable, and the ASCII ones never
    reach a value as themselves (ruamel refuses them; a carriage return is a line break, read as "\\n").
    """
    if "\\" not in text and (text.isascii() or (printable(text) if is_printable is None else is_printable)):
        return []
    return unsafe_value_findings(data)


def unsafe_value_findings(data: Any) -> list[tuple[tuple[Any, ...], bool, str, str]]:
    """What :func:`unsafe_text_findings` reports, found by visiting every key and value of ``data``."""
    found: list[tuple[tuple[Any, ...], bool, str, str]] = []
    stack: list[tuple[tuple[Any, ...], Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str) and unsafe_characters(key):
                    message = _unsafe_message(f"the key {dotted((*path, key))}", key)
                    found.append(((*path, key), True, "warning", message))
                stack.append(((*path, key), value))
        elif isinstance(node, list):
            stack.extend(((*path, i), item) for i, item in enumerate(node))
        elif isinstance(node, str) and unsafe_characters(node):
            found.append((path, False, "warning", _unsafe_message(dotted(path), node)))
    return found


def _unsafe_message(field: str, value: str) -> str:
    chars = list(dict.fromkeys(value[i] for i in unsafe_characters(value)))
    bidi = all(0x202A <= ord(c) <= 0x2069 for c in chars)
    what = "a bidirectional override" if bidi else "a control character"
    shown = ", ".join(visible_line(c) for c in chars[:4]) + (", …" if len(chars) > 4 else "")
    return f"{field} contains {what} (shown as {shown})"
