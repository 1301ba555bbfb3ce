"""Shared test settings: hypothesis runs without timing limits (the machine is small and shared)."""

from hypothesis import HealthCheck, settings

settings.register_profile("project", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("project")
