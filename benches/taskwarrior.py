#!/usr/bin/env python3
"""Turns `sct list --format json` (stdin) into Taskwarrior's import format (stdout):
one task per action, so Taskwarrior holds exactly the corpus's actions.

    sct --plans DIR --today 2012-06-30 list --format json | benches/taskwarrior.py 2012-06-30

Taskwarrior has no --today: it always works out "overdue" against the real clock. So every
date is moved forward by (the real today - the corpus's today), which keeps each task on
the same side of "today" as its action: Taskwarrior's overdue list then has the same
length as sct's. A task is due at the end of its day (UTC), as sct counts a day due today
as not yet overdue. A month ("2012-05") is due on its last day, as sct counts it. Completed
actions become completed tasks; every other action is pending.
"""
import calendar
import datetime as dt
import json
import sys
import uuid


def last_day(s):
    parts = [int(p) for p in s.split("-")]
    if len(parts) == 2:
        y, m = parts
        return dt.date(y, m, calendar.monthrange(y, m)[1])
    return dt.date(*parts)


def stamp(d, end=False):
    return d.strftime("%Y%m%dT235959Z" if end else "%Y%m%dT000000Z")


def main():
    corpus_today = dt.date.fromisoformat(sys.argv[1])
    shift = dt.date.today() - corpus_today
    entry = stamp(corpus_today + shift - dt.timedelta(days=400))
    out = sys.stdout
    out.write("[\n")
    first = True
    for a in json.load(sys.stdin):
        task = {
            # Deterministic UUIDs: the same corpus gives the same database.
            "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, "sct:" + a["action"])),
            "description": a["description"],
            "project": a["review"],
            "tags": [a["agency"].lower()],
            "entry": entry,
            "status": "completed" if a["state"] == "completed" else "pending",
        }
        if a.get("lead"):
            task["lead"] = a["lead"]  # kept as an orphan UDA, as a real import would
        if a.get("due"):
            task["due"] = stamp(last_day(a["due"]) + shift, end=True)
        if task["status"] == "completed":
            task["end"] = stamp(
                (last_day(a["completed"]) if a.get("completed") else corpus_today) + shift
            )
        out.write(("" if first else ",\n") + json.dumps(task))
        first = False
    out.write("\n]\n")


if __name__ == "__main__":
    main()
