"""Reads profiles with botocore (the AWS CLI's engine) and prints what it resolved as JSON.

Usage: botocore_read.py PROFILE...   (files from AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE)
For each profile: its merged config as botocore sees it, and for profiles with static keys
the credentials and the provider ("method") botocore takes them from. Runs offline.
"""
import json
import sys

import botocore.session

STATIC = {"env", "shared-credentials-file", "config-file", "boto-config", "custom-process"}

result = {}
for name in sys.argv[1:]:
    session = botocore.session.Session(profile=name)
    profiles = session.full_config["profiles"]
    entry = {"exists": name in profiles, "config": profiles.get(name, {})}
    if entry["exists"]:
        creds = session.get_credentials()
        entry["method"] = creds.method if creds else None
        # Only static sources are read: reading deferred credentials (role, SSO, web
        # identity) would make botocore call the network.
        if creds and creds.method in STATIC:
            entry["access_key"] = creds.access_key
            entry["secret_key"] = creds.secret_key
            entry["token"] = creds.token
    entry["region"] = session.get_config_variable("region") if entry["exists"] else None
    result[name] = entry
json.dump(result, sys.stdout)
