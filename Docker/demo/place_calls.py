"""Places the demo's sample phone calls: each step a signed Twilio Voice webhook, as Twilio sends
them, printing what the caller would hear (the <Say> lines) and any transfer (<Dial>)."""
import json, sys, urllib.error, urllib.parse, urllib.request, uuid
import xml.etree.ElementTree as ET
from twilio.request_validator import RequestValidator

base, token, calls_path = sys.argv[1], sys.argv[2], sys.argv[3]
validator = RequestValidator(token)

def post(url, params):
    req = urllib.request.Request(url, data=urllib.parse.urlencode(params).encode(), headers={
        "Content-Type": "application/x-www-form-urlencoded", "User-Agent": "TwilioProxy/1.1",
        "X-Twilio-Signature": validator.compute_signature(url, params)})
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()

for call in json.load(open(calls_path)):
    sid = "CA" + uuid.uuid4().hex
    print(call["label"])
    for route, extra in call["steps"]:
        params = {"AccountSid": "AC00000000000000000000000000000311", "ApiVersion": "2010-04-01", "CallSid": sid,
                  "CallStatus": "in-progress", "Direction": "inbound", "From": call["from"], "Caller": call["from"],
                  "To": "+15205550311", "Called": "+15205550311"}
        params.update(extra)
        status, body = post(base + "/twilio/voice" + route, params)
        heard = " | ".join(w for w in extra.values() if not w.replace(".", "").isdigit()) or ",".join(extra.values())
        said = []
        try:
            for el in ET.fromstring(body).iter():
                if el.tag == "Say" and el.text:
                    said.append(el.text.strip())
                elif el.tag == "Dial":
                    said.append(f"[transferred to {el.text}]")
        except ET.ParseError:
            said.append(body.strip())
        print(f"  caller: {heard or '(dials 311)':<48} {status}  311: {' '.join(said)[:150]}")
