#!/usr/bin/env bash
# The benchmark, in one command: builds the release binary, generates seeded files with
# 1,000, 10,000 and 100,000 profiles, and compares awsprof with `cat` and the AWS CLI;
# then warm-cache `export` of a role profile against botocore reading the same cache.
# Needs python3 (with botocore and awscli for the AWS columns). Options go to compare.py:
#   benches/run.sh --sizes 1000,10000 --rounds 10
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
python3 benches/compare.py target/release/awsprof "$@"
exec python3 benches/temporary_credentials.py target/release/awsprof
