"""Use cases: fn(connection, *, ...) -> result, on the psycopg connection of the command's one
transaction. They never print and never import click."""
