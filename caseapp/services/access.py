"""Who may do what: the roles, their rights, and the one check every service makes.

The policy is one table (``POLICY``), role by right. Services are handed an ``Access`` for
the user who unlocked the archive and call ``require`` (or ``require_change`` for a record
someone else made) before they write or read anything the role may not; the window asks the
same object what to enable, and words ``why_not`` as the tooltip. The check lives here, not in
a front end, so the command line, the window, an import and an exchange are refused alike.

Roles are enforced by the program. The identity vault is also enforced by cryptography: a
recorder's key slot does not hold the vault's private key at all (caseapp/store/keys.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from caseapp.services.errors import ServiceError
from caseapp.services.messages import QT_TRANSLATE_NOOP, Message
from caseapp.services.profile_names import BY_RESTRICTION, Profile


class Role(StrEnum):
    RECORDER = "recorder"  # field staff
    CASEWORKER = "caseworker"
    COORDINATOR = "coordinator"


class Right(StrEnum):
    CREATE = "create"  # testimonies, violations, attachments, vault entries, records
    EDIT_ANY = "edit_any"  # edit and delete records that someone else made
    READ_VAULT = "read_vault"  # read identity-vault entries (anyone may write one)
    EXPORT_OWN_DOSSIER = "export_own_dossier"  # an internal dossier of one's own testimony
    EXPORT_INTERNAL = "export_internal"  # CSV, report and dossiers as ``internal``
    EXPORT_PUBLISHED = "export_published"  # the ``un`` and ``public`` profiles
    IMPORT = "import"  # CSV imports, their undo, vocabularies, regions, responses, demo
    MANAGE = "manage"  # users, keys, backup, rekey, ``key show-raw``
    ERASE = "erase"  # erase a withdrawn testimony's text for good
    AUDIT = "audit"  # read the audit trail
    EXCHANGE = "exchange"  # write and apply bundles with trusted archives (peers: MANAGE)


POLICY: dict[Role, frozenset[Right]] = {
    Role.RECORDER: frozenset({Right.CREATE, Right.EXPORT_OWN_DOSSIER, Right.EXCHANGE}),
    Role.CASEWORKER: frozenset(
        {
            Right.CREATE,
            Right.EDIT_ANY,
            Right.READ_VAULT,
            Right.EXPORT_OWN_DOSSIER,
            Right.EXPORT_INTERNAL,
            Right.IMPORT,
            Right.EXCHANGE,
        }
    ),
    Role.COORDINATOR: frozenset(Right),
}


@dataclass(frozen=True)
class Actor:
    """The user who unlocked the archive: the name written into the audit trail, and a role."""

    name: str
    role: Role


class NotAllowed(ServiceError):
    """The user's role does not allow the action; nothing was written."""


# How each right is named in "a recorder may not ..." (lupdate reads these).
QT_TRANSLATE_NOOP("messages", "may not create records", "right.create")
QT_TRANSLATE_NOOP("messages", "may not change or delete records made by others", "right.edit_any")
QT_TRANSLATE_NOOP("messages", "may not read the identity vault", "right.read_vault")
QT_TRANSLATE_NOOP(
    "messages", "may export only dossiers of their own testimonies", "right.export_own_dossier"
)
QT_TRANSLATE_NOOP("messages", "may not export with the internal profile", "right.export_internal")
QT_TRANSLATE_NOOP(
    "messages", "may not export with the un or public profile", "right.export_published"
)
QT_TRANSLATE_NOOP("messages", "may not import", "right.import")
QT_TRANSLATE_NOOP("messages", "may not manage users, keys or backups", "right.manage")
QT_TRANSLATE_NOOP("messages", "may not erase testimonies", "right.erase")
QT_TRANSLATE_NOOP("messages", "may not read the audit trail", "right.audit")
QT_TRANSLATE_NOOP("messages", "may not exchange bundles", "right.exchange")
QT_TRANSLATE_NOOP("messages", "recorder", "role.recorder")
QT_TRANSLATE_NOOP("messages", "caseworker", "role.caseworker")
QT_TRANSLATE_NOOP("messages", "coordinator", "role.coordinator")
QT_TRANSLATE_NOOP("messages", "Refused: {user} is a {role} and {right}.", "access.refused")


def role_message(role: Role | str) -> Message:
    """A role's name in the display language."""
    return Message("role." + str(role))


def right_message(right: Right) -> Message:
    """What a role without ``right`` may not do, in the display language."""
    return Message("right." + right.value)


class Access:
    """The rights of one unlocked user, asked by services before they act."""

    def __init__(self, actor: Actor) -> None:
        self.actor = actor

    @property
    def name(self) -> str:
        return self.actor.name

    @property
    def role(self) -> Role:
        return self.actor.role

    def may(self, right: Right) -> bool:
        return right in POLICY[self.actor.role]

    def why_not(self, right: Right) -> Message | None:
        """None when allowed, else the refusal (the window's tooltip, the error's message)."""
        if self.may(right):
            return None
        return self.refusal(right)

    def refusal(self, right: Right) -> Message:
        """The refusal naming ``right``, for a check narrower than holding it (a recorder
        holds EXPORT_OWN_DOSSIER, yet is refused a colleague's dossier by it)."""
        return Message(
            "access.refused",
            user=self.actor.name,
            role=role_message(self.actor.role),
            right=right_message(right),
        )

    def require(self, right: Right) -> None:
        refusal = self.why_not(right)
        if refusal is not None:
            raise NotAllowed(refusal)

    def may_change(self, created_by: str) -> bool:
        """Whether this user may edit or delete a record whose ``created_by`` is given: their
        own always (with the right to create), anyone's with EDIT_ANY."""
        if self.may(Right.EDIT_ANY):
            return True
        return self.may(Right.CREATE) and created_by == self.actor.name

    def require_change(self, created_by: str) -> None:
        if not self.may_change(created_by):
            raise NotAllowed(self.refusal(Right.EDIT_ANY))

    # -- exports: one answer for the CSV, the report and a dossier, asked by export/ itself
    # and by the window (to enable profiles), so no front end can decide differently.

    def why_not_export(self, profile: Profile | str, owner: str | None = None) -> Message | None:
        """None when this user may export as ``profile``, else the refusal. ``owner`` is the
        ``created_by`` of the testimony of a dossier; None for a CSV or a report, which carry
        everyone's records."""
        if Profile(profile) is not Profile.INTERNAL:
            return self.why_not(Right.EXPORT_PUBLISHED)
        if self.may(Right.EXPORT_INTERNAL):
            return None
        if owner is None:  # the archive as a whole: nothing narrower applies
            return self.why_not(Right.EXPORT_INTERNAL)
        if owner == self.actor.name and self.may(Right.EXPORT_OWN_DOSSIER):
            return None
        # Field staff may take out what they recorded, never a colleague's testimony.
        return self.refusal(Right.EXPORT_OWN_DOSSIER)

    def may_export(self, profile: Profile | str, owner: str | None = None) -> bool:
        return self.why_not_export(profile, owner) is None

    def require_export(self, profile: Profile | str, owner: str | None = None) -> None:
        refusal = self.why_not_export(profile, owner)
        if refusal is not None:
            raise NotAllowed(refusal)

    def export_profiles(self, owner: str | None = None) -> list[Profile]:
        """The profiles this user may export with, most restrictive first (the first is the
        window's default)."""
        return [profile for profile in BY_RESTRICTION if self.may_export(profile, owner)]


def coordinator(name: str) -> Access:
    """Full rights: an archive's only user, or a store with no key slots (a plain URL)."""
    return Access(Actor(name, Role.COORDINATOR))
