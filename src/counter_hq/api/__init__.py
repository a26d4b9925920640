"""The HQ HTTP API (FastAPI): ``create_app(settings)`` builds it."""

from counter_hq.api.app import create_app

__all__ = ["create_app"]
