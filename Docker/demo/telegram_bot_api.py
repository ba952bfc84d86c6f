"""A local stand-in for Telegram's Bot API, for the demo: records every sendMessage intake makes
(to the log file given) and serves getFile and the file download for the sample photo."""
import json, sys
from http.server import BaseHTTPRequestHandler, HTTPServer

port, log = int(sys.argv[1]), sys.argv[2]
# A tiny JPEG-like payload for the sample photo (the bytes only have to be stored, not shown).
PHOTO = bytes(range(256)) * 12

class BotAPI(BaseHTTPRequestHandler):
    def answer(self, status, body, content_type="application/json"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        if self.path.endswith("/sendMessage"):
            with open(log, "a") as f:
                f.write(f"  to chat {body.get('chat_id')}: {body.get('text')}\n")
        self.answer(200, json.dumps({"ok": True, "result": {"message_id": 1}}).encode())

    def do_GET(self):
        if "/getFile" in self.path:
            result = {"file_id": "demo-photo", "file_unique_id": "demo", "file_size": len(PHOTO), "file_path": "photos/file_1.jpg"}
            self.answer(200, json.dumps({"ok": True, "result": result}).encode())
        elif self.path.endswith("/photos/file_1.jpg"):
            self.answer(200, PHOTO, "image/jpeg")
        else:
            self.answer(404, b'{"ok":false,"error_code":404,"description":"Not Found"}')

    def log_message(self, *args):
        pass

HTTPServer(("127.0.0.1", port), BotAPI).serve_forever()
