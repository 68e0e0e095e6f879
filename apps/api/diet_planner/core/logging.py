"""Logging to the rotating file the operations guide greps, one line per event with a request id."""

from __future__ import annotations

import atexit
import json
import logging
import logging.handlers
import os
import re
import sys
import threading
import time
from collections import deque
from contextvars import ContextVar
from datetime import UTC, datetime
from pathlib import Path

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")

LOGGER_NAME = "diet_planner"
ACCESS_LOGGER_NAME = f"{LOGGER_NAME}.http"
TEXT_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"


# Line breaks and other control characters (C0, DEL, C1, the Unicode line and paragraph separators).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(
        char, f"\\x{ord(char):02x}" if ord(char) < 256 else f"\\u{ord(char):04x}"
    )


def escape_controls(text: str) -> str:
    """One event, one line: user input (an email, a path) cannot start a forged line such as a fake
    "Successful login" in the file the operations guide greps."""
    return _CONTROL.sub(_escape, text)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        # The message is rendered here, escaped, once for every handler (escaping is idempotent).
        message = record.getMessage()
        escaped = escape_controls(message)
        if escaped != message or record.args:
            record.msg, record.args = escaped, None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "timestamp": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "request_id": getattr(record, "request_id", "-"),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class _Handoff(logging.handlers.QueueHandler):
    """Queues the record as it is, with its exception (the standard QueueHandler renders it into the message
    for other processes, which would take it out of the JSON lines' `exception` field)."""

    def prepare(self, record: logging.LogRecord) -> logging.LogRecord:
        record.msg = record.getMessage()  # arguments may change after the call returns
        record.args = None
        return record


# A request's access line as queued by log_request: (time, level, request id, method, path, status, duration ms).
AccessLine = tuple[float, int, str, str, str, int, float]


def _access_record(line: AccessLine) -> logging.LogRecord:
    """The LogRecord of an access line, as `logging.getLogger(ACCESS_LOGGER_NAME).log(...)` would have made it
    in the request."""
    created, level, request_id = line[:3]
    record = logging.LogRecord(ACCESS_LOGGER_NAME, level, "", 0, _access_message(line), None, None)
    record.created = created
    record.msecs = int((created - int(created)) * 1000) + 0.0
    record.request_id = request_id
    return record


def _access_message(line: AccessLine) -> str:
    _, _, _, method, path, status, duration_ms = line
    return escape_controls(f"{method} {path} {status} {duration_ms:.1f}ms")


class _LogWriter:
    """Writes the queued records from a background thread, a batch every `interval_s`, each line formatted once
    for every handler (they share `formatter`).

    A request only appends its record to a deque: no lock to wake a waiting thread per line. With the standard
    QueueListener every line woke the writer thread, which then took the interpreter lock from the event loop:
    a fifth of a cached food search's time under load (bench_load's profile). The writer holds that lock while it
    formats, and the event loop waits meanwhile: an access line is rendered from its values as the text formatter
    would (the time's text made once a second), not through a LogRecord and the formatter for each handler: 10 ->
    2.7 us a line, where a meal-log write costs its worker about 270 us."""

    def __init__(self, handlers: list[logging.Handler], formatter: logging.Formatter, interval_s: float = 0.05) -> None:
        self.handlers = handlers
        self.formatter = formatter
        # Access lines are rendered from their values only for the text format (JSON lines go through the formatter).
        self._text_lines = type(formatter) is logging.Formatter and formatter._fmt == TEXT_FORMAT
        self.interval_s = interval_s
        self.records: deque[logging.LogRecord | AccessLine] = deque()
        self._writing = threading.Lock()
        self._stopped = threading.Event()
        self._second: tuple[int, str] = (-1, "")  # a whole second and its text in the formatter's asctime
        self._thread = threading.Thread(target=self._run, name="log-writer", daemon=True)
        self._thread.start()

    def put_nowait(self, record: logging.LogRecord) -> None:  # the queue of a QueueHandler
        self.records.append(record)

    def _run(self) -> None:
        while not self._stopped.wait(self.interval_s):
            self.write_pending()
        self.write_pending()

    def write_pending(self) -> None:
        with self._writing:
            lines: list[tuple[int, str]] = []  # (level, line)
            while self.records:
                item = self.records.popleft()
                lines.append(self._render(item))
            if not lines:
                return
            for handler in self.handlers:
                text = "".join(line + handler.terminator for level, line in lines if level >= handler.level)  # type: ignore[attr-defined]
                if text:
                    _write_text(handler, text)

    def _render(self, item: logging.LogRecord | AccessLine) -> tuple[int, str]:
        if isinstance(item, logging.LogRecord):
            return item.levelno, self.formatter.format(item)
        if not self._text_lines:
            return item[1], self.formatter.format(_access_record(item))
        # As logging.Formatter(TEXT_FORMAT) formats _access_record(item) (tests/ops/test_configuration.py).
        created, level, request_id = item[0], item[1], item[2]
        whole = int(created)
        if self._second[0] != whole:
            self._second = (whole, time.strftime(self.formatter.default_time_format, self.formatter.converter(created)))
        msecs = int((created - whole) * 1000)
        name = logging.getLevelName(level)
        return (
            level,
            f"{self._second[1]},{msecs:03d} {name} [{request_id}] {ACCESS_LOGGER_NAME}: {_access_message(item)}",
        )

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=5)
        self.write_pending()


