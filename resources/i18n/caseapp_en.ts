<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AuditDialog</name>
    <message numerus="yes">
        <source>%n events, newest first</source>
        <translation>
            <numerusform>%n event, newest first</numerusform>
            <numerusform>%n events, newest first</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of the %n newest events match the user</source>
        <translation>
            <numerusform>%1 of the newest event match the user</numerusform>
            <numerusform>%1 of the %n newest events match the user</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CategoryTableModel</name>
    <message numerus="yes">
        <source>… %n more</source>
        <translation>
            <numerusform>… %n more</numerusform>
            <numerusform>… %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DashboardTab</name>
    <message numerus="yes">
        <source>%n testimony(ies)</source>
        <translation>
            <numerusform>%n testimony</numerusform>
            <numerusform>%n testimonies</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExchangeDialog</name>
    <message numerus="yes">
        <source>Applied the bundle from %1: %2 created, %3 updated, %4 merged, %n conflict(s)</source>
        <translation>
            <numerusform>Applied the bundle from %1: %2 created, %3 updated, %4 merged, %n conflict</numerusform>
            <numerusform>Applied the bundle from %1: %2 created, %3 updated, %4 merged, %n conflicts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message numerus="yes">
        <source>%n record(s) written…</source>
        <translation>
            <numerusform>%n record written…</numerusform>
            <numerusform>%n records written…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Wrote %1 (%n record(s)).</source>
        <translation>
            <numerusform>Wrote %1 (%n record).</numerusform>
            <numerusform>Wrote %1 (%n records).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message numerus="yes">
        <source>%n row(s) checked…</source>
        <translation>
            <numerusform>%n row checked…</numerusform>
            <numerusform>%n rows checked…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) written…</source>
        <translation>
            <numerusform>%n row written…</numerusform>
            <numerusform>%n rows written…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %n value(s) change</source>
        <translation>
            <numerusform>%1: %n value changes</numerusform>
            <numerusform>%1: %n values change</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message numerus="yes">
        <source>Wrong passphrase. You can try again in %n second(s).</source>
        <translation>
            <numerusform>Wrong passphrase. You can try again in %n second.</numerusform>
            <numerusform>Wrong passphrase. You can try again in %n seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n conflict(s)</source>
        <translation>
            <numerusform>%n conflict</numerusform>
            <numerusform>%n conflicts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RegionsTab</name>
    <message numerus="yes">
        <source>%n region(s)</source>
        <translation>
            <numerusform>%n region</numerusform>
            <numerusform>%n regions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Saved; %n history entry(s) added.</source>
        <translation>
            <numerusform>Saved; %n history entry added.</numerusform>
            <numerusform>Saved; %n history entries added.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchTab</name>
    <message numerus="yes">
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n result</numerusform>
            <numerusform>%n results</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StateResponsesTab</name>
    <message numerus="yes">
        <source>%n state response(s)</source>
        <translation>
            <numerusform>%n state response</numerusform>
            <numerusform>%n state responses</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TestimoniesTab</name>
    <message numerus="yes">
        <source>%n testimonies</source>
        <translation>
            <numerusform>%n testimony</numerusform>
            <numerusform>%n testimonies</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message numerus="yes">
        <source>Wrong passphrase. You can try again in %n second(s).</source>
        <translation>
            <numerusform>Wrong passphrase. You can try again in %n second.</numerusform>
            <numerusform>Wrong passphrase. You can try again in %n seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ViolationsTab</name>
    <message numerus="yes">
        <source>%n violation(s)</source>
        <translation>
            <numerusform>%n violation</numerusform>
            <numerusform>%n violations</numerusform>
        </translation>
    </message>
</context>
</TS>
