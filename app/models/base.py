"""The API's one vocabulary: what every area's models share — strict request bodies, partial
updates, pages, and the references to a factor or a cycle that answers embed.

Each shape is defined once here so it has one name in the OpenAPI contract (two classes of one name
in different modules would be published under module-qualified names).
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, GetJsonSchemaHandler, Strict, model_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

T = TypeVar("T")

# The numbers of request bodies: JSON numbers only. Pydantic's lax mode would read ``true``/``false``
# as 1/0 and ``"2"`` as 2 although the schema says integer/number; strict mode refuses them (422,
# int_type/float_type). An integer is still a valid Number. Query parameters arrive as text and keep
# the lax parsing (``?limit=true`` is refused there anyway).
Integer = Annotated[int, Strict()]
Number = Annotated[float, Strict()]

# The caps of request fields (the table in docs/api.md "Limits"). A whole JSON body is capped
# (HLS_MAX_JSON_BYTES); each text and list has its own cap too, so that no one field is unbounded
# (a 2 MB actor name, 100,000 ids) and a refusal names that field (422 string_too_long/too_long).
MAX_ID = 128  # learning ids (``Id``); outcome-system ids and local ids: MAX_LOCAL_ID
MAX_LOCAL_ID = 200
MAX_NAME = 500  # names, and references to an item by id or name
MAX_TEXT = 20_000  # free text: descriptions, notes, statements, property values
MAX_ITEMS = 1_000  # every list in a body, and the extras of one factor or link

FreeText = Annotated[str, Field(max_length=MAX_TEXT)]
# An item named by its id (local or full) or by its name.
Ref = Annotated[str, Field(max_length=MAX_NAME)]
Items = Annotated[list[T], Field(max_length=MAX_ITEMS)]


class Input(BaseModel):
    """A request body: unknown fields are refused (422), so a typo never passes silently."""

    # NaN and infinity are not JSON and would be stored, then answered as null: refuse them.
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class Patch(Input):
    """A PATCH body: every field optional; a field left out is unchanged; ``null`` clears an optional
    field. The fields in ``not_null`` are required properties and cannot be cleared: they are typed
    ``X | None`` only so that "left out" has a value, and the published schema says they are not
    nullable (a client that sends ``null`` for them gets 422)."""

    not_null: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def __get_pydantic_json_schema__(cls, core: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        schema = handler.resolve_ref_schema(handler(core))
        for name in cls.not_null:
            prop = schema["properties"][name]
            options = [o for o in prop.pop("anyOf", []) if o.get("type") != "null"]
            if len(options) == 1:
                prop.update(options[0])
            elif options:
                prop["anyOf"] = options
            if prop.get("default", ...) is None:
                del prop["default"]  # "left out" is not a value a client could send
        return schema

    @model_validator(mode="after")
    def _refuse_null(self) -> Patch:
        nulls = [f for f in self.not_null if f in self.model_fields_set and getattr(self, f) is None]
        if nulls:
            raise ValueError(f"{', '.join(nulls)} cannot be null")
        return self

    def changes(self) -> dict[str, Any]:
        """The fields the caller sent, as stored (enums as their values, dates as strings)."""
        return self.model_dump(mode="json", exclude_unset=True)


class Page(BaseModel, Generic[T]):
    """One page of a list: ``items`` in a stable order, ``total`` matching the filters."""

    items: list[T]
    total: int
    limit: int
    offset: int


class Versioned(BaseModel):
    """What every entity answers about its changes: its version (the ETag of its GET, what
    ``If-Match`` sends back), when and by whom it last changed (issue 14)."""

    version: int = Field(1, description="1 at creation, one more per change; send it as If-Match")
    updated_at: str | None = Field(None, description="when it last changed (UTC)")
    updated_by: str | None = Field(None, description="who changed it last (an actor id, or local)")


class FactorRef(BaseModel):
    """A factor of an outcome system, as answers name it: its full id and (when known) its name."""

    id: str
    name: str | None = None


class CycleRef(BaseModel):
    """A learning cycle, as answers name it: its id and (when known) its name."""

    id: str
    name: str | None = None
