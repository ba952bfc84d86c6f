#!/usr/bin/env bash
# The main job, end to end: installs what is missing, starts mosquitto and a throwaway PostgreSQL
# cluster under ./.intake, runs `intake run`, feeds signed sample SMS through the real HTTP route,
# and prints the cases it made. The stack stays up afterwards (Docker/stack.sh down stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
data=${INTAKE_DATA_DIR:-./.intake}
mkdir -p "$data"
export INTAKE_DATA_DIR=$(cd "$data" && pwd)

bash Docker/stack.sh install
python=$(bash Docker/python-env.sh "$INTAKE_DATA_DIR/venv")
echo "demo: building intake (a first build takes several minutes)"
swift build --product intake
swift build --product intake-bench
intake=$(swift build --show-bin-path)/intake
bench=$(swift build --show-bin-path)/intake-bench

bash Docker/stack.sh up --dir "$INTAKE_DATA_DIR"
"$intake" migrate

# A stand-in for Twilio's REST API (unreachable from here): it records the SMS intake sends out.
recorder_port=18312
"$python" Docker/demo/twilio_recorder.py "$recorder_port" "$INTAKE_DATA_DIR/outbound-sms.log" &
recorder=$!
token_file=$INTAKE_DATA_DIR/secrets/twilio-demo-token
[[ -s $token_file ]] || (umask 077; head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$token_file")
export INTAKE_TWILIO_AUTH_TOKEN=$(cat "$token_file")
export INTAKE_TWILIO_ACCOUNT_SID=AC00000000000000000000000000000311
export INTAKE_TWILIO_API_URL=http://127.0.0.1:$recorder_port
export INTAKE_HTTP_ADDRESS=${INTAKE_HTTP_ADDRESS:-127.0.0.1:8311}
# A stand-in for Telegram's Bot API: it records what the bot sends and serves the sample photo.
telegram_port=18313
"$python" Docker/demo/telegram_bot_api.py "$telegram_port" "$INTAKE_DATA_DIR/outbound-telegram.log" &
telegram_api=$!
telegram_secret_file=$INTAKE_DATA_DIR/secrets/telegram-demo-secret
[[ -s $telegram_secret_file ]] || (umask 077; head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$telegram_secret_file")
export INTAKE_TELEGRAM_SECRET=$(cat "$telegram_secret_file")
export INTAKE_TELEGRAM_BOT_TOKEN=311000311:demo-bot-token
export INTAKE_TELEGRAM_API_URL=http://127.0.0.1:$telegram_port
# Where things are: Tucson's boundaries from the shared public data when present, and a small set
# of made-up Tucson address points (no real Tucson address file is public; a deployment points
# INTAKE_GAZETTEER at the city's own).
export INTAKE_GAZETTEER=${INTAKE_GAZETTEER:-$PWD/Tests/IntakeLocateTests/Fixtures/tucson_made_up_address_points.csv}
# A surge threshold the demo reaches in four messages (water: 3 within an hour; the city's file says 10).
export INTAKE_SURGE_RULES=${INTAKE_SURGE_RULES:-$PWD/Docker/demo/surges.yaml}
for d in ../shared/data ../../shared/data /work/shared/data; do
  if [[ -z ${INTAKE_GEO_DIR:-} && -d $d/geo/tucson ]]; then export INTAKE_GEO_DIR=$(cd "$d/geo/tucson" && pwd); fi
done
[[ -n ${INTAKE_GEO_DIR:-} ]] || echo "demo: Tucson boundaries not found (../shared/data/geo/tucson); cases will have no jurisdiction"
export INTAKE_PUBLIC_URL=${INTAKE_PUBLIC_URL:-http://$INTAKE_HTTP_ADDRESS}
# Scanned mail: letters and faxes put in this folder are read with Tesseract.
export INTAKE_DROP_DIR=${INTAKE_DROP_DIR:-$INTAKE_DATA_DIR/scanned}
mkdir -p "$INTAKE_DROP_DIR"
# The email channel: a local Dovecot holds the 311 mailbox, a local SMTP receiver takes the answers.
mail_dir=$INTAKE_DATA_DIR/mail
bash Docker/mail.sh imap down --dir "$mail_dir"; bash Docker/mail.sh smtp down --dir "$mail_dir"
rm -rf "$mail_dir/dovecot/mail" "$mail_dir/received"
export INTAKE_IMAP_URL=$(bash Docker/mail.sh imap up --dir "$mail_dir" --port "${INTAKE_DEMO_IMAP_PORT:-10143}")
export INTAKE_SMTP_URL=$(bash Docker/mail.sh smtp up --dir "$mail_dir" --port "${INTAKE_DEMO_SMTP_PORT:-10025}" --python "$python")
export INTAKE_EMAIL_ADDRESS=311@tucson.test
# The web chat: residents open $INTAKE_PUBLIC_URL/chat on their phone.
export INTAKE_CHAT_ENABLED=${INTAKE_CHAT_ENABLED:-on}
# Open311 GeoReport v2, with one client's api key in the secrets directory.
export INTAKE_OPEN311_ENABLED=${INTAKE_OPEN311_ENABLED:-on}
open311_keys=$INTAKE_DATA_DIR/secrets/open311-api-keys
[[ -s $open311_keys ]] || (umask 077; echo "$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n') demo-app" > "$open311_keys")
# The 911 centre's link (Channels/CAD): its bearer token, and the token's SHA-256 that intake keeps.
cad_token_file=$INTAKE_DATA_DIR/secrets/911-demo-token
[[ -s $cad_token_file ]] || (umask 077; head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$cad_token_file")
export INTAKE_911_TOKENS_FILE=$INTAKE_DATA_DIR/secrets/911-tokens
[[ -s $INTAKE_911_TOKENS_FILE ]] || (umask 077; echo "$(printf %s "$(cat "$cad_token_file")" | sha256sum | cut -d' ' -f1) demo 911 centre" > "$INTAKE_911_TOKENS_FILE")
# Escalations go to a stand-in for the 911 centre's CAD webhook, signed with this install's key.
export INTAKE_CAD_SIGNING_KEY_FILE=$INTAKE_DATA_DIR/secrets/cad-signing-key
[[ -s $INTAKE_CAD_SIGNING_KEY_FILE ]] || (umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$INTAKE_CAD_SIGNING_KEY_FILE")
cad_port=18314
: > "$INTAKE_DATA_DIR/cad-escalations.log"
"$python" Docker/demo/cad_recorder.py "$cad_port" "$INTAKE_DATA_DIR/cad-escalations.log" "$INTAKE_CAD_SIGNING_KEY_FILE" &
cad=$!
export INTAKE_CAD_URL=http://127.0.0.1:$cad_port/cad/escalations

# The staff console: one login for the demo, its password kept in the secrets folder.
staff_password_file=$INTAKE_DATA_DIR/secrets/console-demo-password
[[ -s $staff_password_file ]] || (umask 077; head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$staff_password_file")
grep -q '^demo.staff ' "$INTAKE_DATA_DIR/secrets/staff-users" 2>/dev/null || "$intake" staff add demo.staff < "$staff_password_file"

echo "demo: the settings, checked (intake config check)"
"$intake" config check
echo

"$intake" run > "$INTAKE_DATA_DIR/intake.log" 2>&1 &
pid=$!
# An adapter in another language: the Python example, on its own least-privileged broker user.
py_port=$(( ${INTAKE_HTTP_ADDRESS##*:} + 89 ))
py_url=$(grep '^INTAKE_MQTT_URL_PYTHON_WEB=' "$INTAKE_DATA_DIR/stack.env" | cut -d= -f2-)
"$python" Channels/Examples/python/adapter.py --mqtt-url "$py_url" --listen "127.0.0.1:$py_port" \
  --spool "$INTAKE_DATA_DIR/spool/python-web" > "$INTAKE_DATA_DIR/python-adapter.log" 2>&1 &
py_pid=$!
cleanup() {
  kill "$pid" "$recorder" "$telegram_api" "$cad" "$py_pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  bash Docker/mail.sh imap down --dir "$mail_dir"; bash Docker/mail.sh smtp down --dir "$mail_dir"
}
trap cleanup EXIT
for _ in $(seq 1 100); do
  curl -sf "$INTAKE_PUBLIC_URL/health" >/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat "$INTAKE_DATA_DIR/intake.log"; exit 1; }
  sleep 0.2
done
echo "demo: intake is up at $INTAKE_PUBLIC_URL ($(curl -s "$INTAKE_PUBLIC_URL/health"))"
echo "demo: web chat for residents: $INTAKE_PUBLIC_URL/chat (open it in a browser; a phone on the same network needs INTAKE_HTTP_ADDRESS=0.0.0.0:8311 and INTAKE_PUBLIC_URL=http://<this machine>:8311)"

echo "demo: sample SMS (each signed with Twilio's own RequestValidator)"
"$python" Docker/demo/send_samples.py "$INTAKE_PUBLIC_URL/twilio/sms" "$INTAKE_TWILIO_AUTH_TOKEN" Docker/demo/samples.json
echo
echo "demo: a burst of water reports on one street (a surge at 3 within an hour, Docker/demo/surges.yaml)"
"$python" Docker/demo/send_samples.py "$INTAKE_PUBLIC_URL/twilio/sms" "$INTAKE_TWILIO_AUTH_TOKEN" Docker/demo/surge_samples.json
for _ in $(seq 1 25); do grep -q ' surge: ' "$INTAKE_DATA_DIR/intake.log" && break; sleep 0.2; done
grep ' surge: ' "$INTAKE_DATA_DIR/intake.log" | sed 's/^.*surge: /  alert on 311\/v1\/alert\/surge: /' | tail -n 1
echo
echo "demo: sample phone calls (Twilio Voice webhooks, one per step)"
"$python" Docker/demo/place_calls.py "$INTAKE_PUBLIC_URL" "$INTAKE_TWILIO_AUTH_TOKEN" Docker/demo/calls.json
echo
echo "demo: sample Telegram updates (the Bot API's Update JSON, with the webhook's secret token)"
: > "$INTAKE_DATA_DIR/outbound-telegram.log"
"$python" Docker/demo/send_telegram.py "$INTAKE_PUBLIC_URL/telegram/webhook" "$INTAKE_TELEGRAM_SECRET" \
  Docker/demo/telegram_samples.json "$INTAKE_DATA_DIR/outbound-telegram.log"
echo
echo "demo: a web form through the Python adapter (Channels/Examples/python), which keeps the same delivery promise"
for _ in $(seq 1 50); do curl -sf "127.0.0.1:$py_port/health" >/dev/null && break; sleep 0.2; done
curl -s -X POST "127.0.0.1:$py_port/contacts" -H 'Content-Type: application/json' \
  -d '{"external_id":"demo-form-1","language":"es","text":"Hay basura tirada en el callejón detrás de 75 N Stone Ave","location":{"text":"75 N Stone Ave","source":"resident"}}'
echo
for _ in $(seq 1 50); do
  answer=$(curl -s "127.0.0.1:$py_port/contacts/web:demo-form-1")
  [[ $answer == *case_ref* ]] && break
  sleep 0.2
done
echo "  $answer"
echo
echo "demo: an Open311 GeoReport v2 request (POST requests.json), read back with GET requests/{id}.json"
open311=$(curl -s -X POST "$INTAKE_PUBLIC_URL/open311/v2/requests.json" --data-urlencode "api_key=$(cut -d' ' -f1 "$open311_keys")" \
  -d service_code=streetlight -d lat=32.2226 -d long=-110.9747 --data-urlencode 'address_string=255 W Alameda St' \
  --data-urlencode 'description=Streetlight out on the corner by the library')
echo "  $open311"
open311_id=$(printf '%s' "$open311" | sed -n 's/.*"service_request_id" *: *"\([^"]*\)".*/\1/p')
[[ -n $open311_id ]] && echo "  $(curl -s "$INTAKE_PUBLIC_URL/open311/v2/requests/$open311_id.json" | tr -d '\n' | tr -s ' ')"
echo
echo "demo: the emergency SMS above reached the 911 centre's CAD webhook (signature checked there); a dispatcher acknowledges it"
for _ in $(seq 1 50); do [[ -s $INTAKE_DATA_DIR/cad-escalations.log ]] && break; sleep 0.2; done
sed 's/^/  CAD received: /' "$INTAKE_DATA_DIR/cad-escalations.log"
escalation_id=$(head -n1 "$INTAKE_DATA_DIR/cad-escalations.log" | sed -n 's/.*"id": "\([^"]*\)".*/\1/p')
[[ -n $escalation_id ]] && echo "  $(curl -s -X POST "$INTAKE_PUBLIC_URL/api/v1/escalations/$escalation_id/ack" \
  -H "Authorization: Bearer $(cat "$cad_token_file")" -H 'Content-Type: application/json' -d '{"by":"dispatcher 7"}')"
echo
echo "demo: the staff console ($INTAKE_PUBLIC_URL/console, user demo.staff, password in $staff_password_file): a walk-in entered for a resident"
"$python" Docker/demo/console_walk_in.py "$INTAKE_PUBLIC_URL" demo.staff "$(cat "$staff_password_file")"
echo
echo "demo: a 911 call handed to 311 (POST /api/v1/handoff/911, the 911 centre's token), sent twice: one case"
for _ in 1 2; do
  echo "  $(curl -s -X POST "$INTAKE_PUBLIC_URL/api/v1/handoff/911" -H "Authorization: Bearer $(cat "$cad_token_file")" \
    -H 'Content-Type: application/json' \
    -d '{"incident_number":"T2611300042","nature":"pothole","text":"Caller reports a deep pothole that damaged a tire",
         "location":{"address":"100 N Stone Ave"},"callback":"+15205550177","language":"en"}')"
done
echo
echo "demo: a two-page letter (PDF) and a fax (G4 TIFF, 204x196 dpi), rendered from Docker/demo/*.txt, dropped into $INTAKE_DROP_DIR"
"$bench" render-letter Docker/demo/letter.txt --pdf "$INTAKE_DATA_DIR/letter-maria-lopez.pdf"
"$bench" render-letter Docker/demo/fax.txt --fax "$INTAKE_DATA_DIR/fax-jose-ramirez.tif"
for f in letter-maria-lopez.pdf fax-jose-ramirez.tif; do
  # As a scanner does: written under a .part name (ignored), then renamed.
  cp "$INTAKE_DATA_DIR/$f" "$INTAKE_DROP_DIR/$f.part" && mv "$INTAKE_DROP_DIR/$f.part" "$INTAKE_DROP_DIR/$f"
done
for _ in $(seq 1 300); do
  [[ -f $INTAKE_DROP_DIR/processed/letter-maria-lopez.pdf && -f $INTAKE_DROP_DIR/processed/fax-jose-ramirez.tif ]] && break
  sleep 0.5
done
grep ' mail: ' "$INTAKE_DATA_DIR/intake.log" | sed 's/^/  /' | tail -n 12
echo "  processed/: $(ls "$INTAKE_DROP_DIR/processed" | tr '\n' ' ')"
echo "demo: sample mails to the 311 mailbox (IMAP on the local Dovecot; answers over SMTP)"
"$python" Docker/demo/send_mail.py "$INTAKE_IMAP_URL" "$mail_dir/received"
sleep 1
echo
echo "demo: the cases in PostgreSQL"
"$intake" cases --limit 50
echo
echo "demo: case life after intake: the 311 Bureau (PATCH /api/v1/cases/{ref}, its token from Docker/stack.sh) moves cases on"
department_token=$(cat "$INTAKE_DATA_DIR/secrets/department-token-311-bureau")
# (awk reads to the end: an early exit would stop intake with SIGPIPE under pipefail)
sms_case=$("$intake" cases --limit 50 | awk '$2 == "sms" && ref == "" {ref = $1} END {print ref}')
for change in "$sms_case"'|{"status":"in_progress","note":"A crew is scheduled for Thursday"}' \
              "$open311_id"'|{"status":"closed","note":"Lamp replaced"}'; do
  ref=${change%%|*}
  [[ -n $ref ]] || continue
  echo "  $ref: $(curl -s -X PATCH "$INTAKE_PUBLIC_URL/api/v1/cases/$ref" -H "Authorization: Bearer $department_token" \
    -H 'Content-Type: application/json' -d "${change#*|}")"
done
sleep 1
[[ -n $open311_id ]] && echo "  Open311 now says: $(curl -s "$INTAKE_PUBLIC_URL/open311/v2/requests/$open311_id.json" | tr -d '\n' | tr -s ' ')"
echo
echo "demo: SMS sent to residents afterwards (recorded by the local Twilio stand-in):"
cat "$INTAKE_DATA_DIR/outbound-sms.log" 2>/dev/null || echo "  (none: every case committed while its webhook waited)"
echo
echo "demo: the Telegram cases"
"$intake" cases --limit 50 | awk 'NR == 1 || $2 ~ /^teleg/'
echo
echo "demo: stopping intake (SIGTERM: intake stops first, the writer drains last)"
cleanup
trap - EXIT
tail -n 3 "$INTAKE_DATA_DIR/intake.log"
echo "demo: the broker and database are still up; 'bash Docker/stack.sh down' stops them."
