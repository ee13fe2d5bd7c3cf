"""claimtrack's read-only web dashboard (`claimtrack web`, the web extra): server-rendered pages
over the same read services the CLI uses. Importing this package imports Flask; the CLI imports it
inside the `web` command only, so that everyday commands start as fast as before."""

from claimtrack.web.app import create_app

__all__ = ["create_app"]
