#!/usr/bin/env bash
# Runs every test: unit tests, then integration tests against the built-in target and a real nginx, and the
# HTML reports in a headless Chromium. Installs what the tests need when it is missing (nginx and chromium
# from Debian, as root), and uses JDK 25.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# A JDK 21+ (JAVA_HOME if it is one, else the newest in /usr/lib/jvm: JDK 25 on the project machines).
# shellcheck source=scripts/jdk.sh
. "$root/scripts/jdk.sh"
use_java
"$root/scripts/ensure-tools.sh" nginx chromium

MAVEN_OPTS="$(maven_quiet_opts)" exec mvn -B -ntp verify "$@"
