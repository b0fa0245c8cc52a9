#!/usr/bin/env bash
# Serve the atlas from N Streamlit processes behind nginx, all reading the same annotation store.
#   bash scripts/serve.sh [--replicas N] [--port P]      (default: 2 replicas on http://127.0.0.1:8501)
# nginx (Debian's package, installed by scripts/setup.sh --serve when missing) listens on 127.0.0.1 only,
# proxies the websocket, and keeps each browser on one replica (a cookie picks it, consistent hashing
# keeps it). The configuration and the logs go to a fresh run folder (printed); Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."

replicas=2
port=8501
while [ $# -gt 0 ]; do
  case "$1" in
    --replicas) replicas="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    *) echo "usage: bash scripts/serve.sh [--replicas N] [--port P]" >&2; exit 2 ;;
  esac
done
[ "$replicas" -ge 1 ] 2>/dev/null || { echo "serve: --replicas must be 1 or more" >&2; exit 2; }

# ATLAS_PYTHON: the interpreter to use (the tests pass theirs, set up already); else .venv after setup
if [ -n "${ATLAS_PYTHON:-}" ]; then
  PY=$ATLAS_PYTHON
else
  bash scripts/setup.sh --serve
  PY=.venv/bin/python
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

# the store is built (or brought up to date) once, before the replicas start reading it
if [ -z "${ATLAS_STORE:-}" ]; then
  "$PY" -m app.ingest "${ATLAS_SEEDS:-seeds}" --no-progress
fi

run=$(mktemp -d "${TMPDIR:-/tmp}/atlas-serve.XXXXXX")
mkdir -p "$run/tmp"
pids=()
cleanup() {
  [ -f "$run/nginx.pid" ] && kill "$(cat "$run/nginx.pid")" 2>/dev/null || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

servers=""
for i in $(seq 1 "$replicas"); do
  p=$(free_port)
  "$PY" -m streamlit run app/ui/main.py --server.address=127.0.0.1 --server.port="$p" --server.headless=true \
    --browser.gatherUsageStats=false --server.fileWatcherType=none >"$run/replica-$i.log" 2>&1 &
  pids+=("$!")
  servers="$servers    server 127.0.0.1:$p;
"
  echo "serve: replica $i on 127.0.0.1:$p (log $run/replica-$i.log)"
done
for i in $(seq 1 "$replicas"); do
  p=$(sed -n "${i}p" <<<"$(grep -o '127.0.0.1:[0-9]*' <<<"$servers")" | cut -d: -f2)
  for _ in $(seq 1 200); do
    curl -sf "http://127.0.0.1:$p/_stcore/health" >/dev/null 2>&1 && break
    kill -0 "${pids[$((i-1))]}" 2>/dev/null || { echo "serve: replica $i exited; see $run/replica-$i.log" >&2; exit 1; }
    sleep 0.2
  done
done

cat >"$run/nginx.conf" <<EOF
worker_processes 1;
pid $run/nginx.pid;
error_log $run/error.log warn;
events { worker_connections 1024; }
http {
  access_log $run/access.log;
  client_body_temp_path $run/tmp/body;
  proxy_temp_path $run/tmp/proxy;
  fastcgi_temp_path $run/tmp/fastcgi;
  uwsgi_temp_path $run/tmp/uwsgi;
  scgi_temp_path $run/tmp/scgi;
  client_max_body_size 2m;
  map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
  # sticky sessions: a browser without the cookie gets a random key, kept in the cookie
  map \$cookie_atlas_replica \$replica_key { "" \$request_id; default \$cookie_atlas_replica; }
  log_format replicas '\$remote_addr "\$request" \$status upstream=\$upstream_addr key=\$replica_key';
  access_log $run/replicas.log replicas;
  upstream atlas {
    hash \$replica_key consistent;
$servers  }
  server {
    listen 127.0.0.1:$port;
    location / {
      add_header Set-Cookie "atlas_replica=\$replica_key; Path=/; HttpOnly; SameSite=Lax" always;
      proxy_pass http://atlas;
      proxy_http_version 1.1;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
      proxy_set_header Host \$host;
      proxy_read_timeout 1d;
      proxy_buffering off;
    }
  }
}
EOF
"$NGINX" -p "$run" -c "$run/nginx.conf" -e "$run/error.log" -g "daemon off;" &
pids+=("$!")
echo "serve: $replicas replica(s) behind nginx at http://127.0.0.1:$port (run folder $run)"
wait -n "${pids[@]}"
