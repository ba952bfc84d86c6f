#!/usr/bin/env bash
# Makes (once) the Python environment of the demo and the tests: Twilio's own helper library to
# sign webhooks independently, paho-mqtt, jsonschema to check the envelope schema, and schemathesis
# to test the Open311 API against its OpenAPI document.
# Prints the path of its python.
set -euo pipefail
venv=${1:-./.intake/venv}
if [[ ! -x $venv/bin/python ]] || ! "$venv/bin/python" -c 'import twilio, paho.mqtt, jsonschema, rfc3339_validator, aiosmtpd, selenium, schemathesis' 2>/dev/null; then
  echo "python-env.sh: preparing $venv (twilio, paho-mqtt, jsonschema, aiosmtpd, selenium, schemathesis)" >&2
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q --disable-pip-version-check twilio paho-mqtt jsonschema rfc3339-validator aiosmtpd selenium schemathesis >&2
fi
echo "$(cd "$venv" && pwd)/bin/python"
