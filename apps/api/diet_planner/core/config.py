"""Application settings: the only module that reads the environment."""

from __future__ import annotations

import re
from datetime import timedelta
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def find_api_dir(package_parent: Path, cwd: Path | None) -> Path:
    """`apps/api` of the deployment, the anchor of the default paths (logs, var/, data/, the web build).

    In a checkout (an editable install, the tests) it is the directory above this package. A regular install
    (the Docker image, Render's `pip install ./apps/api`) puts the package in site-packages, so the directory
    the process was started in is used when it is an `apps/api` holding `app.py`: both start the CLI there."""
    if (package_parent / "app.py").is_file():
        return package_parent
    if cwd is not None and cwd.parent.name == "apps" and (cwd / "app.py").is_file():
        return cwd
    return package_parent


def _cwd() -> Path | None:
    try:
        return Path.cwd()
    except OSError:  # the working directory was deleted
        return None


API_DIR = find_api_dir(Path(__file__).resolve().parents[2], _cwd())
REPO_DIR = API_DIR.parents[1]
ENV_FILES = (".env", str(REPO_DIR / ".env"))  # pydantic-settings: the later file wins
DEFAULT_SECRET_KEY = "dev-insecure-change-me"  # noqa: S105 (refused outside development)

_DURATION = re.compile(r"^\s*(\d+)\s*([smhd]?)\s*$")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


class Environment(StrEnum):
    development = "development"
    staging = "staging"
    production = "production"


# The operations guide's per-environment defaults; an explicit variable wins.
ENV_DEFAULTS: dict[Environment, dict[str, Any]] = {
    Environment.development: {
        "debug": True,
        "cors_origins": ["http://localhost:3000", "http://localhost:3001", "http://localhost:3002"],
        "jwt_access_token_expires": timedelta(hours=24),
    },
    Environment.staging: {
        "debug": False,
        "cors_origins": ["https://staging.netlify.app"],
        "jwt_access_token_expires": timedelta(hours=2),
    },
    Environment.production: {
        "debug": False,
        "cors_origins": [],
        "jwt_access_token_expires": timedelta(minutes=30),
    },
}


