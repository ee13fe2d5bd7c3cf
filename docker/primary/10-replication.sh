#!/bin/bash
# Run once by the postgres image when it creates the primary's data directory (it runs
# /docker-entrypoint-initdb.d/* then): a login that may stream the primary's WAL and nothing else,
# and the pg_hba.conf line that lets it connect for replication from the compose network.
set -euo pipefail

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v user="$CLAIMTRACK_REPLICATION_USER" -v password="$CLAIMTRACK_REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE :"user" WITH LOGIN REPLICATION PASSWORD :'password';
SQL
echo "host replication $CLAIMTRACK_REPLICATION_USER all scram-sha-256" >> "$PGDATA/pg_hba.conf"
