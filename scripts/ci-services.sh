#!/usr/bin/env bash
# Start PostgreSQL and Redis (Debian packages: postgresql, redis-server) on loopback and create
# the tracker database and its user, for tests/test_scale_out.py. Idempotent: running it again
# leaves running services and an existing database alone. Needs root (or sudo) for PostgreSQL.
# Settings (defaults are for a throwaway CI machine, not for production):
#   DB_HOST=127.0.0.1 DB_PORT=5432 DB_NAME=pathway DB_USER=pathway DB_PASSWORD=pathway
#   REDIS_HOST=127.0.0.1 REDIS_PORT=6379
set -euo pipefail
DB_PORT=${DB_PORT:-5432}
DB_NAME=${DB_NAME:-pathway}
DB_USER=${DB_USER:-pathway}
DB_PASSWORD=${DB_PASSWORD:-pathway}
REDIS_HOST=${REDIS_HOST:-127.0.0.1}
REDIS_PORT=${REDIS_PORT:-6379}

if [ "$(id -u)" -eq 0 ]; then as_postgres() { runuser -u postgres -- "$@"; }
else as_postgres() { sudo -u postgres "$@"; }; fi

# PostgreSQL: start the packaged cluster (systemd is not needed, and often absent in CI).
command -v pg_lsclusters >/dev/null || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
read -r version cluster status < <(pg_lsclusters --no-header | awk -v p="$DB_PORT" '$3 == p {print $1, $2, $4}')
[ -n "${version:-}" ] || { echo "No PostgreSQL cluster on port $DB_PORT (pg_lsclusters)" >&2; exit 1; }
[ "$status" = online ] || pg_ctlcluster "$version" "$cluster" start
for _ in $(seq 30); do as_postgres pg_isready -q -p "$DB_PORT" && break; sleep 1; done
as_postgres pg_isready -p "$DB_PORT"

psql_admin() { as_postgres psql -p "$DB_PORT" -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'")" != 1 ]; then
  psql_admin -c "CREATE ROLE \"$DB_USER\" LOGIN PASSWORD '$DB_PASSWORD'"
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" != 1 ]; then
  psql_admin -c "CREATE DATABASE \"$DB_NAME\" OWNER \"$DB_USER\""
fi

# Redis: loopback only, no persistence needed (it only holds conversation locks).
command -v redis-server >/dev/null || { echo "Redis is not installed (apt-get install redis-server)" >&2; exit 1; }
if ! redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  redis-server --daemonize yes --bind "$REDIS_HOST" --port "$REDIS_PORT" --save '' \
    --appendonly no --logfile /tmp/pathway-redis.log
  for _ in $(seq 30); do redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 1; done
fi
redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping
echo "PostgreSQL (db $DB_NAME, user $DB_USER) on port $DB_PORT and Redis on $REDIS_HOST:$REDIS_PORT are up"
