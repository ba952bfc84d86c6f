"""SMTP receiver for the tests that requires AUTH: aiosmtpd keeping every message in a maildir,
taking LOGIN and PLAIN for one user and password, and XOAUTH2 for one access token.

    smtp-receiver.py --host H --port N --maildir DIR --user U [--password P] [--oauth2-token T]
                     [--tlscert PEM --tlskey KEY] [--smtps]

Plain AUTH is allowed without TLS: it only ever listens on loopback.
"""
import argparse
import asyncio
import ssl
from base64 import b64decode

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

parser = argparse.ArgumentParser()
parser.add_argument("--host", default="127.0.0.1")
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--maildir", required=True)
parser.add_argument("--user", required=True)
parser.add_argument("--password")
parser.add_argument("--oauth2-token")
parser.add_argument("--tlscert")
parser.add_argument("--tlskey")
parser.add_argument("--smtps", action="store_true")
args = parser.parse_args()


def authenticator(server, session, envelope, mechanism, data):
    # LOGIN and PLAIN: the one user and password, when a password is set.
    ok = (args.password is not None and isinstance(data, LoginPassword)
          and data.login.decode() == args.user and data.password.decode() == args.password)
    return AuthResult(success=ok, handled=False)


class AuthSMTP(SMTP):
    async def auth_XOAUTH2(self, server, words):
        """XOAUTH2: base64 of `user=U\\x01auth=Bearer TOKEN\\x01\\x01`, in the AUTH line or after a 334."""
        if args.oauth2_token is None:
            await self.push("504 5.5.4 XOAUTH2 not offered")
            return AuthResult(success=False, handled=True)
        if len(words) == 1:
            raw = await self.challenge_auth("")
            if not isinstance(raw, bytes):
                return AuthResult(success=False, handled=False)
        else:
            try:
                raw = b64decode(words[1].encode(), validate=True)
            except Exception:
                await self.push("501 5.5.2 Can't decode base64")
                return AuthResult(success=False, handled=True)
        fields = dict(part.split("=", 1) for part in raw.decode(errors="replace").split("\x01") if "=" in part)
        ok = fields.get("user") == args.user and fields.get("auth") == f"Bearer {args.oauth2_token}"
        return AuthResult(success=ok, handled=False, auth_data=fields.get("user"))


class AuthController(Controller):
    def factory(self):
        return AuthSMTP(self.handler, **self.SMTP_kwargs)


context = None
if args.tlscert:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.tlscert, args.tlskey)
kwargs = dict(authenticator=authenticator, auth_require_tls=False, auth_required=True)
if context and not args.smtps:
    kwargs.update(tls_context=context, require_starttls=True)
controller = AuthController(Mailbox(args.maildir), hostname=args.host, port=args.port,
                            ssl_context=context if args.smtps else None, **kwargs)
controller.start()
print(f"listening on {args.host}:{args.port}", flush=True)
try:
    asyncio.new_event_loop().run_forever()
finally:
    controller.stop()
