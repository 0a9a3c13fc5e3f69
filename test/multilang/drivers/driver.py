"""Drives the dataclasses that quicktype generated from generated/jsonschema/ (vidu_models.py) with the
standard library only (test/multilang/python.test.ts runs it):

    python3 -I driver.py MODELS_DIR parse CASES.json   each {label, type, value} parsed as that type
                                                       with `from_dict` and written back with `to_dict`
    python3 -I driver.py MODELS_DIR live PLAN.json     each body sent through its request class; each
                                                       task polled through TaskResult to success; each
                                                       video downloaded

Both print JSON on stdout.
"""

import importlib
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

# What the generated converters raise: `assert isinstance(...)` for a wrong type or a missing field,
# ValueError from an Enum for an unknown value.
PARSE_ERRORS = (AssertionError, ValueError, TypeError, KeyError)


def parse_all(models, cases):
    report = []
    for case in cases:
        try:
            parsed = getattr(models, case["type"]).from_dict(case["value"])
        except PARSE_ERRORS as error:
            report.append({"label": case["label"], "parsed": False, "error": f"{type(error).__name__}: {error}"})
            continue
        report.append({"label": case["label"], "parsed": True, "value": parsed.to_dict()})
    return report


def call(plan, address, body=None):
    """Sends a request with the API key and answers the body of a 200."""
    headers = {"Authorization": f"Bearer {plan['key']}"}
    if body is not None:
        headers["Content-Type"] = "application/json"
        body = json.dumps(body).encode()
    request = urllib.request.Request(address, data=body, headers=headers, method="POST" if body else "GET")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        raise RuntimeError(f"{request.method} {address} answered {error.code}: {error.read().decode()}") from None


def generate(models, plan, submit, index, deadline):
    """Submits one body and follows its task to a downloaded video."""
    outcome = {"operationId": submit["operationId"]}
    try:
        # What is sent is what the generated request class holds.
        request = getattr(models, submit["type"]).from_dict(submit["body"])
        answer = json.loads(call(plan, plan["baseUrl"] + submit["path"], request.to_dict()))
        task_id = models.AsyncTaskResponse.from_dict(answer).task_id
        outcome["taskId"] = task_id
        query = urllib.parse.urlencode({plan["taskIdParam"]: task_id})
        statuses = outcome["statuses"] = []
        while True:
            result = models.TaskResult.from_dict(json.loads(call(plan, f"{plan['baseUrl']}{plan['pollPath']}?{query}")))
            status = result.task.status
            status = getattr(status, "value", status)  # an Enum member, or a plain string
            if not statuses or statuses[-1] != status:
                statuses.append(status)
            if status == "TASK_STATUS_FAILED":
                raise RuntimeError(f"the task failed: {result.to_dict()}")
            if status == "TASK_STATUS_SUCCEED" and result.videos:
                outcome["videoUrl"] = result.videos[0].video_url
                outcome["file"] = os.path.join(plan["outDir"], f"{index}.mp4")
                with open(outcome["file"], "wb") as file:
                    file.write(call(plan, outcome["videoUrl"]))
                return outcome
            if time.monotonic() > deadline:
                raise RuntimeError(f"still {status} at the deadline")
            time.sleep(0.1)
    except (RuntimeError, OSError, *PARSE_ERRORS) as error:
        outcome["error"] = f"{type(error).__name__}: {error}"
        return outcome


def live(models, plan):
    deadline = time.monotonic() + plan["timeoutMs"] / 1000
    submits = plan["submits"]
    with ThreadPoolExecutor(max_workers=max(1, len(submits))) as pool:
        runs = [pool.submit(generate, models, plan, submit, i, deadline) for i, submit in enumerate(submits)]
        return [run.result() for run in runs]


def main(models_dir, mode, input_file):
    sys.path.insert(0, models_dir)
    models = importlib.import_module("vidu_models")
    with open(input_file, encoding="utf-8") as file:
        data = json.load(file)
    json.dump(parse_all(models, data) if mode == "parse" else live(models, data), sys.stdout)


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[2] not in ("parse", "live"):
        sys.exit("usage: driver.py MODELS_DIR parse CASES.json | driver.py MODELS_DIR live PLAN.json")
    main(*sys.argv[1:])
