"""Resolves many environments with botocore, as `awsprof which` must.

Reads a JSON list of cases on stdin: {"env": {...}, "flag": NAME or null}. For each, sets
exactly that environment (plus PATH), builds a fresh botocore Session (with profile=flag,
as `aws --profile` does), resolves credentials without touching the network, and prints a
JSON list of {"profile", "credentials_source", "access_key_id", "region"} or {"error"}.
"""
import json
import os
import sys

import botocore.session

STATIC = {"env", "shared-credentials-file", "config-file", "boto-config", "ec2-credentials-file"}
cases = json.load(sys.stdin)
base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
results = []
for case in cases:
    os.environ.clear()
    os.environ.update(base)
    os.environ.update(case["env"])
    try:
        session = botocore.session.Session(profile=case["flag"])
        credentials = session.get_credentials()
        method = credentials.method if credentials else "none"
        results.append({
            "profile": session.profile or "default",
            "credentials_source": method,
            "access_key_id": credentials.access_key if method in STATIC else None,
            "region": session.get_config_variable("region"),
        })
    except Exception as error:  # botocore's errors are what `which` must mirror
        results.append({"error": f"{type(error).__name__}: {error}"})
json.dump(results, sys.stdout)
