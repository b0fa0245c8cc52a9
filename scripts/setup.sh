#!/usr/bin/env bash
# Install what the atlas needs on a fresh machine (idempotent; a second run only checks).
#   scripts/setup.sh           Python packages for the app (venv in .venv)
#   scripts/setup.sh --test    also the test tools, Debian's Chromium, fonts and nginx for the browser tests
#   scripts/setup.sh --serve   also Debian's nginx (scripts/serve.sh --replicas N)
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1
want_serve=0
[ "${1:-}" = "--serve" ] && want_serve=1

# 1. Debian packages for the browser tests: Chromium (driven by Playwright), fonts for Arabic/Persian/Armenian,
#    and Node.js for the map renderer's JavaScript tests.
if [ "$want_test" = 1 ]; then
  need=()
  [ -x /usr/bin/chromium ] || need+=(chromium)
  dpkg -s fonts-noto-core >/dev/null 2>&1 || need+=(fonts-noto-core)
  command -v node >/dev/null 2>&1 || need+=(nodejs)   # node --test app/web/tests/ (the map renderer's own tests)
  [ -x /usr/sbin/nginx ] || need+=(nginx)   # replicas behind nginx (scripts/serve.sh) in a browser test
  if [ "${#need[@]}" -gt 0 ]; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    echo "setup: installing Debian packages: ${need[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
  fi
fi

# 1b. nginx in front of several app processes (scripts/serve.sh --replicas N)
if [ "$want_serve" = 1 ] && [ ! -x /usr/sbin/nginx ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  echo "setup: installing Debian's nginx"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx >/dev/null
fi

# 2. Python packages, pinned, in a virtual environment.
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
reqs=requirements.txt
[ "$want_test" = 1 ] && reqs=requirements-dev.txt
stamp=".venv/.installed-$(cat requirements.txt "$reqs" | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "setup: installing Python packages from $reqs"
  .venv/bin/python -m pip install -q --disable-pip-version-check -r "$reqs" 2> >(grep -v "is ignored: it is neither" >&2)
  touch "$stamp"
fi
