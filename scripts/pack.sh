#!/usr/bin/env bash
# Packs the gryt tool and the library into one folder feed (default artifacts/feed):
#   Gryt.Cli            the package users install: it only points to the two below
#   Gryt.Cli.linux-x64  the native (Native AOT) gryt, where a C toolchain is present
#   Gryt.Cli.any        framework-dependent, for every other platform (and linux-x64 without a native build)
#   Gryt                the library for C# pipelines and gates
# Prints the feed folder on its last line.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mkdir -p "${1:-$root/artifacts/feed}" && cd "${1:-$root/artifacts/feed}" && pwd)
cli="$root/src/Gryt.Cli/Gryt.Cli.csproj"
pack() { dotnet pack "$@" -c Release -o "$out" -nologo -v quiet >&2; }
pack "$root/src/Gryt/Gryt.csproj"
pack "$cli"
pack "$cli" -r any -p:PublishAot=false
if command -v clang >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1; then
  pack "$cli" -r linux-x64
else
  echo "pack.sh: no C toolchain (clang or gcc): no native Gryt.Cli.linux-x64; linux-x64 installs get Gryt.Cli.any" >&2
fi
echo "$out"
