"""Building the Linux bundle and the .deb once and installing it into a throw-away root: what the
package tests (tests/installers/test_linux_package.py) and bench/bench_bundle_start.py share.

The bundle is cached under the temporary folder, keyed on everything it is built from (the
sources, resources, spec and build script, the virtualenv's installed distributions): a second
test session, or the benchmark after the tests, reuses it instead of spending a minute or more
in PyInstaller.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "citizen-service-counter"
PREFIX = Path("opt") / PACKAGE
APP_ID = "io.github.CitizenServiceCenter.Counter"
TIMER = "counter-app-nightly-sync.timer"
_INPUTS = (
    "src/counter_app",
    "src/counter_protocol",
    "resources",
    "installers/pyinstaller",
    "installers/linux/build-bundle.sh",
)


def source_digest() -> str:
    """What the bundle is built from: file names and contents, and the installed packages."""
    digest = hashlib.sha256()
    for top in _INPUTS:
        base = ROOT / top
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" in path.parts or path.suffix in (".pyc", ".qm"):
                continue  # .qm: built from the .ts, which count
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    site = Path(sys.prefix) / "lib"
    for dist in sorted(site.glob("python3*/site-packages/*.dist-info")):
        digest.update(dist.name.encode())
    return digest.hexdigest()[:16]


def cache_dir() -> Path:
    return Path(os.environ.get("COUNTER_PACKAGE_CACHE") or tempfile.gettempdir()) / "counter-pkg"


def build_bundle() -> Path:
    """The bundle of today's sources (dist/counter-app layout), built unless cached."""
    where = cache_dir() / f"bundle-{source_digest()}"
    bundle = where / "dist" / "counter-app"
    if (bundle / "counter-app").is_file() and (where / "complete").is_file():
        return bundle
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    env = dict(os.environ, COUNTER_BUNDLE_DIST=str(where / "dist"))
    env["COUNTER_BUNDLE_WORK"] = str(where / "build")
    _run([str(ROOT / "installers" / "linux" / "build-bundle.sh")], env)
    shutil.rmtree(where / "build", ignore_errors=True)
    (where / "complete").touch()
    for old in cache_dir().glob("bundle-*"):  # one bundle kept: each is ~200 MB
        if old != where:
            shutil.rmtree(old, ignore_errors=True)
    return bundle


def build_deb(bundle: Path, out: Path, compress: str = "gzip") -> Path:
    """The .deb of ``bundle`` in ``out`` (gzip: the tests' speed; the release build uses xz)."""
    env = dict(os.environ, COUNTER_BUNDLE=str(bundle), COUNTER_DEB_OUT=str(out))
    env.update(COUNTER_DEB_WORK=str(out / "work"), COUNTER_DEB_COMPRESS=compress)
    _run([str(ROOT / "installers" / "debian" / "build-deb.sh")], env)
    shutil.rmtree(out / "work", ignore_errors=True)
    (deb,) = out.glob(f"{PACKAGE}_*_amd64.deb")
    return deb


def dpkg_root(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """dpkg acting on the system in ``root`` (its own database there); the maintainer scripts
    run outside a chroot with DPKG_ROOT set, so ``root`` needs no shell of its own."""
    admin = root / "var" / "lib" / "dpkg"
    for sub in ("info", "updates", "triggers"):
        (admin / sub).mkdir(parents=True, exist_ok=True)
    for name in ("status", "available"):
        (admin / name).touch()
    line = ["dpkg", f"--root={root}", "--force-script-chrootless", "--force-depends"]
    if os.geteuid() != 0:
        line.append("--force-not-root")
    return subprocess.run([*line, *args], capture_output=True, text=True, timeout=600, check=False)


def installed_program(root: Path) -> Path:
    """The installed launcher, followed through its link inside ``root``."""
    link = root / "usr" / "bin" / "counter-app"
    target = Path(os.readlink(link))
    return root / target.relative_to("/") if target.is_absolute() else link.parent / target


def start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    """A real X server on a free display number (Xvfb -displayfd)."""
    binary = shutil.which("Xvfb")
    if binary is None:
        raise FileNotFoundError("Xvfb")
    read, write = os.pipe()
    server = subprocess.Popen(
        [binary, "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    return server, f":{number}"


def _run(cmd: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=1800, check=False)
    if done.returncode != 0:
        raise RuntimeError(
            f"{cmd[0]} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )
