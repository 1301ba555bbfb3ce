"""Shareable links in the app: read the link a session opens with, keep the address bar in step, show the link.

The whole typed scenario lives in the URL's query string (see :mod:`retention.links` for its names and version):

1. :func:`load_shared_link` runs once per session, before any widget: it reads ``st.query_params`` through
   :func:`retention.links.decode` and puts what it holds into session state, keeping notes on what was left out
   (:func:`draw_link_notes` shows them until dismissed);
2. :func:`sync_link` runs after the page: it writes the current state back into the query string, so the address
   bar is always a link to what is on screen, on every page;
3. :func:`draw_share_box` shows the link with a "Copy link" button and says that uploaded data never goes into it;
4. :func:`shared_numbers` is what the opening link put in the form, while it is still there, so the calculator can
   open on the answer and say what was shared.

Streamlit's ``bind="query-params"`` is not used for these widgets, on purpose (Streamlit 1.67): a bound parameter
is dropped from the URL on every page where its widget is not drawn (so a link copied on the what-if page would lose
the calculator's numbers), ``st.switch_page`` raises ``StreamlitAPIException`` while any bound parameter is in the
URL (it clears the query string, which refuses bound keys), a bound select box writes its translated label rather
than a stable value, and invalid values are dropped silently where a person must be told. One decoder with notes
and one writer keep every page's URL complete and readable.
"""

import html
import json
from urllib.parse import urlsplit

import streamlit as st

from retention.fields import FIELDS
from retention.formatting import format_list, format_quantity
from retention.links import (
    SharedState,
    decode,
    encode,
    query_string,
)
from retention.whatif import CASES, DEFAULT_HORIZON_YEARS, LEVERS, Levers
from retention.words import Words, current_language, words
from ui.markdown import escape
from ui.state import (
    COMPARE_A,
    COMPARE_B,
    CURRENCY,
    HORIZON,
    INDUSTRY,
    LINK_LOADED,
    LINK_NOTES,
    PERIOD,
    PERIOD_DAYS,
    SCENARIOS,
    SHARED_INPUTS,
    current_inputs,
    from_widget,
    load_example,
    load_inputs,
    settings,
)

#: At most this many of the shared numbers are named above the form (the form holds them all).
SHOWN_NUMBERS = 6


def _text() -> Words:
    return words("links")["share"]


def apply_state(state: SharedState, with_inputs: bool = True) -> None:
    """Put a link's state into session state (before the widgets that show it are drawn).

    Without inputs (a hand-written link of settings only) the form keeps the worked example a first visit opens with.
    """
    if with_inputs:
        load_inputs(state.inputs)
    else:
        load_example()
    st.session_state[PERIOD] = state.period
    st.session_state[PERIOD_DAYS] = state.period_days
    st.session_state[CURRENCY] = state.currency
    st.session_state[INDUSTRY] = state.industry
    for name, value in state.levers.as_dict().items():
        st.session_state[name] = float(value)
    st.session_state[HORIZON] = int(state.horizon_years)
    st.session_state[SCENARIOS] = tuple(state.scenarios)
    st.session_state[COMPARE_A], st.session_state[COMPARE_B] = state.compare or (None, None)


def load_shared_link() -> None:
    """Once per session: the numbers of the link it was opened with, and notes on what was left out."""
    if st.session_state.get(LINK_LOADED):
        return
    st.session_state[LINK_LOADED] = True
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    result = decode(params)
    if result.is_link:
        apply_state(result.state, with_inputs=result.has_inputs)
    if result.is_link and result.has_inputs:
        st.session_state[SHARED_INPUTS] = _form_values()
    st.session_state[LINK_NOTES] = params if result.notes else None  # its notes are written when drawn


def _form_values() -> dict[str, float]:
    """The form's filled-in fields as the widgets hold them."""
    return {fld.name: st.session_state[fld.name] for fld in FIELDS if st.session_state.get(fld.name) is not None}


def shared_numbers() -> dict[str, float] | None:
    """The fields (fractions 0-1) the opening link put in the form, while the form still holds exactly them;
    None without such a link or once a number was changed."""
    shared = st.session_state.get(SHARED_INPUTS)
    if shared is None or _form_values() != shared:
        return None
    return {name: from_widget(name, value) for name, value in shared.items()}


def shared_numbers_text(numbers: dict[str, float]) -> str:
    """ "Numbers shared with you: ..." in plain words (markdown, escaped): the first few fields, their count, the
    period and the currency."""
    text, chosen = _text(), settings()
    named = [f"{words('fields')[name]['label']} {format_quantity(name, value, chosen.currency, chosen.period)}"
             for name, value in list(numbers.items())[:SHOWN_NUMBERS]]
    more = text["shared_more"].format(count=len(numbers) - SHOWN_NUMBERS) if len(numbers) > SHOWN_NUMBERS else ""
    listed = format_list(named, more)
    period = words("format")["period_singular"][chosen.period]
    return escape(text["shared_with_you"].format(numbers=listed, period=period, currency=chosen.currency))


