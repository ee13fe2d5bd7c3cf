"""The record_changes page's `by` filter: a text field built from the registry, the CLI's rows with --by."""

from __future__ import annotations

import json
from typing import Any


def test_record_changes_takes_who_made_them_as_the_cli_s_by(app: Any, seeded: dict[str, Any]) -> None:
    cli = seeded["owner"]
    edited = cli("claim", "edit", str(seeded["script_claim"]), "--note", "checked", "--reason", "a note for the web")
    assert edited.exit_code == 0, edited.output
    client = app.test_client()
    page = client.get("/reports/record_changes?by=tester").get_data(as_text=True)
    assert '<input name="by" id="filter-by" value="tester" size="12">' in page
    assert "a note for the web" in page
    rows = json.loads(client.get("/reports/record_changes.json?by=tester").get_data(as_text=True))
    assert "a note for the web" in [row["reason"] for row in rows]
    assert rows == json.loads(cli("report", "record_changes", "--by", "tester", "--format", "json").stdout)
    assert json.loads(client.get("/reports/record_changes.json?by=nobody").get_data(as_text=True)) == []
    refused = client.get("/reports/recent_changes?by=tester")
    assert refused.status_code == 400
    assert "report recent_changes does not take ?by=; it takes ?actor=, ?since=, ?tag=." in refused.get_data(as_text=True)
