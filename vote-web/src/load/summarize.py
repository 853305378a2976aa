#!/usr/bin/env python3
"""Turns one benchmark run into summary.md and summary.json, and decides whether it passed.

Reads the Gatling reports (js/stats.json of each simulation), the vote ledgers' checks
(<ledger>-check.json, written by the simulations), pgbench's rate, the memory samples and the
machine notes that run-benchmark.sh collected. Exit status 1 when a simulation had failed
requests, a vote check failed or a check is missing.
"""
import argparse
import glob
import json
import os
import sys

# The original Flask app on the same kind of machine (issue 7).
ORIGINAL = {"poll list": 1800, "results": 1700, "cast vote": 395, "sign-in": 30}

# pgbench runs before and after the measured pass that differ by more than this say the machine's
# speed moved during the run (on a shared VM it has halved from one run to the next: PERFORMANCE.md,
# section 40).
PGBENCH_DRIFT_WARNING = 0.25

SIMULATIONS = {
    "pingsimulation": "ping",
    "votestormsimulation": "vote-storm",
    "readerssimulation": "readers",
    "browservotersimulation": "browser-voter",
    "signinsimulation": "sign-in",
}


def latest_report(gatling_dir, prefix):
    runs = sorted(glob.glob(os.path.join(gatling_dir, prefix + "-*")))
    return runs[-1] if runs else None


def request_stats(report):
    with open(os.path.join(report, "js", "stats.json")) as f:
        root = json.load(f)
    found = {}

    def walk(node):
        if node.get("type") == "REQUEST":
            found[node["name"]] = node["stats"]
        for child in (node.get("contents") or {}).values():
            walk(child)

    walk(root)
    return found


def figures(stats, seconds):
    return {
        "ok": stats["numberOfRequests"]["ok"],
        "ko": stats["numberOfRequests"]["ko"],
        # Each phase loops for exactly `seconds`, so this is the rate while it ran (Gatling's own
        # mean req/s divides by the whole simulation, set-up phases included).
        "rps": stats["numberOfRequests"]["total"] / seconds,
        "p50": stats["percentiles1"]["total"],
        "p95": stats["percentiles3"]["total"],
        "p99": stats["percentiles4"]["total"],
        "max": stats["maxResponseTime"]["total"],
    }


# The requests of a simulation's unmeasured lead-in (LeadIn.java) carry this prefix.
LEAD_IN = "lead-in: "

PASS_FIGURES = ("ping", "cast vote", "results", "poll detail", "poll list", "home page")


