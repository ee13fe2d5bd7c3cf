"""A realistic synthetic claimtrack dataset, generated deterministically from a seed.

Statements are ~150 characters of English-like text whose words follow a Zipf law (so the
benchmark can pick a rare, a mid and a very common search term); actors and tags are
Zipf-distributed too; statuses, deadlines and history are mixed as a working team's would be.
Rows come out per table, in the column order of `COLUMNS`, ready for COPY or for an export file.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from itertools import accumulate

# Words an analyst's statements are made of; the generator adds rarer synthetic words after them.
CORE_WORDS = """
military exports shells missiles troops talks sanctions summit treaty border drills artillery
ammunition railway port shipment delegation minister agreement cooperation weapons satellite
imagery parade visit pipeline energy grain debt loan vote resolution veto council envoy
embassy statement official report defence security economic trade fuel oil labour workers
technology launch test nuclear program cyber attack drone air naval fleet exercise alliance
pact support deliveries transfer supply convoy warehouse factory production contract deal
""".split()

STATUSES_CLAIM = ["unverified"] * 55 + ["corroborated"] * 15 + ["contested"] * 10 + ["confirmed"] * 12 + ["refuted"] * 6 + ["retracted"] * 2
STATUSES_PREDICTION = ["open"] * 55 + ["confirmed"] * 20 + ["refuted"] * 15 + ["ambiguous"] * 5 + ["withdrawn"] * 5
ROLES = ["subject"] * 6 + ["target"] * 3 + ["mentioned"]
STANCES = ["supports"] * 6 + ["reports"] * 3 + ["disputes"]
KINDS = ["news_article", "official_statement", "report", "satellite_imagery", "social_media", "dataset", "interview", "other"]
CATEGORIES = ["ammunition", "artillery", "missiles", "armoured_vehicles", "aircraft", "air_defence_systems", "other"]

# The column order of every table, as written by COPY (identity ids included: the dataset is a dump).
COLUMNS = {
    "actor": ("id", "name", "kind", "iso_code", "created_at"),
    "actor_alias": ("id", "actor_id", "alias"),
    "source": ("id", "kind", "title", "url", "publisher", "author", "published_on", "published_precision", "reliability", "notes", "recorded_by", "created_at"),
    "tag": ("id", "name"),
    "claim": ("id", "statement", "status", "credibility", "claimant_id", "occurred_on", "occurred_precision", "stated_on", "stated_precision", "recorded_by", "created_at", "updated_at"),
    "claim_actor": ("claim_id", "actor_id", "role"),
    "claim_tag": ("claim_id", "tag_id"),
    "claim_source": ("claim_id", "source_id", "stance", "excerpt", "added_by", "added_at"),
    "prediction": ("id", "statement", "predictor_actor_id", "predictor_source_id", "made_on", "made_precision", "resolve_by", "resolve_by_precision", "probability", "likelihood", "confidence", "criteria", "status", "resolved_on", "resolution_note", "evidence_source_id", "claim_id", "recorded_by", "created_at", "updated_at"),
    "prediction_actor": ("prediction_id", "actor_id", "role"),
    "prediction_tag": ("prediction_id", "tag_id"),
    "arms_transfer": ("id", "prediction_id", "claim_id", "supplier_id", "recipient_id", "category", "item", "quantity", "period_start", "period_end"),
    "status_history": ("id", "claim_id", "prediction_id", "from_status", "to_status", "changed_at", "effective_on", "changed_by", "reason", "evidence_source_id"),
    # A prediction's later forecasts: its first is its own columns, written by the database as the
    # prediction goes in (20261204_0010), so these take ids after one per prediction.
    "forecast": ("id", "prediction_id", "actor_id", "source_id", "probability", "likelihood", "confidence", "made_on", "made_precision", "note", "recorded_by", "created_at"),
    "forecast_evidence": ("id", "forecast_id", "source_id", "claim_id"),
}
# The sources that also forecast (outlets and institutes with a record of saying how likely).
FORECASTING_SOURCES = 2000


@dataclass(frozen=True)
class Scale:
    claims: int
    predictions: int
    sources: int
    actors: int
    tags: int = 300
    vocabulary: int = 30_000

    @classmethod
    def for_claims(cls, claims: int) -> Scale:
        return cls(claims=claims, predictions=claims // 5, sources=max(claims // 10, 10), actors=min(2000, max(claims // 50, 20)))


def _zipf_weights(n: int, s: float = 1.0) -> list[float]:
    return list(accumulate(1.0 / (rank**s) for rank in range(1, n + 1)))


class Dataset:
    """Rows of every table for one scale; iterate `rows(table)`.

    Forecasts: each prediction with a probability has its predictor's first forecast (written by
    the database from the prediction's own columns) and 0–3 revisions by the predictor; besides,
    1–3 other forecasters (actors, or one of the first FORECASTING_SOURCES sources) make 1 or 2
    forecasts each: about 5 forecasts per prediction in all. Each forecaster's forecasts are made on
    dates in order, from the prediction's made-on date to its resolution (today if open), and about
    a third of the later ones cite one or two sources or claims."""

    def __init__(self, scale: Scale, seed: int = 20261127, today: date | None = None) -> None:
        self.scale = scale
        self.seed = seed
        self.today = today or date(2026, 11, 27)
        self.words = CORE_WORDS + [f"{_syllables(i)}" for i in range(scale.vocabulary - len(CORE_WORDS))]
        self.word_weights = _zipf_weights(len(self.words))
        self.actor_weights = _zipf_weights(scale.actors, 1.1)
        self.tag_weights = _zipf_weights(scale.tags, 1.1)
        self.epoch = datetime(2020, 1, 1, tzinfo=timezone.utc)

    def _random(self, salt: str) -> random.Random:
        return random.Random(f"{self.seed}:{salt}")

    def _sentence(self, r: random.Random, length: int = 150) -> str:
        words: list[str] = []
        size = 0
        while size < length:
            word = r.choices(self.words, cum_weights=self.word_weights)[0]
            words.append(word)
            size += len(word) + 1
        return " ".join(words).capitalize() + "."

    def _moment(self, r: random.Random) -> datetime:
        return self.epoch + timedelta(seconds=r.randrange(0, 6 * 365 * 86400))

    def _pick_actor(self, r: random.Random) -> int:
        return r.choices(range(1, self.scale.actors + 1), cum_weights=self.actor_weights)[0]

    def rows(self, table: str) -> Iterator[tuple[object, ...]]:
        return getattr(self, f"_{table}")()

    def _actor(self) -> Iterator[tuple[object, ...]]:
        for i in range(1, self.scale.actors + 1):
            kind = "state" if i <= 200 else ("person" if i % 3 else "organization")
            code = _iso_code(i) if kind == "state" else None
            yield (i, f"Actor {_syllables(i).capitalize()} {i}", kind, code, self.epoch)

    def _actor_alias(self) -> Iterator[tuple[object, ...]]:
        for i in range(1, self.scale.actors + 1):
            yield (i, i, f"Alias {i}")

    def _source(self) -> Iterator[tuple[object, ...]]:
        r = self._random("source")
        for i in range(1, self.scale.sources + 1):
            published = date(2020, 1, 1) + timedelta(days=r.randrange(0, 6 * 365))
            yield (i, r.choice(KINDS), f"Source {i}: {self._sentence(r, 40)}", f"https://news{i % 500}.example.org/story/{i}",
                   f"Publisher {i % 500}", None, published, "day", r.choice("ABCDEF"), None, "bench", self._moment(r))

    def _tag(self) -> Iterator[tuple[object, ...]]:
        for i in range(1, self.scale.tags + 1):
            yield (i, f"tag-{i}")

    def _claim_statuses(self) -> Iterator[tuple[int, str, datetime]]:
        r = self._random("claim-status")
        for i in range(1, self.scale.claims + 1):
            yield i, r.choice(STATUSES_CLAIM), self._moment(r)

    def _claim(self) -> Iterator[tuple[object, ...]]:
        r = self._random("claim")
        for (i, status, created) in self._claim_statuses():
            occurred = date(2019, 1, 1) + timedelta(days=r.randrange(0, 7 * 365))
            precision = r.choice(("day", "day", "month", "year"))
            occurred = occurred.replace(day=1) if precision != "day" else occurred
            occurred = occurred.replace(month=1) if precision == "year" else occurred
            yield (i, self._sentence(r), status, r.randint(1, 6), self._pick_actor(r) if r.random() < 0.3 else None,
                   occurred, precision, None, None, "bench", created, created)

    def _claim_actor(self) -> Iterator[tuple[object, ...]]:
        r = self._random("claim-actor")
        for i in range(1, self.scale.claims + 1):
            first = self._pick_actor(r)
            second = self._pick_actor(r)
            yield (i, first, "subject")
            if second != first:
                yield (i, second, "target")

    def _claim_tag(self) -> Iterator[tuple[object, ...]]:
        r = self._random("claim-tag")
        for i in range(1, self.scale.claims + 1):
            for tag in set(r.choices(range(1, self.scale.tags + 1), cum_weights=self.tag_weights, k=r.randint(0, 3))):
                yield (i, tag)

    def _claim_source(self) -> Iterator[tuple[object, ...]]:
        r = self._random("claim-source")
        for i in range(1, self.scale.claims + 1):
            source = r.randint(1, self.scale.sources)
            yield (i, source, r.choice(STANCES), self._sentence(r, 60) if r.random() < 0.3 else None, "bench", self._moment(r))

    def _prediction_statuses(self) -> Iterator[tuple[int, str, date, date, date | None]]:
        r = self._random("prediction-status")
        for i in range(1, self.scale.predictions + 1):
            made = self.today - timedelta(days=r.randrange(0, 4 * 365))
            resolve_by = made + timedelta(days=r.randrange(30, 3 * 365))
            status = r.choice(STATUSES_PREDICTION)
            resolved = min(resolve_by, self.today) if status != "open" else None
            if resolved is not None and resolved < made:
                resolved = made
            yield i, status, made, resolve_by, resolved

    def _prediction(self) -> Iterator[tuple[object, ...]]:
        r = self._random("prediction")
        for (i, status, made, resolve_by, resolved) in self._prediction_statuses():
            probability = round(r.random(), 2) if r.random() < 0.8 else None
            evidence = r.randint(1, self.scale.sources) if status in ("confirmed", "refuted") else None
            note = "resolved by the bench" if status in ("ambiguous", "withdrawn") else None
            created = datetime.combine(made, datetime.min.time(), tzinfo=timezone.utc)
            yield (i, self._sentence(r), self._pick_actor(r), r.randint(1, self.scale.sources) if r.random() < 0.5 else None,
                   made, "day", resolve_by, "day", probability, None, r.choice(("low", "moderate", "high", None)),
                   "Resolved on public reporting.", status, resolved, note, evidence,
                   i if i <= self.scale.claims and r.random() < 0.2 else None, "bench", created, created)

    def _prediction_actor(self) -> Iterator[tuple[object, ...]]:
        r = self._random("prediction-actor")
        for i in range(1, self.scale.predictions + 1):
            yield (i, self._pick_actor(r), "subject")

    def _prediction_tag(self) -> Iterator[tuple[object, ...]]:
        r = self._random("prediction-tag")
        for i in range(1, self.scale.predictions + 1):
            for tag in set(r.choices(range(1, self.scale.tags + 1), cum_weights=self.tag_weights, k=r.randint(0, 2))):
                yield (i, tag)

    def _arms_transfer(self) -> Iterator[tuple[object, ...]]:
        r = self._random("arms")
        number = 0
        for i in range(1, self.scale.predictions + 1):
            if r.random() < 0.1:
                supplier, recipient = self._pick_actor(r), self._pick_actor(r)
                if supplier == recipient:
                    continue
                number += 1
                yield (number, i, None, supplier, recipient, r.choice(CATEGORIES), f"item {r.randint(1, 50)}", r.choice((None, 100, 1000)), None, None)

    def _status_history(self) -> Iterator[tuple[object, ...]]:
        number = 0
        for (i, status, created) in self._claim_statuses():
            number += 1
            yield (number, i, None, None, "unverified", created, created.date(), "bench", None, None)
            if status != "unverified":
                number += 1
                evidence = 1 if status in ("confirmed", "refuted") else None
                yield (number, i, None, "unverified", status, created + timedelta(days=3), (created + timedelta(days=3)).date(), "bench", "bench review", evidence)
        r = self._random("prediction-history")
        for (i, status, made, _resolve_by, resolved) in self._prediction_statuses():
            number += 1
            created = datetime.combine(made, datetime.min.time(), tzinfo=timezone.utc)
            yield (number, None, i, None, "open", created, made, "bench", None, None)
            if status != "open":
                number += 1
                assert resolved is not None
                yield (number, None, i, "open", status, datetime.combine(resolved, datetime.min.time(), tzinfo=timezone.utc),
                       resolved, "bench", "resolved by the bench", r.randint(1, self.scale.sources))


    def _forecasts(self) -> Iterator[tuple[tuple[object, ...], list[tuple[int | None, int | None]]]]:
        """Each later forecast (a row of `forecast`) with what it cites: (source_id, claim_id) pairs."""
        r = self._random("forecast")
        number = self.scale.predictions  # the first forecasts take at most one id per prediction
        cols = COLUMNS["prediction"]
        at = {name: cols.index(name) for name in ("id", "predictor_actor_id", "made_on", "probability", "resolved_on")}
        for row in self._prediction():
            i, predictor, made, probability, resolved = (row[at[n]] for n in ("id", "predictor_actor_id", "made_on", "probability", "resolved_on"))
            assert isinstance(made, date)
            end = resolved if isinstance(resolved, date) else self.today
            span = (end - made).days
            forecasters: list[tuple[int | None, int | None, int, float]] = []  # actor, source, forecasts, last probability
            if probability is not None:
                forecasters.append((predictor, None, r.randint(0, 3), float(probability)))  # type: ignore[arg-type]
            seen = {(predictor, None)}
            for _ in range(r.randint(1, 3)):
                who = (self._pick_actor(r), None) if r.random() < 0.6 else (None, r.randint(1, min(FORECASTING_SOURCES, self.scale.sources)))
                if who in seen:
                    continue
                seen.add(who)
                forecasters.append((who[0], who[1], r.choice((1, 2, 2)), r.random()))
            for actor, source, count, last in forecasters:
                days = sorted(r.randint(0, span) for _ in range(count))
                for day in days:
                    last = min(0.99, max(0.01, last + r.uniform(-0.25, 0.25)))
                    number += 1
                    on = made + timedelta(days=day)
                    created = datetime.combine(on, datetime.min.time(), tzinfo=timezone.utc) + timedelta(seconds=number % 86400)
                    cited: list[tuple[int | None, int | None]] = []
                    if r.random() < 0.35:
                        for _ in range(r.randint(1, 2)):
                            cited.append((r.randint(1, self.scale.sources), None) if r.random() < 0.6 else (None, r.randint(1, self.scale.claims)))
                    yield (number, i, actor, source, round(last, 2), None, r.choice(("low", "moderate", "high", None)), on, "day",
                           "revised on new reporting" if cited else None, "bench", created), cited

    def _forecast(self) -> Iterator[tuple[object, ...]]:
        for row, _cited in self._forecasts():
            yield row

    def _forecast_evidence(self) -> Iterator[tuple[object, ...]]:
        number = 0
        for row, cited in self._forecasts():
            for source, claim in cited:
                number += 1
                yield (number, row[0], source, claim)


def _syllables(n: int) -> str:
    """A pronounceable, unique, stemming-stable token for a number: 7 → "ka", 1234 → "dobuzo"."""
    consonants, vowels = "bdfgklmnprstvz", "aeiou"
    out = []
    n += 1
    while n:
        n, rest = divmod(n, len(consonants) * len(vowels))
        out.append(consonants[rest // len(vowels)] + vowels[rest % len(vowels)])
    return "".join(out) + "x"


def _iso_code(i: int) -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    i += 1000
    return letters[i // 676 % 26] + letters[i // 26 % 26] + letters[i % 26]
