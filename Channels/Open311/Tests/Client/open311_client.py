#!/usr/bin/env python3
"""A GeoReport v2 client written from the Open311 specification (wiki.open311.org/GeoReport_v2),
not from this server's code: it knows only the spec's resources, parameters and fields.

Usage: open311_client.py BASE_URL API_KEY
  BASE_URL is the endpoint, e.g. http://127.0.0.1:8311/open311/v2

It discovers the services (JSON and XML), reads a service definition, POSTs a request with a
location and a description, follows a token if it gets one, reads the request back by id and in
the list (JSON and XML), and checks the spec's fields and formats. It prints one line per check,
'PASS …' or 'FAIL …', and exits non-zero when any check failed.
"""
import json
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

W3C_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
failures = 0


def check(ok, what):
    global failures
    print(("PASS " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures += 1
    return ok


def call(method, url, form=None):
    data = urllib.parse.urlencode(form).encode("utf-8") if form is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read().decode("utf-8")


def xml_text(element, tag):
    child = element.find(tag)
    return None if child is None else (child.text or "")


def main(base, api_key):
    # GET Service List, JSON.
    status, ctype, body = call("GET", f"{base}/services.json")
    check(status == 200 and "json" in ctype, f"services.json answers 200 JSON ({status} {ctype})")
    services = json.loads(body)
    check(isinstance(services, list) and len(services) > 0, "services.json is a non-empty list")
    for s in services:
        for field in ("service_code", "service_name", "description", "metadata", "type", "keywords", "group"):
            if not check(field in s, f"service {s.get('service_code')} has {field}"):
                break
        check(s.get("type") in ("realtime", "batch", "blackbox"), f"service {s.get('service_code')} type is one of the spec's")
        check(isinstance(s.get("metadata"), bool), f"service {s.get('service_code')} metadata is a boolean")

    # GET Service List, XML: the same services.
    status, ctype, body = call("GET", f"{base}/services.xml")
    check(status == 200 and "xml" in ctype, f"services.xml answers 200 XML ({status} {ctype})")
    check(body.lstrip().startswith("<?xml") and 'encoding="UTF-8"' in body.split("?>")[0], "services.xml starts with the XML declaration, UTF-8")
    root = ET.fromstring(body)
    check(root.tag == "services", f"services.xml root is <services> ({root.tag})")
    codes_xml = [xml_text(e, "service_code") for e in root.findall("service")]
    check(sorted(codes_xml) == sorted(s["service_code"] for s in services), "services.xml lists the same service codes")

    # GET Service Definition for the first service.
    code = services[0]["service_code"]
    status, _, body = call("GET", f"{base}/services/{urllib.parse.quote(code)}.json")
    check(status == 200, f"services/{code}.json answers 200 ({status})")
    definition = json.loads(body)
    check(definition.get("service_code") == code and isinstance(definition.get("attributes"), list), "definition has service_code and attributes")
    status, _, body = call("GET", f"{base}/services/no-such-service.json")
    errors = json.loads(body)
    check(status == 404 and isinstance(errors, list) and "code" in errors[0] and "description" in errors[0],
          f"an unknown service is 404 with [{{code, description}}] ({status} {body[:80]})")

    # POST Service Request with a bad key: the spec's error shape, JSON and XML.
    form = {"api_key": "not-a-key", "service_code": code, "lat": "32.2217", "long": "-110.9265",
            "description": "Spec client: wrong key"}
    status, _, body = call("POST", f"{base}/requests.json", form)
    check(status == 403 and json.loads(body)[0].get("code") == 403, f"a wrong api_key is 403 in the error shape ({status})")
    status, _, body = call("POST", f"{base}/requests.xml", form)
    err = ET.fromstring(body)
    check(status == 403 and err.tag == "errors" and xml_text(err.find("error"), "code") == "403",
          f"a wrong api_key in XML is <errors><error><code>403 ({status})")

    # POST Service Request, JSON.
    description = "Spec client: large pothole in the right lane near the bus stop"
    form = {"api_key": api_key, "service_code": code, "lat": "32.2217", "long": "-110.9265",
            "address_string": "101 N Stone Ave, Tucson, AZ", "email": "resident@example.org", "first_name": "Ana",
            "last_name": "Ruiz", "phone": "+15205550123", "device_id": "spec-client-1", "account_id": "acct-77",
            "description": description, "media_url": "https://example.org/photo.jpg"}
    status, _, body = call("POST", f"{base}/requests.json", form)
    check(status in (200, 201), f"POST requests.json succeeds ({status} {body[:120]})")
    created = json.loads(body)
    check(isinstance(created, list) and len(created) == 1, "POST answers a list of one")
    answer = created[0]
    request_id = answer.get("service_request_id")
    if not request_id:
        token = answer.get("token")
        check(bool(token), "POST answers a service_request_id or a token")
        for _ in range(60):
            status, _, body = call("GET", f"{base}/tokens/{token}.json")
            found = json.loads(body) if status == 200 else []
            if found and found[0].get("service_request_id"):
                request_id = found[0]["service_request_id"]
                break
            time.sleep(0.5)
    check(bool(request_id), f"the request has a service_request_id ({request_id})")
    check(answer.get("account_id") in (None, "acct-77"), "account_id, when given back, is the one sent")

    # GET Service Request, JSON.
    status, _, body = call("GET", f"{base}/requests/{request_id}.json")
    check(status == 200, f"requests/{request_id}.json answers 200 ({status})")
    found = json.loads(body)
    check(isinstance(found, list) and len(found) == 1, "GET a request answers a list of one")
    r = found[0]
    check(r.get("service_request_id") == request_id, "it is the request")
    check(r.get("status") in ("open", "closed"), f"status is open or closed ({r.get('status')})")
    check(r.get("service_code") == code, f"service_code is the one posted ({r.get('service_code')})")
    check(r.get("description") == description, "description is the one posted")
    check(W3C_DATETIME.match(r.get("requested_datetime") or "") is not None, f"requested_datetime is a w3c date-time ({r.get('requested_datetime')})")
    check(W3C_DATETIME.match(r.get("updated_datetime") or "") is not None, "updated_datetime is a w3c date-time")
    check(abs(float(r.get("lat", 0)) - 32.2217) < 0.01 and abs(float(r.get("long", 0)) + 110.9265) < 0.01, "lat and long are where it was posted")

    # GET Service Request, XML.
    status, _, body = call("GET", f"{base}/requests/{request_id}.xml")
    root = ET.fromstring(body)
    req = root.find("request")
    check(status == 200 and root.tag == "service_requests" and req is not None, "requests/{id}.xml is <service_requests><request>")
    check(xml_text(req, "service_request_id") == request_id and xml_text(req, "service_code") == code, "the XML request has its id and code")

    # GET Service Requests: the new request is in the default list (last 90 days), and by id.
    status, _, body = call("GET", f"{base}/requests.json")
    ids = [x.get("service_request_id") for x in json.loads(body)] if status == 200 else []
    check(request_id in ids, f"requests.json (defaults) lists it ({status}, {len(ids)} requests)")
    check(len(ids) <= 1000, "at most 1,000 requests by default")
    status, _, body = call("GET", f"{base}/requests.json?" + urllib.parse.urlencode({"service_request_id": request_id, "status": "closed"}))
    check(status == 200 and [x["service_request_id"] for x in json.loads(body)] == [request_id], "by service_request_id, other filters are ignored")
    status, _, body = call("GET", f"{base}/requests.json?" + urllib.parse.urlencode({"service_code": code, "status": "open"}))
    check(status == 200 and request_id in [x["service_request_id"] for x in json.loads(body)], "filtered by service_code and status open, it is there")
    status, _, body = call("GET", f"{base}/requests.json?" + urllib.parse.urlencode({"status": "closed"}))
    check(status == 200 and request_id not in [x["service_request_id"] for x in json.loads(body)], "filtered by status closed, it is not")
    status, _, body = call("GET", f"{base}/requests.json?" + urllib.parse.urlencode(
        {"start_date": "2001-01-01T00:00:00Z", "end_date": "2001-02-01T00:00:00-07:00"}))
    check(status == 200 and request_id not in [x["service_request_id"] for x in json.loads(body)], "a date window in the past leaves it out")
    status, _, body = call("GET", f"{base}/requests.xml")
    root = ET.fromstring(body)
    check(status == 200 and request_id in [xml_text(e, "service_request_id") for e in root.findall("request")], "requests.xml lists it")

    print(f"{failures} failed", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1].rstrip("/"), sys.argv[2]))
