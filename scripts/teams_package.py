"""Build the Microsoft Teams app package (the zip to upload) for the assistant.

    python scripts/teams_package.py [--out build/teams/pathway-teams.zip]

The manifest comes from teams/manifest.template.json with ${VARS} filled from the
environment (MICROSOFT_APP_ID is required; see `SETTINGS`), the two icons are drawn here
with Pillow so no binaries live in the repo, and the manifest is validated against the
vendored v1.17 schema (teams/schema/) before anything is written. Same inputs, same zip.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import string
import sys
import zipfile
from pathlib import Path
from typing import Any, Dict, List, Mapping

from jsonschema import Draft4Validator, Draft6Validator, FormatChecker, validators
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "teams" / "manifest.template.json"
SCHEMA = ROOT / "teams" / "schema" / "v1.17" / "MicrosoftTeams.schema.json"
DEFAULT_OUT = ROOT / "build" / "teams" / "pathway-teams.zip"
NAVY, WHITE = (31, 58, 95, 255), (255, 255, 255, 255)
ZIP_TIME = (2024, 1, 1, 0, 0, 0)  # fixed, so the zip is reproducible

#: Template variable -> default (None: required). TEAMS_APP_ID defaults to the bot's id.
SETTINGS: Dict[str, object] = {
    "MICROSOFT_APP_ID": None,
    "TEAMS_APP_ID": "",
    "TEAMS_APP_VERSION": "1.0.0",
    "TEAMS_DEVELOPER_NAME": "Police intelligence pathway",
    "TEAMS_WEBSITE_URL": None,
    "TEAMS_PRIVACY_URL": "",
    "TEAMS_TERMS_URL": "",
}

# The schema says draft-04 but uses draft-06's `const` (e.g. manifestVersion "1.17"),
# which a plain draft-04 validator would silently ignore.
ManifestValidator = validators.extend(Draft4Validator, {"const": Draft6Validator.VALIDATORS["const"]})


class PackageError(Exception):
    pass


def settings(environ: Mapping[str, str]) -> Dict[str, str]:
    values = {}
    for name, default in SETTINGS.items():
        value = environ.get(name, "").strip() or default
        if value is None:
            raise PackageError(f"Set {name} (see the Teams section of the README).")
        values[name] = str(value)
    values["TEAMS_APP_ID"] = values["TEAMS_APP_ID"] or values["MICROSOFT_APP_ID"]
    site = values["TEAMS_WEBSITE_URL"].rstrip("/")
    values["TEAMS_PRIVACY_URL"] = values["TEAMS_PRIVACY_URL"] or f"{site}/privacy"
    values["TEAMS_TERMS_URL"] = values["TEAMS_TERMS_URL"] or f"{site}/terms"
    return values


def _fill(node: Any, values: Mapping[str, str]) -> Any:
    if isinstance(node, dict):
        return {key: _fill(value, values) for key, value in node.items()}
    if isinstance(node, list):
        return [_fill(item, values) for item in node]
    return string.Template(node).substitute(values) if isinstance(node, str) else node


def manifest(environ: Mapping[str, str]) -> dict:
    """The manifest with ${VARS} in its string values filled in."""
    return _fill(json.loads(TEMPLATE.read_text(encoding="utf-8")), settings(environ))


def schema_errors(document: dict) -> List[str]:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = ManifestValidator(schema, format_checker=FormatChecker())
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
            for e in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))]


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _mark(draw: ImageDraw.ImageDraw, size: int, colour: tuple, width: int) -> None:
    """A rising path of three steps ending in a node: the career pathway."""
    s = size / 32
    points = [(6 * s, 25 * s), (12 * s, 19 * s), (17 * s, 21 * s), (24 * s, 11 * s)]
    draw.line(points, fill=colour, width=width, joint="curve")
    r = 3 * s
    draw.ellipse((24 * s - r, 11 * s - r, 24 * s + r, 11 * s + r), fill=colour)


def color_icon() -> bytes:
    """192x192 full-colour icon: white mark on the accent colour."""
    image = Image.new("RGBA", (192, 192), NAVY)
    _mark(ImageDraw.Draw(image), 192, WHITE, 14)
    return _png(image)


def outline_icon() -> bytes:
    """32x32 outline icon: white on transparent only, as Teams requires."""
    image = Image.new("RGBA", (32, 32), (0, 0, 0, 0))
    _mark(ImageDraw.Draw(image), 32, WHITE, 3)
    return _png(image)


def build(out: Path, environ: Mapping[str, str] = os.environ) -> dict:
    document = manifest(environ)
    errors = schema_errors(document)
    if errors:
        raise PackageError("The manifest does not match the v1.17 schema:\n  " + "\n  ".join(errors))
    files = {"manifest.json": json.dumps(document, indent=2).encode("utf-8"),
             "color.png": color_icon(), "outline.png": outline_icon()}
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in files.items():
            package.writestr(zipfile.ZipInfo(name, ZIP_TIME), data, zipfile.ZIP_DEFLATED)
    return document


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    try:
        document = build(args.out)
    except PackageError as error:
        print(f"teams-package: {error}", file=sys.stderr)
        return 1
    print(f"Wrote {args.out} (app {document['id']}, bot {document['bots'][0]['botId']}); "
          "upload it in Teams: Apps > Manage your apps > Upload an app.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
