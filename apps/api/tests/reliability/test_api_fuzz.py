"""Schemathesis over the whole OpenAPI document, against a real API process on a database with the foods
and recipes loaded, signed in as a user with a profile and a plan: no generated request (valid or not)
may get a 5xx, and every documented response must match its schema.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
import pytest

from tests.conftest import BACKEND, TEST_PASSWORD
from tests.reliability.conftest import MEASUREMENTS
from tests.support import ApiProcess, process_env

pytestmark = pytest.mark.slow
SCHEMATHESIS = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
EXAMPLES_PER_OPERATION = 10
SEED = 20261128  # a fixed seed: the same requests every run, so a failure reproduces
# Deleting the account or logging out would sign the run out half-way; both have tests of their own.
EXCLUDED_OPERATIONS = ("delete_me_api_users_me_delete", "logout_api_auth_logout_post")
PROFILE = {
    "sex": "male",
    "birth_date": "1985-03-02",
    "height_cm": 180,
    "weight_kg": 82,
    "activity_level": "light",
    "goal": "lose",
    "rate_kg_per_week": 0.5,
    "diet": "omnivore",
    "allergies": [],
    "excluded_food_ids": [],
    "meals_per_day": 3,
    "units": "metric",
    "life_stage": "none",
}


def _signed_in(url: str) -> str:
    """A user with a profile, a plan and a logged meal, so operations on them reach their logic."""
    body = {"email": f"fuzz-{uuid.uuid4().hex[:8]}@example.com", "password": TEST_PASSWORD}
    with httpx.Client(base_url=url, timeout=120) as client:
        assert client.post("/api/auth/register", json=body).status_code == 201
        token = str(client.post("/api/auth/login", json=body).json()["access_token"])
        auth = {"Authorization": f"Bearer {token}"}
        assert client.put("/api/profile", json=PROFILE, headers=auth).status_code == 200
        plan = client.post("/api/plans", json={"days": 1, "seed": 3}, headers=auth)
        assert plan.status_code == 201, plan.text
        meal_id = plan.json()["days"][0]["meals"][0]["id"]
        assert client.post("/api/meal-logs", json={"plan_meal_id": meal_id}, headers=auth).status_code == 201
    return token


def test_no_server_error_and_no_response_outside_the_schema(reference_database: str, tmp_path: Path) -> None:
    assert SCHEMATHESIS, "schemathesis is not installed in the API's virtual environment (make install-api)"
    with ApiProcess(process_env(reference_database, tmp_path), log_name="fuzz") as api:
        token = _signed_in(api.url)
        schema = tmp_path / "openapi.json"
        schema.write_text(httpx.get(f"{api.url}/api/openapi.json", timeout=30).text)
        report = tmp_path / "schemathesis.json"
        command = [
            SCHEMATHESIS,
            "run",
            str(schema),
            "--url",
            api.url,
            "--checks",
            "not_a_server_error,response_schema_conformance",
            "--phases",
            "examples,fuzzing",
            "--max-examples",
            str(EXAMPLES_PER_OPERATION),
            "--seed",
            str(SEED),
            "--generation-deterministic",
            "--workers",
            "2",
            "--request-timeout",
            "120",
            "--header",
            f"Authorization: Bearer {token}",
            "--suppress-health-check",
            "all",
            "--report",
            "json",
            "--report-json-path",
            str(report),
        ]
        for operation_id in EXCLUDED_OPERATIONS:
            command += ["--exclude-operation-id", operation_id]
        result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
        server_log = Path(api.env["LOG_FILE"]).read_text(errors="replace")
    assert report.is_file(), result.stdout[-3000:] + result.stderr[-3000:]
    summary = json.loads(report.read_text())
    cases = summary["test_cases"]["generated"]
    MEASUREMENTS.append(
        f"schemathesis on {BACKEND}: {summary['operations']['tested']} operations, {cases} generated requests, "
        f"{summary['test_cases']['with_failures']} with failures"
    )
    assert result.returncode == 0, result.stdout[-6000:]
    assert summary["operations"]["tested"] >= 35 and cases >= 200, summary["operations"]
    assert "Unhandled error" not in server_log, server_log[-3000:]
