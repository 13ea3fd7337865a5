#!/usr/bin/env bash
# Installs what internal/shacltest needs to check municat's DCAT output with
# the official SHACL shapes: Node.js (from apt, only if `node` is missing) and
# the pinned npm packages of tools/shacl (npm ci, only when node_modules is
# missing or older than package-lock.json). A few seconds with a warm npm
# cache; nothing to do the second time.
set -euo pipefail
cd "$(dirname "$0")/../tools/shacl"
start=$(date +%s)
if ! command -v node >/dev/null 2>&1; then
  echo "shacl: node not found, installing nodejs and npm with apt-get"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
if [ -d node_modules ] && [ -f node_modules/.package-lock.json ] && [ ! package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "shacl: tools/shacl/node_modules up to date (node $(node --version), checked in $(( $(date +%s) - start )) s)"
  exit 0
fi
echo "shacl: npm ci in tools/shacl (node $(node --version), npm $(npm --version))"
npm ci --no-audit --no-fund --loglevel=error
echo "shacl: installed in $(( $(date +%s) - start )) s"
