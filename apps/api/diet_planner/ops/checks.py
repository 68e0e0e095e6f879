"""The guide's deployment verification and system health check, as functions the CLI prints."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import httpx

DEFAULT_URL = "http://localhost:5001"


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    ok: bool = True


def _reachable(url: str, timeout_s: float) -> tuple[bool, str]:
    """`curl -f`: success for any answer below 400 (redirects are not followed, as curl does not)."""
    try:
        response = httpx.get(url, timeout=timeout_s, follow_redirects=False)
    except httpx.HTTPError as error:
        return False, f"{type(error).__name__}: {error}"
    return response.status_code < 400, f"HTTP {response.status_code}"


def verify_deployment(api_url: str, web_url: str, *, timeout_s: float = 10.0) -> Report:
    """The guide's verification script: API health, then the web app; stops at the first failure."""
    report = Report()
    api_url, web_url = api_url.rstrip("/"), web_url.rstrip("/")
    report.lines.append("🔍 Verifying API deployment...")
    ok, detail = _reachable(f"{api_url}/api/health", timeout_s)
    if not ok:
        report.lines += [f"   {api_url}/api/health: {detail}", "❌ API health check failed"]
        report.ok = False
        return report
    report.lines.append("✅ API is healthy")
    report.lines.append("🔍 Verifying web deployment...")
    ok, detail = _reachable(web_url or "/", timeout_s)
    if not ok:
        report.lines += [f"   {web_url}: {detail}", "❌ Web accessibility check failed"]
        report.ok = False
        return report
    report.lines.append("✅ Web is accessible")
    report.lines.append("🎉 Deployment verification complete!")
    return report


def _human(size_bytes: float) -> str:
    for unit in ("B", "K", "M", "G", "T"):
        if size_bytes < 1024 or unit == "T":
            return f"{size_bytes:.1f}{unit}" if unit != "B" else f"{int(size_bytes)}B"
        size_bytes /= 1024
    return f"{size_bytes:.1f}T"


def uptime_line(proc: Path = Path("/proc")) -> str:
    seconds = float((proc / "uptime").read_text().split()[0])
    days, rest = divmod(int(seconds), 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    load = " ".join((proc / "loadavg").read_text().split()[:3])
    return f"up {days} days, {hours:02d}:{minutes:02d}, load average: {load}"


def _cpu_times(proc: Path) -> tuple[int, int]:
    fields = [int(value) for value in (proc / "stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields), idle


def cpu_percent(proc: Path = Path("/proc"), interval_s: float = 0.5) -> float:
    """Busy share of all CPUs over a short interval (what `top -bn1` reports as us+sy+...)."""
    total_1, idle_1 = _cpu_times(proc)
    time.sleep(interval_s)
    total_2, idle_2 = _cpu_times(proc)
    elapsed = total_2 - total_1
    return 0.0 if elapsed <= 0 else 100.0 * (1 - (idle_2 - idle_1) / elapsed)


def memory_line(proc: Path = Path("/proc")) -> str:
    info: dict[str, int] = {}
    for line in (proc / "meminfo").read_text().splitlines():
        name, _, value = line.partition(":")
        info[name] = int(value.split()[0]) * 1024
    used = info["MemTotal"] - info.get("MemAvailable", info.get("MemFree", 0))
    return f"{_human(used)}/{_human(info['MemTotal'])}"


def disk_line(path: str = "/") -> str:
    usage = shutil.disk_usage(path)
    return f"{_human(usage.used)}/{_human(usage.total)} ({round(100 * usage.used / usage.total)}% used)"


def api_status_code(api_url: str, timeout_s: float = 5.0) -> str:
    """The HTTP status of /api/health, or `000` as curl prints when nothing answers."""
    try:
        return str(httpx.get(f"{api_url.rstrip('/')}/api/health", timeout=timeout_s).status_code)
    except httpx.HTTPError:
        return "000"


def system_health(api_url: str, database_check: Callable[[], object]) -> Report:
    """The guide's `System Health Check` lines; not ok when the API or the database fails."""
    report = Report()
    status = api_status_code(api_url)
    try:
        database_check()
        database = "OK"
    except Exception:  # any driver or connection error is the guide's ERROR
        database = "ERROR"
    report.lines = [
        "=== System Health Check ===",
        f"Date: {datetime.now().astimezone().strftime('%a %b %d %H:%M:%S %Z %Y')}",
        f"Uptime: {uptime_line()}",
        f"CPU: {cpu_percent():.1f}%",
        f"Memory: {memory_line()}",
        f"Disk: {disk_line()}",
        f"API Status: {status}",
        f"Database: {database}",
    ]
    report.ok = status == "200" and database == "OK"
    return report
