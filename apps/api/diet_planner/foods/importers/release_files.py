"""The files of a USDA release, from a folder (searched recursively) or the release's .zip, by file name."""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

from diet_planner.foods.importers.conversion import FoodImportError


class ReleaseFiles:
    """Case-insensitive file-name lookup in a folder or a zip; the shallowest match wins."""

    def __init__(self, source: Path) -> None:
        self.source = source
        self._zip: zipfile.ZipFile | None = None
        self._paths: dict[str, str] = {}
        if source.is_dir():
            found = sorted(source.rglob("*"), key=lambda path: (len(path.parts), str(path)))
            for path in found:
                if path.is_file():
                    self._paths.setdefault(path.name.lower(), str(path))
        elif zipfile.is_zipfile(source):
            self._zip = zipfile.ZipFile(source)
            names = sorted(self._zip.namelist(), key=lambda name: (name.count("/"), name))
            for name in names:
                if not name.endswith("/"):
                    self._paths.setdefault(PurePosixPath(name).name.lower(), name)
        else:
            raise FoodImportError(f"{source}: expected a folder or a .zip of the release's files")

    def has(self, name: str) -> bool:
        return name.lower() in self._paths

    def require(self, names: list[str], release: str) -> None:
        missing = [name for name in names if not self.has(name)]
        if missing:
            raise FoodImportError(f"{self.source}: not a complete {release}: missing {', '.join(missing)}")

    def text(self, name: str) -> str:
        """A file's text: UTF-8 (BOM allowed), else Windows-1252 as the SR ASCII files are written."""
        location = self._paths.get(name.lower())
        if location is None:
            raise FoodImportError(f"{self.source}: {name} not found")
        data = self._zip.read(location) if self._zip is not None else Path(location).read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
        return text.replace("\x1a", "")  # a DOS end-of-file mark some releases carry

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
