"""A local stand-in for Twilio's REST API, for the demo: records every message intake sends."""
import json, sys, urllib.parse, uuid
from http.server import BaseHTTPRequestHandler, HTTPServer

port, log = int(sys.argv[1]), sys.argv[2]

class Recorder(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        form = dict(urllib.parse.parse_qsl(body))
        with open(log, "a") as f:
            f.write(f"  to {form.get('To')}: {form.get('Body')}\n")
        answer = json.dumps({"sid": "SM" + uuid.uuid4().hex}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass

HTTPServer(("127.0.0.1", port), Recorder).serve_forever()
