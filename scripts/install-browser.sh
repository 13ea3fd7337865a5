#!/usr/bin/env bash
# Installs what cmd/municat's TestCitizenPagesInBrowser needs to check the
# citizen web pages in a real browser: Debian's chromium and a font package
# (apt-get, only if `chromium` is missing), Node.js and npm (apt-get, only if
# `node` is missing) and the pinned npm packages of tools/browser,
# playwright-core and axe-core (npm ci, only when node_modules is missing or
# older than package-lock.json). playwright-core never downloads a browser of
# its own. Nothing to do the second time.
set -euo pipefail
cd "$(dirname "$0")/../tools/browser"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
start=$(date +%s)
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
packages=()
if ! command -v chromium >/dev/null 2>&1; then
  packages+=(chromium)
fi
if [ ! -d /usr/share/fonts/truetype/dejavu ]; then
  packages+=(fonts-dejavu-core) # so that text renders in the screenshots
fi
if ! command -v node >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi
if [ "${#packages[@]}" -gt 0 ]; then
  echo "browser: installing ${packages[*]} with apt-get"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  echo "browser: apt-get done in $(( $(date +%s) - start )) s"
fi
chromium_version=$(chromium --version 2>/dev/null || echo "chromium (version unknown)")
if [ -d node_modules ] && [ -f node_modules/.package-lock.json ] && [ ! package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "browser: tools/browser/node_modules up to date (${chromium_version}, node $(node --version), checked in $(( $(date +%s) - start )) s)"
  exit 0
fi
echo "browser: npm ci in tools/browser (${chromium_version}, node $(node --version), npm $(npm --version))"
npm ci --no-audit --no-fund --loglevel=error
echo "browser: installed in $(( $(date +%s) - start )) s"
