"""Validates request bodies against generated/jsonschema/ with the jsonschema package (Draft 2020-12), as
a Python service that checks requests with the spec's JSON Schemas would (test/multilang/python-verdicts.test.ts
runs it):

    python3 -I verdicts.py SCHEMA_DIR BODIES.json

BODIES.json is [{"schema": "<component>", "required": true, "body": ...}]; an entry without "body" is a
request with no body, refused when the body is required. Prints one verdict per body on stdout:
{"valid": true} or {"valid": false, "field": ..., "rule": ..., "message": ...}.
"""

import json
import os
import pathlib
import sys

import jsonschema
from jsonschema.exceptions import best_match


def field_name(path):
    """`["subjects", 0, "name"]` as the validators name a field: `subjects[0].name`."""
    name = ""
    for segment in path:
        if isinstance(segment, int):
            name += f"[{segment}]"
        else:
            name = f"{name}.{segment}" if name else segment
    return name or "(body)"


def main(schema_dir, bodies_file):
    folder = pathlib.Path(schema_dir).resolve()
    # Each file is known by its name (no $id), its $refs name sibling files: the folder is the base URI.
    store = {}
    for file in sorted(folder.glob("*.json")):
        store[file.as_uri()] = json.loads(file.read_text(encoding="utf-8"))
    validators = {}

    def validator(name):
        if name not in validators:
            uri = (folder / f"{name}.json").as_uri()
            schema = store[uri]
            jsonschema.Draft202012Validator.check_schema(schema)
            resolver = jsonschema.RefResolver(base_uri=uri, referrer=schema, store=store)
            validators[name] = jsonschema.Draft202012Validator(schema, resolver=resolver)
        return validators[name]

    with open(bodies_file, encoding="utf-8") as handle:
        entries = json.load(handle)
    verdicts = []
    for entry in entries:
        if "body" not in entry:
            verdicts.append(
                {"valid": False, "field": "(body)", "rule": "required", "message": "no body"}
                if entry["required"]
                else {"valid": True}
            )
            continue
        error = best_match(validator(entry["schema"]).iter_errors(entry["body"]))
        if error is None:
            verdicts.append({"valid": True})
        else:
            verdicts.append(
                {
                    "valid": False,
                    "field": field_name(error.absolute_path),
                    "rule": error.validator,
                    "message": error.message[:300],
                }
            )
    json.dump(verdicts, sys.stdout)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(f"usage: {os.path.basename(sys.argv[0])} SCHEMA_DIR BODIES.json")
    main(sys.argv[1], sys.argv[2])
