"""`make stack`: the many-machine layout of docs/deploy.md started on one machine with real parts —
a throw-away PostgreSQL cluster, Redis, two gunicorn app servers behind nginx, and two Huey
consumers (one with the scheduler, one `--no-periodic`). The fault test (ops/faults.py) drives the
same class to stop and kill the parts one by one."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
PY = str(BASE / ".venv" / "bin" / "python")
PACKAGES = {"redis-server": "/usr/bin/redis-server", "nginx-light": "/usr/sbin/nginx"}


def ensure_packages() -> None:
    """Redis and nginx come from Debian's packages, installed here when missing (as root, the way
    scripts/with_postgres.sh installs PostgreSQL)."""
    missing = [pkg for pkg, path in PACKAGES.items() if not Path(path).exists()]
    if not glob_first("/usr/lib/postgresql/*/bin/initdb"):
        missing.append("postgresql")
    if not missing:
        return
    if os.getuid() != 0:
        sys.exit(f"需要 {' '.join(missing)}:请以 root 运行 'apt-get install {' '.join(missing)}'。")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, env=env)
    # The packages start their own system services; the stack runs private instances instead.
    subprocess.run(["service", "redis-server", "stop"], capture_output=True)
    subprocess.run(["service", "nginx", "stop"], capture_output=True)


def glob_first(pattern: str) -> str:
    found = sorted(Path("/").glob(pattern.lstrip("/")))
    return str(found[-1]) if found else ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not come up in {timeout:.0f} s")


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


class Stack:
    """One stack in a temporary folder; every part can be stopped and started again."""

    def __init__(self, *, port: int = 0, app_servers: int = 2, consumers: int = 2):
        self.root = Path(os.environ.get("STACK_DIR") or _mkdtemp())
        self.logs = self.root / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.redis_port = free_port()
        self.app_ports = [free_port() for _ in range(app_servers)]
        self.consumers = consumers
        self.procs: dict[str, subprocess.Popen] = {}
        self.pg_bin = Path(glob_first("/usr/lib/postgresql/*/bin/initdb")).parent
        self.pg_dir = self.root / "pg"
        self.runas = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []

    @property
    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "stack-" + "x" * 50,
            "DATABASE_URL": f"postgres://tongxin@/tongxin?host={self.pg_dir}",
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            # Plain HTTP on this machine: no TLS redirect, cookies without the Secure flag.
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "SECURE_HSTS_SECONDS": "0",
            "PROXY_COUNT": "1",
            "DEMO_MODE": "true",
        }

    # PostgreSQL ------------------------------------------------------------------------------
    def pg_init(self, *opts: str) -> None:
        # The cluster, its socket and its log live in a folder the postgres user owns.
        self.pg_dir.mkdir()
        if self.runas:
            shutil.chown(self.pg_dir, "postgres")
        self._pg("initdb", "-D", "data", "-U", "tongxin", "--auth=trust", "-E", "UTF8")
        self.pg_start(*opts)
        self._pg("createdb", "-h", str(self.pg_dir), "-U", "tongxin", "tongxin")

    def pg_start(self, *extra: str) -> None:
        # Default durability (synchronous_commit on): what the server answered as stored must
        # survive a crash of the database, which the fault test checks. `extra`: more server
        # options (bench/pg.py loads without fsync, then serves with more memory).
        opts = " ".join((f"-k {self.pg_dir} -c listen_addresses='' -c max_connections=200", *extra))
        self._pg("pg_ctl", "-D", "data", "-w", "-l", "pg.log", "-o", opts, "start")

    def pg_stop(self, mode: str = "fast") -> None:
        self._pg("pg_ctl", "-D", "data", "-m", mode, "stop", check=False)

    def psql(self, sql: str) -> None:
        self._pg("psql", "-h", str(self.pg_dir), "-U", "tongxin", "-q", "-c", sql, "tongxin")

    def _pg(self, tool: str, *args: str, check: bool = True) -> None:
        cmd = [*self.runas, str(self.pg_bin / tool), *args]
        subprocess.run(cmd, cwd=self.pg_dir, check=check, stdout=subprocess.DEVNULL)

    # Redis -----------------------------------------------------------------------------------
    def redis_start(self) -> None:
        # Append-only file: tasks queued before a stop are still queued after it.
        self._spawn(
            "redis",
            [
                "/usr/bin/redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.root),
                "--appendonly",
                "yes",
                "--save",
                "",
            ],
        )
        wait_for(lambda: port_open(self.redis_port), "redis")

    def redis_stop(self) -> None:
        self._stop("redis", signal.SIGTERM)

    # App servers and consumers -----------------------------------------------------------------
    def app_start(self, i: int) -> None:
        port = self.app_ports[i]
        self._spawn(
            f"app{i}",
            [
                str(BASE / ".venv/bin/gunicorn"),
                "config.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                "2",
                "--graceful-timeout",
                "5",
                "--access-logfile",
                str(self.logs / f"app{i}.access.log"),
            ],
        )
        wait_for(lambda: port_open(port), f"app server {i}")

    def app_kill(self, i: int) -> None:
        self._stop(f"app{i}", signal.SIGKILL)

    def huey_start(self, i: int) -> None:
        extra = [] if i == 0 else ["--no-periodic"]  # exactly one consumer schedules the tick
        self._spawn(f"huey{i}", [PY, "manage.py", "run_huey", "-w", "2", *extra])

    def huey_kill(self, i: int) -> None:
        self._stop(f"huey{i}", signal.SIGKILL)

    # Load balancer -----------------------------------------------------------------------------
    def lb_start(self) -> None:
        conf = self.root / "nginx.conf"
        upstream = "\n".join(
            f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in self.app_ports
        )
        message = "服务器正在切换,本次提交没有生效,请稍后重新提交。"
        conf.write_text(
            NGINX_CONF.format(root=self.root, port=self.port, upstream=upstream, message=message)
        )
        self._spawn(
            "nginx", ["/usr/sbin/nginx", "-c", str(conf), "-p", str(self.root), "-g", "daemon off;"]
        )
        wait_for(lambda: port_open(self.port), "nginx")

    # The whole -------------------------------------------------------------------------------
    def up(self, *, seed: bool = True) -> None:
        self.pg_init()
        self.redis_start()
        self._run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], env=self.env)
        self._run([PY, "manage.py", "collectstatic", "--noinput", "-v", "0"], env=self.env)
        if seed:
            self._run([PY, "manage.py", "seed_demo", "--size", "small", "--if-empty"], env=self.env)
        for i in range(len(self.app_ports)):
            self.app_start(i)
        for i in range(self.consumers):
            self.huey_start(i)
        self.lb_start()

    def down(self) -> None:
        for name in list(self.procs):
            self._stop(name, signal.SIGTERM)
        # A kept folder (STACK_DIR, bench/pg.py) is reused: stop its cluster cleanly.
        self.pg_stop("fast" if os.environ.get("STACK_DIR") else "immediate")
        if not os.environ.get("STACK_DIR"):
            shutil.rmtree(self.root, ignore_errors=True)

    # Plumbing ----------------------------------------------------------------------------------
    def _spawn(self, name: str, cmd: list[str]) -> None:
        with open(self.logs / f"{name}.log", "ab") as log:  # the child keeps its own copy
            self.procs[name] = subprocess.Popen(
                cmd,
                cwd=BASE,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def _stop(self, name: str, sig: int) -> None:
        proc = self.procs.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    def _run(self, cmd: list[str], *, env=None, check: bool = True) -> None:
        subprocess.run(cmd, cwd=BASE, env=env, check=check, stdout=subprocess.DEVNULL)


def _mkdtemp() -> str:
    import tempfile

    path = tempfile.mkdtemp(prefix="tongxin-stack.")
    os.chmod(path, 0o755)
    return path


NGINX_CONF = """
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/logs/nginx.error.log warn;
events {{ worker_connections 512; }}
http {{
  access_log {root}/logs/nginx.access.log;
  client_body_temp_path {root}/nginx-body;
  proxy_temp_path {root}/nginx-proxy;
  client_max_body_size 25m;
  upstream tongxin_app {{
{upstream}
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://tongxin_app;
      # A dead app server: try the other one, for requests that did not reach a view.
      proxy_next_upstream error timeout;
      proxy_connect_timeout 2s;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      error_page 502 504 = @unavailable;
    }}
    # No app server answered: the same 503 the app gives while its database is away.
    location @unavailable {{
      charset utf-8;
      default_type application/json;
      add_header Retry-After 5 always;
      return 503 '{{"detail": {{"code": "unavailable", "message": "{message}"}}}}';
    }}
  }}
}}
"""


def main() -> None:
    ensure_packages()
    stack = Stack(port=int(os.environ.get("PORT") or 8080))
    print(
        f"正在启动多机布局(PostgreSQL、Redis、{len(stack.app_ports)} 个应用服务器、nginx、"
        f"{stack.consumers} 个任务进程)于 {stack.root} …",
        flush=True,
    )
    # Ctrl-C and a plain `kill` both stop the stack cleanly.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        stack.up()
        print(STARTED.format(port=stack.port, root=stack.root), flush=True)
        while True:
            signal.pause()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        stack.down()
        print("已停止。")


STARTED = """
  同心 · 多机布局  http://127.0.0.1:{port}/

  nginx → 2 × gunicorn(各 2 个 worker)· PostgreSQL · Redis · 2 × Huey(1 个带定时任务)
  日志: {root}/logs/    演示账号同 make run(密码均为 demo12345)   按 Ctrl-C 停止
"""

if __name__ == "__main__":
    main()
