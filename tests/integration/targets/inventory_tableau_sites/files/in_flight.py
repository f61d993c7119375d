"""Reads the emulator's request log (GET /_emulator/requests) on stdin and prints, as JSON, how many
requests, and requests to how many sites, the emulator was handling at once at most.

Each logged request carries when its handling started and finished (before its answer was sent), so two
requests overlap when one started before the other had finished: what ran side by side, without timing."""

import json
import sys


def peaks(entries):
    requests = sites = 0
    for entry in entries:
        under_way = [other for other in entries if other["started"] <= entry["started"] < other["finished"]]
        requests = max(requests, len(under_way))
        sites = max(sites, len(set(other["site"] for other in under_way if other["site"] is not None)))
    return requests, sites


def main():
    log = json.load(sys.stdin)
    entries = log["requests"]
    requests, sites = peaks(entries)
    converged = sorted(set(e["site"] for e in entries if e["method"] == "POST" and e["path"].endswith("/projects")))
    print(json.dumps({"requests": len(entries), "max_requests_in_flight": requests, "max_sites_in_flight": sites,
                      "max_in_flight": log["max_in_flight"], "sites_written": converged}))


if __name__ == "__main__":
    main()
