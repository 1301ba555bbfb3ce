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


# --- a throwaway PostgreSQL server for the tests marked ``postgres`` (tests/postgres_cluster.py) ---------------

import pytest  # noqa: E402

from tests.postgres_cluster import INSTALL, binaries, start_cluster  # noqa: E402

#: The read-only role the app's tests connect as, like the one docs/deploy.md has a newcomer create.
READER, READER_PASSWORD = "retention_reader", "Rd-pw-7f3c9e1a"


@pytest.fixture(scope="session")
def postgres_cluster():
    """A PostgreSQL cluster on 127.0.0.1 with a read-only role ``READER`` that may read every table of ``public``.
    Outside CI it skips when PostgreSQL is not installed; under CI=true that fails instead."""
    if binaries() is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"PostgreSQL is not installed, and CI must run the postgres tests: {INSTALL}")
        pytest.skip(f"PostgreSQL is not installed: {INSTALL}")
    import ibis

    cluster = start_cluster()
    try:
        admin = ibis.connect(cluster.url())
        admin.raw_sql(f"CREATE ROLE {READER} LOGIN PASSWORD '{READER_PASSWORD}';"
                      f"GRANT USAGE ON SCHEMA public TO {READER};"
                      f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO {READER};").close()
        cluster.admin = admin
        cluster.reader_url = cluster.url(READER, READER_PASSWORD)
        yield cluster
        admin.disconnect()
    finally:
        cluster.stop()
