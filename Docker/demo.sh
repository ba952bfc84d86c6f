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
intake=$(swift build --show-bin-path)/intake

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
# Where things are: Tucson's boundaries from the shared public data when present, and a small set
# of made-up Tucson address points (no real Tucson address file is public; a deployment points
# INTAKE_GAZETTEER at the city's own).
export INTAKE_GAZETTEER=${INTAKE_GAZETTEER:-$PWD/Tests/IntakeLocateTests/Fixtures/tucson_made_up_address_points.csv}
for d in ../shared/data ../../shared/data /work/shared/data; do
  if [[ -z ${INTAKE_GEO_DIR:-} && -d $d/geo/tucson ]]; then export INTAKE_GEO_DIR=$(cd "$d/geo/tucson" && pwd); fi
done
[[ -n ${INTAKE_GEO_DIR:-} ]] || echo "demo: Tucson boundaries not found (../shared/data/geo/tucson); cases will have no jurisdiction"
export INTAKE_PUBLIC_URL=${INTAKE_PUBLIC_URL:-http://$INTAKE_HTTP_ADDRESS}
# The web chat: residents open $INTAKE_PUBLIC_URL/chat on their phone.
export INTAKE_CHAT_ENABLED=${INTAKE_CHAT_ENABLED:-on}

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
cleanup() { kill "$pid" "$recorder" "$py_pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
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
echo "demo: sample phone calls (Twilio Voice webhooks, one per step)"
"$python" Docker/demo/place_calls.py "$INTAKE_PUBLIC_URL" "$INTAKE_TWILIO_AUTH_TOKEN" Docker/demo/calls.json
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
sleep 1
echo
echo "demo: the cases in PostgreSQL"
"$intake" cases --limit 50
echo
echo "demo: SMS sent to residents afterwards (recorded by the local Twilio stand-in):"
cat "$INTAKE_DATA_DIR/outbound-sms.log" 2>/dev/null || echo "  (none: every case committed while its webhook waited)"
echo
echo "demo: stopping intake (SIGTERM: intake stops first, the writer drains last)"
cleanup
trap - EXIT
tail -n 3 "$INTAKE_DATA_DIR/intake.log"
echo "demo: the broker and database are still up; 'bash Docker/stack.sh down' stops them."
