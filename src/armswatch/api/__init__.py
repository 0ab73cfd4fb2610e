"""HTTP API and analyst dashboard: ``armswatch serve --db armswatch.db``.

``create_app(path)`` builds the FastAPI app (OpenAPI at ``/openapi.json``, Swagger UI at
``/docs``, dashboard at ``/``); ``serve(path, host=..., port=...)`` runs it with uvicorn.
"""

from __future__ import annotations

from armswatch.api.app import ApiConfigError, create_app, serve

__all__ = ["ApiConfigError", "create_app", "serve"]
