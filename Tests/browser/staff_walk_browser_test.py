"""The staff console walked in a real browser (headless Chromium), as its users would (issue 12):

an administrator signs in, imports the unit register and the dossier statistics, sets a
satisfaction target from this month on, and creates an analyst and a handler, each with a one-time
link, and sets the handler's work email; downloads a form's Hmong strings for a translator, uploads the translated file, previews it
and downloads the YAML to commit (issue 17), reads the audit log, looks up a personal-data request
and creates an API token and sets their work email on their own account; the analyst sets a password, signs in, opens the
dashboard and the report from home and downloads the report CSV, opens the seed PAR plan's Q3
report from the header's "Kế hoạch CCHC" and the index of plans, enters a target's value with its
evidence and downloads the report's XLSX workbook, exports the responses in the background (the
progress page, then the file); a clerk types in a stack of paper forms; a unit's
leader registers a one-stop desk and its officer and opens the desk's A4 sheet, whose QR code zbar
reads from a screenshot; two citizens rate from that link on a 320-px phone, one naming the officer;
the leader reads the desk's figures (the officer's single rating stays hidden), registers a kiosk
on the desk, and a citizen rates at the kiosk at 320 px, one question per screen, without a cookie,
and sees it start again by itself; a citizen sends feedback; the handler takes the
item from the queue, adds a note, fills a reply template, and publishes it with an edited public
title; the citizen sees the published reply and, on a 320-px phone (a page without any script),
rates it dissatisfied with a reason; the handler finds the request to reconsider and keeps the
result with a reason, which the citizen then reads. axe-core (bundled by axe-selenium-python, no network)
checks every page of the walk: no critical or serious violation. Needs BASE_URL, DATABASE_URL and
ADMIN_LOGIN / ADMIN_PASSWORD of an administrator that run.sh created.
"""
import csv
import glob
import os
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
import uuid
import zipfile

import psycopg
from axe_selenium_python import Axe
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select
from selenium.webdriver.support.wait import WebDriverWait

# A 320-px phone's browser: the survey test's.
from sipas_browser_test import browser as phone

BASE_URL = os.environ["BASE_URL"].rstrip("/")
DATABASE_URL = os.environ["DATABASE_URL"].split("?")[0]
ADMIN_LOGIN = os.environ["ADMIN_LOGIN"]
ADMIN_PASSWORD = os.environ["ADMIN_PASSWORD"]
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts", "data")
REGISTER = os.path.join(DATA, "units-lao-cai.yaml")
DOSSIERS = os.path.join(DATA, "dossiers-lao-cai-2026-q1.csv")
# The seed plan (Forms/plans/2022-LC.SVHTT.yaml) for its Q3 report; reform-initiatives is entered by
# the department's office (LC.SVHTT.VP), which the analyst's grant on LC reaches.
PLAN_PAGE = "/staff/plans/2022-LC.SVHTT/2022-Q3"
PLAN_TARGET = "reform-initiatives"
PLAN_EVIDENCE = "https://svhtt.laocai.gov.vn/sang-kien-cchc-2022.pdf"
PASSWORDS = {"phantich": "đèo Ô Quy Hồ mùa sương 2026", "xuly": "ruộng bậc thang Mù Cang Chải",
             "motcua": "chợ phiên Bắc Hà sáng chủ nhật", "lanhdao": "hoa mận trắng Mộc Châu tháng giêng"}
# The desk the leader registers (issue 16); scripts/test serves the walk with MIN_RESPONDENTS=2, so
# that the walk's two ratings show the desk's figures and the officer's one rating stays hidden.
DESK_LABEL = "Quầy số 1 — Tiếp nhận hồ sơ văn hóa"
DESK_OFFICER = "Nguyễn Thị Hoa"
# The desk's kiosk (issue 16); scripts/test serves the walk with KIOSK_RESET_SECONDS=3, so that the
# walk sees the thank-you screen go back to the start.
KIOSK_LABEL = "Máy tính bảng quầy số 1"

checked_pages = []


def browser(downloads):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,900"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"download.default_directory": downloads,
                                              "download.prompt_for_download": False})
    # Named explicitly so selenium does not try to download a driver (there is no internet).
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    # axe-core on the translations page checks every string still shown in Vietnamese (about a
    # thousand list items): on a loaded 2-core machine that outlasts selenium's 30 s default.
    driver.set_script_timeout(180)
    return driver


def wait_for_new_page(driver, old_page):
    def replaced(driver):
        # While the next page loads, chromedriver may answer "Node with given id does not belong
        # to the document" instead of a stale-element error: either means the old page is gone.
        try:
            old_page.is_enabled()
            return False
        except WebDriverException:
            pass
        try:
            return driver.execute_script("return document.readyState") == "complete"
        except WebDriverException:
            return False

    WebDriverWait(driver, 15).until(replaced)


def click(driver, element):
    """Clicks a link or button that loads another page, and waits for it."""
    old_page = driver.find_element(By.TAG_NAME, "html")
    element.click()
    wait_for_new_page(driver, old_page)


def submit(driver, form):
    click(driver, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))


def form_posting_to(driver, action):
    return driver.find_element(By.CSS_SELECTOR, f"form[action='{action}']")


def axe_check(driver, name):
    """axe-core on the page now shown: no critical or serious violation."""
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    bad = [v for v in results["violations"] if v.get("impact") in ("critical", "serious")]
    checked_pages.append(name)
    if bad:
        details = "\n".join(f"  {v['id']} ({v['impact']}): {v['help']} at "
                            + ", ".join(str(node.get("target")) for node in v["nodes"][:5]) for v in bad)
        raise AssertionError(f"axe-core on {name} ({driver.current_url}):\n{details}")
    print(f"browser walk: axe-core on {name}: no critical or serious violation "
          f"({len(results['violations'])} minor, {len(results['passes'])} rules passed)")


def downloaded(downloads, name):
    """Waits for a download called `name` to finish; returns its text and removes it (the analyst's
    report check takes the first CSV it finds)."""
    path = os.path.join(downloads, name)
    deadline = time.time() + 15
    while time.time() < deadline:
        if os.path.exists(path) and not glob.glob(os.path.join(downloads, "*.crdownload")):
            break
        time.sleep(0.2)
    assert os.path.exists(path), f"{name} was downloaded"
    with open(path, encoding="utf-8-sig") as handle:
        text = handle.read()
    os.remove(path)
    return text


