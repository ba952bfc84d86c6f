#!/usr/bin/env bash
# The Intake311 stack, natively: mosquitto and a throwaway PostgreSQL cluster on loopback, with
# the project's broker config, ACL and database roles. The demo, the tests and the benchmark all
# start their servers through this script.
#
#   Docker/stack.sh install                 install what is missing (Debian 12, apt-get)
#   Docker/stack.sh up     [options]        start broker and database; write DIR/stack.env
#   Docker/stack.sh down   [options]        stop both
#   Docker/stack.sh broker up|down|restart  [options]
#   Docker/stack.sh db     up|down          [options]
#   Docker/stack.sh db     create NAME      [options]   a fresh database with the same roles
#   Docker/stack.sh env    [options]        print DIR/stack.env
#
# Options: --dir DIR (default $INTAKE_DATA_DIR or ./.intake), --mqtt-port N (default 11883),
#          --pg-port N (default 15432), --mqtts-port N (a TLS listener too, default none: off).
#          Ports are remembered in DIR for later commands. With a TLS listener the script makes a
#          CA (DIR/secrets/mqtt-ca.pem) and a server certificate for 127.0.0.1 and localhost.
# Secrets are generated into DIR/secrets (mode 600) on first use and never leave DIR.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dir=${INTAKE_DATA_DIR:-./.intake}
mqtt_port=""
mqtts_port=""
pg_port=""

die() { echo "stack.sh: $*" >&2; exit 1; }
say() { echo "stack.sh: $*" >&2; }

cmd=${1:-}; shift || true
sub=""
dbname=""
if [[ $cmd == broker || $cmd == db ]]; then sub=${1:-}; shift || true; fi
if [[ $cmd == db && $sub == create ]]; then dbname=${1:-}; shift || true; fi
while [[ $# -gt 0 ]]; do
  case $1 in
    --dir) dir=$2; shift 2 ;;
    --mqtt-port) mqtt_port=$2; shift 2 ;;
    --mqtts-port) mqtts_port=$2; shift 2 ;;
    --pg-port) pg_port=$2; shift 2 ;;
    *) die "unknown option $1" ;;
  esac
done

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
secrets=$dir/secrets
broker_dir=$dir/mosquitto
[[ -n $mqtt_port ]] || mqtt_port=$(cat "$dir/mqtt.port" 2>/dev/null || echo 11883)
[[ -n $pg_port ]] || pg_port=$(cat "$dir/pg.port" 2>/dev/null || echo 15432)
[[ -n $mqtts_port ]] || mqtts_port=$(cat "$dir/mqtts.port" 2>/dev/null || true)
echo "$mqtt_port" > "$dir/mqtt.port"
[[ -z $mqtts_port ]] || echo "$mqtts_port" > "$dir/mqtts.port"
echo "$pg_port" > "$dir/pg.port"

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)

