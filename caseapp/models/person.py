"""People appear only by generated code and pseudonym; identities live in the vault table."""

from sqlalchemy import ForeignKey, Integer, Text
from sqlmodel import Column, Field, SQLModel

from caseapp.models.base import RecordBase


class Person(RecordBase, table=True):
    code: str = Field(max_length=20, unique=True)
    pseudonym: str = Field(default="", max_length=200)
    sex: str = Field(default="unknown", max_length=10)
    birth_year: str | None = Field(default=None, max_length=4)
    birth_year_precision: str = Field(default="unknown", max_length=10)
    origin_province: str | None = Field(default=None, max_length=64)
    # Comma-separated PersonRole values; a person can be source and victim at once.
    roles: str = Field(default="", max_length=64)


class PersonIdentity(RecordBase, table=True):
    """The identity vault. No relationship is declared on Person, so nothing joins here by
    accident: reports, exports and list views never see these columns."""

    __tablename__ = "person_identity"

    person_id: int = Field(
        sa_column=Column(Integer, ForeignKey("person.id"), unique=True, nullable=False)
    )
    real_name: str = Field(default="", max_length=500)
    contacts: str = Field(default="", max_length=5000)
    relatives_inside: str = Field(default="", max_length=20000)
    notes: str = Field(default="", max_length=20000)
    # The four fields above, sealed to the vault's public key (caseapp/services/vault.py);
    # the plain columns stay empty. Only a slot holding the vault key opens it.
    sealed: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


__all__ = ["Person", "PersonIdentity", "SQLModel"]
