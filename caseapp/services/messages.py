"""The services' messages: every code they raise, with its English template.

One place for translators and reviewers: a code is defined here once, with the words the
log and the tests see (``str(message)``); lupdate files each template in
resources/i18n/caseapp_<lang>.ts under the context "messages" with the code beside it. The
window (caseapp/ui/messages.py) and the command line (caseapp/cli_messages.py) word a
``Message`` in the user's language at display.

Parameters are dates, codes, counts, field and file names, uids and row numbers. A value a
user typed into a date, number, code or yes/no field may be quoted, cut short (so a
misplaced cell cannot carry a narrative); free text never is.
"""

from __future__ import annotations

from caseapp.store import errors as _store_errors  # noqa: F401  (defines the store's codes)
from caseapp.store.messages import CONTEXT, QT_TRANSLATE_NOOP, Message, catalogue, render

__all__ = [
    "CONTEXT",
    "QT_TRANSLATE_NOOP",
    "Message",
    "catalogue",
    "kind_message",
    "precision_message",
    "quoted",
    "render",
]


def kind_message(kind_name: str) -> Message:
    """A record kind's name ("state_response") as words of the display language."""
    return Message("kind." + kind_name)


def precision_message(precision: str) -> Message:
    """A stored date precision ("exact") as words of the display language."""
    return Message("precision." + precision)


def quoted(value: object, limit: int) -> str:
    """A short, quoted piece of what was typed into a structured field (a date, a number,
    a code): at most ``limit`` characters, so free text that landed there stays out."""
    text = str(value)
    return repr(text[:limit])


# -- record kinds and date precisions, as parameters of other messages -------------------------
QT_TRANSLATE_NOOP("messages", "testimony", "kind.testimony")
QT_TRANSLATE_NOOP("messages", "consent", "kind.consent")
QT_TRANSLATE_NOOP("messages", "person", "kind.person")
QT_TRANSLATE_NOOP("messages", "identity", "kind.identity")
QT_TRANSLATE_NOOP("messages", "violation", "kind.violation")
QT_TRANSLATE_NOOP("messages", "regional protection status", "kind.region")
QT_TRANSLATE_NOOP("messages", "protection status history entry", "kind.region_history")
QT_TRANSLATE_NOOP("messages", "state response", "kind.state_response")
QT_TRANSLATE_NOOP("messages", "state response link", "kind.state_response_link")
QT_TRANSLATE_NOOP("messages", "advocacy demand", "kind.demand")
QT_TRANSLATE_NOOP("messages", "saved search", "kind.saved_search")
QT_TRANSLATE_NOOP("messages", "attachment", "kind.attachment")
QT_TRANSLATE_NOOP("messages", "exact", "precision.exact")
QT_TRANSLATE_NOOP("messages", "month", "precision.month")
QT_TRANSLATE_NOOP("messages", "year", "precision.year")
QT_TRANSLATE_NOOP("messages", "range", "precision.range")
QT_TRANSLATE_NOOP("messages", "estimate", "precision.estimate")
QT_TRANSLATE_NOOP("messages", "unknown", "precision.unknown")

# -- where a problem is, and how many more there are (caseapp/services/errors.py) --------------
QT_TRANSLATE_NOOP("messages", "{field}: {problem}", "problem.field")
QT_TRANSLATE_NOOP("messages", "row {row}, {field}: {problem}", "problem.row_field")
QT_TRANSLATE_NOOP("messages", "{first} (and 1 more problem)", "problem.one_more")
QT_TRANSLATE_NOOP("messages", "{first} (and {count} more problems)", "problem.more")
QT_TRANSLATE_NOOP("messages", "invalid record", "problem.invalid_record")
QT_TRANSLATE_NOOP(
    "messages",
    "the change conflicts with another record (a database constraint); nothing was saved",
    "record.constraint",
)

