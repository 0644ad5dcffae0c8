#!/usr/bin/env bash
# Runs every test: unit tests, then integration tests against the built-in target and a real nginx, and the
# HTML reports in a headless Chromium. Installs what the tests need when it is missing (nginx and chromium
# from Debian, as root), and uses JDK 25.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [ ! -x "$JAVA_HOME/bin/javac" ]; then
  echo "error: no JDK at JAVA_HOME=$JAVA_HOME. Install JDK 21+ and set JAVA_HOME." >&2
  exit 3
fi
"$root/scripts/ensure-tools.sh" nginx chromium

exec mvn -B -ntp verify "$@"
