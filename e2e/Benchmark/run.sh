#!/usr/bin/env bash
# Builds the gateway and the benchmark in Release and runs the benchmark once on this machine.
# Usage: bash e2e/Benchmark/run.sh [--quick] [--duration S] [--warmup S] [--scale N] [--no-proxy]
set -euo pipefail
cd "$(dirname "$0")/../.."

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v h2load >/dev/null || missing+=(nghttp2-client)
command -v nginx >/dev/null || missing+=(nginx-light)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi

dotnet build -c Release -nologo -v q src/Gateway/ClusterGateway.Gateway.csproj >&2
dotnet build -c Release -nologo -v q e2e/Benchmark/ClusterGateway.Benchmark.csproj >&2
exec dotnet e2e/Benchmark/bin/Release/net10.0/ClusterGateway.Benchmark.dll \
  --gateway-dll "$PWD/src/Gateway/bin/Release/net10.0/ClusterGateway.Gateway.dll" "$@"