# -- a field's value (caseapp/services/validation.py) ------------------------------------------
QT_TRANSLATE_NOOP("messages", "is required", "field.required")
QT_TRANSLATE_NOOP("messages", "is not a field of a {kind}", "field.unknown")
QT_TRANSLATE_NOOP("messages", "must be text", "field.not_text")
QT_TRANSLATE_NOOP(
    "messages", "is too long ({length:,} characters; at most {limit:,})", "field.too_long"
)
QT_TRANSLATE_NOOP("messages", "contains a NUL character", "field.nul")
QT_TRANSLATE_NOOP("messages", "unknown code {code} in vocabulary {scheme}", "field.unknown_code")
QT_TRANSLATE_NOOP(
    "messages", "must be codes of vocabulary {scheme}, separated by commas", "field.not_codes"
)
QT_TRANSLATE_NOOP("messages", "must be one of {choices}, not {value}", "field.not_a_choice")
QT_TRANSLATE_NOOP("messages", "unknown role {role}", "field.unknown_role")
QT_TRANSLATE_NOOP("messages", "must be a date YYYY, YYYY-MM or YYYY-MM-DD", "field.not_a_date")
QT_TRANSLATE_NOOP("messages", "{value} is not a year (YYYY)", "field.not_a_year")
QT_TRANSLATE_NOOP("messages", "must be yes or no, not {value}", "field.not_yes_no")
QT_TRANSLATE_NOOP("messages", "must be yes or no", "field.yes_no")
QT_TRANSLATE_NOOP("messages", "must be a whole number", "field.not_a_number")
QT_TRANSLATE_NOOP("messages", "{value} is not a whole number", "field.not_a_whole_number")
QT_TRANSLATE_NOOP("messages", "must not be negative", "field.negative")
QT_TRANSLATE_NOOP("messages", "must be a uid", "field.not_a_uid")
QT_TRANSLATE_NOOP("messages", "cannot be empty", "field.empty")
QT_TRANSLATE_NOOP("messages", "link exactly one testimony or violation", "field.link_one")

# -- dates (caseapp/services/dates.py) ---------------------------------------------------------
QT_TRANSLATE_NOOP(
    "messages", "{text} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD", "date.malformed"
)
QT_TRANSLATE_NOOP("messages", "{date} is before {earliest}", "date.before")
QT_TRANSLATE_NOOP("messages", "{date} is not a real date (month {month})", "date.bad_month")
QT_TRANSLATE_NOOP("messages", "{date} is not a real date (day {day})", "date.bad_day")
QT_TRANSLATE_NOOP("messages", "{date} is in the future", "date.future")
QT_TRANSLATE_NOOP("messages", "unknown precision {precision}", "date.unknown_precision")
QT_TRANSLATE_NOOP(
    "messages", "a date is given but the precision says unknown", "date.precision_unknown"
)
QT_TRANSLATE_NOOP("messages", "a date is needed for precision {precision}", "date.needs_date")
QT_TRANSLATE_NOOP("messages", "a range needs an end date", "date.range_needs_end")
QT_TRANSLATE_NOOP(
    "messages", "an end date needs precision range, not {precision}", "date.end_needs_range"
)
QT_TRANSLATE_NOOP("messages", "{date} does not have precision {precision}", "date.not_precision")

# -- records (caseapp/services/records.py, bulk.py, csv_survey.py, attachments.py) -------------
QT_TRANSLATE_NOOP("messages", "no {kind} with uid {uid}", "record.not_found")
QT_TRANSLATE_NOOP("messages", "the {kind} {record} is deleted", "record.deleted")
QT_TRANSLATE_NOOP(
    "messages", "the {kind} {record} is deleted; restore it first", "record.deleted_restore"
)
QT_TRANSLATE_NOOP("messages", "its {kind} is deleted; restore that first", "record.parent_deleted")
QT_TRANSLATE_NOOP(
    "messages",
    "not saved: this {kind} was changed by {by} at {at} after you opened it; reload to see"
    " their version, then make your change again",
    "record.changed_since",
)
QT_TRANSLATE_NOOP("messages", "{code} is already used by another {kind}", "record.code_taken")
QT_TRANSLATE_NOOP("messages", "already has a {kind}; edit that one", "record.one_per_taken")
QT_TRANSLATE_NOOP(
    "messages", "already has a deleted {kind}; restore it instead", "record.one_per_deleted"
)
QT_TRANSLATE_NOOP("messages", "is larger than {limit:,} bytes", "attachment.too_large")
QT_TRANSLATE_NOOP(
    "messages", "attachment {uid} does not match its intake SHA-256", "attachment.hash_mismatch"
)
QT_TRANSLATE_NOOP(
    "messages", "the demo dataset is already loaded in this database", "demo.already_loaded"
)

# -- verify (caseapp/services/audit.py, attachments.py) ----------------------------------------
QT_TRANSLATE_NOOP(
    "messages", "audit event {event} is missing (next stored is {next})", "audit.missing"
)
QT_TRANSLATE_NOOP(
    "messages", "audit event {event}: does not follow the event before it", "audit.broken_chain"
)
QT_TRANSLATE_NOOP(
    "messages", "audit event {event}: content does not match its hash", "audit.hash_mismatch"
)
QT_TRANSLATE_NOOP("messages", "the audit head is missing", "audit.no_head")
QT_TRANSLATE_NOOP(
    "messages",
    "the audit trail ends before its recorded head (events removed?)",
    "audit.truncated",
)
QT_TRANSLATE_NOOP("messages", "attachment {uid}: content is missing", "attachment.content_missing")
QT_TRANSLATE_NOOP(
    "messages",
    "attachment {uid}: content does not match its intake SHA-256",
    "attachment.content_mismatch",
)

