"""Sync bundle codec: canonical zip, manifest, minisign/age keys, key cards, merge."""
