#!/usr/bin/env python3
"""The checks and the table of scripts/faults, from what each scenario left in its directory.

    faults_report.py --json OUT.json DIR/db-killed DIR/server-stopped DIR/replays DIR/two-servers

Each scenario directory holds (written by scripts/faults):
  requests.tsv  one line per request, as scripts/lib/load.py writes them:
                id, status (HTTP code or E:<error>), start, end (Unix seconds), kind
  stored.tsv    for each id sent that the database holds: id, number of rows, whether the
                stored row has the content of a conflicting resend (t/f)
  events        key=value lines: times (Unix seconds) of what the script did (kill, ready,
                term, exited...), the server's exit status, whether it was still running...
The scenario's kind is its directory's name. Prints each scenario's checks, then the table;
writes everything as JSON to OUT.json. Exit status 0 when every check passed, 1 otherwise.
"""

import argparse
import json
import os
import sys

# Thresholds of the checks.
FAIL_FAST_MAX = 3.5        # s: the server's deadline is 3 s; a 503 never takes longer (+ margin)
FAIL_FAST_P50 = 0.5        # s: once the database is known away, requests wait 300 ms
RECOVERY_MAX = 5.0         # s: from PostgreSQL accepting connections to the first 201
BALANCER_STATUSES = ("502", "503", "504")   # "not now" from the balancer or the server: resent
IN_FLIGHT_MARGIN = 0.05    # s: a request sent this long before SIGTERM was in flight