def parse_duration(value: Any) -> timedelta:
    """Accept `24h`, `30m`, `90s`, `7d` or a number of seconds."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int | float):
        return timedelta(seconds=value)
    match = _DURATION.match(str(value).lower())
    if not match:
        raise ValueError(f"invalid duration {value!r}: use a number with s, m, h or d, e.g. 30m or 24h")
    return timedelta(seconds=int(match.group(1)) * _UNIT_SECONDS[match.group(2)])


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=ENV_FILES, extra="ignore")

    app_env: Environment = Environment.development
    debug: bool | None = None
    host: str = "127.0.0.1"
    port: int = 5001
    secret_key: str = ""
    database_url: str | None = None
    postgres_host: str | None = None
    postgres_port: int = 5432
    postgres_user: str = "diet_user"
    postgres_password: str = ""
    postgres_db: str = "diet_planner"
    db_pool_size: int = 5
    db_max_overflow: int = 10
    # A request waits in line this long for a connection (and, on SQLite, for the write lock) before it is
    # answered 503 with Retry-After; past this many waiting requests per process the 503 comes at once.
    db_queue_timeout_seconds: float = 10.0
    db_queue_limit: int = 500
    # An anonymous food search's answer is reused this long (0: off); imported foods show within it.
    search_cache_seconds: float = 60.0
    redis_url: str | None = None
    # Worker processes of `diet-planner serve` (default: one per core, at most 4); each worker reads the
    # number too, to size its share of the machine (the HiGHS solver processes).
    web_concurrency: int | None = None
    # Without REDIS_URL, several workers on one machine share rate limits, login throttling and revocations
    # through this SQLite file (`serve` sets it when it starts more than one worker).
    shared_state_file: Path | None = None
    # Set by `serve` for several workers: the socket of the one process that commits the meal-log writes
    # of every worker together (core/machine_writer.py).
    machine_writer_socket: Path | None = None
    cors_origins: Annotated[list[str] | None, NoDecode] = None
    jwt_access_token_expires: timedelta | None = None
    jwt_refresh_token_expires: timedelta = timedelta(days=30)
    log_file: Path = API_DIR / "logs" / "diet_planner.log"
    log_level: str = "INFO"
    log_json: bool | None = None
    ops_token: str | None = None
    web_build_dir: Path = REPO_DIR / "apps" / "web" / "build"
    max_body_bytes: int = 1_000_000
    rate_limit_per_minute: int = 600
    # Login throttling (auth/throttle.py): free failures per (account, address) in the window, then one guess
    # per delay, doubling from LOGIN_DELAY_SECONDS; per account from every address in a shorter window (past
    # it only addresses with no recent failures may try); per address across accounts.
    login_max_failures: int = 5
    login_window_seconds: int = 900
    login_delay_seconds: int = 30
    login_account_max_failures: int = 50
    login_account_window_seconds: int = 300
    login_address_max_failures: int = 20
    slow_request_ms: float = 500.0
    slow_query_ms: float = 100.0
    # One plan day's solver budget, in seconds of work counted deterministically (planner/highs_worker.py), so a
    # seed gives the same plan however loaded the server; HiGHS often stops earlier on its optimality gap.
    plan_time_limit_seconds: float = 0.3
    food_data_file: Path = REPO_DIR / "data" / "usda" / "foods.jsonl.gz"
    # POST /api/recipes/import {url}: the server fetches a page from the internet only when this is on; it then
    # refuses private, loopback, link-local and reserved addresses (also after DNS and redirects), sends no
    # cookies or credentials, and stops at the size and time caps (foods/fetch.py).
    recipe_import_fetch: bool = False
    recipe_import_max_bytes: int = Field(default=2_000_000, ge=10_000, le=20_000_000)
    recipe_import_timeout_seconds: float = Field(default=10.0, gt=0, le=60)

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @field_validator("web_concurrency", "shared_state_file", "machine_writer_socket", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: Any) -> Any:
        return None if value == "" else value

    @field_validator("jwt_access_token_expires", "jwt_refresh_token_expires", mode="before")
    @classmethod
    def _duration(cls, value: Any) -> Any:
        return None if value in (None, "") else parse_duration(value)

    @field_validator("app_env", mode="before")
    @classmethod
    def _env_lower(cls, value: Any) -> Any:
        return value.lower().strip() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _apply_environment(self) -> Settings:
        defaults = ENV_DEFAULTS[self.app_env]
        for name, default in defaults.items():
            if getattr(self, name) is None:
                setattr(self, name, default)
        if self.log_json is None:
            self.log_json = self.app_env is Environment.production
        if self.app_env is not Environment.development and self.secret_key in ("", DEFAULT_SECRET_KEY):
            raise ValueError(
                f"SECRET_KEY must be set to a long random value when APP_ENV={self.app_env.value}; "
                "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(48))'"
            )
        if self.app_env is not Environment.development and len(self.secret_key) < 32:
            raise ValueError("SECRET_KEY must be at least 32 characters outside development")
        if self.app_env is not Environment.development and not (self.ops_token or "").strip():
            # Without it /api/metrics, /api/performance and /api/health/detailed would be open to anyone.
            raise ValueError(
                f"OPS_TOKEN must be set when APP_ENV={self.app_env.value} (it guards /api/metrics, "
                "/api/performance and /api/health/detailed); generate one like SECRET_KEY"
            )
        if not self.secret_key:
            self.secret_key = DEFAULT_SECRET_KEY
        return self

    @property
    def access_token_ttl(self) -> timedelta:
        assert self.jwt_access_token_expires is not None
        return self.jwt_access_token_expires

    @property
    def allowed_origins(self) -> list[str]:
        return list(self.cors_origins or [])

    @property
    def sqlalchemy_url(self) -> str:
        """DATABASE_URL wins; else POSTGRES_HOST builds a PostgreSQL URL; else a SQLite file under var/."""
        if self.database_url:
            return normalise_database_url(self.database_url)
        if self.postgres_host:
            password = f":{self.postgres_password}" if self.postgres_password else ""
            return (
                f"postgresql+psycopg://{self.postgres_user}{password}@{self.postgres_host}:"
                f"{self.postgres_port}/{self.postgres_db}"
            )
        return f"sqlite:///{REPO_DIR / 'var' / 'diet_planner.db'}"


def normalise_database_url(url: str) -> str:
    """Hosts such as Render hand out `postgres://` URLs; SQLAlchemy needs a driver name."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@lru_cache
def get_settings() -> Settings:
    return Settings()


def environment_value(name: str, default: str | None = None) -> str | None:
    """One variable the CLI reads outside Settings (API_URL, WEB_URL, FORWARDED_ALLOW_IPS), so `verify`
    works from a workstation without the server's secrets: the environment first, then the same `.env`
    files as Settings (the later one wins), then `default`."""
    import os

    from dotenv import dotenv_values

    if name in os.environ:
        return os.environ[name]
    for env_file in reversed(ENV_FILES):
        path = Path(env_file)
        if path.is_file():
            value = dotenv_values(path).get(name)
            if value is not None:
                return value
    return default


__all__ = ["Environment", "Field", "Settings", "get_settings", "parse_duration"]
