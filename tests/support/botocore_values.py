"""Reads properties with botocore (the AWS CLI's engine), for many file pairs at once.

Reads a JSON list on stdin: [{"config": PATH, "credentials": PATH, "profile": NAME,
"keys": [KEY, ...]}, ...]. For each, points botocore at the two files and prints, in a
JSON list, either {"values": {KEY: VALUE or null}} (the profile's merged properties as
botocore reads them) or {"error": MESSAGE} when botocore cannot read the files. Offline.
"""
import json
import os
import sys

import botocore.session

results = []
for case in json.load(sys.stdin):
    os.environ["AWS_CONFIG_FILE"] = case["config"]
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = case["credentials"]
    try:
        profiles = botocore.session.Session().full_config["profiles"]
        profile = profiles.get(case["profile"], {})
        results.append({"values": {key: profile.get(key) for key in case["keys"]}})
    except Exception as error:  # a file botocore refuses is what the test must catch
        results.append({"error": f"{type(error).__name__}: {error}"})
json.dump(results, sys.stdout)
