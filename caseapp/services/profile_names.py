"""The export profiles' names, apart from their SQL (caseapp/services/profiles.py), so that
the command line's parser and the roles can name them without loading SQLAlchemy."""

from __future__ import annotations

from enum import StrEnum


class Profile(StrEnum):
    INTERNAL = "internal"
    UN = "un"
    PUBLIC = "public"


# Most restrictive first: the default for a user is the first their role allows.
BY_RESTRICTION = (Profile.PUBLIC, Profile.UN, Profile.INTERNAL)
