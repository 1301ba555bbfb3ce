"""The model's own probability-alive matrix: its grid, and its cells against the formula worked by hand."""

import numpy as np
import pandas as pd
import pytest

from retention.btyd.alive_matrix import alive_matrix, matrix_age, matrix_frequencies, typical_frequency
from retention.btyd.bgnbd import BGNBD

PUBLISHED = BGNBD(r=0.243, alpha=4.414, a=0.793, b=2.426, time_unit="W")  # CDNOW, weeks (Fader et al. 2005)


def summary_of(frequency, ages) -> pd.DataFrame:
    return pd.DataFrame({"frequency": frequency, "recency": [0.0] * len(frequency), "T": ages})


def by_hand(x: int, t_x: float, age: float) -> float:
    r, alpha, a, b = 0.243, 4.414, 0.793, 2.426
    return 1 / (1 + a / (b + x - 1) * ((alpha + age) / (alpha + t_x)) ** (r + x))


def test_grid_up_to_the_99th_percentile_at_the_median_age():
    summary = summary_of([*range(100), 500], [10.0] * 50 + [60.4] * 51)
    # the 99th percentile of 0..99 and 500 is 99: capped at 30; the median age 60.4 rounds to 60 weeks
    assert matrix_frequencies(summary).tolist() == list(range(31))
    assert matrix_age(summary) == 60.0
    matrix = alive_matrix(PUBLISHED, summary)
    # steps of ceil(60 / 12) = 5 weeks since the last purchase, 0 to 60
    assert sorted(set(matrix["since_last"])) == [5.0 * k for k in range(13)]
    assert len(matrix) == 31 * 13
    assert (matrix["recency"] == 60 - matrix["since_last"]).all() and (matrix["T"] == 60).all()


def test_small_grids():
    assert matrix_frequencies(summary_of([0, 0, 0], [3.0] * 3)).tolist() == [0, 1]
    assert matrix_frequencies(summary_of([0, 1, 2, 3], [3.0] * 4)).tolist() == [0, 1, 2, 3]
    assert matrix_age(summary_of([0], [0.2])) == 1.0
    assert typical_frequency(summary_of([0, 0, 2, 3, 8], [9.0] * 5)) == 3
    assert typical_frequency(summary_of([0, 0], [9.0] * 2)) == 1


@pytest.mark.parametrize(("x", "since"), [(1, 0.0), (2, 8.0), (7, 20.0), (7, 36.0)])
def test_cells_by_hand(x, since):
    summary = summary_of([0, 1, 2, 7], [38.9] * 4)  # age 39 weeks, steps of 4, frequencies 0..7
    matrix = alive_matrix(PUBLISHED, summary)
    cell = matrix[(matrix["frequency"] == x) & (matrix["since_last"] == since)]
    expected = by_hand(x, 39 - since, 39)
    assert cell["probability"].item() == pytest.approx(expected, rel=1e-12)
    single = pd.DataFrame({"frequency": [x], "recency": [39 - since], "T": [39.0]})
    assert cell["probability"].item() == pytest.approx(PUBLISHED.probability_alive(single).item(), rel=1e-12)


def test_by_hand_values_and_one_time_buyers():
    matrix = alive_matrix(PUBLISHED, summary_of([0, 1, 2, 7], [38.9] * 4))
    assert by_hand(2, 31.0, 39.0) == pytest.approx(0.732331, abs=1e-6)
    assert (matrix.loc[matrix["frequency"] == 0, "probability"] == 1).all()  # no sign they left
    # more time without a purchase, lower chance; for x > 0 strictly
    for x, row in matrix[matrix["frequency"] > 0].groupby("frequency"):
        assert np.all(np.diff(row.sort_values("since_last")["probability"]) < 0), x
