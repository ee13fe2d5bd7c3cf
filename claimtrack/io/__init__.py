"""Formats in and out: seeds (YAML), the export format (JSON, NDJSON), CSV, ClaimReview."""