def pass_line(gatling_dir, seconds):
    """One line of a warm-up pass's rates, so that a run shows what its warm-up changed."""
    found = {}
    for prefix in SIMULATIONS:
        report = latest_report(gatling_dir, prefix)
        if report:
            found.update(request_stats(report))
    rates = {name: figures(found[name], seconds) for name in PASS_FIGURES if name in found}
    return ", ".join("%s %.0f req/s (p99 %d ms)" % (name, rate["rps"], rate["p99"]) for name, rate in rates.items())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out")
    parser.add_argument("--gatling", required=True)
    parser.add_argument("--pgbench-tps", default="", help="pgbench's rate before the server started")
    parser.add_argument("--pgbench-tps-after", default="", help="pgbench's rate again, after the measured pass")
    parser.add_argument("--only", default="", help="the simulations that were meant to run (default: all)")
    parser.add_argument("--pass-seconds", type=int, help="print one warm-up pass's rates and stop")
    args = parser.parse_args()
    if args.pass_seconds:
        print(pass_line(args.gatling, args.pass_seconds))
        return 0
    if not args.out:
        parser.error("--out is required")
    wanted = set(args.only.split(",")) if args.only else set(SIMULATIONS.values())
    with open(os.path.join(args.out, "machine.txt")) as f:
        machine = f.read().strip()
    seconds = int([l for l in machine.splitlines() if l.startswith("seconds per phase:")][0]
                  .split(":")[1].split(",")[0])
    failures = []
    requests = {}
    lead_ins = {}  # unmeasured: they count for failures only
    for prefix, name in SIMULATIONS.items():
        if name not in wanted:
            continue
        report = latest_report(args.gatling, prefix)
        if report is None:
            failures.append(f"{name}: no Gatling report")
            continue
        for request, stats in request_stats(report).items():
            figure = dict(figures(stats, seconds), simulation=name, report=os.path.relpath(report, args.out))
            (lead_ins if request.startswith(LEAD_IN) else requests)[request] = figure
    for request, f in {**requests, **lead_ins}.items():
        if f["ko"]:
            failures.append(f"{request}: {f['ko']} failed requests")

    checks = {}
    for ledger in ("vote-storm", "browser-voter"):
        if ledger not in wanted:
            continue
        path = os.path.join(args.out, ledger + "-check.json")
        if not os.path.exists(path):
            failures.append(f"{ledger}: no vote check")
            continue
        with open(path) as f:
            checks[ledger] = json.load(f)
        if not checks[ledger]["passed"]:
            failures.append(f"{ledger}: vote check failed {checks[ledger]['examples']}")

    memory = []
    if os.path.exists(os.path.join(args.out, "memory.log")):
        with open(os.path.join(args.out, "memory.log")) as f:
            memory = [tuple(int(x) for x in line.split()) for line in f if len(line.split()) == 3]

    votes_per_second = checks.get("vote-storm", {}).get("acknowledgedCastsPerSecond")
    ping = requests.get("ping", {}).get("rps")
    pgbench_runs = [float(tps) for tps in (args.pgbench_tps, args.pgbench_tps_after) if tps]
    # The votes were measured between the two pgbench runs: their mean is the ceiling of the ratio.
    pgbench = sum(pgbench_runs) / len(pgbench_runs) if pgbench_runs else None
    pgbench_drift = (max(pgbench_runs) / min(pgbench_runs) - 1
                     if len(pgbench_runs) == 2 and min(pgbench_runs) > 0 else None)
    ratios = {}
    if votes_per_second and pgbench:
        ratios["votes/s ÷ PostgreSQL vote TPS"] = votes_per_second / pgbench
    for read in ("results", "poll detail", "poll list"):
        if read in requests and ping:
            ratios[f"{read} req/s ÷ trivial endpoint req/s"] = requests[read]["rps"] / ping
    if votes_per_second:
        ratios["votes/s ÷ original (395/s)"] = votes_per_second / ORIGINAL["cast vote"]
    for read in ("results", "poll list"):
        if read in requests:
            ratios[f"{read} req/s ÷ original ({ORIGINAL[read]}/s)"] = requests[read]["rps"] / ORIGINAL[read]
    if "token (600k PBKDF2)" in requests:
        ratios["sign-ins/s ÷ original (30/s)"] = requests["token (600k PBKDF2)"]["rps"] / ORIGINAL["sign-in"]

    lead_in_notes = os.path.join(args.out, "lead-ins.txt")
    if os.path.exists(lead_in_notes):
        with open(lead_in_notes) as f:
            machine += "\n" + "".join("generator lead-in of " + line for line in f).strip()
    lines = ["# Benchmark run", "", "```", machine]
    if memory:
        lines.append(f"server RSS under load: max {max(m[1] for m in memory) // 1024} MiB; "
                     f"heap in use: max {max(m[2] for m in memory) // 1024} MiB")
    lines += ["```", "", "| request | simulation | OK | KO | req/s | p50 ms | p95 ms | p99 ms | max ms |",
              "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for request, f in requests.items():
        lines.append(f"| {request} | {f['simulation']} | {f['ok']} | {f['ko']} | {f['rps']:.0f} | {f['p50']} | "
                     f"{f['p95']} | {f['p99']} | {f['max']} |")
    lines += ["", "req/s: requests of that name ÷ the phase length; for the vote storm's casts see the ledger below.", ""]
    if pgbench:
        ceiling = f"PostgreSQL ceiling (pgbench, one vote's SQL): **{pgbench:.0f} transactions/s**"
        if pgbench_drift is not None:
            ceiling += (f", the mean of {pgbench_runs[0]:.0f} before the server started and {pgbench_runs[1]:.0f} "
                        f"after the measured pass")
        lines += [ceiling, ""]
        if pgbench_drift is not None and pgbench_drift > PGBENCH_DRIFT_WARNING:
            lines += [f"**The machine's speed changed during the run**: pgbench's two runs differ by "
                      f"{pgbench_drift * 100:.0f} %. Ratios to the ceilings are as uncertain; run again before "
                      f"comparing them with another run's.", ""]
    for ledger, check in checks.items():
        lines.append(f"Vote check `{ledger}`: **{'passed' if check['passed'] else 'FAILED'}**: "
                     f"{check['acknowledgedCasts']} acknowledged casts and {check['acknowledgedChanges']} changes, "
                     f"{check['voteRowsInDatabase']} rows in the database, lost {check['lost']}, doubled "
                     f"{check['doubled']}, wrong option {check['wrongOption']}, results mismatches "
                     f"{check['resultsMismatches']}, in the database but not acknowledged "
                     f"{check['inDatabaseButNotAcknowledged']}; "
                     f"{check['acknowledgedCastsPerSecond']:.0f} acknowledged casts/s")
        lines.append("")
    if ratios:
        lines += ["| ratio | value |", "|---|---:|"]
        lines += [f"| {k} | {v:.2f} |" for k, v in ratios.items()]
        lines.append("")
    lines.append("Verdict: " + ("**passed**" if not failures else "**FAILED**: " + "; ".join(failures)))
    with open(os.path.join(args.out, "summary.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(args.out, "summary.json"), "w") as f:
        json.dump({"requests": requests, "leadIns": lead_ins, "checks": checks, "ratios": ratios, "pgbenchTps": pgbench,
                   "pgbenchRuns": pgbench_runs,
                   "failures": failures}, f, indent=2)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
