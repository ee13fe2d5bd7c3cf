"""claimtrack: geopolitical claims, sources, actors and predictions in PostgreSQL."""

__version__ = "0.1.0"
