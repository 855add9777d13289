#!/usr/bin/env python3
"""awsprof against `cat` (the floor) and the AWS CLI / botocore, on generated files.

Commands run round-robin: every round runs each command once, so all of them share the
same machine load. Wall time comes from a monotonic clock around each process; peak
memory from one more run of each under `/usr/bin/time` (maximum resident set size).
Prints Markdown: medians, ratios and the issue's targets.

Usage: compare.py AWSPROF_BINARY [--sizes 1000,10000,100000] [--rounds 15] [--aws-rounds 3]
                  [--mix org|keys]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
KEY_ID = "AKIAIOSFODNN7EXAMPLE"
BOTOCORE_LIST = ("import botocore.session; "
                 "print('\\n'.join(botocore.session.Session().available_profiles))")


def peak_memory(argv, env, stdin=None):
    """Peak resident memory of one run in KiB, from /usr/bin/time (a child of Python
    starts with Python's own resident pages before exec, so wait4 would overstate it)."""
    if not os.path.exists("/usr/bin/time"):
        return 0
    result = subprocess.run(["/usr/bin/time", "-f", "%M", *argv], env=env, input=stdin, text=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
    return int(result.stderr.strip().splitlines()[-1])


def run_once(argv, env, stdin=None):
    """Runs one process; returns (seconds, exit code)."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if stdin:
        process.stdin.write(stdin.encode())
        process.stdin.close()
    _, status = os.waitpid(process.pid, 0)
    elapsed = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{' '.join(argv)} failed ({code}): {process.stderr.read().decode()}")
    process.stderr.close()
    process.returncode = code
    return elapsed, code


def environment(folder):
    env = {"PATH": os.environ["PATH"], "HOME": folder, "AWS_EC2_METADATA_DISABLED": "true",
           "AWS_CONFIG_FILE": os.path.join(folder, "config"),
           "AWS_SHARED_CREDENTIALS_FILE": os.path.join(folder, "credentials")}
    return env


def commands(binary, folder, size, aws):
    """(label, argv, env, stdin, slow) for one size; the copies take the writes. Every
    program is named by its absolute path, as awsprof is: a PATH search would add its own
    cost to one side of a ratio."""
    middle = f"p{size // 2}"
    env = environment(folder)
    ours = environment(os.path.join(folder, "awsprof-copy"))
    theirs = environment(os.path.join(folder, "aws-copy"))
    which_env = dict(env, AWS_PROFILE=middle)
    files = [env["AWS_CONFIG_FILE"], env["AWS_SHARED_CREDENTIALS_FILE"]]
    listed = [
        ("cat both files (floor)", [shutil.which("cat"), *files], env, None, False),
        ("awsprof list --names", [binary, "list", "--names"], env, None, False),
        # What a shell runs on <TAB> after `awsprof use p12` (clap_complete's protocol).
        ("awsprof completion of 'p12'", [binary, "--", "awsprof", "use", "p12"], dict(env, COMPLETE="fish"),
         None, False),
        ("awsprof completion of '' (every name)", [binary, "--", "awsprof", "use", ""], dict(env, COMPLETE="fish"),
         None, False),
        ("awsprof list", [binary, "list"], env, None, False),
        ("awsprof list --json", [binary, "list", "--json"], env, None, False),
        ("awsprof which", [binary, "which"], which_env, None, False),
        ("awsprof show (a middle profile)", [binary, "show", middle], env, None, False),
        ("awsprof add (copy)", [binary, "add", "bench-new", "--access-key-id", KEY_ID], ours, SECRET, False),
        ("awsprof remove (copy)", [binary, "remove", "bench-new", "--yes"], ours, None, False),
    ]
    if aws:
        listed += [
            ("botocore available_profiles", [sys.executable, "-c", BOTOCORE_LIST], env, None, True),
            ("aws configure get region (a middle profile)",
             [shutil.which("aws"), "configure", "get", "region", "--profile", middle], env, None, True),
            ("aws configure set region (copy)",
             [shutil.which("aws"), "configure", "set", "region", "eu-west-1", "--profile", middle], theirs,
             None, True),
        ]
    return listed


def measure(binary, size, rounds, aws_rounds, workdir, mix):
    folder = os.path.join(workdir, str(size))
    subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), str(size), "42", folder, mix], check=True)
    for copy in ("awsprof-copy", "aws-copy"):
        shutil.copytree(folder, os.path.join(folder, copy), ignore=shutil.ignore_patterns("*-copy"))
    listed = commands(binary, folder, size, aws_rounds > 0)
    times = {label: [] for label, *_ in listed}
    memory = {label: 0 for label, *_ in listed}
    for round_number in range(rounds):
        for label, argv, env, stdin, slow in listed:
            if slow and round_number >= aws_rounds:
                continue
            seconds, _ = run_once(argv, env, stdin)
            times[label].append(seconds)
    for label, argv, env, stdin, _ in listed:
        memory[label] = peak_memory(argv, env, stdin)
    files_bytes = sum(os.path.getsize(os.path.join(folder, f)) for f in ("config", "credentials"))
    return listed, times, memory, files_bytes


def hyperfine_floor(binary, folder, runs):
    """`cat` against `list --names` under hyperfine, which starts each process itself
    (no Python in between): medians in ms, or None without hyperfine. hyperfine runs
    one command's runs, then the other's, so this cross-checks the round-robin figures."""
    if not shutil.which("hyperfine"):
        return None
    env = environment(folder)
    report = os.path.join(folder, "hyperfine.json")
    subprocess.run(["hyperfine", "-N", "--warmup", "20", "--runs", str(runs), "--export-json", report,
                    f"cat {env['AWS_CONFIG_FILE']} {env['AWS_SHARED_CREDENTIALS_FILE']}",
                    f"{binary} list --names"],
                   env=dict(os.environ, **env), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(report) as results:
        cat, names = (r["median"] * 1000 for r in json.load(results)["results"])
    return cat, names


def milliseconds(values):
    return statistics.median(values) * 1000


def small_which(binary, rounds, workdir):
    folder = os.path.join(workdir, "small")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "config"), "w") as out:
        out.write("[default]\nregion = eu-west-1\n\n[profile admin]\nrole_arn = arn:aws:iam::1:role/A\n"
                  "source_profile = hyde\n")
    with open(os.path.join(folder, "credentials"), "w") as out:
        out.write(f"[default]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\n\n"
                  f"[hyde]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\n")
    env = dict(environment(folder), AWS_PROFILE="admin")
    samples = [run_once([binary, "which"], env)[0] for _ in range(rounds * 4)]
    return milliseconds(samples)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary")
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--aws-rounds", type=int, default=3)
    parser.add_argument("--mix", choices=("org", "keys"), default="org",
                        help="the generator's profile mix (see generate.py)")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    workdir = tempfile.mkdtemp(prefix="awsprof-bench-")
    aws_available = shutil.which("aws") is not None
    series = {}
    try:
        print(f"Mix: {args.mix}. Rounds: {args.rounds} (AWS CLI and botocore: "
              f"{args.aws_rounds if aws_available else 0}); medians in milliseconds; peak RSS in MiB.\n")
        for size in (int(s) for s in args.sizes.split(",")):
            listed, times, memory, files_bytes = measure(
                binary, size, args.rounds, args.aws_rounds if aws_available else 0, workdir, args.mix)
            floor = milliseconds(times["cat both files (floor)"])
            print(f"### {size:,} profiles ({files_bytes / 2**20:.2f} MiB of files)\n")
            print("| command | median ms | × cat | peak RSS MiB |")
            print("|---|---:|---:|---:|")
            for label, *_ in listed:
                if not times[label]:
                    continue
                median = milliseconds(times[label])
                print(f"| {label} | {median:.1f} | {median / floor:.1f} | {memory[label] / 1024:.1f} |")
            medians = {label: milliseconds(v) for label, v in times.items() if v}
            series[size] = (medians, memory, files_bytes)
            print()
            runs = args.rounds * 20
            cross_check = hyperfine_floor(binary, os.path.join(workdir, str(size)), runs)
            report_targets(size, medians, memory, files_bytes, cross_check, runs)
        print(f"`awsprof which` on a three-profile setup: median {small_which(binary, args.rounds, workdir):.2f} ms "
              "(target: under 3 ms)\n")
        report_growth(series)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def report_targets(size, medians, memory, files_bytes, cross_check, runs):
    def get(prefix):
        return next((v for k, v in medians.items() if k.startswith(prefix)), None)
    floor, names = get("cat"), get("awsprof list --names")
    print(f"- list --names vs cat: {names / floor:.1f}× (target: within 3×)")
    print(f"- completion of a typed prefix vs list --names: {get('awsprof completion of ' + chr(39) + 'p12') / names:.1f}× "
          "(target: within 2×)")
    if cross_check:
        cat, listed = cross_check
        print(f"- the same under hyperfine -N ({runs} runs each): cat {cat:.2f} ms, list --names "
              f"{listed:.2f} ms: {listed / cat:.1f}×")
    botocore, aws_set = get("botocore"), get("aws configure set")
    if botocore:
        print(f"- botocore listing vs list --names: {botocore / names:.0f}× faster (target: at least 100×)")
    if aws_set:
        for label in ("awsprof add", "awsprof remove"):
            print(f"- aws configure set vs {label}: {aws_set / get(label):.0f}× faster (target: at least 50×)")
    limit = 3 * files_bytes / 1024 + 8 * 1024
    worst = max((rss, label) for label, rss in memory.items() if label.startswith("awsprof"))
    print(f"- peak memory: worst {worst[1]} at {worst[0] / 1024:.1f} MiB; "
          f"limit 3 × files + 8 MiB = {limit / 1024:.1f} MiB\n")


def report_growth(series):
    sizes = sorted(series)
    if len(sizes) < 2:
        return
    print("Growth (median ms per 1,000 profiles; flat means linear):\n")
    labels = [label for label in series[sizes[0]][0] if label.startswith("awsprof")]
    print("| command | " + " | ".join(f"{s:,}" for s in sizes) + " |")
    print("|---|" + "---:|" * len(sizes))
    for label in labels:
        per = [series[s][0].get(label, float("nan")) / (s / 1000) for s in sizes]
        print(f"| {label} | " + " | ".join(f"{p:.2f}" for p in per) + " |")
    print()


if __name__ == "__main__":
    main()
