"""Preview the site on this machine, rebuilt and reloaded on every edit (`make serve`).

Usage: python scripts/serve.py [--port PORT] [--config-file FILE]

Runs scripts/preview_server.py (mkdocs serve, with build errors shown in the
browser and quick rebuilds of edited pages) on 127.0.0.1:PORT (default 8000),
watching docs/, mkdocs.yml and overrides/ (templates, the site's JavaScript
and CSS, hooks). MkDocs loads a hook's Python once, so when a file in
overrides/hooks/ changes, the server is started again. A port that is taken is
said in one line, before anything is built.

Exit codes: 0 after Ctrl-C or SIGTERM; 2 on a usage error or a taken port;
otherwise the server's own.
"""

from __future__ import annotations

import argparse
import errno
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from mkdocs_site import add_config_file_option

HOST = "127.0.0.1"
PREVIEW_SERVER = Path(__file__).resolve().parent / "preview_server.py"


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
    """The preview server (it watches the config's docs/, mkdocs.yml and overrides/)."""
    return [sys.executable, str(PREVIEW_SERVER), "--config-file", str(config_file), "--port", str(port)]


def hooks_stamp(hooks: Path) -> list[tuple[str, int]]:
    """Each hook module and when it last changed."""
    return sorted((path.name, path.stat().st_mtime_ns) for path in hooks.glob("*.py"))


def serve(command: list[str], hooks: Path) -> int:
    """Run the preview server; run it again whenever a file in HOOKS changes."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    while True:
        stamp = hooks_stamp(hooks)
        child = subprocess.Popen(command, env=env)
        try:
            while child.poll() is None and hooks_stamp(hooks) == stamp:
                time.sleep(0.5)
            if child.returncode is not None:
                return child.returncode
        finally:
            if child.poll() is None:
                child.terminate()
                child.wait(timeout=30)
        print("serve.py: a hook changed; starting the server again", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="serve.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--port", type=int, default=8000, help="the port on 127.0.0.1 (default: 8000)")
    add_config_file_option(parser)
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
    config_file = args.config_file.resolve()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stops the server on the way out
    try:
        return serve(serve_command(config_file, args.port), config_file.parent / "overrides" / "hooks")
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