# ---------------------------------------------------------------------------------------------
install() {
  local need=()
  command -v mosquitto >/dev/null || [[ -x /usr/sbin/mosquitto ]] || need+=(mosquitto)
  command -v mosquitto_passwd >/dev/null || need+=(mosquitto)
  command -v mosquitto_sub >/dev/null || need+=(mosquitto-clients)
  [[ -f /usr/include/mosquitto.h ]] || need+=(libmosquitto-dev)
  [[ -f /usr/include/libstemmer.h ]] || need+=(libstemmer-dev)
  # Scanned mail: Tesseract (English, Spanish, orientation) with Leptonica; PDF pages through Poppler.
  [[ -f /usr/include/tesseract/capi.h ]] || need+=(libtesseract-dev)
  [[ -f /usr/include/leptonica/allheaders.h ]] || need+=(libleptonica-dev)
  command -v tesseract >/dev/null || need+=(tesseract-ocr)
  for lang in eng spa osd; do
    ls /usr/share/tesseract-ocr/*/tessdata/$lang.traineddata >/dev/null 2>&1 || need+=(tesseract-ocr-$lang)
  done
  [[ -f /usr/include/poppler/glib/poppler.h ]] || need+=(libpoppler-glib-dev)
  [[ -f /usr/include/cairo/cairo-pdf.h ]] || need+=(libcairo2-dev)
  command -v pdftoppm >/dev/null || need+=(poppler-utils)
  [[ -f /usr/include/libetpan/libetpan.h ]] || need+=(libetpan-dev)
  [[ -x /usr/sbin/dovecot && -x /usr/lib/dovecot/imap ]] || need+=(dovecot-imapd)
  [[ -n $pg_bin && -x $pg_bin/initdb ]] || need+=(postgresql)
  [[ -f /usr/include/postgresql/libpq-fe.h ]] || need+=(libpq-dev)
  command -v pkg-config >/dev/null || need+=(pkg-config)
  command -v curl >/dev/null || need+=(curl)
  command -v python3 >/dev/null || need+=(python3)
  python3 -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)
  # The web chat's tests drive a real headless browser.
  command -v chromium >/dev/null || need+=(chromium)
  command -v chromedriver >/dev/null || need+=(chromium-driver)
  # intake tail and intake status are tested in a terminal: tmux, read with capture-pane.
  command -v tmux >/dev/null || need+=(tmux)
  if [[ ${#need[@]} -gt 0 ]]; then
    say "installing ${need[*]}"
    local sudo=""
    [[ $(id -u) == 0 ]] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
  # Debian starts a system broker and cluster on install; the stack uses its own, on other ports.
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  command -v swift >/dev/null || die "swift is not on PATH (Swift 6.1 or later is needed)"
}

secret() {
  mkdir -p "$secrets"
  chmod 700 "$secrets"
  local f=$secrets/$1
  if [[ ! -s $f ]]; then
    (umask 077; head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$f")
  fi
  cat "$f"
}

mosquitto_bin() {
  command -v mosquitto 2>/dev/null || echo /usr/sbin/mosquitto
}

# The stack's own CA and the broker's certificate (127.0.0.1, localhost), made once with openssl.
broker_tls() {
  local ca=$secrets/mqtt-ca.pem ca_key=$secrets/mqtt-ca.key tls=$broker_dir/tls
  mkdir -p "$secrets" "$tls"
  chmod 700 "$secrets" "$tls"
  if [[ ! -s $ca || ! -s $ca_key ]]; then
    (umask 077; openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=Intake311 stack CA" \
      -keyout "$ca_key" -out "$ca" >/dev/null 2>&1) || die "openssl could not make the stack's CA"
  fi
  if [[ ! -s $tls/server.crt || $tls/server.crt -ot $ca ]]; then
    (umask 077
     openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$tls/server.key" -out "$tls/server.csr" >/dev/null 2>&1 &&
     printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' > "$tls/server.ext" &&
     openssl x509 -req -in "$tls/server.csr" -CA "$ca" -CAkey "$ca_key" -CAcreateserial -days 825 \
       -extfile "$tls/server.ext" -out "$tls/server.crt" >/dev/null 2>&1) || die "openssl could not make the broker's certificate"
  fi
}

# ---------------------------------------------------------------------------------------------
# Whether the process numbered in pid file $1 still runs with $2 in its command line. A pid file
# outlives a server killed with SIGKILL, and with 32768 process numbers a busy machine soon gives
# that number to another process: signalling it would stop a stranger.
pid_file_runs() {
  local pid
  pid=$(head -n 1 "$1" 2>/dev/null | tr -d '[:space:]')
  [[ $pid =~ ^[0-9]+$ ]] && [[ -r /proc/$pid/cmdline ]] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$2"
}

broker_up() {
  local pidfile=$broker_dir/mosquitto.pid
  if pid_file_runs "$pidfile" "$broker_dir/mosquitto.conf"; then
    say "broker already running on 127.0.0.1:$mqtt_port"
    return
  fi
  mkdir -p "$broker_dir/data"
  chmod 700 "$broker_dir"
  : > "$broker_dir/passwd"
  chmod 600 "$broker_dir/passwd"
  for user in intake intake-adapters intake-enrich intake-writer operator python-web; do
    mosquitto_passwd -b "$broker_dir/passwd" "$user" "$(secret "mqtt-$user")" 2>/dev/null
  done
  cp "$here/mosquitto/acl" "$broker_dir/acl"
  chmod 600 "$broker_dir/acl"
  local tls_lines="/^#tls /d"
  if [[ -n $mqtts_port ]]; then
    broker_tls
    tls_lines="s|^#tls ||"
  fi
  sed -e "s|@PORT@|$mqtt_port|" -e "s|@TLS_PORT@|$mqtts_port|" -e "s|@DIR@|$broker_dir|g" -e "s|@USER@|$(id -un)|" \
    -e "$tls_lines" "$here/mosquitto/mosquitto.conf.in" > "$broker_dir/mosquitto.conf"
  rm -f "$pidfile"
  local logged
  logged=$(stat -c %s "$broker_dir/mosquitto.log" 2>/dev/null || echo 0)
  # A daemon must not hold the caller's stdout open (a test waiting for EOF would wait forever).
  "$(mosquitto_bin)" -c "$broker_dir/mosquitto.conf" -d </dev/null >/dev/null 2>&1
  # Up to 30 s: a busy machine starting several brokers at once can be slow.
  local deadline=$((SECONDS + 30))
  while ((SECONDS < deadline)); do
    if [[ -s $pidfile ]] && (echo > "/dev/tcp/127.0.0.1/$mqtt_port") 2>/dev/null &&
       { [[ -z $mqtts_port ]] || (echo > "/dev/tcp/127.0.0.1/$mqtts_port") 2>/dev/null; }; then
      say "broker up on 127.0.0.1:$mqtt_port${mqtts_port:+ (TLS on 127.0.0.1:$mqtts_port)}"
      return
    fi
    if tail -c +$((logged + 1)) "$broker_dir/mosquitto.log" 2>/dev/null | grep -q "Address already in use"; then break; fi
    sleep 0.05
  done
  tail -n 20 "$broker_dir/mosquitto.log" >&2 || true
  die "mosquitto did not start on port $mqtt_port"
}

broker_down() {
  local pidfile=$broker_dir/mosquitto.pid
  if [[ -f $pidfile ]]; then
    local pid
    pid=$(head -n 1 "$pidfile" | tr -d '[:space:]')
    if pid_file_runs "$pidfile" "$broker_dir/mosquitto.conf" && kill "$pid" 2>/dev/null; then
      for _ in $(seq 1 100); do pid_file_runs "$pidfile" "$broker_dir/mosquitto.conf" || break; sleep 0.05; done
      if pid_file_runs "$pidfile" "$broker_dir/mosquitto.conf"; then kill -9 "$pid" 2>/dev/null || true; fi
    fi
    rm -f "$pidfile"
    say "broker stopped"
  fi
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL refuses to run as root: as root, the cluster runs as the `postgres` user, in a folder
# that user can reach. It stays under DIR when it can, or else under /tmp, linked from DIR/pg.
as_pg() {
  # From /, which the postgres user can always enter (the caller's folder may be private).
  if [[ $(id -u) == 0 ]]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

pg_data() {
  if [[ -L $dir/pg ]]; then readlink "$dir/pg"; return; fi
  if [[ $(id -u) != 0 ]] || runuser -u postgres -- test -x "$dir"; then
    echo "$dir/pg"
  else
    local alt
    alt=/tmp/intake311-pg-$(echo -n "$dir" | sha1sum | cut -c1-12)
    mkdir -p "$alt"
    chown postgres: "$alt"
    ln -sfn "$alt" "$dir/pg"
    echo "$alt"
  fi
}

db_up() {
  [[ -n $pg_bin ]] || die "PostgreSQL is not installed (run: Docker/stack.sh install)"
  local data
  data=$(pg_data)
  mkdir -p "$data"
  [[ $(id -u) == 0 ]] && chown postgres: "$data"
  if [[ ! -f $data/PG_VERSION ]]; then
    as_pg "$pg_bin/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 >/dev/null
    cat >> "$data/postgresql.conf" <<CONF
# Intake311 stack: loopback only; the socket lives in the (private) data folder.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$data'
max_connections = 60
logging_collector = off
CONF
  fi
  sed -i "s/^port = .*//" "$data/postgresql.conf"
  echo "port = $pg_port" >> "$data/postgresql.conf"
  db_forget_stale_pid "$data"
  if as_pg "$pg_bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    say "database already running on 127.0.0.1:$pg_port"
  else
    as_pg "$pg_bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 start </dev/null >/dev/null 2>&1 \
      || { tail -n 20 "$data/server.log" >&2; die "PostgreSQL did not start on port $pg_port"; }
    say "database up on 127.0.0.1:$pg_port ($data)"
  fi
  local owner writer reader
  owner=$(secret pg-intake_owner); writer=$(secret pg-intake_writer); reader=$(secret pg-intake_reader)
  as_pg "$pg_bin/psql" -q -h "$data" -p "$pg_port" -U postgres -d postgres \
    -v owner_password="$owner" -v writer_password="$writer" -v reader_password="$reader" \
    -f - < "$here/postgres/roles.sql" >/dev/null
}

