"""The fixed words of the PDF reports, in English and Korean, and how values read in them.

A report's language is chosen per report, not taken from the interface: a coordinator who
works in Korean still sends English reports to a UN body. The words therefore live here, in
one table per language, instead of in the interface's Qt translator.
"""

from __future__ import annotations

from caseapp.services.profiles import Profile, shown_count

LANGUAGES = ("en", "ko")

_WORDS: dict[str, tuple[str, str]] = {
    # Title page and page frame
    "report_title": ("Coordinator report", "코디네이터 보고서"),
    "dossier_title": ("Testimony dossier", "증언 자료집"),
    "report_subtitle": (
        "Testimonies of North Korean escapees: violations, protection and state responses",
        "북한이탈주민 증언: 인권침해, 보호 현황, 국가 입장",
    ),
    "organisation": ("Organisation", "기관"),
    "period": ("Interviews", "면담 기간"),
    "period_range": ("%1 to %2", "%1 ~ %2"),
    "no_testimonies": ("no testimonies", "증언 없음"),
    "profile": ("Profile", "공개 범위"),
    "generated_at": ("Generated at", "작성 일시"),
    "contents": ("Contents", "수록 내용"),
    "testimony_count": ("Testimonies", "증언"),
    "violation_count": ("Violations", "인권침해"),
    "page_of": ("Page %1 of %2", "%2쪽 중 %1쪽"),
    "profile_header": ("Profile: %1", "공개 범위: %1"),
    "profile_internal": ("internal", "내부용"),
    "profile_un": ("UN", "유엔 제출용"),
    "profile_public": ("public", "공개용"),
    "profile_note_internal": (
        "Internal use only. Testimonies with internal consent or none recorded; persons by "
        "code and pseudonym. Do not forward.",
        "내부 전용. 내부 사용 동의가 있거나 동의 기록이 없는 증언, 인물은 코드와 가명으로 "
        "표시. 외부 전달 금지.",
    ),
    "profile_note_un": (
        "For UN mechanisms. Only testimonies whose source consented to sharing with the UN; "
        "persons by code only.",
        "유엔 제출용. 유엔 제공에 동의한 증언만 수록, 인물은 코드로만 표시.",
    ),
    "profile_note_public": (
        "For publication. Only testimonies whose source consented to anonymised publication; "
        "no pseudonyms, interviewers or source codes; dates to the year, places to the "
        "province; counts from 1 to 4 shown as \u201c<5\u201d.",
        "공개용. 익명 공개에 동의한 증언만 수록. 가명, 면담자, 제보자 코드 제외, 날짜는 "
        "연도까지, 장소는 도까지 표시, 1~4건은 \u201c<5\u201d로 표시.",
    ),
    # Sections
    "summary": ("Summary tables", "요약 표"),
    "by_category": ("Violations by category", "유형별 인권침해"),
    "by_category_note": (
        "Violations reported in the testimonies of this report, with the impacts reported "
        "most often and the state of their UN submission.",
        "이 보고서에 수록된 증언에서 보고된 인권침해와 가장 많이 보고된 피해, 유엔 제출 현황.",
    ),
    "regions": ("Regional protection status", "지역별 보호 현황"),
    "regions_note": (
        "Reported cases are external figures (\u201c+\u201d: at least); counted cases are "
        "testimonies of this report with a violation in the region.",
        "보고 사례는 외부 자료의 수치(\u201c+\u201d: 최소치)이며, 집계 사례는 이 보고서의 "
        "증언 가운데 해당 지역에서 인권침해가 있었던 증언 수입니다.",
    ),
    "responses": ("State responses", "국가 입장"),
    "chart_title": ("Violations by category and by year", "유형별·연도별 인권침해"),
    "chart_by_category": ("By category", "유형별"),
    "chart_by_year": (
        "By year of the violation (first year of a range)",
        "발생 연도별(기간은 첫 해)",
    ),
    "chart_undated": ("Violations without a known year: %1", "연도를 알 수 없는 인권침해: %1건"),
    "chart_small": (
        "Hatched bars with a dashed outline: fewer than %1 violations (this profile withholds "
        "the exact count); the bar spans the whole range from 0 to %1.",
        "점선 테두리의 빗금 막대: 인권침해 %1건 미만(이 공개 범위에서는 정확한 수를 밝히지 "
        "않음). 막대는 0부터 %1까지의 범위 전체를 나타냅니다.",
    ),
    "fewer_than": ("fewer than %1", "%1건 미만"),
    "chart_categories_withheld": (
        "Not drawn: every category has fewer than %1 violations, and this profile withholds "
        "counts under %1. The table \u201cViolations by category\u201d lists the categories.",
        "그리지 않음: 모든 유형의 인권침해가 %1건 미만이며, 이 공개 범위에서는 %1건 미만의 "
        "수를 밝히지 않습니다. 유형은 \u2018유형별 인권침해\u2019 표에 있습니다.",
    ),
    "chart_years_withheld": (
        "Not drawn: every year has fewer than %1 violations, and this profile withholds "
        "counts under %1. Years with violations: %2.",
        "그리지 않음: 모든 연도의 인권침해가 %1건 미만이며, 이 공개 범위에서는 %1건 미만의 "
        "수를 밝히지 않습니다. 인권침해가 있었던 연도: %2.",
    ),
    "chart_empty": ("No violations to show.", "표시할 인권침해가 없습니다."),
    "testimonies": ("Testimonies", "증언"),
    "testimonies_none": (
        "No testimony may be included under this profile.",
        "이 공개 범위로 수록할 수 있는 증언이 없습니다.",
    ),
    "summary_label": ("Summary", "요약"),
    "narrative_label": ("Narrative", "진술"),
    "violations_label": ("Violations", "인권침해"),
    "no_violations": ("No violations recorded.", "기록된 인권침해가 없습니다."),
    "consent_label": ("Consent", "동의"),
    "attachments_label": ("Attachments", "첨부 파일"),
    "no_attachments": ("No attachments.", "첨부 파일이 없습니다."),
    "linked_responses": ("State responses linked to this testimony", "이 증언과 연결된 국가 입장"),
    "violation_n": ("Violation %1 of %2", "인권침해 %1/%2"),
    "withheld": ("[withheld]", "[비공개]"),
    "name_withheld": ("[name withheld]", "[이름 비공개]"),
    # Column and field names
    "col_category": ("Violation category", "인권침해 유형"),
    "col_violations": ("Violations", "건수"),
    "col_testimonies": ("Testimonies", "증언 수"),
    "col_impact": ("Reported impact", "보고된 피해"),
    "col_un_response": ("UN response", "유엔 대응"),
    "col_region": ("Region", "지역"),
    "col_country": ("Country", "국가"),
    "col_reported": ("Reported cases", "보고 사례"),
    "col_counted": ("Counted in this report", "이 보고서 집계"),
    "col_status": ("Status of protection measures", "보호 조치 현황"),
    "col_as_of": ("As of", "기준일"),
    "col_source": ("Source", "출처"),
    "col_aspect": ("Aspect", "사안"),
    "col_position": ("Official position", "공식 입장"),
    "col_date": ("Date", "날짜"),
    "col_place": ("Place", "장소"),
    "col_perpetrator": ("Perpetrator", "가해 주체"),
    "col_name": ("Name", "이름"),
    "col_size": ("Size", "크기"),
    "col_sha256": ("SHA-256 at intake", "접수 시 SHA-256"),
    "col_type": ("Type", "형식"),
    "f_code": ("Code", "코드"),
    "f_title": ("Title", "제목"),
    "f_interview_date": ("Interview date", "면담 날짜"),
    "f_interview_place": ("Interview place", "면담 장소"),
    "f_interviewer": ("Interviewer", "면담자"),
    "f_language": ("Language", "언어"),
    "f_source": ("Source", "제보자"),
    "f_reliability": ("Source reliability", "제보 신뢰도"),
    "f_status": ("Status", "상태"),
    "f_consent": ("Consent", "동의"),
    "f_consent_scopes": ("Consented to", "동의 범위"),
    "f_consent_date": ("Date given", "동의 날짜"),
    "f_consent_recorded_by": ("Recorded by", "기록자"),
    "f_consent_withdrawn": ("Withdrawn on", "철회 날짜"),
    "f_victim": ("Victim", "피해자"),
    "f_place_type": ("Type of place", "장소 유형"),
    "f_un_mechanism": ("UN mechanism", "유엔 메커니즘"),
    "f_un_submission": ("Submitted on", "제출 날짜"),
    "f_un_reference": ("UN reference", "유엔 참조 번호"),
    "f_un_status": ("UN response", "유엔 대응"),
    "f_verification": ("Verification", "검증"),
    "f_precision": ("Date precision", "날짜 정확도"),
    # Values
    "scope_internal": ("internal use", "내부 사용"),
    "scope_un": ("sharing with UN mechanisms", "유엔 제공"),
    "scope_public": ("anonymised publication", "익명 공개"),
    "scope_none": ("none", "없음"),
    "consent_none": ("no consent recorded", "기록된 동의 없음"),
    "consent_withdrawn": ("withdrawn", "철회됨"),
    "status_draft": ("draft", "초안"),
    "status_reviewed": ("reviewed", "검토됨"),
    "status_verified": ("verified", "검증됨"),
    "lang_ko": ("Korean", "한국어"),
    "lang_en": ("English", "영어"),
    "not_recorded": ("not recorded", "기록 없음"),
    "none_recorded": ("None recorded.", "기록이 없습니다."),
    "more_impacts": ("and %1 more", "외 %1건"),
    "about": ("c. %1", "%1경"),
    "unknown": ("unknown", "알 수 없음"),
    "p_exact": ("exact day", "정확한 날짜"),
    "p_month": ("month", "월 단위"),
    "p_year": ("year", "연 단위"),
    "p_range": ("range", "기간"),
    "p_estimate": ("estimate", "추정"),
    "p_unknown": ("unknown", "알 수 없음"),
    "bytes": ("%1 bytes", "%1바이트"),
}


