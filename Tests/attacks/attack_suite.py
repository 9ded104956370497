"""Black-box attack suite (issue 13): hostile clients against a running CivicVoice, started by
scripts/test with the production roles (migrated as `civicvoice`, served as `civicvoice_app`),
TRUSTED_PROXIES=127.0.0.1 (so that X-Forwarded-For names the client of each request) and a short
HTTP_IDLE_TIMEOUT. Standard library only, plus PostgreSQL's psql and pg_dump.

Each attack prints what it sent and what the server answered; the run fails when one of them got
through. Environment: BASE_URL, APP_DATABASE_URL (the server's role), SUPER_DATABASE_URL (the
cluster's superuser, to read the audit log and dump), PG_BIN, ADMIN_TOKEN, IDLE_TIMEOUT,
SERVER_LOG (the server's log file).
"""
import base64
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor

BASE_URL = os.environ["BASE_URL"].rstrip("/")
TARGET = urllib.parse.urlsplit(BASE_URL)
APP_DATABASE_URL = os.environ["APP_DATABASE_URL"].split("?")[0]
SUPER_DATABASE_URL = os.environ["SUPER_DATABASE_URL"].split("?")[0]
PG_BIN = os.environ["PG_BIN"]
ADMIN_TOKEN = os.environ["ADMIN_TOKEN"]
IDLE_TIMEOUT = float(os.environ.get("IDLE_TIMEOUT", "2"))
SERVER_LOG = os.environ.get("SERVER_LOG", "")

ATTACKS = []
FAILURES = []


def attack(function):
    ATTACKS.append(function)
    return function


class Refuted(Exception):
    """The attack got through."""


def expect(condition, message):
    if not condition:
        raise Refuted(message)


def report(line):
    print(f"    {line}", flush=True)


def fresh_client():
    """A documentation address (RFC 5737), forwarded by the trusted proxy (the test itself)."""
    return f"198.51.100.{random.randint(1, 254)}" if random.random() < 0.5 else f"203.0.113.{random.randint(1, 254)}"


def request(method, path, body=None, headers=None, client=None, timeout=30):
    connection = http.client.HTTPConnection(TARGET.hostname, TARGET.port, timeout=timeout)
    all_headers = dict(headers or {})
    if client:
        all_headers["X-Forwarded-For"] = client
    if isinstance(body, str):
        body = body.encode()
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
        all_headers.setdefault("Content-Type", "application/json")
    connection.request(method, path, body=body, headers=all_headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, data


def staff(method, path, body=None):
    return request(method, path, body=body, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}, client="192.0.2.10")


def sql(url, statement):
    """(returncode, output) of one statement through psql."""
    done = subprocess.run([f"{PG_BIN}/psql", url, "-X", "-At", "-v", "ON_ERROR_STOP=1", "-c", statement],
                          capture_output=True, text=True)
    return done.returncode, (done.stdout + done.stderr).strip()


def send_feedback(title, attachment=None, contact=None):
    body = {"id": str(uuid.uuid4()), "language": "vi", "category": "administrative_procedure", "title": title,
            "content": "Nội dung phản ánh dùng cho bộ thử tấn công.", "unit": "LC.SVHTTDL.QLVH"}
    if attachment:
        body["attachments"] = [{"fileName": attachment[0], "contentBase64": base64.b64encode(attachment[1]).decode()}]
    if contact:
        body["contact"] = contact
        body["contactConsent"] = True
    status, _, data = request("POST", "/api/v1/feedback", body=body, client=fresh_client())
    return status, body["id"], json.loads(data) if data else {}


def survey(client, rid=None):
    body = {"id": rid or str(uuid.uuid4()), "form": "sipas", "language": "en",
            "answers": {"a1": 4, "a2": 5, "overall": 5}}
    return request("POST", "/api/v1/responses", body=body, client=client)[0]


# ------------------------------------------------------------------ the attacks

