"""The metric set of DESIGN §2: formulas, the registry, computing them from inputs, validation, benchmarks.

``formulas`` defines each formula once; ``registry`` names each metric (key, unit, which direction is better);
``computing`` turns any subset of the input fields into results with their worked formulas; ``validation`` finds
impossible numbers in the user's words; ``benchmarks`` judges a figure; ``example`` is the calculator's worked
example.
"""
