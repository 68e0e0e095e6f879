"""ASGI entry point: `uvicorn app:app` from apps/api (the operations guide scans this file)."""

from diet_planner.main import create_app

app = create_app()
