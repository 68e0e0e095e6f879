"""Settings per environment, URL building, and .env.example covering every setting."""

from __future__ import annotations

import json
import logging
import logging.handlers
import re
from datetime import timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from diet_planner.core import config
from diet_planner.core import logging as logging_module
from diet_planner.core.config import (
    DEFAULT_SECRET_KEY,
    REPO_DIR,
    Settings,
    environment_value,
    find_api_dir,
    parse_duration,
)
from diet_planner.core.logging import configure_logging, flush_logs, get_logger, log_request, request_id_var

LONG_SECRET = "x" * 40
ENV_NAMES = [name.upper() for name in Settings.model_fields]
# Read outside Settings: by `verify`/`health-check` and by `serve` (uvicorn's proxy trust).
EXTRA_NAMES = {"API_URL", "WEB_URL", "FORWARDED_ALLOW_IPS"}


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)


def make(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg,arg-type]


@pytest.mark.parametrize(
    ("environment", "expected", "debug"),
    [
        ("development", timedelta(hours=24), True),
        ("staging", timedelta(hours=2), False),
        ("production", timedelta(minutes=30), False),
    ],
)
def test_access_token_lifetime_and_debug_per_environment(environment: str, expected: timedelta, debug: bool) -> None:
    settings = make(app_env=environment, secret_key=LONG_SECRET, ops_token=LONG_SECRET[::-1])
    assert settings.access_token_ttl == expected
    assert settings.debug is debug
    assert settings.log_json is (environment == "production")


def test_environment_defaults_follow_the_guide() -> None:
    assert make().allowed_origins == ["http://localhost:3000", "http://localhost:3001", "http://localhost:3002"]
    ops = {"secret_key": LONG_SECRET, "ops_token": LONG_SECRET[::-1]}
    assert make(app_env="staging", **ops).allowed_origins == ["https://staging.netlify.app"]
    assert make(app_env="PRODUCTION", **ops).allowed_origins == []


def test_durations_parse_like_the_guide_writes_them(monkeypatch: pytest.MonkeyPatch) -> None:
    assert parse_duration("24h") == timedelta(hours=24)
    assert parse_duration("30m") == timedelta(minutes=30)
    assert parse_duration("90s") == timedelta(seconds=90)
    assert parse_duration("7d") == timedelta(days=7)
    assert parse_duration("3600") == timedelta(hours=1)
    monkeypatch.setenv("JWT_ACCESS_TOKEN_EXPIRES", "2h")
    monkeypatch.setenv("CORS_ORIGINS", "https://a.example, https://b.example")
    settings = make()
    assert settings.access_token_ttl == timedelta(hours=2)
    assert settings.allowed_origins == ["https://a.example", "https://b.example"]
    with pytest.raises(ValidationError, match="invalid duration"):
        make(jwt_access_token_expires="soon")


@pytest.mark.parametrize("environment", ["staging", "production"])
@pytest.mark.parametrize("secret", ["", DEFAULT_SECRET_KEY, "short-secret"])
def test_staging_and_production_refuse_a_missing_default_or_short_secret(environment: str, secret: str) -> None:
    with pytest.raises(ValidationError, match="SECRET_KEY must"):
        make(app_env=environment, secret_key=secret)


def test_the_refusal_tells_how_to_make_a_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ENV", "production")
    with pytest.raises(ValidationError) as error:
        make()
    assert "APP_ENV=production" in str(error.value)
    assert "secrets.token_urlsafe" in str(error.value)