# -- verify: records against their audit events (caseapp/services/record_check.py) ---------
QT_TRANSLATE_NOOP(
    "messages",
    "{kind} {uid}: field {field} differs from what its audit events record"
    " (changed outside caseapp)",
    "verify.field_changed",
)
QT_TRANSLATE_NOOP(
    "messages",
    "{kind} {uid}: deleted or restored outside caseapp (no audit event for it)",
    "verify.deletion_changed",
)
QT_TRANSLATE_NOOP(
    "messages",
    "{kind} {uid}: field {field} was changed outside caseapp before audit event {event}",
    "verify.changed_before_event",
)
QT_TRANSLATE_NOOP(
    "messages",
    "{kind} row {row} ({uid}) has no audit event that created it (inserted outside caseapp)",
    "verify.unaudited_row",
)
QT_TRANSLATE_NOOP(
    "messages",
    "{kind} {uid}: its audit events describe it, but its row is gone (deleted outside caseapp)",
    "verify.row_missing",
)
QT_TRANSLATE_NOOP("messages", "and {count:,} more problems with records, not listed", "verify.more")
QT_TRANSLATE_NOOP(
    "messages",
    "the audit trail's append-only guard {trigger} is missing or altered",
    "verify.guard_altered",
)
QT_TRANSLATE_NOOP(
    "messages",
    "{kind}: the archive's kept number of live records is {kept:,}, but {counted:,} are stored"
    " (changed outside caseapp)",
    "verify.count_differs",
)
QT_TRANSLATE_NOOP(
    "messages",
    "{kind}: the search's best-first list {list} differs from the search index in {count:,}"
    " entries (changed outside caseapp); searches of its word may miss hits",
    "verify.search_list_differs",
)
QT_TRANSLATE_NOOP(
    "messages",
    "the database file is damaged: its page check failed ({count:,} findings);"
    " restore it from a backup",
    "verify.damaged_pages",
)
QT_TRANSLATE_NOOP(
    "messages",
    "the last check of this archive ({at}) found problems; run 'caseapp verify'",
    "verify.last_failed",
)

# -- search (caseapp/services/search_query.py, search.py) --------------------------------------
QT_TRANSLATE_NOOP("messages", "the query is empty", "query.empty")
QT_TRANSLATE_NOOP("messages", "the organisation's name is empty", "organisation.empty")
QT_TRANSLATE_NOOP(
    "messages", "the organisation's name is longer than {limit} characters", "organisation.too_long"
)
QT_TRANSLATE_NOOP(
    "messages", "the query is too long (at most {limit} characters)", "query.too_long"
)
QT_TRANSLATE_NOOP("messages", "a quotation mark is not closed", "query.unclosed_quote")
QT_TRANSLATE_NOOP(
    "messages", "a closing parenthesis has no opening one", "query.unopened_parenthesis"
)
QT_TRANSLATE_NOOP("messages", "parentheses must contain a search term", "query.empty_parentheses")
QT_TRANSLATE_NOOP("messages", "{operator} needs a search term before it", "query.operator_first")
QT_TRANSLATE_NOOP("messages", "{operator} needs a search term after it", "query.operator_last")
QT_TRANSLATE_NOOP("messages", "a parenthesis is not closed", "query.unclosed_parenthesis")
QT_TRANSLATE_NOOP("messages", "the query has no words to search for", "query.no_words")
QT_TRANSLATE_NOOP("messages", "date filter: {problem}", "query.date_filter")
QT_TRANSLATE_NOOP("messages", "unknown consent filter {value}", "query.unknown_consent")

