// Appends many changes to the history in one query (a bulk write or an import: one Change per
// entity it wrote; graph/core/changes_bulk.py). Append-only, like changes/change_record.
UNWIND $changes AS props
CREATE (c:Change)
SET c = props
RETURN count(c) AS recorded
