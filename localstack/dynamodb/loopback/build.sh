#!/bin/sh
# Rebuilds SluiceDynamoDbLocal.class (committed, so users need only a Java 17 runtime, not a JDK).
set -eu
cd "$(dirname "$0")"
javac --release 17 -d . SluiceDynamoDbLocal.java