def test_postgres_variables_build_the_url(monkeypatch: pytest.MonkeyPatch) -> None:
    assert make().sqlalchemy_url == f"sqlite:///{REPO_DIR / 'var' / 'diet_planner.db'}"
    monkeypatch.setenv("POSTGRES_HOST", "db.internal")
    assert make().sqlalchemy_url == "postgresql+psycopg://diet_user@db.internal:5432/diet_planner"
    monkeypatch.setenv("POSTGRES_PORT", "6543")
    monkeypatch.setenv("POSTGRES_USER", "planner")
    monkeypatch.setenv("POSTGRES_PASSWORD", "pw")
    monkeypatch.setenv("POSTGRES_DB", "plans")
    assert make().sqlalchemy_url == "postgresql+psycopg://planner:pw@db.internal:6543/plans"
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/explicit.db")
    assert make().sqlalchemy_url == "sqlite:////tmp/explicit.db"  # DATABASE_URL wins


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@h:5432/d", "postgresql+psycopg://u:p@h:5432/d"),
        ("postgresql://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
    ],
)
def test_render_style_urls_are_normalised(given: str, expected: str) -> None:
    assert make(database_url=given).sqlalchemy_url == expected


ENV_EXAMPLE = REPO_DIR / ".env.example"


def _documented(path: Path) -> dict[str, str]:
    """NAME -> value for `NAME=value` lines, commented out or not."""
    found: dict[str, str] = {}
    for line in path.read_text().splitlines():
        match = re.fullmatch(r"#?\s*([A-Z][A-Z0-9_]*)=(.*)", line.strip())
        if match:
            found[match.group(1)] = match.group(2)
    return found


def test_env_example_documents_every_setting() -> None:
    documented = _documented(ENV_EXAMPLE)
    missing = [name for name in ENV_NAMES if name not in documented]
    assert not missing, f".env.example lacks {missing}"
    assert set(documented) >= EXTRA_NAMES
    unknown = set(documented) - set(ENV_NAMES) - EXTRA_NAMES
    assert not unknown, f".env.example documents variables nothing reads: {unknown}"


def test_env_example_loads_and_gives_the_development_defaults() -> None:
    settings = Settings(_env_file=ENV_EXAMPLE)  # type: ignore[call-arg]
    defaults = make()
    for name in Settings.model_fields:
        # An empty `NAME=` reads as "" where the default is None; the app treats both as unset.
        assert (getattr(settings, name) or None) == (getattr(defaults, name) or None), name
    assert settings.sqlalchemy_url == defaults.sqlalchemy_url
    text = ENV_EXAMPLE.read_text()
    for value in ("24h", "2h", "30m", "https://staging.netlify.app", "<render-staging-host>"):
        assert value in text


def test_api_dir_of_a_checkout_and_of_an_installed_package(tmp_path: Path) -> None:
    checkout = tmp_path / "repo" / "apps" / "api"
    checkout.mkdir(parents=True)
    (checkout / "app.py").write_text("")
    site_packages = tmp_path / "site-packages"
    site_packages.mkdir()
    # Editable install / tests: the package's own parent, wherever the process runs.
    assert find_api_dir(checkout, tmp_path) == checkout
    # Regular install (Docker image, Render): the `apps/api` the CLI is started from.
    assert find_api_dir(site_packages, checkout) == checkout
    # Started elsewhere: no guess from an unrelated directory.
    (tmp_path / "app.py").write_text("")
    assert find_api_dir(site_packages, tmp_path) == site_packages
    assert find_api_dir(site_packages, None) == site_packages
    assert config.API_DIR == REPO_DIR / "apps" / "api"


