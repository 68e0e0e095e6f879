"""`python -m bench`: run every bench/bench_*.py main()."""

from __future__ import annotations

import importlib
from pathlib import Path


def main() -> None:
    for path in sorted(Path(__file__).parent.glob("bench_*.py")):
        module = importlib.import_module(f"bench.{path.stem}")
        module.main()


if __name__ == "__main__":
    main()
