#!/usr/bin/env bash
# Debian packages the test suite drives for real: docker-compose (validates docker-compose.yml offline) and
# chromium (the browser tests; Playwright drives /usr/bin/chromium, it never downloads a browser).
# Installed when missing and we may (root with apt-get); otherwise says what to install.
set -euo pipefail
missing=()
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian packages for the tests: ${missing[*]}"
    apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q "${missing[@]}" >/dev/null; }
else
    echo "WARNING: the tests need these Debian packages: sudo apt-get install ${missing[*]}" >&2
fi
