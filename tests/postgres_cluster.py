"""A throwaway PostgreSQL cluster on 127.0.0.1 in a temporary folder, for the tests marked ``postgres`` and for
bench/warehouse.py.

It uses Debian's ``postgresql`` package (``initdb`` and ``postgres`` on the PATH, or under
/usr/lib/postgresql/<version>/bin). PostgreSQL refuses to run as root, so when this runs as root (here and in CI) the
cluster's folder belongs to ``nobody`` and the server runs as that user (subprocess's ``user=``). Passwords are
required (scram-sha-256) even on 127.0.0.1, every statement is logged (``log_statement = all``) so that the tests
can read what was sent, and the server's own ``statement_timeout`` bounds every statement, whoever sends it.
"""

import glob
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

INSTALL = "apt-get install -y postgresql"
#: The server's statement timeout: no query of the tests may run longer.
STATEMENT_TIMEOUT_MS = 60_000


def binaries() -> Path | None:
    """The folder holding initdb and postgres, or None when PostgreSQL is not installed."""
    found = shutil.which("initdb")
    if found and shutil.which("postgres"):
        return Path(found).resolve().parent
    folders = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda folder: int(Path(folder).parent.name))
    for folder in reversed(folders):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "postgres").exists():
            return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Cluster:
    folder: Path
    port: int
    password: str
    process: subprocess.Popen

    def url(self, user: str = "postgres", password: str | None = None, database: str = "postgres") -> str:
        return f"postgresql://{user}:{password or self.password}@127.0.0.1:{self.port}/{database}"

    @property
    def log(self) -> Path:
        return self.folder / "server.log"

    def stop(self) -> None:
        """Fast shutdown of the server by its PID, then the folder is removed."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster(extra_settings: dict[str, str] | None = None) -> Cluster:
    """initdb a new cluster in a temporary folder and start its server on a free port of 127.0.0.1."""
    bin_folder = binaries()
    if bin_folder is None:
        raise FileNotFoundError(f"PostgreSQL is not installed: {INSTALL}")
    folder = Path(tempfile.mkdtemp(prefix="retention-pg-"))
    user = "nobody" if os.geteuid() == 0 else None
    password = secrets.token_urlsafe(16)
    (folder / "password").write_text(password)
    if user:
        shutil.chown(folder, user)
        shutil.chown(folder / "password", user)
    data = folder / "data"
    environment = {"PATH": os.environ.get("PATH", ""), "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    subprocess.run(
        [bin_folder / "initdb", "-D", data, "-U", "postgres", "--auth=scram-sha-256", f"--pwfile={folder / 'password'}",
         "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
        check=True, capture_output=True, user=user, env=environment, cwd=folder,
    )
    port = _free_port()
    settings = {"listen_addresses": "127.0.0.1", "port": str(port), "unix_socket_directories": str(folder),
                "statement_timeout": str(STATEMENT_TIMEOUT_MS), "log_statement": "all", "fsync": "off",
                "logging_collector": "off", "log_line_prefix": "%u ", **(extra_settings or {})}
    arguments = [item for name, value in settings.items() for item in ("-c", f"{name}={value}")]
    log = open(folder / "server.log", "wb")  # noqa: SIM115 (the server writes to it until it stops)
    if user:
        shutil.chown(folder / "server.log", user)
    process = subprocess.Popen([bin_folder / "postgres", "-D", data, *arguments], stdout=log, stderr=log, user=user,
                               env=environment, cwd=folder)
    log.close()
    cluster = Cluster(folder, port, password, process)
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            text = cluster.log.read_text(errors="replace")
            shutil.rmtree(folder, ignore_errors=True)
            raise RuntimeError(f"PostgreSQL did not start:\n{text}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0 and "ready to accept" in cluster.log.read_text(
                    errors="replace"):
                return cluster
        if time.monotonic() > deadline:
            cluster.stop()
            raise RuntimeError("PostgreSQL did not start within 60 s")
        time.sleep(0.1)
