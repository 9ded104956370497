#!/usr/bin/env python3
"""A small submission load for CivicVoice: POST /api/v1/responses from many threads.

    load.py --url http://127.0.0.1:8080 --duration 20 --concurrency 32 --out requests.tsv
    load.py --url ... --concurrency 32 --out replays.tsv --replays 200x20 [--conflicts 20]

Used by scripts/faults; standard library only (Python 3.8+).

Fresh mode (the default): each of --concurrency threads keeps one HTTP/1.1 keep-alive
connection and, for --duration seconds, POSTs a realistic SIPAS survey response (random
answers, a comment in Vietnamese or English now and then), each with a new client UUID. A
request that fails (refused, reset, timed out after --timeout seconds) is recorded as an
error; its connection is dropped and the thread reconnects for the next request, after a
short pause (--pause, as a real client would) so that a server that is down is not spun on.
Requests are not retried: a new request always carries a new id. With --retries N, a request
that got no answer, or a 502, 503 or 504, is sent again with the same id and body (up to N more
times, after --pause), as a careful client does: the API is idempotent by id, so a resend whose
first copy was stored after all must be answered 200 and stored once (each attempt is a line;
the kind of a resend is "retry").

Replay mode (--replays IDSxCOPIES): IDS responses, each sent COPIES times with the same body.
The copies of one id are queued next to each other (the queue is shuffled in blocks of two
ids), so that many threads send the same id at the same moment; the run ends when the queue
is empty (or after --duration seconds). With --conflicts N, N of those ids are then sent once
more with other answers (a different body under a known id: the server must answer 409).

Output: one tab-separated line per request, in the order they ended:
    id  status  start  end  kind
where status is the HTTP status code, or E:<exception name> when no answer came; start and
end are Unix times in seconds (6 decimals, from time.time(), so that they compare with the
times the calling script records); kind is fresh, retry, replay or conflict.
A summary (requests per status) goes to stderr. Exit status 0 unless the arguments are wrong.
"""

import argparse
import http.client
import json
import random
import sys
import threading
import time
import urllib.parse
import uuid

SCALE_QUESTIONS = (["a1", "a2", "a3", "a4", "p1", "p2", "p3", "p4", "p5"]
                   + ["c%d" % i for i in range(1, 7)] + ["r1", "r2", "r3", "f1", "f2", "f3", "f4"])
IMPROVE_AREAS = ["waiting_area", "procedure", "staff_attitude", "processing_time", "feedback_handling"]
COMMENTS = {
    "vi": ["Cán bộ hướng dẫn tận tình, thủ tục nhanh gọn.",
           "Phải chờ khá lâu ở Bộ phận Một cửa.",
           "Mong có thêm chỗ ngồi chờ và nước uống."],
    "en": ["The staff were helpful and quick.",
           "The queue at the one-stop desk was long.",
           "Please add more seats in the waiting area."],
}


def survey_body(response_id, rng):
    """A valid response to Forms/sipas.yaml, as the portal would send it."""
    language = rng.choice(["vi", "vi", "vi", "en"])
    overall = rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 3, 8, 6])[0]
    answers = {}
    for question in SCALE_QUESTIONS:
        if rng.random() < 0.9:            # optional questions are sometimes skipped
            answers[question] = max(1, min(5, overall + rng.choice([-1, 0, 0, 1])))
    answers["overall"] = overall
    if overall <= 3:                      # improve_areas is shown only then (show_if)
        answers["improve_areas"] = rng.sample(IMPROVE_AREAS, rng.randint(1, 2))
    if rng.random() < 0.3:
        answers["comment"] = rng.choice(COMMENTS[language])
    if rng.random() < 0.5:
        answers["age_band"] = rng.choice(["under_25", "25_39", "40_59", "60_plus"])
        answers["channel"] = rng.choice(["one_stop_desk", "online_portal", "post"])
    body = {"id": response_id, "form": "sipas", "language": language,
            "channel": "api", "answers": answers}  # kiosk and paper need a staff or device token
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


class Recorder:
    """Collects the result lines of all threads and counts them per status."""

    def __init__(self, path):
        self.file = open(path, "w", encoding="utf-8")
        self.lock = threading.Lock()
        self.counts = {}

    def record(self, response_id, status, start, end, kind):
        line = "%s\t%s\t%.6f\t%.6f\t%s\n" % (response_id, status, start, end, kind)
        with self.lock:
            self.file.write(line)
            self.counts[status] = self.counts.get(status, 0) + 1

    def close(self):
        self.file.close()


class Client:
    """One keep-alive connection, reopened after any error."""

    def __init__(self, url, timeout):
        self.host = url.hostname
        self.port = url.port or 80
        self.path = url.path.rstrip("/") + "/api/v1/responses"
        self.timeout = timeout
        self.connection = None

    def post(self, body):
        """The HTTP status of one POST, or raises on a connection error or timeout."""
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            self.connection.request("POST", self.path, body=body,
                                    headers={"Content-Type": "application/json",
                                             "Accept": "application/json"})
            response = self.connection.getresponse()
            response.read()               # drain it, so the connection can be reused
            if response.will_close:
                self.close()
            return response.status
        except BaseException:
            self.close()
            raise

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


