<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>AddUserDialog</name>
    <message>
        <source>Add a user</source>
        <translation>사용자 추가</translation>
    </message>
    <message>
        <source>The new user unlocks the archive with their own passphrase. Tell it to them in person, never by message.</source>
        <translation>새 사용자는 자신의 암호 문구로 보관소를 엽니다. 암호 문구는 메시지가 아니라 반드시 직접 만나서 알려 주세요.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>역할</translation>
    </message>
    <message>
        <source>Add user</source>
        <translation>사용자 추가</translation>
    </message>
    <message>
        <source>Type the new user&apos;s name.</source>
        <translation>새 사용자의 이름을 입력하세요.</translation>
    </message>
</context>
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
        <source>Attachments of this testimony</source>
        <translation>이 증언의 첨부 파일</translation>
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
    <name>AuditDialog</name>
    <message>
        <source>Audit trail</source>
        <translation>감사 기록</translation>
    </message>
    <message>
        <source>History of %1</source>
        <translation>%1의 이력</translation>
    </message>
    <message>
        <source>Any record (type a record&apos;s uid)</source>
        <translation>모든 기록 (기록의 uid를 입력)</translation>
    </message>
    <message>
        <source>Any user</source>
        <translation>모든 사용자</translation>
    </message>
    <message>
        <source>Audit events</source>
        <translation>감사 이벤트</translation>
    </message>
    <message>
        <source>Load more</source>
        <translation>더 불러오기</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>다시 읽기</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>기록</translation>
    </message>
    <message>
        <source>User</source>
        <translation>사용자</translation>
    </message>
    <message numerus="yes">
        <source>%n events, newest first</source>
        <translation>
            <numerusform>이벤트 %n건, 최신순</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of the %n newest events match the user</source>
        <translation>
            <numerusform>최근 이벤트 %n건 중 %1건이 사용자와 일치</numerusform>
        </translation>
    </message>
    <message>
        <source>(older events: Load more)</source>
        <translation>(이전 이벤트: 더 불러오기)</translation>
    </message>
</context>
<context>
    <name>AuditEventModel</name>
    <message>
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <source>User</source>
        <translation>사용자</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>작업</translation>
    </message>
    <message>
        <source>Record kind</source>
        <translation>기록 종류</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>기록</translation>
    </message>
    <message>
        <source>%1 UTC, event %2</source>
        <translation>%1 UTC, 이벤트 %2</translation>
    </message>
</context>
<context>
    <name>CategoryPage</name>
    <message>
        <source>Violations by category</source>
        <translation>유형별 인권침해</translation>
    </message>
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
    <name>ChangePassphraseDialog</name>
    <message>
        <source>Change my passphrase</source>
        <translation>내 암호 문구 변경</translation>
    </message>
    <message>
        <source>A new passphrase for %1. From now on only the new one unlocks the archive as %1; the other users&apos; passphrases do not change.</source>
        <translation>%1의 새 암호 문구입니다. 이제부터 %1(으)로는 새 암호 문구로만 보관소를 열 수 있습니다. 다른 사용자의 암호 문구는 바뀌지 않습니다.</translation>
    </message>
    <message>
        <source>Change passphrase</source>
        <translation>암호 문구 변경</translation>
    </message>
</context>
<context>
    <name>ConflictsTab</name>
    <message>
        <source>Deleted</source>
        <translation>삭제됨</translation>
    </message>
    <message>
        <source>not deleted</source>
        <translation>삭제되지 않음</translation>
    </message>
    <message>
        <source>deleted on %1</source>
        <translation>%1에 삭제됨</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>예</translation>
    </message>
    <message>
        <source>no</source>
        <translation>아니요</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(비어 있음)</translation>
    </message>
    <message>
        <source>Record kind</source>
        <translation>기록 종류</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>기록</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>항목</translation>
    </message>
    <message>
        <source>Peer archive</source>
        <translation>상대 아카이브</translation>
    </message>
    <message>
        <source>Found</source>
        <translation>발견 시각</translation>
    </message>
    <message>
        <source>Fields edited differently in this archive and at a peer archive since they last agreed. This archive&apos;s value stays in effect until someone decides.</source>
        <translation>마지막으로 일치한 뒤 이 아카이브와 상대 아카이브에서 서로 다르게 고친 항목입니다. 누군가 결정할 때까지 이 아카이브의 값이 그대로 쓰입니다.</translation>
    </message>
    <message>
        <source>No open conflicts.</source>
        <translation>해결할 충돌이 없습니다.</translation>
    </message>
    <message>
        <source>Open conflicts</source>
        <translation>해결되지 않은 충돌</translation>
    </message>
    <message>
        <source>Open record</source>
        <translation>기록 열기</translation>
    </message>
    <message>
        <source>Base (last common version)</source>
        <translation>기준 값(마지막 공통 버전)</translation>
    </message>
    <message>
        <source>Keep this archive&apos;s</source>
        <translation>이 아카이브 값 유지</translation>
    </message>
    <message>
        <source>Keep incoming</source>
        <translation>들여온 값 유지</translation>
    </message>
    <message>
        <source>Or type the value to keep (a merge of both):</source>
        <translation>또는 남길 값을 직접 입력하세요(두 값을 합친 값):</translation>
    </message>
    <message>
        <source>Use this value</source>
        <translation>이 값 사용</translation>
    </message>
    <message>
        <source>A deletion is kept or undone as a whole: keep one of the two.</source>
        <translation>삭제는 통째로 유지하거나 되돌릴 수만 있습니다. 둘 중 하나를 유지하세요.</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>충돌</translation>
    </message>
    <message>
        <source>This archive</source>
        <translation>이 아카이브</translation>
    </message>
    <message>
        <source>Incoming</source>
        <translation>들여온 값</translation>
    </message>
    <message>
        <source>This archive (in effect), changed by %1</source>
        <translation>이 아카이브(현재 적용 중), 변경: %1</translation>
    </message>
    <message>
        <source>Incoming from %1, changed by %2</source>
        <translation>%1에서 들여온 값, 변경: %2</translation>
    </message>
    <message>
        <source>Conflict on %1 of %2 resolved.</source>
        <translation>%2의 %1 충돌을 해결했습니다.</translation>
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
    <name>DashboardTab</name>
    <message>
        <source>Counting…</source>
        <translation>집계 중…</translation>
    </message>
    <message>
        <source>Mark as reviewed</source>
        <translation>검토 완료로 표시</translation>
    </message>
    <message>
        <source>Count changes from now on: the dashboard shows what changed since your last review</source>
        <translation>지금부터 변경 사항을 셉니다: 대시보드는 마지막 검토 이후 바뀐 내용을 보여 줍니다</translation>
    </message>
    <message>
        <source>%1 a count from 1 to 4: a public report shows it as “&lt;5”. Click a bar to list its records.</source>
        <translation>%1 1~4건: 공개 보고서에는 “&lt;5”로 표시됩니다. 막대를 누르면 해당 기록 목록이 열립니다.</translation>
    </message>
    <message>
        <source>Violations and testimonies by category</source>
        <translation>유형별 인권침해와 증언</translation>
    </message>
    <message>
        <source>Violations by year of the events</source>
        <translation>사건 발생 연도별 인권침해</translation>
    </message>
    <message>
        <source>Violations and testimonies by province or country</source>
        <translation>도·국가별 인권침해와 증언</translation>
    </message>
    <message>
        <source>Violations by UN response</source>
        <translation>유엔 대응별 인권침해</translation>
    </message>
    <message>
        <source>Testimonies by consent</source>
        <translation>동의 범위별 증언</translation>
    </message>
    <message>
        <source>Regional protection: reported cases and cases in the records</source>
        <translation>지역별 보호 현황: 보고된 사례와 기록상 사례</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>대시보드</translation>
    </message>
    <message numerus="yes">
        <source>%n testimony(ies)</source>
        <translation>
            <numerusform>증언 %n건</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 testimonies, %2 violations in the archive.</source>
        <translation>보관소에 증언 %1건, 인권침해 %2건이 있습니다.</translation>
    </message>
    <message>
        <source>Not recorded</source>
        <translation>기록 없음</translation>
    </message>
    <message>
        <source>Violations</source>
        <translation>인권침해</translation>
    </message>
    <message>
        <source>Testimonies</source>
        <translation>증언</translation>
    </message>
    <message>
        <source>Dated</source>
        <translation>날짜 확인</translation>
    </message>
    <message>
        <source>Estimated</source>
        <translation>추정</translation>
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
        <source>Reported</source>
        <translation>보고된 수</translation>
    </message>
    <message>
        <source>In the records</source>
        <translation>기록상 수</translation>
    </message>
    <message>
        <source>Multi-year</source>
        <translation>여러 해</translation>
    </message>
    <message>
        <source>Undated</source>
        <translation>날짜 미상</translation>
    </message>
    <message>
        <source>Since the last exchange (%1, %2): %3</source>
        <translation>마지막 교환 이후(%1, %2): %3</translation>
    </message>
    <message>
        <source>No bundle exchanged yet.</source>
        <translation>아직 교환한 번들이 없습니다.</translation>
    </message>
    <message>
        <source>Since your last review (%1): %2</source>
        <translation>마지막 검토 이후(%1): %2</translation>
    </message>
    <message>
        <source>Not reviewed yet: “Mark as reviewed” starts counting changes.</source>
        <translation>아직 검토하지 않았습니다: “검토 완료로 표시”를 누르면 변경 사항을 세기 시작합니다.</translation>
    </message>
    <message>
        <source>testimonies: %1 new, %2 changed; violations: %3 new, %4 changed.</source>
        <translation>증언: 새 기록 %1건, 변경 %2건; 인권침해: 새 기록 %3건, 변경 %4건.</translation>
    </message>
    <message>
        <source>These records cannot be listed by a filter.</source>
        <translation>이 기록들은 필터로 나열할 수 없습니다.</translation>
    </message>
</context>
<context>
    <name>ExchangeDialog</name>
    <message>
        <source>Exchange with other archives</source>
        <translation>다른 보관소와 교환</translation>
    </message>
    <message>
        <source>This archive</source>
        <translation>이 보관소</translation>
    </message>
    <message>
        <source>Give this archive&apos;s identity to the other archive (Copy identity, then a stick or a message), then read this fingerprint to them by phone: theirs must show the same.</source>
        <translation>이 보관소의 신원을 상대 보관소에 전하고(신원 복사 후 USB나 메시지로), 이 지문을 전화로 읽어 주세요. 상대 쪽에도 같은 지문이 보여야 합니다.</translation>
    </message>
    <message>
        <source>This archive&apos;s fingerprint, for checking by phone</source>
        <translation>전화로 확인할 이 보관소의 지문</translation>
    </message>
    <message>
        <source>Copy identity</source>
        <translation>신원 복사</translation>
    </message>
    <message>
        <source>Copy the one line another archive trusts this one by</source>
        <translation>다른 보관소가 이 보관소를 신뢰할 때 쓰는 한 줄을 복사합니다</translation>
    </message>
    <message>
        <source>Trusted archives</source>
        <translation>신뢰하는 보관소</translation>
    </message>
    <message>
        <source>Trust an archive…</source>
        <translation>보관소 신뢰…</translation>
    </message>
    <message>
        <source>Forget…</source>
        <translation>신뢰 해제…</translation>
    </message>
    <message>
        <source>Write bundle…</source>
        <translation>번들 쓰기…</translation>
    </message>
    <message>
        <source>Read bundle…</source>
        <translation>번들 읽기…</translation>
    </message>
    <message>
        <source>Choose an archive in the list first</source>
        <translation>먼저 목록에서 보관소를 선택하세요</translation>
    </message>
    <message>
        <source>Write bundle for %1…</source>
        <translation>%1에 보낼 번들 쓰기…</translation>
    </message>
    <message>
        <source>The identity line is copied. Give it to the other archive, then compare fingerprints by phone.</source>
        <translation>신원 줄을 복사했습니다. 상대 보관소에 전한 뒤 전화로 지문을 비교하세요.</translation>
    </message>
    <message>
        <source>This archive now trusts %1: bundles can go to it and come from it.</source>
        <translation>이제 이 보관소는 %1을(를) 신뢰합니다. 번들을 보내고 받을 수 있습니다.</translation>
    </message>
    <message>
        <source>Stop trusting %1?

Its bundles are refused from now on. What was merged from it stays, and so do the conflicts found with it. Trusting it again starts afresh: the next bundle for it carries everything.</source>
        <translation>%1을(를) 더 이상 신뢰하지 않을까요?

