#!/usr/bin/env bash
# Local mail servers for the email channel, on loopback: Dovecot (IMAP, a passwd-file user, a
# maildir in DIR) and an SMTP receiver (Python aiosmtpd) that keeps every message it gets as a
# file in a maildir. The demo, the tests and the benchmark start them through this script.
#
#   Docker/mail.sh imap up|down    --dir DIR [--port N] [--tls-port N] [--user ADDRESS] [--password P]
#                                  [--oauth2-port N --oauth2-token TOKEN [--python PY]]
#   Docker/mail.sh smtp up|down    --dir DIR [--port N] [--tls starttls|smtps] [--python PY]
#                                  [--auth-user U [--auth-password P] [--oauth2-token T]]
#   Docker/mail.sh imap uidvalidity --dir DIR N     give INBOX a new UIDVALIDITY
#   Docker/mail.sh imap rebuild --dir DIR           renumber INBOX as a server rebuild does: new
#                                                   UIDVALIDITY, UIDs from 1 again (Dovecot restarted)
#
# Defaults: --port 10143 (imap) / 10025 (smtp), --user 311@tucson.test, --password secret-311.
# `imap up` writes DIR/imap.url (the INTAKE_IMAP_URL); `smtp up` writes DIR/smtp.url and keeps
# received mail in DIR/received/new/. With --tls-port, Dovecot also listens for IMAPS there and
# offers STARTTLS, with a certificate for 127.0.0.1 and localhost signed by a CA made for the
# occasion (DIR/ca.pem, for INTAKE_EMAIL_TLS_CA_FILE).
# With --oauth2-port, Dovecot also takes AUTHENTICATE XOAUTH2 and OAUTHBEARER, asking a token
# introspection endpoint (Docker/oauth2-introspection.py, started on that port) for which TOKEN is
# the one active token, naming the user. `smtp up --tls starttls` offers (and requires) STARTTLS,
# `--tls smtps` speaks TLS from the first byte; both with a certificate from that same CA.
# With --auth-user, the receiver (Docker/smtp-receiver.py) requires AUTH before MAIL: LOGIN and
# PLAIN for that user and --auth-password, XOAUTH2 for that user and --oauth2-token.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
die() { echo "mail.sh: $*" >&2; exit 1; }

what=${1:-}; sub=${2:-}; shift 2 || die "usage: mail.sh imap|smtp up|down --dir DIR"
dir=""; port=""; tls_port=0; user=311@tucson.test; password=secret-311; python=""; arg=""
oauth2_port=0; oauth2_token=""; smtp_tls=""; auth_user=""; auth_password=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --dir) dir=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --tls-port) tls_port=$2; shift 2 ;;
    --user) user=$2; shift 2 ;;
    --password) password=$2; shift 2 ;;
    --python) python=$2; shift 2 ;;
    --oauth2-port) oauth2_port=$2; shift 2 ;;
    --oauth2-token) oauth2_token=$2; shift 2 ;;
    --tls) smtp_tls=$2; shift 2 ;;
    --auth-user) auth_user=$2; shift 2 ;;
    --auth-password) auth_password=$2; shift 2 ;;
    *) arg=$1; shift ;;
  esac
done
[[ -n $dir ]] || die "--dir is required"
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

imap_up() {
  [[ -x /usr/sbin/dovecot ]] || die "Dovecot is not installed (run: Docker/stack.sh install, or apt-get install dovecot-imapd)"
  port=${port:-10143}
  local d=$dir/dovecot
  mkdir -p "$d/run" "$d/state" "$d/mail"
  # Mail processes may not run as root: as root, mail belongs to nobody.
  local uid gid internal
  if [[ $(id -u) == 0 ]]; then uid=65534; gid=65534; internal=dovecot; else uid=$(id -u); gid=$(id -g); internal=$(id -un); fi
  chown "$uid:$gid" "$d/mail"
  local ssl="ssl = no"
  if [[ $tls_port != 0 ]]; then
    make_certificates "$dir/tls"
    ssl="ssl = yes
ssl_cert = <$dir/tls/server.pem
ssl_key = <$dir/tls/server.key"
  fi
  local mechanisms="plain login" oauth2_passdb=""
  if [[ $oauth2_port != 0 ]]; then
    oauth2_up
    mechanisms="plain login xoauth2 oauthbearer"
    cat > "$d/oauth2.conf.ext" <<OAUTH
introspection_mode = post
introspection_url = http://127.0.0.1:$oauth2_port/introspect
username_attribute = username
active_attribute = active
active_value = true
timeout_msecs = 10000
OAUTH
    oauth2_passdb="passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = $d/oauth2.conf.ext
}"
  fi
  printf '%s:{PLAIN}%s::::::\n' "$user" "$password" > "$d/users"
  chmod 644 "$d/users"
  cat > "$d/dovecot.conf" <<CONF
