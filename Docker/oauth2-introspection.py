"""A token introspection endpoint (RFC 7662) for one access token, for Dovecot's oauth2 passdb in
the tests and the demo: the known token is active and names the mailbox's user; every other token
is inactive. Accepts the token as a POST form field, a GET query parameter or a bearer header.

    python oauth2-introspection.py PORT TOKEN_FILE USER
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

port, token_file, user = int(sys.argv[1]), sys.argv[2], sys.argv[3]


def known_token():
    with open(token_file, encoding="utf-8") as f:
        return f.read().strip()


class Introspection(BaseHTTPRequestHandler):
    def answer(self, token):
        active = bool(token) and token == known_token()
        body = json.dumps({"active": True, "username": user} if active else {"active": False}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def token_from(self, query):
        found = parse_qs(query).get("token") or parse_qs(query).get("access_token")
        if found:
            return found[0]
        auth = self.headers.get("Authorization", "")
        return auth[len("Bearer "):] if auth.startswith("Bearer ") else ""

    def do_GET(self):
        self.answer(self.token_from(urlsplit(self.path).query))

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.answer(self.token_from(self.rfile.read(length).decode("utf-8", "replace")))

    def log_message(self, fmt, *args):
        sys.stderr.write("introspection: " + (fmt % args) + "\n")


ThreadingHTTPServer(("127.0.0.1", port), Introspection).serve_forever()
