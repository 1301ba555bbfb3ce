"""Figures from an order log (DESIGN §3): the period table, cohorts and buying habits."""
