"""What an import overwrote, so that ``caseapp import undo`` can put it back (issue 12).

One row per record an import created or updated: for an update, the previous values of the
fields it changed (JSON, references as uids), for a creation nothing. The rows live only in
the encrypted database and go when the import is undone.
"""

from sqlalchemy import Text
from sqlmodel import Column, Field, SQLModel


class ImportUndo(SQLModel, table=True):
    __tablename__ = "import_undo"

    id: int | None = Field(default=None, primary_key=True)
    import_id: str = Field(max_length=36, index=True)
    table_name: str = Field(max_length=64)
    record_uid: str = Field(max_length=36)
    action: str = Field(max_length=16)  # "create" or "update"
    before: str = Field(default="{}", sa_column=Column(Text, nullable=False, default="{}"))
