"""Resolves a profile's credentials with botocore as AWS CLI v2 does: the SSO and
assume-role providers given the JSONFileCache of ~/.aws/cli/cache (v2's
inject_assume_role_provider_cache does the same). Endpoints come from the environment
the test sets (the SSO stub and moto on 127.0.0.1). Prints the credentials as JSON."""
import json
import os
import sys

import botocore.session
from botocore.credentials import JSONFileCache

session = botocore.session.Session(profile=sys.argv[1])
resolver = session.get_component("credential_provider")
cache = JSONFileCache(os.path.expanduser(os.path.join("~", ".aws", "cli", "cache")))
for name in ("sso", "assume-role"):
    resolver.get_provider(name).cache = cache
credentials = session.get_credentials().get_frozen_credentials()
print(json.dumps({
    "access_key_id": credentials.access_key,
    "secret_access_key": credentials.secret_key,
    "session_token": credentials.token,
}))