def sign_in(driver, login, password):
    driver.get(f"{BASE_URL}/staff/login")
    axe_check(driver, "sign-in")
    driver.find_element(By.ID, "login").send_keys(login)
    driver.find_element(By.ID, "password").send_keys(password)
    submit(driver, form_posting_to(driver, "/staff/login"))
    assert driver.current_url.rstrip("/").endswith("/staff"), driver.current_url


def sign_out(driver):
    submit(driver, form_posting_to(driver, "/staff/logout"))
    assert "/staff/login" in driver.current_url, driver.current_url


def nav_link(driver, href):
    return driver.find_element(By.CSS_SELECTOR, f"header nav a[href='{href}']")


def admin_prepares(driver, downloads):
    sign_in(driver, ADMIN_LOGIN, ADMIN_PASSWORD)
    axe_check(driver, "admin home")
    # The unit register, through the console: preview, then confirm.
    click(driver, nav_link(driver, "/staff/admin/units"))
    axe_check(driver, "units")
    driver.find_element(By.ID, "f-register").send_keys(os.path.abspath(REGISTER))
    submit(driver, form_posting_to(driver, "/staff/admin/units/preview"))
    assert "LC.SVHTTDL" in driver.page_source, "the preview lists the units it creates"
    axe_check(driver, "units preview")
    submit(driver, form_posting_to(driver, "/staff/admin/units/import"))
    assert "<td>LC.SVHTTDL</td>" in driver.page_source, "the tree shows the imported units"
    # The one-stop system's dossier statistics, for the units just imported.
    click(driver, nav_link(driver, "/staff/admin/dossiers"))
    axe_check(driver, "dossier import")
    driver.find_element(By.ID, "f-file").send_keys(os.path.abspath(DOSSIERS))
    submit(driver, form_posting_to(driver, "/staff/admin/dossiers"))
    done = driver.find_element(By.CSS_SELECTOR, "main [role=status]").text
    assert "21" in done and "6" in done, done
    assert "dossiers-lao-cai-2026-q1.csv" in driver.page_source, "the import is listed"
    axe_check(driver, "dossier import done")
    # A satisfaction target for the province from this month on (the form proposes it).
    click(driver, nav_link(driver, "/staff/admin/targets"))
    axe_check(driver, "targets")
    form = form_posting_to(driver, "/staff/admin/targets")
    Select(form.find_element(By.ID, "f-unit")).select_by_value("LC")
    form.find_element(By.ID, "f-target").send_keys("92")
    submit(driver, form)
    assert "92.0% (" in driver.page_source, "the table of effective targets shows the new one"
    axe_check(driver, "targets set")
    links = {}
    click(driver, nav_link(driver, "/staff/admin/users"))
    axe_check(driver, "accounts")
    for login, role, unit in (("phantich", "analyst", "LC"), ("xuly", "handler", "LC.SVHTTDL"),
                               ("motcua", "clerk", "LC.SVHTTDL"), ("lanhdao", "leader", "LC.SVHTTDL.QLVH")):
        form = form_posting_to(driver, "/staff/admin/users")
        form.find_element(By.ID, "f-login").send_keys(login)
        form.find_element(By.ID, "f-displayName").send_keys(f"Cán bộ {login}")
        Select(form.find_element(By.ID, "f-role")).select_by_value(role)
        Select(form.find_element(By.ID, "f-unit")).select_by_value(unit)
        form.find_element(By.CSS_SELECTOR, "input[name=method][value=link]").click()
        submit(driver, form)
        secret = driver.find_element(By.ID, "secret").text
        assert "/staff/password/cv_" in secret, secret
        links[login] = secret
        print(f"browser walk: {login} ({role} on {unit}) created with a one-time link")
    axe_check(driver, "accounts with a new link")
    # The handler's work email, where due date reminders go, set by the admin on the account.
    driver.get(f"{BASE_URL}/staff/admin/users/xuly")
    form = form_posting_to(driver, "/staff/admin/users/xuly/email")
    form.find_element(By.ID, "f-email").send_keys(" XuLy@LaoCai.gov.vn ")
    submit(driver, form)
    assert driver.find_element(By.ID, "f-email").get_attribute("value") == "xuly@laocai.gov.vn", "the address normalised"
    axe_check(driver, "account with a work email")
    admin_translates(driver, downloads)
    admin_reads_the_log_and_a_request(driver)
    admin_subscribes_a_webhook(driver)
    own_account(driver)
    sign_out(driver)
    return links


