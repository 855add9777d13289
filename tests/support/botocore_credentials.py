"""Resolves a profile's credentials with botocore, as the AWS CLI does (with its cache
in ~/.aws/cli/cache when the second argument is `cache`), then asks STS who they are.
MFA codes come from TEST_MFA_CODE. Prints JSON."""
import json
import os
import sys

import botocore.session
from botocore.credentials import JSONFileCache

profile = sys.argv[1]
use_cache = len(sys.argv) > 2 and sys.argv[2] == "cache"
session = botocore.session.Session(profile=profile)
resolver = session.get_component("credential_provider")
if use_cache:
    cache = JSONFileCache(os.path.expanduser(os.path.join("~", ".aws", "cli", "cache")))
    for name in ("assume-role", "assume-role-with-web-identity"):
        resolver.get_provider(name).cache = cache
resolver.get_provider("assume-role")._prompter = lambda prompt: os.environ["TEST_MFA_CODE"]
credentials = session.get_credentials().get_frozen_credentials()
identity = session.create_client("sts").get_caller_identity()
print(json.dumps({"access_key_id": credentials.access_key, "arn": identity["Arn"]}))
