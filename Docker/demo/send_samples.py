"""Sends the demo's sample SMS to intake, signed with Twilio's own RequestValidator, as Twilio would."""
import json, re, sys, time, urllib.error, urllib.parse, urllib.request, uuid
from twilio.request_validator import RequestValidator

url, token, samples_path = sys.argv[1], sys.argv[2], sys.argv[3]
validator = RequestValidator(token)

def post(target, params, signature=None):
    body = urllib.parse.urlencode(params).encode()
    sig = signature if signature is not None else validator.compute_signature(target, params)
    req = urllib.request.Request(target, data=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": sig, "User-Agent": "TwilioProxy/1.1"})
    start = time.time()
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return r.status, r.read().decode(), time.time() - start
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(), time.time() - start

def message(answer):
    start, end = answer.find("<Message>"), answer.find("</Message>")
    return answer[start + 9:end] if start >= 0 else answer.strip()

refs = []  # the case reference each sample was answered with, for samples that quote one
for s in json.load(open(samples_path)):
    sid = s.get("sid") or "SM" + uuid.uuid4().hex
    params = {"AccountSid": "AC00000000000000000000000000000311", "ApiVersion": "2010-04-01", "MessageSid": sid,
              "SmsMessageSid": sid, "From": s["from"], "To": "+15205550311", "NumMedia": "0",
              "Body": s["body"].replace("{first_case}", next((r for r in refs if r), "TUC-2026-000001"))}
    target = url + ("?lang=" + s["lang"] if s.get("lang") else "")
    signature = "forged-signature=" if s.get("forged") else None
    for attempt in range(2 if s.get("retry") else 1):
        status, answer, seconds = post(target, params, signature)
        label = s["label"] + (" (Twilio retry)" if attempt else "")
        lines = message(answer).split("\n")
        print(f"{label:<38} {status}  {seconds * 1000:6.0f} ms  {lines[0][:110]}")
        for more in lines[1:]:  # a question after the thank-you
            print(f"{'':<38}              {more[:110]}")
    found = re.search(r"TUC-\d{4}-\d{6,}", answer)
    refs.append(found.group(0) if found else None)