def admin_translates(driver, downloads):
    """A translator's round trip (issue 17): pakn's Hmong strings out as CSV, one filled in (test
    data, not a checked translation), a broken file refused at its line, the good one previewed
    and confirmed into the YAML that the form's owner commits."""
    click(driver, nav_link(driver, "/staff/admin/translations"))
    axe_check(driver, "translations")
    driver.find_element(By.CSS_SELECTOR, "a[href='/staff/admin/translations/pakn/hmn?format=csv']").click()
    rows = list(csv.reader(downloaded(downloads, "pakn.hmn.csv").splitlines()))
    header, body = rows[0], rows[1:]
    column = {name: index for index, name in enumerate(header)}
    assert {"id", "vi", "hmn", "status"} <= set(column), header
    other = next(row for row in body if row[column["id"]] == "pakn:questions.category.options.other")
    assert other[column["hmn"]] == "" and other[column["status"]] == "missing", other
    other[column["hmn"]] = "Lwm yam"
    other[column["status"]] = "draft"
    folder = tempfile.mkdtemp(prefix="civicvoice-translator-")

    def upload(name, rows_to_write):
        path = os.path.join(folder, name)
        with open(path, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\r\n").writerows([header] + rows_to_write)
        driver.find_element(By.ID, "f-translation").send_keys(path)
        submit(driver, form_posting_to(driver, "/staff/admin/translations/preview"))

    broken = [list(other)]
    broken[0][column["id"]] = "pakn:questions.categroy.options.other"
    upload("pakn.hmn.broken.csv", broken)
    assert "questions.categroy.options.other" in driver.page_source and ">2<" in driver.page_source, \
        "the refusal names the line"
    axe_check(driver, "translation refused")
    click(driver, driver.find_element(By.CSS_SELECTOR, "main a[href='/staff/admin/translations']"))
    upload("pakn.hmn.csv", [other])
    assert "Lwm yam" in driver.page_source, "the preview shows the new translation"
    axe_check(driver, "translation preview")
    form_posting_to(driver, "/staff/admin/translations/import").find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    yaml = downloaded(downloads, "pakn.yaml")
    assert "hmn: {text: Lwm yam, status: draft" in yaml, "the YAML to commit has the translation"
    print("browser walk: pakn's Hmong CSV downloaded, translated, previewed, and its YAML downloaded")


def admin_reads_the_log_and_a_request(driver):
    click(driver, nav_link(driver, "/staff/admin/audit"))
    axe_check(driver, "audit log")
    driver.find_element(By.ID, "f-action").send_keys("translations.")
    submit(driver, driver.find_element(By.CSS_SELECTOR, "main form[action='/staff/admin/audit']"))
    assert "translations.import" in driver.page_source and "translations.export" in driver.page_source
    axe_check(driver, "audit log filtered")
    click(driver, nav_link(driver, "/staff/admin/privacy"))
    axe_check(driver, "personal data requests")
    form = form_posting_to(driver, "/staff/admin/privacy/search")
    form.find_element(By.ID, "f-value").send_keys("khong.co.ai@example.vn")
    submit(driver, form)
    assert driver.find_elements(By.ID, "h-found"), "the search answered"
    axe_check(driver, "personal data search")


def admin_subscribes_a_webhook(driver):
    """The province's SMS gateway subscribed to receipts and publications: a bad URL is refused
    with the fields kept, then the secret is shown once; the subscription's page lists deliveries."""
    click(driver, nav_link(driver, "/staff/admin/webhooks"))
    axe_check(driver, "webhooks")
    form = form_posting_to(driver, "/staff/admin/webhooks")
    form.find_element(By.ID, "f-name").send_keys("Cổng SMS của tỉnh")
    # type=url lets ftp:// through; the server refuses it.
    form.find_element(By.ID, "f-url").send_keys("ftp://sms.laocai.gov.vn/pakn")
    form.find_element(By.CSS_SELECTOR, "input[name=events][value='feedback.received']").click()
    submit(driver, form)
    assert "https://" in driver.find_element(By.CSS_SELECTOR, "main [role=alert]").text, "the bad URL is explained"
    axe_check(driver, "webhook refused")
    form = form_posting_to(driver, "/staff/admin/webhooks")
    url = form.find_element(By.ID, "f-url")
    url.clear()
    url.send_keys("http://127.0.0.1:9/pakn")
    assert form.find_element(By.CSS_SELECTOR, "input[name=events][value='feedback.received']").is_selected(), "choice kept"
    form.find_element(By.CSS_SELECTOR, "input[name=events][value='feedback.published']").click()
    form.find_element(By.ID, "f-personal").click()
    submit(driver, form)
    secret = driver.find_element(By.ID, "secret").text
    assert secret.startswith("whsec_"), secret
    axe_check(driver, "webhook created, secret shown once")
    click(driver, driver.find_element(By.LINK_TEXT, "Cổng SMS của tỉnh"))
    assert "feedback.received, feedback.published" in driver.page_source
    axe_check(driver, "webhook deliveries")
    print("browser walk: a webhook subscribed, its secret shown once")


def own_account(driver):
    click(driver, driver.find_element(By.CSS_SELECTOR, "header a[href='/staff/account']"))
    axe_check(driver, "own account")
    form = form_posting_to(driver, "/staff/account/tokens")
    form.find_element(By.ID, "f-label").send_keys("báo cáo hằng quý")
    submit(driver, form)
    assert "cv_" in driver.page_source, "the new token is shown once"
    axe_check(driver, "own account with a new token")
    form = form_posting_to(driver, "/staff/account/email")
    # One the browser lets through (type=email takes a dotless domain) and the server refuses.
    form.find_element(By.ID, "f-email").send_keys("quantri@laocai")
    submit(driver, form)
    assert driver.find_element(By.ID, "f-email").get_attribute("aria-invalid") == "true", "a malformed address is refused"
    axe_check(driver, "own account, email refused")
    form = form_posting_to(driver, "/staff/account/email")
    email = form.find_element(By.ID, "f-email")
    email.clear()
    email.send_keys("quantri@laocai.gov.vn")
    submit(driver, form)
    assert "done=email" in driver.current_url, driver.current_url
    axe_check(driver, "own account with a work email")


def set_password(driver, link, login):
    driver.get(link)
    axe_check(driver, "set password")
    form = driver.find_element(By.CSS_SELECTOR, "form[method=post]")
    form.find_element(By.ID, "f-new").send_keys(PASSWORDS[login])
    form.find_element(By.ID, "f-confirm").send_keys(PASSWORDS[login])
    submit(driver, form)
    assert "/staff/login" in driver.current_url, driver.current_url
    driver.get(link)
    assert "410" in driver.title or driver.find_elements(By.TAG_NAME, "h1"), "the used link is gone"


def downloaded_files(downloads, pattern):
    """The files matching `pattern` once Chromium has finished writing them (within 15 s)."""
    deadline = time.time() + 15
    files = []
    while time.time() < deadline:
        files = glob.glob(os.path.join(downloads, pattern))
        if files and not glob.glob(os.path.join(downloads, "*.crdownload")):
            break
        time.sleep(0.2)
    return files


def analyst_reads(driver, downloads):
    set_password(driver, LINKS["phantich"], "phantich")
    sign_in(driver, "phantich", PASSWORDS["phantich"])
    axe_check(driver, "analyst home")
    click(driver, driver.find_element(By.CSS_SELECTOR, "main a[href^='/staff/dashboard?unit=LC']"))
    assert "/staff/dashboard" in driver.current_url, driver.current_url
    assert driver.find_elements(By.ID, "f-form"), "the dashboard has the questionnaire selector"
    axe_check(driver, "dashboard")
    # The report page (HTML) from home: its selectors, verdict column and interval line.
    click(driver, nav_link(driver, "/staff"))
    click(driver, driver.find_element(By.CSS_SELECTOR, "main a[href^='/staff/reports/']:not([href*='format='])"))
    assert "/staff/reports/" in driver.current_url, driver.current_url
    assert driver.find_elements(By.ID, "f-form"), "the report has the questionnaire selector"
    axe_check(driver, "report")
    click(driver, nav_link(driver, "/staff"))
    report = driver.find_element(By.CSS_SELECTOR, "main a[href*='/staff/reports/'][href*='format=csv']")
    report.click()
    files = downloaded_files(downloads, "*.csv")
    assert files, "the report CSV was downloaded"
    with open(files[0], encoding="utf-8-sig") as handle:
        header = handle.readline()
    assert header.strip(), "the CSV has a header row"
    print(f"browser walk: the analyst downloaded {os.path.basename(files[0])}")
    analyst_reports_on_the_plan(driver, downloads)
    analyst_exports(driver, downloads)
    sign_out(driver)


def analyst_exports(driver, downloads):
    """A background export (issue 14): started from the console's header, followed on its page,
    which reloads itself while the job runs, and downloaded once done."""
    click(driver, nav_link(driver, "/staff/exports"))
    assert "/staff/exports" in driver.current_url, driver.current_url
    axe_check(driver, "exports")
    form = driver.find_element(By.CSS_SELECTOR, "main form[action^='/staff/exports?unit=']")
    Select(form.find_element(By.ID, "x-form")).select_by_value("sipas")
    form.find_element(By.CSS_SELECTOR, "input[name=format][value=csv]").click()
    submit(driver, form)
    assert re.search(r"/staff/exports/[0-9a-f-]{36}$", driver.current_url), driver.current_url
    job_page = driver.current_url
    axe_check(driver, "export progress")
    # The page reloads itself every few seconds (the Refresh header, which the reader can stop)
    # until the job is done, then offers the file.
    WebDriverWait(driver, 60).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "main a[href$='/file'], main .err"))
    failure = driver.find_elements(By.CSS_SELECTOR, "main .err")
    assert not failure, f"the export failed: {failure[0].text}"
    assert not driver.find_elements(By.XPATH, "//main//a[contains(@href, 'refresh=off')]"), \
        "a finished export's page offers no reloading to stop"
    axe_check(driver, "export done")
    driver.find_element(By.CSS_SELECTOR, "main a[href$='/file']").click()
    files = downloaded_files(downloads, "responses-*.csv")
    assert files, "the export's CSV was downloaded"
    with open(files[0], encoding="utf-8-sig") as handle:
        header = handle.readline()
    assert "[" in header, f"the export's CSV has its question columns: {header!r}"
    print(f"browser walk: the analyst exported {os.path.basename(files[0])} in the background ({job_page})")
    # The list of the analyst's exports links the job.
    click(driver, nav_link(driver, "/staff/exports"))
    assert driver.find_elements(By.CSS_SELECTOR, f"main a[href='{job_page[len(BASE_URL):]}']"), "the export is listed"


