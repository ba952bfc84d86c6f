"""Delivers the demo's sample mails into the 311 mailbox (IMAP APPEND on the local Dovecot), as a
mail server would, and prints the answers intake sent back (kept by the local SMTP receiver)."""
import email, email.policy, glob, imaplib, os, struct, sys, time, urllib.parse, uuid, zlib
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from datetime import datetime, timezone

imap_url, received_dir = sys.argv[1], sys.argv[2]
u = urllib.parse.urlparse(imap_url)

def append(msg):
    m = imaplib.IMAP4(u.hostname, u.port)
    m.login(urllib.parse.unquote(u.username), urllib.parse.unquote(u.password))
    m.append("INBOX", None, None, msg.as_bytes(policy=email.policy.SMTP))
    m.logout()

def base(sender, name, subject, msgid=None):
    msg = EmailMessage()
    msg["From"] = f"{name} <{sender}>"
    msg["To"] = "City of Tucson 311 <311@tucson.test>"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(datetime.now(timezone.utc))
    msg["Message-ID"] = msgid or make_msgid(domain="example.org")
    return msg

def photo_png(w=48, h=32):
    """A small made-up 'photo': grey asphalt with a dark hole, as a real PNG."""
    rows = b""
    for y in range(h):
        rows += b"\x00" + b"".join(bytes([30, 30, 30]) if (x - 24) ** 2 + (y - 16) ** 2 < 90 else bytes([120, 120, 115]) for x in range(w))
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")

def answers():
    out = []
    for path in sorted(glob.glob(os.path.join(received_dir, "new", "*")), key=os.path.getmtime):
        with open(path, "rb") as f:
            out.append(email.message_from_binary_file(f, policy=email.policy.default))
    return out

def wait_for_answers(n, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        got = answers()
        if len(got) >= n:
            return got
        time.sleep(0.2)
    return answers()

# 1. Spanish, plain text, with a street address and a signature.
spanish_id = make_msgid(domain="example.org")
m = base("maria.lopez@example.org", "María López", "Bache peligroso", spanish_id)
m.set_content("Hola, hay un bache muy profundo frente a 1200 N Stone Ave. Ya se dañó una llanta.\n\n--\nMaría López\n520-555-0142\n")
append(m)
print("sent  Spanish report (plain text)              María López <maria.lopez@example.org>")

# 2. HTML only, with a photo of the problem inline.
m = base("sam.okafor@example.org", "Sam Okafor", "Graffiti on the underpass")
m.set_content("<html><body><p>Hi,</p><p>There is new <b>graffiti</b> on the underpass at 300 S Main Ave.</p>"
              "<p><img src=\"cid:photo1\"></p><p>Thanks,<br>Sam</p></body></html>", subtype="html")
m.add_related(photo_png(), maintype="image", subtype="png", cid="<photo1>", filename="underpass.png")
append(m)
print("sent  HTML-only report with a photo (inline)   Sam Okafor <sam.okafor@example.org>")

# 3. An out-of-office auto-reply: must make no case and get no answer.
m = base("vacation@example.org", "Lee Chen", "Automatic reply: your message")
m["Auto-Submitted"] = "auto-replied"
m["X-Autoreply"] = "yes"
m.set_content("I am out of the office until Monday and will answer your mail then.")
append(m)
print("sent  an out-of-office auto-reply              Lee Chen <vacation@example.org>")

# 4. María answers the centre's answer: threads onto her case (In-Reply-To our answer).
got = wait_for_answers(2)
ours = next((a for a in got if spanish_id.strip("<>") in (a["In-Reply-To"] or "")), None)
if ours is None:
    print("demo: the answer to the Spanish report did not come; see the intake log", file=sys.stderr)
    sys.exit(1)
m = base("maria.lopez@example.org", "María López", "Re: Bache peligroso")
m["In-Reply-To"] = ours["Message-ID"]
m["References"] = f"{spanish_id} {ours['Message-ID']}"
quoted = "\n".join("> " + line for line in ours.get_body(preferencelist=("plain",)).get_content().splitlines())
m.set_content(f"Sigue ahí y ahora es más grande.\n\nEl {ours['Date']}, 311 <311@tucson.test> escribió:\n{quoted}\n")
append(m)
print("sent  María's reply to the answer              (In-Reply-To: the answer's Message-ID, no case number in the subject)")

got = wait_for_answers(3)
time.sleep(2)
got = answers()
print()
print(f"demo: {len(got)} answers sent by intake over SMTP (kept by the local receiver in {received_dir}):")
for a in got:
    body = a.get_body(preferencelist=("plain",)).get_content().strip().replace("\n", " ")
    alternatives = "+".join(p.get_content_type().split("/")[1] for p in a.iter_parts())
    print(f"  to {a['To']:<28} {a['Subject']}")
    print(f"     In-Reply-To {a['In-Reply-To']}  Auto-Submitted: {a['Auto-Submitted']}  parts: {alternatives}")
    print(f"     {body[:150]}{'…' if len(body) > 150 else ''}")
