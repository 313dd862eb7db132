<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>AttachmentsSection</name>
    <message>
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>형식</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <source>SHA-256 at intake</source>
        <translation>접수 시 SHA-256</translation>
    </message>
    <message>
        <source>Add file…</source>
        <translation>파일 추가…</translation>
    </message>
    <message>
        <source>Save a copy…</source>
        <translation>사본 저장…</translation>
    </message>
    <message>
        <source>Writes the file where you choose. The copy is not encrypted.</source>
        <translation>선택한 위치에 파일을 저장합니다. 사본은 암호화되지 않습니다.</translation>
    </message>
    <message>
        <source>Save the testimony first; then attach files to it.</source>
        <translation>먼저 증언을 저장한 뒤 파일을 첨부하세요.</translation>
    </message>
    <message>
        <source>%1 was not attached: %2</source>
        <translation>%1을(를) 첨부하지 못했습니다: %2</translation>
    </message>
    <message>
        <source>%1 could not be read.</source>
        <translation>%1을(를) 읽을 수 없습니다.</translation>
    </message>
    <message>
        <source>Attached %1.</source>
        <translation>%1을(를) 첨부했습니다.</translation>
    </message>
    <message>
        <source>The stored file does not match the SHA-256 taken at intake; no copy was written.</source>
        <translation>저장된 파일이 접수 시 기록한 SHA-256과 일치하지 않아 사본을 만들지 않았습니다.</translation>
    </message>
    <message>
        <source>The copy could not be written: %1</source>
        <translation>사본을 저장하지 못했습니다: %1</translation>
    </message>
    <message>
        <source>Copy written to %1. It is not encrypted: delete it when done.</source>
        <translation>사본을 %1에 저장했습니다. 암호화되지 않은 파일이니 다 쓴 뒤 삭제하세요.</translation>
    </message>
    <message>
        <source>Attach a file</source>
        <translation>파일 첨부</translation>
    </message>
    <message>
        <source>Save a copy of the attachment</source>
        <translation>첨부 파일 사본 저장</translation>
    </message>
    <message>
        <source>SHA-256 of %1 at intake: %2</source>
        <translation>%1의 접수 시 SHA-256: %2</translation>
    </message>
</context>
<context>
    <name>CategoryPage</name>
    <message>
        <source>Violations by category, with the reported impacts and the UN response, most frequent first. Choose a row to list its violations.</source>
        <translation>유형별 인권침해 건수와 보고된 피해, 유엔 대응을 많은 순으로 보여 줍니다. 행을 고르면 해당 인권침해 목록이 나옵니다.</translation>
    </message>
</context>
<context>
    <name>CategoryTableModel</name>
    <message>
        <source>Violation category</source>
        <translation>침해 유형</translation>
    </message>
    <message>
        <source>Violations</source>
        <translation>침해 건수</translation>
    </message>
    <message>
        <source>Testimonies</source>
        <translation>증언 수</translation>
    </message>
    <message>
        <source>Reported impact</source>
        <translation>보고된 피해</translation>
    </message>
    <message>
        <source>UN response</source>
        <translation>유엔 대응</translation>
    </message>
    <message numerus="yes">
        <source>… %n more</source>
        <translation>
            <numerusform>… 외 %n건</numerusform>
        </translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>기록 없음</translation>
    </message>