db_create() {
  local name=$1 data
  [[ $name =~ ^[a-z][a-z0-9_]*$ ]] || die "database name must be lowercase letters, digits and _"
  data=$(pg_data)
  as_pg "$pg_bin/psql" -q -h "$data" -p "$pg_port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE DATABASE $name OWNER intake_owner" \
    -c "REVOKE ALL ON DATABASE $name FROM PUBLIC" \
    -c "GRANT CONNECT ON DATABASE $name TO intake_writer, intake_reader" >/dev/null
  as_pg "$pg_bin/psql" -q -h "$data" -p "$pg_port" -U postgres -d "$name" -v ON_ERROR_STOP=1 \
    -c "REVOKE CREATE ON SCHEMA public FROM PUBLIC" \
    -c "GRANT USAGE ON SCHEMA public TO intake_writer, intake_reader" >/dev/null
}

# A postmaster killed with SIGKILL leaves postmaster.pid behind; pg_ctl would take a stranger
# holding that number for the server (and stop it, or refuse to start).
db_forget_stale_pid() {
  local data=$1
  if [[ -f $data/postmaster.pid ]] && ! pid_file_runs "$data/postmaster.pid" "$data"; then
    rm -f "$data/postmaster.pid"
  fi
}

db_down() {
  [[ -e $dir/pg ]] || return 0
  local data
  data=$(pg_data)
  db_forget_stale_pid "$data"
  if [[ -f $data/PG_VERSION ]] && as_pg "$pg_bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_pg "$pg_bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
    say "database stopped"
  fi
}

