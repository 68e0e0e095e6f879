"""The floor for bench_load's ratios: one Starlette endpoint, served by uvicorn exactly as the API is."""

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


async def bare(_: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


app = Starlette(routes=[Route("/bare", bare)])
