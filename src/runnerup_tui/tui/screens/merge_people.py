"""Two records of one person side by side, and merging them: for each field they fill differently, a choice.

The kept record's value is chosen at first (as ``runnerup merge-people`` does); Enter switches a field
to the other's. ``w`` swaps which record is kept. The merge runs through the same use case as the CLI,
refused if either file changed since it was shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from runnerup_tui.actions import MergePlan
from runnerup_tui.domain.safe_text import visible_line
from runnerup_tui.session import LibrarySession
from runnerup_tui.store.wording import dotted
from runnerup_tui.tui.acting import announce_failure, announce_saved, run_save
from runnerup_tui.tui.messages import Saved, SaveFailed


def value_text(value: Any, limit: int = 60) -> str:
    """A field's value on one line, safe to show: dates as ISO, long text cut."""
    if isinstance(value, (dt.date, dt.datetime)):
        text = value.isoformat()
    else:
        text = " ".join(str(value).split())
    text = visible_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def record_text(cid: str, data: dict[str, Any]) -> Content:
    """What one record says, in short: name and id, headline, contact, and how much it holds."""
    contact = data.get("contact") if isinstance(data.get("contact"), dict) else {}
    lines: list[tuple[str, str] | str] = [(value_text(data.get("name", cid)), "bold"), f"\n{visible_line(cid)}"]
    for label, value in (
        ("headline", data.get("headline")),
        ("location", data.get("location")),
        ("email", contact.get("email")),
        ("phone", contact.get("phone")),
        ("LinkedIn", contact.get("linkedin")),
        ("fit", data.get("fit")),
        ("owner", data.get("owner")),
    ):
        if value:
            lines.append(f"\n{label}: {value_text(value, 34 - len(label))}")  # one line in half of 80 columns
    counts = [
        f"{len(data[key])} {word}{'s' * (len(data[key]) != 1)}"
        for key, word in (("interviews", "interview"), ("history", "touchpoint"))
        if isinstance(data.get(key), list)
    ]
    if counts:
        lines.append("\n" + ", ".join(counts))
    skills = [str(s) for s in data.get("skills") or [] if s is not None]
    if skills:
        lines.append(f"\nskills: {value_text(', '.join(skills), 28)}")
    return Content.assemble(*lines)


