"""Figures from an order log (DESIGN §3): the period table (``period_table``), cohorts (``cohorts``) and buying
habits (``habits``), all counted from the log's (customer, period) cells (``cells``) under the order-log rules of
``order_log`` (what the log must hold, which day an order falls on).
"""
