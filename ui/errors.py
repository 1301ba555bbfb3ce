"""Errors in view (issue 15 point 4): the calculator's errors listed at the top as links to their fields, each field
in error outlined and marked ``aria-invalid``, focus on the first one after "Calculate", and the question "Did you
mean 40%?" beside a percentage typed as a share. The other pages' number boxes (the economics boxes of Your data
and What if, the Forecast form) mark theirs the same way with :func:`mark_widgets`.

Streamlit offers neither anchors on widgets nor ``aria-invalid``: the outline is CSS keyed on the widget's container
(``st-key-<field>``), and a small script gives each field in error its anchor (``id="field-<field>"``), marks its
input and moves the focus.
"""

import json
from uuid import uuid4

import streamlit as st

from retention import FIELDS
from retention.metrics.validation import field_label, percent_question, percent_text
from retention.words import words
from ui.markdown import escape
from ui.state import to_widget

OUTLINE = '.st-key-{name} [data-testid="stNumberInputContainer"] {{ outline: 2px solid #c62828; outline-offset: 2px; }}'
#: Marks the fields in error (and only them), gives each its anchor, focuses the first when asked. The fields may
#: be drawn after the script runs, so it retries for a few seconds; while a rerun redraws the page, Streamlit keeps
#: the old copy of a field (marked ``data-stale``) beside the new one, so the live copy is the one chosen, and the
#: focus is given again for a few seconds if the copy that had it goes away (unless the person has moved on).
MARK_SCRIPT = """<script>
(() => {
  const names = %(names)s, focus = %(focus)s;  // focus: the field to focus, or null
  const marked = (name) => {
    const inputs = [...document.querySelectorAll(`.st-key-${name} input`)];
    return inputs.filter((input) => !input.closest('[data-stale="true"]')).pop() || inputs.pop();
  };
  let tries = 0;
  const mark = () => {
    if (names.some((name) => !marked(name)) && tries++ < 50) { setTimeout(mark, 100); return; }
    document.querySelectorAll("input[data-field-error]").forEach((input) => {
      input.removeAttribute("aria-invalid");
      input.removeAttribute("data-field-error");
    });
    for (const name of names) {
      const input = marked(name);
      if (!input) continue;
      input.closest(`.st-key-${name}`).id = `field-${name}`;
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("data-field-error", "");
    }
    if (focus) keepFocus(0);
  };
  const keepFocus = (checks) => {  // every 100 ms for 5 s, until the person moves the focus elsewhere
    const live = marked(focus), now = document.activeElement;
    const lost = !now || now === document.body || !now.isConnected || now.closest('[data-stale="true"]');
    if (checks > 0 && now !== live && !lost) return;
    if (live && now !== live) { live.scrollIntoView({block: "center"}); live.focus({preventScroll: true}); }
    if (checks < 50) setTimeout(() => keepFocus(checks + 1), 100);
  };
  mark();
  if (!window.fieldLinksFocus) {  // once per page: a link to a field also focuses it
    window.fieldLinksFocus = true;
    document.addEventListener("click", (event) => {
      const link = event.target.closest('a[href^="#field-"]');
      if (link) setTimeout(() => marked(link.hash.slice(7))?.focus({preventScroll: true}), 0);
    });
  }
})();
// %(run)s
</script>"""


def in_form_order(errors: dict[str, str]) -> list[str]:
    """The fields in error, in the order of the form."""
    return [field.name for field in FIELDS if field.name in errors]


def anchor(name: str) -> str:
    return f"field-{name}"


def draw_error_links(errors: dict[str, str]) -> None:
    """The summary of the errors at the top: how many, then each field as a link to it with its message."""
    text = words("app")["calculator"]
    links = [f"- [{escape(field_label(name))}](#{anchor(name)}): {escape(errors[name])}"
             for name in in_form_order(errors)]
    st.warning("\n".join([text["errors_summary"].format(count=len(errors)), "", *links]),
               icon=":material/warning:")


def use_value(name: str, value: float) -> None:
    """Put a field value (fractions 0-1) into its widget."""
    st.session_state[name] = to_widget(name, value)


def draw_percent_question(name: str, typed: float, meant: float) -> None:
    """Beside a field: "Did you mean 40%?" and a button that puts 40% in."""
    st.warning(escape(percent_question(name, typed, meant)), icon=":material/help:")
    label = words("app")["calculator"]["use_percent"].format(value=percent_text(meant))
    st.form_submit_button(label, key=f"use_{name}", on_click=use_value, args=(name, meant))


def draw_percent_button(name: str, typed: float, meant: float, key: str, on_click, args=()) -> None:
    """Outside a form: "Did you mean 40 %?" and a button that calls ``on_click(*args)`` to put 40 % in."""
    st.warning(escape(percent_question(name, typed, meant)), icon=":material/help:")
    label = words("app")["calculator"]["use_percent"].format(value=percent_text(meant))
    st.button(label, key=key, on_click=on_click, args=args)


def mark_fields(errors: dict[str, str], focus: bool, blank: bool = False) -> None:
    """Outline and mark the fields in error; ``focus`` moves the focus to the first one (after "Calculate"),
    ``blank`` to the form's first field (after "Start from blank")."""
    names = in_form_order(errors)
    target = FIELDS[0].name if blank else (names[0] if focus and names else None)
    mark_widgets(names, target)


def mark_widgets(names: list[str], target: str | None) -> None:
    """Outline and mark the number boxes with these widget keys (in the page's order) as in error; ``target``, a
    widget key or None, is scrolled into view and focused."""
    if names:
        st.html("<style>" + "\n".join(OUTLINE.format(name=name) for name in names) + "</style>")
    # A new run id after "Calculate" makes the page run the script again even when the errors have not changed.
    script = MARK_SCRIPT % {"names": json.dumps(names), "focus": json.dumps(target),
                            "run": uuid4().hex if target else ""}
    st.html(script, unsafe_allow_javascript=True)
