# In-process timing of pyjks (pure-Python JKS reader and writer) on the benchmark inputs, with the
# same rules as bench/lib/harness.mjs: warmup (50 runs or 300 ms), then samples until 0.5 s (and
# 3 runs) or <runs> runs, or 10 s; median, p90.
#
#   python3 bench/python/jks_bench.py <password> <runs> <file>[:<ops>] ...
#
# <ops> (comma-separated) limits a file to those ops; default: every op. Ops: load
# (KeyStore.loads with try_decrypt_keys=False: store digest verified, keys left encrypted, as every
# other `load` here), list (load + aliases + SHA-256 of every certificate), save (saves of a loaded
# store: keys keep their stored encryption), decrypt-keys (decrypt every key of a loaded store).
# The op `memory` (alone, not timed): one load, with the resident set before it, its peak during
# the load (VmHWM, reset first through /proc/self/clear_refs) and after it while the store is held;
# printed as {"file", "op": "memory", ...}.
#
# Prints one JSON object per line: {"file", "op", "medianMs", "p90Ms", "minMs", "runs"}.
import hashlib
import json
import sys
import time

import jks


def measure(fn, setup, max_runs):
    warm_start = time.perf_counter()
    for _ in range(50):
        fn(setup())
        if time.perf_counter() - warm_start > 0.3:
            break
    samples = []
    start = time.perf_counter()
    while True:
        value = setup()
        t0 = time.perf_counter()
        fn(value)
        samples.append((time.perf_counter() - t0) * 1000)
        elapsed = time.perf_counter() - start
        if len(samples) >= max_runs or elapsed >= 10:
            break
        if elapsed >= 0.5 and len(samples) >= 3:
            break
    samples.sort()
    n = len(samples)
    median = samples[(n - 1) // 2] if n % 2 else (samples[n // 2 - 1] + samples[n // 2]) / 2
    p90 = samples[min(n - 1, -(-9 * n // 10) - 1)]
    return {"medianMs": median, "p90Ms": p90, "minMs": samples[0], "runs": n}


def certificates(store):
    for alias, entry in store.entries.items():
        if isinstance(entry, jks.TrustedCertEntry):
            yield alias, [entry.cert]
        elif isinstance(entry, jks.PrivateKeyEntry):
            yield alias, [der for _, der in entry.cert_chain]


def proc_status(field):
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return -1


def memory(path, password):
    with open(path, "rb") as f:
        data = f.read()
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # resets VmHWM to the current RSS
    except OSError:
        pass
    rss_before = proc_status("VmRSS")
    t0 = time.perf_counter()
    store = jks.KeyStore.loads(data, password, try_decrypt_keys=False)
    load_ms = (time.perf_counter() - t0) * 1000
    rss_peak = proc_status("VmHWM")
    rss_after = proc_status("VmRSS")
    return {"fileBytes": len(data), "rssBefore": rss_before, "rssPeak": rss_peak, "rssAfter": rss_after, "entries": len(store.entries), "loadMs": load_ms}


def main():
    password, runs = sys.argv[1], int(sys.argv[2])
    for spec in sys.argv[3:]:
        path, _, only = spec.partition(":")
        wanted = set(only.split(",")) if only else None
        if wanted == {"memory"}:
            print(json.dumps({"file": path, "op": "memory", **memory(path, password)}), flush=True)
            continue
        with open(path, "rb") as f:
            data = f.read()

        def load(_=None):
            return jks.KeyStore.loads(data, password, try_decrypt_keys=False)

        def listing(_):
            out = []
            for alias, ders in certificates(load()):
                out.append(alias)
                out.extend(hashlib.sha256(der).digest() for der in ders)
            return out

        def decrypt_all(store):
            for entry in store.private_keys.values():
                entry.decrypt(password)
            return store

        ops = [
            ("load", load, lambda: None),
            ("list", listing, lambda: None),
            ("save", lambda store: store.saves(password), load),
        ]
        if load().private_keys:
            ops.append(("decrypt-keys", decrypt_all, load))
        for op, fn, setup in ops:
            if wanted is None or op in wanted:
                print(json.dumps({"file": path, "op": op, **measure(fn, setup, runs)}), flush=True)


main()