def current_levers() -> Levers:
    """The what-if levers as they are now (neutral where a lever was never touched)."""
    return Levers(**{name: float(st.session_state.get(name) or 0.0) for name in LEVERS})


def current_state() -> SharedState:
    """Everything a link carries, as it is in this session now."""
    inputs = {name: value for name, value in current_inputs().items() if value is not None}
    compare = (st.session_state.get(COMPARE_A), st.session_state.get(COMPARE_B))
    chosen = settings()
    return SharedState(
        inputs=inputs,
        period=chosen.period,
        period_days=chosen.period_days,
        currency=chosen.currency,
        industry=st.session_state.get(INDUSTRY),
        language=current_language(),
        levers=current_levers(),
        horizon_years=int(st.session_state.get(HORIZON) or DEFAULT_HORIZON_YEARS),
        scenarios=tuple(st.session_state.get(SCENARIOS, ())),
        compare=compare if all(compare) and compare != CASES else None,
    )


def sync_link() -> None:
    """Write the current state into the address bar when it differs (navigating between pages clears it)."""
    wanted = encode(current_state())
    present = {key: st.query_params.get_all(key) for key in st.query_params}
    if present != {key: [value] for key, value in wanted.items()}:
        st.query_params.from_dict(wanted)


def share_link() -> str:
    """The link to this page with everything on it: the app's address in the browser plus the query string."""
    address = st.context.url or ""
    if address and not urlsplit(address).path:
        address += "/"
    return f"{address}?{query_string(current_state())}"


def _dismiss_notes() -> None:
    st.session_state[LINK_NOTES] = None


def draw_link_notes() -> None:
    """What the opening link held that could not be used, in plain words (in the language of now, so they follow a
    change of language), until the person dismisses it."""
    params = st.session_state.get(LINK_NOTES)
    if not params:
        return
    notes = decode(params).notes
    lines = "\n".join(f"- {escape(note)}" for note in notes)
    with st.container(key="link_notes"):
        st.warning(f"**{escape(words('links')['heading'])}**\n\n{lines}", icon=":material/link_off:")
        st.button(_text()["dismiss"], on_click=_dismiss_notes, key="dismiss_link_notes")


#: The "Copy link" button: a page of its own (``st.iframe``), since copying needs a script; it says "Copied" for a
#: few seconds, also to screen readers. Filled with JSON texts, so nothing in them can end the script.
COPY_BUTTON = """<button id="copy" type="button">{label}</button><span id="said" role="status"></span>
<style>
body {{ margin: 0; font-family: "Source Sans Pro", sans-serif; }}
button {{ font: inherit; font-size: 1rem; padding: 0.4rem 0.9rem; border-radius: 0.5rem; cursor: pointer;
  border: 1px solid #31333f; background: #fff; color: #31333f; min-height: 2.5rem; }}
button:focus-visible {{ outline: 2px solid #1c5ab0; outline-offset: 2px; }}
#said {{ position: absolute; left: -9999px; }}
</style>
<script>
const link = {link}, copy = {copy}, copied = {copied};
const button = document.getElementById("copy"), said = document.getElementById("said");
function fallback() {{
  const area = document.createElement("textarea");
  area.value = link;
  document.body.appendChild(area);
  area.select();
  document.execCommand("copy");
  area.remove();
}}
button.addEventListener("click", async () => {{
  try {{ await navigator.clipboard.writeText(link); }} catch (error) {{ fallback(); }}
  button.textContent = said.textContent = copied;
  setTimeout(() => {{ button.textContent = copy; said.textContent = ""; }}, 4000);
}});
</script>"""


def _script_text(value: str) -> str:
    """A text as a JavaScript string literal that cannot close the script it sits in."""
    return json.dumps(value).replace("<", "\\u003c")


def draw_copy_button(link: str) -> None:
    """A visible "Copy link" button that copies ``link`` and says "Copied"."""
    text = _text()
    st.iframe(COPY_BUTTON.format(label=html.escape(text["copy"]), link=_script_text(link),
                                 copy=_script_text(text["copy"]), copied=_script_text(text["copied"])), height=48)


def draw_share_box() -> None:
    """The link, a "Copy link" button, and what a link never carries."""
    text = _text()
    link = share_link()
    st.header(text["heading"])
    st.caption(escape(text["intro"]))
    with st.container(key="share_link"):
        st.code(link, language=None, wrap_lines=True)
        draw_copy_button(link)
    st.caption(escape(text["uploads"]), help=None)
