"""The fitted purchase model's own chance still a customer, on a grid of repeat purchases and recency.

:func:`alive_matrix` asks the fitted :class:`retention.btyd.bgnbd.BGNBD` for P(alive | x, t_x, T) at every
frequency x = 0, 1, ..., x_max and every time since the last purchase T − t_x = 0, s, 2s, ... up to T, for one
customer age T (time since the first purchase): the median age of the customers, in whole time units. So the matrix
is the model's view, not an average of the customers who happen to fall in a cell.

>>> model = BGNBD(r=0.243, alpha=4.414, a=0.793, b=2.426, time_unit="W")  # CDNOW, weeks (Fader et al. 2005)
>>> summary = pd.DataFrame({"frequency": [0, 1, 2, 7], "recency": [0.0, 10.0, 30.0, 35.0], "T": [38.9] * 4})
>>> matrix = alive_matrix(model, summary)
>>> int(matrix["frequency"].max()), float(matrix["T"].iloc[0]), sorted(set(matrix["since_last"]))[:3]
(7, 39.0, [0.0, 4.0, 8.0])
>>> round(float(matrix.query("frequency == 2 and since_last == 8")["probability"].iloc[0]), 3)
0.732
"""

import math

import numpy as np
import pandas as pd

from retention.btyd.bgnbd import BGNBD

__all__ = ["MATRIX_ROWS", "MAX_FREQUENCY", "alive_matrix", "matrix_age", "matrix_frequencies", "typical_frequency"]

#: The matrix goes up to the 99th percentile of the customers' repeat purchases, and at most this many.
MAX_FREQUENCY = 30
FREQUENCY_QUANTILE = 99
#: About this many steps of time since the last purchase, each a whole number of time units.
MATRIX_ROWS = 12


def matrix_frequencies(summary: pd.DataFrame) -> np.ndarray:
    """0, 1, ..., the 99th percentile of the customers' repeat purchases rounded up (at least 1, at most 30)."""
    upper = math.ceil(np.percentile(summary["frequency"].to_numpy(float), FREQUENCY_QUANTILE))
    return np.arange(min(MAX_FREQUENCY, max(1, upper)) + 1)


def matrix_age(summary: pd.DataFrame) -> float:
    """The customers' median age T (time since the first purchase), in whole time units, at least 1."""
    return float(max(1, round(float(np.median(summary["T"].to_numpy(float))))))


def typical_frequency(summary: pd.DataFrame) -> int:
    """The median repeat purchases of the customers who bought again, rounded down (1 when none did)."""
    repeat = summary["frequency"].to_numpy(float)
    repeat = repeat[repeat > 0]
    return int(np.median(repeat)) if len(repeat) else 1


def alive_matrix(model: BGNBD, summary: pd.DataFrame, rows: int = MATRIX_ROWS) -> pd.DataFrame:
    """The model's chance still a customer on a grid, one row per cell.

    Columns ``frequency`` x (:func:`matrix_frequencies`), ``since_last`` (T − t_x: 0, s, 2s, ... <= T, with s the
    whole number of time units nearest above T / ``rows``), ``recency`` t_x, ``T`` (:func:`matrix_age`, the same on
    every row) and ``probability``: P(alive) = 1 / (1 + a / (b + x − 1) · ((α + T) / (α + t_x))^(r + x)) for x > 0,
    and 1 for x = 0 (a customer leaves only right after a repeat purchase), as :meth:`BGNBD.probability_alive`.
    """
    age = matrix_age(summary)
    step = float(max(1, math.ceil(age / rows)))
    since_last = np.arange(0.0, age + 1e-9, step)
    frequency, since = (grid.ravel() for grid in np.meshgrid(matrix_frequencies(summary), since_last))
    cells = pd.DataFrame({"frequency": frequency, "since_last": since, "recency": age - since, "T": age})
    cells.attrs["time_unit"] = model.time_unit
    cells["probability"] = model.probability_alive(cells).to_numpy()
    return cells