# -- CSV import (caseapp/services/csv_import.py, csv_reading.py, csv_survey.py) ----------------
QT_TRANSLATE_NOOP(
    "messages", "cannot import {file}: {problem}; nothing was imported", "csv.cannot_import"
)
QT_TRANSLATE_NOOP("messages", "row {row}, column {column}: {problem}", "csv.at_row_column")
QT_TRANSLATE_NOOP("messages", "row {row}: {problem}", "csv.at_row")
QT_TRANSLATE_NOOP("messages", "the header, column {column}: {problem}", "csv.at_header_column")
QT_TRANSLATE_NOOP("messages", "the header: {problem}", "csv.at_header")
QT_TRANSLATE_NOOP("messages", "column {column}: {problem}", "csv.at_column")
QT_TRANSLATE_NOOP("messages", "the file cannot be read ({reason})", "csv.unreadable")
QT_TRANSLATE_NOOP("messages", "the file is empty (no header row)", "csv.empty")
QT_TRANSLATE_NOOP(
    "messages",
    "it is not a regular file (a folder, a device or a pipe cannot be imported)",
    "csv.not_a_file",
)
QT_TRANSLATE_NOOP("messages", "not well-formed CSV ({detail})", "csv.malformed")
QT_TRANSLATE_NOOP("messages", "a cell is longer than {limit:,} characters", "csv.cell_too_long")
QT_TRANSLATE_NOOP(
    "messages",
    "the row is longer than {limit:,} characters (a missing line break or quote?)",
    "csv.row_too_long",
)
QT_TRANSLATE_NOOP(
    "messages", "badly quoted: an unbalanced or undoubled quote ({detail})", "csv.bad_quote"
)
QT_TRANSLATE_NOOP(
    "messages",
    "has {count} cells where the header has {width} (a missing separator or an unbalanced quote?)",
    "csv.cell_count",
)
QT_TRANSLATE_NOOP(
    "messages",
    "is not a column of a {kind} file (its columns, in any order: {columns})",
    "csv.unknown_column",
)
QT_TRANSLATE_NOOP(
    "messages",
    "column {index} is not a column of a {kind} file (its columns, in any order: {columns})",
    "csv.unknown_column_at",
)
QT_TRANSLATE_NOOP("messages", "column {index} has no name", "csv.unnamed_column")
QT_TRANSLATE_NOOP("messages", "is named twice (columns {index} and {again})", "csv.column_twice")
QT_TRANSLATE_NOOP(
    "messages",
    "creates a new {kind}, but the file has no {column} column, which a new {kind} needs",
    "csv.column_needed",
)
QT_TRANSLATE_NOOP(
    "messages",
    "is not a code of vocabulary {scheme}, nor a label of one of its terms",
    "csv.unknown_term",
)
QT_TRANSLATE_NOOP(
    "messages",
    "could be more than one term of vocabulary {scheme} ({codes}); write the code",
    "csv.ambiguous_term",
)
QT_TRANSLATE_NOOP("messages", "no testimony has this code", "csv.unknown_testimony_code")
QT_TRANSLATE_NOOP(
    "messages",
    "names another testimony than the testimony_uid column does",
    "csv.testimony_differs",
)
QT_TRANSLATE_NOOP("messages", "is not valid UTF-8 (save the file as UTF-8)", "csv.not_utf8")
QT_TRANSLATE_NOOP(
    "messages",
    "holds Korean that was encoded twice (UTF-8 read as Latin-1 or Windows-1252 and saved"
    " again); import the original file or re-save it as UTF-8",
    "csv.double_encoded",
)
QT_TRANSLATE_NOOP("messages", "the file changed while it was being read", "csv.changed")
QT_TRANSLATE_NOOP("messages", "is not a uid (8-4-4-4-12 lower-case hex)", "csv.not_a_uid")
QT_TRANSLATE_NOOP("messages", "the same uid as row {row}", "csv.same_uid")
QT_TRANSLATE_NOOP(
    "messages",
    "a row exported with profile {profile} has redacted values and cannot update the existing"
    " {kind} it names",
    "csv.redacted_update",
)
QT_TRANSLATE_NOOP("messages", "the same code as row {row}", "csv.code_repeated")
QT_TRANSLATE_NOOP("messages", "must be internal, un or public", "csv.bad_profile")
QT_TRANSLATE_NOOP(
    "messages", "the testimony's consent is deleted; restore it first", "csv.consent_deleted"
)
QT_TRANSLATE_NOOP(
    "messages",
    "is empty, but the testimony has a consent; import does not remove one",
    "csv.consent_kept",
)
QT_TRANSLATE_NOOP("messages", "needs a {column}", "csv.needs_code")
QT_TRANSLATE_NOOP(
    "messages", "differs from row {row} for the same person code", "csv.pseudonym_differs"
)
# -- undoing an import (caseapp/services/import_undo.py) ---------------------------------------
QT_TRANSLATE_NOOP("messages", "no import can be undone (none was made)", "undo.no_import")
QT_TRANSLATE_NOOP("messages", "no import {import_id}", "undo.unknown_import")
QT_TRANSLATE_NOOP("messages", "the import {import_id} is already undone", "undo.already_undone")
QT_TRANSLATE_NOOP(
    "messages",
    "the {kind} {uid} was changed after the import; undo refused, nothing was changed",
    "undo.changed_after",
)
QT_TRANSLATE_NOOP(
    "messages",
    "records made after the import refer to the {kind} {uid} it created; undo refused,"
    " nothing was changed",
    "undo.has_new_records",
)
QT_TRANSLATE_NOOP(
    "messages",
    "a {kind}'s previous {field} is no longer accepted; undo refused, nothing was changed",
    "undo.cannot_restore",
)
# What an import says instead of a shared message that quotes the value (csv_import.py,
# ``without_values``): an import names the row and the column, never the cell's content.
QT_TRANSLATE_NOOP("messages", "is not valid here", "csv.cell_invalid")
QT_TRANSLATE_NOOP("messages", "is not a code of vocabulary {scheme}", "csv.unknown_code")
QT_TRANSLATE_NOOP("messages", "must be one of {choices}", "csv.not_a_choice")
QT_TRANSLATE_NOOP("messages", "names an unknown role", "csv.unknown_role")
QT_TRANSLATE_NOOP("messages", "is not a year (YYYY)", "csv.not_a_year")
QT_TRANSLATE_NOOP("messages", "is a date before {earliest}", "csv.date_before")
QT_TRANSLATE_NOOP("messages", "is not a real date (month {month})", "csv.bad_month")
QT_TRANSLATE_NOOP("messages", "is not a real date (day {day})", "csv.bad_day")
QT_TRANSLATE_NOOP("messages", "is a date in the future", "csv.date_future")
QT_TRANSLATE_NOOP("messages", "the date does not have precision {precision}", "csv.not_precision")
QT_TRANSLATE_NOOP("messages", "is not a known precision", "csv.unknown_precision")
QT_TRANSLATE_NOOP("messages", "is already used by another {kind}", "csv.code_taken")
QT_TRANSLATE_NOOP("messages", "no {kind} has this uid", "csv.uid_not_found")
QT_TRANSLATE_NOOP("messages", "names a deleted {kind}; restore it first", "csv.deleted_restore")
QT_TRANSLATE_NOOP("messages", "names a deleted {kind}", "csv.deleted")

