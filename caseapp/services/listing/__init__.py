"""Queries behind the list views: filter, sort and page in SQL, reading only shown columns."""
