#!/usr/bin/env bash
# Builds the self-contained S3NAS Workbench image into target/image/:
#   1. jlink: a Java runtime of the JDK modules we use + the modular JavaFX jars (javafx:jlink cannot work
#      with ND4J, whose module descriptor is broken: STACK.md), then
#   2. jpackage --type app-image with the application and ND4J on the class path, and two launchers:
#      bin/S3NASWorkbench (the workbench window) and bin/s3nas (the command line).
# Usage: jlink/build-image.sh [--skip-build]
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
JLINK="$JAVA_HOME/bin/jlink"
JPACKAGE="$JAVA_HOME/bin/jpackage"
[ -x "$JLINK" ] && [ -x "$JPACKAGE" ] || { echo "jlink/jpackage not found under JAVA_HOME=$JAVA_HOME" >&2; exit 1; }
[ -d "$JAVA_HOME/jmods" ] || { echo "no jmods in $JAVA_HOME (Debian: apt-get install openjdk-17-jmods)" >&2; exit 1; }

if [ "${1:-}" != "--skip-build" ]; then
  mvn -q -B clean package -DskipTests
fi
[ -f target/s3nas.jar ] || { echo "target/s3nas.jar is missing: run mvn package first" >&2; exit 1; }

work=target/jlink-work
rm -rf "$work" target/image
mkdir -p "$work/fx" "$work/input" target/image

# JavaFX goes into the runtime as modules (the platform-specific jars are the modular ones).
cp target/lib/javafx-*-linux.jar "$work/fx/"
# Everything else stays on the class path of the application.
cp target/s3nas.jar "$work/input/"
mkdir -p "$work/input/lib"
for jar in target/lib/*.jar; do
  case "$(basename "$jar")" in javafx-*) ;; *) cp "$jar" "$work/input/lib/" ;; esac
done

MODULES=java.base,java.desktop,java.logging,java.management,java.naming,java.prefs,java.scripting,java.sql,java.xml,java.compiler,java.instrument,jdk.unsupported,jdk.jfr,jdk.management,jdk.crypto.ec,jdk.zipfs,javafx.base,javafx.graphics,javafx.controls,javafx.swing

echo "jlink: runtime with $MODULES"
"$JLINK" --module-path "$JAVA_HOME/jmods:$work/fx" --add-modules "$MODULES" \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$work/runtime"

cat > "$work/cli.properties" <<PROPS
main-class=org.s3nas.workbench.Main
java-options=-Djava.awt.headless=true
arguments=--help
PROPS

echo "jpackage: app image"
"$JPACKAGE" --type app-image --name S3NASWorkbench --app-version 0.1.0 \
  --input "$work/input" --main-jar s3nas.jar --main-class org.s3nas.workbench.Main \
  --runtime-image "$work/runtime" --java-options "-Xmx8g" \
  --add-launcher s3nas="$work/cli.properties" --dest target/image

echo "built: target/image/S3NASWorkbench (launchers: bin/S3NASWorkbench, bin/s3nas), $(du -sh target/image | cut -f1)"