# -- erasing a withdrawn testimony (caseapp/services/erasure.py) -------------------------------
QT_TRANSLATE_NOOP(
    "messages",
    "testimony {code} cannot be erased: its consent is not withdrawn; nothing was changed",
    "erase.not_withdrawn",
)
QT_TRANSLATE_NOOP(
    "messages", "testimony {code} is already erased; nothing was changed", "erase.already_erased"
)

# -- backup and restore (caseapp/services/backups.py) ------------------------------------------
QT_TRANSLATE_NOOP(
    "messages",
    "the copy fails verify ({count} problems; the first: {problem}); nothing was written",
    "backup.verify_failed",
)
QT_TRANSLATE_NOOP(
    "messages", "cannot back up to {path}: name a file in an existing folder", "backup.bad_target"
)
QT_TRANSLATE_NOOP(
    "messages", "{path} is a file of the archive itself; choose another name", "backup.onto_archive"
)
QT_TRANSLATE_NOOP("messages", "cannot write the backup {path}: {reason}", "backup.cannot_write")
QT_TRANSLATE_NOOP("messages", "cannot restore to {path}: {reason}", "backup.cannot_restore")

# -- why a new passphrase is refused (caseapp/services/passphrase.py) --------------------------
QT_TRANSLATE_NOOP(
    "messages", "the passphrase is too short (at least {count} characters)", "passphrase.too_short"
)
QT_TRANSLATE_NOOP(
    "messages", "the passphrase is too easy to guess: a common password", "passphrase.common"
)
QT_TRANSLATE_NOOP(
    "messages",
    "the passphrase is too easy to guess: a single word or two; add more uncommon words",
    "passphrase.word",
)
QT_TRANSLATE_NOOP(
    "messages", "the passphrase is too easy to guess: a common name", "passphrase.name"
)
QT_TRANSLATE_NOOP(
    "messages",
    "the passphrase is too easy to guess: a repeated pattern (like aaa or abcabc)",
    "passphrase.repeated",
)
QT_TRANSLATE_NOOP(
    "messages",
    "the passphrase is too easy to guess: a sequence (like abc or 1234)",
    "passphrase.sequence",
)
QT_TRANSLATE_NOOP(
    "messages",
    "the passphrase is too easy to guess: a row of keys on the keyboard",
    "passphrase.keyboard",
)
QT_TRANSLATE_NOOP(
    "messages", "the passphrase is too easy to guess: a date or a year", "passphrase.date"
)
QT_TRANSLATE_NOOP(
    "messages",
    "the passphrase is too easy to guess: add more words or characters",
    "passphrase.guessable",
)
