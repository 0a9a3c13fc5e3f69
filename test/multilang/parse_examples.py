"""Parses JSON documents with the dataclasses that quicktype generated from generated/jsonschema/.

    python3 -I parse_examples.py MODELS_DIR CASES_JSON

CASES_JSON is a list of {"label", "schema", "value"}; for each, prints whether `<schema>.from_dict`
took the value, the error it raised if not, and whether `to_dict` gave the same value back. Only the
standard library is used, as by the generated module.
"""

import importlib
import json
import sys

# What the generated converters raise: `assert isinstance(...)` for a wrong type or a missing field,
# ValueError from an Enum for an unknown value.
PARSE_ERRORS = (AssertionError, ValueError, TypeError, KeyError)


def main(models_dir: str, cases_file: str) -> None:
    sys.path.insert(0, models_dir)
    models = importlib.import_module("vidu_models")
    with open(cases_file, encoding="utf-8") as file:
        cases = json.load(file)
    report = []
    for case in cases:
        parse = getattr(models, case["schema"]).from_dict
        try:
            parsed = parse(case["value"])
        except PARSE_ERRORS as error:
            report.append({"label": case["label"], "parsed": False, "error": type(error).__name__})
            continue
        report.append({"label": case["label"], "parsed": True, "same": parsed.to_dict() == case["value"]})
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
