"""Buy 'til you die: the customer summary, the BG/NBD purchase and Gamma-Gamma spend models (fitted by maximum
likelihood), predicted lifetime value, the whole forecast of an order log, and a simulator of such logs.
"""
