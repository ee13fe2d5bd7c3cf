"""Preparing the embedded cluster for claimtrack: its roles (the owner, the reader) and its
database, run by the cluster's superuser once (db.engine.Database does it on first use)."""

from __future__ import annotations

from claimtrack.db.embedded import (
    DATABASE_NAME,
    OWNER,
    READER,
    SUPERUSER,
    RunningServer,
)

# Run by the superuser, once per cluster (and again after an interruption: every step is
# idempotent). The owner is created without LOGIN and given it last, so that a command's fast path
# (log in as the owner) cannot find a database half prepared. A database made before the owner
# existed (claimtrack <= 0.1 ran everything as the superuser) has its objects handed over.
PREPARE_CLUSTER = f"""
DO $$
BEGIN
    CREATE ROLE {OWNER} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
DO $$
BEGIN
    CREATE ROLE {READER} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
ALTER ROLE {READER} SET default_transaction_read_only = on;
"""

HAND_OVER = f"""
DO $$
DECLARE
    item record;
BEGIN
    FOR item IN
        SELECT format('ALTER SCHEMA %I OWNER TO {OWNER}', nspname) AS statement
        FROM pg_namespace WHERE nspname IN ('reporting', 'reporting_summary') AND nspowner <> '{OWNER}'::regrole
        UNION ALL
        SELECT format('ALTER %s %s OWNER TO {OWNER}',
                      CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
                      c.oid::regclass)
        FROM pg_class c
        WHERE c.relnamespace IN (SELECT oid FROM pg_namespace WHERE nspname IN ('public', 'reporting', 'reporting_summary'))
          AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relowner <> '{OWNER}'::regrole
          AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('e', 'a', 'i'))
        UNION ALL
        SELECT format('ALTER ROUTINE %s OWNER TO {OWNER}', p.oid::regprocedure)
        FROM pg_proc p
        WHERE p.pronamespace IN (SELECT oid FROM pg_namespace WHERE nspname IN ('public', 'reporting', 'reporting_summary'))
          AND p.proowner <> '{OWNER}'::regrole
          AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
    LOOP
        EXECUTE item.statement;
    END LOOP;
END $$;
GRANT CONNECT, TEMPORARY ON DATABASE {DATABASE_NAME} TO {READER};
GRANT USAGE ON SCHEMA public TO {READER};
GRANT SELECT ON ALL TABLES IN SCHEMA public TO {READER};
ALTER DEFAULT PRIVILEGES FOR ROLE {OWNER} GRANT SELECT ON TABLES TO {READER};
ALTER DEFAULT PRIVILEGES FOR ROLE {OWNER} GRANT USAGE ON SCHEMAS TO {READER};
DO $$
DECLARE
    name text;
BEGIN
    FOR name IN SELECT nspname FROM pg_namespace WHERE nspname IN ('reporting', 'reporting_summary') LOOP
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO {READER}', name);
        EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO {READER}', name);
    END LOOP;
END $$;
"""


def prepare_database(server: RunningServer) -> None:
    """Create the roles and the database of a cluster, as its superuser; then let the owner log in."""
    import psycopg
    from psycopg import errors

    def connect(database: str) -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(server.url(database, user=SUPERUSER).replace("postgresql+psycopg://", "postgresql://"), autocommit=True)

    with connect("postgres") as admin:
        admin.execute(PREPARE_CLUSTER)
        owner = admin.execute(
            "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", (DATABASE_NAME,)
        ).fetchone()
        if owner is None:
            try:
                admin.execute(f'CREATE DATABASE "{DATABASE_NAME}" OWNER {OWNER}')
            except errors.DuplicateDatabase:  # another command created it first
                pass
        elif owner[0] != OWNER:
            admin.execute(f'ALTER DATABASE "{DATABASE_NAME}" OWNER TO {OWNER}')
    with connect(DATABASE_NAME) as database, database.transaction():
        database.execute(HAND_OVER)
    with connect("postgres") as admin:
        admin.execute(f"ALTER ROLE {OWNER} LOGIN")
