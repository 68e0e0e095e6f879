"""`python -m bench`: run every bench/bench_*.py main()."""

from __future__ import annotations

import importlib
from pathlib import Path


def main() -> None:
    # The load bench last: its servers keep the machine busy for a while, which would slow the timed benches.
    for path in sorted(Path(__file__).parent.glob("bench_*.py"), key=lambda p: (p.stem == "bench_load", p.stem)):
        module = importlib.import_module(f"bench.{path.stem}")
        module.main()


if __name__ == "__main__":
    main()