def analyst_reports_on_the_plan(driver, downloads):
    # No URL typed: the header's link, then the index of plans.
    click(driver, nav_link(driver, "/staff/plans"))
    axe_check(driver, "plans")
    click(driver, driver.find_element(By.CSS_SELECTOR, f"main a[href='{PLAN_PAGE}']"))
    assert driver.current_url.endswith(PLAN_PAGE), driver.current_url
    axe_check(driver, "plan Q3")
    form = driver.find_element(By.XPATH, f"//form[.//input[@name='target'][@value='{PLAN_TARGET}']]")
    form.find_element(By.ID, f"v-{PLAN_TARGET}").send_keys("2")
    form.find_element(By.ID, f"n-{PLAN_TARGET}").send_keys("Quyết định công nhận 2 sáng kiến cải cách hành chính năm 2022.")
    form.find_element(By.ID, f"l-{PLAN_TARGET}").send_keys(PLAN_EVIDENCE)
    submit(driver, form)
    assert f"saved={PLAN_TARGET}" in driver.current_url, driver.current_url
    assert driver.find_elements(By.CSS_SELECTOR, "main [role=status]"), "the page says the value was saved"
    row = driver.find_element(By.ID, f"t-{PLAN_TARGET}")
    assert row.find_elements(By.CSS_SELECTOR, "td.met"), f"2 initiatives meet the target of 2: {row.text}"
    assert row.find_elements(By.CSS_SELECTOR, f"a[href='{PLAN_EVIDENCE}']"), "the evidence is linked"
    axe_check(driver, "plan Q3 with a value entered")
    driver.find_element(By.CSS_SELECTOR, f"main a[href='{PLAN_PAGE}?format=xlsx']").click()
    files = downloaded_files(downloads, "*.xlsx")
    assert files, "the plan's XLSX workbook was downloaded"
    with zipfile.ZipFile(files[0]) as workbook:
        names = workbook.namelist()
        sheets = [name for name in names if name.startswith("xl/worksheets/sheet")]
        shared = "".join(workbook.read(name).decode("utf-8") for name in names if name.startswith("xl/"))
    assert "xl/workbook.xml" in names and len(sheets) == 7, names
    assert PLAN_EVIDENCE in shared, "the workbook carries the evidence just entered"
    print(f"browser walk: the analyst entered {PLAN_TARGET} on {PLAN_PAGE} and downloaded "
          f"{os.path.basename(files[0])} ({len(sheets)} sheets)")


def clerk_types_a_paper_batch(driver):
    """Paper entry (issue 16): the clerk opens a batch for a stack of two sipas forms from the header,
    types each with the keyboard only (the first question has the focus, digits, Enter stores the form
    and brings the next), and counts the batch."""
    set_password(driver, LINKS["motcua"], "motcua")
    sign_in(driver, "motcua", PASSWORDS["motcua"])
    axe_check(driver, "clerk home")
    click(driver, nav_link(driver, "/staff/paper"))
    axe_check(driver, "paper batches")
    form = form_posting_to(driver, "/staff/paper")
    Select(form.find_element(By.ID, "f-form")).select_by_value("sipas")
    Select(form.find_element(By.ID, "f-unit")).select_by_value("LC.SVHTTDL.QLVH")
    form.find_element(By.ID, "f-count").send_keys("2")
    form.find_element(By.ID, "f-label").send_keys("Quầy 1, sáng")
    submit(driver, form)
    assert re.search(r"/staff/paper/[0-9]+$", driver.current_url), driver.current_url
    batch = driver.current_url[len(BASE_URL):]
    axe_check(driver, "paper batch")
    for overall in ("5", "2"):
        first = driver.switch_to.active_element
        assert first.get_attribute("id") == "q-a1", f"the first question has the focus, not {first.get_attribute('id')}"
        first.send_keys("4")
        old_page = driver.find_element(By.TAG_NAME, "html")
        driver.find_element(By.ID, "q-overall").send_keys(overall + Keys.ENTER)
        wait_for_new_page(driver, old_page)
        assert "done=entered" in driver.current_url, driver.current_url
    axe_check(driver, "paper batch with its forms typed")
    submit(driver, form_posting_to(driver, batch + "/count"))
    assert "done=counted" in driver.current_url, driver.current_url
    axe_check(driver, "paper batch counted")
    print(f"browser walk: the clerk typed and counted {batch} (2 paper forms)")
    sign_out(driver)
    return batch