def _write_text(handler: logging.Handler, text: str) -> None:
    """A batch's lines in one write and one flush, and a rotating file's size checked once, per batch: per
    line, the two stat calls of the rotation check, the write and the flush were most of the log's cost
    under load (bench_load's profile of a cached diary read)."""
    with handler.lock:  # type: ignore[union-attr]
        try:
            if isinstance(handler, logging.handlers.RotatingFileHandler) and _should_roll_over(handler, text):
                handler.doRollover()
            stream = getattr(handler, "stream", None)
            if stream is None and isinstance(handler, logging.FileHandler):
                stream = handler.stream = handler._open()  # closed by a rollover that failed to reopen
            if stream is not None:
                stream.write(text)
                handler.flush()
        except Exception:
            handler.handleError(logging.LogRecord(handler.name or "", logging.ERROR, "", 0, text[:200], None, None))


def _should_roll_over(handler: logging.handlers.RotatingFileHandler, text: str) -> bool:
    """RotatingFileHandler.shouldRollover for a batch's text (it formats a record to learn its length)."""
    if os.path.exists(handler.baseFilename) and not os.path.isfile(handler.baseFilename):
        return False  # e.g. /dev/null: never rotated
    if handler.stream is None:
        handler.stream = handler._open()
    if handler.maxBytes <= 0:
        return False
    handler.stream.seek(0, 2)
    size = handler.stream.tell()
    # An empty file is written to even by a batch larger than the limit: rotating it would only shift empty files.
    return size > 0 and size + len(text.encode(handler.encoding or "utf-8")) >= handler.maxBytes


_listener: _LogWriter | None = None


def configure_logging(log_file: Path, *, level: str = "INFO", json_lines: bool = False) -> None:
    """Idempotent: replaces the handlers of our logger so tests and reloads don't duplicate lines.

    A request only queues its lines; a background thread writes them to stderr and the file. Writing and
    flushing both (and the rotating handler's two stat calls) in the request was a tenth of a health check's
    cost under load (bench/bench_load.py's profile)."""
    global _listener
    # No format here names the caller's file, line, thread or process: skip collecting them for every record
    # (the logging HOWTO's "Optimization"; walking the stack for the caller was most of a log call's cost).
    logging._srcfile = None  # type: ignore[attr-defined]
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    logger = logging.getLogger(LOGGER_NAME)
    logger.setLevel(level.upper())
    logger.propagate = False
    stop_listener()
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
    formatter: logging.Formatter = JsonFormatter() if json_lines else logging.Formatter(TEXT_FORMAT)
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    file_error: OSError | None = None
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(
            logging.handlers.RotatingFileHandler(log_file, maxBytes=10 * 1024 * 1024, backupCount=5, encoding="utf-8")
        )
    except OSError as error:  # e.g. a bind-mounted logs/ the container's user cannot write: serve anyway
        file_error = error
    for handler in handlers:
        handler.setFormatter(formatter)
    _listener = _LogWriter(handlers, formatter)
    queued = _Handoff(_listener)  # type: ignore[arg-type]
    # The request id is read where the line is logged (a context variable of the request), not in the writer.
    queued.addFilter(RequestIdFilter())
    logger.addHandler(queued)
    if file_error is not None:
        logger.getChild("logging").error(
            "Cannot write LOG_FILE=%s (%s); logging to stderr only", log_file, file_error.strerror or file_error
        )
        flush_logs()  # at startup, before anything else is printed


def log_request(level: int, request_id: str, method: str, path: str, status: int, duration_ms: float) -> None:
    """A request's access line ("GET /api/foods 200 1.2ms"). Queued as its values; the writer thread makes the
    record: the logger's record, filters and handler in the request were a tenth of a meal-log write's CPU
    (bench_load's profile), for the line every request writes."""
    logger = logging.getLogger(ACCESS_LOGGER_NAME)
    if not logger.isEnabledFor(level):
        return
    listener = _listener
    if listener is None:  # logging not configured (a library use): the logger as usual
        logger.log(level, "%s %s %s %.1fms", method, path, status, duration_ms)
        return
    listener.records.append((time.time(), level, request_id, method, path, status, duration_ms))


def flush_logs() -> None:
    """Wait until every line logged so far is written (for readers of the log file right after a request)."""
    if _listener is not None:
        _listener.write_pending()


def stop_listener() -> None:
    global _listener
    if _listener is not None:
        _listener.stop()  # ends the thread, then writes what is queued
        for handler in _listener.handlers:
            handler.close()
        _listener = None


atexit.register(stop_listener)


def get_logger(name: str) -> logging.Logger:
    return logging.getLogger(f"{LOGGER_NAME}.{name}")
