"""PostgreSQL and Redis on loopback, as scripts/ci-services.sh starts them, for the tests that
need them (scale-out, database outages). Settings come from the environment (DB_*, REDIS_*),
with the script's defaults. A missing service is a test failure with a hint, never a skip."""

import json
import os

import psycopg2
import pytest
import redis

SERVICES = {"DB_HOST": "127.0.0.1", "DB_PORT": "5432", "DB_NAME": "pathway",
            "DB_USER": "pathway", "DB_PASSWORD": "pathway",
            "REDIS_HOST": "127.0.0.1", "REDIS_PORT": "6379", "REDIS_PASSWORD": "", "REDIS_DB": "1"}
HINT = "start them with scripts/ci-services.sh (needs the postgresql and redis-server packages)"


def setting(name: str) -> str:
    return os.environ.get(name, SERVICES[name])


def database():
    """A new connection to the tracker database."""
    return psycopg2.connect(host=setting("DB_HOST"), port=setting("DB_PORT"),
                            dbname=setting("DB_NAME"), user=setting("DB_USER"),
                            password=setting("DB_PASSWORD"), connect_timeout=5)


def stored_user_texts(sender: str) -> list:
    """What the tracker database holds of one conversation's user messages, in order."""
    with database() as connection, connection.cursor() as cursor:
        cursor.execute("SELECT data FROM events WHERE sender_id = %s AND type_name = 'user' "
                       "ORDER BY id", (sender,))
        return [json.loads(data)["text"] for (data,) in cursor.fetchall()]


def forget(sender: str) -> None:
    with database() as connection, connection.cursor() as cursor:
        cursor.execute("DELETE FROM events WHERE sender_id = %s", (sender,))


def require_postgresql() -> None:
    try:
        database().close()
    except psycopg2.OperationalError as error:
        pytest.fail(f"PostgreSQL is not reachable at {setting('DB_HOST')}:{setting('DB_PORT')} "
                    f"(db {setting('DB_NAME')}, user {setting('DB_USER')}): {error}\n{HINT}")


def require_redis() -> None:
    try:
        redis.Redis(host=setting("REDIS_HOST"), port=int(setting("REDIS_PORT")),
                    password=setting("REDIS_PASSWORD") or None, socket_timeout=5).ping()
    except redis.RedisError as error:
        pytest.fail(f"Redis is not reachable at {setting('REDIS_HOST')}:"
                    f"{setting('REDIS_PORT')}: {error}\n{HINT}")
