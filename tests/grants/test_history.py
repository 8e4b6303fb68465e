"""History from before the portal (Art. 34): the template, the row-by-row report, all or
nothing; imported winners count for R4 money and the R7 interval, imported bans (2017
measures too) refuse applications and stop those in progress (R8); a bar from a revocation
stops an application in progress too."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from applications.enums import ApplicationStatus
from applications.rules import (
    PrizeInterval,
    active_ban_until,
    check_not_banned,
    is_repeat_prize_winner,
    prize_interval,
)
from applications.services.application import start_application
from awards.enums import PrizeLevel
from common.dates import day_text
from decisionlog.models import DecisionLogEntry
from decisionlog.workflow import DomainError
from grants.enums import BanReason
from grants.models import HistoryImport, PastBan, PastWin
from grants.rules.grant import prize_amount
from grants.rules.history import prize_winner_ids_before
from grants.services.history_import import (
    BAN_COLUMNS,
    BAN_SHEET,
    WIN_COLUMNS,
    WIN_SHEET,
    import_history,
    template_workbook,
)
from notifications.models import Notification
from reviews.selectors.review import repeat_prize_winner_ids
from sanctions.enums import RevocationGround
from tests.factories import (
    ApplicationFactory,
    OrganisationFactory,
    RoundFactory,
    applicant_user,
    make_credit_code,
    office_user,
    programme,
)
from tests.grants.records_helpers import count_queries, grant_in, published_round
from tests.sanctions.test_revocation import _county_office, revoke, valid_grant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def workbook(wins=(), bans=(), *, win_header=None) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.title = WIN_SHEET
    sheet.append(win_header or [h for _f, h, _l in WIN_COLUMNS])
    for row in wins:
        sheet.append(list(row))
    ban_sheet = book.create_sheet(BAN_SHEET)
    ban_sheet.append([h for _f, h, _l in BAN_COLUMNS])
    for row in bans:
        ban_sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def win_row(code: str, year: int = 2020, level: str = "市长质量奖", money=500000, **kw):
    return (
        kw.get("programme", "ganzhou-mayor"),
        year,
        level,
        code,
        kw.get("name", "赣州历史企业有限公司"),
        kw.get("approved_on", f"{year + 1}-01-18"),
        money,
    )


def ban_row(code: str, reason="弄虚作假", measures="2017", starts="2019-06-01", ends="2029-06-01"):
    return (
        "ganzhou-mayor",
        code,
        "赣州被禁企业有限公司",
        reason,
        measures,
        starts,
        ends,
        "赣市府字〔2019〕20号",
    )


def run_import(book, office=None):
    return import_history(book, actor=office or office_user(), original_name="历史.xlsx")


# --- Template and checks --------------------------------------------------------------------


def test_template_has_both_sheets_with_headers_and_imports_cleanly_as_is() -> None:
    book = load_workbook(io.BytesIO(template_workbook()))
    assert book.sheetnames == [WIN_SHEET, BAN_SHEET]
    assert [c.value for c in book[WIN_SHEET][1]] == [h for _f, h, _l in WIN_COLUMNS]
    assert [c.value for c in book[BAN_SHEET][1]] == [h for _f, h, _l in BAN_COLUMNS]
    batch, errors = run_import(io.BytesIO(template_workbook()))
    assert errors == []
    assert (batch.wins, batch.bans) == (1, 1)


def test_clean_file_imports_every_row_and_logs_it() -> None:
    codes = [make_credit_code() for _ in range(3)]
    book = workbook(
        wins=[win_row(codes[0]), win_row(codes[1], level="提名奖", money=0)],
        bans=[ban_row(codes[2])],
    )
    batch, errors = run_import(book)
    assert errors == []
    assert PastWin.objects.count() == 2 and PastBan.objects.count() == 1
    win = PastWin.objects.get(credit_code=codes[0])
    assert (win.round_year, win.level, win.money_paid) == (2020, "prize", Decimal("500000"))
    assert win.approved_on == date(2021, 1, 18)
    ban = PastBan.objects.get()
    assert (ban.reason, ban.measures, ban.ends_on) == ("fraud", "2017", date(2029, 6, 1))
    entry = DecisionLogEntry.objects.get(action="history.import")
    assert entry.object_id == str(batch.pk)
    assert len(entry.data["wins"]) == 2


def test_one_bad_row_imports_nothing_and_names_row_and_column() -> None:
    good = make_credit_code()
    book = workbook(
        wins=[
            win_row(good),
            win_row("91360700MA00000XXX", year=2018),
            win_row(make_credit_code(), level="金奖"),
        ],
        bans=[ban_row(make_credit_code(), ends="")],
    )
    batch, errors = run_import(book)
    assert batch is None
    assert not PastWin.objects.exists() and not PastBan.objects.exists()
    assert not HistoryImport.objects.exists()
    found = {(e.sheet, e.row, e.column) for e in errors}
    assert (WIN_SHEET, 3, "Credit code") in found
    assert (WIN_SHEET, 4, "Level") in found
    assert (BAN_SHEET, 2, "Until") in found


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (win_row("X", programme="nope"), "Programme", "Unknown programme"),
        (win_row("X", year=1800), "Round year", "year"),
        (win_row("X", approved_on="2019-13-40"), "Approval date", "YYYY-MM-DD"),
        (win_row("X", approved_on="2099-01-01"), "Approval date", "future"),
        (win_row("X", year=2020, approved_on="2019-05-01"), "Approval date", "predate"),
        (win_row("X", money=-5), "Money paid", "amount"),
        (win_row("X", name=""), "Organisation", "Required"),
    ],
)
def test_each_bad_cell_is_reported(row, column, message) -> None:
    row = tuple(make_credit_code() if v == "X" else v for v in row)
    _batch, errors = run_import(workbook(wins=[row]))
    assert [(e.row, e.column) for e in errors] == [(2, column)]
    assert message in errors[0].message


def test_a_2022_measures_ban_must_last_its_r8_length() -> None:
    code = make_credit_code()
    _batch, errors = run_import(
        workbook(bans=[ban_row(code, measures="2022", starts="2024-03-01", ends="2030-03-01")])
    )
    assert len(errors) == 1 and "2034-03-01" in errors[0].message
    batch, errors = run_import(
        workbook(bans=[ban_row(code, reason="撤销", measures="2022", starts="2024-03-01", ends="")])
    )
    assert errors == []
    assert PastBan.objects.get().ends_on == date(2029, 3, 1)  # 5 years (Art. 30)
    assert PastBan.objects.get().reason == BanReason.REVOCATION


def test_duplicate_rows_and_repeated_imports_are_refused() -> None:
    code = make_credit_code()
    _b, errors = run_import(workbook(wins=[win_row(code), win_row(code)]))
    assert [(e.row, "row 2" in e.message) for e in errors] == [(3, True)]
    run_import(workbook(wins=[win_row(code)]))
    _b, errors = run_import(workbook(wins=[win_row(code)]))
    assert errors and "Already imported" in errors[0].message
    assert PastWin.objects.count() == 1


def test_a_win_already_in_the_portal_is_refused() -> None:
    round, approval = published_round(date(2021, 1, 10), year=2020)
    grant = grant_in(round, approval)
    code = grant.organisation.credit_code
    _b, errors = run_import(workbook(wins=[win_row(code, year=2020)]))
    assert errors and "already recorded in the portal" in errors[0].message


def test_not_a_workbook_and_wrong_header() -> None:
    _b, errors = run_import(io.BytesIO(b"%PDF-1.4 not excel"))
    assert "not a readable Excel workbook" in errors[0].message
    _b, errors = run_import(workbook(wins=[win_row(make_credit_code())], win_header=["a", "b"]))
    assert "header row" in errors[0].message


def test_programme_of_another_office_is_refused() -> None:
    _b, errors = run_import(workbook(wins=[win_row(make_credit_code())]), office=_county_office())
    assert errors and errors[0].column == "Programme"


def test_only_the_office_imports() -> None:
    with pytest.raises(DomainError):
        import_history(workbook(), actor=applicant_user(), original_name="x.xlsx")


# --- The rules use the history --------------------------------------------------------------


def test_imported_prize_makes_a_repeat_win_with_no_money() -> None:
    """R4 / R7: a prize won before the portal makes the next prize a repeat win."""
    org = OrganisationFactory()
    round = RoundFactory(year=2030)
    assert not is_repeat_prize_winner(org, round)
    run_import(workbook(wins=[win_row(org.credit_code, year=2020)]))
    assert is_repeat_prize_winner(org, round)
    assert prize_amount(round, PrizeLevel.PRIZE, is_repeat_prize_winner(org, round)) == 0
    assert repeat_prize_winner_ids(round, [org.pk]) == {org.pk}


def test_imported_nomination_or_later_win_is_not_a_repeat() -> None:
    org, other = OrganisationFactory(), OrganisationFactory()
    round = RoundFactory(year=2020)
    run_import(
        workbook(
            wins=[
                win_row(org.credit_code, year=2018, level="提名奖", money=0),
                win_row(other.credit_code, year=2022, approved_on="2023-01-05"),
            ]
        )
    )
    assert prize_winner_ids_before(round, [org.pk, other.pk]) == set()


def test_imported_prize_sets_the_r7_interval() -> None:
    """R7 / Art. 27: a prize in round N (imported) allows a new application once two rounds
    have been held after N; the rounds before the portal count when the history names them."""
    org = OrganisationFactory()
    run_import(workbook(wins=[win_row(org.credit_code, year=2020)]))
    round = RoundFactory(year=2024)
    assert prize_interval(org, round) == PrizeInterval(2020, 0, 2)
    with pytest.raises(DomainError) as exc:
        start_application(round, org, actor=applicant_user(org))
    assert exc.value.rule == "R7" and "2020" in exc.value.message
    other = OrganisationFactory()
    run_import(workbook(wins=[win_row(other.credit_code, year=2022)]))
    assert prize_interval(org, RoundFactory(year=2026)) == PrizeInterval(2020, 2, 2)


@pytest.mark.parametrize(
    ("portal_year", "imported_year", "won_in"), [(2018, 2022, 2022), (2022, 2018, 2022)]
)
def test_the_later_of_portal_and_imported_wins_sets_the_interval(
    portal_year, imported_year, won_in
) -> None:
    round, approval = published_round(date(portal_year + 1, 1, 10), year=portal_year)
    org = grant_in(round, approval).organisation
    _b, errors = run_import(workbook(wins=[win_row(org.credit_code, year=imported_year)]))
    assert errors == []
    assert prize_interval(org, RoundFactory(year=2026)).won_in == won_in


def test_imported_ban_under_the_2017_measures_refuses_an_application() -> None:
    """R8 / Art. 34: a bar decided under the 2017 measures still refuses, saying until when."""
    org = OrganisationFactory()
    today = timezone.localdate()
    ends = today + timedelta(days=400)
    run_import(
        workbook(bans=[ban_row(org.credit_code, starts="2019-06-01", ends=ends.isoformat())])
    )
    assert active_ban_until(org, programme()) == ends
    with pytest.raises(DomainError) as exc:
        check_not_banned(org, programme())
    assert exc.value.rule == "R8" and str(ends.year) in exc.value.message
    with pytest.raises(DomainError):
        start_application(RoundFactory(), org, actor=applicant_user(org))


def test_an_ended_imported_ban_does_not_refuse() -> None:
    org = OrganisationFactory()
    run_import(workbook(bans=[ban_row(org.credit_code, starts="2010-01-01", ends="2020-01-01")]))
    assert active_ban_until(org, programme()) is None


def test_the_longest_of_portal_and_imported_bans_counts() -> None:
    grant = valid_grant()
    revoke(grant, RevocationGround.TAX)  # 5 years from today
    far = timezone.localdate() + timedelta(days=9 * 365)
    run_import(workbook(bans=[ban_row(grant.organisation.credit_code, ends=far.isoformat())]))
    assert active_ban_until(grant.organisation, programme()) == far


# --- A bar stops applications in progress (R8) ----------------------------------------------


def test_imported_ban_stops_applications_in_progress_with_the_reason() -> None:
    org = OrganisationFactory()
    user = applicant_user(org)
    draft = ApplicationFactory(organisation=org)
    submitted = ApplicationFactory(organisation=org, status=ApplicationStatus.SUBMITTED)
    eligible = ApplicationFactory(organisation=org, status=ApplicationStatus.ELIGIBLE)
    done = ApplicationFactory(organisation=org, status=ApplicationStatus.NOT_AWARDED)
    bystander = ApplicationFactory(status=ApplicationStatus.SUBMITTED)
    ends = timezone.localdate() + timedelta(days=1000)
    run_import(workbook(bans=[ban_row(org.credit_code, ends=ends.isoformat())]))
    for app in (draft, submitted, eligible, done, bystander):
        app.refresh_from_db()
    assert draft.status == ApplicationStatus.WITHDRAWN
    assert submitted.status == eligible.status == ApplicationStatus.DISQUALIFIED
    assert done.status == ApplicationStatus.NOT_AWARDED
    assert bystander.status == ApplicationStatus.SUBMITTED
    entry = DecisionLogEntry.objects.get(
        action="application.disqualified", object_id=str(submitted.pk)
    )
    assert day_text(ends) in entry.reason and "Art. 28 and 30 of the Measures" in entry.reason
    assert Notification.objects.filter(user=user, body__contains=day_text(ends)).count() == 3


def test_revocation_stops_the_organisations_application_in_progress() -> None:
    grant = valid_grant()
    later = ApplicationFactory(organisation=grant.organisation, status=ApplicationStatus.SUBMITTED)
    revoke(grant, RevocationGround.FRAUD)
    later.refresh_from_db()
    assert later.status == ApplicationStatus.DISQUALIFIED
    entry = DecisionLogEntry.objects.get(action="application.disqualified")
    assert "Art. 28 and 30 of the Measures" in entry.reason


# --- Pages ----------------------------------------------------------------------------------


def _upload(data: io.BytesIO, name: str = "历史.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data.getvalue())


def test_office_downloads_the_template_and_imports_from_the_page(client) -> None:
    client.force_login(office_user())
    revocations = client.get(reverse("sanctions:revocation_list")).content.decode()
    assert reverse("grants:history") in revocations
    template = client.get(reverse("grants:history_template"))
    assert template.status_code == 200
    assert load_workbook(io.BytesIO(template.content)).sheetnames == [WIN_SHEET, BAN_SHEET]
    code = make_credit_code()
    response = client.post(
        reverse("grants:history"), {"file": _upload(workbook(wins=[win_row(code)]))}
    )
    assert response.status_code == 302
    page = client.get(reverse("grants:history")).content.decode()
    assert code in page


def test_page_shows_the_row_errors_and_imports_nothing(client) -> None:
    client.force_login(office_user())
    book = workbook(wins=[win_row(make_credit_code()), win_row("BAD")])
    response = client.post(reverse("grants:history"), {"file": _upload(book)})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="import-errors"' in page and page.count('class="import-error"') == 1
    assert not PastWin.objects.exists()


def test_a_non_excel_upload_is_refused_by_the_form(client) -> None:
    client.force_login(office_user())
    response = client.post(
        reverse("grants:history"),
        {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")},
    )
    assert response.status_code == 400
    assert not HistoryImport.objects.exists()


@pytest.mark.parametrize("who", ["applicant", "liaison", "anonymous"])
def test_outsiders_get_404(client, who) -> None:
    from tests.factories import liaison_user

    if who == "applicant":
        client.force_login(applicant_user())
    elif who == "liaison":
        client.force_login(liaison_user())
    expected = 302 if who == "anonymous" else 404
    assert client.get(reverse("grants:history")).status_code == expected
    assert client.get(reverse("grants:history_template")).status_code == expected


def test_county_office_does_not_see_the_mayor_awards_history(client) -> None:
    code = make_credit_code()
    run_import(workbook(wins=[win_row(code)]))
    client.force_login(_county_office())
    assert code not in client.get(reverse("grants:history")).content.decode()


def test_history_page_query_count_is_flat(client) -> None:
    office = office_user()
    client.force_login(office)
    url = reverse("grants:history")

    def fill(n: int) -> None:
        run_import(
            workbook(
                wins=[win_row(make_credit_code()) for _ in range(n)],
                bans=[ban_row(make_credit_code()) for _ in range(n)],
            ),
            office=office,
        )

    fill(2)
    small = count_queries(lambda: client.get(url))
    fill(10)
    large = count_queries(lambda: client.get(url))
    assert small == large
    assert client.get(url).content.decode().count("赣州被禁企业有限公司") == 12


def test_bans_page_lists_imported_bans_in_force(client) -> None:
    code = make_credit_code()
    run_import(workbook(bans=[ban_row(code, ends="2099-01-01")]))
    client.force_login(office_user())
    page = client.get(reverse("sanctions:bans")).content.decode()
    assert 'id="past-bans-in-force"' in page and code in page
