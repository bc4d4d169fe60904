"""Puskesos Desk: offline desk application for the village Puskesos (SLRT)."""

__version__ = "0.1.0"
APP_NAME = "PuskesosDesk"
