"""Attachments: metadata with the SHA-256 taken at intake; the bytes live in their own table
so that listing attachments never reads the content."""

from sqlalchemy import ForeignKey, Integer, LargeBinary
from sqlmodel import Column, Field, SQLModel

from caseapp.models.base import RecordBase


class Attachment(RecordBase, table=True):
    testimony_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("testimony.id"), nullable=True)
    )
    violation_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("violation.id"), nullable=True)
    )
    file_name: str = Field(max_length=500)
    media_type: str = Field(default="application/octet-stream", max_length=200)
    size: int = Field(default=0)
    sha256: str = Field(max_length=64)


class AttachmentContent(SQLModel, table=True):
    __tablename__ = "attachment_content"

    attachment_id: int = Field(
        sa_column=Column(Integer, ForeignKey("attachment.id"), primary_key=True)
    )
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