</context>
<context>
    <name>ConsentSection</name>
    <message>
        <source>Save the testimony first; then record what its source agreed to.</source>
        <translation>먼저 증언을 저장한 뒤 증언자가 동의한 범위를 기록하세요.</translation>
    </message>
    <message>
        <source>Only what is ticked may leave this laptop. A withdrawn consent counts as no for every scope.</source>
        <translation>체크한 범위만 이 노트북 밖으로 내보낼 수 있습니다. 철회된 동의는 모든 범위에서 ‘동의하지 않음’으로 봅니다.</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Testimonies (CSV)</source>
        <translation>증언 (CSV)</translation>
    </message>
    <message>
        <source>Violations (CSV)</source>
        <translation>인권침해 (CSV)</translation>
    </message>
    <message>
        <source>Regional protection (CSV)</source>
        <translation>지역별 보호 현황 (CSV)</translation>
    </message>
    <message>
        <source>State responses (CSV)</source>
        <translation>국가 대응 (CSV)</translation>
    </message>
    <message>
        <source>Coordinator report (PDF)</source>
        <translation>코디네이터 보고서 (PDF)</translation>
    </message>
    <message>
        <source>Testimony dossier PDF</source>
        <translation>증언 자료집 PDF</translation>
    </message>
    <message>
        <source>Dossier of %1 (PDF)</source>
        <translation>%1 자료집 (PDF)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <source>Public</source>
        <translation>공개</translation>
    </message>
    <message>
        <source>UN</source>
        <translation>유엔</translation>
    </message>
    <message>
        <source>Internal</source>
        <translation>내부</translation>
    </message>
    <message>
        <source>All records</source>
        <translation>모든 기록</translation>
    </message>
    <message>
        <source>English</source>
        <translation>영어</translation>
    </message>
    <message>
        <source>Korean</source>
        <translation>한국어</translation>
    </message>
    <message>
        <source>No file chosen</source>
        <translation>선택한 파일 없음</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>선택…</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>공개 범위</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>범위</translation>
    </message>
    <message>
        <source>Report language</source>
        <translation>보고서 언어</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>기관</translation>
    </message>
    <message>
        <source>Save to</source>
        <translation>저장 위치</translation>
    </message>
    <message>
        <source>What the tab shows (%1)</source>
        <translation>탭에 보이는 항목 (%1)</translation>
    </message>
    <message>
        <source>What the tab shows (not available for this kind)</source>
        <translation>탭에 보이는 항목 (이 종류에는 사용할 수 없음)</translation>
    </message>
    <message>
        <source>Internal: every record; persons by code and pseudonym. Stays inside the organisation.</source>
        <translation>내부: 모든 기록, 인물은 코드와 가명으로 표시. 기관 밖으로 내보내지 않습니다.</translation>
    </message>
    <message>
        <source>UN: only testimonies with UN consent and their violations; persons by code only.</source>
        <translation>유엔: 유엔 제공에 동의한 증언과 그 인권침해만, 인물은 코드로만 표시.</translation>
    </message>
    <message>
        <source>Public: only testimonies with public consent; no pseudonyms, interviewers or source codes; years only, provinces only; counts under 5 shown as &lt;5.</source>
        <translation>공개: 공개에 동의한 증언만, 가명·면담자·제보자 코드 없음, 날짜는 연도만, 장소는 도까지만, 5 미만의 건수는 &lt;5로 표시.</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 파일 (*.pdf)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
    <message>
        <source>Save export as</source>
        <translation>내보낼 파일 이름</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>내보내는 중…</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>중지하는 중…</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) written…</source>
        <translation>
            <numerusform>%n건 기록함…</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %1 (%n record(s)).</source>
        <translation>
            <numerusform>%1에 저장했습니다 (%n건).</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled; no file was written.</source>
        <translation>취소했습니다. 파일을 쓰지 않았습니다.</translation>
    </message>
    <message>
        <source>Not exported: %1</source>
        <translation>내보내지 못했습니다: %1</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Clear filters</source>
        <translation>필터 지우기</translation>
    </message>
    <message>
        <source>From (YYYY-MM)</source>
        <translation>시작(YYYY-MM)</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>종료</translation>
    </message>
    <message>
        <source>YYYY, YYYY-MM or YYYY-MM-DD</source>
        <translation>YYYY, YYYY-MM 또는 YYYY-MM-DD</translation>
    </message>
