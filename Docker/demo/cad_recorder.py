"""A local stand-in for the 911 centre's CAD webhook, for the demo: it checks each escalation's
signature (X-Intake-Timestamp, X-Intake-Signature: v1=HMAC-SHA256(key, "ts.body")) as a CAD vendor
would, records what arrived, and answers 200 without acknowledging (a dispatcher does that)."""
import hashlib, hmac, json, sys, time
from http.server import BaseHTTPRequestHandler, HTTPServer

port, log, key_file = int(sys.argv[1]), sys.argv[2], sys.argv[3]
key = open(key_file, "rb").read().rstrip(b"\n")

class CAD(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        ts = self.headers.get("X-Intake-Timestamp", "")
        given = self.headers.get("X-Intake-Signature", "")
        expected = "v1=" + hmac.new(key, ts.encode() + b"." + body, hashlib.sha256).hexdigest()
        fresh = ts.isdigit() and abs(time.time() - int(ts)) <= 300
        good = fresh and hmac.compare_digest(expected, given)
        if not good:
            self.answer(401, {"error": "bad signature"})
            return
        alert = json.loads(body)
        e = alert.get("escalation", {})
        place = (e.get("location") or {}).get("text") or (e.get("location") or {}).get("address") or "no place"
        with open(log, "a") as f:
            f.write(json.dumps({"id": alert.get("id"), "alert": alert.get("alerts"), "channel": e.get("channel"),
                                "reason": e.get("reason"), "place": place, "signature": "ok"}) + "\n")
        self.answer(200, {"acknowledged": False})

    def answer(self, status, obj):
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass

HTTPServer(("127.0.0.1", port), CAD).serve_forever()
