"""Shared test settings: hypothesis runs without timing limits (the machine is small and shared). Under CI=true it
tries the same examples on every run (derandomize), so a run's result does not depend on its random seed; elsewhere
each run draws new ones."""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "project", settings.get_profile("default"), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "project-ci", settings.get_profile("project"), derandomize=True, max_examples=100, print_blob=True
)
settings.load_profile("project-ci" if os.environ.get("CI", "").lower() == "true" else "project")
