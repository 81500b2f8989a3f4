"""The `practica` command: demo, serve, worker, scheduler, and every management command.

practica demo             migrate, load demo data, serve on 127.0.0.1:8000 with a task worker
practica serve            gunicorn (production); options after `--` go to gunicorn
practica worker           run background tasks and the periodic scheduler
practica scheduler        enqueue periodic jobs only (when workers run with --no-scheduler)
practica import-members   import the members register from a CSV file
practica <command>        any Django management command (migrate, createsuperuser, ...)
"""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

DEMO_ADDRESS = "127.0.0.1:8000"


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "practica.settings")
    import django

    django.setup()


def manage(*args: str) -> None:
    _setup_django()
    from django.core.management import call_command

    call_command(*args)


def _wait_until_up(url: str, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (our own http:// address)
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.2)
    return False


def demo(argv: list[str]) -> int:
    """Set up (again, quickly when already done) and run the demo site with a task worker beside it."""
    address = argv[0] if argv else DEMO_ADDRESS
    os.environ.setdefault("SITE_URL", f"http://{address}")
    _setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("seed_demo")
    env = {**os.environ}
    web = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "practica.wsgi",
            "--bind",
            address,
            "--workers",
            "2",
            "--access-logfile",
            "-",
        ],
        env=env,
    )
    worker = subprocess.Popen([sys.executable, "-m", "practica.cli", "worker"], env=env)
    try:
        if _wait_until_up(f"http://{address}/healthz"):
            from practica.accounts.demo import DEMO_PASSWORD, demo_sign_ins

            print("\n  Practica demo is running at  http://" + address + "/\n")
            print("  Sign in with any of these (password for all: " + DEMO_PASSWORD + "):")
            for label, email in demo_sign_ins():
                print(f"    {label:<10} {email}")
            print("\n  Staff and admin also need a two-step code: run  ./run demo_totp  in another terminal.")
            print("  To try signing up: membership number D0001 with new.member@example.org.")
            print("  E-mails (sign-up verification, password reset) are printed in this terminal.")
            print("  Press Ctrl+C to stop.\n", flush=True)
        else:
            print("The web server did not answer on http://" + address + "/healthz", file=sys.stderr)
        while web.poll() is None and worker.poll() is None:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        for process in (web, worker):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in (web, worker):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    return 0


def serve(argv: list[str]) -> int:
    """Production web server: gunicorn's sync workers (ASGI is 2–5× slower here for our pages)."""
    args = argv[1:] if argv[:1] == ["--"] else argv
    bind = os.environ.get("BIND", "127.0.0.1:8000")
    workers = os.environ.get("WEB_CONCURRENCY", str((os.cpu_count() or 1) * 2 + 1))
    command = [sys.executable, "-m", "gunicorn", "practica.wsgi", "--bind", bind, "--workers", workers, *args]
    return subprocess.call(command)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0
    command, rest = argv[0], argv[1:]
    if command == "demo":
        return demo(rest)
    if command == "serve":
        return serve(rest)
    if command == "bench-seed":
        # The generator lives with the benchmarks (bench/), beside this package in a checkout.
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
        from seed import main as bench_seed

        return bench_seed(rest)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "practica.settings")
    from django.core.management import execute_from_command_line

    django_command = {"import-members": "import_members"}.get(command, command)
    execute_from_command_line(["practica", django_command, *rest])
    return 0


if __name__ == "__main__":
    sys.exit(main())
