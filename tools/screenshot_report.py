"""Render an HTML report to a PNG with headless Chromium (to look at it, or to put it in a README).

    .venv/bin/lintkit check posts/ --format html --output report.html
    .venv/bin/python tools/screenshot_report.py report.html report.png --height 3200
    .venv/bin/python tools/screenshot_report.py report.html s104.png --hash 'rule=S104&sev=error'

Needs Debian's ``chromium`` (``apt-get install chromium``) and, for Japanese
text, a CJK font (``apt-get install fonts-noto-cjk``). The browser runs with
a throwaway profile and no network features.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_browser() -> str | None:
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def screenshot(report: Path, png: Path, width: int = 1280, height: int = 2400, browser: str | None = None,
               fragment: str = "") -> None:
    """``fragment`` is the URL hash the report reads its filters from (``rule=S104&sev=error&q=...``)."""
    exe = browser or find_browser()
    if exe is None:
        raise SystemExit("no chromium found: apt-get install chromium fonts-noto-cjk")
    with tempfile.TemporaryDirectory(prefix="lintkit-shot-") as profile:
        cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
               "--hide-scrollbars", f"--window-size={width},{height}", f"--screenshot={png.resolve()}",
               "--virtual-time-budget=5000",
               report.resolve().as_uri() + (f"#{fragment.lstrip('#')}" if fragment else "")]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    if proc.returncode != 0 or not png.exists():
        raise SystemExit(f"chromium failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("report", type=Path)
    parser.add_argument("png", type=Path)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=2400)
    parser.add_argument("--hash", default="", help="filters to apply, as in the report's URL: 'rule=S104&sev=error'")
    args = parser.parse_args(argv)
    if not args.report.is_file():
        parser.error(f"{args.report}: no such file")
    screenshot(args.report, args.png, args.width, args.height, fragment=args.hash)
    print(f"{args.png} ({args.png.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