이제부터 그곳의 번들은 거부됩니다. 그곳에서 병합된 것과 그곳과의 충돌은 남습니다. 다시 신뢰하면 처음부터 시작합니다: 그곳에 보낼 다음 번들에 모든 것이 담깁니다.</translation>
    </message>
    <message>
        <source>Forget an archive</source>
        <translation>보관소 신뢰 해제</translation>
    </message>
    <message>
        <source>Forget</source>
        <translation>신뢰 해제</translation>
    </message>
    <message>
        <source>This archive no longer trusts %1.</source>
        <translation>이 보관소는 더 이상 %1을(를) 신뢰하지 않습니다.</translation>
    </message>
    <message>
        <source>Write a bundle for %1</source>
        <translation>%1에 보낼 번들 쓰기</translation>
    </message>
    <message>
        <source>caseapp bundles (*%1)</source>
        <translation>caseapp 번들 (*%1)</translation>
    </message>
    <message>
        <source>Writing a bundle for %1…</source>
        <translation>%1에 보낼 번들을 쓰는 중…</translation>
    </message>
    <message>
        <source>Read a bundle</source>
        <translation>번들 읽기</translation>
    </message>
    <message>
        <source>caseapp bundles (*%1);;All files (*)</source>
        <translation>caseapp 번들 (*%1);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Reading and applying %1…</source>
        <translation>%1을(를) 읽고 적용하는 중…</translation>
    </message>
    <message>
        <source>Stop: nothing is written, and no bundle file is left.</source>
        <translation>중지: 아무것도 기록되지 않고 번들 파일도 남지 않습니다.</translation>
    </message>
    <message>
        <source>Stopped: nothing was written or applied.</source>
        <translation>중지했습니다: 아무것도 쓰거나 적용하지 않았습니다.</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>중지하는 중…</translation>
    </message>
    <message>
        <source>Wrote bundle %1 for %2 (%3 records) to %4</source>
        <translation>%2에 보낼 번들 %1(기록 %3건)을 %4에 썼습니다</translation>
    </message>
    <message>
        <source>This bundle from %1 (or a newer one) was applied before: nothing changed.</source>
        <translation>%1에서 온 이 번들(또는 더 새 번들)은 이미 적용되었습니다. 바뀐 것이 없습니다.</translation>
    </message>
    <message numerus="yes">
        <source>Applied the bundle from %1: %2 created, %3 updated, %4 merged, %n conflict(s)</source>
        <translation>
            <numerusform>%1에서 온 번들을 적용했습니다: 새로 만듦 %2, 고침 %3, 병합 %4, 충돌 %n건</numerusform>
        </translation>
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
        <source>The archive&apos;s organisation</source>
        <translation>이 보관소의 기관</translation>
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
        <translation>내보낼 기록</translation>
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
        <source>Internal: testimonies with internal consent or none recorded, never a withdrawn one; persons by code and pseudonym. Stays inside the organisation.</source>
        <translation>내부: 내부 사용 동의가 있거나 동의 기록이 없는 증언 (철회된 증언은 제외), 인물은 코드와 가명으로 표시. 기관 밖으로 내보내지 않습니다.</translation>
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
    <name>ImportDialog</name>
    <message>
        <source>Import CSV</source>
        <translation>CSV 가져오기</translation>
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
        <source>Regional protection</source>
        <translation>지역별 보호 현황</translation>
    </message>
    <message>
        <source>State responses</source>
        <translation>국가 입장</translation>
    </message>
    <message>
        <source>No file chosen</source>
        <translation>선택한 파일 없음</translation>
    </message>
    <message>
        <source>CSV file</source>
        <translation>CSV 파일</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>선택…</translation>
    </message>
    <message>
        <source>Columns may come in any order, and only some of them. Vocabulary cells may hold a code or a label in English or Korean. Nothing is written until you confirm the check&apos;s summary.</source>
        <translation>열의 순서는 자유이며 일부 열만 있어도 됩니다. 어휘 칸에는 코드나 영어·한국어 이름을 쓸 수 있습니다. 검사 요약을 확인하기 전에는 아무것도 쓰지 않습니다.</translation>
    </message>
    <message>
        <source>What the import would do</source>
        <translation>가져오기로 바뀔 내용</translation>
    </message>
    <message>
        <source>Check the file to see what it would change.</source>
        <translation>파일을 검사하면 무엇이 바뀔지 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>검사</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>가져오기</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>기록</translation>
    </message>
    <message>
        <source>Import CSV file</source>
        <translation>CSV 파일 가져오기</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV 파일 (*.csv);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>검사 중…</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>가져오는 중…</translation>
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
        <source>%n row(s) checked…</source>
        <translation>
            <numerusform>%n행 검사함…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) written…</source>
        <translation>
            <numerusform>%n행 씀…</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Nothing was written. Import to make these changes.</source>
        <translation>아무것도 쓰지 않았습니다. 가져오기를 누르면 이대로 바뀝니다.</translation>
    </message>
    <message>
        <source>Nothing was written. The file would change nothing.</source>
        <translation>아무것도 쓰지 않았습니다. 이 파일로 바뀌는 것은 없습니다.</translation>
    </message>
    <message>
        <source>Imported %1: %2 created, %3 updated, %4 unchanged.</source>
        <translation>%1 가져옴: 생성 %2, 수정 %3, 변경 없음 %4.</translation>
    </message>
    <message>
        <source>The import was stopped; nothing was written.</source>
        <translation>가져오기를 중지했습니다. 아무것도 쓰지 않았습니다.</translation>
    </message>
    <message>
        <source>The check was stopped.</source>
        <translation>검사를 중지했습니다.</translation>
    </message>
    <message>
        <source>The file can be imported. Rows: %1 create a record, %2 change one, %3 change nothing.</source>
        <translation>가져올 수 있는 파일입니다. 행: 기록 생성 %1, 기록 수정 %2, 변경 없음 %3.</translation>
    </message>
    <message>
        <source>%1: %2 to create, %3 to change</source>
        <translation>%1: 생성 예정 %2, 수정 예정 %3</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n value(s) change</source>
        <translation>
            <numerusform>%1: 값 %n개 변경</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ListEditorTab</name>
    <message>
        <source>The list could not be read again; it shows the records as they were.</source>
        <translation>목록을 다시 읽지 못했습니다. 이전에 보이던 기록을 그대로 보여 줍니다.</translation>
    </message>
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
        <source>History…</source>
        <translation>이력…</translation>
    </message>
    <message>
        <source>Read only: made by %1; a %2 may change only their own records.</source>
        <translation>읽기 전용: %1 님이 만든 기록입니다. %2은(는) 자기가 만든 기록만 바꿀 수 있습니다.</translation>
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
        <source>Counting the records this filter keeps…</source>
        <translation>이 필터에 맞는 기록을 세는 중…</translation>
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
    <message>
        <source>Nothing matches the filter. Clear the filter to see every record.</source>
        <translation>필터에 맞는 기록이 없습니다. 필터를 지우면 모든 기록이 보입니다.</translation>
    </message>
    <message>
        <source>Nothing here yet. Fill in the form and press Save (Ctrl+S) to add the first record; a CSV file is imported with caseapp import on the command line.</source>
        <translation>아직 기록이 없습니다. 양식을 채우고 저장(Ctrl+S)을 누르면 첫 기록이 추가됩니다. CSV 파일은 명령줄에서 caseapp import로 가져옵니다.</translation>
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
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>The user who unlocked the archive, and their role</source>
        <translation>아카이브 잠금을 푼 사용자와 그 역할</translation>
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
        <source>&amp;Back up…</source>
        <translation>백업(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Audit trail…</source>
        <translation>감사 기록(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Users…</source>
        <translation>사용자(&amp;U)…</translation>
    </message>
    <message>
        <source>Change my &amp;passphrase…</source>
        <translation>내 암호 문구 변경(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Erase withdrawn testimony…</source>
        <translation>철회된 증언 영구 삭제(&amp;E)…</translation>
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
        <source>Fields edited differently here and at a peer archive: open the Conflicts tab</source>
        <translation>이곳과 상대 아카이브에서 서로 다르게 고친 항목이 있습니다. 충돌 탭을 여세요</translation>
    </message>
    <message>
        <source>E&amp;xchange…</source>
        <translation>교환(&amp;X)…</translation>
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
        <source>&amp;Import CSV…</source>
        <translation>CSV 가져오기(&amp;I)…</translation>
    </message>
    <message>
        <source>Open a testimony whose consent is withdrawn first.</source>
        <translation>먼저 동의가 철회된 증언을 여세요.</translation>
    </message>
    <message>
        <source>Only a testimony whose consent is withdrawn can be erased; this one&apos;s is not.</source>
        <translation>동의가 철회된 증언만 영구 삭제할 수 있습니다. 이 증언의 동의는 철회되지 않았습니다.</translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s)</source>
        <translation>
            <numerusform>충돌 %n건</numerusform>
        </translation>
    </message>
    <message>
        <source>Open a testimony in the Testimonies tab first.</source>
        <translation>먼저 증언 탭에서 증언을 여십시오.</translation>
    </message>
    <message>
        <source>Passphrase changed. Unlock with the new one from now on.</source>
        <translation>암호 문구를 변경했습니다. 이제부터 새 암호 문구로 여세요.</translation>
    </message>
    <message>
        <source>Save or discard the changes to the testimony first.</source>
        <translation>먼저 증언의 변경 사항을 저장하거나 버리세요.</translation>
    </message>
    <message>
        <source>Erase testimony %1 for good?

Erased: its title, summary, narrative, interview place and interviewer; the place and reported impact of its violations; its attachments; and the identity-vault entries of the people only this testimony names.

Kept: its code, interview date, language, status and consent, and each violation&apos;s category, dates, province and perpetrator, so the counts stay what they were.

This cannot be undone. Backups made before keep the text.</source>
        <translation>증언 %1을(를) 영구 삭제할까요?

지워지는 것: 제목, 요약, 진술 내용, 면담 장소와 면담자, 위반 사례의 장소와 보고된 피해, 첨부 파일, 그리고 이 증언에만 나오는 인물의 신원 보관함 항목.

남는 것: 코드, 면담 날짜, 언어, 상태와 동의, 그리고 각 위반 사례의 유형, 날짜, 도, 가해자. 따라서 통계는 그대로입니다.

되돌릴 수 없습니다. 이전에 만든 백업에는 내용이 남아 있습니다.</translation>
    </message>
    <message>
        <source>Erase a withdrawn testimony</source>
        <translation>철회된 증언 영구 삭제</translation>
    </message>
    <message>
        <source>Continue…</source>
        <translation>계속…</translation>
    </message>
    <message>
        <source>To erase testimony %1, type its code below.</source>
        <translation>증언 %1을(를) 영구 삭제하려면 아래에 그 코드를 입력하세요.</translation>
    </message>
    <message>
        <source>Erase for good</source>
        <translation>영구 삭제</translation>
    </message>
    <message>
        <source>Testimony code</source>
        <translation>증언 코드</translation>
    </message>
    <message>
        <source>Erasing the testimony… This cannot be stopped, and takes longer the larger the archive (about a minute at a million testimonies).</source>
        <translation>증언을 영구 삭제하는 중입니다… 중간에 멈출 수 없으며, 아카이브가 클수록 오래 걸립니다(증언 백만 건이면 약 1분).</translation>
    </message>
    <message>
        <source>Erased testimony %1: %2 text fields, %3 violations, %4 attachments, %5 vault entries.</source>
        <translation>증언 %1을(를) 영구 삭제했습니다: 텍스트 필드 %2개, 위반 사례 %3건, 첨부 파일 %4개, 보관함 항목 %5개.</translation>
    </message>
    <message>
        <source>Old text may remain in the write-ahead log until every window is closed.</source>
        <translation>모든 창을 닫을 때까지 이전 내용이 미리 쓰기 로그에 남아 있을 수 있습니다.</translation>
    </message>
    <message>
        <source>A backup is already running.</source>
        <translation>이미 백업이 진행 중입니다.</translation>
    </message>
    <message>
        <source>Back up the archive</source>
        <translation>기록 보관소 백업</translation>
    </message>
    <message>
        <source>caseapp backups (*%1)</source>
        <translation>caseapp 백업 (*%1)</translation>
    </message>
    <message>
        <source>Backup failed: %1</source>
        <translation>백업 실패: %1</translation>
    </message>
    <message>
        <source>Backing up to %1…</source>
        <translation>%1에 백업하는 중…</translation>
    </message>
    <message>
        <source>Backed up and checked: %1 (%2 testimonies, %3 attachments)</source>
        <translation>백업 및 검사 완료: %1 (증언 %2건, 첨부 파일 %3개)</translation>
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
    <name>NewPassphraseFields</name>
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
    <message>
        <source>The two passphrases differ.</source>
        <translation>두 암호 문구가 서로 다릅니다.</translation>
    </message>
</context>
<context>
    <name>PagedTableModel</name>
    <message>
        <source>The list cannot be sorted by this column</source>
        <translation>이 열로는 목록을 정렬할 수 없습니다</translation>
    </message>
</context>
<context>
    <name>PeerTableModel</name>
    <message>
        <source>Archive</source>
        <translation>보관소</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>지문</translation>
    </message>
    <message>
        <source>Trusted since</source>
        <translation>신뢰한 날짜</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>보냄</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>확인됨</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>받음</translation>
    </message>
    <message>
        <source>The number of the last bundle written for this archive</source>
        <translation>이 보관소에 보낼 마지막 번들의 번호</translation>
    </message>
    <message>
        <source>The last bundle this archive said it has applied</source>
        <translation>이 보관소가 적용했다고 알린 마지막 번들</translation>
    </message>
    <message>
        <source>The number of the last bundle read from this archive</source>
        <translation>이 보관소에서 받아 읽은 마지막 번들의 번호</translation>
    </message>
    <message>
        <source>Trusted by %1</source>
        <translation>%1이(가) 신뢰함</translation>
    </message>
</context>
<context>
    <name>PersonPicker</name>
    <message>
        <source>Person code, e.g. P-1A2B3C4D</source>
        <translation>인물 코드(예: P-1A2B3C4D)</translation>
    </message>
    <message>
        <source>Source person&apos;s code</source>
        <translation>증언자 코드</translation>
    </message>
    <message>
        <source>New person…</source>
        <translation>새 인물…</translation>
    </message>
    <message>
        <source>Vault…</source>
        <translation>보관함…</translation>
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
        <source>Choose the source person first.</source>
        <translation>먼저 증언자를 선택하세요.</translation>
    </message>
    <message>
        <source>The person&apos;s real name and contacts, sealed in the identity vault</source>
        <translation>신원 보관함에 봉인된 이 인물의 실명과 연락처</translation>
    </message>
    <message>
        <source>No source person recorded.</source>
        <translation>기록된 증언자가 없습니다.</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <source>Folder</source>
        <comment>All other platforms</comment>
        <translation>폴더</translation>
    </message>
    <message>
        <source>Drive</source>
        <translation>드라이브</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>찾는 위치(&amp;L):</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>파일 형식(&amp;T):</translation>
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
        <source>History of the selected region</source>
        <translation>선택한 지역의 이력</translation>
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
    <name>RoleDialog</name>
    <message>
        <source>Change the role of %1</source>
        <translation>%1의 역할 변경</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>역할</translation>
    </message>
    <message>
        <source>A recorder cannot read the identity vault: their key no longer opens it. A caseworker or coordinator can.</source>
        <translation>기록자는 신원 보관함을 읽을 수 없습니다. 그 키로는 더 이상 열리지 않습니다. 사례 담당자와 코디네이터는 읽을 수 있습니다.</translation>
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
        <source>Search results</source>
        <translation>검색 결과</translation>
    </message>
    <message>
        <source>Selected result</source>
        <translation>선택한 결과</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>열기</translation>
    </message>
    <message>
        <source>Open the selected result (Enter or double-click)</source>
        <translation>선택한 결과 열기 (Enter 또는 두 번 클릭)</translation>
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
        <source>Searching…</source>
        <translation>검색 중…</translation>
    </message>
    <message>
        <source>Nothing found. Did you mean %1?</source>
        <translation>찾은 결과가 없습니다. %1을(를) 찾으셨나요?</translation>
    </message>
    <message>
        <source>Nothing found. Try another spelling, fewer words or fewer filters.</source>
        <translation>찾은 결과가 없습니다. 다른 철자로 쓰거나, 낱말이나 필터를 줄여 보십시오.</translation>
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
    <message>
        <source>Select a result to see it here; Enter opens it.</source>
        <translation>결과를 선택하면 여기에 보입니다. Enter를 누르면 열립니다.</translation>
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
        <source>Printed on the archive&apos;s reports and dossiers</source>
        <translation>이 보관소의 보고서와 자료집에 인쇄됩니다</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>기관</translation>
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
    <name>TrustDialog</name>
    <message>
        <source>Trust an archive</source>
        <translation>보관소 신뢰</translation>
    </message>
    <message>
        <source>Paste the identity line the other archive gave you (Exchange… &gt; Copy identity), and give the archive a short name.</source>
        <translation>상대 보관소가 준 신원 줄(교환… &gt; 신원 복사)을 붙여 넣고, 그 보관소에 짧은 이름을 붙이세요.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Identity</source>
        <translation>신원</translation>
    </message>
    <message>
        <source>I read this fingerprint out by phone with the other archive: it matches</source>
        <translation>상대 보관소와 전화로 이 지문을 읽어 확인했고, 일치합니다</translation>
    </message>
    <message>
        <source>Trust</source>
        <translation>신뢰</translation>
    </message>
    <message>
        <source>Its fingerprint shows here once pasted.</source>
        <translation>붙여 넣으면 여기에 지문이 표시됩니다.</translation>
    </message>
    <message>
        <source>The fingerprint of what you pasted. Call the other archive and compare it with the one its Exchange… window shows:</source>
        <translation>붙여 넣은 신원의 지문입니다. 상대 보관소에 전화해 그쪽 교환… 창에 보이는 지문과 비교하세요:</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>User</source>
        <translation>사용자</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>암호 문구</translation>
    </message>
    <message>
        <source>Again</source>
        <translation>다시 입력</translation>
    </message>
    <message>
        <source>Passphrase again</source>
        <translation>암호 문구 다시 입력</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>강도</translation>
    </message>
    <message>
        <source>Printed on reports; may be left empty</source>
        <translation>보고서에 인쇄됩니다. 비워 두어도 됩니다</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>기관</translation>
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
        <source>Your user name</source>
        <translation>내 사용자 이름</translation>
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
    <name>UserTableModel</name>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>역할</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>만든 날짜</translation>
    </message>
    <message>
        <source>Last unlock</source>
        <translation>마지막 잠금 해제</translation>
    </message>
    <message>
        <source>never</source>
        <translation>없음</translation>
    </message>
</context>
<context>
    <name>UsersDialog</name>
    <message>
        <source>Users</source>
        <translation>사용자</translation>
    </message>
    <message>
        <source>Users of this archive</source>
        <translation>이 보관소의 사용자</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>추가…</translation>
    </message>
    <message>
        <source>Change role…</source>
        <translation>역할 변경…</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>삭제…</translation>
    </message>
    <message>
        <source>%1 was added. They unlock the archive with their own passphrase.</source>
        <translation>%1을(를) 추가했습니다. 자신의 암호 문구로 보관소를 엽니다.</translation>
    </message>
    <message>
        <source>%1 is now a %2.</source>
        <translation>%1의 역할은 이제 %2입니다.</translation>
    </message>
    <message>
        <source>Remove %1 from this archive?

The database is re-keyed: every other user keeps their passphrase, but the copies of the key file that %1 may hold stop working for new data. What they could open before stays readable in old copies and backups.

This may take a while on a big archive, and cannot be undone.</source>
        <translation>%1을(를) 이 보관소에서 삭제할까요?

데이터베이스 키를 교체합니다. 다른 사용자는 모두 자신의 암호 문구를 그대로 쓰지만, %1이(가) 가지고 있을 수 있는 키 파일 사본으로는 새 데이터를 열 수 없게 됩니다. 이전에 열 수 있던 내용은 예전 사본과 백업에서 계속 읽을 수 있습니다.

큰 보관소에서는 시간이 걸릴 수 있으며, 되돌릴 수 없습니다.</translation>
    </message>
    <message>
        <source>Remove a user</source>
        <translation>사용자 삭제</translation>
    </message>
    <message>
        <source>Remove and re-key</source>
        <translation>삭제하고 키 교체</translation>
    </message>
    <message>
        <source>Removing %1 and re-keying the database…</source>
        <translation>%1을(를) 삭제하고 데이터베이스 키를 교체하는 중…</translation>
    </message>
    <message>
        <source>%1 was removed; the database was re-keyed (%2 users keep their key).</source>
        <translation>%1을(를) 삭제했고 데이터베이스 키를 교체했습니다(사용자 %2명이 키를 유지합니다).</translation>
    </message>
</context>
<context>
    <name>VaultDialog</name>
    <message>
        <source>Identity vault: %1</source>
        <translation>신원 보관함: %1</translation>
    </message>
    <message>
        <source>Real name</source>
        <translation>실명</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>연락처</translation>
    </message>
    <message>
        <source>Relatives inside</source>
        <translation>북한 내 가족</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>메모</translation>
    </message>
    <message>
        <source>Sealed in the identity vault: only caseworkers and coordinators can read it.</source>
        <translation>신원 보관함에 봉인되어 있습니다. 사례 담당자와 코디네이터만 읽을 수 있습니다.</translation>
    </message>
    <message>
        <source>No vault entry for this person yet. Once saved, it is sealed.</source>
        <translation>이 인물의 보관함 항목이 아직 없습니다. 저장하면 봉인됩니다.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <source>A vault entry exists for this person already. It is sealed: only caseworkers and coordinators can read or change it, not you.</source>
        <translation>이 인물의 보관함 항목이 이미 있습니다. 봉인되어 있어 사례 담당자와 코디네이터만 읽거나 바꿀 수 있으며, 나는 읽을 수 없습니다.</translation>
    </message>
    <message>
        <source>Once saved, this entry is sealed: only caseworkers and coordinators can read it, not you.</source>
        <translation>저장하면 이 항목은 봉인됩니다. 사례 담당자와 코디네이터만 읽을 수 있으며, 나는 읽을 수 없습니다.</translation>
    </message>
    <message>
        <source>Save and seal</source>
        <translation>저장하고 봉인</translation>
    </message>
    <message>
        <source>Nothing to save: every field is empty.</source>
        <translation>저장할 내용이 없습니다. 모든 칸이 비어 있습니다.</translation>
    </message>
    <message>
        <source>Vault entry for %1 saved and sealed.</source>
        <translation>%1의 보관함 항목을 저장하고 봉인했습니다.</translation>
    </message>
    <message>
        <source>Vault entry for %1 saved.</source>
        <translation>%1의 보관함 항목을 저장했습니다.</translation>
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
        <source>Violations of this testimony</source>
        <translation>이 증언의 인권침해</translation>
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
    <name>audit</name>
    <message>
        <source>created</source>
        <translation>만듦</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>바꿈</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>삭제함</translation>
    </message>
    <message>
        <source>restored</source>
        <translation>되살림</translation>
    </message>
    <message>
        <source>viewed</source>
        <translation>열람함</translation>
    </message>
    <message>
        <source>exported</source>
        <translation>내보냄</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>가져옴</translation>
    </message>
    <message>
        <source>import undone</source>
        <translation>가져오기 취소함</translation>
    </message>
    <message>
        <source>linked</source>
        <translation>연결함</translation>
    </message>
    <message>
        <source>backed up</source>
        <translation>백업함</translation>
    </message>
    <message>
        <source>archive restored</source>
        <translation>아카이브 복원함</translation>
    </message>
    <message>
        <source>raw key shown</source>
        <translation>원시 키 표시함</translation>
    </message>
    <message>
        <source>re-keyed</source>
        <translation>키 교체함</translation>
    </message>
    <message>
        <source>erased</source>
        <translation>영구 삭제됨</translation>
    </message>
    <message>
        <source>user added</source>
        <translation>사용자 추가됨</translation>
    </message>
    <message>
        <source>user removed</source>
        <translation>사용자 삭제됨</translation>
    </message>
    <message>
        <source>role changed</source>
        <translation>역할 변경됨</translation>
    </message>
    <message>
        <source>passphrase changed</source>
        <translation>암호 문구 변경됨</translation>
    </message>
    <message>
        <source>vault entry sealed</source>
        <translation>보관함 항목 봉인됨</translation>
    </message>
    <message>
        <source>archive trusted</source>
        <translation>보관소 신뢰함</translation>
    </message>
    <message>
        <source>archive forgotten</source>
        <translation>보관소 신뢰 해제됨</translation>
    </message>
    <message>
        <source>conflict resolved</source>
        <translation>충돌 해결됨</translation>
    </message>
    <message>
        <source>organisation renamed</source>
        <translation>기관 이름 변경</translation>
    </message>
    <message>
        <source>archive</source>
        <translation>아카이브</translation>
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
    <name>messages</name>
    <message>
        <source>the export was cancelled; nothing was written</source>
        <comment>export.cancelled</comment>
        <translation>내보내기를 취소했습니다. 아무것도 쓰지 않았습니다</translation>
    </message>
    <message>
        <source>PDF export needs a graphical Qt application, not a core one</source>
        <comment>export.needs_gui</comment>
        <translation>PDF 내보내기에는 그래픽 Qt 애플리케이션이 필요합니다(코어 애플리케이션으로는 안 됩니다)</translation>
    </message>
    <message>
        <source>the bundled font {font} could not be loaded</source>
        <comment>export.font</comment>
        <translation>내장 글꼴 {font}을(를) 불러올 수 없습니다</translation>
    </message>
    <message>
        <source>the PDF could not be started</source>
        <comment>export.pdf_not_started</comment>
        <translation>PDF를 시작할 수 없습니다</translation>
    </message>
    <message>
        <source>the PDF layout changed between passes</source>
        <comment>export.pdf_layout</comment>
        <translation>PDF 레이아웃이 두 번의 처리 사이에 바뀌었습니다</translation>
    </message>
    <message>
        <source>{path} is a folder; give a file name</source>
        <comment>export.is_folder</comment>
        <translation>{path}은(는) 폴더입니다. 파일 이름을 지정하세요</translation>
    </message>
    <message>
        <source>the folder {folder} does not exist</source>
        <comment>export.no_folder</comment>
        <translation>{folder} 폴더가 없습니다</translation>
    </message>
    <message>
        <source>cannot write in the folder {folder}</source>
        <comment>export.folder_read_only</comment>
        <translation>{folder} 폴더에 쓸 수 없습니다</translation>
    </message>
    <message>
        <source>cannot write {path}: {reason}; nothing was written</source>
        <comment>export.cannot_write</comment>
        <translation>{path}에 쓸 수 없습니다: {reason}. 아무것도 쓰지 않았습니다</translation>
    </message>
    <message>
        <source>no such testimony (it may have been deleted)</source>
        <comment>export.no_testimony</comment>
        <translation>그런 증언이 없습니다(삭제되었을 수 있습니다)</translation>
    </message>
    <message>
        <source>testimony {code} may not leave under the {profile} profile: {reason}</source>
        <comment>export.consent_refused</comment>
        <translation>증언 {code}은(는) {profile} 프로필로 내보낼 수 없습니다: {reason}</translation>
    </message>
    <message>
        <source>no consent is recorded for it</source>
        <comment>export.no_consent</comment>
        <translation>동의 기록이 없습니다</translation>
    </message>
    <message>
        <source>its consent was withdrawn</source>
        <comment>export.consent_withdrawn</comment>
        <translation>동의가 철회되었습니다</translation>
    </message>
    <message>
        <source>its source did not consent to internal use</source>
        <comment>export.no_internal_consent</comment>
        <translation>제보자가 내부 사용에 동의하지 않았습니다</translation>
    </message>
    <message>
        <source>its source did not consent to sharing with UN mechanisms</source>
        <comment>export.no_un_consent</comment>
        <translation>제보자가 유엔 메커니즘과의 공유에 동의하지 않았습니다</translation>
    </message>
    <message>
        <source>its source did not consent to publication</source>
        <comment>export.no_public_consent</comment>
        <translation>제보자가 공개에 동의하지 않았습니다</translation>
    </message>
    <message>
        <source>testimony</source>
        <comment>kind.testimony</comment>
        <translation>증언</translation>
    </message>
    <message>
        <source>consent</source>
        <comment>kind.consent</comment>
        <translation>동의</translation>
    </message>
    <message>
        <source>person</source>
        <comment>kind.person</comment>
        <translation>인물</translation>
    </message>
    <message>
        <source>identity</source>
        <comment>kind.identity</comment>
        <translation>신원 정보</translation>
    </message>
    <message>
        <source>violation</source>
        <comment>kind.violation</comment>
        <translation>인권침해</translation>
    </message>
    <message>
        <source>regional protection status</source>
        <comment>kind.region</comment>
        <translation>지역별 보호 현황</translation>
    </message>
    <message>
        <source>protection status history entry</source>
        <comment>kind.region_history</comment>
        <translation>보호 현황 이력 항목</translation>
    </message>
    <message>
        <source>state response</source>
        <comment>kind.state_response</comment>
        <translation>국가 입장</translation>
    </message>
    <message>
        <source>state response link</source>
        <comment>kind.state_response_link</comment>
        <translation>국가 입장 연결</translation>
    </message>
    <message>
        <source>advocacy demand</source>
        <comment>kind.demand</comment>
        <translation>옹호 요구</translation>
    </message>
    <message>
        <source>saved search</source>
        <comment>kind.saved_search</comment>
        <translation>저장된 검색</translation>
    </message>
    <message>
        <source>attachment</source>
        <comment>kind.attachment</comment>
        <translation>첨부 파일</translation>
    </message>
    <message>
        <source>exact</source>
        <comment>precision.exact</comment>
        <translation>정확한 날짜</translation>
    </message>
    <message>
        <source>month</source>
        <comment>precision.month</comment>
        <translation>월</translation>
    </message>
    <message>
        <source>year</source>
        <comment>precision.year</comment>
        <translation>연도</translation>
    </message>
    <message>
        <source>range</source>
        <comment>precision.range</comment>
        <translation>기간</translation>
    </message>
    <message>
        <source>estimate</source>
        <comment>precision.estimate</comment>
        <translation>추정</translation>
    </message>
    <message>
        <source>unknown</source>
        <comment>precision.unknown</comment>
        <translation>미상</translation>
    </message>
    <message>
        <source>{field}: {problem}</source>
        <comment>problem.field</comment>
        <translation>{field}: {problem}</translation>
    </message>
    <message>
        <source>row {row}, {field}: {problem}</source>
        <comment>problem.row_field</comment>
        <translation>{row}행, {field}: {problem}</translation>
    </message>
    <message>
        <source>{first} (and 1 more problem)</source>
        <comment>problem.one_more</comment>
        <translation>{first} (외 문제 1건)</translation>
    </message>
    <message>
        <source>{first} (and {count} more problems)</source>
        <comment>problem.more</comment>
        <translation>{first} (외 문제 {count}건)</translation>
    </message>
    <message>
        <source>invalid record</source>
        <comment>problem.invalid_record</comment>
        <translation>유효하지 않은 기록</translation>
    </message>
    <message>
        <source>the change conflicts with another record (a database constraint); nothing was saved</source>
        <comment>record.constraint</comment>
        <translation>변경 내용이 다른 기록과 충돌하여(데이터베이스 제약 조건) 아무것도 저장하지 않았습니다</translation>
    </message>
    <message>
        <source>is required</source>
        <comment>field.required</comment>
        <translation>필수 항목입니다</translation>
    </message>
    <message>
        <source>is not a field of a {kind}</source>
        <comment>field.unknown</comment>
        <translation>{kind} 기록에 없는 항목입니다</translation>
    </message>
    <message>
        <source>must be text</source>
        <comment>field.not_text</comment>
        <translation>텍스트여야 합니다</translation>
    </message>
    <message>
        <source>is too long ({length:,} characters; at most {limit:,})</source>
        <comment>field.too_long</comment>
        <translation>너무 깁니다({length:,}자, 최대 {limit:,}자)</translation>
    </message>
    <message>
        <source>contains a NUL character</source>
        <comment>field.nul</comment>
        <translation>NUL 문자가 들어 있습니다</translation>
    </message>
    <message>
        <source>unknown code {code} in vocabulary {scheme}</source>
        <comment>field.unknown_code</comment>
        <translation>어휘 {scheme}에 없는 코드입니다: {code}</translation>
    </message>
    <message>
        <source>must be codes of vocabulary {scheme}, separated by commas</source>
        <comment>field.not_codes</comment>
        <translation>어휘 {scheme}의 코드를 쉼표로 구분해 입력해야 합니다</translation>
    </message>
    <message>
        <source>must be one of {choices}, not {value}</source>
        <comment>field.not_a_choice</comment>
        <translation>{choices} 중 하나여야 합니다(입력값: {value})</translation>
    </message>
    <message>
        <source>unknown role {role}</source>
        <comment>field.unknown_role</comment>
        <translation>알 수 없는 역할입니다: {role}</translation>
    </message>
    <message>
        <source>must be a date YYYY, YYYY-MM or YYYY-MM-DD</source>
        <comment>field.not_a_date</comment>
        <translation>YYYY, YYYY-MM 또는 YYYY-MM-DD 형식의 날짜여야 합니다</translation>
    </message>
    <message>
        <source>{value} is not a year (YYYY)</source>
        <comment>field.not_a_year</comment>
        <translation>{value}은(는) 연도(YYYY)가 아닙니다</translation>
    </message>
    <message>
        <source>must be yes or no, not {value}</source>
        <comment>field.not_yes_no</comment>
        <translation>yes 또는 no여야 합니다(입력값: {value})</translation>
    </message>
    <message>
        <source>must be yes or no</source>
        <comment>field.yes_no</comment>
        <translation>yes 또는 no여야 합니다</translation>
    </message>
    <message>
        <source>must be a whole number</source>
        <comment>field.not_a_number</comment>
        <translation>정수여야 합니다</translation>
    </message>
    <message>
        <source>{value} is not a whole number</source>
        <comment>field.not_a_whole_number</comment>
        <translation>{value}은(는) 정수가 아닙니다</translation>
    </message>
    <message>
        <source>must not be negative</source>
        <comment>field.negative</comment>
        <translation>음수일 수 없습니다</translation>
    </message>
    <message>
        <source>must be a uid</source>
        <comment>field.not_a_uid</comment>
        <translation>uid여야 합니다</translation>
    </message>
    <message>
        <source>cannot be empty</source>
        <comment>field.empty</comment>
        <translation>비워 둘 수 없습니다</translation>
    </message>
    <message>
        <source>link exactly one testimony or violation</source>
        <comment>field.link_one</comment>
        <translation>증언과 인권침해 중 하나만 연결해야 합니다</translation>
    </message>
    <message>
        <source>{text} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD</source>
        <comment>date.malformed</comment>
        <translation>{text}은(는) YYYY, YYYY-MM 또는 YYYY-MM-DD 형식의 날짜가 아닙니다</translation>
    </message>
    <message>
        <source>{date} is before {earliest}</source>
        <comment>date.before</comment>
        <translation>{date}은(는) {earliest}보다 앞선 날짜입니다</translation>
    </message>
    <message>
        <source>{date} is not a real date (month {month})</source>
        <comment>date.bad_month</comment>
        <translation>{date}은(는) 존재하지 않는 날짜입니다({month}월)</translation>
    </message>
    <message>
        <source>{date} is not a real date (day {day})</source>
        <comment>date.bad_day</comment>
        <translation>{date}은(는) 존재하지 않는 날짜입니다({day}일)</translation>
    </message>
    <message>
        <source>{date} is in the future</source>
        <comment>date.future</comment>
        <translation>{date}은(는) 미래의 날짜입니다</translation>
    </message>
    <message>
        <source>unknown precision {precision}</source>
        <comment>date.unknown_precision</comment>
        <translation>알 수 없는 정확도입니다: {precision}</translation>
    </message>
    <message>
        <source>a date is given but the precision says unknown</source>
        <comment>date.precision_unknown</comment>
        <translation>날짜가 있는데 정확도가 ‘미상’입니다</translation>
    </message>
    <message>
        <source>a date is needed for precision {precision}</source>
        <comment>date.needs_date</comment>
        <translation>정확도가 ‘{precision}’이면 날짜가 필요합니다</translation>
    </message>
    <message>
        <source>a range needs an end date</source>
        <comment>date.range_needs_end</comment>
        <translation>기간에는 종료 날짜가 필요합니다</translation>
    </message>
    <message>
        <source>an end date needs precision range, not {precision}</source>
        <comment>date.end_needs_range</comment>
        <translation>종료 날짜가 있으면 정확도는 ‘{precision}’이 아니라 ‘기간’이어야 합니다</translation>
    </message>
    <message>
        <source>{date} does not have precision {precision}</source>
        <comment>date.not_precision</comment>
        <translation>{date}은(는) 정확도 ‘{precision}’에 맞지 않습니다</translation>
    </message>
    <message>
        <source>no {kind} with uid {uid}</source>
        <comment>record.not_found</comment>
        <translation>{kind} 기록을 찾을 수 없습니다(uid {uid})</translation>
    </message>
    <message>
        <source>the {kind} {record} is deleted</source>
        <comment>record.deleted</comment>
        <translation>{kind} 기록 {record}이(가) 삭제되었습니다</translation>
    </message>
    <message>
        <source>the {kind} {record} is deleted; restore it first</source>
        <comment>record.deleted_restore</comment>
        <translation>{kind} 기록 {record}이(가) 삭제되었습니다. 먼저 복원하세요</translation>
    </message>
    <message>
        <source>its {kind} is deleted; restore that first</source>
        <comment>record.parent_deleted</comment>
        <translation>연결된 {kind} 기록이 삭제되었습니다. 먼저 그 기록을 복원하세요</translation>
    </message>
    <message>
        <source>not saved: this {kind} was changed by {by} at {at} after you opened it; reload to see their version, then make your change again</source>
        <comment>record.changed_since</comment>
        <translation>저장되지 않았습니다: 이 {kind}은(는) 열어 본 뒤 {by} 님이 {at}에 변경했습니다. 다시 불러와 상대의 내용을 확인한 뒤 변경을 다시 하십시오</translation>
    </message>
    <message>
        <source>{code} is already used by another {kind}</source>
        <comment>record.code_taken</comment>
        <translation>{code}은(는) 다른 {kind} 기록에서 이미 쓰고 있습니다</translation>
    </message>
    <message>
        <source>already has a {kind}; edit that one</source>
        <comment>record.one_per_taken</comment>
        <translation>{kind} 기록이 이미 있습니다. 그 기록을 수정하세요</translation>
    </message>
    <message>
        <source>already has a deleted {kind}; restore it instead</source>
        <comment>record.one_per_deleted</comment>
        <translation>삭제된 {kind} 기록이 이미 있습니다. 새로 만들지 말고 복원하세요</translation>
    </message>
    <message>
        <source>is larger than {limit:,} bytes</source>
        <comment>attachment.too_large</comment>
        <translation>{limit:,}바이트보다 큽니다</translation>
    </message>
    <message>
        <source>attachment {uid} does not match its intake SHA-256</source>
        <comment>attachment.hash_mismatch</comment>
        <translation>첨부 파일 {uid}이(가) 접수 시 SHA-256과 일치하지 않습니다</translation>
    </message>
    <message>
        <source>the demo dataset is already loaded in this database</source>
        <comment>demo.already_loaded</comment>
        <translation>이 데이터베이스에는 데모 데이터가 이미 들어 있습니다</translation>
    </message>
    <message>
        <source>audit event {event} is missing (next stored is {next})</source>
        <comment>audit.missing</comment>
        <translation>감사 이벤트 {event}이(가) 없습니다(다음에 저장된 이벤트는 {next})</translation>
    </message>
    <message>
        <source>audit event {event}: does not follow the event before it</source>
        <comment>audit.broken_chain</comment>
        <translation>감사 이벤트 {event}: 바로 앞 이벤트에 이어지지 않습니다</translation>
    </message>
    <message>
        <source>audit event {event}: content does not match its hash</source>
        <comment>audit.hash_mismatch</comment>
        <translation>감사 이벤트 {event}: 내용이 해시와 일치하지 않습니다</translation>
    </message>
    <message>
        <source>the audit head is missing</source>
        <comment>audit.no_head</comment>
        <translation>감사 기록의 마지막 지점 정보가 없습니다</translation>
    </message>
    <message>
        <source>the audit trail ends before its recorded head (events removed?)</source>
        <comment>audit.truncated</comment>
        <translation>감사 기록이 기록된 마지막 지점보다 앞에서 끝납니다(이벤트가 삭제되었나요?)</translation>
    </message>
    <message>
        <source>attachment {uid}: content is missing</source>
        <comment>attachment.content_missing</comment>
        <translation>첨부 파일 {uid}: 내용이 없습니다</translation>
    </message>
    <message>
        <source>attachment {uid}: content does not match its intake SHA-256</source>
        <comment>attachment.content_mismatch</comment>
        <translation>첨부 파일 {uid}: 내용이 접수 시 SHA-256과 일치하지 않습니다</translation>
    </message>
    <message>
        <source>{kind} {uid}: field {field} differs from what its audit events record (changed outside caseapp)</source>
        <comment>verify.field_changed</comment>
        <translation>{kind} {uid}: {field} 필드가 감사 이벤트에 기록된 내용과 다릅니다(caseapp 밖에서 변경됨)</translation>
    </message>
    <message>
        <source>{kind} {uid}: deleted or restored outside caseapp (no audit event for it)</source>
        <comment>verify.deletion_changed</comment>
        <translation>{kind} {uid}: caseapp 밖에서 삭제되거나 복원되었습니다(해당 감사 이벤트 없음)</translation>
    </message>
    <message>
        <source>{kind} {uid}: field {field} was changed outside caseapp before audit event {event}</source>
        <comment>verify.changed_before_event</comment>
        <translation>{kind} {uid}: {field} 필드가 감사 이벤트 {event} 이전에 caseapp 밖에서 변경되었습니다</translation>
    </message>
    <message>
        <source>{kind} row {row} ({uid}) has no audit event that created it (inserted outside caseapp)</source>
        <comment>verify.unaudited_row</comment>
        <translation>{kind} 행 {row}({uid})을(를) 만든 감사 이벤트가 없습니다(caseapp 밖에서 추가됨)</translation>
    </message>
    <message>
        <source>{kind} {uid}: its audit events describe it, but its row is gone (deleted outside caseapp)</source>
        <comment>verify.row_missing</comment>
        <translation>{kind} {uid}: 감사 이벤트에는 기록되어 있지만 행이 없습니다(caseapp 밖에서 삭제됨)</translation>
    </message>
    <message>
        <source>and {count:,} more problems with records, not listed</source>
        <comment>verify.more</comment>
        <translation>기록에 관한 문제 {count:,}건이 더 있습니다(목록에 없음)</translation>
    </message>
    <message>
        <source>the audit trail&apos;s append-only guard {trigger} is missing or altered</source>
        <comment>verify.guard_altered</comment>
        <translation>감사 기록의 추가 전용 보호 장치 {trigger}이(가) 없거나 변경되었습니다</translation>
    </message>
    <message>
        <source>{kind}: the archive&apos;s kept number of live records is {kept:,}, but {counted:,} are stored (changed outside caseapp)</source>
        <comment>verify.count_differs</comment>
        <translation>{kind}: 아카이브에 기록된 삭제되지 않은 기록 수는 {kept:,}건이지만 저장된 기록은 {counted:,}건입니다(caseapp 밖에서 변경됨)</translation>
    </message>
    <message>
        <source>{kind}: the search&apos;s best-first list {list} differs from the search index in {count:,} entries (changed outside caseapp); searches of its word may miss hits</source>
        <comment>verify.search_list_differs</comment>
        <translation>{kind}: 검색의 우선순위 목록 {list}이(가) 검색 색인과 {count:,}개 항목에서 다릅니다(caseapp 밖에서 변경됨). 이 단어의 검색에서 결과가 빠질 수 있습니다</translation>
    </message>
    <message>
        <source>the database file is damaged: its page check failed ({count:,} findings); restore it from a backup</source>
        <comment>verify.damaged_pages</comment>
        <translation>데이터베이스 파일이 손상되었습니다: 페이지 검사에 실패했습니다({count:,}건). 백업에서 복원하십시오</translation>
    </message>
    <message>
        <source>the last check of this archive ({at}) found problems; run &apos;caseapp verify&apos;</source>
        <comment>verify.last_failed</comment>
        <translation>이 기록 보관소의 마지막 검사({at})에서 문제가 발견되었습니다. &apos;caseapp verify&apos;를 실행하십시오</translation>
    </message>
    <message>
        <source>the query is empty</source>
        <comment>query.empty</comment>
        <translation>검색어가 비어 있습니다</translation>
    </message>
    <message>
        <source>the organisation&apos;s name is empty</source>
        <comment>organisation.empty</comment>
        <translation>기관 이름이 비어 있습니다</translation>
    </message>
    <message>
        <source>the organisation&apos;s name is longer than {limit} characters</source>
        <comment>organisation.too_long</comment>
        <translation>기관 이름이 {limit}자보다 깁니다</translation>
    </message>
    <message>
        <source>the query is too long (at most {limit} characters)</source>
        <comment>query.too_long</comment>
        <translation>검색어가 너무 깁니다(최대 {limit}자)</translation>
    </message>
    <message>
        <source>a quotation mark is not closed</source>
        <comment>query.unclosed_quote</comment>
        <translation>따옴표가 닫히지 않았습니다</translation>
    </message>
    <message>
        <source>a closing parenthesis has no opening one</source>
        <comment>query.unopened_parenthesis</comment>
        <translation>닫는 괄호에 맞는 여는 괄호가 없습니다</translation>
    </message>
    <message>
        <source>parentheses must contain a search term</source>
        <comment>query.empty_parentheses</comment>
        <translation>괄호 안에 검색어가 있어야 합니다</translation>
    </message>
    <message>
        <source>{operator} needs a search term before it</source>
        <comment>query.operator_first</comment>
        <translation>{operator} 앞에 검색어가 있어야 합니다</translation>
    </message>
    <message>
        <source>{operator} needs a search term after it</source>
        <comment>query.operator_last</comment>
        <translation>{operator} 뒤에 검색어가 있어야 합니다</translation>
    </message>
    <message>
        <source>a parenthesis is not closed</source>
        <comment>query.unclosed_parenthesis</comment>
        <translation>괄호가 닫히지 않았습니다</translation>
    </message>
    <message>
        <source>the query has no words to search for</source>
        <comment>query.no_words</comment>
        <translation>검색할 단어가 없습니다</translation>
    </message>
    <message>
        <source>date filter: {problem}</source>
        <comment>query.date_filter</comment>
        <translation>날짜 필터: {problem}</translation>
    </message>
    <message>
        <source>unknown consent filter {value}</source>
        <comment>query.unknown_consent</comment>
        <translation>알 수 없는 동의 필터입니다: {value}</translation>
    </message>
    <message>
        <source>cannot import {file}: {problem}; nothing was imported</source>
        <comment>csv.cannot_import</comment>
        <translation>{file}을(를) 가져올 수 없습니다: {problem}. 아무것도 가져오지 않았습니다</translation>
    </message>
    <message>
        <source>row {row}, column {column}: {problem}</source>
        <comment>csv.at_row_column</comment>
        <translation>{row}행, {column} 열: {problem}</translation>
    </message>
    <message>
        <source>row {row}: {problem}</source>
        <comment>csv.at_row</comment>
        <translation>{row}행: {problem}</translation>
    </message>
    <message>
        <source>the header, column {column}: {problem}</source>
        <comment>csv.at_header_column</comment>
        <translation>머리글 행, {column} 열: {problem}</translation>
    </message>
    <message>
        <source>the header: {problem}</source>
        <comment>csv.at_header</comment>
        <translation>머리글 행: {problem}</translation>
    </message>
    <message>
        <source>column {column}: {problem}</source>
        <comment>csv.at_column</comment>
        <translation>{column} 열: {problem}</translation>
    </message>
    <message>
        <source>the file cannot be read ({reason})</source>
        <comment>csv.unreadable</comment>
        <translation>파일을 읽을 수 없습니다({reason})</translation>
    </message>
    <message>
        <source>the file is empty (no header row)</source>
        <comment>csv.empty</comment>
        <translation>파일이 비어 있습니다(머리글 행 없음)</translation>
    </message>
    <message>
        <source>it is not a regular file (a folder, a device or a pipe cannot be imported)</source>
        <comment>csv.not_a_file</comment>
        <translation>일반 파일이 아닙니다 (폴더, 장치, 파이프는 가져올 수 없습니다)</translation>
    </message>
    <message>
        <source>not well-formed CSV ({detail})</source>
        <comment>csv.malformed</comment>
        <translation>올바른 CSV 형식이 아닙니다({detail})</translation>
    </message>
    <message>
        <source>a cell is longer than {limit:,} characters</source>
        <comment>csv.cell_too_long</comment>
        <translation>{limit:,}자보다 긴 칸이 있습니다</translation>
    </message>
    <message>
        <source>the row is longer than {limit:,} characters (a missing line break or quote?)</source>
        <comment>csv.row_too_long</comment>
        <translation>행이 {limit:,}자보다 깁니다 (줄바꿈이나 따옴표가 빠졌습니까?)</translation>
    </message>
    <message>
        <source>badly quoted: an unbalanced or undoubled quote ({detail})</source>
        <comment>csv.bad_quote</comment>
        <translation>따옴표가 잘못되었습니다. 짝이 맞지 않거나 두 번 쓰지 않은 따옴표가 있습니다({detail})</translation>
    </message>
    <message>
        <source>has {count} cells where the header has {width} (a missing separator or an unbalanced quote?)</source>
        <comment>csv.cell_count</comment>
        <translation>칸이 {count}개인데 머리글 행은 {width}개입니다(구분 기호가 빠졌거나 따옴표 짝이 맞지 않나요?)</translation>
    </message>
    <message>
        <source>is not valid UTF-8 (save the file as UTF-8)</source>
        <comment>csv.not_utf8</comment>
        <translation>올바른 UTF-8이 아닙니다(파일을 UTF-8로 저장하세요)</translation>
    </message>
    <message>
        <source>holds Korean that was encoded twice (UTF-8 read as Latin-1 or Windows-1252 and saved again); import the original file or re-save it as UTF-8</source>
        <comment>csv.double_encoded</comment>
        <translation>한국어가 이중으로 인코딩되었습니다 (UTF-8을 Latin-1 또는 Windows-1252로 읽고 다시 저장함). 원본 파일을 가져오거나 UTF-8로 다시 저장하십시오</translation>
    </message>
    <message>
        <source>the file changed while it was being read</source>
        <comment>csv.changed</comment>
        <translation>파일을 읽는 동안 파일이 바뀌었습니다</translation>
    </message>
    <message>
        <source>is not a uid (8-4-4-4-12 lower-case hex)</source>
        <comment>csv.not_a_uid</comment>
        <translation>uid 형식이 아닙니다(8-4-4-4-12 소문자 16진수)</translation>
    </message>
    <message>
        <source>the same uid as row {row}</source>
        <comment>csv.same_uid</comment>
        <translation>{row}행과 uid가 같습니다</translation>
    </message>
    <message>
        <source>a row exported with profile {profile} has redacted values and cannot update the existing {kind} it names</source>
        <comment>csv.redacted_update</comment>
        <translation>{profile} 프로필로 내보낸 행은 값이 가려져 있어 해당 기존 {kind}을(를) 갱신할 수 없습니다</translation>
    </message>
    <message>
        <source>the same code as row {row}</source>
        <comment>csv.code_repeated</comment>
        <translation>{row}행과 코드가 같습니다</translation>
    </message>
    <message>
        <source>differs from row {row} for the same person code</source>
        <comment>csv.pseudonym_differs</comment>
        <translation>같은 인물 코드의 {row}행과 가명이 다릅니다</translation>
    </message>
    <message>
        <source>no import can be undone (none was made)</source>
        <comment>undo.no_import</comment>
        <translation>되돌릴 가져오기가 없습니다 (가져오기를 한 적이 없습니다)</translation>
    </message>
    <message>
        <source>no import {import_id}</source>
        <comment>undo.unknown_import</comment>
        <translation>가져오기 {import_id}이(가) 없습니다</translation>
    </message>
    <message>
        <source>the import {import_id} is already undone</source>
        <comment>undo.already_undone</comment>
        <translation>가져오기 {import_id}은(는) 이미 되돌렸습니다</translation>
    </message>
    <message>
        <source>the {kind} {uid} was changed after the import; undo refused, nothing was changed</source>
        <comment>undo.changed_after</comment>
        <translation>{kind} {uid}이(가) 가져오기 후에 변경되었습니다. 되돌리기를 거부했으며 아무것도 바뀌지 않았습니다</translation>
    </message>
    <message>
        <source>records made after the import refer to the {kind} {uid} it created; undo refused, nothing was changed</source>
        <comment>undo.has_new_records</comment>
        <translation>가져오기 후에 만든 기록이 가져오기로 만든 {kind} {uid}을(를) 가리킵니다. 되돌리기를 거부했으며 아무것도 바뀌지 않았습니다</translation>
    </message>
    <message>
        <source>a {kind}&apos;s previous {field} is no longer accepted; undo refused, nothing was changed</source>
        <comment>undo.cannot_restore</comment>
        <translation>{kind}의 이전 {field} 값을 더 이상 받아들일 수 없습니다. 되돌리기를 거부했으며 아무것도 바뀌지 않았습니다</translation>
    </message>
    <message>
        <source>is not valid here</source>
        <comment>csv.cell_invalid</comment>
        <translation>여기에 올 수 없는 값입니다</translation>
    </message>
    <message>
        <source>is not a code of vocabulary {scheme}</source>
        <comment>csv.unknown_code</comment>
        <translation>어휘 {scheme}의 코드가 아닙니다</translation>
    </message>
    <message>
        <source>must be one of {choices}</source>
        <comment>csv.not_a_choice</comment>
        <translation>{choices} 중 하나여야 합니다</translation>
    </message>
    <message>
        <source>names an unknown role</source>
        <comment>csv.unknown_role</comment>
        <translation>알 수 없는 역할이 있습니다</translation>
    </message>
    <message>
        <source>is not a year (YYYY)</source>
        <comment>csv.not_a_year</comment>
        <translation>연도(YYYY)가 아닙니다</translation>
    </message>
    <message>
        <source>is a date before {earliest}</source>
        <comment>csv.date_before</comment>
        <translation>{earliest}보다 이전 날짜입니다</translation>
    </message>
    <message>
        <source>is not a real date (month {month})</source>
        <comment>csv.bad_month</comment>
        <translation>실제 날짜가 아닙니다 ({month}월)</translation>
    </message>
    <message>
        <source>is not a real date (day {day})</source>
        <comment>csv.bad_day</comment>
        <translation>실제 날짜가 아닙니다 ({day}일)</translation>
    </message>
    <message>
        <source>is a date in the future</source>
        <comment>csv.date_future</comment>
        <translation>미래의 날짜입니다</translation>
    </message>
    <message>
        <source>the date does not have precision {precision}</source>
        <comment>csv.not_precision</comment>
        <translation>날짜가 정밀도 {precision}에 맞지 않습니다</translation>
    </message>
    <message>
        <source>is not a known precision</source>
        <comment>csv.unknown_precision</comment>
        <translation>알 수 없는 정밀도입니다</translation>
    </message>
    <message>
        <source>is already used by another {kind}</source>
        <comment>csv.code_taken</comment>
        <translation>이미 다른 {kind}이(가) 사용하는 코드입니다</translation>
    </message>
    <message>
        <source>no {kind} has this uid</source>
        <comment>csv.uid_not_found</comment>
        <translation>이 uid의 {kind}이(가) 없습니다</translation>
    </message>
    <message>
        <source>names a deleted {kind}; restore it first</source>
        <comment>csv.deleted_restore</comment>
        <translation>삭제된 {kind}을(를) 가리킵니다. 먼저 복원하십시오</translation>
    </message>
    <message>
        <source>names a deleted {kind}</source>
        <comment>csv.deleted</comment>
        <translation>삭제된 {kind}을(를) 가리킵니다</translation>
    </message>
    <message>
        <source>testimony {code} cannot be erased: its consent is not withdrawn; nothing was changed</source>
        <comment>erase.not_withdrawn</comment>
        <translation>증언 {code}은(는) 지울 수 없습니다: 동의가 철회되지 않았습니다; 아무것도 바뀌지 않았습니다</translation>
    </message>
    <message>
        <source>testimony {code} is already erased; nothing was changed</source>
        <comment>erase.already_erased</comment>
        <translation>증언 {code}은(는) 이미 지워졌습니다; 아무것도 바뀌지 않았습니다</translation>
    </message>
    <message>
        <source>the passphrase is too short (at least {count} characters)</source>
        <comment>passphrase.too_short</comment>
        <translation>암호 문구가 너무 짧습니다(최소 {count}자)</translation>
    </message>
    <message>
        <source>the passphrase is too easy to guess: a common password</source>
        <comment>passphrase.common</comment>
        <translation>암호 문구를 추측하기 너무 쉽습니다: 흔히 쓰이는 비밀번호입니다</translation>
    </message>
    <message>
        <source>the passphrase is too easy to guess: a single word or two; add more uncommon words</source>
        <comment>passphrase.word</comment>
        <translation>암호 문구를 추측하기 너무 쉽습니다: 단어 한두 개뿐입니다. 흔하지 않은 단어를 더 넣으세요</translation>
    </message>
    <message>
        <source>the passphrase is too easy to guess: a common name</source>
        <comment>passphrase.name</comment>
        <translation>암호 문구를 추측하기 너무 쉽습니다: 흔한 이름입니다</translation>
    </message>
    <message>
        <source>the passphrase is too easy to guess: a repeated pattern (like aaa or abcabc)</source>
        <comment>passphrase.repeated</comment>
        <translation>암호 문구를 추측하기 너무 쉽습니다: 반복되는 패턴입니다(aaa, abcabc 등)</translation>
    </message>
    <message>
        <source>the passphrase is too easy to guess: a sequence (like abc or 1234)</source>
        <comment>passphrase.sequence</comment>
        <translation>암호 문구를 추측하기 너무 쉽습니다: 연속된 문자입니다(abc, 1234 등)</translation>
    </message>
    <message>
        <source>the passphrase is too easy to guess: a row of keys on the keyboard</source>
        <comment>passphrase.keyboard</comment>
        <translation>암호 문구를 추측하기 너무 쉽습니다: 키보드에서 나란히 있는 키입니다</translation>
    </message>
    <message>
        <source>the passphrase is too easy to guess: a date or a year</source>
        <comment>passphrase.date</comment>
        <translation>암호 문구를 추측하기 너무 쉽습니다: 날짜나 연도입니다</translation>
    </message>
    <message>
        <source>the passphrase is too easy to guess: add more words or characters</source>
        <comment>passphrase.guessable</comment>
        <translation>암호 문구를 추측하기 너무 쉽습니다: 단어나 문자를 더 넣으세요</translation>
    </message>
    <message>
        <source>must be internal, un or public</source>
        <comment>csv.bad_profile</comment>
        <translation>internal, un, public 중 하나여야 합니다</translation>
    </message>
    <message>
        <source>is not a column of a {kind} file (its columns, in any order: {columns})</source>
        <comment>csv.unknown_column</comment>
        <translation>{kind} 파일의 열이 아닙니다 (열 목록, 순서 무관: {columns})</translation>
    </message>
    <message>
        <source>column {index} is not a column of a {kind} file (its columns, in any order: {columns})</source>
        <comment>csv.unknown_column_at</comment>
        <translation>{index}번째 열은 {kind} 파일의 열이 아닙니다 (열 목록, 순서 무관: {columns})</translation>
    </message>
    <message>
        <source>column {index} has no name</source>
        <comment>csv.unnamed_column</comment>
        <translation>{index}번째 열에 이름이 없습니다</translation>
    </message>
    <message>
        <source>is named twice (columns {index} and {again})</source>
        <comment>csv.column_twice</comment>
        <translation>두 번 나옵니다 ({index}번째와 {again}번째 열)</translation>
    </message>
    <message>
        <source>creates a new {kind}, but the file has no {column} column, which a new {kind} needs</source>
        <comment>csv.column_needed</comment>
        <translation>새 {kind} 기록을 만드는데, 새 {kind} 기록에 필요한 {column} 열이 파일에 없습니다</translation>
    </message>
    <message>
        <source>is not a code of vocabulary {scheme}, nor a label of one of its terms</source>
        <comment>csv.unknown_term</comment>
        <translation>어휘 {scheme}의 코드도 아니고 그 용어의 이름도 아닙니다</translation>
    </message>
    <message>
        <source>could be more than one term of vocabulary {scheme} ({codes}); write the code</source>
        <comment>csv.ambiguous_term</comment>
        <translation>어휘 {scheme}의 여러 용어({codes})에 해당할 수 있습니다. 코드를 쓰십시오</translation>
    </message>
    <message>
        <source>no testimony has this code</source>
        <comment>csv.unknown_testimony_code</comment>
        <translation>이 코드의 증언이 없습니다</translation>
    </message>
    <message>
        <source>names another testimony than the testimony_uid column does</source>
        <comment>csv.testimony_differs</comment>
        <translation>testimony_uid 열과 다른 증언을 가리킵니다</translation>
    </message>
    <message>
        <source>the testimony&apos;s consent is deleted; restore it first</source>
        <comment>csv.consent_deleted</comment>
        <translation>증언의 동의 기록이 삭제되었습니다. 먼저 복원하세요</translation>
    </message>
    <message>
        <source>is empty, but the testimony has a consent; import does not remove one</source>
        <comment>csv.consent_kept</comment>
        <translation>비어 있지만 이 증언에는 동의 기록이 있습니다. 가져오기로는 동의 기록을 지우지 않습니다</translation>
    </message>
    <message>
        <source>needs a {column}</source>
        <comment>csv.needs_code</comment>
        <translation>{column}이(가) 필요합니다</translation>
    </message>
    <message>
        <source>the copy fails verify ({count} problems; the first: {problem}); nothing was written</source>
        <comment>backup.verify_failed</comment>
        <translation>사본이 검증을 통과하지 못했습니다(문제 {count}개, 첫 번째: {problem}). 아무것도 쓰지 않았습니다</translation>
    </message>
    <message>
        <source>cannot back up to {path}: name a file in an existing folder</source>
        <comment>backup.bad_target</comment>
        <translation>{path}에 백업할 수 없습니다: 이미 있는 폴더 안의 파일 이름을 지정하십시오</translation>
    </message>
    <message>
        <source>{path} is a file of the archive itself; choose another name</source>
        <comment>backup.onto_archive</comment>
        <translation>{path}은(는) 기록 보관소 자체의 파일입니다. 다른 이름을 선택하십시오</translation>
    </message>
    <message>
        <source>cannot write the backup {path}: {reason}</source>
        <comment>backup.cannot_write</comment>
        <translation>백업 {path}을(를) 쓸 수 없습니다: {reason}</translation>
    </message>
    <message>
        <source>cannot restore to {path}: {reason}</source>
        <comment>backup.cannot_restore</comment>
        <translation>{path}(으)로 복원할 수 없습니다: {reason}</translation>
    </message>
    <message>
        <source>wrong passphrase</source>
        <comment>store.wrong_passphrase</comment>
        <translation>암호 문구가 틀렸습니다</translation>
    </message>
    <message>
        <source>an empty passphrase is not allowed</source>
        <comment>store.empty_passphrase</comment>
        <translation>빈 암호 문구는 쓸 수 없습니다</translation>
    </message>
    <message>
        <source>no database at {path}; create one with &apos;caseapp init&apos;</source>
        <comment>store.no_database</comment>
        <translation>{path}에 데이터베이스가 없습니다. &apos;caseapp init&apos;으로 만드세요</translation>
    </message>
    <message>
        <source>a database already exists at {path}</source>
        <comment>store.database_exists</comment>
        <translation>{path}에 데이터베이스가 이미 있습니다</translation>
    </message>
    <message>
        <source>a key file already exists at {path}; move it away first</source>
        <comment>store.key_file_exists</comment>
        <translation>{path}에 키 파일이 이미 있습니다. 먼저 다른 곳으로 옮기세요</translation>
    </message>
    <message>
        <source>{location} already holds a caseapp database</source>
        <comment>store.location_has_database</comment>
        <translation>{location}에 caseapp 데이터베이스가 이미 있습니다</translation>
    </message>
    <message>
        <source>key file not found: {path}</source>
        <comment>store.key_file_missing</comment>
        <translation>키 파일을 찾을 수 없습니다: {path}</translation>
    </message>
    <message>
        <source>not a caseapp key file: {path}</source>
        <comment>store.not_a_key_file</comment>
        <translation>caseapp 키 파일이 아닙니다: {path}</translation>
    </message>
    <message>
        <source>unsupported key file version {version}: {path}</source>
        <comment>store.key_file_version</comment>
        <translation>지원하지 않는 키 파일 버전 {version}입니다: {path}</translation>
    </message>
    <message>
        <source>key file is damaged: {path}</source>
        <comment>store.key_file_damaged</comment>
        <translation>키 파일이 손상되었습니다: {path}</translation>
    </message>
    <message>
        <source>cannot read the key file {path}: {reason}</source>
        <comment>store.key_file_unreadable</comment>
        <translation>키 파일 {path}을(를) 읽을 수 없습니다: {reason}</translation>
    </message>
    <message>
        <source>key file is damaged: a slot&apos;s key-derivation settings are out of range: {path}</source>
        <comment>store.kdf_out_of_range</comment>
        <translation>키 파일이 손상되었습니다: 슬롯의 키 유도 설정이 허용 범위를 벗어났습니다: {path}</translation>
    </message>
    <message>
        <source>this archive has {count} users: name yours with --user or CASEAPP_USER</source>
        <comment>store.user_needed</comment>
        <translation>이 보관소에는 사용자가 {count}명 있습니다: --user 또는 CASEAPP_USER로 자신의 이름을 지정하십시오</translation>
    </message>
    <message>
        <source>this archive has no user named {user}</source>
        <comment>store.no_such_user</comment>
        <translation>이 보관소에는 {user}라는 사용자가 없습니다</translation>
    </message>
    <message>
        <source>the archive already has a user named {user}</source>
        <comment>store.user_exists</comment>
        <translation>보관소에 이미 {user}라는 사용자가 있습니다</translation>
    </message>
    <message>
        <source>the key slot of {user} is damaged; restore the key file from a backup</source>
        <comment>store.slot_damaged</comment>
        <translation>{user}의 키 슬롯이 손상되었습니다. 백업에서 키 파일을 복원하십시오</translation>
    </message>
    <message>
        <source>the key slot of {user} holds no vault key to give</source>
        <comment>store.no_vault_key</comment>
        <translation>{user}의 키 슬롯에는 넘겨줄 보관함 키가 없습니다</translation>
    </message>
    <message>
        <source>{user} has a key slot but is not a user of this archive; a coordinator can add them again</source>
        <comment>store.user_not_in_archive</comment>
        <translation>{user}에게 키 슬롯은 있지만 이 보관소의 사용자가 아닙니다. 코디네이터가 다시 추가할 수 있습니다</translation>
    </message>
    <message>
        <source>on a server the user is the login of the database URL: {login} signed in, not {user}</source>
        <comment>team.login_mismatch</comment>
        <translation>서버에서는 데이터베이스 URL의 로그인이 사용자입니다: {user}이(가) 아니라 {login}(으)로 로그인했습니다</translation>
    </message>
    <message>
        <source>{login}&apos;s passphrase is needed to open their key slot on the server (CASEAPP_PASSPHRASE or --passphrase-file)</source>
        <comment>team.passphrase_needed</comment>
        <translation>서버에 있는 {login}의 키 슬롯을 열려면 암호문이 필요합니다 (CASEAPP_PASSPHRASE 또는 --passphrase-file)</translation>
    </message>
    <message>
        <source>the server refused the login {login}: wrong password, or no such login</source>
        <comment>team.login_refused</comment>
        <translation>서버가 로그인 {login}을(를) 거부했습니다: 비밀번호가 틀렸거나 그런 로그인이 없습니다</translation>
    </message>
    <message>
        <source>the login {login} may not create logins: the server&apos;s administrator gives the first coordinator CREATEROLE (createuser --createrole)</source>
        <comment>team.needs_createrole</comment>
        <translation>로그인 {login}은(는) 로그인을 만들 수 없습니다: 서버 관리자가 첫 코디네이터에게 CREATEROLE을 주어야 합니다 (createuser --createrole)</translation>
    </message>
    <message>
        <source>the server already has a login named {login}</source>
        <comment>team.login_exists</comment>
        <translation>서버에 이미 {login}(이)라는 로그인이 있습니다</translation>
    </message>
    <message>
        <source>the server at {location} offers no TLS, and the URL requires it (sslmode=require)</source>
        <comment>team.no_tls</comment>
        <translation>{location}의 서버는 TLS를 제공하지 않는데 URL이 TLS를 요구합니다 (sslmode=require)</translation>
    </message>
    <message>
        <source>{login} is not a user of this archive: a coordinator adds them with &apos;caseapp user add&apos;</source>
        <comment>team.not_a_user</comment>
        <translation>{login}은(는) 이 보관소의 사용자가 아닙니다: 코디네이터가 &apos;caseapp user add&apos;로 추가합니다</translation>
    </message>
    <message>
        <source>the server keeps the login {login}: it owns objects (the database itself?); its administrator reassigns them (REASSIGN OWNED) and drops it</source>
        <comment>team.login_owns</comment>
        <translation>서버가 로그인 {login}을(를) 남겨 두었습니다: 이 로그인이 소유한 객체(데이터베이스 자체?)가 있습니다. 관리자가 소유권을 넘긴 뒤(REASSIGN OWNED) 삭제합니다</translation>
    </message>
    <message>
        <source>the server refused this to {login}: their role does not allow it</source>
        <comment>team.refused_by_server</comment>
        <translation>서버가 {login}에게 이 작업을 거부했습니다: 그 역할로는 할 수 없습니다</translation>
    </message>
    <message>
        <source>cannot write {path}: the disk or folder is read-only; copy the archive to a writable place</source>
        <comment>store.read_only</comment>
        <translation>{path}에 쓸 수 없습니다: 디스크나 폴더가 읽기 전용입니다. 보관소를 쓰기 가능한 곳으로 복사하십시오</translation>
    </message>
    <message>
        <source>cannot write {path}: the disk or folder is read-only</source>
        <comment>store.read_only_file</comment>
        <translation>{path}에 쓸 수 없습니다: 디스크나 폴더가 읽기 전용입니다</translation>
    </message>
    <message>
        <source>the disk holding {path} is full; free some space and try again</source>
        <comment>store.disk_full</comment>
        <translation>{path}이(가) 있는 디스크가 가득 찼습니다. 공간을 확보한 뒤 다시 시도하십시오</translation>
    </message>
    <message>
        <source>the database {path} is locked by another program (or another caseapp); close it and try again</source>
        <comment>store.database_locked</comment>
        <translation>데이터베이스 {path}을(를) 다른 프로그램(또는 다른 caseapp)이 잠그고 있습니다. 그 프로그램을 닫고 다시 시도하십시오</translation>
    </message>
    <message>
        <source>the database {path} is damaged, or its key file belongs to another database; restore it from a backup</source>
        <comment>store.database_damaged</comment>
        <translation>데이터베이스 {path}이(가) 손상되었거나 키 파일이 다른 데이터베이스의 것입니다. 백업에서 복원하십시오</translation>
    </message>
    <message>
        <source>cannot open {path}: the file or its folder cannot be opened</source>
        <comment>store.cannot_open</comment>
        <translation>{path}을(를) 열 수 없습니다: 파일이나 그 폴더를 열 수 없습니다</translation>
    </message>
    <message>
        <source>input/output error on {path}: the disk may be failing or was removed</source>
        <comment>store.io_error</comment>
        <translation>{path}에서 입출력 오류가 났습니다: 디스크가 고장 나고 있거나 분리되었을 수 있습니다</translation>
    </message>
    <message>
        <source>no permission to read or write {path}</source>
        <comment>store.permission_denied</comment>
        <translation>{path}을(를) 읽거나 쓸 권한이 없습니다</translation>
    </message>
    <message>
        <source>unknown database URL scheme &apos;{scheme}&apos;: give a file path or a SQLAlchemy URL</source>
        <comment>store.unknown_url_scheme</comment>
        <translation>알 수 없는 데이터베이스 URL 형식 &apos;{scheme}&apos;: 파일 경로나 SQLAlchemy URL을 주십시오</translation>
    </message>
    <message>
        <source>the database driver for &apos;{scheme}&apos; URLs is not installed</source>
        <comment>store.driver_missing</comment>
        <translation>&apos;{scheme}&apos; URL용 데이터베이스 드라이버가 설치되어 있지 않습니다</translation>
    </message>
    <message>
        <source>search is not available on a &apos;{engine}&apos; database</source>
        <comment>store.search_unsupported</comment>
        <translation>&apos;{engine}&apos; 데이터베이스에서는 검색을 사용할 수 없습니다</translation>
    </message>
    <message>
        <source>passwd applies to encrypted database files only</source>
        <comment>store.passphrase_needs_file</comment>
        <translation>passwd는 암호화된 데이터베이스 파일에만 쓸 수 있습니다</translation>
    </message>
    <message>
        <source>the database is at schema revision {revision}, newer than this version of caseapp knows; use a newer caseapp</source>
        <comment>store.database_too_new</comment>
        <translation>데이터베이스의 스키마 리비전({revision})이 이 caseapp 버전보다 새롭습니다. 더 새로운 caseapp을 쓰세요</translation>
    </message>
    <message>
        <source>the database has tables but no caseapp schema revision; refusing to touch it</source>
        <comment>store.not_a_caseapp_database</comment>
        <translation>데이터베이스에 테이블은 있지만 caseapp 스키마 리비전이 없어 건드리지 않았습니다</translation>
    </message>
    <message>
        <source>could not write the backup {path} made before a schema upgrade ({reason}); the database was not upgraded and is unchanged</source>
        <comment>store.backup_failed</comment>
        <translation>스키마 업그레이드 전에 만드는 백업 {path}을(를) 쓸 수 없습니다({reason}). 데이터베이스는 업그레이드되지 않았고 그대로입니다</translation>
    </message>
    <message>
        <source>there is no room for the backup {path} made before a schema upgrade: it needs {needed} MB and the disk has {free} MB free; the database was not upgraded and is unchanged</source>
        <comment>store.backup_no_room</comment>
        <translation>스키마 업그레이드 전에 만드는 백업 {path}을(를) 쓸 공간이 없습니다. {needed}MB가 필요하지만 디스크에 남은 공간은 {free}MB입니다. 데이터베이스는 업그레이드되지 않았고 그대로입니다</translation>
    </message>
    <message>
        <source>backup, restore and rekey apply to encrypted database files only</source>
        <comment>backup.needs_file</comment>
        <translation>백업, 복원, 키 교체는 암호화된 데이터베이스 파일에만 적용됩니다</translation>
    </message>
    <message>
        <source>the database could not be copied beside the archive ({reason}); no backup was written</source>
        <comment>backup.copy_failed</comment>
        <translation>기록 보관소 옆에 데이터베이스를 복사할 수 없었습니다({reason}). 백업을 쓰지 않았습니다</translation>
    </message>
    <message>
        <source>the backup&apos;s copy of the database has {count} damaged pages</source>
        <comment>backup.damaged_pages</comment>
        <translation>백업의 데이터베이스 사본에 손상된 페이지가 {count}개 있습니다</translation>
    </message>
    <message>
        <source>the backup&apos;s copy of the database fails SQLite&apos;s integrity check</source>
        <comment>backup.not_consistent</comment>
        <translation>백업의 데이터베이스 사본이 SQLite 무결성 검사를 통과하지 못했습니다</translation>
    </message>
    <message>
        <source>the backup&apos;s database is at schema revision {revision}, which this version of caseapp does not know</source>
        <comment>backup.unknown_revision</comment>
        <translation>백업의 데이터베이스는 스키마 리비전 {revision}이며, 이 버전의 caseapp는 이 리비전을 알지 못합니다</translation>
    </message>
    <message>
        <source>the backup read back from {path} differs from what was written; try another medium</source>
        <comment>backup.read_back_differs</comment>
        <translation>{path}에서 다시 읽은 백업이 쓴 내용과 다릅니다. 다른 저장 매체를 사용하십시오</translation>
    </message>
    <message>
        <source>{path} is not a file</source>
        <comment>backup.not_a_file</comment>
        <translation>{path}은(는) 파일이 아닙니다</translation>
    </message>
    <message>
        <source>{path} is not a caseapp backup</source>
        <comment>backup.not_a_backup</comment>
        <translation>{path}은(는) caseapp 백업이 아닙니다</translation>
    </message>
    <message>
        <source>unsupported backup version {version}: {path}</source>
        <comment>backup.version</comment>
        <translation>지원하지 않는 백업 버전 {version}: {path}</translation>
    </message>
    <message>
        <source>the backup {path} is incomplete (cut short)</source>
        <comment>backup.truncated</comment>
        <translation>백업 {path}이(가) 완전하지 않습니다(중간에 잘림)</translation>
    </message>
    <message>
        <source>the backup {path} is damaged: {member} does not match its checksum</source>
        <comment>backup.member_damaged</comment>
        <translation>백업 {path}이(가) 손상되었습니다: {member}이(가) 체크섬과 일치하지 않습니다</translation>
    </message>
    <message>
        <source>the archive is in use (a window or another command has it open); close it and try again</source>
        <comment>rekey.in_use</comment>
        <translation>기록 보관소가 사용 중입니다(창이나 다른 명령이 열고 있음). 닫고 다시 시도하십시오</translation>
    </message>
    <message>
        <source>caseapp: error: {problem}</source>
        <comment>cli.error</comment>
        <translation>caseapp: 오류: {problem}</translation>
    </message>
    <message>
        <source>caseapp: {problem}; nothing changed</source>
        <comment>cli.nothing_changed</comment>
        <translation>caseapp: {problem}. 바뀐 것은 없습니다</translation>
    </message>
    <message>
        <source>caseapp: interrupted; nothing half-written was kept</source>
        <comment>cli.interrupted</comment>
        <translation>caseapp: 중단했습니다. 반쯤 쓴 것은 남기지 않았습니다</translation>
    </message>
    <message>
        <source>caseapp: error: unexpected {error} (set {variable}=1 for details)</source>
        <comment>cli.unexpected</comment>
        <translation>caseapp: 오류: 예기치 않은 {error} (자세한 내용은 {variable}=1로 설정하세요)</translation>
    </message>
    <message>
        <source>caseapp: verify: {problem}</source>
        <comment>cli.verify_problem</comment>
        <translation>caseapp: 검증: {problem}</translation>
    </message>
    <message>
        <source>caseapp: warning: {problem}</source>
        <comment>cli.warning</comment>
        <translation>caseapp: 경고: {problem}</translation>
    </message>
    <message>
        <source>cannot read the passphrase file {path}: {reason}</source>
        <comment>cli.passphrase_unreadable</comment>
        <translation>암호 문구 파일 {path}을(를) 읽을 수 없습니다: {reason}</translation>
    </message>
    <message>
        <source>the passphrase file {path} is empty</source>
        <comment>cli.passphrase_empty</comment>
        <translation>암호 문구 파일 {path}이(가) 비어 있습니다</translation>
    </message>
    <message>
        <source>no passphrase: set {variable}, use --passphrase-file, or run in a terminal</source>
        <comment>cli.no_passphrase</comment>
        <translation>암호 문구가 없습니다: {variable}을(를) 설정하거나 --passphrase-file을 쓰거나 터미널에서 실행하세요</translation>
    </message>
    <message>
        <source>the two passphrases differ; nothing was created</source>
        <comment>cli.passphrases_differ_init</comment>
        <translation>두 암호 문구가 다릅니다. 아무것도 만들지 않았습니다</translation>
    </message>
    <message>
        <source>the two passphrases differ; nothing was changed</source>
        <comment>cli.passphrases_differ</comment>
        <translation>두 암호 문구가 다릅니다. 아무것도 바꾸지 않았습니다</translation>
    </message>
    <message>
        <source>a database already exists at {location}</source>
        <comment>cli.exists</comment>
        <translation>{location}에 데이터베이스가 이미 있습니다</translation>
    </message>
    <message>
        <source>no testimony has the code {code}</source>
        <comment>cli.no_such_code</comment>
        <translation>코드가 {code}인 증언이 없습니다</translation>
    </message>
    <message>
        <source>--limit must be at least 1</source>
        <comment>cli.limit</comment>
        <translation>--limit은 1 이상이어야 합니다</translation>
    </message>
    <message>
        <source>passwd applies to encrypted database files only</source>
        <comment>cli.passwd_not_encrypted</comment>
        <translation>passwd는 암호화된 데이터베이스 파일에만 쓸 수 있습니다</translation>
    </message>
    <message>
        <source>no new passphrase: set CASEAPP_NEW_PASSPHRASE, use --new-passphrase-file or run in a terminal</source>
        <comment>cli.no_new_passphrase</comment>
        <translation>새 암호문이 없습니다: CASEAPP_NEW_PASSPHRASE를 설정하거나 --new-passphrase-file을 쓰거나 터미널에서 실행하십시오</translation>
    </message>
    <message>
        <source>Passphrase: </source>
        <comment>cli.prompt</comment>
        <translation>암호 문구: </translation>
    </message>
    <message>
        <source>Passphrase again: </source>
        <comment>cli.prompt_again</comment>
        <translation>암호 문구 다시 입력: </translation>
    </message>
    <message>
        <source>New passphrase: </source>
        <comment>cli.prompt_new</comment>
        <translation>새 암호 문구: </translation>
    </message>
    <message>
        <source>New passphrase again: </source>
        <comment>cli.prompt_new_again</comment>
        <translation>새 암호 문구 다시 입력: </translation>
    </message>
    <message>
        <source>created an encrypted database at {location}</source>
        <comment>cli.created</comment>
        <translation>{location}에 암호화된 데이터베이스를 만들었습니다</translation>
    </message>
    <message>
        <source>its key file is {file} beside it: back up both files</source>
        <comment>cli.created_key_file</comment>
        <translation>키 파일은 바로 옆의 {file}입니다. 두 파일을 모두 백업하세요</translation>
    </message>
    <message>
        <source>created the caseapp tables at {location}</source>
        <comment>cli.created_tables</comment>
        <translation>{location}에 caseapp 테이블을 만들었습니다</translation>
    </message>
    <message>
        <source>caseapp does not encrypt this database: protect it on the server&apos;s side</source>
        <comment>cli.not_encrypted</comment>
        <translation>caseapp은 이 데이터베이스를 암호화하지 않습니다. 서버 쪽에서 보호하세요</translation>
    </message>
    <message>
        <source>{user} is the first coordinator: the server itself enforces each role (logins, grants, row-level security); add users with &apos;caseapp user add&apos;</source>
        <comment>cli.team_created</comment>
        <translation>{user}이(가) 첫 코디네이터입니다: 서버가 직접 각 역할을 강제합니다 (로그인, 권한 부여, 행 수준 보안). 사용자는 &apos;caseapp user add&apos;로 추가하세요</translation>
    </message>
    <message>
        <source>loaded the demo dataset into {location}: {count} records</source>
        <comment>cli.demo_loaded</comment>
        <translation>{location}에 데모 데이터를 불러왔습니다: 기록 {count}건</translation>
    </message>
    <message>
        <source>ok: {events} audit events chained, {attachments} attachments match their hashes</source>
        <comment>cli.verified</comment>
        <translation>정상: 감사 이벤트 {events}건의 체인이 이어지고, 첨부 파일 {attachments}개가 해시와 일치합니다</translation>
    </message>
    <message>
        <source>ok: {events} audit events chained; no attachments to check</source>
        <comment>cli.verified_no_attachments</comment>
        <translation>정상: 감사 이벤트 {events}건의 체인이 이어지고, 확인할 첨부 파일은 없습니다</translation>
    </message>
    <message>
        <source>the window needs a desktop session (no DISPLAY or WAYLAND_DISPLAY here); caseapp --help lists the commands</source>
        <comment>cli.no_display</comment>
        <translation>창을 열려면 데스크톱 세션이 필요합니다(여기에는 DISPLAY도 WAYLAND_DISPLAY도 없습니다). 명령 목록은 caseapp --help로 볼 수 있습니다</translation>
    </message>
    <message>
        <source>exported {kind}: {records} records, profile {profile}, to {path}; sha256 {sha256}</source>
        <comment>cli.exported</comment>
        <translation>{kind} 내보내기: 기록 {records}건, 프로필 {profile}, 파일 {path}; sha256 {sha256}</translation>
    </message>
    <message>
        <source>imported {kind} from {path}: {created} created, {updated} updated, {unchanged} unchanged; sha256 {sha256}</source>
        <comment>cli.imported</comment>
        <translation>{path}에서 {kind} 가져오기: 새로 만듦 {created}건, 수정 {updated}건, 변경 없음 {unchanged}건; sha256 {sha256}</translation>
    </message>
    <message>
        <source>imported {kind} from {path}: {created} created, {updated} updated, {unchanged} unchanged, {persons} persons created; sha256 {sha256}</source>
        <comment>cli.imported_persons</comment>
        <translation>{path}에서 {kind} 가져오기: 새로 만듦 {created}건, 수정 {updated}건, 변경 없음 {unchanged}건, 새 인물 {persons}명; sha256 {sha256}</translation>
    </message>
    <message>
        <source>undid import {import_id}: {restored} records put back, {deleted} deleted</source>
        <comment>cli.import_undone</comment>
        <translation>가져오기 {import_id}을(를) 되돌렸습니다: {restored}개 기록 복원, {deleted}개 삭제</translation>
    </message>
    <message>
        <source>import needs a FILE.csv (or use: import undo [ID] | import undo --list)</source>
        <comment>cli.import_needs_file</comment>
        <translation>import에는 FILE.csv가 필요합니다 (또는: import undo [ID] | import undo --list)</translation>
    </message>
    <message>
        <source>checked {kind} from {path}: it would import, {created} created, {updated} updated, {unchanged} unchanged; nothing was written; sha256 {sha256}</source>
        <comment>cli.import_checked</comment>
        <translation>{path}의 {kind} 검사: 가져올 수 있습니다. 생성 {created}, 수정 {updated}, 변경 없음 {unchanged}. 아무것도 쓰지 않았습니다. sha256 {sha256}</translation>
    </message>
    <message>
        <source>{kind}: {created} to create, {changed} to change</source>
        <comment>cli.import_check_kind</comment>
        <translation>{kind}: 생성 예정 {created}, 수정 예정 {changed}</translation>
    </message>
    <message>
        <source>{column}: {count} values change</source>
        <comment>cli.import_check_field</comment>
        <translation>{column}: 값 {count}개 변경</translation>
    </message>
    <message>
        <source>erase removes the text of testimony {code} for good; to go on, add --yes and --confirm-code {code}</source>
        <comment>cli.erase_needs_confirmation</comment>
        <translation>erase는 증언 {code}의 내용을 영구히 지웁니다; 계속하려면 --yes와 --confirm-code {code}를 붙이십시오</translation>
    </message>
    <message>
        <source>the code given again is not {code}; nothing was erased</source>
        <comment>cli.erase_code_differs</comment>
        <translation>다시 입력한 코드가 {code}이(가) 아닙니다; 아무것도 지우지 않았습니다</translation>
    </message>
    <message>
        <source>not confirmed; nothing was erased</source>
        <comment>cli.erase_not_confirmed</comment>
        <translation>확인되지 않았습니다; 아무것도 지우지 않았습니다</translation>
    </message>
    <message>
        <source>Erase the text, attachments and vault entries of testimony {code} for good? Type yes: </source>
        <comment>cli.erase_prompt</comment>
        <translation>증언 {code}의 내용, 첨부 파일, 신원 보관함 항목을 영구히 지울까요? yes를 입력하십시오: </translation>
    </message>
    <message>
        <source>Type the testimony&apos;s code again: </source>
        <comment>cli.erase_prompt_code</comment>
        <translation>증언 코드를 다시 입력하십시오: </translation>
    </message>
    <message>
        <source>erased testimony {code}: {fields} text fields blanked in the testimony, {violations} violations, {attachments} attachments and {identities} vault entries; {undo} import-undo entries dropped</source>
        <comment>cli.erased</comment>
        <translation>증언 {code}을(를) 지웠습니다: 증언, 위반 {violations}건, 첨부 {attachments}건, 신원 보관함 항목 {identities}건에서 텍스트 필드 {fields}개를 비웠습니다; 가져오기 취소 기록 {undo}건을 삭제했습니다</translation>
    </message>
    <message>
        <source>another program has the archive open, so the old text stays in its write-ahead log until every program has closed it</source>
        <comment>cli.erase_log_busy</comment>
        <translation>다른 프로그램이 기록 보관소를 열고 있어, 모든 프로그램이 닫을 때까지 이전 텍스트가 미리 쓰기 로그(WAL)에 남아 있습니다</translation>
    </message>
    <message>
        <source>wrote the report: {records} testimonies, {pages} pages, profile {profile}, to {path}; sha256 {sha256}</source>
        <comment>cli.report</comment>
        <translation>보고서를 썼습니다: 증언 {records}건, {pages}쪽, 프로필 {profile}, 파일 {path}; sha256 {sha256}</translation>
    </message>
    <message>
        <source>wrote the dossier of {code}: {pages} pages, profile {profile}, to {path}; sha256 {sha256}</source>
        <comment>cli.dossier</comment>
        <translation>{code} 자료집을 썼습니다: {pages}쪽, 프로필 {profile}, 파일 {path}; sha256 {sha256}</translation>
    </message>
    <message>
        <source>no results</source>
        <comment>cli.no_results</comment>
        <translation>결과가 없습니다</translation>
    </message>
    <message>
        <source>testimony</source>
        <comment>cli.kind_testimony</comment>
        <translation>증언</translation>
    </message>
    <message>
        <source>violation</source>
        <comment>cli.kind_violation</comment>
        <translation>인권침해</translation>
    </message>
    <message>
        <source>did you mean: {query}</source>
        <comment>cli.did_you_mean</comment>
        <translation>이것을 찾으셨나요: {query}</translation>
    </message>
    <message>
        <source>passphrase changed; the database itself was not rewritten</source>
        <comment>cli.passwd_done</comment>
        <translation>암호 문구를 바꿨습니다. 데이터베이스 자체는 다시 쓰지 않았습니다</translation>
    </message>
    <message>
        <source>the database has a new key, sealed to the slots of {count} users; their passphrases are unchanged</source>
        <comment>cli.rekeyed</comment>
        <translation>데이터베이스에 새 키가 생겼고 사용자 {count}명의 슬롯에 봉인되었습니다. 암호문은 바뀌지 않았습니다</translation>
    </message>
    <message>
        <source>added the user {user} as a {role}</source>
        <comment>cli.user_added</comment>
        <translation>사용자 {user}을(를) {role}(으)로 추가했습니다</translation>
    </message>
    <message>
        <source>resolved {field} of {record}</source>
        <comment>cli.conflict_resolved</comment>
        <translation>{record}의 {field}을(를) 해결했습니다</translation>
    </message>
    <message>
        <source>no open conflicts</source>
        <comment>cli.no_conflicts</comment>
        <translation>열린 충돌이 없습니다</translation>
    </message>
    <message>
        <source>wrote bundle {seq} for {peer} to {path}: {records} records</source>
        <comment>cli.bundle_written</comment>
        <translation>{peer}에게 보낼 꾸러미 {seq}을(를) {path}에 썼습니다: 기록 {records}건</translation>
    </message>
    <message>
        <source>applied the bundle from {peer}: {created} created, {updated} updated, {merged} merged, {conflicts} conflicts, {unchanged} unchanged</source>
        <comment>cli.bundle_applied</comment>
        <translation>{peer}에게서 온 꾸러미를 적용했습니다: 생성 {created}, 수정 {updated}, 병합 {merged}, 충돌 {conflicts}, 변경 없음 {unchanged}</translation>
    </message>
    <message>
        <source>{path} was applied before (or a newer bundle was): nothing changed</source>
        <comment>cli.bundle_already_applied</comment>
        <translation>{path}은(는) 이미 적용되었습니다(또는 더 새 꾸러미가 적용되었습니다): 바뀐 것이 없습니다</translation>
    </message>
    <message>
        <source>removed the user {user}; the database has a new key, sealed to the {count} users left</source>
        <comment>cli.user_removed</comment>
        <translation>사용자 {user}을(를) 제거했습니다. 데이터베이스에 새 키가 생겼고 남은 사용자 {count}명에게 봉인되었습니다</translation>
    </message>
    <message>
        <source>{user} is now a {role}</source>
        <comment>cli.user_role</comment>
        <translation>{user}은(는) 이제 {role}입니다</translation>
    </message>
    <message>
        <source>{user}&apos;s passphrase: </source>
        <comment>cli.prompt_user_new</comment>
        <translation>{user}의 암호문: </translation>
    </message>
    <message>
        <source>{user}&apos;s passphrase again: </source>
        <comment>cli.prompt_user_new_again</comment>
        <translation>{user}의 암호문 다시: </translation>
    </message>
    <message>
        <source>the user name {user} cannot be used: {problem}</source>
        <comment>cli.bad_user</comment>
        <translation>사용자 이름 {user}은(는) 쓸 수 없습니다: {problem}</translation>
    </message>
    <message>
        <source>fingerprint: {fingerprint}</source>
        <comment>cli.exchange_fingerprint</comment>
        <translation>지문: {fingerprint}</translation>
    </message>
    <message>
        <source>trusted {name}, fingerprint {fingerprint}: check by phone that {name} shows the same</source>
        <comment>cli.peer_trusted</comment>
        <translation>{name}을(를) 신뢰합니다. 지문 {fingerprint}: {name}에 같은 지문이 보이는지 전화로 확인하세요</translation>
    </message>
    <message>
        <source>forgot {name}; bundles from it are refused from now on</source>
        <comment>cli.peer_forgotten</comment>
        <translation>{name}을(를) 더 이상 신뢰하지 않습니다. 이제부터 그곳의 번들은 거부됩니다</translation>
    </message>
    <message>
        <source>{name}  {fingerprint}  trusted {trusted_at} by {trusted_by}; sent {sent}, acknowledged {acknowledged}, received {received}</source>
        <comment>cli.peer_line</comment>
        <translation>{name}  {fingerprint}  {trusted_at}에 {trusted_by}이(가) 신뢰함. 보냄 {sent}, 확인됨 {acknowledged}, 받음 {received}</translation>
    </message>
    <message>
        <source>this archive trusts no other archive yet</source>
        <comment>cli.no_peers</comment>
        <translation>이 보관소는 아직 다른 보관소를 신뢰하지 않습니다</translation>
    </message>
    <message>
        <source>the database file is damaged (SQLite reports a malformed or unreadable page); restore it from a backup</source>
        <comment>store.damaged</comment>
        <translation>데이터베이스 파일이 손상되었습니다(SQLite가 잘못되었거나 읽을 수 없는 페이지를 보고함). 백업에서 복원하십시오</translation>
    </message>
    <message>
        <source>show-raw prints the database&apos;s raw key, which opens every record without any passphrase; add --yes to print it</source>
        <comment>cli.show_raw_needs_yes</comment>
        <translation>show-raw는 데이터베이스의 원시 키를 출력합니다. 이 키가 있으면 암호 없이 모든 기록을 열 수 있습니다. 출력하려면 --yes를 덧붙이십시오</translation>
    </message>
    <message>
        <source>{command} applies to encrypted database files only</source>
        <comment>cli.archive_not_encrypted</comment>
        <translation>{command}은(는) 암호화된 데이터베이스 파일에만 적용됩니다</translation>
    </message>
    <message>
        <source>{path} already exists: restore never replaces an archive; choose another --db</source>
        <comment>cli.restore_exists</comment>
        <translation>{path}이(가) 이미 있습니다: 복원은 기존 기록 보관소를 덮어쓰지 않습니다. 다른 --db를 지정하십시오</translation>
    </message>
    <message>
        <source>backed up to {path}: {bytes} bytes, {testimonies} testimonies, {attachments} attachments, {events} audit events checked; sha256 {sha256}</source>
        <comment>cli.backed_up</comment>
        <translation>{path}에 백업했습니다: {bytes}바이트, 증언 {testimonies}건, 첨부 파일 {attachments}개, 감사 이벤트 {events}개 확인; sha256 {sha256}</translation>
    </message>
    <message>
        <source>restored {location}: {testimonies} testimonies, {attachments} attachments, {events} audit events checked</source>
        <comment>cli.restored</comment>
        <translation>{location}을(를) 복원했습니다: 증언 {testimonies}건, 첨부 파일 {attachments}개, 감사 이벤트 {events}개 확인</translation>
    </message>
    <message>
        <source>may not create records</source>
        <comment>right.create</comment>
        <translation>기록을 만들 수 없습니다</translation>
    </message>
    <message>
        <source>may not change or delete records made by others</source>
        <comment>right.edit_any</comment>
        <translation>다른 사람이 만든 기록을 고치거나 지울 수 없습니다</translation>
    </message>
    <message>
        <source>may not read the identity vault</source>
        <comment>right.read_vault</comment>
        <translation>신원 보관함을 읽을 수 없습니다</translation>
    </message>
    <message>
        <source>may export only dossiers of their own testimonies</source>
        <comment>right.export_own_dossier</comment>
        <translation>자신의 증언 문서철만 내보낼 수 있습니다</translation>
    </message>
    <message>
        <source>may not export with the internal profile</source>
        <comment>right.export_internal</comment>
        <translation>내부 프로필로 내보낼 수 없습니다</translation>
    </message>
    <message>
        <source>may not export with the un or public profile</source>
        <comment>right.export_published</comment>
        <translation>un 또는 public 프로필로 내보낼 수 없습니다</translation>
    </message>
    <message>
        <source>may not import</source>
        <comment>right.import</comment>
        <translation>가져오기를 할 수 없습니다</translation>
    </message>
    <message>
        <source>may not manage users, keys or backups</source>
        <comment>right.manage</comment>
        <translation>사용자, 키, 백업을 관리할 수 없습니다</translation>
    </message>
    <message>
        <source>may not erase testimonies</source>
        <comment>right.erase</comment>
        <translation>증언을 영구 삭제할 수 없습니다</translation>
    </message>
    <message>
        <source>may not read the audit trail</source>
        <comment>right.audit</comment>
        <translation>감사 기록을 읽을 수 없습니다</translation>
    </message>
    <message>
        <source>may not exchange bundles</source>
        <comment>right.exchange</comment>
        <translation>꾸러미를 주고받을 수 없습니다</translation>
    </message>
    <message>
        <source>recorder</source>
        <comment>role.recorder</comment>
        <translation>기록자</translation>
    </message>
    <message>
        <source>caseworker</source>
        <comment>role.caseworker</comment>
        <translation>사례 담당자</translation>
    </message>
    <message>
        <source>coordinator</source>
        <comment>role.coordinator</comment>
        <translation>코디네이터</translation>
    </message>
    <message>
        <source>Refused: {user} is a {role} and {right}.</source>
        <comment>access.refused</comment>
        <translation>거부됨: {user}은(는) {role}이며 {right}.</translation>
    </message>
    <message>
        <source>{role} is not a role (recorder, caseworker, coordinator)</source>
        <comment>user.bad_role</comment>
        <translation>{role}은(는) 역할이 아닙니다 (recorder, caseworker, coordinator)</translation>
    </message>
    <message>
        <source>a user name is 1 to 64 printable characters without spaces around it</source>
        <comment>user.bad_name</comment>
        <translation>사용자 이름은 앞뒤 공백 없이 인쇄 가능한 문자 1~64자입니다</translation>
    </message>
    <message>
        <source>you cannot remove yourself; another coordinator can</source>
        <comment>user.self</comment>
        <translation>자기 자신은 제거할 수 없습니다. 다른 코디네이터가 할 수 있습니다</translation>
    </message>
    <message>
        <source>you cannot change your own role; another coordinator can</source>
        <comment>user.own_role</comment>
        <translation>자신의 역할은 바꿀 수 없습니다. 다른 코디네이터가 할 수 있습니다</translation>
    </message>
    <message>
        <source>{user} is the last coordinator: make another one first</source>
        <comment>user.last_coordinator</comment>
        <translation>{user}은(는) 마지막 코디네이터입니다. 먼저 다른 코디네이터를 만드십시오</translation>
    </message>
    <message>
        <source>{user} was removed, but the database could not be re-keyed ({problem}); run &apos;caseapp rekey&apos; before anyone else opens the archive</source>
        <comment>user.rekey_failed</comment>
        <translation>{user}을(를) 제거했지만 데이터베이스의 키를 바꾸지 못했습니다 ({problem}). 다른 사람이 보관소를 열기 전에 &apos;caseapp rekey&apos;를 실행하십시오</translation>
    </message>
    <message>
        <source>the new passphrase is needed</source>
        <comment>user.no_passphrase</comment>
        <translation>새 암호문이 필요합니다</translation>
    </message>
    <message>
        <source>the identity vault cannot be opened with {user}&apos;s key slot (a recorder&apos;s slot holds no vault key)</source>
        <comment>vault.locked</comment>
        <translation>{user}의 키 슬롯으로는 신원 보관함을 열 수 없습니다 (기록자의 슬롯에는 보관함 키가 없습니다)</translation>
    </message>
    <message>
        <source>identity-vault entry {record} does not open: it is damaged</source>
        <comment>vault.damaged</comment>
        <translation>신원 보관함 항목 {record}이(가) 열리지 않습니다: 손상되었습니다</translation>
    </message>
    <message>
        <source>identity-vault entry {record} was not sealed to this archive&apos;s vault key (it came from a peer before the peers knew each other&apos;s vault keys)</source>
        <comment>vault.not_sealed_here</comment>
        <translation>신원 보관함 항목 {record}은(는) 이 보관소의 보관함 키로 봉인되지 않았습니다(상대 보관소들이 서로의 보관함 키를 알기 전에 들어온 항목입니다)</translation>
    </message>
    <message>
        <source>no peer named {peer}: trust it first</source>
        <comment>exchange.no_peer</comment>
        <translation>{peer}라는 상대가 없습니다. 먼저 신뢰하십시오</translation>
    </message>
    <message>
        <source>no open conflict on {field} of record {record}</source>
        <comment>exchange.no_conflict</comment>
        <translation>기록 {record}의 {field}에 열린 충돌이 없습니다</translation>
    </message>
    <message>
        <source>say which value to keep: --keep mine, --keep theirs or --value TEXT</source>
        <comment>exchange.resolve_how</comment>
        <translation>남길 값을 지정하십시오: --keep mine, --keep theirs 또는 --value TEXT</translation>
    </message>
    <message>
        <source>the bundle&apos;s {kind} {uid} cannot be applied: {problem}; nothing was applied</source>
        <comment>exchange.bad_record</comment>
        <translation>꾸러미의 {kind} {uid}을(를) 적용할 수 없습니다: {problem}. 아무것도 적용하지 않았습니다</translation>
    </message>
    <message>
        <source>the bundle holds an item caseapp does not know</source>
        <comment>exchange.bad_item</comment>
        <translation>꾸러미에 caseapp이 모르는 항목이 있습니다</translation>
    </message>
    <message>
        <source>the bundle was written by an older caseapp, without field versions: update caseapp where it was written and write it again; nothing was applied</source>
        <comment>exchange.old_bundle</comment>
        <translation>이 번들은 필드 버전이 없는 이전 caseapp으로 작성되었습니다. 작성한 곳의 caseapp을 업데이트하고 다시 작성하십시오. 아무것도 적용되지 않았습니다</translation>
    </message>
    <message>
        <source>a peer name is 1 to 64 printable characters without spaces around it</source>
        <comment>exchange.bad_peer_name</comment>
        <translation>상대 보관소 이름은 앞뒤 공백 없이 인쇄 가능한 문자 1~64자입니다</translation>
    </message>
    <message>
        <source>this archive already trusts a peer named {name}</source>
        <comment>exchange.peer_exists</comment>
        <translation>이 보관소는 이미 {name}이라는 상대를 신뢰합니다</translation>
    </message>
    <message>
        <source>that is this archive&apos;s own identity; give the identity of the other archive</source>
        <comment>exchange.own_key</comment>
        <translation>이 보관소 자신의 신원입니다. 상대 보관소의 신원을 입력하세요</translation>
    </message>
    <message>
        <source>that identity is already trusted, as {name}</source>
        <comment>exchange.key_trusted</comment>
        <translation>그 신원은 이미 {name}(으)로 신뢰되어 있습니다</translation>
    </message>
    <message>
        <source>this archive trusts no peer named {name}</source>
        <comment>exchange.no_such_peer</comment>
        <translation>이 보관소가 신뢰하는 {name}이라는 상대가 없습니다</translation>
    </message>
    <message>
        <source>the archive&apos;s exchange keys are damaged; restore the archive from a backup</source>
        <comment>exchange.keys_damaged</comment>
        <translation>보관소의 교환 키가 손상되었습니다. 백업에서 보관소를 복원하세요</translation>
    </message>
    <message>
        <source>not an archive identity: give the line &apos;caseapp exchange identity&apos; prints last, or its last word</source>
        <comment>exchange.bad_identity</comment>
        <translation>보관소 신원이 아닙니다. &apos;caseapp exchange identity&apos;가 마지막에 출력하는 줄이나 그 마지막 단어를 입력하세요</translation>
    </message>
    <message>
        <source>{path} is not a caseapp bundle</source>
        <comment>bundle.not_a_bundle</comment>
        <translation>{path}은(는) caseapp 번들이 아닙니다</translation>
    </message>
    <message>
        <source>{path} was written in bundle format {version}, newer than this caseapp knows; use a newer caseapp</source>
        <comment>bundle.newer_format</comment>
        <translation>{path}은(는) 이 caseapp보다 새로운 번들 형식 {version}으로 작성되었습니다. 더 새로운 caseapp을 사용하세요</translation>
    </message>
    <message>
        <source>{path} is addressed to another archive, not this one</source>
        <comment>bundle.not_for_us</comment>
        <translation>{path}은(는) 이 보관소가 아닌 다른 보관소로 보낸 것입니다</translation>
    </message>
    <message>
        <source>{path} comes from an archive this one does not trust (fingerprint {fingerprint})</source>
        <comment>bundle.untrusted</comment>
        <translation>{path}은(는) 이 보관소가 신뢰하지 않는 보관소에서 왔습니다(지문 {fingerprint})</translation>
    </message>
    <message>
        <source>{path} does not carry a valid signature of its sender: it was changed after it was written</source>
        <comment>bundle.bad_signature</comment>
        <translation>{path}에 보낸 곳의 올바른 서명이 없습니다. 작성된 뒤에 변경되었습니다</translation>
    </message>
    <message>
        <source>{path} is incomplete (cut short); copy it again</source>
        <comment>bundle.truncated</comment>
        <translation>{path}이(가) 완전하지 않습니다(중간에 잘림). 다시 복사하세요</translation>
    </message>
    <message>
        <source>{path} is damaged; copy it again</source>
        <comment>bundle.damaged</comment>
        <translation>{path}이(가) 손상되었습니다. 다시 복사하세요</translation>
    </message>
    <message>
        <source>cannot read {path}: {reason}</source>
        <comment>bundle.unreadable</comment>
        <translation>{path}을(를) 읽을 수 없습니다: {reason}</translation>
    </message>
    <message>
        <source>the bundle&apos;s attachment {uid} cannot be applied: {problem}; nothing was applied</source>
        <comment>exchange.bad_attachment</comment>
        <translation>꾸러미의 첨부 파일 {uid}을(를) 적용할 수 없습니다: {problem}. 아무것도 적용하지 않았습니다</translation>
    </message>
    <message>
        <source>its content does not match its SHA-256</source>
        <comment>exchange.bad_content</comment>
        <translation>내용이 SHA-256과 맞지 않습니다</translation>
    </message>
    <message>
        <source>its testimony is not in this archive</source>
        <comment>exchange.no_testimony</comment>
        <translation>그 증언이 이 보관소에 없습니다</translation>
    </message>
    <message>
        <source>the archive was closed</source>
        <comment>dashboard.closed</comment>
        <translation>보관소가 닫혔습니다</translation>
    </message>
</context>
<context>
    <name>prompts</name>
    <message>
        <source>Discard changes</source>
        <translation>변경 내용 버리기</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>계속 편집</translation>
    </message>
</context>
</TS>
