#!/usr/bin/env python3
"""Load the sample patients into a FHIR R4 server (the HAPI FHIR JPA server of docker-compose.yml).

Each sample in fhir-resources/patients/ is one patient's collection Bundle written as if today were
the anchor date (2026-11-29). It is posted as a transaction of PUTs (so ids stay as written and a
second run changes nothing), with every FHIR date, dateTime and instant moved by the days between
the anchor and today, like the service's embedded /fhir server does, so the samples stay current.

  load_samples.py --fhir http://fhir:8080/fhir --samples /samples     post every sample
  load_samples.py --samples DIR --write-to OUT                        only write the transactions

Standard library only, so that it runs in a plain python image.
"""
import argparse
import datetime
import json
import pathlib
import re
import sys
import time
import urllib.error
import urllib.request

ANCHOR = datetime.date(2026, 11, 29)
# A FHIR date (full), dateTime or instant; partial dates (2024, 2024-05) keep their precision unshifted.
FHIR_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})((?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:\d{2})?)$")
# Elements whose string values are never dates even when they look like one.
NOT_DATES = {"id", "reference", "url", "system", "code", "value", "text", "display", "div"}


def shift_dates(node, days, key=None):
    if isinstance(node, dict):
        return {k: shift_dates(v, days, k) for k, v in node.items()}
    if isinstance(node, list):
        return [shift_dates(v, days, key) for v in node]
    if isinstance(node, str) and key not in NOT_DATES:
        match = FHIR_DATE.match(node)
        if match:
            day = datetime.date.fromisoformat(match.group(1)) + datetime.timedelta(days=days)
            return day.isoformat() + match.group(2)
    return node


def transaction(bundle, days):
    entries = []
    for entry in bundle.get("entry", []):
        resource = shift_dates(entry["resource"], days)
        url = resource["resourceType"] + "/" + resource["id"]
        entries.append({"fullUrl": url, "resource": resource, "request": {"method": "PUT", "url": url}})
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}


def wait_for(fhir, timeout_seconds):
    deadline = time.monotonic() + timeout_seconds
    while True:
        try:
            with urllib.request.urlopen(fhir + "/metadata", timeout=10) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            sys.exit("FHIR server " + fhir + " did not answer /metadata in time")
        time.sleep(3)


def post(fhir, bundle):
    request = urllib.request.Request(fhir, data=json.dumps(bundle).encode("utf-8"), method="POST",
                                     headers={"Content-Type": "application/fhir+json", "Accept": "application/fhir+json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.status


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", required=True, help="folder of sample collection Bundles")
    parser.add_argument("--fhir", help="base URL of the FHIR server to load")
    parser.add_argument("--write-to", help="write the transaction Bundles to this folder instead")
    parser.add_argument("--wait", type=int, default=300, help="seconds to wait for the server to start")
    parser.add_argument("--today", type=datetime.date.fromisoformat, default=datetime.datetime.now(datetime.timezone.utc).date())
    args = parser.parse_args()
    if bool(args.fhir) == bool(args.write_to):
        parser.error("give exactly one of --fhir and --write-to")

    days = (args.today - ANCHOR).days
    samples = sorted(pathlib.Path(args.samples).glob("*.json"))
    if not samples:
        sys.exit("no sample Bundles in " + args.samples)
    if args.fhir:
        args.fhir = args.fhir.rstrip("/")
        wait_for(args.fhir, args.wait)
    for sample in samples:
        bundle = transaction(json.loads(sample.read_text(encoding="utf-8")), days)
        if args.write_to:
            out = pathlib.Path(args.write_to)
            out.mkdir(parents=True, exist_ok=True)
            (out / sample.name).write_text(json.dumps(bundle, indent=2), encoding="utf-8")
        else:
            try:
                status = post(args.fhir, bundle)
            except urllib.error.HTTPError as error:
                sys.exit(sample.name + ": the FHIR server answered HTTP " + str(error.code))
            print(sample.name + ": HTTP " + str(status) + ", " + str(len(bundle["entry"])) + " resources")
    print("loaded " + str(len(samples)) + " sample patients, dates shifted by " + str(days) + " days")


if __name__ == "__main__":
    main()
