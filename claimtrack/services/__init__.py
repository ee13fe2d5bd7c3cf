"""Use cases: fn(session, *, ...) -> result. They never print and never import click."""