class MergeScreen(Screen[str | None]):
    """Compare two records and merge one into the other; dismisses with the kept id once merged, else None."""

    AUTO_FOCUS = "#merge-choices"

    BINDINGS = [
        Binding("space", "pick", "Choose", show=False, id="runnerup.merge.pick"),
        Binding("w", "swap", "Swap kept", id="runnerup.merge.swap"),
        Binding("m,ctrl+s", "merge", "Merge", id="runnerup.merge.merge"),
        Binding("escape", "close", "Back", id="runnerup.merge.close"),
    ]

    @dataclass
    class Planned(Message):
        """Both records read in a worker, with where they differ."""

        plan: MergePlan | None
        error: str = ""

    def __init__(self, session: LibrarySession, keep: str, other: str) -> None:
        super().__init__()
        self.session = session
        self.keep, self.other = keep, other
        self.plan: MergePlan | None = None
        self.take_other: set[tuple[Any, ...]] = set()
        self.merging = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("Reading both records…", id="merge-intro", markup=False)
        with Horizontal(id="merge-records"):
            yield Static("", id="merge-keep", markup=False)
            yield Static("", id="merge-other", markup=False)
        yield OptionList(id="merge-choices")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Merge two records"
        self.query_one("#merge-keep").border_title = "Keep"
        self.query_one("#merge-other").border_title = "Merge in, then remove"
        self.query_one("#merge-choices").border_title = "Where they differ: Enter picks the value to keep"
        self._read(self.keep, self.other)

    @work(thread=True, exclusive=True, exit_on_error=False, group="merge-plan")
    def _read(self, keep: str, other: str) -> None:
        from runnerup_tui.domain.problems import RunnerupError

        try:
            self.post_message(self.Planned(self.session.plan_merge(keep, other)))
        except RunnerupError as err:
            self.post_message(self.Planned(None, visible_line(str(err))))

    def on_merge_screen_planned(self, message: Planned) -> None:
        intro = self.query_one("#merge-intro", Label)
        if message.plan is None:
            intro.update(f"Cannot merge: {message.error}")
            return
        self.plan = plan = message.plan
        self.take_other = set()
        self.query_one("#merge-keep", Static).update(record_text(plan.keep_id, plan.keep_data))
        self.query_one("#merge-other", Static).update(record_text(plan.other_id, plan.other_data))
        intro.update(
            f"Keep {visible_line(plan.keep_name)}, bring in {visible_line(plan.other_name)}'s history and lists, "
            f"then remove {visible_line(plan.other_id)}.yaml — w swaps which is kept, m merges."
        )
        self._show_choices()
        self.refresh_bindings()

    def _choice_prompt(self, path: tuple[Any, ...], keep: Any, other: Any) -> Content:
        plan = self.plan
        assert plan is not None
        theirs = path in self.take_other
        return Content.assemble(
            (dotted(path), "bold"),
            "\n",
            ("● " if not theirs else "○ ", "$text-accent"),
            f"{value_text(keep)}  ({visible_line(plan.keep_id)})",
            "\n",
            ("● " if theirs else "○ ", "$text-accent"),
            f"{value_text(other)}  ({visible_line(plan.other_id)})",
        )

    def _show_choices(self) -> None:
        plan = self.plan
        if plan is None:
            return
        choices = self.query_one("#merge-choices", OptionList)
        keep = choices.highlighted or 0
        choices.set_options(
            Option(self._choice_prompt(d.path, d.keep, d.other), id=dotted(d.path)) for d in plan.differences
        )
        if plan.differences:
            choices.highlighted = min(keep, len(plan.differences) - 1)
        else:
            choices.set_options([Option("They fill no field differently: nothing to choose.", disabled=True)])

    @on(OptionList.OptionSelected, "#merge-choices")
    def _chosen(self) -> None:
        self.action_pick()

    def action_pick(self) -> None:
        """Switch the highlighted field between the kept record's value and the other's."""
        plan = self.plan
        index = self.query_one("#merge-choices", OptionList).highlighted
        if plan is None or index is None or index >= len(plan.differences):
            return
        path = plan.differences[index].path
        self.take_other ^= {path}
        self._show_choices()

    def action_swap(self) -> None:
        """Keep the other record instead (its file stays, this one's goes)."""
        if self.merging:
            return
        self.keep, self.other = self.other, self.keep
        self.plan = None
        self.query_one("#merge-intro", Label).update("Reading both records…")
        self._read(self.keep, self.other)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Merging and choosing need both records read."""
        if action in ("merge", "pick", "swap"):
            return True if self.plan is not None and not self.merging else None
        return True

    def action_merge(self) -> None:
        from runnerup_tui.actions import merge_people

        plan = self.plan
        if plan is None or self.merging:
            return
        self.merging = True
        self.refresh_bindings()
        take = tuple(sorted(self.take_other))
        summary = f"Merged {plan.other_name} into {plan.keep_name}"
        run_save(
            self,
            lambda: Saved(
                *self.session.act(
                    lambda opened: merge_people(
                        opened, plan.keep_id, plan.other_id, take_other=take, expected=plan.hashes
                    )
                ),
                summary,
            ),
        )

    def on_saved(self, message: Saved) -> None:
        announce_saved(self, self.session, message)
        dropped = getattr(message.written, "dropped", ())
        if dropped:
            self.notify(f"{len(dropped)} value{'s' * (len(dropped) != 1)} left out, listed in the commit message")
        self.dismiss(message.written.id)

    def on_save_failed(self, message: SaveFailed) -> None:
        self.merging = False
        announce_failure(self, message)
        self._read(self.keep, self.other)  # show the records as they are now
        self.refresh_bindings()

    def action_close(self) -> None:
        self.dismiss(None)
