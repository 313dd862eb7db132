"""Each record kind's form, declared once: the fields of a testimony, violation, consent,
region, region history entry and state response, with their labels in the interface
language. A kind shown in two places (a violation in its own tab and in the testimony
editor) is built from the same declaration, so the two never drift apart.

Also the form behaviour the editors share: the first problem per field, narrow pickers, and
the date-precision rule."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QComboBox, QSizePolicy

from caseapp.models.enums import DatePrecision, TestimonyStatus
from caseapp.models.enums import VocabularyScheme as S
from caseapp.services.dates import DateProblem, inferred_precision, parse_partial
from caseapp.services.errors import FieldProblem, ValidationError
from caseapp.services.records import RecordService
from caseapp.services.vocabulary import Vocabulary
from caseapp.ui.formatting import precision_label
from caseapp.ui.record_form import FieldSpec, RecordForm

# Interview languages offered for a testimony: the two of the interface, then those of the
# transit and host countries. A stored code not listed here is kept as it is.
LANGUAGE_CODES = ("ko", "en", "zh", "ru", "th", "vi", "lo", "mn", "ja")


def precision_choices() -> list[tuple[str, str]]:
    """The date precisions with labels in the interface language."""
    return [(p.value, precision_label(p.value)) for p in DatePrecision]


class RecordFields(QObject):
    """The field declarations of every record kind (labels translated when built)."""

    def date_hint(self) -> str:
        return self.tr("YYYY, YYYY-MM or YYYY-MM-DD")

    def testimony_statuses(self) -> list[tuple[str, str]]:
        return [
            (TestimonyStatus.DRAFT.value, self.tr("draft")),
            (TestimonyStatus.REVIEWED.value, self.tr("reviewed")),
            (TestimonyStatus.VERIFIED.value, self.tr("verified")),
        ]

    def interview_languages(self) -> list[tuple[str, str]]:
        names = {
            "ko": self.tr("Korean"),
            "en": self.tr("English"),
            "zh": self.tr("Chinese"),
            "ru": self.tr("Russian"),
            "th": self.tr("Thai"),
            "vi": self.tr("Vietnamese"),
            "lo": self.tr("Lao"),
            "mn": self.tr("Mongolian"),
            "ja": self.tr("Japanese"),
        }
        return [(code, f"{names[code]} ({code})") for code in LANGUAGE_CODES]

    def testimony(self) -> list[FieldSpec]:
        return [
            FieldSpec("code", self.tr("Code"), placeholder=self.tr("generated if left empty")),
            FieldSpec("title", self.tr("Title")),
            FieldSpec(
                "interview_date", self.tr("Interview date"), "date", placeholder=self.date_hint()
            ),
            FieldSpec(
                "interview_date_precision",
                self.tr("Date precision"),
                "enum",
                choices=precision_choices(),
            ),
            FieldSpec("interview_place", self.tr("Interview place")),
            FieldSpec("interviewer", self.tr("Interviewer")),
            FieldSpec("language", self.tr("Language"), "enum", choices=self.interview_languages()),
            FieldSpec("status", self.tr("Status"), "enum", choices=self.testimony_statuses()),
            FieldSpec(
                "reliability", self.tr("Source reliability"), "vocab", scheme=S.RELIABILITY.value
            ),
            FieldSpec("summary", self.tr("Summary"), "text"),
            FieldSpec(
                "narrative",
                self.tr("Narrative"),
                "text",
                placeholder=self.tr("The account in the source's own words"),
            ),
        ]

    def consent(self) -> list[FieldSpec]:
        return [
            FieldSpec("internal", self.tr("Internal use"), "bool"),
            FieldSpec("un", self.tr("Sharing with UN mechanisms"), "bool"),
            FieldSpec("public", self.tr("Publication, anonymised"), "bool"),
            FieldSpec("date_given", self.tr("Date given"), "date", placeholder=self.date_hint()),
            FieldSpec("recorded_by", self.tr("Recorded by")),
            FieldSpec(
                "date_withdrawn", self.tr("Date withdrawn"), "date", placeholder=self.date_hint()
            ),
        ]

    def violation(self) -> list[FieldSpec]:
        hint = self.date_hint()
        return [
            FieldSpec(
                "category", self.tr("Violation category"), "vocab", S.VIOLATION_CATEGORY.value
            ),
            FieldSpec("date_start", self.tr("Date (from)"), "date", placeholder=hint),
            FieldSpec("date_end", self.tr("Date (to)"), "date", placeholder=hint),
            FieldSpec(
                "date_precision", self.tr("Date precision"), "enum", choices=precision_choices()
            ),
            FieldSpec("province", self.tr("Province or country"), "vocab", S.PROVINCE.value),
            FieldSpec("place", self.tr("Place")),
            FieldSpec("place_type", self.tr("Type of place"), "vocab", S.PLACE_TYPE.value),
            FieldSpec("perpetrator", self.tr("Perpetrator"), "vocab", S.PERPETRATOR.value),
            FieldSpec("reported_impact", self.tr("Reported impact"), "text"),
            FieldSpec("un_mechanism", self.tr("UN mechanism"), "vocab", S.UN_MECHANISM.value),
            FieldSpec(
                "un_submission_date", self.tr("Submitted to the UN"), "date", placeholder=hint
            ),
            FieldSpec("un_reference", self.tr("UN reference")),
            FieldSpec(
                "un_response_status", self.tr("UN response"), "vocab", S.UN_RESPONSE_STATUS.value
            ),
            FieldSpec(
                "verification_status",
                self.tr("Verification"),
                "vocab",
                S.VERIFICATION_STATUS.value,
            ),
        ]

    def region(self) -> list[FieldSpec]:
        return [
            FieldSpec("region", self.tr("Region")),
            FieldSpec("country", self.tr("Country")),
            FieldSpec(
                "reported_cases",
                self.tr("Reported cases"),
                "int",
                placeholder=self.tr("External figure, e.g. 3200"),
            ),
            FieldSpec("reported_cases_is_minimum", self.tr("Figure is a minimum"), "bool"),
            FieldSpec(
                "protection_status",
                self.tr("Status of protection measures"),
                "vocab",
                scheme=S.PROTECTION_STATUS.value,
            ),
            FieldSpec("as_of", self.tr("As of"), "date", placeholder=self.date_hint()),
            FieldSpec("source", self.tr("Source")),
            FieldSpec("notes", self.tr("Notes"), "text"),
            FieldSpec(
                "provinces", self.tr("Places counted"), "vocab_multi", scheme=S.PROVINCE.value
            ),
        ]

    def region_history(self) -> list[FieldSpec]:
        return [
            FieldSpec("as_of", self.tr("As of"), "date", placeholder=self.date_hint()),
            FieldSpec(
                "protection_status", self.tr("Status"), "vocab", scheme=S.PROTECTION_STATUS.value
            ),
            FieldSpec("reported_cases", self.tr("Cases"), "int"),
            FieldSpec("reported_cases_is_minimum", self.tr("Figure is a minimum"), "bool"),
            FieldSpec("source", self.tr("Source")),
            FieldSpec("note", self.tr("Note")),
        ]

    def state_response(self) -> list[FieldSpec]:
        return [
            FieldSpec("aspect", self.tr("Aspect")),
            FieldSpec("position", self.tr("Official position"), "text"),
            FieldSpec(
                "statement_date", self.tr("Statement date"), "date", placeholder=self.date_hint()
            ),
            FieldSpec("source", self.tr("Source")),
        ]

    def from_the_dates(self) -> str:
        return self.tr("from the dates")


class EditorForm(RecordForm):
    """A RecordForm that shows the first problem found for each field. A date that is not a
    date also fails the date-and-precision check, and that second message ("a date is needed
    for precision exact") would otherwise replace the one that says what is wrong."""

    def show_problems(self, exc: ValidationError) -> None:
        seen: set[str] = set()
        first: list[FieldProblem] = []
        for problem in exc.problems:
            if problem.field not in seen:
                seen.add(problem.field)
                first.append(problem)
        super().show_problems(ValidationError(first))


def fit_form(form: RecordForm, short_texts: dict[str, int]) -> None:
    """Keep a form as narrow as its column: pickers do not widen to their longest label
    (UN mechanism names are long), and the short text boxes keep their height instead of
    sharing the narrative's extra space."""
    for field in form.fields.values():
        if isinstance(field.widget, QComboBox):
            field.widget.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            field.widget.setMinimumContentsLength(12)
    for name, height in short_texts.items():
        edit = form.fields[name].widget
        edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        edit.setFixedHeight(height)


def violation_form(records: RecordService, vocabulary: Vocabulary, language: str) -> EditorForm:
    """The violation form, the same in the Violations tab and in the testimony editor."""
    fields = RecordFields()
    form = EditorForm("violation", fields.violation(), records, vocabulary, language)
    form.setObjectName("violation_form")
    precision = form.fields["date_precision"].widget
    assert isinstance(precision, QComboBox)
    precision.setItemText(0, fields.from_the_dates())
    fit_form(form, {"reported_impact": 70})
    return form


def resolve_precision(form: RecordForm, start: str, end: str | None, precision: str) -> None:
    """A precision left at "from the date" takes the one the typed date shows (the services'
    rule, ``inferred_precision``), so that a new record never stores a date as "unknown". A
    date that does not parse is left for the validator to name."""
    combo = form.fields[precision].widget
    assert isinstance(combo, QComboBox)
    if combo.currentData() not in ("", None):
        return
    start_text = str(form.fields[start].get() or "").strip()
    end_text = str(form.fields[end].get() or "").strip() if end else ""
    try:
        for text in (start_text, end_text):
            if text:
                parse_partial(text)
    except DateProblem:
        return
    position = combo.findData(str(inferred_precision(start_text, end_text)))
    if position >= 0:
        combo.setCurrentIndex(position)
