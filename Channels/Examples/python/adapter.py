#!/usr/bin/env python3
"""An Intake311 channel adapter in Python: a small web-form endpoint that keeps the delivery promise.

POST /contacts   {"text": ..., "external_id"?, "language"?, "sender"?, "location"?, "channel_data"?}
                 -> 202 {"id", "status": "accepted"} once the contact is fsync'd in the spool
GET /contacts/ID -> {"status": "pending"} | {"status": "stored", "case_ref"} (stored: since this start)
GET /health      -> 200 {"status": "ok", "mqtt": "connected" | "disconnected", "pending": N}

Each accepted contact is published on {prefix}/contact/{channel} (MQTT v5, QoS 1) as an
intake.contact/1 envelope, again every --redelivery seconds and at every (re)connect until the
case writer's receipt for it arrives on {prefix}/receipt/{adapter}; then it leaves the spool.
"""

import argparse
import datetime
import hashlib
import json
import logging
import os
import re
import secrets
import signal
import sys
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from spool import Spool

log = logging.getLogger("python-adapter")
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SCHEMA = os.path.join(HERE, "..", "..", "..", "Sources", "IntakeCore", "Schema", "intake.contact-1.schema.json")
SAFE_ID = re.compile(r"[A-Za-z0-9._:@+=-]{1,150}")


def now_rfc3339():
    t = datetime.datetime.now(datetime.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


class SchemaCheck:
    """The contact schema file, checked with `jsonschema` when it is installed (the enrich stage
    checks every contact against the same file and dead-letters what fails)."""

    def __init__(self, path):
        self.validator = None
        try:
            import jsonschema
        except ImportError:
            log.warning("jsonschema is not installed: contacts are not checked before they are accepted")
            return
        with open(path) as f:
            schema = json.load(f)
        cls = jsonschema.Draft202012Validator
        self.validator = cls(schema, format_checker=cls.FORMAT_CHECKER)

    def first_error(self, envelope):
        if self.validator is None:
            return None
        for e in sorted(self.validator.iter_errors(envelope), key=lambda e: list(e.absolute_path)):
            return {"path": "/" + "/".join(str(p) for p in e.absolute_path), "reason": e.message}
        return None


class Adapter:
    def __init__(self, args):
        self.args = args
        self.spool = Spool(args.spool)
        self.schema = SchemaCheck(args.schema)
        self.contact_topic = f"{args.prefix}/contact/{args.channel}"
        self.receipt_topic = f"{args.prefix}/receipt/{args.adapter}"
        self.stored = {}  # contact id -> case ref, from receipts since this process started
        self.last_sent = {}  # contact id -> monotonic time of its last publish
        self.connected = threading.Event()
        self.stopping = threading.Event()

        url = urllib.parse.urlparse(args.mqtt_url)
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"{args.adapter}-{os.getpid()}",
                                  protocol=mqtt.MQTTv5)
        if url.username:
            self.client.username_pw_set(urllib.parse.unquote(url.username), urllib.parse.unquote(url.password or ""))
        if url.scheme == "mqtts":
            self.client.tls_set()
        self.client.on_connect = self.on_connect
        self.client.on_disconnect = self.on_disconnect
        self.client.on_message = self.on_message
        self.client.reconnect_delay_set(min_delay=1, max_delay=5)
        self.broker = (url.hostname or "127.0.0.1", url.port or (8883 if url.scheme == "mqtts" else 1883))

    # --- the bus ---------------------------------------------------------------------------------

    def on_connect(self, client, userdata, flags, reason_code, properties):
        if reason_code.is_failure:
            log.error("broker refused the connection: %s", reason_code)
            return
        client.subscribe(self.receipt_topic, qos=1)
        self.connected.set()
        pending = self.spool.pending()
        log.info("connected to %s:%d; publishing %d spooled contact(s) again", *self.broker, len(pending))
        for envelope in pending:
            self.publish(envelope)

    def on_disconnect(self, client, userdata, flags, reason_code, properties):
        self.connected.clear()
        if not self.stopping.is_set():
            log.warning("disconnected from the broker (%s); reconnecting", reason_code)

    def on_message(self, client, userdata, message):
        try:
            batch = json.loads(message.payload)
            receipts = batch["receipts"]
        except (ValueError, KeyError, TypeError):
            log.error("not an intake.receipt/1 message on %s", message.topic)
            return
        for r in receipts:
            contact_id = r.get("contact_id")
            envelope = self.spool.get(contact_id)
            if envelope is None or r.get("revision", 1) < envelope.get("revision", 1):
                continue
            self.stored[contact_id] = r.get("case_ref")
            self.spool.remove(contact_id)
            self.last_sent.pop(contact_id, None)
            log.info("receipt: %s is stored in case %s (%s)", contact_id, r.get("case_ref"), r.get("outcome"))

    def publish(self, envelope):
        props = Properties(PacketTypes.PUBLISH)
        props.UserProperty = [("traceparent", f"00-{secrets.token_hex(16)}-{secrets.token_hex(8)}-01")]
        payload = json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode()
        self.last_sent[envelope["id"]] = time.monotonic()
        info = self.client.publish(self.contact_topic, payload, qos=1, properties=props)
        if info.rc != mqtt.MQTT_ERR_SUCCESS:
            log.warning("%s not published now (%s); it is published again later", envelope["id"], mqtt.error_string(info.rc))

    def redeliver_forever(self):
        """Publishes again whatever has waited longer than --redelivery for its receipt."""
        while not self.stopping.wait(1):
            if not self.connected.is_set():
                continue
            due = time.monotonic() - self.args.redelivery
            for envelope in self.spool.pending():
                if self.last_sent.get(envelope["id"], 0) <= due:
                    log.info("no receipt yet for %s: publishing it again", envelope["id"])
                    self.publish(envelope)

    # --- accepting a contact ---------------------------------------------------------------------

    def contact_id(self, external_id):
        """Stable across retries: from the provider's own id when it sends one, else a new UUID
        (kept with the contact in the spool, so every republish carries the same id)."""
        if external_id is None:
            return f"{self.args.channel}:{uuid.uuid4().hex}"
        if SAFE_ID.fullmatch(external_id):
            return f"{self.args.channel}:{external_id}"
        return f"{self.args.channel}:h{hashlib.sha256(external_id.encode()).hexdigest()[:40]}"

    def envelope(self, form):
        external_id = form.get("external_id")
        if external_id is not None:
            external_id = str(external_id)
        envelope = {
            "schema": "intake.contact/1",
            "id": self.contact_id(external_id),
            "channel": self.args.channel,
            "adapter": self.args.adapter,
            "received_at": now_rfc3339(),
            "sender": form.get("sender", {"kind": "anonymous"}),
            "language": form.get("language", "en"),
            "text": form.get("text"),
            "attachments": [],
            "channel_data": form.get("channel_data", {}),
        }
        if external_id is not None:
            envelope["external_id"] = external_id
        for optional in ("conversation", "case_ref", "location"):
            if optional in form:
                envelope[optional] = form[optional]
        return envelope

    def accept(self, form):
        """Returns (HTTP status, answer). 202 only once the contact is durable in the spool."""
        if not isinstance(form, dict) or not isinstance(form.get("text"), str):
            return 400, {"error": {"path": "/text", "reason": "a JSON object with a text is expected"}}
        envelope = self.envelope(form)
        if envelope["id"] in self.stored:
            return 200, {"id": envelope["id"], "status": "stored", "case_ref": self.stored[envelope["id"]]}
        error = self.schema.first_error(envelope)
        if error:
            return 400, {"error": error}
        if self.spool.add(envelope):
            log.info("accepted %s", envelope["id"])
            self.publish(envelope)
        return 202, {"id": envelope["id"], "status": "accepted"}

    def status(self, contact_id):
        if contact_id in self.stored:
            return 200, {"id": contact_id, "status": "stored", "case_ref": self.stored[contact_id]}
        if self.spool.get(contact_id) is not None:
            return 200, {"id": contact_id, "status": "pending"}
        return 404, {"error": {"reason": "unknown contact"}}

    # --- running ---------------------------------------------------------------------------------

    def run(self):
        host, port = self.args.listen.rsplit(":", 1)
        server = ThreadingHTTPServer((host, int(port)), make_handler(self))
        self.client.connect_async(*self.broker, keepalive=30, clean_start=True)
        self.client.loop_start()
        threading.Thread(target=self.redeliver_forever, daemon=True).start()

        def stop(signum, frame):
            self.stopping.set()
            threading.Thread(target=server.shutdown, daemon=True).start()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        log.info("listening on http://%s:%s, publishing on %s", host, port, self.contact_topic)
        server.serve_forever()
        self.client.disconnect()
        self.client.loop_stop()
        log.info("stopped; %d contact(s) still wait for a receipt in %s", len(self.spool.pending()), self.args.spool)


