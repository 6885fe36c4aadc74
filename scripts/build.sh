#!/usr/bin/env bash
# Builds gryt for this machine into artifacts/gryt/: a native binary (Native AOT) where a C
# toolchain (clang or gcc) is present, else ReadyToRun, saying so (start-up time matters for a CLI).
# GRYT_BUILD=r2r asks for ReadyToRun anyway. gryt-server goes beside it into artifacts/gryt-server/
# (scripts/sync-demo.sh starts it). Prints the path of the gryt executable on its last line.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/artifacts/gryt"
project="$root/src/Gryt.Cli/Gryt.Cli.csproj"
mode=${GRYT_BUILD:-native}
if [ "$mode" = native ] && ! command -v clang >/dev/null 2>&1 && ! command -v gcc >/dev/null 2>&1; then
  echo "build.sh: no C toolchain (clang or gcc) for Native AOT: building ReadyToRun instead" >&2
  mode=r2r
fi
# A native build leaves no managed dlls behind, a ReadyToRun build no native binary: start clean.
rm -rf "$out"
if [ "$mode" = native ]; then
  dotnet publish "$project" -c Release --use-current-runtime -p:PublishAot=true -o "$out" -nologo -v quiet >&2
else
  dotnet publish "$project" -c Release --use-current-runtime --self-contained false \
    -p:PublishAot=false -p:PublishReadyToRun=true -o "$out" -nologo -v quiet >&2
fi
dotnet publish "$root/src/Gryt.Server/Gryt.Server.csproj" -c Release --use-current-runtime --self-contained false \
  -o "$root/artifacts/gryt-server" -nologo -v quiet >&2
echo "$out/gryt"
