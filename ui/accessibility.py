"""Fixes to Streamlit's own markup that axe-core finds (issue 15 point 7), drawn once on every page.

- Captions: Streamlit's grey is 3.9:1 on white, under WCAG's 4.5:1; they take the text colour, a little lighter.
- The day and month of a date field are targets under 24 px (WCAG 2.5.8): they get that size.
- The upload box is a ``section`` with ``role="presentation"`` and a label, a conflict: it becomes a group.
- A chart's drawing has no name of its own: it takes its title's words, which state the finding.
"""

from uuid import uuid4

import streamlit as st

STYLE = """<style>
[data-testid="stCaptionContainer"] { color: inherit; opacity: 0.8; }
[role="spinbutton"][contenteditable] { display: inline-block; min-width: 24px; min-height: 24px; text-align: center; }
button[data-selected="true"] [data-testid="stMarkdownContainer"] p { color: #9b1c1c; }
</style>"""
#: Streamlit draws upload boxes and charts after this runs and again on each rerun: a watcher fixes each one as it
#: appears (a chart again when its title changes).
SCRIPT = """<script>
(() => {
  if (window.markupFixed) return;
  window.markupFixed = true;
  const fix = () => {
    document.querySelectorAll('[data-testid="stFileUploaderDropzone"][role="presentation"]')
      .forEach((zone) => zone.setAttribute("role", "group"));
    document.querySelectorAll('[data-testid="stVegaLiteChart"] svg').forEach((drawing) => {
      const title = [...drawing.querySelectorAll(".role-title-text text")]  // a line per tspan when wrapped
        .flatMap((text) => (text.children.length ? [...text.children] : [text])).map((line) => line.textContent)
        .join(" ");
      if (title && drawing.getAttribute("aria-label") !== title) {
        drawing.setAttribute("role", "graphics-document");
        drawing.setAttribute("aria-label", title);
      }
    });
  };
  fix();
  new MutationObserver(fix).observe(document.body, {childList: true, subtree: true});
})();
</script>"""


def draw_page_fixes() -> None:
    st.html(STYLE)
    st.html(SCRIPT, unsafe_allow_javascript=True)


#: Set for the next run of a page opened by a button further down another page (Streamlit keeps the scroll position
#: when it switches pages): that run scrolls to the top, where the page says what it opened on.
SCROLL_TOP = "_scroll_to_top"
SCROLL_SCRIPT = """<script>
(() => {
  let tries = 0;
  const up = () => {
    const main = document.querySelector('[data-testid="stMain"]');
    if (main) main.scrollTo(0, 0);
    if (tries++ < 10) setTimeout(up, 100);  // again while the page is still being drawn
  };
  up();
})();
// %(run)s
</script>"""


def scroll_to_top_if_asked() -> None:
    if st.session_state.pop(SCROLL_TOP, False):
        st.html(SCROLL_SCRIPT % {"run": uuid4().hex}, unsafe_allow_javascript=True)
