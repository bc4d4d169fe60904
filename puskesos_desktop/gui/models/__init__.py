"""Qt item models over plain service results (frozen dataclasses, never ORM rows)."""
