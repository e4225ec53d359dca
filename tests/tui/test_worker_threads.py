"""Widgets are touched only from the UI thread: thread workers compute, the UI thread applies.

Textual's widgets are not thread-safe: a ``query_one`` or an ``update`` from a worker thread
races the compositor. This reads the source of the app package and finds every function that
runs in a thread (``@work(thread=True)``, ``run_worker(f, thread=True)``,
``asyncio.to_thread(f)``); none may call a widget method itself. Handing a bound method to
``call_from_thread`` is fine, since the call runs on the UI thread, but evaluating
``self.query_one(...)`` to get that method is not.
"""

from __future__ import annotations

import ast
from pathlib import Path

import runnerup_tui.tui

PACKAGE = Path(runnerup_tui.tui.__file__).parent

# Widget (and DOM) calls that must run on the UI thread.
WIDGET_CALLS = {"query", "query_one", "query_exactly_one", "update", "mount", "remove", "remove_children"}
WIDGET_CALLS |= {"set_options", "focus", "dismiss", "push_screen", "notify"}  # not refresh: the session has one


def _is_true(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def _threaded_work_decorator(decorator: ast.expr) -> bool:
    """``@work(thread=True, ...)``."""
    if not isinstance(decorator, ast.Call):
        return False
    name = decorator.func.attr if isinstance(decorator.func, ast.Attribute) else getattr(decorator.func, "id", "")
    return name == "work" and any(k.arg == "thread" and _is_true(k.value) for k in decorator.keywords)


def _thread_target(call: ast.Call) -> ast.expr | None:
    """The function a call hands to a thread: ``run_worker(f, thread=True)``, ``asyncio.to_thread(f)``."""
    name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
    if not call.args:
        return None
    if name == "run_worker" and any(k.arg == "thread" and _is_true(k.value) for k in call.keywords):
        return call.args[0]
    if name == "to_thread":
        return call.args[0]
    return None


def _definitions(tree: ast.Module) -> dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]]:
    found: dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found.setdefault(node.name, []).append(node)
    return found


def threaded_code(source: str) -> list[tuple[str, ast.AST]]:
    """Every function (or lambda) of ``source`` that runs in a worker thread, with a name for it."""
    tree = ast.parse(source)
    definitions = _definitions(tree)
    threaded: list[tuple[str, ast.AST]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(
            _threaded_work_decorator(d) for d in node.decorator_list
        ):
            threaded.append((node.name, node))
        elif isinstance(node, ast.Call) and (target := _thread_target(node)) is not None:
            if isinstance(target, ast.Lambda):
                threaded.append(("lambda", target))
            else:  # a local function or a method of ours, by name; others (the session's) hold no widgets
                name = target.id if isinstance(target, ast.Name) else getattr(target, "attr", "")
                on_self = isinstance(target, ast.Attribute) and getattr(target.value, "id", "") == "self"
                is_ours = isinstance(target, ast.Name) or on_self
                if is_ours:
                    threaded += [(name, definition) for definition in definitions.get(name, [])]
    return threaded


def widget_calls_in_threads(source: str) -> list[str]:
    """``name:line: .call()`` for every widget call made in a worker thread of ``source``.

    Any call in the thread's code runs in the thread, including the arguments given to
    ``call_from_thread``; only the callable it is handed runs on the UI thread.
    """
    found = []
    for name, function in threaded_code(source):
        for node in ast.walk(function):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WIDGET_CALLS:
                found.append(f"{name}:{node.lineno}: .{node.func.attr}()")
    return found


def test_the_checker_tells_a_widget_call_in_a_thread_from_one_handed_to_the_ui_thread():
    source = """
class Screen:
    @work(thread=True, exclusive=True)
    def bad(self):
        self.app.call_from_thread(self.query_one("#x").update, "text")

    @work(thread=True)
    def also_bad(self):
        self.query_one(Label).update("text")

    @work(thread=True)
    def good(self):
        self.app.call_from_thread(self._show, self.session.read())
        self.post_message(Done())

    @work(exclusive=True)
    async def on_the_ui_thread(self):
        self.query_one(Label).update("text")

    def start(self):
        def save():
            self.notify("saved")

        self.run_worker(save, thread=True)
        self.run_worker(lambda: self.mount(Label()), thread=True)
        self.run_worker(self.good, thread=True)
"""
    found = widget_calls_in_threads(source)
    assert found == [
        "bad:5: .query_one()",
        "also_bad:9: .update()",
        "also_bad:9: .query_one()",
        "save:22: .notify()",
        "lambda:25: .mount()",
    ]


def test_no_worker_thread_in_the_app_touches_a_widget():
    offenders = []
    threads = 0
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        threads += len(threaded_code(source))
        offenders += [f"{path.relative_to(PACKAGE)}:{where}" for where in widget_calls_in_threads(source)]
    assert threads >= 10  # the checker does find the app's thread workers
    assert offenders == [], "widget calls from a worker thread (hand a method to call_from_thread, or post a message)"
