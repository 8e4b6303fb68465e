#!/usr/bin/env bash
# Usage: system-packages.sh required|optional PACKAGE...
# Installs missing Debian packages when running as root; otherwise names them and
# (for required ones) stops.
set -euo pipefail
mode="$1"; shift
missing=()
for pkg in "$@"; do
  # A command already on PATH counts (e.g. npm from a NodeSource nodejs package).
  if [ "$pkg" = "npm" ] && command -v npm >/dev/null; then continue; fi
  if [ "$pkg" = "chromium" ] && [ -x /usr/bin/chromium ]; then continue; fi
  # Any JDK will do (the documentation's Java examples are compiled by the tests).
  if [ "$pkg" = "openjdk-17-jdk-headless" ] && command -v javac >/dev/null; then continue; fi
  # Any of Debian's nginx packages will do.
  if [ "$pkg" = "nginx-light" ] && [ -x /usr/sbin/nginx ]; then continue; fi
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/award-portal-apt.log 2>&1; then
    apt-get update -q >>/tmp/award-portal-apt.log 2>&1 || true
    if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >>/tmp/award-portal-apt.log 2>&1; then
      if [ "$mode" = "required" ]; then
        echo "Could not install ${missing[*]} (see /tmp/award-portal-apt.log)." >&2; exit 1
      fi
      echo "Could not install ${missing[*]}: the tests that need them will be skipped." >&2
    fi
  fi
else
  if [ "$mode" = "required" ]; then
    echo "Missing system packages: ${missing[*]}" >&2
    echo "Install them first:  sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "Note: ${missing[*]} not installed (needs root); the tests that need them will be skipped." >&2
fi
