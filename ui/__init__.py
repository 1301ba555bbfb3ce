"""The thin Streamlit shell's shared pieces: session state, sidebar settings, cards and charts.

Imports flow one way: pages -> ui -> retention. Nothing here computes a metric.
"""
