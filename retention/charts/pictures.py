"""Charts as pictures: SVG and PNG drawn without a browser (vl-convert), and a chart's title as text.

>>> import altair as alt
>>> chart_title(alt.Chart(title=alt.TitleParams(["Retention fell", "in March"])).mark_bar())
'Retention fell in March'
"""

import altair as alt

__all__ = ["CHART_WIDTH", "chart_png", "chart_svg", "chart_title"]

#: Width of charts drawn as pictures, in pixels (the report shows two side by side).
CHART_WIDTH = 560


def _picture_spec(chart: alt.TopLevelMixin, width: int = CHART_WIDTH) -> dict:
    """The chart's Vega-Lite with a fixed width and a white background (a page has no Streamlit theme)."""
    spec = chart.to_dict()
    if "vconcat" not in spec and "hconcat" not in spec and "facet" not in spec:
        spec["width"] = width
    spec["background"] = "white"
    return spec


def chart_svg(chart: alt.TopLevelMixin, width: int = CHART_WIDTH) -> str:
    """The chart as SVG text (scales without blur)."""
    import vl_convert

    return vl_convert.vegalite_to_svg(_picture_spec(chart, width))


def chart_png(chart: alt.TopLevelMixin, width: int = CHART_WIDTH, scale: float = 2) -> bytes:
    """The chart as a PNG picture, drawn at twice the pixels for sharp print."""
    import vl_convert

    return vl_convert.vegalite_to_png(_picture_spec(chart, width), scale=scale)


def chart_title(chart: alt.TopLevelMixin) -> str:
    """The chart's title as one line of text (for picture captions and alt texts).

    Read from the chart object itself: turning a chart into its specification to find the title costs ~20 ms.
    """
    title = getattr(chart, "title", alt.Undefined)
    if isinstance(title, alt.TitleParams):
        title = title.text
    if title is alt.Undefined:
        return ""
    text = " ".join(title) if isinstance(title, list) else str(title)
    return text.replace("\u00a0", " ")