@attack
def open311_listing_leaks_nothing_unpublished():
    """Read every item, its citizen's title and its tracking code from the public Open311 listing."""
    codes = []
    for title in ["Ông Lò Văn Tâm ở bản Sả Séng", "Tố cáo cán bộ Vàng Thị Mỷ", "Bà Giàng Thị Dua chờ hồ sơ"]:
        status, item, created = send_feedback(title)
        expect(status == 201, f"feedback not stored: {status}")
        codes.append((item, created["trackingCode"]))
    status, _, data = request("GET", "/open311/v2/requests.json", client=fresh_client())
    listed = json.loads(data)
    report(f"GET /open311/v2/requests.json with 3 unpublished items: {status}, {len(listed)} listed")
    expect(not any(code in data.decode() for _, code in codes), "a tracking code is listed")
    expect(not any(item.get("description", "").startswith(("Ông", "Tố", "Bà")) for item in listed), "a citizen's title is listed")
    probe = ",".join(code for _, code in codes)
    status, _, data = request("GET", f"/open311/v2/requests.json?service_request_id={probe}", client=fresh_client())
    report(f"GET requests.json?service_request_id=<the 3 codes>: {status}, {len(json.loads(data))} listed")
    expect(json.loads(data) == [], "the listing confirms tracking codes")
    # One is published with a staff title: listed under a public id, not its code.
    item, code = codes[2]
    for step in [{"action": "accept"}, {"action": "assign", "assigneeUnit": "LC.SVHTTDL.QLVH"}, {"action": "start"},
                 {"action": "resolve", "publicReply": "Đã trả hồ sơ."},
                 {"action": "publish", "publicTitle": "Chậm trả kết quả hồ sơ"}]:
        status, _, data = staff("POST", f"/api/v1/staff/feedback/{item}/transitions", step)
        expect(status == 200, f"{step['action']}: {status} {data[:200]}")
    status, _, data = request("GET", "/open311/v2/requests.json", client=fresh_client())
    listed = json.loads(data)
    report(f"after publishing one: {len(listed)} listed, description {listed[0]['description']!r}, "
           f"id {listed[0]['service_request_id']}")
    expect(len(listed) == 1 and listed[0]["description"] == "Chậm trả kết quả hồ sơ", "wrong listing")
    expect(code not in data.decode(), "the published item's tracking code is listed")
    status, _, page = request("GET", "/pakn/public", client=fresh_client())
    expect(code.encode() not in page and "Giàng Thị Dua".encode() not in page, "/pakn/public shows the code or title")
    report("/pakn/public: the public title, no code, no citizen's title")


@attack
def tracking_code_guesser_is_throttled():
    """Guess tracking codes of the right shape from one client until one names an item."""
    client = fresh_client()
    statuses = []
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    for index in range(30):
        suffix = "".join(random.choice(alphabet) for _ in range(6))
        code = f"PAKN.20261127.{index + 1:04d}-{suffix}"
        path = [f"/pakn/{code}", f"/open311/v2/requests/{code}.json", f"/api/v1/feedback/{code}"][index % 3]
        statuses.append(request("GET", path, client=client)[0])
    report(f"30 guesses: {statuses}")
    expect(statuses[:10] == [404] * 10 and set(statuses[10:]) == {429}, "the guesser is not stopped after 10 misses")
    status, _, _ = request("GET", "/pakn/PAKN.20261127.0001-ABCDEF", client=fresh_client())
    expect(status == 404, f"another client is not limited: {status}")


@attack
def parallel_wrong_passwords_are_each_charged():
    """50 parallel wrong-password POSTs for one account, racing the throttle."""
    client = fresh_client()

    def attempt(index):
        connection = http.client.HTTPConnection(TARGET.hostname, TARGET.port, timeout=60)
        connection.request("GET", "/staff/login", headers={"X-Forwarded-For": client})
        response = connection.getresponse()
        page = response.read().decode()
        cookie = response.getheader("Set-Cookie", "").split(";")[0]
        token = page.split('name="csrf" value="')[1].split('"')[0]
        form = urllib.parse.urlencode({"csrf": token, "login": "admin", "password": f"guess {index}"})
        connection.request("POST", "/staff/login", body=form, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie, "X-Forwarded-For": client})
        status = connection.getresponse().status
        connection.close()
        return status

    before = int(sql(SUPER_DATABASE_URL, "SELECT count(*) FROM audit_log WHERE action = 'session.login_failed'")[1])
    with ThreadPoolExecutor(max_workers=50) as pool:
        statuses = list(pool.map(attempt, range(50)))
    after = int(sql(SUPER_DATABASE_URL, "SELECT count(*) FROM audit_log WHERE action = 'session.login_failed'")[1])
    checked = statuses.count(401)
    report(f"50 parallel: {checked} checked (401), {statuses.count(429)} throttled (429), {statuses.count(503)} busy (503); "
           f"{after - before} failures audited")
    expect(checked <= 5, f"{checked} guesses were checked against the password")
    expect(checked + statuses.count(429) + statuses.count(503) == 50, f"unexpected answers: {statuses}")
    expect(after - before == checked, "not every checked failure is audited")


@attack
def slow_loris_is_closed_within_the_idle_timeout():
    """Open a connection and send a request head one byte at a time, slower than the idle timeout."""
    head = b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 200
    with socket.create_connection((TARGET.hostname, TARGET.port)) as sock:
        sock.settimeout(IDLE_TIMEOUT * 10)
        started = time.monotonic()
        closed = None
        try:
            for byte in head:
                sock.sendall(bytes([byte]))
                time.sleep(IDLE_TIMEOUT / 4)
                if time.monotonic() - started > IDLE_TIMEOUT * 10:
                    break
            closed = sock.recv(1) == b""
        except (ConnectionResetError, BrokenPipeError):
            closed = True
        except socket.timeout:
            closed = False
        elapsed = time.monotonic() - started
    report(f"idle timeout {IDLE_TIMEOUT:g} s: closed={closed} after {elapsed:.1f} s")
    expect(closed and elapsed < IDLE_TIMEOUT * 10, "the connection is still held")


