"""Seeds: human-editable YAML files of actors, sources, claims and predictions.

Each *.yaml file in a seeds directory is a mapping with any of the keys `actors`, `sources`,
`claims` and `predictions`, each a list of records (docs/formats.md describes every field).
Files are read with yaml.safe_load only: a file with Python tags (!!python/object…) is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from claimtrack.domain.arms import ARMS_FIELDS, ArmsTransfer
from claimtrack.errors import InvalidValue
from claimtrack.io.fields import Fields, InvalidRecord, shorten
from claimtrack.io.named import (
    ACTOR_FIELDS,
    CLAIM_FIELDS,
    EVIDENCE_FIELDS,
    PREDICTION_FIELDS,
    RESOLUTION_FIELDS,
    SOURCE_FIELDS,
    ActorSpec,
    ClaimSpec,
    PredictionSpec,
    SourceSpec,
    parse_actor,
    parse_arms,
    parse_claim,
    parse_evidence,
    parse_prediction,
    parse_resolution,
    parse_source,
)

SEED_KINDS = ("actors", "sources", "claims", "predictions")


@dataclass
class SeedSet:
    actors: list[ActorSpec] = field(default_factory=list)
    sources: list[SourceSpec] = field(default_factory=list)
    claims: list[ClaimSpec] = field(default_factory=list)
    predictions: list[PredictionSpec] = field(default_factory=list)


def seeds_directory() -> Path:
    """seeds/ bundled in an installed wheel, or seeds/ at the top of a checkout."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "_bundled" / "seeds", package.parent / "seeds"):
        if any(candidate.glob("*.yaml")):
            return candidate
    raise InvalidValue("claimtrack's seeds are missing from this installation; reinstall claimtrack, or give a directory: claimtrack seed DIR")


def read_seeds(directory: Path, *, today: date) -> SeedSet:
    """Every *.yaml file in `directory`, in name order, checked record by record."""
    if not directory.is_dir():
        raise InvalidValue(f'"{directory}" is not a directory of seed files; give one that holds *.yaml files.')
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise InvalidValue(f'"{directory}" holds no *.yaml seed files.')
    seeds = SeedSet()
    for path in files:
        _read_file(path, seeds, today=today)
    _refuse_repeats(seeds)
    return seeds


def load_yaml(path: Path) -> Any:
    import yaml  # type: ignore[import-untyped]

    try:
        with path.open(encoding="utf-8") as stream:
            return yaml.safe_load(stream)
    except yaml.constructor.ConstructorError as error:
        line = f" line {error.problem_mark.line + 1}" if error.problem_mark else ""
        quoted = re.search(r"'([^']+)'", error.problem or "")
        tag = (quoted.group(1) if quoted else "found").replace("tag:yaml.org,2002:", "!!")
        raise InvalidRecord(
            f"{path.name}{line}: the tag {tag} is refused; seed files hold plain YAML data only (no Python objects)."
        ) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise InvalidRecord(f"{path.name}{line}: not valid YAML ({problem}); fix the file and run again.") from None
    except RecursionError:
        raise InvalidRecord(f"{path.name}: its YAML is nested too deeply to read; seed files hold lists of flat records.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidValue(f"cannot read {path}: {error}.") from None


def _read_file(path: Path, seeds: SeedSet, *, today: date) -> None:
    document = load_yaml(path)
    if document is None:
        return
    top = Fields(document, path.name, SEED_KINDS)
    for kind in SEED_KINDS:
        for index, record in enumerate(top.items(kind)):
            label = _label(record, "statement" if kind in ("claims", "predictions") else ("name" if kind == "actors" else "title"))
            where = f'{path.name}: {kind}[{index}]{label}'
            if kind == "actors":
                seeds.actors.append(parse_actor(Fields(record, where, ACTOR_FIELDS)))
            elif kind == "sources":
                seeds.sources.append(parse_source(Fields(record, where, SOURCE_FIELDS)))
            elif kind == "claims":
                seeds.claims.append(_claim(Fields(record, where, (*CLAIM_FIELDS, "evidence", "arms_transfer"))))
            else:
                seeds.predictions.append(
                    _prediction(Fields(record, where, (*PREDICTION_FIELDS, "arms_transfer", "resolution")), today=today)
                )


def _label(record: Any, key: str) -> str:
    if isinstance(record, dict) and isinstance(record.get(key), str):
        return f' ("{shorten(record[key])}")'
    return ""


def _claim(fields: Fields) -> ClaimSpec:
    evidence = [
        parse_evidence(fields.nested(item, f"evidence[{i}]", EVIDENCE_FIELDS), f"evidence[{i}].")
        for i, item in enumerate(fields.items("evidence"))
    ]
    return parse_claim(fields, evidence=evidence, arms=_arms(fields), arms_field=_ARMS)


def _prediction(fields: Fields, *, today: date) -> PredictionSpec:
    resolution_data = fields.data.get("resolution")
    resolution = (
        None
        if resolution_data is None
        else parse_resolution(fields.nested(resolution_data, "resolution", RESOLUTION_FIELDS), "resolution.", today=today)
    )
    return parse_prediction(
        fields, today=today, arms=_arms(fields), arms_field=_ARMS, resolution=resolution,
        claim=fields.text("claim", limit="statement"),
    )


_ARMS = "arms_transfer."  # how messages name a field of a seed's arms transfer


def _arms(fields: Fields) -> ArmsTransfer | None:
    data = fields.data.get("arms_transfer")
    return None if data is None else parse_arms(fields.nested(data, "arms_transfer", ARMS_FIELDS))


def _refuse_repeats(seeds: SeedSet) -> None:
    """Natural keys make seeding idempotent, so one seed set may not hold the same key twice."""
    keyed: list[tuple[str, list[tuple[str, str]]]] = [
        ("actor", [(a.name.lower(), a.where) for a in seeds.actors] + [(a.iso_code, a.where) for a in seeds.actors if a.iso_code]),
        ("source", [((s.url or s.title.lower()), s.where) for s in seeds.sources]),
        ("claim", [(c.statement, c.where) for c in seeds.claims]),
        ("prediction", [(p.statement, p.where) for p in seeds.predictions]),
    ]
    for kind, keys in keyed:
        seen: dict[str, str] = {}
        for key, where in keys:
            if key in seen:
                raise InvalidRecord(f"{where}: this {kind} is already defined at {seen[key]}; keep one of them.")
            seen[key] = where
