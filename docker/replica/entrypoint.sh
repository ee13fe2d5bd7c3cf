#!/bin/bash
# The replica's entrypoint: on first start (an empty data directory), copy the primary with
# pg_basebackup -R, which also writes standby.signal and primary_conninfo, so the server starts
# as a hot standby streaming from the primary; then start PostgreSQL as the image always does.
set -euo pipefail

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    mkdir -p "$PGDATA"
    chown postgres:postgres "$PGDATA"
    chmod 700 "$PGDATA"
    echo "replica: copying the primary at $CLAIMTRACK_PRIMARY_HOST into $PGDATA"
    until gosu postgres pg_isready -q -h "$CLAIMTRACK_PRIMARY_HOST" -p 5432; do sleep 1; done
    gosu postgres pg_basebackup --pgdata="$PGDATA" --write-recovery-conf --wal-method=stream --checkpoint=fast \
        --dbname="host=$CLAIMTRACK_PRIMARY_HOST port=5432 user=$CLAIMTRACK_REPLICATION_USER password=$CLAIMTRACK_REPLICATION_PASSWORD application_name=claimtrack-replica"
fi
exec docker-entrypoint.sh "$@"
