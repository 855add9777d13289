#!/usr/bin/env python3
"""Warm-cache `awsprof export` of a role profile against botocore resolving the same
profile from the same AWS CLI cache (~/.aws/cli/cache) in a fresh Python process, as
every `aws` command does.

The cache entry is written the way botocore writes it (its key, its JSON, an hour left),
and both sides must print the cached key id, so neither makes an STS call; the STS
endpoint is a closed port on 127.0.0.1, so a cache miss fails instead of reaching out.
Commands run round-robin; wall time is the median per command. Prints Markdown.

Usage: temporary_credentials.py AWSPROF_BINARY [--rounds 30]
"""
import argparse
import datetime
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare import run_once  # noqa: E402

ROLE_ARN = "arn:aws:iam::123456789012:role/bench"
CACHED_KEY_ID = "ASIABENCHCACHED00001"
BOTOCORE_FROM_CACHE = """
import os, botocore.session
from botocore.credentials import JSONFileCache
session = botocore.session.Session(profile="role")
cache = JSONFileCache(os.path.expanduser(os.path.join("~", ".aws", "cli", "cache")))
session.get_component("credential_provider").get_provider("assume-role").cache = cache
print(session.get_credentials().get_frozen_credentials().access_key)
"""


def closed_port():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        return listener.getsockname()[1]


def write_files(home):
    aws = os.path.join(home, ".aws")
    os.makedirs(os.path.join(aws, "cli", "cache"), mode=0o700)
    with open(os.path.join(aws, "config"), "w") as f:
        f.write(f"[profile base]\nregion = eu-west-1\n[profile role]\nrole_arn = {ROLE_ARN}\n"
                "source_profile = base\nregion = eu-west-1\n")
    with open(os.path.join(aws, "credentials"), "w") as f:
        f.write("[base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
                "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n")
    # botocore's fetcher computes the key; the entry is what it caches after AssumeRole.
    from botocore.credentials import AssumeRoleCredentialFetcher, JSONFileCache
    key = AssumeRoleCredentialFetcher(None, None, ROLE_ARN)._cache_key
    expires = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
    JSONFileCache(os.path.join(aws, "cli", "cache"))[key] = {
        "Credentials": {"AccessKeyId": CACHED_KEY_ID, "SecretAccessKey": "cached-secret",
                        "SessionToken": "cached-token", "Expiration": expires,
                        "AccountId": "123456789012"},
        "AssumedRoleUser": {"AssumedRoleId": "AROABENCH:botocore-session-1",
                            "Arn": "arn:aws:sts::123456789012:assumed-role/bench/botocore-session-1"},
        "ResponseMetadata": {"RequestId": "bench", "HTTPStatusCode": 200, "HTTPHeaders": {},
                             "RetryAttempts": 0},
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    python = shutil.which("python3")
    home = tempfile.mkdtemp(prefix="awsprof-bench-")
    try:
        write_files(home)
        env = {"PATH": os.environ["PATH"], "HOME": home, "AWS_EC2_METADATA_DISABLED": "true",
               "AWS_ENDPOINT_URL": f"http://127.0.0.1:{closed_port()}"}
        commands = {
            "awsprof export role": [binary, "export", "role"],
            "botocore from the cache": [python, "-c", BOTOCORE_FROM_CACHE],
        }
        for name, argv in commands.items():
            output = subprocess.run(argv, env=env, capture_output=True, text=True, check=True)
            if CACHED_KEY_ID not in output.stdout:
                sys.exit(f"{name} did not use the cache: {output.stdout}{output.stderr}")
        times = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, argv in commands.items():
                times[name].append(run_once(argv, env)[0])
        medians = {name: statistics.median(values) for name, values in times.items()}
        ours = medians["awsprof export role"]
        theirs = medians["botocore from the cache"]
        print(f"| command | median ({args.rounds} rounds) |\n|---|---|")
        for name, median in medians.items():
            print(f"| {name} | {median * 1000:.2f} ms |")
        verdict = "met" if theirs / ours >= 50 else "NOT met"
        print(f"\nawsprof is {theirs / ours:.0f}x faster (target 50x: {verdict})")
    finally:
        shutil.rmtree(home)


if __name__ == "__main__":
    main()