def make_handler(adapter):
    class Handler(BaseHTTPRequestHandler):
        def answer(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            if self.path != "/contacts":
                return self.answer(404, {"error": {"reason": "not found"}})
            try:
                form = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
            except ValueError:
                return self.answer(400, {"error": {"reason": "the body is not JSON"}})
            try:
                self.answer(*adapter.accept(form))
            except OSError as e:
                # Not durable, so not accepted: the provider keeps it and tries again.
                log.error("spool write failed: %s", e)
                self.answer(503, {"error": {"reason": "not accepted, try again"}})

        def do_GET(self):
            if self.path == "/health":
                return self.answer(200, {"status": "ok", "mqtt": "connected" if adapter.connected.is_set() else "disconnected",
                                         "pending": len(adapter.spool.pending())})
            if self.path.startswith("/contacts/"):
                return self.answer(*adapter.status(urllib.parse.unquote(self.path[len("/contacts/"):])))
            self.answer(404, {"error": {"reason": "not found"}})

        def log_message(self, format, *args):
            log.debug(format, *args)

    return Handler


def main():
    p = argparse.ArgumentParser(description="Intake311 channel adapter in Python (a web form), with a durable spool.")
    p.add_argument("--mqtt-url", default=os.environ.get("INTAKE_MQTT_URL", "mqtt://127.0.0.1:1883"),
                   help="mqtt://user:pass@host:port (default $INTAKE_MQTT_URL)")
    p.add_argument("--prefix", default=os.environ.get("INTAKE_TOPIC_PREFIX", "311/v1"))
    p.add_argument("--channel", default="web")
    p.add_argument("--adapter", default="python-web", help="receipts come back on {prefix}/receipt/{adapter}")
    p.add_argument("--listen", default="127.0.0.1:8400", help="host:port of the HTTP endpoint")
    p.add_argument("--spool", default="./.intake/python-web-spool")
    p.add_argument("--redelivery", type=float, default=5, help="seconds without a receipt before publishing again")
    p.add_argument("--schema", default=DEFAULT_SCHEMA, help="the intake.contact/1 JSON Schema file")
    args = p.parse_args()
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    Adapter(args).run()


if __name__ == "__main__":
    main()
