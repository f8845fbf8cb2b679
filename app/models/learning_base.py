"""Shapes every learning-structure model shares: ids, timestamps, strict inputs (unknown fields are
422), PATCH bodies (fields left out stay as they are), pages and the answer of a delete."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from graph.learning.ids import ID_PATTERN
from graph.learning.model import timestamp

T = TypeVar("T")

Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=128, examples=["gateshead-place"])]
Text = Annotated[str, Field(min_length=1)]


def to_timestamp(value: Any) -> Any:
    """Dates and ISO-8601 date-times (any offset; none means UTC) as the stored UTC string."""
    if isinstance(value, datetime | date):
        return timestamp(value)
    if isinstance(value, str):
        try:
            return timestamp(datetime.fromisoformat(value))
        except ValueError:
            raise ValueError(f"{value!r} is not an ISO-8601 date or date-time") from None
    return value


Timestamp = Annotated[
    str, BeforeValidator(to_timestamp),
    Field(json_schema_extra={"format": "date-time"}, examples=["2024-03-01T09:30:00Z"]),
]


class Input(BaseModel):
    """A request body: unknown fields are refused (422), so a typo never passes silently."""

    # NaN and infinity are not JSON and would be stored, then answered as null: refuse them.
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class Patch(Input):
    """A PATCH body: every field optional; a field left out is unchanged; ``null`` clears an optional
    field. The fields in ``not_null`` are required properties and cannot be cleared."""

    not_null: ClassVar[tuple[str, ...]] = ()

    @model_validator(mode="after")
    def _refuse_null(self) -> Patch:
        nulls = [f for f in self.not_null if f in self.model_fields_set and getattr(self, f) is None]
        if nulls:
            raise ValueError(f"{', '.join(nulls)} cannot be null")
        return self

    def changes(self) -> dict[str, Any]:
        """The fields the caller sent, as stored (enums as their values)."""
        return self.model_dump(mode="json", exclude_unset=True)


class Page(BaseModel, Generic[T]):
    """One page of a list: ``items`` in a stable order, ``total`` matching the filters."""

    items: list[T]
    total: int
    limit: int
    offset: int


class DeleteSummary(BaseModel):
    """What a delete removed (node counts per label) and what it touched: lower cycles detached,
    patterns kept but left with no evidence."""

    deleted: dict[str, int]
    detached_lower_cycles: list[str] = []
    patterns_left_without_evidence: list[str] = []
