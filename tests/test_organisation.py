"""The organisation an archive belongs to (issue 17): given at ``init``, printed on reports
and dossiers unless a report names another, changed by coordinators only, audited."""

from __future__ import annotations

from pathlib import Path

import pytest

from caseapp.app import CaseApp, open_case_app
from caseapp.services.access import Access, Actor, NotAllowed, Role
from caseapp.services.organisation import OrganisationProblem
from caseapp.store import StoreLocation

from .cli_runner import environment, run_cli
from .conftest import PASSPHRASE, db_argument
from .test_pdf_report import pdf_page

NAME = "북한인권기록센터 · NK Human Rights Documentation"


@pytest.fixture(autouse=True)
def _application(qapp):
    """pytest-qt's QApplication first: the PDF code would otherwise make a QGuiApplication,
    and every later widget test of the session would meet the wrong kind."""
    return qapp


def first_page(path: Path) -> str:
    return pdf_page(path, 1)


def test_init_names_the_organisation_and_reports_print_it(tmp_path: Path) -> None:
    db = tmp_path / "data" / "cases.db"
    env = environment(tmp_path, PASSPHRASE)
    made = run_cli("--db", str(db), "init", "--organisation", f"  {NAME}  ", env=env)
    assert made.returncode == 0, made.stderr
    assert run_cli("--db", str(db), "demo", env=env).returncode == 0
    report = tmp_path / "report.pdf"
    assert run_cli("--db", str(db), "report", "-o", str(report), env=env).returncode == 0
    assert "북한인권기록센터" in first_page(report)
    other = tmp_path / "other.pdf"
    told = run_cli(
        "--db", str(db), "report", "-o", str(other), "--organisation", "Partner NGO", env=env
    )
    assert told.returncode == 0, told.stderr
    assert "Partner NGO" in first_page(other) and "북한인권기록센터" not in first_page(other)


def test_a_name_that_cannot_be_used_makes_no_archive(tmp_path: Path) -> None:
    db = tmp_path / "data" / "cases.db"
    made = run_cli(
        "--db", str(db), "init", "--organisation", "   ", env=environment(tmp_path, PASSPHRASE)
    )
    assert made.returncode == 1
    assert made.stderr.count("\n") == 1 and "organisation" in made.stderr
    assert not db.exists()


def test_without_a_name_reports_say_caseapp(demo_app: CaseApp, tmp_path: Path) -> None:
    assert demo_app.organisation() == "caseapp"
    result = demo_app.report_pdf(tmp_path / "r.pdf", "public")
    assert "caseapp" in first_page(result.path)


def test_only_a_coordinator_renames_and_the_change_is_audited(demo_app, tmp_path) -> None:
    assert demo_app.set_organisation("Field office  Seoul") == "Field office Seoul"
    assert demo_app.organisation() == "Field office Seoul"
    events = [e for e in demo_app.audit_events() if e.action == "organisation"]
    assert [(e.user, e.table) for e in events] == [("tester", "archive")]
    with pytest.raises(OrganisationProblem):
        demo_app.set_organisation("x" * 121)
    location = StoreLocation(path=Path(db_argument(demo_app)))
    demo_app.close()
    from caseapp.app import wire
    from caseapp.store import open_store

    for role in (Role.RECORDER, Role.CASEWORKER):
        app = wire(open_store(location, PASSPHRASE), Access(Actor("someone", role)))
        try:
            with pytest.raises(NotAllowed):
                app.set_organisation("Another name")
            assert app.organisation() == "Field office Seoul"
        finally:
            app.close()
    again = open_case_app(location, PASSPHRASE)
    again.close()
