"""A throwaway PostgreSQL server for the tests: `initdb` into a temporary folder, started on a
free port on 127.0.0.1, stopped at the end.

    reason = unavailable_reason()   # None when a server can be started here
    server = start(tmp_folder)      # raises ServerError (with the server log's tail) on failure
    server.url                      # postgresql+psycopg://postgres@127.0.0.1:PORT/toetsplanner
    server.create_database("t1")    # another empty database, and its URL
    server.stop()

The binaries come from PATH or from Debian's /usr/lib/postgresql/<version>/bin (the newest).
PostgreSQL refuses to run as root: as root the server runs as the `postgres` system user (made
by the Debian package), through `runuser` or `setpriv`, in a folder owned by that user.
"""

from __future__ import annotations

import atexit
import dataclasses
import itertools
import os
import pwd
import re
import shlex
import shutil
import socket
import stat
import subprocess
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import psycopg

SERVER_USER = "postgres"  # the system user the server runs as when the tests run as root
SUPERUSER = "postgres"  # the database superuser initdb creates (trust authentication)
DEBIAN_BINS = "/usr/lib/postgresql/*/bin"
_SOCKET_PATH_MAX = 100  # a Unix socket path must fit in 108 bytes, with "/.s.PGSQL.NNNNN"


class ServerError(RuntimeError):
    """The server could not be set up or started; the message says why."""


@dataclasses.dataclass(frozen=True, slots=True)
class Binaries:
    initdb: Path
    pg_ctl: Path


def find_binaries() -> Binaries | None:
    """initdb and pg_ctl from one installation: the one on PATH, else Debian's newest."""
    folders: list[Path] = []
    on_path = shutil.which("initdb")
    if on_path:
        folders.append(Path(on_path).resolve().parent)
        folders.append(Path(on_path).parent)
    debian = Path("/").glob(DEBIAN_BINS.lstrip("/"))
    folders += sorted(debian, key=_version_key, reverse=True)
    for folder in folders:
        initdb, pg_ctl = folder / "initdb", folder / "pg_ctl"
        if _executable(initdb) and _executable(pg_ctl):
            return Binaries(initdb, pg_ctl)
    if on_path and shutil.which("pg_ctl"):
        return Binaries(Path(on_path), Path(str(shutil.which("pg_ctl"))))
    return None


def unavailable_reason() -> str | None:
    """Why no server can be started here, or None when one can."""
    if find_binaries() is None:
        return (
            f"initdb and pg_ctl not found on PATH nor in {DEBIAN_BINS} "
            "(install the Debian package `postgresql`, e.g. with scripts/test-deps as root)"
        )
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "the Python driver psycopg is not installed (pip install -e '.[test]')"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError:
            return (
                f"running as root, and PostgreSQL refuses root, but there is no "
                f"`{SERVER_USER}` system user to run it as"
            )
        if not (shutil.which("runuser") or shutil.which("setpriv")):
            return (
                f"running as root, and PostgreSQL refuses root, but neither runuser nor setpriv "
                f"is there to run it as `{SERVER_USER}`"
            )
    return None


@dataclasses.dataclass(slots=True)
class Server:
    """A running server; `url` is its first database, made by `start`."""

    binaries: Binaries
    folder: Path
    port: int
    url: str = ""
    log: Path = dataclasses.field(init=False)
    data: Path = dataclasses.field(init=False)
    _remove: list[Path] = dataclasses.field(default_factory=list)
    _stopped: bool = False
    _counter: itertools.count[int] = dataclasses.field(default_factory=lambda: itertools.count(1))

    def __post_init__(self) -> None:
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"

    def url_of(self, database: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str | None = None) -> str:
        """A new, empty database (`t1`, `t2`, ... unless named) and its URL."""
        from psycopg import sql

        name = name or f"t{next(self._counter)}"
        with self._admin() as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url_of(name)

    def drop_database(self, name: str) -> None:
        """Drop a database, ending any connection still open to it."""
        from psycopg import sql

        with self._admin() as conn:
            query = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            conn.execute(query.format(sql.Identifier(name)))

    def _admin(self) -> psycopg.Connection[tuple[object, ...]]:
        import psycopg

        return psycopg.connect(
            host="127.0.0.1", port=self.port, user=SUPERUSER, dbname="postgres", autocommit=True
        )

    def log_tail(self, lines: int = 30, since: int = 0) -> str:
        """The last lines of the server log (written after byte `since`)."""
        try:
            with self.log.open("rb") as f:
                f.seek(since)
                text = f.read().decode("utf-8", errors="replace")
        except OSError as exc:
            return f"(no server log: {exc})"
        return _last_lines(text, lines) or "(the server log is empty)"

    def stop(self) -> None:
        """Stop the server (fast: open connections are ended) and remove temporary folders."""
        if self._stopped:
            return
        self._stopped = True
        if (self.data / "postmaster.pid").exists():
            command = [str(self.binaries.pg_ctl), "-D", str(self.data), "-m", "fast"]
            _run(self, [*command, "-w", "-t", "60", "stop"], check=False)
        for folder in self._remove:
            shutil.rmtree(folder, ignore_errors=True)


