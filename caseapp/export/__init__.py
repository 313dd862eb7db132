"""Exports (CSV, PDF). Built by the reports issue."""
