"""Sends the demo's sample Telegram updates to intake, in the Bot API's Update shape, with the
webhook's secret token, as Telegram would, and prints what intake sent back through sendMessage."""
import json, os, random, re, sys, time, urllib.error, urllib.request

url, secret, samples_path, sent_log = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
chat = {"id": 700000311, "first_name": "Rosa", "type": "private"}
update_id = random.randint(10_000, 90_000_000)

def post(update, token):
    req = urllib.request.Request(url, data=json.dumps(update).encode(), headers={
        "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": token})
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()

def sent_lines():
    return open(sent_log).read().splitlines() if os.path.exists(sent_log) else []

message_ids = []
for s in json.load(open(samples_path)):
    update_id += 1
    first_case = next((m.group(0) for line in sent_lines() for m in [re.search(r"TUC-\d{4}-\d{6,}", line)] if m), "TUC-2026-000001")
    message = {"message_id": update_id % 1_000_000, "date": int(time.time()), "chat": chat,
               "from": {"id": chat["id"], "is_bot": False, "first_name": "Rosa", "language_code": s["language_code"]}}
    if "text" in s:
        message["text"] = s["text"].replace("{first_case}", first_case)
    if "location" in s:
        message["location"] = s["location"]
    if s.get("photo"):
        message["photo"] = [{"file_id": "demo-photo-small", "file_unique_id": "s", "file_size": 900, "width": 90, "height": 67},
                            {"file_id": "demo-photo", "file_unique_id": "d", "file_size": 3072, "width": 1280, "height": 960}]
        message["caption"] = s["caption"]
    kind = "message"
    if "edit_of" in s:
        kind = "edited_message"
        message["message_id"] = message_ids[s["edit_of"]]
        message["edit_date"] = int(time.time()) + 1
    message_ids.append(message["message_id"])
    before = len(sent_lines())
    status, answer = post({"update_id": update_id, kind: message}, "forged-token-000" if s.get("forged") else secret)
    time.sleep(0.3)
    replies = sent_lines()[before:]
    print(f"{s['label']:<28} {status}  {answer[:90] if status != 200 else ''}")
    for line in replies:
        print(f"{'':<28}      bot: {line.strip()[:120]}")
