#!/usr/bin/env python3
"""Brings a benchmark's own results/NAME.json to the benchmark contract (bench/lib/bench.sh's header), keeping what
the script wrote under "results": name, title, command, smoke, machine {cores, memoryGiB, jdk, loadAverage}, and
targets [{target, status: met | missed | not measured, measured, detail}], which bench/run-all's summary and
BenchSmokeTest read. It also makes sure the section (NAME.md) names the exact command and the machine.

Usage: contract.py RESULTS_DIR NAME TITLE SMOKE(0|1) COMMAND
"""
import json
import os
import subprocess
import sys


def status(target):
    if "status" in target:
        return target["status"]
    met = target.get("met")
    if met is None:
        return "not measured"
    return "met" if met else "missed"


def targets_of(name, own):
    if isinstance(own.get("targets"), list):
        return [{"target": t.get("target", name), "status": status(t), "measured": str(t.get("measured", "")),
                 "detail": t.get("detail") or t.get("note") or ""} for t in own["targets"]]
    if name == "time-to-rollback":
        p95 = own.get("figures", {}).get("trafficRestoredAfterMs", {}).get("p95")
        met = own.get("targetMet")
        return [{"target": f"traffic back on blue within {own.get('targetMs', 200)} ms of the decision at p95",
                 "status": "not measured" if met is None or p95 is None else ("met" if met else "missed"),
                 "measured": "" if p95 is None else f"p95 {p95} ms over {len(own['runs']) if isinstance(own.get('runs'), list) else own.get('runs', '?')} runs",
                 "detail": ""}]
    return [{"target": name, "status": "not measured", "measured": "", "detail": "the script named no target"}]


def main():
    results, name, title, smoke, command = sys.argv[1:6]
    path = os.path.join(results, f"{name}.json")
    own = json.load(open(path)) if os.path.exists(path) else {}
    if "name" in own and "results" in own:
        return  # already in the contract's shape
    jdk = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0].replace('"', "")
    mem = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")) / 1048576
    machine = {"cores": os.cpu_count(), "memoryGiB": round(mem, 1), "jdk": jdk,
               "loadAverage": own.get("machine") if isinstance(own.get("machine"), str) else
               " ".join(open("/proc/loadavg").read().split()[:3])}
    json.dump({"name": name, "title": title, "command": command, "smoke": smoke == "1", "machine": machine,
               "results": own, "targets": targets_of(name, own)}, open(path, "w"), indent=2)
    md = os.path.join(results, f"{name}.md")
    if os.path.exists(md):
        text = open(md).read()
        # separator rows written as |---|---| become | --- | --- |, the form the other sections use
        rows = []
        for line in text.split("\n"):
            cells = line.strip().strip("|").split("|")
            if line.startswith("|") and all(c.strip() and set(c.strip()) <= set("-:") for c in cells):
                line = "| " + " | ".join(c.strip() for c in cells) + " |"
            rows.append(line)
        text = "\n".join(rows)
        extra = []
        if "Machine: " not in text:
            extra.append(f"Machine: {machine['cores']} cores, {machine['memoryGiB']} GiB memory, {jdk}; "
                         f"load average {machine['loadAverage']}.")
        if f"`{command}`" not in text:
            extra.append(f"Command: `{command}`.")
        if extra:
            lines = text.split("\n", 1)
            text = lines[0] + "\n\n" + "\n\n".join(extra) + "\n" + (lines[1] if len(lines) > 1 else "")
        open(md, "w").write(text)


if __name__ == "__main__":
    main()