base_dir = $d/run
state_dir = $d/state
log_path = $d/dovecot.log
info_log_path = $d/dovecot.log
protocols = imap
listen = 127.0.0.1
$ssl
disable_plaintext_auth = no
auth_mechanisms = $mechanisms
default_internal_user = $internal
default_login_user = $( [[ $(id -u) == 0 ]] && echo dovenull || echo "$internal" )
first_valid_uid = 1
mail_location = maildir:$d/mail/%n
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $d/users
}
$oauth2_passdb
userdb {
  driver = static
  args = uid=$uid gid=$gid home=$d/mail/%n
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $tls_port
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
protocol imap {
  mail_max_userip_connections = 50
}
CONF
  /usr/sbin/dovecot -c "$d/dovecot.conf" || { cat "$d/dovecot.log" >&2 2>/dev/null; die "Dovecot did not start"; }
  for _ in $(seq 1 100); do
    if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then
      echo "imap://$(printf %s "$user" | sed 's/@/%40/'):$password@127.0.0.1:$port/INBOX" > "$dir/imap.url"
      cat "$dir/imap.url"
      return
    fi
    sleep 0.1
  done
  cat "$d/dovecot.log" >&2 2>/dev/null || true
  die "Dovecot is not listening on 127.0.0.1:$port"
}

# The token introspection endpoint Dovecot's oauth2 passdb asks; TOKEN is kept in DIR/oauth2.token.
oauth2_up() {
  [[ -n $oauth2_token ]] || die "--oauth2-port needs --oauth2-token"
  [[ -n $python ]] || python=$("$here/python-env.sh" "${INTAKE_VENV:-$here/../.intake/venv}")
  printf '%s\n' "$oauth2_token" > "$dir/oauth2.token"
  nohup "$python" "$here/oauth2-introspection.py" "$oauth2_port" "$dir/oauth2.token" "$user" > "$dir/oauth2.log" 2>&1 &
  echo $! > "$dir/oauth2.pid"
  for _ in $(seq 1 100); do
    (exec 3<>/dev/tcp/127.0.0.1/$oauth2_port) 2>/dev/null && return
    kill -0 "$(cat "$dir/oauth2.pid")" 2>/dev/null || { cat "$dir/oauth2.log" >&2; die "the introspection endpoint stopped"; }
    sleep 0.1
  done
  die "the introspection endpoint is not listening on 127.0.0.1:$oauth2_port"
}

# A CA and a server certificate for 127.0.0.1 and localhost, made with openssl.
make_certificates() {
  local t=$1
  mkdir -p "$t"
  [[ -f $t/server.pem ]] && return
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=intake311 test CA" \
    -keyout "$t/ca.key" -out "$t/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$t/server.key" -out "$t/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' > "$t/san.ext"
  openssl x509 -req -in "$t/server.csr" -CA "$t/ca.pem" -CAkey "$t/ca.key" -CAcreateserial -days 30 \
    -extfile "$t/san.ext" -out "$t/server.pem" 2>/dev/null
  chmod 644 "$t/server.key"
  cp "$t/ca.pem" "$dir/ca.pem"
}

