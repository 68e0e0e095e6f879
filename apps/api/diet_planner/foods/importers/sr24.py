"""USDA SR24 as shipped in Debian's `cronometer` package: the .deb, its `usda_sr24.jar`, or the jar's
extracted folder of one XML file per food (`<food uid="09040" name="Bananas, raw">` with `<measure>`
and `<nutrient name amount>` children, values per 100 g; vitamins A and D in IU).

Standard library only, no dpkg needed: a .deb is an `ar` archive whose data.tar.* holds the jar.
"""

from __future__ import annotations

import io
import tarfile
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from diet_planner.foods.importers.conversion import FoodImportError, Progress, food_record

JAR_IN_PACKAGE = "usr/share/cronometer/usda_sr24.jar"
RELEASE = "USDA SR24 (2011) via Debian package cronometer"


def convert(xml_bytes: bytes, where: str = "food XML") -> dict[str, Any]:
    """One food's XML -> the stored record."""
    try:
        # The XML is the USDA release the operator chose to import, never user input.
        root = ET.fromstring(xml_bytes)  # noqa: S314  # nosec B314
        source_id = root.attrib["uid"]
        name = root.attrib["name"]
        raw: dict[str, float] = {}
        for node in root.iter("nutrient"):
            raw[node.attrib["name"]] = float(node.attrib["amount"])
        measures = [
            (float(m.attrib["amount"]), m.attrib["name"], float(m.attrib.get("grams", "0")))
            for m in root.iter("measure")
        ]
    except ET.ParseError as error:
        raise FoodImportError(f"{where}: not valid XML ({error})") from error
    except KeyError as error:
        raise FoodImportError(f"{where}: missing attribute {error}") from error
    except ValueError as error:
        raise FoodImportError(f"{where}: {error}") from error
    return food_record(source_id, name, raw, measures)


def _deb_member(deb_bytes: bytes, where: str) -> tuple[str, bytes]:
    """The data.tar.* member of a Debian package (an `ar` archive of 60-byte headers)."""
    if not deb_bytes.startswith(b"!<arch>\n"):
        raise FoodImportError(f"{where}: not a Debian package (no ar header)")
    offset = 8
    while offset + 60 <= len(deb_bytes):
        header = deb_bytes[offset : offset + 60]
        name = header[:16].decode("ascii", "replace").strip().rstrip("/")
        try:
            size = int(header[48:58].decode("ascii").strip())
        except ValueError as error:
            raise FoodImportError(f"{where}: damaged ar archive") from error
        body = deb_bytes[offset + 60 : offset + 60 + size]
        if name.startswith("data.tar"):
            return name, body
        offset += 60 + size + (size % 2)  # members are 2-byte aligned
    raise FoodImportError(f"{where}: no data.tar member in the package")


def jar_from_deb(deb: Path) -> bytes:
    """The bytes of usda_sr24.jar inside the cronometer .deb."""
    name, data = _deb_member(deb.read_bytes(), str(deb))
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as tar:
            for member in tar.getmembers():
                if member.name.lstrip("./") == JAR_IN_PACKAGE:
                    extracted = tar.extractfile(member)
                    if extracted is not None:
                        return extracted.read()
    except (tarfile.TarError, EOFError, OSError) as error:
        raise FoodImportError(f"{deb}: cannot read {name} ({error})") from error
    raise FoodImportError(f"{deb}: {JAR_IN_PACKAGE} not found in the package (is this the cronometer package?)")


def xml_files(source: Path) -> Iterator[tuple[str, bytes]]:
    """(file name, XML bytes) of every food in a folder, a jar (zip) or the .deb, sorted by name."""
    if source.is_dir():
        # The jar's extracted folder, a folder holding it, or the package extracted with `dpkg -x`.
        if (source / JAR_IN_PACKAGE).is_file():
            yield from xml_files(source / JAR_IN_PACKAGE)
            return
        if not any(source.glob("*.xml")) and (source / "usda_sr24").is_dir():
            source = source / "usda_sr24"
        for path in sorted(source.glob("*.xml")):
            yield path.name, path.read_bytes()
        return
    data = jar_from_deb(source) if source.suffix == ".deb" else source.read_bytes()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as jar:
            for name in sorted(jar.namelist()):
                if name.endswith(".xml"):
                    yield name, jar.read(name)
    except zipfile.BadZipFile as error:
        raise FoodImportError(f"{source}: not a zip/jar file ({error})") from error


def read(source: Path, progress: Progress | None = None) -> list[dict[str, Any]]:
    """Every food of the SR24 source, converted."""
    files = list(xml_files(source))
    if not files:
        raise FoodImportError(f"{source}: no food XML files found")
    foods = []
    for done, (name, data) in enumerate(files, start=1):
        foods.append(convert(data, f"{source.name}:{name}"))
        if progress is not None and (done % 500 == 0 or done == len(files)):
            progress("Converting SR24 XML", done, len(files))
    return foods
