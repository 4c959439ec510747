"""Preview the site on this machine, rebuilt and reloaded on every edit (`make serve`).

Usage: python scripts/serve.py [--port PORT] [--config-file FILE]

Runs `mkdocs serve` on 127.0.0.1:PORT (default 8000), watching docs/,
mkdocs.yml and overrides/ (templates, the site's JavaScript and CSS, hooks).
A Python hook that changed is loaded again only when this command is restarted.
A port that is taken is said in one line, before anything is built.

Exit codes: 2 on a usage error or a taken port; otherwise mkdocs serve's own
(it takes this process's place).
"""

from __future__ import annotations

import argparse
import errno
import os
import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MKDOCS_CONFIG = ROOT / "mkdocs.yml"
HOST = "127.0.0.1"


def port_taken(port: int) -> bool:
    """Whether something already listens on HOST:PORT (binding as mkdocs serve will)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((HOST, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return True
            raise
    return False


def serve_command(config_file: Path, port: int) -> list[str]:
    """mkdocs serve, watching the config's overrides/ folder too."""
    return [
        sys.executable,
        "-m",
        "mkdocs",
        "serve",
        "--config-file",
        str(config_file),
        "--dev-addr",
        f"{HOST}:{port}",
        "--watch",
        str(config_file.parent / "overrides"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="serve.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--port", type=int, default=8000, help="the port on 127.0.0.1 (default: 8000)"
    )
    parser.add_argument(
        "--config-file",
        type=Path,
        default=MKDOCS_CONFIG,
        metavar="FILE",
        help="the MkDocs config (default: mkdocs.yml)",
    )
    args = parser.parse_args(argv)
    if not 0 < args.port < 65536:
        parser.error(f"--port must be 1 to 65535, not {args.port}")
    if port_taken(args.port):
        print(
            f"serve.py: error: port {args.port} on {HOST} is taken (another `make serve`?); "
            f"choose another with `make serve PORT={args.port + 1}`",
            file=sys.stderr,
        )
        return 2
    # mkdocs serve takes this process's place: Ctrl-C and signals reach it directly.
    command = serve_command(args.config_file.resolve(), args.port)
    os.execve(command[0], command, {**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return 2  # not reached


if __name__ == "__main__":
    raise SystemExit(main())