class Words:
    """The report's words in one language; ``get("page_of", 3, 12)`` fills %1, %2."""

    def __init__(self, language: str = "en") -> None:
        if language not in LANGUAGES:
            raise ValueError(f"reports are written in {' or '.join(LANGUAGES)}, not {language!r}")
        self.language = language
        self._index = LANGUAGES.index(language)

    def get(self, key: str, *args: object) -> str:
        text = _WORDS[key][self._index]
        # Highest first, so that %1 does not eat the start of %10.
        for number in range(len(args), 0, -1):
            text = text.replace(f"%{number}", str(args[number - 1]))
        return text

    def profile_name(self, profile: Profile) -> str:
        return self.get(f"profile_{profile.value}")

    def count(self, count: int, profile: Profile) -> str:
        """An aggregate count as ``profile`` may show it (1 to 4 is "<5" in public)."""
        shown = shown_count(count, profile)
        return f"{count:,}" if shown == str(count) else shown

    def precision(self, precision: str | None) -> str:
        if not precision:
            return ""
        key = f"p_{precision}"
        return self.get(key) if key in _WORDS else precision

    def partial_date(self, start: str | None, precision: str | None, end: str | None = None) -> str:
        """ "2019-03-14", "2019-03", "1997 to 1998", "c. 2019", or "unknown": an estimate
        never reads as an exact date. No en dash: the bundled font shares its glyph with the
        figure dash, so a copied en dash would come back as another character."""
        if not start:
            return self.get("unknown") if precision == "unknown" else ""
        shown = self.get("period_range", start, end) if end and end != start else start
        if precision == "estimate":
            return self.get("about", shown)
        return shown

    def dated(self, start: str | None, precision: str | None, end: str | None = None) -> str:
        """A date with its precision named: "2018-10 (month)"."""
        text = self.partial_date(start, precision, end)
        if not text or not start or not precision or precision == "unknown":
            return text
        return f"{text} ({self.precision(precision)})"

    def consent_scopes(
        self,
        exists: bool,
        internal: bool | None,
        un: bool | None,
        public: bool | None,
        withdrawn: str | None,
    ) -> str:
        if not exists:
            return self.get("consent_none")
        if withdrawn:
            return self.get("consent_withdrawn")
        scopes = [
            self.get(f"scope_{name}")
            for name, granted in (("internal", internal), ("un", un), ("public", public))
            if granted
        ]
        return ", ".join(scopes) if scopes else self.get("scope_none")

    def status(self, status: str | None) -> str:
        key = f"status_{status}"
        return self.get(key) if key in _WORDS else (status or "")

    def language_name(self, code: str | None) -> str:
        key = f"lang_{code}"
        return self.get(key) if key in _WORDS else (code or "")


def reported_cases(count: int | None, is_minimum: bool) -> str:
    """3200 and a minimum -> "3,200+"."""
    if count is None:
        return ""
    return f"{count:,}+" if is_minimum else f"{count:,}"


def file_size(size: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} B"