def percentile(values, fraction):
    """Nearest-rank percentile of VALUES (None when empty)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, int(-(-fraction * len(ordered) // 1)))   # ceil
    return ordered[min(rank, len(ordered)) - 1]


def lines_of(path):
    """The lines of PATH without their newline; none when PATH does not exist."""
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as text:
        return text.read().splitlines()


def read_requests(path):
    requests = []
    for fields in (line.split("\t") for line in lines_of(path)):
        if len(fields) == 5:
            response_id, status, start, end, kind = fields
            requests.append({"id": response_id, "status": status, "start": float(start),
                             "end": float(end), "kind": kind})
    return requests


def read_stored(path):
    return {fields[0]: {"rows": int(fields[1]), "conflicting": fields[2] == "t"}
            for fields in (line.split("\t") for line in lines_of(path)) if len(fields) == 3}


def read_events(path):
    return dict(line.strip().split("=", 1) for line in lines_of(path) if "=" in line)


def seconds(value):
    return None if value is None else round(value, 3)


class Scenario:
    def __init__(self, directory):
        self.name = os.path.basename(os.path.normpath(directory))
        self.requests = read_requests(os.path.join(directory, "requests.tsv"))
        self.stored = read_stored(os.path.join(directory, "stored.tsv"))
        self.events = read_events(os.path.join(directory, "events"))
        self.checks = []
        self.extra = {}
        self.statuses = {}
        for request in self.requests:
            self.statuses[request["status"]] = self.statuses.get(request["status"], 0) + 1
        acknowledged = [r for r in self.requests if r["status"] in ("200", "201")]
        self.acknowledged = len(acknowledged)
        self.acked_id_set = {r["id"] for r in acknowledged}
        self.acked_ids = len(self.acked_id_set)
        self.found = sum(1 for i in self.acked_id_set if i in self.stored)
        self.missing = sorted(i for i in self.acked_id_set if i not in self.stored)
        unacked_ids = {r["id"] for r in self.requests} - self.acked_id_set
        self.extra["unacknowledged_but_stored"] = sum(1 for i in unacked_ids if i in self.stored)
        self.latencies_503 = [r["end"] - r["start"] for r in self.requests if r["status"] == "503"]
        self.recovery = None

    def event(self, key):
        value = self.events.get(key)
        return None if value in (None, "") else float(value)

    def check(self, name, ok, detail):
        self.checks.append({"check": name, "ok": bool(ok), "detail": detail})

    def count(self, predicate):
        return sum(1 for r in self.requests if predicate(r))

    # -------------------------------------------------------------- the checks
    def common_checks(self, stored_in="the database", allowed_5xx=("503",)):
        self.check("load ran", self.requests and self.acknowledged > 0,
                   "%d requests, %d acknowledged" % (len(self.requests), self.acknowledged))
        self.check("acknowledged responses are stored", not self.missing,
                   "%d acknowledged ids, %d found in %s%s" % (
                       self.acked_ids, self.found, stored_in,
                       "; missing: " + ", ".join(self.missing[:5]) if self.missing else ""))
        other_5xx = {s: n for s, n in self.statuses.items() if s.startswith("5") and s not in allowed_5xx}
        self.check("no 5xx but %s" % ", ".join(allowed_5xx), not other_5xx, "other 5xx: %s" % (other_5xx or "none"))

    def created_per_id(self, kinds=None):
        """How many 201s each id got (among the requests of KINDS, default all)."""
        created = {}
        for r in self.requests:
            if r["status"] == "201" and (kinds is None or r["kind"] in kinds):
                created[r["id"]] = created.get(r["id"], 0) + 1
        return created

    def db_killed(self):
        self.common_checks()
        kill, ready = self.event("kill"), self.event("ready")
        unexpected = {s: n for s, n in self.statuses.items() if s not in ("200", "201", "503")}
        self.check("every request answered 201, 200 or 503", not unexpected,
                   "others (E: no answer within the client's timeout or a broken connection): %s"
                   % (unexpected or "none"))
        p50 = percentile(self.latencies_503, 0.5)
        p99 = percentile(self.latencies_503, 0.99)
        worst = max(self.latencies_503) if self.latencies_503 else None
        self.extra["latency_503"] = {"p50": seconds(p50), "p99": seconds(p99), "max": seconds(worst)}
        self.check("the outage gave 503s", self.latencies_503,
                   "%d 503s" % len(self.latencies_503))
        self.check("503s came fast", self.latencies_503 and p50 <= FAIL_FAST_P50 and worst <= FAIL_FAST_MAX,
                   "p50 %s, p99 %s, max %s (limits: p50 %.1fs, max %.1fs)" % (
                       fmt(p50), fmt(p99), fmt(worst), FAIL_FAST_P50, FAIL_FAST_MAX))
        if kill is not None and ready is not None:
            during = [r for r in self.requests if kill <= r["start"] < ready]
            self.extra["outage_seconds"] = seconds(ready - kill)
            self.extra["requests_during_outage"] = len(during)
            self.extra["created_during_outage"] = sum(1 for r in during if r["status"] == "201")
            after = sorted(r["end"] for r in self.requests if r["status"] == "201" and r["end"] >= ready)
            self.recovery = after[0] - ready if after else None
            last_503 = max((r["end"] for r in self.requests if r["status"] == "503"), default=None)
            self.extra["last_503_after_ready"] = seconds(last_503 - ready) if last_503 else None
        self.check("recovery within %.0fs of PostgreSQL accepting connections" % RECOVERY_MAX,
                   self.recovery is not None and self.recovery <= RECOVERY_MAX,
                   "first 201 %s after PostgreSQL was ready (outage %s)" % (
                       fmt(self.recovery), fmt(self.extra.get("outage_seconds"))))
        self.check("the server was not restarted", self.events.get("server_alive") == "1",
                   "server still running after the scenario: %s" % (self.events.get("server_alive") == "1"))

    def server_stopped(self):
        self.common_checks()
        term, exited = self.event("term"), self.event("exited")
        code = self.events.get("exit_status")
        self.check("the server exited 0 after SIGTERM", code == "0",
                   "exit status %s, %s after SIGTERM" % (code, fmt(exited - term if term and exited else None)))
        errors = [r for r in self.requests if r["status"].startswith("E:")]
        self.extra["connection_errors"] = len(errors)
        in_flight = [r for r in self.requests if term and r["start"] < term < r["end"]]
        dropped = [r for r in in_flight if r["status"].startswith("E:") and r["start"] < term - IN_FLIGHT_MARGIN]
        self.extra["in_flight_at_sigterm"] = len(in_flight)
        self.extra["in_flight_answered"] = sum(1 for r in in_flight if not r["status"].startswith("E:"))
        self.check("in-flight requests were answered", not dropped,
                   "%d in flight at SIGTERM, %d answered, %d sent %.0f ms or more before it got no answer" % (
                       len(in_flight), self.extra["in_flight_answered"], len(dropped), IN_FLIGHT_MARGIN * 1000))
        unexpected = {s: n for s, n in self.statuses.items()
                      if s not in ("200", "201", "503") and not s.startswith("E:")}
        self.check("no unexpected status", not unexpected, "others: %s" % (unexpected or "none"))
        self.extra["note"] = ("%d requests got a connection error (not acknowledged: fine), "
                              "%d acknowledged and missing" % (len(errors), len(self.missing)))

    def replays(self):
        self.common_checks()
        replays = [r for r in self.requests if r["kind"] == "replay"]
        conflicts = [r for r in self.requests if r["kind"] == "conflict"]
        ids = {r["id"] for r in replays}
        bad = {}
        for r in replays:
            if r["status"] not in ("200", "201"):
                bad[r["status"]] = bad.get(r["status"], 0) + 1
        self.check("every replay answered 201 or 200", replays and not bad,
                   "%d replays of %d ids; others: %s" % (len(replays), len(ids), bad or "none"))
        created = self.created_per_id(kinds=("replay",))
        not_once = [i for i in ids if created.get(i, 0) != 1]
        self.check("exactly one 201 per id", not not_once,
                   "%d ids answered 201 other than once" % len(not_once))
        rows = [i for i in ids if self.stored.get(i, {}).get("rows") != 1]
        self.check("exactly one row per id", not rows,
                   "%d of %d ids with one row; %d without" % (len(ids) - len(rows), len(ids), len(rows)))
        if conflicts:
            not_409 = [r for r in conflicts if r["status"] != "409"]
            overwritten = [r for r in conflicts if self.stored.get(r["id"], {}).get("conflicting")]
            self.check("a different body under a stored id gets 409 and changes nothing",
                       not not_409 and not overwritten,
                       "%d resends with other content: %d not 409, %d stored over" % (
                           len(conflicts), len(not_409), len(overwritten)))
        self.extra["ids"] = len(ids)

    def two_servers(self):
        """Two servers behind the balancer: one SIGKILLed, then the primary stopped and the standby
        promoted. Clients resend an unanswered request under the same id (kind "retry")."""
        self.common_checks(stored_in="the promoted standby", allowed_5xx=BALANCER_STATUSES)
        twice = sorted(i for i in self.acked_id_set if self.stored.get(i, {}).get("rows", 0) > 1)
        self.check("stored exactly once", not twice,
                   "%d acknowledged ids with more than one row" % len(twice))
        created = self.created_per_id()
        self.check("one 201 per id, resends of a stored id answered 200",
                   all(n == 1 for n in created.values()),
                   "%d ids answered 201 more than once" % sum(1 for n in created.values() if n > 1))
        unexpected = {s: n for s, n in self.statuses.items()
                      if s not in ("200", "201") + BALANCER_STATUSES and not s.startswith("E:")}
        self.check("no other status (no 500, no 4xx)", not unexpected, "others: %s" % (unexpected or "none"))
        kill, restart = self.event("server_kill"), self.event("server_restart")
        stop, promote, promoted = self.event("primary_stop"), self.event("promote"), self.event("promoted")
        if kill is not None and stop is not None:
            failed = [r for r in self.requests if kill <= r["end"] < stop
                      and (r["status"] in BALANCER_STATUSES or r["status"].startswith("E:"))]
            self.extra["server_kill"] = {
                "unanswered_or_502": len(failed),
                "statuses": {s: sum(1 for r in failed if r["status"] == s) for s in {r["status"] for r in failed}},
                "last_failure_after_kill_seconds": seconds(max(r["end"] for r in failed) - kill) if failed else None,
                "acknowledged_while_down": sum(1 for r in self.requests if kill <= r["end"] < (restart or stop)
                                               and r["status"] in ("200", "201")),
            }
            self.check("the other server kept answering while one was down",
                       self.extra["server_kill"]["acknowledged_while_down"] > 0,
                       "%d acknowledged between the SIGKILL and the restart; %d answered 502 or not at all "
                       "(last %s after the kill)" % (
                           self.extra["server_kill"]["acknowledged_while_down"], len(failed),
                           fmt(self.extra["server_kill"]["last_failure_after_kill_seconds"])))
        if stop is not None and promoted is not None:
            after = sorted(r["end"] for r in self.requests if r["status"] == "201" and r["end"] >= promoted)
            last_before = max((r["end"] for r in self.requests if r["status"] == "201" and r["end"] < stop), default=None)
            self.recovery = after[0] - promoted if after else None
            self.extra["failover"] = {
                "write_outage_seconds": seconds(after[0] - (last_before or stop)) if after else None,
                "primary_stop_seconds": seconds(self.event("primary_stopped") - stop)
                if self.event("primary_stopped") else None,
                "promotion_seconds": seconds(promoted - promote) if promote else None,
                "first_201_after_promotion_seconds": seconds(self.recovery),
                "503_during_failover": sum(1 for r in self.requests if stop <= r["end"] < promoted + (self.recovery or 0)
                                           and r["status"] == "503"),
            }
            self.check("writes resume within %.0fs of the promotion" % RECOVERY_MAX,
                       self.recovery is not None and self.recovery <= RECOVERY_MAX,
                       "first 201 %s after the standby was promoted; writes stopped for %s" % (
                           fmt(self.recovery), fmt(self.extra["failover"]["write_outage_seconds"])))
        self.check("both servers running at the end",
                   self.events.get("server_a_alive") == "1" and self.events.get("server_b_alive") == "1",
                   "server A (restarted) %s, server B %s" % (
                       self.events.get("server_a_alive") == "1", self.events.get("server_b_alive") == "1"))
        resent = [r for r in self.requests if r["kind"] == "retry"]
        self.extra["resends"] = len(resent)
        self.extra["resends_answered_200"] = sum(1 for r in resent if r["status"] == "200")

    def evaluate(self):
        {"db-killed": self.db_killed, "server-stopped": self.server_stopped,
         "replays": self.replays, "two-servers": self.two_servers}.get(self.name, self.common_checks)()
        self.verdict = "pass" if all(c["ok"] for c in self.checks) else "FAIL"

    def as_json(self):
        return {
            "scenario": self.name, "requests": len(self.requests), "acknowledged": self.acknowledged,
            "acknowledged_ids": self.acked_ids, "stored": self.found, "lost": len(self.missing),
            "lost_ids": self.missing[:100], "statuses": self.statuses, "503s": len(self.latencies_503),
            "recovery_seconds": seconds(self.recovery), "events": self.events, "checks": self.checks,
            "verdict": self.verdict, **self.extra,
        }


def fmt(value):
    return "-" if value is None else "%.3fs" % value


def table(scenarios):
    header = ["scenario", "requests", "acknowledged", "stored", "lost", "503s", "p99 503 (outage)",
              "recovery s", "verdict"]
    rows = [header]
    for s in scenarios:
        p99 = s.extra.get("latency_503", {}).get("p99")
        rows.append([s.name, str(len(s.requests)), str(s.acknowledged), str(s.found), str(len(s.missing)),
                     str(len(s.latencies_503)), "-" if p99 is None else "%.3f" % p99,
                     "-" if s.recovery is None else "%.2f" % s.recovery, s.verdict])
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = []
    for n, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
                               for i, cell in enumerate(row)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", required=True, help="file to write the results to")
    parser.add_argument("--meta", action="append", default=[], help="key=value added to the JSON")
    parser.add_argument("directories", nargs="+")
    args = parser.parse_args(argv)
    scenarios = [Scenario(directory) for directory in args.directories]
    for scenario in scenarios:
        scenario.evaluate()
        print("\n%s: %s" % (scenario.name, scenario.verdict))
        for c in scenario.checks:
            print("  [%s] %s: %s" % ("ok" if c["ok"] else "FAIL", c["check"], c["detail"]))
        for key in ("latency_503", "outage_seconds", "requests_during_outage", "created_during_outage",
                    "last_503_after_ready", "unacknowledged_but_stored", "server_kill", "failover",
                    "resends", "resends_answered_200", "note"):
            if key in scenario.extra:
                print("  %s: %s" % (key.replace("_", " "), scenario.extra[key]))
    print("\n" + table(scenarios))
    ok = all(s.verdict == "pass" for s in scenarios)
    result = dict(kv.split("=", 1) for kv in args.meta)
    result.update({"verdict": "pass" if ok else "fail", "scenarios": [s.as_json() for s in scenarios]})
    os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
    with open(args.json, "w", encoding="utf-8") as out:
        json.dump(result, out, indent=2, ensure_ascii=False)
        out.write("\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
