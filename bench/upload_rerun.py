"""What a rerun of "Your data" costs after an upload: CPU seconds of the script run, in this checkout and, with
``--before``, in another one (an earlier commit), each in its own process in the same run.

The upload is the shipped sample log (22,000 orders) as a file; each rerun changes the loyalty window between 4
and 5 months, so after the first two every rerun is of settings seen before (as when someone moves back and forth
or a widget elsewhere on the page changes). Prints the median CPU time of the last 5 reruns and the ratio.

Usage: .venv/bin/python bench/upload_rerun.py [--before PATH]
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MEASURE = """
import statistics, time
from tests.apptest import app_test
from ui.orders import SAMPLE_ORDERS
app = app_test("your_data").run()
app.file_uploader(key="upload_transactions").upload("orders.csv", SAMPLE_ORDERS.read_bytes(), "text/csv").run()
times = []
for value in (4, 5, 4, 5, 4, 5):
    start = time.process_time()
    app.number_input(key="data_loyal").set_value(value).run()
    times.append(time.process_time() - start)
assert not app.exception
print(statistics.median(times[1:]))
"""


def rerun_seconds(root: Path) -> float:
    """The median CPU seconds of a rerun in the checkout at ``root``, measured in a fresh process."""
    done = subprocess.run([sys.executable, "-c", MEASURE], cwd=root, env={**os.environ, "PYTHONPATH": str(root)},
                          capture_output=True, text=True, check=True)
    return float(done.stdout.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="another checkout, measured the same way in the same run")
    arguments = parser.parse_args()
    now = rerun_seconds(ROOT)
    print(f"this checkout: {now:.3f} s of CPU a rerun")
    if arguments.before:
        before = rerun_seconds(arguments.before)
        print(f"before ({arguments.before}): {before:.3f} s of CPU a rerun; now / before = {now / before:.2f}")


if __name__ == "__main__":
    main()
