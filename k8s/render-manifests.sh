#!/usr/bin/env bash
# Regenerates k8s/manifests/edge-storage.yaml from the Helm chart (helm-java, in-process: no helm binary).
# Run it after changing k8s/helm/edge-storage or k8s/manifests/values.yaml; ManifestsUpToDateTest fails until you do.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
./mvnw -B -q -f k8s/pom.xml compile exec:java "$@"