RETRYABLE = {502, 503, 504}   # the balancer or the server said "not now": nothing was acknowledged


def send(client, recorder, response_id, body, kind, pause):
    """Sends once; true when the answer says the request may be sent again."""
    start = time.time()
    try:
        status = client.post(body)
    except Exception as error:            # refused, reset, timed out...: no answer
        recorder.record(response_id, "E:" + type(error).__name__, start, time.time(), kind)
        time.sleep(pause)
        return True
    recorder.record(response_id, status, start, time.time(), kind)
    if status in RETRYABLE:
        time.sleep(pause)
        return True
    return False


def fresh_worker(args, url, recorder, deadline, seed):
    rng = random.Random(seed)
    client = Client(url, args.timeout)
    while time.time() < deadline:
        response_id = str(uuid.uuid4())
        body = survey_body(response_id, rng)
        retry = send(client, recorder, response_id, body, "fresh", args.pause)
        resends = 0
        while retry and resends < args.retries and time.time() < deadline:
            resends += 1
            retry = send(client, recorder, response_id, body, "retry", args.pause)
    client.close()


def queue_worker(args, url, recorder, deadline, queue, lock):
    client = Client(url, args.timeout)
    while time.time() < deadline:
        with lock:
            if not queue:
                break
            response_id, body, kind = queue.pop()
        send(client, recorder, response_id, body, kind, args.pause)
    client.close()


def run_threads(target, count, extra):
    threads = [threading.Thread(target=target, args=extra(i), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def replay_queue(ids, copies, rng):
    """COPIES copies of each of IDS bodies, the copies of an id next to each other; and the ids."""
    items = []
    for _ in range(ids):
        response_id = str(uuid.uuid4())
        body = survey_body(response_id, rng)
        items.append([(response_id, body, "replay")] * copies)
    rng.shuffle(items)
    queue = []
    for block in range(0, len(items), 2):     # interleave two ids at a time
        pair = [item for group in items[block:block + 2] for item in group]
        rng.shuffle(pair)
        queue.extend(pair)
    queue.reverse()                           # workers pop from the end
    return queue, [group[0][0] for group in items]


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", required=True, help="base URL of the server, e.g. http://127.0.0.1:8080")
    parser.add_argument("--out", required=True, help="file to write one line per request to")
    parser.add_argument("--duration", type=float, default=20, help="seconds of load (in replay mode: at most)")
    parser.add_argument("--concurrency", type=int, default=32, help="client threads (default 32)")
    parser.add_argument("--timeout", type=float, default=5, help="seconds a request may take (default 5)")
    parser.add_argument("--pause", type=float, default=0.05, help="seconds a thread waits after an error")
    parser.add_argument("--retries", type=int, default=0,
                        help="fresh mode: resends of the same id after no answer or a 502/503/504")
    parser.add_argument("--replays", metavar="IDSxCOPIES", help="replay mode, e.g. 200x20")
    parser.add_argument("--conflicts", type=int, default=0, help="replay mode: ids then resent with other content")
    parser.add_argument("--seed", type=int, default=None, help="random seed (answers and order)")
    args = parser.parse_args(argv)
    url = urllib.parse.urlsplit(args.url)
    if url.scheme != "http" or not url.hostname:
        parser.error("--url must be http://host:port")
    if args.replays:
        try:
            args.ids, args.copies = (int(part) for part in args.replays.lower().split("x"))
        except ValueError:
            parser.error("--replays must look like 200x20")
        if args.conflicts > args.ids:
            parser.error("--conflicts may not exceed the number of ids")
    return args, url


def main(argv):
    args, url = parse_args(argv)
    rng = random.Random(args.seed)
    recorder = Recorder(args.out)
    deadline = time.time() + args.duration
    began = time.time()
    if not args.replays:
        run_threads(fresh_worker, args.concurrency,
                    lambda i: (args, url, recorder, deadline, rng.random()))
    else:
        queue, ids = replay_queue(args.ids, args.copies, rng)
        lock = threading.Lock()
        run_threads(queue_worker, args.concurrency,
                    lambda i: (args, url, recorder, deadline, queue, lock))
        if args.conflicts:
            conflicts = []
            for response_id in rng.sample(ids, args.conflicts):
                body = json.loads(survey_body(response_id, rng))
                body["answers"]["comment"] = "Nội dung khác: a different body under the same id"
                conflicts.append((response_id, json.dumps(body, ensure_ascii=False).encode("utf-8"), "conflict"))
            run_threads(queue_worker, min(args.concurrency, len(conflicts)),
                        lambda i: (args, url, recorder, deadline + 30, conflicts, lock))
    recorder.close()
    summary = ", ".join("%s: %d" % (status, count) for status, count in sorted(recorder.counts.items(), key=str))
    print("load: %d requests in %.1fs (%s)" % (sum(recorder.counts.values()), time.time() - began, summary),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
