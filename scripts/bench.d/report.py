"""The table and JSON of scripts/bench, from the JSON files of its wrk and pgbench runs.

Usage: report.py RESULTS_DIR OUTPUT_JSON key=value...
       report.py --summary RUN_JSON      (one line about one wrk or pgbench run)
The goals are those of issues 7 and 14; each row says whether it met its goal.
"""
import json
import pathlib
import sys


def read(results, name):
    path = results / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def best(results, prefix):
    runs = [read(results, f"{prefix}-{n}") for n in (1, 2)]
    runs = [r for r in runs if r]
    return max(runs, key=lambda r: r["rps"]) if runs else None


def main():
    results = pathlib.Path(sys.argv[1])
    output = pathlib.Path(sys.argv[2])
    facts = dict(arg.split("=", 1) for arg in sys.argv[3:])
    sizes = [int(s) for s in facts["sizes"].split(",")]

    ceiling = best(results, "ceiling")
    partitioned = best(results, "partitioned")
    unpartitioned = best(results, "unpartitioned")
    partitions_ratio = partitioned["rps"] / unpartitioned["rps"]
    submit = best(results, "submit")
    form_get = read(results, "form-get")
    form_post = read(results, "form-post")
    analytics = {size: read(results, f"analytics-{size}") for size in sizes}
    replica = {size: read(results, f"analytics-replica-{size}") for size in sizes}
    replica_reads = {size: int((results / f"analytics-replica-{size}.reads").read_text()) for size in sizes}
    export_rows = int(facts["export_rows"])
    export_seconds = float(facts["export_seconds"])

    ratio = submit["rps"] / ceiling["rps"]
    smallest, largest = analytics[min(sizes)], analytics[max(sizes)]
    analytics_ratio = largest["p50_ms"] / smallest["p50_ms"]
    replica_ratio = replica[max(sizes)]["p50_ms"] / replica[min(sizes)]["p50_ms"]
    submit_rss_mb = int(facts["submit_rss_kb"]) / 1024
    export_rss_mb = int(facts["export_rss_kb"]) / 1024
    export_rate = export_rows / export_seconds if export_seconds > 0 else 0.0
    export_million_seconds = 1_000_000 / export_rate if export_rate else float("inf")
    job_rows = int(facts["job_rows"])
    job_seconds = float(facts["job_seconds"])
    job_rate = job_rows / job_seconds if job_seconds > 0 else 0.0
    job_million_seconds = 1_000_000 / job_rate if job_rate else float("inf")
    job_rss_mb = int(facts["job_rss_kb"]) / 1024
    acknowledged = sum(
        r["requests"] - r["status_4xx_5xx"] - r["errors_timeout"]
        for r in (read(results, "submit-1"), read(results, "submit-2")) if r
    )

    rows = [
        ("ceiling: pgbench INSERT, 32 clients", f"{ceiling['rps']:.0f} tx/s",
         f"avg {ceiling['latency_avg_ms']:.1f} ms", "", ""),
        ("POST /api/v1/responses, 32 connections", f"{submit['rps']:.0f} req/s",
         f"p50 {submit['p50_ms']:.1f} ms, p99 {submit['p99_ms']:.1f} ms",
         "≥ 1.0× ceiling, p99 < 50 ms",
         ok(ratio >= 1.0 and submit["p99_ms"] < 50, f"{ratio:.2f}× ceiling")),
        # wrk stops with requests in flight: those are stored but not counted as acknowledged.
        ("  acknowledged vs stored (both rounds)", f"{acknowledged} acked",
         f"{facts['stored_api']} stored", "none lost",
         ok(int(facts["stored_api"]) >= acknowledged,
            f"{int(facts['stored_api']) - acknowledged} in flight at the stop")),
        ("write, partitioned by month vs not (pgbench)", f"{partitioned['rps']:.0f} tx/s",
         f"{unpartitioned['rps']:.0f} tx/s before partitions", "≥ 0.95",
         ok(partitions_ratio >= 0.95, f"{partitions_ratio:.2f}×")),
        ("GET /f/sipas (form page)", f"{form_get['rps']:.0f} req/s",
         f"p50 {form_get['p50_ms']:.1f} ms, p99 {form_get['p99_ms']:.1f} ms", "≥ 5000 req/s",
         ok(form_get["rps"] >= 5000, "")),
        ("POST /f/sipas (browser form)", f"{form_post['rps']:.0f} req/s",
         f"p50 {form_post['p50_ms']:.1f} ms, p99 {form_post['p99_ms']:.1f} ms",
         "LimeSurvey: ~8/s", f"{facts['stored_web']} stored"),
    ]
    for place, runs, ratio_of_sizes in (("replica", replica, replica_ratio), ("primary", analytics, analytics_ratio)):
        for size in sizes:
            run = runs[size]
            detail = f", {replica_reads[size]} read there, 0 fallbacks" if place == "replica" else ""
            rows.append((f"satisfaction, province, year, {size:,} responses, {place}", f"{run['rps']:.0f} req/s",
                         f"p50 {run['p50_ms']:.1f} ms, p99 {run['p99_ms']:.1f} ms{detail}", "p50 < 50 ms",
                         ok(run["p50_ms"] < 50, "")))
        rows.append((f"  {place}: largest / smallest ({max(sizes):,} / {min(sizes):,})", f"{ratio_of_sizes:.2f}×",
                     "", "< 2", ok(ratio_of_sizes < 2, "")))
    rows += [
        (f"export CSV, {export_rows:,} rows", f"{export_rate:,.0f} rows/s",
         f"{export_seconds:.1f} s, peak RSS {export_rss_mb:.0f} MB",
         "1M rows < 5 s, < 150 MB",
         ok(export_million_seconds < 5 and export_rss_mb < 150, f"1M in {export_million_seconds:.1f} s")),
        (f"export job (POST /api/v1/exports), {job_rows:,} rows", f"{job_rate:,.0f} rows/s",
         f"worker {job_seconds:.1f} s after {float(facts['job_wait_seconds']):.1f} s queued, "
         f"{int(facts['job_wall_ms']) / 1000:.1f} s to done, download {float(facts['job_download_seconds']):.1f} s, "
         f"peak RSS {job_rss_mb:.0f} MB",
         "1M rows < 5 s, < 150 MB",
         ok(job_million_seconds < 5 and job_rss_mb < 150, f"1M in {job_million_seconds:.1f} s")),
        # What /metrics counted through the read router while both exports ran.
        ("  exports, with the replica configured", f"{facts['export_replica_reads']} reads on it",
         f"{facts['export_fallbacks']} fallbacks to the primary", "0 fallbacks",
         ok(int(facts["export_fallbacks"]) == 0, "")),
        ("server peak RSS under submission load", f"{submit_rss_mb:.0f} MB", "", "< 150 MB",
         ok(submit_rss_mb < 150, "")),
    ]

    widths = [max(len(str(row[i])) for row in rows) for i in range(5)]
    header = ("measure", "rate", "latency / detail", "goal", "verdict")
    widths = [max(w, len(h)) for w, h in zip(widths, header)]
    line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()
    print()
    print(f"CivicVoice bench — {facts['cores']} cores, {facts['postgres']}, commit {facts['commit']}, "
          f"{facts['seconds']} s per load")
    print(line(header))
    print(line(["-" * w for w in widths]))
    for row in rows:
        print(line(row))

    document = {
        "machine": {"cores": int(facts["cores"]), "postgres": facts["postgres"], "commit": facts["commit"]},
        "seconds_per_load": int(facts["seconds"]),
        "ceiling": ceiling,
        "partitions": {"partitioned": partitioned, "unpartitioned": unpartitioned, "ratio": partitions_ratio},
        "submission": {**submit, "ratio_to_ceiling": ratio, "acknowledged": acknowledged,
                       "stored": int(facts["stored_api"]), "peak_rss_mb": submit_rss_mb},
        "web": {"form_get": form_get, "form_post": form_post, "form_post_stored": int(facts["stored_web"])},
        "analytics": {str(size): analytics[size] for size in sizes} | {"ratio_largest_smallest": analytics_ratio},
        "analytics_replica": {str(size): replica[size] | {"reads_on_replica": replica_reads[size]} for size in sizes}
        | {"ratio_largest_smallest": replica_ratio},
        "export": {"rows": export_rows, "seconds": export_seconds, "rows_per_second": export_rate,
                   "bytes": int(facts["export_bytes"]), "peak_rss_mb": export_rss_mb,
                   "idle_rss_mb": int(facts["idle_rss_kb"]) / 1024,
                   "replica_reads": int(facts["export_replica_reads"]),
                   "fallbacks": int(facts["export_fallbacks"])},
        "export_job": {"rows": job_rows, "worker_seconds": job_seconds, "rows_per_second": job_rate,
                       "queued_seconds": float(facts["job_wait_seconds"]),
                       "wall_seconds": int(facts["job_wall_ms"]) / 1000,
                       "download_seconds": float(facts["job_download_seconds"]), "bytes": int(facts["job_bytes"]),
                       "peak_rss_mb": job_rss_mb},
        "rows": [dict(zip(header, row)) for row in rows],
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwritten to {output}")


def ok(met, detail):
    return ("met" if met else "MISSED") + (f" ({detail})" if detail else "")


def summary(path):
    run = json.loads(pathlib.Path(path).read_text())
    if "latency_avg_ms" in run:
        return f"{run['rps']:.0f} transactions/s, average {run['latency_avg_ms']:.1f} ms"
    return (f"{run['rps']:.0f} req/s, p50 {run['p50_ms']:.1f} ms, p99 {run['p99_ms']:.1f} ms, "
            f"4xx/5xx {run['status_4xx_5xx']}, 5xx {run['status_5xx']}")


if __name__ == "__main__":
    if sys.argv[1] == "--summary":
        print(summary(sys.argv[2]))
    else:
        main()