imap_down() {
  local d=$dir/dovecot
  if [[ -f $dir/oauth2.pid ]]; then kill "$(cat "$dir/oauth2.pid")" 2>/dev/null || true; rm -f "$dir/oauth2.pid"; fi
  [[ -f $d/dovecot.conf ]] || return 0
  /usr/sbin/dovecot -c "$d/dovecot.conf" stop 2>/dev/null || true
  for _ in $(seq 1 50); do [[ -f $d/run/master.pid ]] && kill -0 "$(cat "$d/run/master.pid")" 2>/dev/null || return 0; sleep 0.1; done
}

imap_uidvalidity() {
  local d=$dir/dovecot
  [[ -n $arg ]] || die "imap uidvalidity needs the new value"
  doveadm -c "$d/dovecot.conf" mailbox update -u "$user" --uid-validity "$arg" INBOX
}

imap_rebuild() {
  local d=$dir/dovecot
  local port_now
  port_now=$(sed -n 's/^    port = \([0-9]*\)$/\1/p' "$d/dovecot.conf" | head -n 1)
  imap_down
  local box
  for box in "$d"/mail/*; do rm -f "$box"/dovecot-uidlist "$box"/dovecot.index*; done
  /usr/sbin/dovecot -c "$d/dovecot.conf" || die "Dovecot did not start again"
  for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/$port_now) 2>/dev/null && return; sleep 0.1; done
  die "Dovecot is not listening again on $port_now"
}

smtp_up() {
  port=${port:-10025}
  [[ -n $python ]] || python=$("$here/python-env.sh" "${INTAKE_VENV:-$here/../.intake/venv}")
  mkdir -p "$dir/received/tmp" "$dir/received/new" "$dir/received/cur"
  local tls=() scheme=smtp query=""
  case $smtp_tls in
    "") ;;
    starttls) make_certificates "$dir/tls"; tls=(--tlscert "$dir/tls/server.pem" --tlskey "$dir/tls/server.key"); query="?tls=starttls" ;;
    smtps) make_certificates "$dir/tls"; tls=(--smtpscert "$dir/tls/server.pem" --smtpskey "$dir/tls/server.key"); scheme=smtps ;;
    *) die "--tls is starttls or smtps" ;;
  esac
  if [[ -n $auth_user ]]; then
    local auth=(--user "$auth_user")
    [[ -n $auth_password ]] && auth+=(--password "$auth_password")
    [[ -n $oauth2_token ]] && auth+=(--oauth2-token "$oauth2_token")
    case $smtp_tls in
      starttls) auth+=(--tlscert "$dir/tls/server.pem" --tlskey "$dir/tls/server.key") ;;
      smtps) auth+=(--tlscert "$dir/tls/server.pem" --tlskey "$dir/tls/server.key" --smtps) ;;
    esac
    nohup "$python" "$here/smtp-receiver.py" --port "$port" --maildir "$dir/received" "${auth[@]}" > "$dir/smtp.log" 2>&1 &
  else
    nohup "$python" -m aiosmtpd -n -l "127.0.0.1:$port" "${tls[@]}" -c aiosmtpd.handlers.Mailbox "$dir/received" \
      > "$dir/smtp.log" 2>&1 &
  fi
  echo $! > "$dir/smtp.pid"
  for _ in $(seq 1 100); do
    if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then
      echo "$scheme://127.0.0.1:$port$query" > "$dir/smtp.url"
      cat "$dir/smtp.url"
      return
    fi
    kill -0 "$(cat "$dir/smtp.pid")" 2>/dev/null || { cat "$dir/smtp.log" >&2; die "the SMTP receiver stopped"; }
    sleep 0.1
  done
  die "the SMTP receiver is not listening on 127.0.0.1:$port"
}

smtp_down() {
  [[ -f $dir/smtp.pid ]] || return 0
  kill "$(cat "$dir/smtp.pid")" 2>/dev/null || true
  rm -f "$dir/smtp.pid"
}

case "$what $sub" in
  "imap up") imap_up ;;
  "imap down") imap_down ;;
  "imap uidvalidity") imap_uidvalidity ;;
  "imap rebuild") imap_rebuild ;;
  "smtp up") smtp_up ;;
  "smtp down") smtp_down ;;
  *) die "unknown command: $what $sub" ;;
esac
