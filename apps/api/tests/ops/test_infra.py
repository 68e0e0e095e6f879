"""Deployment files checked against what the app reads: compose, Dockerfiles, nginx, Render, Netlify,
Prometheus rules (promtool when installed, and a check that every metric they use is exported)."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from diet_planner.core.config import REPO_DIR, Settings

INFRA = REPO_DIR / "infra"
SETTING_NAMES = {name.upper() for name in Settings.model_fields}
EXTRA_API_NAMES = {"FORWARDED_ALLOW_IPS", "API_URL", "WEB_URL"}


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text())


def _check_api_environment(environment: dict[str, Any]) -> None:
    unknown = set(environment) - SETTING_NAMES - EXTRA_API_NAMES
    assert not unknown, f"variables the app never reads: {unknown}"
    # Each value must be accepted by Settings (interpolations replaced by a valid secret).
    values = {
        key.lower(): re.sub(r"\$\{[^}]*\}", "x" * 40, str(value))
        for key, value in environment.items()
        if key in SETTING_NAMES
    }
    settings = Settings(_env_file=None, **values)  # type: ignore[call-arg,arg-type]
    assert settings.sqlalchemy_url.startswith("postgresql+psycopg://diet_user")
    assert settings.redis_url == "redis://redis:6379/0"
    assert settings.host == "0.0.0.0"  # noqa: S104 (inside a container)
    assert settings.port == 5001


def _python_healthcheck_hits_health(service: dict[str, Any]) -> None:
    test = " ".join(service["healthcheck"]["test"])
    assert "/api/health" in test


def test_dev_compose_has_the_four_services_with_healthchecks() -> None:
    compose = load_yaml(INFRA / "docker-compose.dev.yml")
    services = compose["services"]
    assert set(services) == {"api", "postgres", "redis", "web"}
    for name, service in services.items():
        assert "healthcheck" in service, name
    api = services["api"]
    assert "127.0.0.1:5001:5001" in api["ports"]
    assert "127.0.0.1:3000:80" in services["web"]["ports"]
    assert "127.0.0.1:5432:5432" in services["postgres"]["ports"]
    _check_api_environment(api["environment"])
    assert api["environment"]["APP_ENV"] == "development"
    _python_healthcheck_hits_health(api)
    assert api["depends_on"]["postgres"]["condition"] == "service_healthy"
    postgres = services["postgres"]["environment"]
    assert postgres["POSTGRES_USER"] == api["environment"]["POSTGRES_USER"] == "diet_user"
    assert postgres["POSTGRES_DB"] == api["environment"]["POSTGRES_DB"] == "diet_planner"
    assert postgres["POSTGRES_PASSWORD"] == api["environment"]["POSTGRES_PASSWORD"]
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert "ping" in services["redis"]["healthcheck"]["test"]
    assert services["api"]["build"]["dockerfile"] == "infra/Dockerfile.api"
    assert services["web"]["build"]["dockerfile"] == "infra/Dockerfile.web"


def test_prod_compose_runs_several_replicas_behind_nginx() -> None:
    compose = load_yaml(INFRA / "docker-compose.prod.yml")
    services = compose["services"]
    replicas = sorted(name for name in services if re.fullmatch(r"api-\d+", name))
    assert len(replicas) >= 2
    assert {"nginx", "postgres", "redis", "migrate"} <= set(services)
    for name in replicas:
        api = services[name]
        _check_api_environment(api["environment"])
        assert api["environment"]["APP_ENV"] == "production"
        assert api["environment"]["REDIS_URL"], "replicas must share state through Redis"
        assert "--no-migrate" in api["command"]  # one migration job, not a race between replicas
        assert api["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert "ports" not in api  # only nginx is published
        _python_healthcheck_hits_health(api)
    environment = services[replicas[0]]["environment"]
    workers = int(environment.get("WEB_CONCURRENCY", "4"))  # serve's default is up to 4 per replica
    budget = len(replicas) * workers * (int(environment["DB_POOL_SIZE"]) + int(environment["DB_MAX_OVERFLOW"]))
    assert budget < 100 - 10, "replicas x pool must stay under PostgreSQL's max_connections with a margin"
    assert "80:80" in services["nginx"]["ports"]
    for name in ("nginx", "postgres", "redis"):
        assert "healthcheck" in services[name], name
    nginx_conf = (INFRA / "nginx" / "nginx.conf").read_text()
    upstream = re.search(r"upstream diet_planner_api \{(.*?)\}", nginx_conf, re.S)
    assert upstream
    servers = re.findall(r"server\s+([\w-]+):5001", upstream.group(1))
    assert sorted(servers) == replicas
    assert "proxy_pass http://diet_planner_api" in nginx_conf
    assert "X-Forwarded-For" in nginx_conf
    assert "try_files $uri $uri/ /index.html" in nginx_conf


def test_dockerfiles_follow_the_rules() -> None:
    api = (INFRA / "Dockerfile.api").read_text()
    assert re.search(r"^FROM python:3\.11-slim", api, re.M)
    assert "pip install --require-hashes -r requirements-prod.lock" in api  # no test tools in the image
    assert re.search(r"^USER (?!root)\w+", api, re.M)
    assert "HEALTHCHECK" in api and "/api/health" in api
    web = (INFRA / "Dockerfile.web").read_text()
    assert re.search(r"^FROM node:20", web, re.M) and re.search(r"^FROM nginx", web, re.M)
    assert "npm run build" in web and "/usr/share/nginx/html" in web
    web_conf = (INFRA / "nginx" / "web.conf").read_text()
    assert "proxy_pass http://api:5001" in web_conf and "/index.html" in web_conf
    # The context is the repository root: BuildKit reads <Dockerfile>.dockerignore next to each Dockerfile,
    # which keeps the host's virtualenv, node_modules, build, databases and secrets out of the images.
    for dockerfile, must_ignore in {
        "Dockerfile.api": {"**/.venv", "**/.env", "var", "apps/web"},
        "Dockerfile.web": {"**/node_modules", "**/.env", "apps/web/build", "var"},
    }.items():
        ignore = INFRA / f"{dockerfile}.dockerignore"
        patterns = {line.strip() for line in ignore.read_text().splitlines() if line.strip()[:1] not in ("", "#")}
        assert must_ignore <= patterns, (dockerfile, must_ignore - patterns)


def test_render_blueprint_matches_the_settings() -> None:
    blueprint = load_yaml(REPO_DIR / "render.yaml")
    web_services = [service for service in blueprint["services"] if service["type"] == "web"]
    assert {service["name"] for service in web_services} == {"diet-planner-api", "diet-planner-api-staging"}
    database_names = {database["name"] for database in blueprint["databases"]}
    expected_ttl = {"production": "30m", "staging": "2h"}
    for service in web_services:
        assert service["healthCheckPath"] == "/api/health"
        assert "--require-hashes -r apps/api/requirements-prod.lock" in service["buildCommand"]
        variables = {item["key"]: item for item in service["envVars"]}
        unknown = set(variables) - SETTING_NAMES - EXTRA_API_NAMES - {"PYTHON_VERSION"}
        assert not unknown, unknown
        environment = variables["APP_ENV"]["value"]
        assert variables["JWT_ACCESS_TOKEN_EXPIRES"]["value"] == expected_ttl[environment]
        assert variables["SECRET_KEY"].get("generateValue") is True
        assert variables["DATABASE_URL"]["fromDatabase"]["name"] in database_names
        assert variables["DATABASE_URL"]["fromDatabase"]["property"] == "connectionString"


def test_netlify_builds_apps_web_and_proxies_the_api() -> None:
    config = tomllib.loads((REPO_DIR / "netlify.toml").read_text())
    assert config["build"]["base"] == "apps/web"
    assert config["build"]["publish"] == "build"
    assert "npm run build" in config["build"]["command"]
    redirects = config["redirects"]
    api = next(rule for rule in redirects if rule["from"] == "/api/*")
    assert api["to"].endswith("/api/:splat") and api["status"] == 200
    spa = redirects[-1]
    assert spa == {"from": "/*", "to": "/index.html", "status": 200}
    assert redirects.index(api) < redirects.index(spa)  # the API proxy must match first


ALERTS = INFRA / "prometheus" / "alerts.yml"
PROMQL_WORDS = {
    "rate",
    "sum",
    "by",
    "le",
    "or",
    "and",
    "unless",
    "histogram_quantile",
    "job",
    "instance",
    "avg",
    "max",
    "min",
    "without",
    "on",
    "irate",
    "increase",
}


def _metric_names(expression: str) -> set[str]:
    # Drop label matchers and range selectors, then keep identifiers that are not PromQL words.
    stripped = re.sub(r"\{[^}]*\}|\[[^\]]*\]|\"[^\"]*\"", " ", expression)
    stripped = re.sub(r"\bby\s*\([^)]*\)", " ", stripped)
    names = set(re.findall(r"[a-zA-Z_:][a-zA-Z0-9_:]*", stripped))
    return {name for name in names if name not in PROMQL_WORDS}


def test_alert_rules_cover_the_guide_and_use_exported_metrics(client: TestClient) -> None:
    rules = [rule for group in load_yaml(ALERTS)["groups"] for rule in group["rules"]]
    by_name = {rule["alert"]: rule for rule in rules}
    assert set(by_name) == {"APIDown", "HighErrorRate", "DatabaseDown", "HighResponseTime", "HighCPU"}
    severities = {name: rule["labels"]["severity"] for name, rule in by_name.items()}
    assert severities == {
        "APIDown": "critical",
        "HighErrorRate": "critical",
        "DatabaseDown": "critical",
        "HighResponseTime": "warning",
        "HighCPU": "warning",
    }
    assert {name: rule["for"] for name, rule in by_name.items()} == {
        "APIDown": "30s",
        "HighErrorRate": "2m",
        "DatabaseDown": "1m",
        "HighResponseTime": "5m",
        "HighCPU": "10m",
    }
    client.get("/api/health")
    client.get("/api/nothing-here")
    exported = set()
    suffixes = {"counter": ["", "_total"], "histogram": ["_bucket", "_count", "_sum"], "gauge": [""]}
    for line in client.get("/api/metrics").text.splitlines():
        if line.startswith("# TYPE "):
            # A labelled family with no samples yet (no 5xx so far) is still declared by its TYPE line.
            _, _, family, kind = line.split()
            exported.update(family + suffix for suffix in suffixes.get(kind, [""]))
        elif line and not line.startswith("#"):
            exported.add(re.split(r"[{ ]", line, maxsplit=1)[0])
    for name, rule in by_name.items():
        used = _metric_names(rule["expr"])
        assert used, name
        missing = used - exported - {"up"}  # `up` is written by Prometheus for every scrape target
        assert not missing, f"{name} uses metrics we do not export: {missing}"
    assert "process_cpu_seconds_total" in exported
    assert "planner_solver_cpu_seconds_total" in exported  # the plan solver's worker processes, beside it
    assert "http_errors_total" in _metric_names(by_name["HighErrorRate"]["expr"])


@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool not installed (apt-get install prometheus)")
def test_promtool_accepts_the_rules_and_the_scrape_config(tmp_path: Path) -> None:
    result = subprocess.run(["promtool", "check", "rules", str(ALERTS)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS: 5 rules found" in result.stdout
    for name in ("prometheus.yml", "alerts.yml"):
        shutil.copy(INFRA / "prometheus" / name, tmp_path / name)
    (tmp_path / "ops_token").write_text("token")
    result = subprocess.run(
        ["promtool", "check", "config", str(tmp_path / "prometheus.yml")], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    config = load_yaml(INFRA / "prometheus" / "prometheus.yml")
    job = config["scrape_configs"][0]
    assert job["metrics_path"] == "/api/metrics"
    compose = load_yaml(INFRA / "docker-compose.prod.yml")
    replicas = sorted(f"{name}:5001" for name in compose["services"] if re.fullmatch(r"api-\d+", name))
    assert sorted(job["static_configs"][0]["targets"]) == replicas


@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool not installed (apt-get install prometheus)")
def test_alerts_fire_on_synthetic_series(tmp_path: Path) -> None:
    """promtool's rule unit tests: each alert fires on a series that should trigger it, not before."""
    # Annotations are templated text; compare the firing and the labels only.
    rules = load_yaml(ALERTS)
    for group in rules["groups"]:
        for rule in group["rules"]:
            rule.pop("annotations", None)
    (tmp_path / "alerts.yml").write_text(yaml.safe_dump(rules))
    job = 'job="diet-planner-api", instance="api-1:5001"'
    cases = {
        "APIDown": (f"up{{{job}}}", "1 0 0 0 0", "2m"),
        "DatabaseDown": (f"database_up{{{job}}}", "1 0 0 0 0 0 0", "4m"),
        "HighErrorRate": (f'http_errors_total{{{job}, route="/api/x"}}', "0+60x10", "5m"),
        "HighCPU": (f"process_cpu_seconds_total{{{job}}}", "0+54x20", "16m"),
    }
    tests = []
    for alert, (series, values, at) in cases.items():
        tests.append(
            {
                "interval": "1m",
                "input_series": [{"series": series, "values": values}],
                "alert_rule_test": [{"eval_time": at, "alertname": alert, "exp_alerts": [{"exp_labels": {}}]}],
            }
        )
    # exp_labels must list every label; fill them in from the series and the rule's severity.
    severity = {"APIDown": "critical", "DatabaseDown": "critical", "HighErrorRate": "critical", "HighCPU": "warning"}
    for test, (alert, (series, _, _)) in zip(tests, cases.items(), strict=True):
        labels = dict(re.findall(r'(\w+)="([^"]*)"', series))
        if alert == "HighErrorRate":
            labels = {"instance": labels["instance"]}
        labels["severity"] = severity[alert]
        test["alert_rule_test"][0]["exp_alerts"][0]["exp_labels"] = labels
        # Before the `for` duration has elapsed, nothing fires.
        test["alert_rule_test"].append({"eval_time": "0m", "alertname": alert, "exp_alerts": []})
    (tmp_path / "tests.yml").write_text(yaml.safe_dump({"rule_files": ["alerts.yml"], "tests": tests}))
    result = subprocess.run(
        ["promtool", "test", "rules", str(tmp_path / "tests.yml")], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


WORKFLOWS = REPO_DIR / ".github" / "workflows"


def _steps(workflow: dict[str, Any]) -> str:
    return "\n".join(
        str(step.get("run", "")) + " " + str(step.get("uses", ""))
        for job in workflow["jobs"].values()
        for step in job["steps"]
    )


def test_api_workflow_lints_tests_on_postgres_scans_and_deploys() -> None:
    workflow = load_yaml(WORKFLOWS / "api.yml")
    steps = _steps(workflow)
    for command in ("ruff check", "mypy diet_planner", "lint-imports", "pytest", "bandit", "pip-audit"):
        assert command in steps, command
    test_job = workflow["jobs"]["test"]
    assert test_job["services"]["postgres"]["image"].startswith("postgres:")
    assert "redis" in test_job["services"]
    assert test_job["env"]["REQUIRE_POSTGRES"] == "1"
    assert "postgresql" in test_job["strategy"]["matrix"]["database"]
    assert "api.render.com/v1/services/$RENDER_SERVICE_ID/deploys" in steps
    assert "secrets.RENDER_API_KEY" in (WORKFLOWS / "api.yml").read_text()
    assert set(workflow["jobs"]["deploy"]["needs"]) == {"lint", "test", "security"}
    assert "bandit -r diet_planner app.py -ll" in steps
    assert "pip-audit -r requirements.lock" in steps
    # The same commands as the Makefile's lint-api and install-api.
    makefile = (REPO_DIR / "Makefile").read_text()
    for command in ("ruff check .", "ruff format --check .", "mypy diet_planner", "lint-imports", "requirements.lock"):
        assert command in makefile and command in steps, command
    # A deploy is followed to `live` on Render (the old version answers /api/health meanwhile), then verified.
    deploy_steps = "\n".join(str(step.get("run", "")) for step in workflow["jobs"]["deploy"]["steps"])
    assert "/deploys/$DEPLOY_ID" in deploy_steps and "live) exit 0" in deploy_steps
    assert '"$API_URL/api/health"' in deploy_steps and '"$WEB_URL"' in deploy_steps
    # Every file the API suite reads triggers it.
    for trigger in (workflow[True]["push"]["paths"], workflow[True]["pull_request"]["paths"]):
        assert {"apps/api/**", "data/**", "infra/**", "render.yaml", "netlify.toml", ".env.example"} <= set(trigger)


def test_web_workflow_builds_audits_and_deploys_to_netlify() -> None:
    workflow = load_yaml(WORKFLOWS / "web.yml")
    steps = _steps(workflow)
    for command in ("npm ci", "npm run lint", "npm run typecheck", "npm test", "npm audit", "npm run build"):
        assert command in steps, command
    assert "deploy --prod --dir=build" in steps
    assert "secrets.NETLIFY_AUTH_TOKEN" in (WORKFLOWS / "web.yml").read_text()
    assert "npm audit --omit=dev --audit-level=high" in steps
    # `npm run lint` runs check:api, which needs the API's virtual environment (scripts/dump-openapi.sh).
    build = [str(step.get("run", "")) for step in workflow["jobs"]["build"]["steps"]]
    install_api = next(i for i, run in enumerate(build) if "pip install --require-hashes -r requirements.lock" in run)
    assert install_api < build.index("npm run lint")
    # `make test-web` runs the browser tests too.
    assert "npm run test:e2e" in _steps({"jobs": {"e2e": workflow["jobs"]["e2e"]}})
    assert set(workflow["jobs"]["deploy"]["needs"]) == {"build", "e2e"}


def _locked(path: Path) -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes) of a `uv pip compile --generate-hashes` file."""
    packages: dict[str, tuple[str, int]] = {}
    current = ""
    for line in path.read_text().splitlines():
        pin = re.match(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s\\]+)", line)
        if pin:
            current = pin.group(1).lower()
            packages[current] = (pin.group(2), 0)
        elif "--hash=sha256:" in line and current:
            version, count = packages[current]
            packages[current] = (version, count + 1)
    return packages


def test_dependencies_are_hash_locked_and_installed_with_require_hashes() -> None:
    api_dir = REPO_DIR / "apps" / "api"
    full = _locked(api_dir / "requirements.lock")
    production = _locked(api_dir / "requirements-prod.lock")
    for name, lock in (("requirements.lock", full), ("requirements-prod.lock", production)):
        unhashed = [package for package, (_, hashes) in lock.items() if hashes == 0]
        assert lock and not unhashed, f"{name}: no hash for {unhashed}"
    # The image's set: the app's own dependencies at the very versions tested, without the test tools.
    assert not {"pytest", "ruff", "mypy", "import-linter", "schemathesis", "hypothesis"} & set(production)
    assert {"fastapi", "uvicorn", "sqlalchemy", "setuptools", "pip"} <= set(production)
    assert all(full[name][0] == version for name, (version, _) in production.items())
    makefile = (REPO_DIR / "Makefile").read_text()
    assert "pip install --quiet --require-hashes -r $(API_DIR)/requirements.lock" in makefile
    assert "--no-build-isolation" in makefile  # the app builds with the locked setuptools, not a fresh download
    for workflow in ("api.yml", "web.yml"):
        text = (WORKFLOWS / workflow).read_text()
        installs = re.findall(r"pip install [^\n]*-r requirements\.lock", text)
        assert installs and all("--require-hashes" in line for line in installs), workflow


def test_actions_are_pinned_by_commit_and_netlify_cli_exactly() -> None:
    for workflow in ("api.yml", "web.yml"):
        text = (WORKFLOWS / workflow).read_text()
        uses = re.findall(r"uses:\s*(\S+)", text)
        assert uses
        loose = [action for action in uses if not re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action)]
        assert not loose, f"{workflow}: actions not pinned to a commit: {loose}"
    netlify = re.findall(r"netlify-cli@(\S+)", (WORKFLOWS / "web.yml").read_text())
    assert netlify and all(re.fullmatch(r"\d+\.\d+\.\d+", version) for version in netlify), netlify
