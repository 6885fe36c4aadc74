#!/usr/bin/env bash
# Builds gryt for this machine into artifacts/gryt/ (ReadyToRun: start-up time matters for a CLI),
# and gryt-server beside it into artifacts/gryt-server/ (scripts/sync-demo.sh starts it).
# Prints the path of the gryt executable on its last line.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/artifacts/gryt"
dotnet publish "$root/src/Gryt.Cli/Gryt.Cli.csproj" -c Release --use-current-runtime --self-contained false \
  -p:PublishReadyToRun=true -o "$out" -nologo -v quiet >&2
dotnet publish "$root/src/Gryt.Server/Gryt.Server.csproj" -c Release --use-current-runtime --self-contained false \
  -o "$root/artifacts/gryt-server" -nologo -v quiet >&2
echo "$out/gryt"
