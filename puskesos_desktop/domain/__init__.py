"""Pure Puskesos rules: standard library only, no I/O, no SQL, no Qt."""
