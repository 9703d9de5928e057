#!/usr/bin/env bash
# Installs what the browser SDK tests need and builds their pages into the directory given:
# Debian's chromium and chromium-driver (as root, or through passwordless sudo), the SDKs at the
# versions package-lock.json pins (npm ci), and one esbuild bundle per SDK page. Exits non-zero,
# saying why on stderr, when something cannot be installed: the tests then skip.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$1"

as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo -n "$@"
  else
    echo "installing Debian packages needs root or passwordless sudo" >&2
    return 1
  fi
}

apt_install() {
  command -v apt-get >/dev/null || { echo "no apt-get to install $*" >&2; return 1; }
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  apt_install chromium chromium-driver
fi
command -v npm >/dev/null || apt_install nodejs npm

mkdir -p "$out/site"
cp "$here/package.json" "$here/package-lock.json" "$here"/*.js "$here/page.html" "$out/"
cd "$out"
# Install scripts stay off: esbuild's binary comes in its platform package all the same.
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
for sdk in segment rudderstack; do
  node_modules/.bin/esbuild "$sdk.js" --bundle --format=iife --target=es2020 --log-level=warning \
    --outfile="site/$sdk/sdk.js"
  cp page.html "site/$sdk/page.html"
done
chromium --version
