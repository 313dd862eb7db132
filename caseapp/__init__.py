"""caseapp: an offline, encrypted case tracker for testimonies of North Korean escapees."""

__version__ = "0.1.0"
