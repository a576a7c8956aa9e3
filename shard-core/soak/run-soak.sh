#!/bin/bash
# Runs SoakTests (16 shards, random faults under load; the simulator in a child JVM) for N minutes, niced and
# without holding the build lock: only the compile and the class-path listing take the lock (a minute at most).
#   shard-core/soak/run-soak.sh [minutes, default 30] [extra -D options for the test JVM...]
# The report goes to $SOAK_DIR/work/target/soak-report.md (SOAK_DIR defaults to /tmp/shard-soak), the log to
# $SOAK_DIR/work/soak.log. Exits with the test's result.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/shard-core/soak"
MIN=${1:-30}
shift || true
OUT=${SOAK_DIR:-/tmp/shard-soak}
mkdir -p "$OUT"
cd "$ROOT"
flock /tmp/mvn.lock ./mvnw -B -ntp -o -pl shard-test,shard-core -am test-compile
flock /tmp/mvn.lock ./mvnw -B -ntp -o -pl shard-core dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/cp.txt"
# a snapshot, so that builds in this tree during the run do not change the classes under test
rm -rf "$OUT/snap" && mkdir -p "$OUT/snap/work/target"
cp -r shard-core/target/classes "$OUT/snap/classes"
cp -r shard-core/target/test-classes "$OUT/snap/test-classes"
cp -r shard-test/target/classes "$OUT/snap/sim-classes"
# the reactor's shard-test, not a stale snapshot from the local repository
DEPS=$(tr ':' '\n' < "$OUT/cp.txt" | grep -v "/dev/shard/shard-test/" | paste -sd: -)
ENGINE=$(tr ':' '\n' < "$OUT/cp.txt" | grep -o 'junit-platform-engine/[^/]*' | head -1 | cut -d/ -f2)
LAUNCHER="$HOME/.m2/repository/org/junit/platform/junit-platform-launcher/$ENGINE/junit-platform-launcher-$ENGINE.jar"
mkdir -p "$OUT/launcher"
javac -d "$OUT/launcher" -cp "$DEPS:$LAUNCHER" "$HERE/SoakLauncher.java"
CP="$OUT/snap/test-classes:$OUT/snap/classes:$OUT/snap/sim-classes:$DEPS:$LAUNCHER:$OUT/launcher"
cd "$OUT/snap/work"
echo "soak: $MIN minutes, commit $(git -C "$ROOT" rev-parse --short HEAD), output in $OUT/snap/work"
exec nice -n 10 java -Xshare:off --enable-native-access=ALL-UNNAMED -cp "$CP" \
    -Dlogback.configurationFile="$HERE/logback-soak.xml" -Dshard.soak=true -Dshard.soak.minutes="$MIN" "$@" \
    SoakLauncher dev.shard.gateway.SoakTests