</context>
<context>
    <name>ListEditorTab</name>
    <message>
        <source>New</source>
        <translation>새로 만들기</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Nothing to delete: this record was never saved.</source>
        <translation>삭제할 것이 없습니다. 이 기록은 저장된 적이 없습니다.</translation>
    </message>
    <message>
        <source>That record is deleted or does not exist.</source>
        <translation>삭제되었거나 존재하지 않는 기록입니다.</translation>
    </message>
    <message>
        <source>Saved. The current filter hides it.</source>
        <translation>저장했습니다. 현재 필터 때문에 목록에는 보이지 않습니다.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>저장했습니다.</translation>
    </message>
    <message>
        <source>Not saved: this record was deleted meanwhile (by an undo, or from the command line). What you typed is still here; undo the deletion or copy it into a new record.</source>
        <translation>저장하지 못했습니다. 그사이에 이 기록이 삭제되었습니다(되돌리기 또는 명령줄에서). 입력한 내용은 그대로 있으니 삭제를 되돌리거나 새 기록에 옮겨 적으세요.</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>caseapp is locked</source>
        <translation>caseapp이 잠겼습니다</translation>
    </message>
    <message>
        <source>Enter the passphrase to show the records again.</source>
        <translation>기록을 다시 보려면 암호 문구를 입력하세요.</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>잠금 해제</translation>
    </message>
    <message numerus="yes">
        <source>Wrong passphrase. You can try again in %n second(s).</source>
        <translation>
            <numerusform>암호 문구가 틀렸습니다. %n초 후에 다시 시도할 수 있습니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>Wrong passphrase. Try again.</source>
        <translation>암호 문구가 틀렸습니다. 다시 시도하세요.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>caseapp — %1</source>
        <translation>caseapp — %1</translation>
    </message>
    <message>
        <source>&amp;Record</source>
        <translation>기록(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>새로 만들기(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>저장(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>삭제(&amp;D)</translation>
    </message>
    <message>
        <source>Search all records (Ctrl+F)</source>
        <translation>모든 기록 검색 (Ctrl+F)</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>검색(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Filter this tab</source>
        <translation>이 탭 필터(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>잠그기(&amp;L)</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>설정(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>종료(&amp;Q)</translation>
    </message>
    <message>
        <source>Re&amp;ports</source>
        <translation>보고서(&amp;P)</translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation>CSV 내보내기(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Report PDF…</source>
        <translation>보고서 PDF(&amp;R)…</translation>
    </message>
    <message>
        <source>Testimony &amp;dossier PDF…</source>
        <translation>증언 자료집 PDF(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>편집(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>실행 취소(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>다시 실행(&amp;R)</translation>
    </message>
    <message>
        <source>Open a testimony in the Testimonies tab first.</source>
        <translation>먼저 증언 탭에서 증언을 여십시오.</translation>
    </message>
    <message>
        <source>caseapp — locked</source>
        <translation>caseapp — 잠김</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>저장하지 않은 변경 사항</translation>
    </message>
    <message>
        <source>Some records have unsaved changes. Quit and discard them?</source>
        <translation>저장하지 않은 변경 사항이 있는 기록이 있습니다. 변경 사항을 버리고 종료할까요?</translation>
    </message>
</context>
<context>
    <name>PersonPicker</name>
    <message>
        <source>Person code, e.g. P-1A2B3C4D</source>
        <translation>인물 코드(예: P-1A2B3C4D)</translation>
    </message>
    <message>
        <source>New person…</source>
        <translation>새 인물…</translation>
    </message>
    <message>
        <source>Pseudonym (never a real name)</source>
        <translation>가명(실명은 절대 입력 금지)</translation>
    </message>
    <message>
        <source>Create person</source>
        <translation>인물 등록</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>No person has the code %1.</source>
        <translation>코드가 %1인 인물이 없습니다.</translation>
    </message>
    <message>
        <source>Type a pseudonym for the new person.</source>
        <translation>새 인물의 가명을 입력하세요.</translation>
    </message>
    <message>
        <source>Person %1 created.</source>
        <translation>인물 %1을(를) 등록했습니다.</translation>
    </message>
    <message>
        <source>No source person recorded.</source>
        <translation>기록된 증언자가 없습니다.</translation>
    </message>
</context>
<context>
    <name>RecordFields</name>
    <message>
        <source>YYYY, YYYY-MM or YYYY-MM-DD</source>
        <translation>YYYY, YYYY-MM 또는 YYYY-MM-DD</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>초안</translation>
    </message>
    <message>
        <source>reviewed</source>
        <translation>검토됨</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>검증됨</translation>
    </message>
    <message>
        <source>Korean</source>
        <translation>한국어</translation>
    </message>
    <message>
        <source>English</source>
        <translation>영어</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>중국어</translation>
    </message>
    <message>
        <source>Russian</source>
        <translation>러시아어</translation>
    </message>
    <message>
        <source>Thai</source>
        <translation>태국어</translation>
    </message>
    <message>
        <source>Vietnamese</source>
        <translation>베트남어</translation>
    </message>
    <message>
        <source>Lao</source>
        <translation>라오어</translation>
    </message>
    <message>
        <source>Mongolian</source>
        <translation>몽골어</translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation>일본어</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>코드</translation>
    </message>
    <message>
        <source>generated if left empty</source>
        <translation>비워 두면 자동 생성</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <source>Interview date</source>
        <translation>면담 날짜</translation>
    </message>
    <message>
        <source>Date precision</source>
        <translation>날짜 정확도</translation>
    </message>
    <message>
        <source>Interview place</source>
        <translation>면담 장소</translation>
    </message>
    <message>
        <source>Interviewer</source>
        <translation>면담자</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>보호 현황</translation>
    </message>
    <message>
        <source>Source reliability</source>
        <translation>증언자 신뢰도</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>요약</translation>
    </message>
    <message>
        <source>Narrative</source>
        <translation>진술</translation>
    </message>
    <message>
        <source>The account in the source&apos;s own words</source>
        <translation>증언자 본인의 말로 기록한 진술</translation>
    </message>
    <message>
        <source>Internal use</source>
        <translation>내부 이용</translation>
    </message>
    <message>
        <source>Sharing with UN mechanisms</source>
        <translation>유엔 메커니즘과 공유</translation>
    </message>
    <message>
        <source>Publication, anonymised</source>
        <translation>익명 처리 후 공개</translation>
    </message>
    <message>
        <source>Date given</source>
        <translation>동의 날짜</translation>
    </message>
    <message>
        <source>Recorded by</source>
        <translation>기록자</translation>
    </message>
    <message>
        <source>Date withdrawn</source>
        <translation>철회 날짜</translation>
    </message>
    <message>
        <source>Violation category</source>
        <translation>침해 유형</translation>
    </message>
    <message>
        <source>Date (from)</source>
        <translation>날짜(시작)</translation>
    </message>
    <message>
        <source>Date (to)</source>
        <translation>날짜(종료)</translation>
    </message>
    <message>
        <source>Province or country</source>
        <translation>도 또는 국가</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>장소</translation>
    </message>
    <message>
        <source>Type of place</source>
        <translation>장소 유형</translation>
    </message>
    <message>
        <source>Perpetrator</source>
        <translation>가해자</translation>
    </message>
    <message>
        <source>Reported impact</source>
        <translation>보고된 피해</translation>
    </message>
    <message>
        <source>UN mechanism</source>
        <translation>유엔 메커니즘</translation>
    </message>
    <message>
        <source>Submitted to the UN</source>
        <translation>유엔 제출일</translation>
    </message>
    <message>
        <source>UN reference</source>
        <translation>유엔 참조 번호</translation>
    </message>
    <message>
        <source>UN response</source>
        <translation>유엔 대응</translation>
    </message>
    <message>
        <source>Verification</source>
        <translation>검증</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>지역</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>국가</translation>
    </message>
    <message>
        <source>Reported cases</source>
        <translation>보고된 사례 수</translation>
    </message>
    <message>
        <source>External figure, e.g. 3200</source>
        <translation>외부 수치(예: 3200)</translation>
    </message>
    <message>
        <source>Figure is a minimum</source>
        <translation>최소 수치</translation>
    </message>
    <message>
        <source>Status of protection measures</source>
        <translation>보호 조치 현황</translation>
    </message>
    <message>
        <source>As of</source>
        <translation>기준일</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>출처</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>메모</translation>
    </message>
    <message>
        <source>Places counted</source>
        <translation>집계 대상 장소</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>사례 수</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>비고</translation>
    </message>
    <message>
        <source>Aspect</source>
        <translation>사안</translation>
    </message>
    <message>
        <source>Official position</source>
        <translation>공식 입장</translation>
    </message>
    <message>
        <source>Statement date</source>
        <translation>발표 날짜</translation>
    </message>
    <message>
        <source>from the dates</source>
        <translation>날짜에 따름</translation>
    </message>
</context>
<context>
    <name>RecordTab</name>
    <message>
        <source>Deleted. Undo with Ctrl+Z.</source>
        <translation>삭제했습니다. Ctrl+Z로 되돌릴 수 있습니다.</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>저장하지 않은 변경 사항</translation>
    </message>
    <message>
        <source>The record has unsaved changes. Discard them?</source>
        <translation>이 기록에 저장하지 않은 변경 사항이 있습니다. 버릴까요?</translation>
    </message>
</context>
<context>
    <name>RegionHistoryBox</name>
    <message>
        <source>As of</source>
        <translation>기준일</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>보호 현황</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>사례 수</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>출처</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>비고</translation>
    </message>
    <message>
        <source>Add history entry</source>
        <translation>이력 추가</translation>
    </message>
    <message>
        <source>Save entry</source>
        <translation>항목 저장</translation>
    </message>
    <message>
        <source>Delete entry</source>
        <translation>항목 삭제</translation>
    </message>
    <message>
        <source>History of the protection status</source>
        <translation>보호 현황 이력</translation>
    </message>
    <message>
        <source>History of %1</source>
        <translation>%1 이력</translation>
    </message>
    <message>
        <source>Delete history entry</source>
        <translation>이력 항목 삭제</translation>
    </message>
    <message>
        <source>New history entry:</source>
        <translation>새 이력 항목:</translation>
    </message>
    <message>
        <source>undated</source>
        <translation>날짜 없음</translation>
    </message>
    <message>
        <source>History entry of %1:</source>
        <translation>%1의 이력 항목:</translation>
    </message>
    <message>
        <source>History entry saved.</source>
        <translation>이력 항목을 저장했습니다.</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>저장하지 않은 변경 사항</translation>
    </message>
    <message>
        <source>The history entry has unsaved changes. Discard them?</source>
        <translation>이력 항목에 저장하지 않은 변경 사항이 있습니다. 버릴까요?</translation>
    </message>
</context>
<context>
    <name>RegionsTab</name>
    <message>
        <source>Region</source>
        <translation>지역</translation>
    </message>
    <message>
        <source>Reported cases</source>
        <translation>보고된 사례 수</translation>
    </message>
    <message>
        <source>Counted from records</source>
        <translation>기록에서 집계</translation>
    </message>
    <message>
        <source>Status of protection measures</source>
        <translation>보호 조치 현황</translation>
    </message>
    <message>
        <source>As of</source>
        <translation>기준일</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>출처</translation>
    </message>
    <message>
        <source>Filter by region, country or source</source>
        <translation>지역, 국가 또는 출처로 필터</translation>
    </message>
    <message>
        <source>shown as &quot;3,200+&quot;</source>
        <translation>“3,200+”로 표시</translation>
    </message>
    <message>
        <source>Cases are counted from the testimonies whose violations happened in these places; a country includes its provinces.</source>
        <translation>사례 수는 이 장소에서 일어난 인권침해가 담긴 증언을 세어 집계합니다. 국가에는 그 아래 지역(도·성)이 포함됩니다.</translation>
    </message>
    <message>
        <source>Regional protection</source>
        <translation>지역별 보호 현황</translation>
    </message>
    <message>
        <source>Delete region</source>
        <translation>지역 삭제</translation>
    </message>
    <message numerus="yes">
        <source>%n region(s)</source>
        <translation>
            <numerusform>지역 %n곳</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Saved; %n history entry(s) added.</source>
        <translation>
            <numerusform>저장했습니다. 이력 항목 %n개를 추가했습니다.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchTab</name>
    <message>
        <source>Save search</source>
        <translation>검색 저장</translation>
    </message>
    <message>
        <source>Name of the saved search:</source>
        <translation>저장할 검색의 이름:</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>종류</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>코드</translation>
    </message>
    <message>
        <source>Title or category</source>
        <translation>제목 또는 유형</translation>
    </message>
    <message>
        <source>Passage</source>
        <translation>해당 구절</translation>
    </message>
    <message>
        <source>Testimony</source>
        <translation>증언</translation>
    </message>
    <message>
        <source>Violation</source>
        <translation>인권침해</translation>
    </message>
    <message>
        <source>Testimonies and violations</source>
        <translation>증언과 인권침해</translation>
    </message>
    <message>
        <source>Testimonies</source>
        <translation>증언</translation>
    </message>
    <message>
        <source>Violations</source>
        <translation>인권침해</translation>
    </message>
    <message>
        <source>Any category</source>
        <translation>모든 유형</translation>
    </message>
    <message>
        <source>Any place</source>
        <translation>모든 장소</translation>
    </message>
    <message>
        <source>Any language</source>
        <translation>모든 언어</translation>
    </message>
    <message>
        <source>From (YYYY-MM)</source>
        <translation>시작(YYYY-MM)</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>종료</translation>
    </message>
    <message>
        <source>Save search…</source>
        <translation>검색 저장…</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>검색</translation>
    </message>
    <message numerus="yes">
        <source>%n result(s)</source>
        <translation>
            <numerusform>결과 %n건</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved searches…</source>
        <translation>저장된 검색…</translation>
    </message>
    <message>
        <source>Search for something first, then save it.</source>
        <translation>먼저 검색한 뒤 저장하십시오.</translation>
    </message>
    <message>
        <source>Search saved.</source>
        <translation>검색을 저장했습니다.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source> min</source>
        <translation>분</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>Lock after no input for</source>
        <translation>입력이 없을 때 자동 잠금</translation>
    </message>
    <message>
        <source>A new language applies when caseapp next starts.</source>
        <translation>바꾼 언어는 caseapp을 다시 시작하면 적용됩니다.</translation>
    </message>
</context>
<context>
    <name>StateResponsesTab</name>
    <message>
        <source>Aspect</source>
        <translation>사안</translation>
    </message>
    <message>
        <source>Official position</source>
        <translation>공식 입장</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>출처</translation>
    </message>
    <message>
        <source>Linked records</source>
        <translation>연결된 기록</translation>
    </message>
    <message>
        <source>Filter by aspect, position or source</source>
        <translation>사안, 입장 또는 출처로 필터</translation>
    </message>
    <message>
        <source>Testimony code</source>
        <translation>증언 코드</translation>
    </message>
    <message>
        <source>Link testimony</source>
        <translation>증언 연결</translation>
    </message>
    <message>
        <source>Remove link</source>
        <translation>연결 해제</translation>
    </message>
    <message>
        <source>Linked testimonies</source>
        <translation>연결된 증언</translation>
    </message>
    <message>
        <source>State responses</source>
        <translation>국가 입장</translation>
    </message>
    <message>
        <source>Delete state response</source>
        <translation>국가 입장 삭제</translation>
    </message>
    <message numerus="yes">
        <source>%n state response(s)</source>
        <translation>
            <numerusform>국가 입장 %n건</numerusform>
        </translation>
    </message>
    <message>
        <source>No testimony has the code %1.</source>
        <translation>코드가 %1인 증언이 없습니다.</translation>
    </message>
</context>
<context>
    <name>TestimoniesTab</name>
    <message>
        <source>Code</source>
        <translation>코드</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <source>Interview date</source>
        <translation>면담 날짜</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>장소</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>동의</translation>
    </message>
    <message>
        <source>Violations</source>
        <translation>침해 건수</translation>
    </message>
    <message>
        <source>Filter by code, title or place</source>
        <translation>코드, 제목 또는 장소로 필터</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>모든 상태</translation>
    </message>
    <message>
        <source>Any language</source>
        <translation>모든 언어</translation>
    </message>
    <message>
        <source>Any consent</source>
        <translation>모든 동의</translation>
    </message>
    <message>
        <source>Internal use</source>
        <translation>내부 이용</translation>
    </message>
    <message>
        <source>UN sharing</source>
        <translation>유엔 공유</translation>
    </message>
    <message>
        <source>Publication</source>
        <translation>공개</translation>
    </message>
    <message>
        <source>None given</source>
        <translation>동의 없음</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>철회됨</translation>
    </message>
    <message>
        <source>from the date</source>
        <translation>날짜에 따름</translation>
    </message>
    <message>
        <source>Source person</source>
        <translation>증언자</translation>
    </message>
    <message>
        <source>Testimony</source>
        <translation>증언</translation>
    </message>
    <message>
        <source>Testimonies</source>
        <translation>증언</translation>
    </message>
    <message>
        <source>Testimony saved; see the message beside the field.</source>
        <translation>증언을 저장했습니다. 항목 옆의 메시지를 확인하세요.</translation>
    </message>
    <message>
        <source>Delete testimony %1</source>
        <translation>증언 %1 삭제</translation>
    </message>
    <message numerus="yes">
        <source>%n testimonies</source>
        <translation>
            <numerusform>증언 %n건</numerusform>
        </translation>
    </message>
    <message>
        <source>Not saved: see the message beside the field.</source>
        <translation>저장하지 못했습니다. 항목 옆의 메시지를 확인하세요.</translation>
    </message>
    <message>
        <source>Not saved.</source>
        <translation>저장하지 못했습니다.</translation>
    </message>
    <message>
        <source>New testimony</source>
        <translation>새 증언</translation>
    </message>
    <message>
        <source>Violations (%1)</source>
        <translation>인권침해(%1)</translation>
    </message>
    <message>
        <source>Attachments (%1)</source>
        <translation>첨부 파일(%1)</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Passphrase</source>
        <translation>암호 문구</translation>
    </message>
    <message>
        <source>Again</source>
        <translation>다시 입력</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>강도</translation>
    </message>
    <message>
        <source>Open the demo database</source>
        <translation>데모 데이터베이스 열기</translation>
    </message>
    <message>
        <source>caseapp: create a database</source>
        <translation>caseapp: 데이터베이스 만들기</translation>
    </message>
    <message>
        <source>Choose a passphrase for the new encrypted database. Without it, nobody (you included) can open the records: keep it safe.</source>
        <translation>새 암호화 데이터베이스의 암호 문구를 정하세요. 암호 문구가 없으면 본인을 포함해 누구도 기록을 열 수 없으니 안전하게 보관하세요.</translation>
    </message>
    <message>
        <source>Choose a passphrase for the demo database (fictional records).</source>
        <translation>데모 데이터베이스(가상의 기록)의 암호 문구를 정하세요.</translation>
    </message>
    <message>
        <source>caseapp: unlock</source>
        <translation>caseapp: 잠금 해제</translation>
    </message>
    <message>
        <source>Enter the passphrase of the encrypted database:</source>
        <translation>암호화된 데이터베이스의 암호 문구를 입력하세요:</translation>
    </message>
    <message>
        <source>Enter the passphrase of the demo database:</source>
        <translation>데모 데이터베이스의 암호 문구를 입력하세요:</translation>
    </message>
    <message>
        <source>too short</source>
        <translation>너무 짧음</translation>
    </message>
    <message>
        <source>weak</source>
        <translation>약함</translation>
    </message>
    <message>
        <source>fair</source>
        <translation>보통</translation>
    </message>
    <message>
        <source>good</source>
        <translation>좋음</translation>
    </message>
    <message>
        <source>strong</source>
        <translation>강함</translation>
    </message>
    <message numerus="yes">
        <source>Wrong passphrase. You can try again in %n second(s).</source>
        <translation>
            <numerusform>암호 문구가 틀렸습니다. %n초 후에 다시 시도할 수 있습니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>Wrong passphrase. Try again.</source>
        <translation>암호 문구가 틀렸습니다. 다시 시도하세요.</translation>
    </message>
    <message numerus="yes">
        <source>The passphrase needs at least %n characters.</source>
        <translation>
            <numerusform>암호 문구는 %n자 이상이어야 합니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>두 암호 문구가 서로 다릅니다.</translation>
    </message>
    <message>
        <source>Enter the passphrase.</source>
        <translation>암호 문구를 입력하세요.</translation>
    </message>
</context>
<context>
    <name>ViolationsSection</name>
    <message>
        <source>Category</source>
        <translation>유형</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <source>Province</source>
        <translation>지역</translation>
    </message>
    <message>
        <source>Perpetrator</source>
        <translation>가해자</translation>
    </message>
    <message>
        <source>UN response</source>
        <translation>유엔 대응</translation>
    </message>
    <message>
        <source>Verification</source>
        <translation>검증</translation>
    </message>
    <message>
        <source>Add violation</source>
        <translation>인권침해 추가</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>편집</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>제거</translation>
    </message>
    <message>
        <source>Save violation</source>
        <translation>인권침해 저장</translation>
    </message>
    <message>
        <source>Back to the list</source>
        <translation>목록으로 돌아가기</translation>
    </message>
    <message>
        <source>Save the testimony first; then add its violations.</source>
        <translation>먼저 증언을 저장한 뒤 인권침해를 추가하세요.</translation>
    </message>
    <message>
        <source>New violation</source>
        <translation>새 인권침해</translation>
    </message>
    <message>
        <source>Select a violation first.</source>
        <translation>먼저 인권침해를 선택하세요.</translation>
    </message>
    <message>
        <source>Edit violation</source>
        <translation>인권침해 편집</translation>
    </message>
    <message>
        <source>Remove violation</source>
        <translation>인권침해 삭제</translation>
    </message>
    <message>
        <source>Violation saved.</source>
        <translation>인권침해를 저장했습니다.</translation>
    </message>
</context>
<context>
    <name>ViolationsTab</name>
    <message>
        <source>By category</source>
        <translation>유형별</translation>
    </message>
    <message>
        <source>List of violations</source>
        <translation>인권침해 목록</translation>
    </message>
    <message>
        <source>Testimony</source>
        <translation>증언</translation>
    </message>
    <message>
        <source>Violation category</source>
        <translation>침해 유형</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <source>Province / place</source>
        <translation>지역 / 장소</translation>
    </message>
    <message>
        <source>Perpetrator</source>
        <translation>가해자</translation>
    </message>
    <message>
        <source>Reported impact</source>
        <translation>보고된 피해</translation>
    </message>
    <message>
        <source>UN mechanism</source>
        <translation>유엔 메커니즘</translation>
    </message>
    <message>
        <source>UN response</source>
        <translation>유엔 대응</translation>
    </message>
    <message>
        <source>Verification</source>
        <translation>검증</translation>
    </message>
    <message>
        <source>Search place or reported impact</source>
        <translation>장소 또는 보고된 피해 검색</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>모든 유형</translation>
    </message>
    <message>
        <source>All provinces and countries</source>
        <translation>모든 지역과 국가</translation>
    </message>
    <message>
        <source>All perpetrators</source>
        <translation>모든 가해자</translation>
    </message>
    <message>
        <source>Any UN response</source>
        <translation>모든 유엔 대응</translation>
    </message>
    <message>
        <source>Any verification</source>
        <translation>모든 검증 상태</translation>
    </message>
    <message>
        <source>YYYY, YYYY-MM or YYYY-MM-DD. A violation is listed when its date or date range overlaps these dates.</source>
        <translation>YYYY, YYYY-MM 또는 YYYY-MM-DD. 날짜나 기간이 이 기간과 겹치는 인권침해를 보여 줍니다.</translation>
    </message>
    <message>
        <source>Code of the testimony, e.g. T-1A2B3C4D</source>
        <translation>증언 코드(예: T-1A2B3C4D)</translation>
    </message>
    <message>
        <source>Open testimony</source>
        <translation>증언 열기</translation>
    </message>
    <message>
        <source>Testimony code</source>
        <translation>증언 코드</translation>
    </message>
    <message>
        <source>Violations</source>
        <translation>인권침해</translation>
    </message>
    <message>
        <source>Type the code of the testimony this violation belongs to.</source>
        <translation>이 인권침해가 속한 증언의 코드를 입력하세요.</translation>
    </message>
    <message>
        <source>No testimony has the code %1.</source>
        <translation>코드가 %1인 증언이 없습니다.</translation>
    </message>
    <message>
        <source>Delete violation</source>
        <translation>인권침해 삭제</translation>
    </message>
    <message numerus="yes">
        <source>%n violation(s)</source>
        <translation>
            <numerusform>인권침해 %n건</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>formatting</name>
    <message>
        <source>unknown</source>
        <translation>미상</translation>
    </message>
    <message>
        <source>c. %1</source>
        <translation>약 %1</translation>
    </message>
    <message>
        <source>none recorded</source>
        <translation>기록 없음</translation>
    </message>
    <message>
        <source>withdrawn</source>
        <translation>철회됨</translation>
    </message>
    <message>
        <source>internal</source>
        <translation>내부</translation>
    </message>
    <message>
        <source>UN</source>
        <translation>유엔</translation>
    </message>
    <message>
        <source>public</source>
        <translation>공개</translation>
    </message>
    <message>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>exact day</source>
        <translation>정확한 날짜</translation>
    </message>
    <message>
        <source>month</source>
        <translation>월</translation>
    </message>
    <message>
        <source>year</source>
        <translation>연도</translation>
    </message>
    <message>
        <source>range</source>
        <translation>기간</translation>
    </message>
    <message>
        <source>estimate (about)</source>
        <translation>추정(대략)</translation>
    </message>
</context>
<context>
    <name>problems</name>
    <message>
        <source>testimony</source>
        <translation>증언</translation>
    </message>
    <message>
        <source>consent</source>
        <translation>동의</translation>
    </message>
    <message>
        <source>person</source>
        <translation>인물</translation>
    </message>
    <message>
        <source>identity</source>
        <translation>신원 정보</translation>
    </message>
    <message>
        <source>violation</source>
        <translation>인권침해</translation>
    </message>
    <message>
        <source>region</source>
        <translation>지역</translation>
    </message>
    <message>
        <source>regional protection status</source>
        <translation>지역별 보호 현황</translation>
    </message>
    <message>
        <source>protection status history entry</source>
        <translation>보호 현황 이력 항목</translation>
    </message>
    <message>
        <source>state response</source>
        <translation>국가 입장</translation>
    </message>
    <message>
        <source>state response link</source>
        <translation>국가 입장 연결</translation>
    </message>
    <message>
        <source>advocacy demand</source>
        <translation>옹호 요구</translation>
    </message>
    <message>
        <source>attachment</source>
        <translation>첨부 파일</translation>
    </message>
    <message>
        <source>exact</source>
        <translation>정확한 날짜</translation>
    </message>
    <message>
        <source>month</source>
        <translation>월</translation>
    </message>
    <message>
        <source>year</source>
        <translation>연도</translation>
    </message>
    <message>
        <source>range</source>
        <translation>기간</translation>
    </message>
    <message>
        <source>estimate</source>
        <translation>추정</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>미상</translation>
    </message>
    <message>
        <source>is required</source>
        <translation>필수 항목입니다</translation>
    </message>
    <message>
        <source>is not a field of a %1</source>
        <translation>%1 기록에 없는 항목입니다</translation>
    </message>
    <message>
        <source>no %1 with uid %2</source>
        <translation>%1 기록을 찾을 수 없습니다(uid %2)</translation>
    </message>
    <message>
        <source>must be text</source>
        <translation>텍스트여야 합니다</translation>
    </message>
    <message>
        <source>is too long (%1 characters; at most %2)</source>
        <translation>너무 깁니다(%1자, 최대 %2자)</translation>
    </message>
    <message>
        <source>contains a NUL character</source>
        <translation>NUL 문자가 들어 있습니다</translation>
    </message>
    <message>
        <source>unknown code %1 in vocabulary %2</source>
        <translation>어휘 %2에 없는 코드입니다: %1</translation>
    </message>
    <message>
        <source>must be one of %1, not %2</source>
        <translation>%1 중 하나여야 합니다(입력값: %2)</translation>
    </message>
    <message>
        <source>unknown role %1</source>
        <translation>알 수 없는 역할입니다: %1</translation>
    </message>
    <message>
        <source>must be a date YYYY, YYYY-MM or YYYY-MM-DD</source>
        <translation>YYYY, YYYY-MM 또는 YYYY-MM-DD 형식의 날짜여야 합니다</translation>
    </message>
    <message>
        <source>%1 is not a year (YYYY)</source>
        <translation>%1은(는) 연도(YYYY)가 아닙니다</translation>
    </message>
    <message>
        <source>must be yes or no, not %1</source>
        <translation>yes 또는 no여야 합니다(입력값: %1)</translation>
    </message>
    <message>
        <source>must be a whole number</source>
        <translation>정수여야 합니다</translation>
    </message>
    <message>
        <source>%1 is not a whole number</source>
        <translation>%1은(는) 정수가 아닙니다</translation>
    </message>
    <message>
        <source>must not be negative</source>
        <translation>음수일 수 없습니다</translation>
    </message>
    <message>
        <source>must be a uid</source>
        <translation>uid여야 합니다</translation>
    </message>
    <message>
        <source>must be codes of vocabulary %1, separated by commas</source>
        <translation>어휘 %1의 코드를 쉼표로 구분해 입력해야 합니다</translation>
    </message>
    <message>
        <source>link exactly one testimony or violation</source>
        <translation>증언과 인권침해 중 하나만 연결해야 합니다</translation>
    </message>
    <message>
        <source>%1 is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD</source>
        <translation>%1은(는) YYYY, YYYY-MM 또는 YYYY-MM-DD 형식의 날짜가 아닙니다</translation>
    </message>
    <message>
        <source>%1 is before %2</source>
        <translation>%1은(는) %2보다 앞선 날짜입니다</translation>
    </message>
    <message>
        <source>%1 is not a real date (month %2)</source>
        <translation>%1은(는) 존재하지 않는 날짜입니다(%2월)</translation>
    </message>
    <message>
        <source>%1 is not a real date (day %2)</source>
        <translation>%1은(는) 존재하지 않는 날짜입니다(%2일)</translation>
    </message>
    <message>
        <source>%1 is in the future</source>
        <translation>%1은(는) 미래의 날짜입니다</translation>
    </message>
    <message>
        <source>unknown precision %1</source>
        <translation>알 수 없는 정확도입니다: %1</translation>
    </message>
    <message>
        <source>a date is given but the precision says unknown</source>
        <translation>날짜가 있는데 정확도가 ‘미상’입니다</translation>
    </message>
    <message>
        <source>a date is needed for precision %1</source>
        <translation>정확도가 ‘%1’이면 날짜가 필요합니다</translation>
    </message>
    <message>
        <source>a range needs an end date</source>
        <translation>기간에는 종료 날짜가 필요합니다</translation>
    </message>
    <message>
        <source>an end date needs precision range, not %1</source>
        <translation>종료 날짜가 있으면 정확도는 ‘%1’이 아니라 ‘기간’이어야 합니다</translation>
    </message>
    <message>
        <source>%1 does not have precision %2</source>
        <translation>%1은(는) 정확도 ‘%2’에 맞지 않습니다</translation>
    </message>
    <message>
        <source>already has a deleted %1; restore it instead</source>
        <translation>삭제된 %1 기록이 이미 있습니다. 새로 만들지 말고 복원하세요</translation>
    </message>
    <message>
        <source>already has a %1; edit that one</source>
        <translation>%1 기록이 이미 있습니다. 그 기록을 수정하세요</translation>
    </message>
    <message>
        <source>already has a %1</source>
        <translation>%1 기록이 이미 있습니다</translation>
    </message>
    <message>
        <source>cannot be empty</source>
        <translation>비워 둘 수 없습니다</translation>
    </message>
    <message>
        <source>its %1 is deleted; restore that first</source>
        <translation>연결된 %1 기록이 삭제되었습니다. 먼저 그 기록을 복원하세요</translation>
    </message>
    <message>
        <source>%1 is already used by another %2</source>
        <translation>%1은(는) 다른 %2 기록에서 이미 쓰고 있습니다</translation>
    </message>
    <message>
        <source>%1 is already used</source>
        <translation>%1은(는) 이미 쓰이고 있습니다</translation>
    </message>
    <message>
        <source>the %1 %2 is deleted; restore it first</source>
        <translation>%1 기록 %2이(가) 삭제되었습니다. 먼저 복원하세요</translation>
    </message>
    <message>
        <source>the %1 %2 is deleted</source>
        <translation>%1 기록 %2이(가) 삭제되었습니다</translation>
    </message>
    <message>
        <source>is larger than %1 bytes</source>
        <translation>%1바이트보다 큽니다</translation>
    </message>
    <message>
        <source>attachment %1 does not match its intake SHA-256</source>
        <translation>첨부 파일 %1이(가) 접수 시 SHA-256과 일치하지 않습니다</translation>
    </message>
    <message>
        <source>attachment %1: content is missing</source>
        <translation>첨부 파일 %1: 내용이 없습니다</translation>
    </message>
    <message>
        <source>attachment %1: content does not match its intake SHA-256</source>
        <translation>첨부 파일 %1: 내용이 접수 시 SHA-256과 일치하지 않습니다</translation>
    </message>
    <message>
        <source>the change conflicts with another record (a database constraint); nothing was saved</source>
        <translation>변경 내용이 다른 기록과 충돌하여(데이터베이스 제약 조건) 아무것도 저장하지 않았습니다</translation>
    </message>
    <message>
        <source>invalid record</source>
        <translation>유효하지 않은 기록</translation>
    </message>
    <message>
        <source>%1 (and 1 more problem)</source>
        <translation>%1 (외 문제 1건)</translation>
    </message>
    <message>
        <source>%1 (and %2 more problems)</source>
        <translation>%1 (외 문제 %2건)</translation>
    </message>
    <message>
        <source>row %1, %2: %3</source>
        <translation>%1행, %2: %3</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
</TS>
