"""Writes bench/target/results/router.md and router.json from bench/router.sh's wrk runs (one JSON object a line)."""
import json
import statistics
import sys

from busy import busy_note

runs_path, results, machine, command, switching_out = sys.argv[1:6]
runs = [json.loads(line) for line in open(runs_path) if line.strip()]
MIN_RPS_RATIO, MAX_P99_RATIO = 0.9, 1.5


def figures(proxy, conns, key):
    return [r[key] for r in runs if r["proxy"] == proxy and r["connections"] == conns and r[key] is not None]


def spread(values, fmt):
    if not values:
        return "no result"
    return f"{fmt(statistics.median(values))} ({fmt(min(values))}–{fmt(max(values))})"


rows, targets, raw = [], [], {"machine": machine, "command": command, "runs": runs, "byConnections": []}
for conns in sorted({r["connections"] for r in runs if r["proxy"] == "haproxy"}):
    h_rps, r_rps = figures("haproxy", conns, "rps"), figures("router", conns, "rps")
    h_p99, r_p99 = figures("haproxy", conns, "p99Ms"), figures("router", conns, "p99Ms")
    rps_ratio = statistics.median(r_rps) / statistics.median(h_rps) if h_rps and r_rps else None
    p99_ratio = statistics.median(r_p99) / statistics.median(h_p99) if h_p99 and r_p99 else None
    rows.append(f"| {conns} | {spread(r_rps, lambda v: f'{v:,.0f}')} | {spread(h_rps, lambda v: f'{v:,.0f}')} | "
                f"{'' if rps_ratio is None else f'{rps_ratio:.2f}x'} | {spread(r_p99, lambda v: f'{v:.2f}')} | "
                f"{spread(h_p99, lambda v: f'{v:.2f}')} | {'' if p99_ratio is None else f'{p99_ratio:.2f}x'} |")
    raw["byConnections"].append({"connections": conns, "routerRps": r_rps, "haproxyRps": h_rps, "routerP99Ms": r_p99,
                                 "haproxyP99Ms": h_p99, "rpsRatio": rps_ratio, "p99Ratio": p99_ratio})
    if rps_ratio is not None:
        met = rps_ratio >= MIN_RPS_RATIO
        targets.append((f"requests/s at {conns} connections ≥ {MIN_RPS_RATIO}x HAProxy", f"{rps_ratio:.2f}x", met,
                        "" if met else f"missed by {MIN_RPS_RATIO - rps_ratio:.2f}x"))
    if p99_ratio is not None:
        met = p99_ratio <= MAX_P99_RATIO
        targets.append((f"p99 at {conns} connections ≤ {MAX_P99_RATIO}x HAProxy", f"{p99_ratio:.2f}x", met,
                        "" if met else f"missed by {p99_ratio - MAX_P99_RATIO:.2f}x"))

switch = [r for r in runs if r["proxy"] == "router-switching"]
served = [l for l in open(switching_out).read().splitlines() if l.startswith(("blue ", "green ", "retries "))]
if switch:
    s = switch[0]
    lost = s["non2xx"] + s["socketErrors"]
    kinds = ", ".join(f"{k} {v}" for k, v in s.get("socketErrorKinds", {}).items() if v)
    targets.append(("switch every second: non-2xx + socket errors = 0",
                    f"{s['non2xx']} non-2xx, {s['socketErrors']} socket errors{f' ({kinds})' if kinds else ''}"
                    f" at {s['rps'] or 0:,.0f} requests/s",
                    lost == 0, "" if lost == 0 else f"{lost}: wrk counts a response slower than its 2 s timeout as a"
                    " timeout socket error" if kinds.startswith("timeout") else f"{lost} lost"))
    raw["switching"] = {"run": s, "routerSays": served}

raw["targets"] = [{"target": t, "measured": m, "met": ok, "note": n} for t, m, ok, n in targets]
lines = [
    "## Router: the local router against HAProxy",
    "",
    f"Machine: {machine}.",
    "",
    *([busy_note(machine), ""] if busy_note(machine) else []),
    f"Command: `{command.strip()}` (wrk -t2, -t1 at 1 connection; two nginx upstreams with small bodies; "
    "weights 90/10, `balance random` in HAProxy 2.6; the proxies interleaved in each round).",
    "",
    "Requests/s and wrk's p99 (ms), median (min–max) over the rounds:",
    "",
    "| connections | router req/s | HAProxy req/s | ratio | router p99 ms | HAProxy p99 ms | p99 ratio |",
    "|---|---|---|---|---|---|---|",
    *rows,
    "",
]
if switch:
    lines += [f"Switch every second (90/10 ↔ 100/0, 64 connections): {switch[0]['non2xx']} non-2xx, "
              f"{switch[0]['socketErrors']} socket errors; the router says: {'; '.join(served)}.", ""]
lines += ["| target | measured | met |", "|---|---|---|"]
lines += [f"| {t} | {m} | {'met' if ok else 'missed: ' + n} |" for t, m, ok, n in targets]
open(f"{results}/router.md", "w").write("\n".join(lines) + "\n")
json.dump(raw, open(f"{results}/router.json", "w"), indent=2)
print("\n".join(lines))