def start(base: Path, database: str = "toetsplanner") -> Server:
    """Initialise a cluster under `base` and start it on a free port; creates `database`.

    Raises ServerError when that fails (the message ends with the server log's tail)."""
    reason = unavailable_reason()
    if reason is not None:
        raise ServerError(reason)
    binaries = find_binaries()
    assert binaries is not None
    base.mkdir(parents=True, exist_ok=True)
    remove: list[Path] = []
    folder = _server_folder(base, remove)
    server = Server(binaries, folder, port=0, _remove=remove)
    atexit.register(server.stop)  # should the test run end without its fixture's teardown
    try:
        _initdb(server)
        socket_dir = folder / "sock"
        if len(str(socket_dir)) > _SOCKET_PATH_MAX:
            socket_dir = Path(tempfile.mkdtemp(prefix="pgsock-"))
            remove.append(socket_dir)
        else:
            socket_dir.mkdir()
        _give_to_server_user(socket_dir)
        _start(server, socket_dir)
        server.url = server.create_database(database)
    except BaseException:
        server.stop()
        raise
    return server


# -- steps --------------------------------------------------------------------------------------


def _server_folder(base: Path, remove: list[Path]) -> Path:
    """A new folder for the cluster, writable by the user the server runs as.

    As root, that user must also reach it: pytest's own temporary folders are root's alone
    (mode 0700), so then the folder is made in the system's temporary folder and removed on stop.
    """
    user = _server_user()
    parent = base if user is None or _reachable(base, user) else None
    folder = Path(tempfile.mkdtemp(prefix="pgserver-", dir=parent))
    if parent is None:
        remove.append(folder)
    _give_to_server_user(folder)
    return folder


def _initdb(server: Server) -> None:
    command = [str(server.binaries.initdb), "-D", str(server.data), "-A", "trust"]
    command += ["-U", SUPERUSER, "-E", "UTF8", "--locale=C", "--no-sync"]
    result = _run(server, command, check=False)
    if result.returncode != 0:
        raise ServerError(
            f"initdb failed (exit {result.returncode}): {' '.join(command)}\n"
            + _last_lines(result.stdout + result.stderr)
        )


def _start(server: Server, socket_dir: Path, attempts: int = 3) -> None:
    """pg_ctl start on a free port; another port when someone took it meanwhile."""
    for attempt in range(1, attempts + 1):
        server.port = _free_port()
        options = [
            f"-p {server.port}",
            f"-k {shlex.quote(str(socket_dir))}",
            "-c listen_addresses=127.0.0.1",
            # A test server's data is thrown away at the end: no need to wait for the disk on
            # every commit (durability after a power cut is what fsync buys, and we never need it).
            "-c fsync=off",
        ]
        command = [str(server.binaries.pg_ctl), "-D", str(server.data), "-l", str(server.log)]
        command += ["-w", "-t", "60", "-o", " ".join(options), "start"]
        began = server.log.stat().st_size if server.log.exists() else 0
        result = _run(server, command, check=False)
        if result.returncode == 0:
            return
        log = server.log_tail(30, since=began)
        if ("could not bind" in log or "already in use" in log) and attempt < attempts:
            time.sleep(0.2)
            continue
        output = _last_lines(result.stdout + result.stderr, 10)
        raise ServerError(
            f"pg_ctl start failed (exit {result.returncode}) on port {server.port}: {output}\n"
            f"--- server log {server.log} (last lines) ---\n{log}"
        )


# -- helpers ------------------------------------------------------------------------------------


def _run(server: Server, command: list[str], *, check: bool) -> subprocess.CompletedProcess[str]:
    """Run a PostgreSQL program as the server's user, in its folder, with a plain environment."""
    user = _server_user()
    if user is not None:
        if shutil.which("runuser"):
            command = ["runuser", "-u", user.pw_name, "--", *command]
        else:
            command = ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}"]
            command += ["--init-groups", "--", *command]
    # PG* variables (PGDATA, PGPORT, ...) of the caller must not steer the test server.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["LC_ALL"] = "C"  # English messages, which _start reads
    try:
        return subprocess.run(
            command,
            cwd=server.folder,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=check,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise ServerError(f"{' '.join(command)}: {exc}") from None


def _server_user() -> pwd.struct_passwd | None:
    """The user the server runs as when we are root; None: as ourselves."""
    return pwd.getpwnam(SERVER_USER) if os.geteuid() == 0 else None


def _give_to_server_user(path: Path) -> None:
    user = _server_user()
    if user is not None:
        os.chown(path, user.pw_uid, user.pw_gid)
        path.chmod(0o700)


def _reachable(folder: Path, user: pwd.struct_passwd) -> bool:
    """Whether `user` can enter `folder` and every folder above it (and write in `folder`)."""
    groups = set(os.getgrouplist(user.pw_name, user.pw_gid))
    folder = folder.resolve()
    for path in (folder, *folder.parents):
        info = path.stat()
        if info.st_uid == user.pw_uid:
            bits = stat.S_IXUSR | (stat.S_IWUSR if path == folder else 0)
        elif info.st_gid in groups:
            bits = stat.S_IXGRP | (stat.S_IWGRP if path == folder else 0)
        else:
            bits = stat.S_IXOTH | (stat.S_IWOTH if path == folder else 0)
        if info.st_mode & bits != bits:
            return False
    return True


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def _version_key(folder: Path) -> tuple[int, ...]:
    """/usr/lib/postgresql/15/bin -> (15,); 9.6 -> (9, 6): newest sorts last."""
    return tuple(int(n) for n in re.findall(r"\d+", folder.parent.name)) or (0,)


def _last_lines(text: str, lines: int = 30) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])