def qr_code_in(driver, element, folder):
    """The text of the QR code in `element` as a phone's camera reads it: a screenshot of it as
    Chromium draws it, decoded by zbar (Debian's zbar-tools, installed by run.sh)."""
    path = os.path.join(folder, "desk-sheet-qr.png")
    element.screenshot(path)
    result = subprocess.run(["zbarimg", "--raw", "-q", "--nodbus", "-Sdisable", "-Sqrcode.enable", path],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"zbarimg found no QR code in the sheet: {result.stderr}"
    return result.stdout.strip()


def leader_registers_a_desk(driver, downloads):
    """One-stop desks (issue 16): the unit's leader registers a desk from the header, adds the
    officer serving there, opens the desk's A4 sheet and its QR code is read from the screen."""
    set_password(driver, LINKS["lanhdao"], "lanhdao")
    sign_in(driver, "lanhdao", PASSWORDS["lanhdao"])
    axe_check(driver, "leader home")
    click(driver, nav_link(driver, "/staff/desks"))
    axe_check(driver, "desks")
    form = form_posting_to(driver, "/staff/desks")
    Select(form.find_element(By.ID, "f-unit")).select_by_value("LC.SVHTTDL.QLVH")
    form.find_element(By.ID, "f-label").send_keys(DESK_LABEL)
    submit(driver, form)
    assert re.search(r"/staff/desks/[0-9]+\?done=created$", driver.current_url), driver.current_url
    desk = driver.current_url[len(BASE_URL):].split("?")[0]
    axe_check(driver, "desk")
    form = form_posting_to(driver, desk + "/officers")
    form.find_element(By.ID, "f-name").send_keys(DESK_OFFICER)
    submit(driver, form)
    assert DESK_OFFICER in driver.find_element(By.TAG_NAME, "main").text, "the officer is listed"
    axe_check(driver, "desk with an officer")
    click(driver, driver.find_element(By.CSS_SELECTOR, f"main a[href='{desk}/sheet?size=a4']"))
    axe_check(driver, "desk sheet (A4)")
    url = qr_code_in(driver, driver.find_element(By.CSS_SELECTOR, "#sheet .code svg"), downloads)
    printed = driver.find_element(By.CSS_SELECTOR, "#sheet .url").text
    assert re.fullmatch(re.escape(BASE_URL) + r"/f/dossier-rating\?desk=[A-Z2-7]{8}", url), url
    assert url == printed, f"the QR code ({url}) is the link printed under it ({printed})"
    print(f"browser walk: the leader registered {desk} and zbar read its sheet's QR code: {url}")
    sign_out(driver)
    return desk, url


def citizens_rate_from_the_desk(url):
    """Two citizens open the QR code's link on a 320-px phone: the form names the desk and offers
    its officer; one picks her, the other does not."""
    driver = phone()
    try:
        for number, (overall, officer) in enumerate((("5", DESK_OFFICER), ("4", None)), start=1):
            driver.get(url)
            assert DESK_LABEL in driver.find_element(By.TAG_NAME, "main").text, "the form names the desk"
            assert not driver.find_elements(By.ID, "f-unit"), "the desk decides the unit"
            width = driver.execute_script("return document.documentElement.scrollWidth")
            assert width <= 320, f"the rating page is {width}px wide at 320px"
            if number == 1:
                axe_check(driver, "dossier rating from a desk's QR code (320 px)")
            driver.find_element(By.ID, "f-dossier_code").send_keys(f"000.00.{number:02d}.H29-260301-{uuid.uuid4().hex[:4]}")
            driver.find_element(By.CSS_SELECTOR, f"input[name=overall_service][value='{overall}']").click()
            if officer:
                Select(driver.find_element(By.ID, "f-officer")).select_by_visible_text(officer)
            submit(driver, driver.find_element(By.CSS_SELECTOR, "main form[method=post]"))
            assert "/f/dossier-rating/thanks" in driver.current_url, driver.current_url
    finally:
        driver.quit()
    print("browser walk: two citizens rated from the desk's QR link at 320 px, one naming the officer")


def leader_reads_the_desks_figures(driver, desk):
    sign_in(driver, "lanhdao", PASSWORDS["lanhdao"])
    click(driver, nav_link(driver, "/staff/desks"))
    click(driver, driver.find_element(By.CSS_SELECTOR, f"main a[href='{desk}']"))
    click(driver, driver.find_element(By.CSS_SELECTOR, f"main a[href='{desk}/ratings']"))
    axe_check(driver, "desk ratings")
    # In the browser's language (Chromium asks for English): the checks read the table's cells.
    total = [cell.text for cell in driver.find_elements(By.CSS_SELECTOR, "main tr.desk-total td")]
    assert total[:2] == ["2", "100.0%"] or total[:2] == ["2", "100,0%"], f"the desk's 2 ratings, both satisfied: {total}"
    officer = driver.find_element(By.XPATH, f"//main//tbody/tr[th = '{DESK_OFFICER}']")
    assert officer.find_elements(By.CSS_SELECTOR, "td[colspan]"), f"one rating of the officer stays hidden: {officer.text}"
    print(f"browser walk: the leader read {desk}/ratings: the desk's 2 ratings, the officer's hidden")
    sign_out(driver)


def leader_registers_a_kiosk(driver, desk):
    """Kiosk mode (issue 16): the leader registers a tablet on the desk's page; its address, which
    holds its token, is shown this once."""
    sign_in(driver, "lanhdao", PASSWORDS["lanhdao"])
    driver.get(BASE_URL + desk)
    form = form_posting_to(driver, desk + "/kiosks")
    form.find_element(By.ID, "f-kiosk").send_keys(KIOSK_LABEL)
    submit(driver, form)
    url = driver.find_element(By.ID, "new-kiosk-url").text
    assert re.fullmatch(re.escape(BASE_URL) + r"/kiosk/cvk_[A-Za-z0-9_-]{43}", url), url
    axe_check(driver, "desk with a new kiosk")
    driver.get(BASE_URL + desk)
    assert url not in driver.page_source, "the kiosk's address is shown once"
    assert KIOSK_LABEL in driver.find_element(By.TAG_NAME, "main").text, "the kiosk is listed"
    print(f"browser walk: the leader registered a kiosk on {desk}")
    sign_out(driver)
    return url


def citizen_rates_at_the_kiosk(url):
    """A citizen rates at the desk's kiosk, here at 320 px: one question per screen, large targets,
    plain form posts and no cookie; the thank-you screen goes back to the start by itself."""
    driver = phone()
    try:
        driver.get(url)
        screens = []
        for _ in range(20):
            width = driver.execute_script("return document.documentElement.scrollWidth")
            assert width <= 320, f"the kiosk page is {width}px wide at 320px"
            step = driver.find_element(By.CSS_SELECTOR, "input[name=step]").get_attribute("value")
            screens.append(step)
            if step == "-officer":
                axe_check(driver, "kiosk, the officer's screen (320 px)")
                driver.find_element(By.XPATH, f"//label[span = '{DESK_OFFICER}']/input").click()
            elif step == "dossier_code":
                axe_check(driver, "kiosk, a text question (320 px)")
                driver.find_element(By.ID, "f-dossier_code").send_keys(f"000.00.01.H29-260301-{uuid.uuid4().hex[:4]}")
            else:
                choices = driver.find_elements(By.CSS_SELECTOR, f"input[type=radio][name='{step}']")
                five = [choice for choice in choices if choice.get_attribute("value") == "5"]
                if five:
                    five[0].click()
                elif choices:
                    choices[0].click()
            forward = driver.find_element(By.CSS_SELECTOR, "button[name=go]:not(.secondary)")
            height = forward.size["height"]
            assert height >= 44, f"the kiosk's button is {height}px high: too small a target"
            sending = forward.get_attribute("value") == "send"
            if sending:
                axe_check(driver, "kiosk, the last screen (320 px)")
            click(driver, forward)
            if sending:
                break
        assert "/thanks" in driver.current_url, driver.current_url
        assert screens[:3] == ["-officer", "dossier_code", "procedure_name"], screens
        axe_check(driver, "kiosk thanks (320 px)")
        assert driver.get_cookies() == [], f"the kiosk left cookies: {driver.get_cookies()}"
        WebDriverWait(driver, 15).until(lambda d: "/thanks" not in d.current_url)
        assert driver.find_element(By.CSS_SELECTOR, "input[name=step]").get_attribute("value") == "-officer"
    finally:
        driver.quit()
    print(f"browser walk: a citizen rated at the kiosk over {len(screens)} screens at 320 px; it started again by itself")


def citizen_sends(driver):
    driver.get(f"{BASE_URL}/")
    axe_check(driver, "citizen home")
    click(driver, driver.find_element(By.CSS_SELECTOR, "main a[href='/pakn/new']"))
    axe_check(driver, "PAKN form")
    for name in ("title", "content"):
        element = driver.find_element(By.ID, f"f-{name}")
        assert element.get_attribute("required") is not None, f"{name} is marked required"
    group = driver.find_element(By.ID, "q-category")
    assert group.get_attribute("aria-required") == "true", "the category group is marked required"
    driver.find_element(By.CSS_SELECTOR, "input[name=category][value=administrative_procedure]").click()
    title = f"Hồ sơ đất đai của tôi chậm {uuid.uuid4().hex[:6]}"
    driver.find_element(By.ID, "f-title").send_keys(title)
    driver.find_element(By.ID, "f-content").send_keys("Tôi nộp hồ sơ từ tháng trước mà chưa có kết quả.")
    # The units imported a minute ago are offered at once.
    Select(driver.find_element(By.ID, "f-unit")).select_by_value("LC.SVHTTDL")
    submit(driver, driver.find_element(By.CSS_SELECTOR, "main form[method=post]"))
    match = re.search(r"/pakn/(PAKN\.[0-9]{8}\.[0-9]{4}-[A-Z0-9]+)", driver.current_url)
    assert match, driver.current_url
    axe_check(driver, "PAKN sent")
    print(f"browser walk: a citizen sent {match.group(1)}")
    return match.group(1), title


def citizen_sends_again(driver, citizen_title):
    """Another citizen reports the same problem, typed without marks (issue 15's duplicates)."""
    driver.get(f"{BASE_URL}/pakn/new")
    driver.find_element(By.CSS_SELECTOR, "input[name=category][value=administrative_procedure]").click()
    plain = "".join(c for c in unicodedata.normalize("NFD", citizen_title) if unicodedata.category(c) != "Mn")
    driver.find_element(By.ID, "f-title").send_keys(plain.replace("đ", "d").replace("Đ", "D"))
    driver.find_element(By.ID, "f-content").send_keys("Toi nop ho so tu thang truoc ma chua co ket qua.")
    Select(driver.find_element(By.ID, "f-unit")).select_by_value("LC.SVHTTDL")
    submit(driver, driver.find_element(By.CSS_SELECTOR, "main form[method=post]"))
    match = re.search(r"/pakn/(PAKN\.[0-9]{8}\.[0-9]{4}-[A-Z0-9]+)", driver.current_url)
    assert match, driver.current_url
    print(f"browser walk: a second citizen sent {match.group(1)} without marks")
    return match.group(1)


def handler_links(driver, duplicate, main):
    """The handler finds the main item among the duplicate's likely duplicates and links them."""
    click(driver, nav_link(driver, "/staff/feedback"))
    click(driver, driver.find_element(By.LINK_TEXT, duplicate))
    section = driver.find_element(By.ID, "duplicates")
    assert main in section.text, section.text
    axe_check(driver, "PAKN item with a likely duplicate")
    submit(driver, section.find_element(By.CSS_SELECTOR, "form[action$='/link']"))
    section = driver.find_element(By.ID, "duplicates")
    assert main in section.text and section.find_elements(By.CSS_SELECTOR, "form[action$='/unlink']"), section.text
    axe_check(driver, "PAKN item linked to its main item")
    driver.get(f"{BASE_URL}/staff")


def handler_publishes(driver, code, citizen_title, duplicate):
    set_password(driver, LINKS["xuly"], "xuly")
    sign_in(driver, "xuly", PASSWORDS["xuly"])
    handler_links(driver, duplicate, code)
    axe_check(driver, "handler home")
    click(driver, driver.find_element(By.CSS_SELECTOR, "main a[href='/staff/feedback']"))
    axe_check(driver, "PAKN desk")
    click(driver, driver.find_element(By.LINK_TEXT, code))
    axe_check(driver, "PAKN item")
    item = driver.current_url.split("?")[0].split("#")[0]
    path = item[len(BASE_URL):]

    def act(action, fill=None):
        form = driver.find_element(By.XPATH, f"//form[@action='{path}/transitions'][.//input[@name='action'][@value='{action}']]")
        if fill:
            fill(form)
        submit(driver, form)
        assert driver.current_url.startswith(item), driver.current_url

    act("accept")
    # Take the item from the queue: assign it to oneself.
    submit(driver, driver.find_element(By.XPATH, f"//form[@action='{path}/transitions'][.//input[@type='hidden'][@name='assigneeLogin']]"))
    assert "xuly" in driver.page_source
    act("start")
    note = driver.find_element(By.CSS_SELECTOR, f"form[action='{path}/notes']")
    note.find_element(By.ID, "f-note").send_keys("Đã gọi điện cho bộ phận một cửa để kiểm tra hồ sơ.")
    submit(driver, note)
    assert "Đã gọi điện cho bộ phận một cửa" in driver.page_source, "the note is in the history"
    # A reply template: picked with a GET form, its blanks filled before the reply is accepted.
    template = driver.find_element(By.CSS_SELECTOR, "form[method=get] input[name=for][value=resolve]").find_element(By.XPATH, "..")
    Select(template.find_element(By.NAME, "template")).select_by_value("resolved_procedure")
    submit(driver, template)
    axe_check(driver, "PAKN item with a template")
    reply = driver.find_element(By.ID, "f-resolve-publicReply")
    text = reply.get_attribute("value")
    assert "[[" in text, text
    act("resolve")
    assert driver.find_elements(By.CSS_SELECTOR, ".err"), "a reply with blanks is refused"
    filled = re.sub(r"\[\[[^\]]*\]\]", "Sở Văn hóa, Thể thao và Du lịch", text)
    reply = driver.find_element(By.ID, "f-resolve-publicReply")
    reply.clear()
    reply.send_keys(filled)
    act("resolve")
    public_title = "Hồ sơ đất đai giải quyết chậm"

    def edit_title(form):
        field = form.find_element(By.ID, "f-publish-publicTitle")
        assert field.get_attribute("value") == citizen_title, "the citizen's title is offered for editing"
        field.clear()
        field.send_keys(public_title)

    act("publish", edit_title)
    axe_check(driver, "PAKN item published")
    sign_out(driver)
    return filled, public_title


def citizen_reads(driver, code, reply, public_title, citizen_title):
    driver.get(f"{BASE_URL}/pakn")
    axe_check(driver, "PAKN look-up")
    driver.find_element(By.ID, "f-code").send_keys(code)
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/pakn']"))
    assert reply.split(".")[0] in driver.page_source, "the citizen sees the published reply"
    axe_check(driver, "PAKN status")
    driver.get(f"{BASE_URL}/pakn/public")
    axe_check(driver, "published results")
    assert public_title in driver.page_source, "the public list shows the edited title"
    assert citizen_title not in driver.page_source, "the citizen's own title is not published"


RATING_REASON = "Hồ sơ vẫn chưa có kết quả <b>sau hạn</b>"
CLOSING_REASON = "Hồ sơ đã được trả kết quả ngày 2/12; mời anh/chị đến bộ phận một cửa nhận."


def citizen_rates(code):
    """On a 320-px phone: the rating form fits, holds no script (it works without JavaScript: a
    plain form post), and passes axe; a post without a choice is refused with the reason kept;
    then the citizen rates the published result dissatisfied with a reason (decomposed, as some
    keyboards type it)."""
    driver = phone()
    try:
        driver.get(f"{BASE_URL}/pakn/{code}?lang=vi")
        assert driver.find_elements(By.CSS_SELECTOR, "form#rating"), "the published result offers the rating form"
        assert not driver.find_elements(By.TAG_NAME, "script"), "the page needs no JavaScript"
        width = driver.execute_script("return document.documentElement.scrollWidth")
        wide = driver.execute_script(
            "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 320)"
            ".slice(0, 3).map(e => e.outerHTML.slice(0, 80))")
        assert width <= 320, f"the rating page is {width}px wide at 320px: {wide}"
        axe_check(driver, "PAKN rating form (320 px)")
        driver.find_element(By.ID, "f-reason").send_keys("chưa chọn")
        submit(driver, driver.find_element(By.CSS_SELECTOR, "form#rating"))
        assert driver.find_element(By.ID, "f-reason").get_attribute("value") == "chưa chọn", "the reason is kept"
        assert driver.find_elements(By.CSS_SELECTOR, "#rating-error"), "the error is shown"
        axe_check(driver, "PAKN rating refused (320 px)")
        form = driver.find_element(By.CSS_SELECTOR, "form#rating")
        form.find_element(By.CSS_SELECTOR, "input[name=satisfied][value=no]").click()
        reason = form.find_element(By.ID, "f-reason")
        reason.clear()
        reason.send_keys(unicodedata.normalize("NFD", RATING_REASON))
        submit(driver, form)
        notice = "Anh/chị đã đề nghị xem xét lại kết quả"
        main = driver.find_element(By.TAG_NAME, "main").text
        assert notice in main, f"the request to reconsider is shown ({driver.current_url}): {main[:600]}"
        assert not driver.find_elements(By.CSS_SELECTOR, "form#rating"), "rated once: no form any more"
        axe_check(driver, "PAKN status, reconsideration asked (320 px)")
    finally:
        driver.quit()
    print(f"browser walk: the citizen rated {code} dissatisfied at 320 px")


def handler_answers(driver, code):
    sign_in(driver, "xuly", PASSWORDS["xuly"])
    click(driver, driver.find_element(By.CSS_SELECTOR, "main a[href='/staff/feedback']"))
    click(driver, driver.find_element(By.LINK_TEXT, code))
    assert "Hồ sơ vẫn chưa có kết quả &lt;b&gt;sau hạn&lt;/b&gt;" in driver.page_source, "its reason is in the history, escaped"
    axe_check(driver, "PAKN item, reconsideration asked")
    item = driver.current_url.split("?")[0].split("#")[0]
    path = item[len(BASE_URL):]
    assert driver.find_elements(By.XPATH, f"//form[@action='{path}/transitions'][.//input[@value='reopen']]"), \
        "the handler may reopen it"
    form = driver.find_element(By.XPATH, f"//form[@action='{path}/transitions'][.//input[@value='close_reopen_request']]")
    form.find_element(By.ID, "f-close_reopen_request-closingReason").send_keys(CLOSING_REASON)
    submit(driver, form)
    assert driver.current_url.startswith(item), driver.current_url
    assert CLOSING_REASON in driver.page_source, "the closing reason is in the history"
    axe_check(driver, "PAKN item, request closed")
    sign_out(driver)


def citizen_reads_the_answer(driver, code):
    driver.get(f"{BASE_URL}/pakn/{code}?lang=vi")
    assert CLOSING_REASON in driver.page_source, "the citizen reads why the result stands"
    axe_check(driver, "PAKN status, request closed")


def check_database(code, public_title, duplicate):
    with psycopg.connect(DATABASE_URL) as connection:
        # The linked duplicate got the main item's handling: published, with the same reply.
        followed = connection.execute(
            "SELECT d.state, d.public_reply = m.public_reply FROM feedback_items d "
            "JOIN feedback_items m ON m.id = d.main_item_id WHERE d.tracking_code = %s AND m.tracking_code = %s",
            (duplicate, code)).fetchone()
        assert followed == ("published", True), followed
        state, title = connection.execute(
            "SELECT state, public_title FROM feedback_items WHERE tracking_code = %s", (code,)).fetchone()
        notes = connection.execute(
            "SELECT count(*) FROM feedback_events e JOIN feedback_items i ON i.id = e.item_id "
            "WHERE i.tracking_code = %s AND e.action = 'note'", (code,)).fetchone()[0]
        actions = {row[0] for row in connection.execute("SELECT action FROM audit_log").fetchall()}
        paper = connection.execute(
            "SELECT (answers ->> 'overall')::int FROM responses WHERE channel = 'paper' ORDER BY 1 DESC").fetchall()
        desk_ratings = connection.execute(
            "SELECT o.display_name FROM desk_ratings r JOIN desks d ON d.id = r.desk_id "
            "LEFT JOIN desk_officers o ON o.id = r.officer_id WHERE d.label = %s ORDER BY 1 NULLS LAST",
            (DESK_LABEL,)).fetchall()
        kiosk = connection.execute(
            "SELECT count(*) FROM responses s JOIN desk_ratings r ON r.response_id = s.id "
            "JOIN desks d ON d.id = r.desk_id WHERE s.channel = 'kiosk' AND d.label = %s", (DESK_LABEL,)).fetchone()[0]
        plan_values = connection.execute(
            "SELECT count(*) FROM plan_values WHERE plan_id = '2022-LC.SVHTT' AND period = '2022-Q3' "
            "AND target_id = %s AND evidence_url = %s", (PLAN_TARGET, PLAN_EVIDENCE)).fetchone()[0]
        ratings = connection.execute(
            "SELECT r.round, r.satisfied, r.by_link, r.reason FROM feedback_ratings r "
            "JOIN feedback_items i ON i.id = r.item_id WHERE i.tracking_code = %s", (code,)).fetchall()
        events = [row[0] for row in connection.execute(
            "SELECT e.action FROM feedback_events e JOIN feedback_items i ON i.id = e.item_id "
            "WHERE i.tracking_code = %s ORDER BY e.id", (code,)).fetchall()]
    assert ratings == [(1, False, False, RATING_REASON)], ratings
    assert events[-2:] == ["request_reopen", "close_reopen_request"], events
    assert (state, title) == ("published", public_title), (state, title)
    assert notes == 1, notes
    assert plan_values == 1, plan_values
    assert paper == [(5,), (2,)], paper
    # The two ratings from the QR code, and the kiosk's (naming the officer).
    assert desk_ratings == [(DESK_OFFICER,), (DESK_OFFICER,), (None,)], desk_ratings
    assert kiosk == 1, kiosk
    for action in ("units.import", "dossiers.import", "user.create", "password.link", "password.set", "session.login",
                   "translations.export", "translations.import", "privacy.request", "token.create", "plan.value_enter",
                   "paper.batch_open", "paper.entry", "paper.batch_count", "user.email", "desk.create",
                   "desk.officer_add", "exports.requested", "responses.export", "exports.downloaded",
                   "desk.kiosk_register"):
        assert action in actions, f"{action} audited"


def main():
    global LINKS
    downloads = tempfile.mkdtemp(prefix="civicvoice-downloads-")
    driver = browser(downloads)
    try:
        LINKS = admin_prepares(driver, downloads)
        analyst_reads(driver, downloads)
        clerk_types_a_paper_batch(driver)
        desk, desk_url = leader_registers_a_desk(driver, downloads)
        citizens_rate_from_the_desk(desk_url)
        leader_reads_the_desks_figures(driver, desk)
        kiosk_url = leader_registers_a_kiosk(driver, desk)
        citizen_rates_at_the_kiosk(kiosk_url)
        code, citizen_title = citizen_sends(driver)
        duplicate = citizen_sends_again(driver, citizen_title)
        reply, public_title = handler_publishes(driver, code, citizen_title, duplicate)
        citizen_reads(driver, code, reply, public_title, citizen_title)
        citizen_rates(code)
        handler_answers(driver, code)
        citizen_reads_the_answer(driver, code)
        check_database(code, public_title, duplicate)
    finally:
        driver.quit()
    print(f"browser walk: passed; axe-core checked {len(checked_pages)} pages: {', '.join(dict.fromkeys(checked_pages))}")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as error:
        print(f"browser walk failed: {error}", file=sys.stderr)
        sys.exit(1)
