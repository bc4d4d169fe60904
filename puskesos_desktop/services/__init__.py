"""Use-cases. Only services open sessions, commit and journal; one public call = one transaction."""
