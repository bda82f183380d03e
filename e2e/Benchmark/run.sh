#!/usr/bin/env bash
# Publishes the gateway (Release, ReadyToRun), builds the benchmark in Release and runs the benchmark once on this machine.
# Usage: bash e2e/Benchmark/run.sh [--quick] [--duration S] [--warmup S] [--scale N] [--no-proxy] [--fanout [--fanout-latency MS]]
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

# The gateway as the images ship it (Dockerfile.gateway): Release, framework-dependent, ReadyToRun.
gateway="$PWD/e2e/Benchmark/bin/gateway"
dotnet publish -c Release -nologo -v q --use-current-runtime --self-contained false -p:UseAppHost=false \
  -p:PublishReadyToRun=true -o "$gateway" src/Gateway/ClusterGateway.Gateway.csproj >&2
dotnet build -c Release -nologo -v q e2e/Benchmark/ClusterGateway.Benchmark.csproj >&2
exec dotnet e2e/Benchmark/bin/Release/net10.0/ClusterGateway.Benchmark.dll \
  --gateway-dll "$gateway/ClusterGateway.Gateway.dll" "$@"
