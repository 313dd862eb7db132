"""The archive's users: a name, a role and when they last unlocked. Their key slots live in
the key file (caseapp/store/keys.py); this table is what a role is read from."""

from sqlmodel import Field, SQLModel


class AppUser(SQLModel, table=True):
    __tablename__ = "app_user"

    name: str = Field(primary_key=True, max_length=64)
    role: str = Field(max_length=16)
    created_at: str = Field(max_length=32)
    created_by: str = Field(default="", max_length=64)
    last_unlock_at: str | None = Field(default=None, max_length=32)
