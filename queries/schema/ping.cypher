// The smallest read: what Graph.version answers the database's state (its bookmark) from.
RETURN 1 AS ok
