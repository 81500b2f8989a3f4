"""Settings: production settings pass Django's deployment checks, and every variable read is documented."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from practica import env

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_SOURCE = (ROOT / "practica" / "settings.py").read_text(encoding="utf-8")
ENV_EXAMPLE = (ROOT / ".env.example").read_text(encoding="utf-8")
CONFIGURATION_DOC = (ROOT / "docs" / "operations" / "configuration.md").read_text(encoding="utf-8")


def _variables_settings_reads() -> set[str]:
    """Every variable read through practica.env: those read at import (env.READ_VARIABLES), plus those read
    only on other branches (S3, single sign-on...) or in modules not imported yet, found in the source."""
    import practica.settings  # noqa: F401  (populates READ_VARIABLES)

    source = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "practica").rglob("*.py"))
    in_source = set(re.findall(r"env_(?:str|bool|int|list)\(\s*\"([A-Z][A-Z0-9_]*)\"", source))
    return env.READ_VARIABLES | in_source


def test_settings_read_their_variables_through_the_typed_helpers():
    import practica.settings  # noqa: F401

    assert {"SECRET_KEY", "DEBUG", "SITE_URL", "DATABASE_URL", "EMAIL_URL"} <= env.READ_VARIABLES
    assert "os.environ" not in SETTINGS_SOURCE and "getenv" not in SETTINGS_SOURCE


def test_every_variable_settings_read_is_in_env_example():
    missing = sorted(
        name for name in _variables_settings_reads() if not re.search(rf"^#?\s*{name}=", ENV_EXAMPLE, re.MULTILINE)
    )
    assert not missing, f"Add these to .env.example: {missing}"


def test_every_variable_settings_read_is_in_the_configuration_table():
    missing = sorted(
        name
        for name in _variables_settings_reads()
        if not re.search(rf"^\|\s*`{name}`\s*\|", CONFIGURATION_DOC, re.MULTILINE)
    )
    assert not missing, f"Add these to docs/operations/configuration.md: {missing}"


def test_the_configuration_docs_name_no_variable_that_nothing_reads():
    documented = set(re.findall(r"^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|", CONFIGURATION_DOC, re.MULTILINE))
    sources = [*(ROOT / "practica").rglob("*.py"), ROOT / "run"]
    code = "\n".join(path.read_text(encoding="utf-8") for path in sources if path.is_file())
    stale = sorted(name for name in documented if f'"{name}"' not in code)
    assert not stale, f"Nothing reads these documented variables: {stale}"


def _production_environment(tmp_path: Path, **overrides: str) -> dict[str, str]:
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "practica.settings",
        "PRACTICA_VAR_DIR": str(tmp_path / "var"),
        "SITE_URL": "https://communities.example.org",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "communities.example.org",
        "BEHIND_PROXY": "true",
        "EMAIL_URL": "smtp://practica:secret@mail.example.org:587?tls=1",
        # Unset in production; an empty value also stops a developer's .env from switching it on here.
        "DEBUG": "",
    }
    environment.update(overrides)
    return environment


def _check_deploy(environment: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deployment_checks_with_no_warnings(tmp_path):
    result = _check_deploy(_production_environment(tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "no issues" in output


def test_the_deployment_checks_refuse_a_production_site_that_would_print_its_mail_to_the_console(tmp_path):
    environment = _production_environment(tmp_path)
    del environment["EMAIL_URL"]
    result = _check_deploy(environment)
    assert result.returncode != 0
    assert "mail.E001" in result.stdout + result.stderr
