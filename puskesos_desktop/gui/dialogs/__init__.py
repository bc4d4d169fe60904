"""Dialogs: setup wizard, damaged-database rescue, about."""
