"""The vocabulary of the domain model (docs/design.md "Domain model"): every enum value the
database stores, in one place for the API, the loaders and the notebooks.

Conventions
- ids are caller-chosen or generated strings, unique per label (a constraint enforces it);
- a cycle's element has id ``"<cycle id>:<kind>"``;
- a factor has id ``"<system id>:<local id>"`` and a cluster ``"<system id>:<slug of name>"``;
- timestamps are ISO-8601 strings in UTC, ``YYYY-MM-DDTHH:MM:SSZ`` (they sort as text).

>>> ElementKind.co_design.value
'co_design'
>>> [k.value for k in ElementKind][:2]
['understand_system', 'co_design']
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum


class CycleStatus(StrEnum):
    planned = "planned"
    active = "active"
    paused = "paused"
    closed = "closed"


class ElementKind(StrEnum):
    """The five elements of a Learning Cycle (guide §2.1), created with every cycle."""

    understand_system = "understand_system"
    co_design = "co_design"
    experiment = "experiment"
    embed_influence = "embed_influence"
    stewardship = "stewardship"


class ElementStatus(StrEnum):
    not_started = "not_started"
    active = "active"
    paused = "paused"
    done = "done"


class ActorKind(StrEnum):
    person = "person"
    role = "role"
    team = "team"
    organisation = "organisation"
    place = "place"
    region = "region"


class ParticipationRole(StrEnum):
    practitioner = "practitioner"
    manager = "manager"
    steward = "steward"
    learning_partner = "learning_partner"
    citizen = "citizen"
    commissioner = "commissioner"


class ExperimentKind(StrEnum):
    hypothesis_test = "hypothesis_test"
    system_probe = "system_probe"


class ExperimentStatus(StrEnum):
    planned = "planned"
    running = "running"
    completed = "completed"
    abandoned = "abandoned"


class EvidenceKind(StrEnum):
    quantitative = "quantitative"
    narrative = "narrative"


class Sensitivity(StrEnum):
    """Who may read an evidence's text and value (counts travel up regardless)."""

    public = "public"      # anyone
    network = "network"    # anyone in the learning network (for now: every caller)
    cycle = "cycle"        # participants of the cycle that produced it
    personal = "personal"  # about a person: participants of the producing cycle only

    @property
    def restricted(self) -> bool:
        return self in (Sensitivity.cycle, Sensitivity.personal)


class Stance(StrEnum):
    supports = "supports"
    contradicts = "contradicts"


class PatternStatus(StrEnum):
    emerging = "emerging"
    established = "established"
    disputed = "disputed"
    retired = "retired"


class DecisionKind(StrEnum):
    adopt = "adopt"
    adapt = "adapt"
    abandon = "abandon"
    embed = "embed"
    influence = "influence"


class ConditionKind(StrEnum):
    enabler = "enabler"
    barrier = "barrier"


class ConditionStatus(StrEnum):
    open = "open"
    acting = "acting"
    resolved = "resolved"


class ConditionEffect(StrEnum):
    """The relationship from a condition to what it affects: BLOCKS (barrier) or SUPPORTS."""

    blocks = "BLOCKS"
    supports = "SUPPORTS"


class Action(StrEnum):
    """``ACTS_ON {action}``: nurture an enabler, remove a barrier."""

    nurture = "nurture"
    remove = "remove"


def timestamp(value: datetime | date | None = None) -> str:
    """An ISO-8601 UTC timestamp string, as stored (now, if no value is given)."""
    if value is None:
        value = datetime.now(UTC)
    elif not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day, tzinfo=UTC)
    elif value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