# The departments' API tokens (PATCH /api/v1/cases/{ref}): one demo token for the 311 Bureau,
# which may change any case. The file keeps only its SHA-256; the token itself is in
# DIR/secrets/department-token-311-bureau, for curl. Neither leaves DIR.
department_tokens() {
  local f=$secrets/department-tokens
  if [[ ! -s $f ]]; then
    local token
    token=$(secret department-token-311-bureau)
    (umask 077; {
      echo "# <department> <sha256-hex-of-token>, one per line (Docker/stack.sh wrote the demo one)"
      echo "311 Bureau $(printf %s "$token" | sha256sum | cut -d' ' -f1)"
    } > "$f")
  fi
}

# ---------------------------------------------------------------------------------------------
write_env() {
  department_tokens
  local f=$dir/stack.env
  (umask 077; cat > "$f" <<ENV
# Written by Docker/stack.sh: the dev stack's addresses and credentials. Never commit this file.
INTAKE_DATA_DIR=$dir
INTAKE_MQTT_URL=mqtt://intake:$(secret mqtt-intake)@127.0.0.1:$mqtt_port
INTAKE_DATABASE_URL=postgres://intake_writer:$(secret pg-intake_writer)@127.0.0.1:$pg_port/intake
INTAKE_MIGRATION_DATABASE_URL=postgres://intake_owner:$(secret pg-intake_owner)@127.0.0.1:$pg_port/intake
# One role per process when stages run apart (intake adapters | enrich | writer):
INTAKE_MQTT_URL_ADAPTERS=mqtt://intake-adapters:$(secret mqtt-intake-adapters)@127.0.0.1:$mqtt_port
INTAKE_MQTT_URL_ENRICH=mqtt://intake-enrich:$(secret mqtt-intake-enrich)@127.0.0.1:$mqtt_port
INTAKE_MQTT_URL_WRITER=mqtt://intake-writer:$(secret mqtt-intake-writer)@127.0.0.1:$mqtt_port
INTAKE_MQTT_URL_OPERATOR=mqtt://operator:$(secret mqtt-operator)@127.0.0.1:$mqtt_port
# The example adapter in Python (Channels/Examples/python): contact/web out, receipt/python-web in.
INTAKE_MQTT_URL_PYTHON_WEB=mqtt://python-web:$(secret mqtt-python-web)@127.0.0.1:$mqtt_port
INTAKE_DATABASE_URL_READER=postgres://intake_reader:$(secret pg-intake_reader)@127.0.0.1:$pg_port/intake
# The departments' API tokens (hashes only); the demo token is in $secrets/department-token-311-bureau.
INTAKE_DEPARTMENT_TOKENS=$secrets/department-tokens
# The staff console's logins (bcrypt hashes): add one with `intake staff add NAME` (password on stdin).
INTAKE_STAFF_USERS=$secrets/staff-users
# Keys the fingerprints logs show instead of residents' numbers and addresses (one key for every process).
INTAKE_LOG_FINGERPRINT_KEY=$secrets/log-fingerprint-key$(secret log-fingerprint-key >/dev/null)
ENV
  if [[ -n $mqtts_port ]]; then
    # Over TLS: the same users at mqtts://USER:PASS@127.0.0.1:$mqtts_port, trusting the stack's CA.
    echo "INTAKE_MQTT_CA_FILE=$secrets/mqtt-ca.pem"
    echo "# INTAKE_MQTT_URL=mqtts://intake:...@127.0.0.1:$mqtts_port (likewise _ADAPTERS, _ENRICH, _WRITER, _OPERATOR)"
  fi >> "$f"
  )
  say "settings in $f"
}

case $cmd in
  install) install ;;
  up) install; broker_up; db_up; write_env ;;
  down) broker_down; db_down ;;
  broker)
    case $sub in
      up) broker_up; write_env ;;
      down) broker_down ;;
      restart) broker_down; broker_up ;;
      *) die "usage: stack.sh broker up|down|restart" ;;
    esac ;;
  db)
    case $sub in
      up) db_up; write_env ;;
      down) db_down ;;
      create) db_create "$dbname" ;;
      *) die "usage: stack.sh db up|down|create NAME" ;;
    esac ;;
  env) cat "$dir/stack.env" ;;
  *) sed -n '2,16p' "$0"; exit 2 ;;
esac