def test_cli_variables_outside_settings_come_from_the_environment_then_env_files(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    near, far = tmp_path / "near.env", tmp_path / "far.env"
    near.write_text("API_URL=http://near.example\nWEB_URL=http://web.example\n")
    far.write_text("API_URL=http://far.example\n")
    monkeypatch.setattr(config, "ENV_FILES", (str(near), str(far)))
    for name in EXTRA_NAMES:
        monkeypatch.delenv(name, raising=False)
    assert environment_value("API_URL") == "http://far.example"  # the later file wins, as in Settings
    assert environment_value("WEB_URL") == "http://web.example"
    assert environment_value("FORWARDED_ALLOW_IPS", "127.0.0.1") == "127.0.0.1"
    monkeypatch.setenv("API_URL", "http://env.example")
    assert environment_value("API_URL") == "http://env.example"


def test_an_unwritable_log_file_falls_back_to_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "logs"
    blocker.write_text("a file where the log directory should be")
    configure_logging(blocker / "diet_planner.log")
    get_logger("test").warning("still logged")
    flush_logs()  # lines are written by a background thread
    err = capsys.readouterr().err
    assert "Cannot write LOG_FILE=" in err
    assert "still logged" in err


@pytest.mark.parametrize("json_lines", [False, True])
def test_an_access_line_is_written_as_the_logger_writes_it(tmp_path: Path, json_lines: bool) -> None:
    """Requests queue their access line as values (log_request); the file gets the line the logger would have
    written, with the request's id and its control characters escaped (one event, one line)."""
    log_file = tmp_path / "logs" / "diet_planner.log"
    configure_logging(log_file, json_lines=json_lines)
    token = request_id_var.set("req-1")
    try:
        get_logger("http").warning("%s %s %s %.1fms", "GET", "/api/x\nforged", 503, 12.345)
    finally:
        request_id_var.reset(token)
    log_request(logging.WARNING, "req-1", "GET", "/api/x\nforged", 503, 12.345)
    log_request(logging.DEBUG, "req-2", "GET", "/api/debug-only", 200, 1.0)  # below the level: not written
    flush_logs()
    lines = log_file.read_text().splitlines()
    assert len(lines) == 2
    if json_lines:
        logged, queued = (json.loads(line) for line in lines)
        assert queued["message"] == "GET /api/x\\nforged 503 12.3ms"
        assert {**logged, "timestamp": ""} == {**queued, "timestamp": ""}
    else:
        # Same line but for the time (the two were logged a moment apart).
        assert lines[1].split(" ", 2)[2] == lines[0].split(" ", 2)[2]
        assert lines[1].endswith("WARNING [req-1] diet_planner.http: GET /api/x\\nforged 503 12.3ms")


def test_a_queued_access_line_is_the_line_its_log_record_would_give(tmp_path: Path) -> None:
    """The writer renders text access lines from their values (the time's text once a second): byte for byte the
    line the formatter gives the record, at any moment of a second and for any level and path. (JSON lines go
    through the formatter itself: test_an_access_line_is_written_as_the_logger_writes_it.)"""
    configure_logging(tmp_path / "diet_planner.log")
    writer = logging_module._listener
    assert writer is not None
    moments = [1_765_000_000.0, 1_765_000_000.0004, 1_765_000_000.9996, 1_765_000_001.5, 1_765_003_599.999]
    for created in moments:
        for level in (logging.INFO, logging.WARNING, logging.ERROR):
            line = (created, level, "0123456789abcdef", "POST", "/api/meal-logs\u2028x\tz", 201, 3.25)
            assert writer._render(line) == (level, writer.formatter.format(logging_module._access_record(line)))


def test_the_log_file_rotates_at_its_size_without_losing_a_line(tmp_path: Path) -> None:
    """The writer checks the rotating file's size once a batch: a batch that would take it past the size goes to a
    new file, the old one kept as diet_planner.log.1, and every line is in one of them."""
    log_file = tmp_path / "diet_planner.log"
    configure_logging(log_file)
    writer = logging_module._listener
    assert writer is not None
    rotating = next(h for h in writer.handlers if isinstance(h, logging.handlers.RotatingFileHandler))
    rotating.maxBytes = 2_000
    for batch in range(6):
        for number in range(10):
            log_request(logging.INFO, f"b{batch}n{number}", "GET", f"/api/foods?q={batch}-{number}", 200, 1.0)
        flush_logs()
    kept = [log_file, *(tmp_path / f"diet_planner.log.{n}" for n in range(1, 6))]
    assert all(path.stat().st_size <= 2_000 for path in kept if path.exists())
    assert (tmp_path / "diet_planner.log.1").exists()
    ids = {line.split("[")[1].split("]")[0] for path in kept if path.exists() for line in path.read_text().splitlines()}
    assert ids == {f"b{batch}n{number}" for batch in range(6) for number in range(10)}
