"""Copy a seeded SQLite bench database into a PostgreSQL database, so both engines are measured on the same data.

    .venv/bin/python bench/copy_to_postgres.py var/bench/search-L.sqlite3 \\
        postgres://postgres@127.0.0.1:5432/practica_search_l

Seeding tier L row by row takes an hour; copying it with COPY takes minutes. The PostgreSQL database named in
the URL is dropped and created again, migrated, emptied, and filled table by table with the columns both
databases have (foreign-key triggers are off during the copy, which needs a superuser, as on a bench
machine). Tables PostgreSQL lacks (SQLite's FTS5 tables) are skipped, and so is the search index, which
bench/search.py rebuilds and times. Sequences are moved past the copied ids at the end.
"""

import argparse
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED = {"search_searchdocument", "django_migrations"}
BATCH = 20_000


def _say(message: str) -> None:
    print(f"[copy-to-postgres] {message}", file=sys.stderr, flush=True)


def _recreate(database_url: str) -> None:
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    server = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "practica.settings"}
    subprocess.run([sys.executable, "-m", "practica.cli", "migrate", "--verbosity", "0"], check=True, env=env, cwd=ROOT)


def _columns(pg, table: str) -> list[str]:
    rows = pg.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_name = %s AND table_schema = 'public' AND is_generated = 'NEVER' ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [row[0] for row in rows]


def copy(sqlite_path: str, database_url: str) -> dict:
    import psycopg

    _recreate(database_url)
    source = sqlite3.connect(sqlite_path)
    sqlite_tables = {
        row[0]
        for row in source.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE '%VIRTUAL%'")
    }
    copied = {}
    with psycopg.connect(database_url) as pg:
        tables = [
            row[0]
            for row in pg.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        ]
        pg.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables if t != "django_migrations") + " CASCADE")
        pg.execute("SET session_replication_role = replica")
        for table in tables:
            if table in SKIPPED or table not in sqlite_tables:
                continue
            sqlite_columns = {row[1] for row in source.execute(f'PRAGMA table_info("{table}")')}
            columns = [c for c in _columns(pg, table) if c in sqlite_columns]
            started, count = time.perf_counter(), 0
            quoted = ", ".join(f'"{c}"' for c in columns)
            rows = source.execute(f'SELECT {quoted} FROM "{table}"')
            with pg.cursor().copy(f'COPY "{table}" ({quoted}) FROM STDIN') as writer:
                while batch := rows.fetchmany(BATCH):
                    for row in batch:
                        writer.write_row(row)
                    count += len(batch)
            copied[table] = count
            if count:
                _say(f"{table}: {count:,} rows in {time.perf_counter() - started:.1f} s")
        for table in tables:
            has_id = pg.execute(
                "SELECT pg_get_serial_sequence(%s, 'id') IS NOT NULL"
                " FROM information_schema.columns WHERE table_name = %s AND column_name = 'id'",
                [table, table],
            ).fetchone()
            if has_id and has_id[0]:
                pg.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'),"
                    f' COALESCE((SELECT MAX(id) FROM "{table}"), 0) + 1, false)'
                )
        pg.execute("SET session_replication_role = DEFAULT")
        pg.commit()
    with psycopg.connect(database_url, autocommit=True) as pg:
        pg.execute("ANALYZE")
    return copied


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sqlite_path")
    parser.add_argument("database_url")
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    started = time.perf_counter()
    copied = copy(options.sqlite_path, options.database_url)
    _say(f"copied {sum(copied.values()):,} rows of {len(copied)} tables in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
