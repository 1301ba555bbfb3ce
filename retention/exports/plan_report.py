"""The action plan on one page, in the report's style (:mod:`retention.exports.report`): the steps, what each is
worth, the sizes of the customer lists behind them, the date and the link back. Every text is escaped."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from retention.exports.report import REPORT_CSS, escaped, safe_link
from retention.formatting import format_date, format_number
from retention.words import current_language, plural, words

__all__ = ["PlanStep", "plan_html"]


@dataclass(frozen=True)
class PlanStep:
    """One step of the plan as printed: its name, first steps, figures in words, worth in words ("" for none), and
    (list name, customers) of its lists."""

    name: str
    steps: Sequence[str]
    figures: Sequence[str]
    worth: str
    lists: Sequence[tuple[str, int]]


def _step_html(number: int, step: PlanStep) -> str:
    text = words("plan")
    figures = "".join(f"<p>{escaped(figure)}</p>" for figure in step.figures)
    steps = "".join(f"<li>{escaped(line)}</li>" for line in step.steps)
    worth = f'<p class="hint">{escaped(step.worth)}</p>' if step.worth else ""
    lists = "".join(
        f'<p class="muted">{escaped(plural(text["print_list"][name], count).format(count=format_number(count)))}</p>'
        for name, count in step.lists)
    return (f"<h2>{escaped(text['step'].format(number=number, topic=step.name))}</h2>{figures}"
            f"<ol>{steps}</ol>{worth}{lists}")


def plan_html(steps: Sequence[PlanStep], made: date, link: str) -> bytes:
    """The plan as a standalone HTML page (UTF-8), for printing or sending."""
    text = words("plan")
    made_on = text["made_on"].format(date=format_date(made))
    body = (f"<h1>{escaped(text['title'])}</h1><p class=\"muted\">{escaped(made_on)}</p>"
            + "".join(_step_html(number, step) for number, step in enumerate(steps, 1))
            + f"<p>{safe_link(link)}</p>")
    return (f'<!DOCTYPE html><html lang="{current_language()}"><head><meta charset="utf-8">'
            f"<title>{escaped(text['title'])}</title><style>{REPORT_CSS}</style></head><body>{body}</body></html>"
            ).encode()
