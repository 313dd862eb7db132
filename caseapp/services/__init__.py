"""Use cases over the store: validation, audit, records, attachments, demo data."""
