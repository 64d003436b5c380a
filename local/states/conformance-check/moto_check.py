#!/usr/bin/env python3
"""Runs the task-free ASL conformance cases through moto's Step Functions interpreter.

moto 5.2.1 executes only the first execution of each server when execution is switched on, so every
case gets its own `python -m moto.server` on a free 127.0.0.1 port. Cases with a mock-config.json are
skipped: moto cannot answer Task states from a Step Functions Local mock configuration.

Usage: python local/states/conformance-check/moto_check.py [--markdown FILE] [FILTER ...]
Prints one PASS/DIFF/SKIP line per case and a closing "N passed, M failed" line; exits 0 (the moto
run is informative: its disagreements are recorded in moto-results.md, not enforced).
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import boto3
from botocore.config import Config

HERE = Path(__file__).resolve().parent
CASES = HERE.parent / "src" / "test" / "resources" / "conformance"
ROLE = "arn:aws:iam::123456789012:role/Conformance"
POLL_SECONDS = 30


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_moto():
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/moto-api/", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        raise RuntimeError("moto server did not start within 20 s")
    req = urllib.request.Request(url + "/moto-api/config", method="POST",
                                 data=json.dumps({"stepfunctions": {"execute_state_machine": True}}).encode(),
                                 headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req, timeout=5).read()
    return proc, url


def load_definition(case_dir):
    text = (case_dir / "definition.asl.json").read_text()
    subs_file = case_dir / "substitutions.json"
    if subs_file.exists():
        for key, value in json.loads(subs_file.read_text()).items():
            text = text.replace("${" + key + "}", str(value))
    return text


def run_case(case_dir):
    proc, url = start_moto()
    try:
        sfn = boto3.client("stepfunctions", endpoint_url=url, region_name="us-east-1",
                           aws_access_key_id="testing", aws_secret_access_key="testing",
                           config=Config(retries={"max_attempts": 1}))
        arn = sfn.create_state_machine(name="Conformance", definition=load_definition(case_dir),
                                       roleArn=ROLE)["stateMachineArn"]
        exec_arn = sfn.start_execution(stateMachineArn=arn, name="conformance",
                                       input=(case_dir / "input.json").read_text())["executionArn"]
        deadline = time.monotonic() + POLL_SECONDS
        while True:
            d = sfn.describe_execution(executionArn=exec_arn)
            if d["status"] != "RUNNING":
                break
            if time.monotonic() > deadline:
                return {"status": "RUNNING", "reason": f"still RUNNING after {POLL_SECONDS} s"}
            time.sleep(0.2)
        if d["status"] == "SUCCEEDED":
            return {"status": "SUCCEEDED", "output": json.loads(d.get("output", "null"))}
        return {"status": d["status"], "error": d.get("error"), "cause": d.get("cause")}
    except Exception as e:  # a rejected definition is a result worth recording, not a crash
        return {"status": "REJECTED", "reason": f"{type(e).__name__}: {e}"}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()


def matches(expected, actual):
    if expected["status"] == "INVALID_DEFINITION":
        return actual["status"] == "REJECTED"
    if expected["status"] != actual["status"]:
        return False
    if expected["status"] == "SUCCEEDED":
        return expected["output"] == actual["output"]
    if expected["error"] != actual.get("error"):
        return False
    return "cause" not in expected or expected["cause"] == actual.get("cause")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--markdown", help="write a results table to this file")
    ap.add_argument("filters", nargs="*")
    args = ap.parse_args()
    rows, passed, failed, skipped = [], 0, 0, 0
    for case_dir in sorted(p for p in CASES.iterdir() if p.is_dir()):
        cid = case_dir.name
        if args.filters and not any(f in cid for f in args.filters):
            continue
        expected = json.loads((case_dir / "expected.json").read_text())
        if (case_dir / "mock-config.json").exists():
            print(f"SKIP {cid}: mocked Task states")
            rows.append((cid, "skip", "mocked Task states; moto cannot use a mock config"))
            skipped += 1
            continue
        actual = run_case(case_dir)
        if matches(expected, actual):
            print(f"PASS {cid}")
            rows.append((cid, "pass", ""))
            passed += 1
        else:
            detail = json.dumps(actual, sort_keys=True)
            print(f"DIFF {cid}: expected {json.dumps(expected, sort_keys=True)} got {detail}")
            rows.append((cid, "diff", detail))
            failed += 1
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write("| case | moto 5.2.1 | what moto returned |\n| --- | --- | --- |\n")
            for cid, verdict, detail in rows:
                f.write(f"| {cid} | {verdict} | {detail.replace('|', '&#124;')} |\n")
    print(f"{passed} passed, {failed} failed, {skipped} skipped")


if __name__ == "__main__":
    main()
