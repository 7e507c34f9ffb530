#!/usr/bin/env python3
"""The Markdown table of benches/run.sh's results: python3 benches/report.py target/bench

For each size: every command's mean wall time ± standard deviation and mean CPU time
(user + system, which a busy machine inflates less than wall time) from hyperfine, its peak memory
(GNU time), its time over cat's (the I/O floor: 1.0 means as fast as merely reading the
files), Taskwarrior's time over its own (how many times faster than `task overdue`: above
1.0 is faster), the same two ratios in CPU time (user + system), and its cost per action (equal across sizes means linear)."""
import json
import pathlib
import sys


def main():
    d = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/bench")
    sizes = []
    for meta in d.glob("meta-*.json"):
        name = meta.stem[len("meta-"):]
        res = d / f"results-{name}.json"
        if res.exists():
            sizes.append((json.loads(meta.read_text()), json.loads(res.read_text())["results"], name))
    sizes.sort(key=lambda s: (s[2] != "bundled", s[0]["actions"]))
    sizes.sort(key=lambda s: s[2] == "bundled")

    print("| actions | files | MB | command | mean ms ± sd | CPU ms | peak MB | × cat | task ÷ this "
          "| CPU × cat | task CPU ÷ this | µs/action | CPU µs/action |")
    print("|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    loads = []
    for meta, results, name in sizes:
        by = {r["command"]: r for r in results}
        cat = by.get("cat (I/O floor)")
        task = by.get("task overdue")
        for r in results:
            mean, sd = r["mean"] * 1000, (r["stddev"] or 0) * 1000
            peak = meta.get("peak_mb", {}).get(r["command"], "")
            ratio_cat = f"{r['mean'] / cat['mean']:.2f}" if cat else ""
            ratio_task = f"{task['mean'] / r['mean']:.2f}" if task else ""
            per = mean * 1000 / meta["actions"]
            cpu_of = lambda x: x["user"] + x["system"]
            cpu_cat = f"{cpu_of(r) / cpu_of(cat):.2f}" if cat else ""
            cpu_task = f"{cpu_of(task) / cpu_of(r):.2f}" if task else ""
            cpu = (r["user"] + r["system"]) * 1000
            print(
                f"| {meta['actions']:,} | {meta['files']:,} | {meta['bytes'] / 1e6:.1f} | "
                f"{r['command']} | {mean:,.1f} ± {sd:,.1f} | {cpu:,.1f} | {peak} | {ratio_cat} | "
                f"{ratio_task} | {cpu_cat} | {cpu_task} | {per:.1f} | {cpu * 1000 / meta['actions']:.1f} |"
            )
        loads.append(
            f"{name}: {meta.get('load_before', '?')} before, {meta.get('load_after', '?')} after"
            f" ({meta.get('when', '')}{', nice ' + meta['nice'] if meta.get('nice', '0') != '0' else ''})"
        )
    print()
    print("Load average (1, 5, 15 min) around each size's runs: " + "; ".join(loads) + ".")
    over = [f"{m['actions']:,} actions: sct {m['overdue']['sct']:,}, task {m['overdue']['task']:,}"
            for m, _, n in sizes if "overdue" in m]
    if over:
        print()
        print("Overdue items listed (the same work on both sides): " + "; ".join(over) + ".")


if __name__ == "__main__":
    main()