@attack
def slow_body_is_closed():
    """Announce a 100 kB body and send it at 20 bytes a second."""
    with socket.create_connection((TARGET.hostname, TARGET.port)) as sock:
        sock.sendall(b"POST /api/v1/responses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 100000\r\n\r\n")
        started = time.monotonic()
        closed = False
        try:
            while time.monotonic() - started < IDLE_TIMEOUT * 20:
                sock.sendall(b"x" * 10)
                time.sleep(0.5)
                sock.settimeout(0.01)
                try:
                    if sock.recv(4096) == b"":
                        closed = True
                        break
                except socket.timeout:
                    pass
        except (ConnectionResetError, BrokenPipeError):
            closed = True
        elapsed = time.monotonic() - started
    report(f"20 B/s body: closed={closed} after {elapsed:.1f} s (grace {IDLE_TIMEOUT:g} s, then 512 B/s)")
    expect(closed, "a trickling body holds the connection")


@attack
def large_bodies_past_the_budget_get_503():
    """Hold large uploads open while another one arrives (HTTP_BODY_BUDGET_MB=10)."""
    size = 9 * 1024 * 1024
    holder = socket.create_connection((TARGET.hostname, TARGET.port))
    holder.sendall(f"POST /api/v1/feedback HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                   f"Content-Length: {size}\r\nX-Forwarded-For: {fresh_client()}\r\n\r\n".encode())
    holder.sendall(b"{" + b" " * 4096)
    time.sleep(0.5)
    status, headers, _ = request("POST", "/api/v1/feedback", body=b"{" + b" " * (size - 2) + b"}",
                                 headers={"Content-Type": "application/json"}, client=fresh_client())
    holder.close()
    report(f"a second 9 MiB body while one is held: {status}, Retry-After {headers.get('retry-after')}")
    expect(status == 503 and headers.get("retry-after"), "the second large body was buffered too")
    time.sleep(0.5)
    status, _, _ = request("POST", "/api/v1/feedback", body=b"{" + b" " * (size - 2) + b"}",
                           headers={"Content-Type": "application/json"}, client=fresh_client())
    report(f"once the first is gone: {status} (a 4xx for this body, not 503)")
    expect(status != 503, "the budget did not come back")


@attack
def an_ipv6_slash_64_shares_one_bucket():
    """Rotate through the 2^64 addresses of one IPv6 /64 to dodge the 30-a-minute limit."""
    statuses = [survey(f"2001:db8:1:2:{index:x}::{random.randint(1, 65535):x}") for index in range(35)]
    report(f"35 surveys from 35 addresses of 2001:db8:1:2::/64: {statuses.count(201)} stored, {statuses.count(429)} refused")
    expect(statuses.count(429) >= 5 and statuses[-1] == 429, "every address got its own allowance")
    other = survey("2001:db8:1:3::1")
    ported = survey("[2001:db8:1:2::99]:443")
    report(f"another /64: {other}; the same /64 with a port: {ported}")
    expect(other == 201 and ported == 429, "the /64 or the port was not read")


@attack
def anonymous_kiosk_and_paper_responses_are_refused():
    """Post survey responses as a kiosk or a paper form, which count as given at the desk, without a token."""
    statuses = {}
    for channel in ["kiosk", "paper"]:
        body = {"id": str(uuid.uuid4()), "form": "sipas", "language": "en", "channel": channel,
                "answers": {"a1": 4, "a2": 5, "overall": 5}}
        statuses[channel] = request("POST", "/api/v1/responses", body=body, client=fresh_client())[0]
    body = {"id": str(uuid.uuid4()), "form": "sipas", "language": "en", "channel": "paper",
            "answers": {"a1": 4, "a2": 5, "overall": 5}}
    entered = staff("POST", "/api/v1/responses", body=body)[0]
    report(f"anonymous kiosk: {statuses['kiosk']}, anonymous paper: {statuses['paper']}; paper with an admin token: {entered}")
    expect(statuses == {"kiosk": 422, "paper": 422}, "an anonymous caller claimed the desk's channels")
    expect(entered == 201, "a staff token with the paper-entry permission was refused")


@attack
def the_servers_role_cannot_rewrite_the_audit_log():
    """With the server's own database credentials: switch off the append-only triggers, empty the log."""
    role = urllib.parse.urlsplit(APP_DATABASE_URL).username
    # In this order: an owner could switch the triggers off, then empty the log.
    for statement in ["ALTER TABLE audit_log DISABLE TRIGGER USER", "DROP TRIGGER audit_log_no_truncate ON audit_log",
                      "DROP TRIGGER audit_log_no_update_or_delete ON audit_log", "TRUNCATE audit_log",
                      "DELETE FROM audit_log", "UPDATE audit_log SET actor_login = 'x'",
                      "ALTER TABLE feedback_events DISABLE TRIGGER ALL", "TRUNCATE feedback_events",
                      "CREATE TABLE stolen (x text)", "UPDATE schema_migrations SET checksum = 'x'"]:
        code, output = sql(APP_DATABASE_URL, statement)
        first = output.splitlines()[0] if output else f"exit {code}"
        report(f"as {role}: {statement} -> {first}")
        # Refused for want of a privilege on the object itself (not by a trigger an owner could drop).
        expect(code != 0 and ("permission denied for" in output or "must be owner of" in output),
               f"{statement}: {first}")


@attack
def attachments_and_contacts_are_not_readable_in_a_dump():
    """pg_dump the database and look for an uploaded file's bytes and the sender's email."""
    marker = b"SO-CCCD-001099012345-HO-VA-TEN-GIANG-A-PHU"
    png = bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + marker
    status, _, _ = send_feedback("Kèm ảnh giấy tờ", attachment=("cccd.png", png),
                                 contact={"email": "giang.a.phu@example.vn", "name": "Giàng A Phú"})
    expect(status == 201, f"feedback with an attachment: {status}")
    dump = subprocess.run([f"{PG_BIN}/pg_dump", "--data-only", SUPER_DATABASE_URL], capture_output=True).stdout
    found = [name for name, needle in [("file bytes", marker), ("file bytes as bytea hex", marker.hex().encode()),
                                       ("email", b"giang.a.phu@example.vn"), ("name", "Giàng A Phú".encode())]
             if needle in dump]
    report(f"pg_dump --data-only: {len(dump)} bytes; found {found or 'nothing'}")
    expect(not found, f"readable in the dump: {found}")


@attack
def macro_capable_office_files_are_refused():
    """Attach a .docm, a legacy .doc and a .docm renamed .docx."""
    import io
    import zipfile

    def office(entries):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name in entries:
                archive.writestr(name, "<x/>")
        return buffer.getvalue()

    cases = [("don.docm", office(["[Content_Types].xml", "word/document.xml"])),
             ("don.doc", bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + bytes(512)),
             ("don.docx", office(["[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"])),
             ("don.docx", office(["run.sh"]))]
    for name, data in cases:
        status, _, _ = send_feedback("Văn bản đính kèm", attachment=(name, data))
        report(f"{name} ({len(data)} bytes): {status}")
        expect(status == 422, f"{name} was accepted")
    status, _, _ = send_feedback("Văn bản đính kèm", attachment=("don.docx", office(["[Content_Types].xml", "word/document.xml"])))
    report(f"a plain .docx: {status}")
    expect(status == 201, "a plain .docx was refused")


@attack
def headers_and_logs_give_nothing_away():
    """Read the headers of JSON answers; look for tracking codes and search terms in the server's log."""
    status, headers, _ = request("GET", "/api/v1/forms", client=fresh_client())
    report(f"GET /api/v1/forms: nosniff={headers.get('x-content-type-options')}, "
           f"HSTS={headers.get('strict-transport-security')} (COOKIE_SECURE is false here)")
    expect(headers.get("x-content-type-options") == "nosniff", "no nosniff on JSON")
    status, _, created = send_feedback("Tìm kiếm trong nhật ký")
    code = created["trackingCode"]
    request("GET", f"/pakn/{code}?lang=vi", client=fresh_client())
    staff("GET", "/api/v1/staff/feedback?text=tu-khoa-bi-mat")
    if SERVER_LOG:
        time.sleep(0.5)
        with open(SERVER_LOG, "rb") as log:
            text = log.read()
        found = [needle for needle in [code.encode(), code[-6:].encode(), b"tu-khoa-bi-mat"] if needle in text]
        report(f"server log ({len(text)} bytes): found {found or 'nothing'}")
        expect(not found, f"in the log: {found}")


def main():
    random.seed()
    print(f"attack suite against {BASE_URL}")
    for function in ATTACKS:
        print(f"  {function.__name__}: {function.__doc__.strip()}", flush=True)
        try:
            function()
            print("    -> held", flush=True)
        except Refuted as error:
            FAILURES.append(function.__name__)
            print(f"    -> GOT THROUGH: {error}", flush=True)
        except Exception as error:  # a broken attack is a failure too
            FAILURES.append(function.__name__)
            print(f"    -> ERROR: {type(error).__name__}: {error}", flush=True)
    print(f"attack suite: {len(ATTACKS) - len(FAILURES)} of {len(ATTACKS)} held")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
