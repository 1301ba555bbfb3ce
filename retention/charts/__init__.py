"""Charts: data frames in, Altair charts out; the only part of ``retention`` that imports altair.

``common`` (shared settings and titles), ``metrics`` (the calculator's bridges, NPS and CLV build-up), ``orders``
(from an order log), ``forecast``, ``whatif``, ``comparison`` ("how you compare") and ``pictures`` (PNG and SVG).
"""
