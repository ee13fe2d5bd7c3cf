"""Database adapters: the models, the engine and session scope, the embedded server."""

# The newest migration. Commands compare the database's revision with this constant instead of
# loading alembic on every run; tests/migrations checks that it equals alembic's head.
HEAD_REVISION = "20261208_0020"
