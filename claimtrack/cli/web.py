"""claimtrack web: the read-only dashboard in a browser (the web extra)."""

from __future__ import annotations

import click

from claimtrack.cli.context import AppContext, pass_app


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on; 0.0.0.0 for every interface.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="The TCP port to listen on.")
@click.option("--threads", type=click.IntRange(1, 64), default=4, show_default=True, help="Requests served at once.")
@pass_app
def web(app: AppContext, host: str, port: int, threads: int) -> None:
    """Serve the read-only web dashboard: claims, predictions, sources, actors and every report.

    Every page is a GET, read in one read-only transaction with a statement timeout, as the
    embedded server's reader role or the login in --database-url (a `db grant-reader NAME --tables`
    login, or a hot standby, will do). Needs the web extra: pip install 'claimtrack[web]'.

    \b
    Example:  claimtrack web --port 8000     then open http://127.0.0.1:8000/
    """
    try:
        import waitress

        from claimtrack.web import create_app
    except ImportError as missing:
        raise click.ClickException(
            f"the web dashboard needs {missing.name or 'flask and waitress'}, which is not installed; "
            "install the web extra: pip install 'claimtrack[web]'"
        ) from None
    database = app.database()
    database.connection  # creates or migrates the schema now, once, rather than in the first request
    dashboard = create_app(database)
    click.echo(f"claimtrack web: serving {database.display_url} read-only on http://{host}:{port}/ (Ctrl-C stops)", err=True)
    waitress.serve(dashboard, host=host, port=port, threads=threads, ident="claimtrack")
