#!/usr/bin/env bash
# ensure-tools.sh TOOL...: installs the Debian packages that provide the given tools when they are missing.
# Tools: nginx, wrk, h2load, hey, time (GNU /usr/bin/time, not the shell keyword), chromium (headless, for
# the HTML report tests). Needs root (or sudo) and the Debian archive; says what to do otherwise.
set -euo pipefail
declare -A pkg=([nginx]=nginx [wrk]=wrk [h2load]=nghttp2-client [hey]=hey [time]=time [chromium]=chromium)
missing=()
for tool in "$@"; do
  p="${pkg[$tool]:-}"
  if [ -z "$p" ]; then echo "error: ensure-tools.sh: unknown tool '$tool'" >&2; exit 2; fi
  type -P "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "error: missing ${missing[*]}; install them as root: apt-get install -y ${missing[*]}" >&2; exit 3
  fi
fi
echo "installing ${missing[*]} from Debian ..." >&2
export DEBIAN_FRONTEND=noninteractive
if ! $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/gale-apt.log 2>&1; then
  $sudo apt-get update -q >>/tmp/gale-apt.log 2>&1 || true
  if ! $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >>/tmp/gale-apt.log 2>&1; then
    echo "error: could not install ${missing[*]} (see /tmp/gale-apt.log). Install them by hand: apt-get install ${missing[*]}" >&2
    exit 3
  fi
fi
# Debian starts the packaged nginx on port 80; the tests run their own instances, so stop it.
if [[ " ${missing[*]} " == *" nginx "* ]]; then
  $sudo service nginx stop >/dev/null 2>&1 || $sudo nginx -s quit >/dev/null 2>&1 || true
fi
