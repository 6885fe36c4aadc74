#!/usr/bin/env bash
# Rewrites src/Gryt/PublicAPI.Unshipped.txt from the library's current public surface, after an
# intended API change (or a merge): the build fails with RS0016/RS0017 until the files match.
# PublicAPI.Shipped.txt is left alone: it changes only at a release (docs/development.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
unshipped="$root/src/Gryt/PublicAPI.Unshipped.txt"
printf '#nullable enable\n' > "$unshipped"
# RS0016's code fix adds each public symbol missing from both files; RS0017's marks a shipped one that is gone.
dotnet format analyzers "$root/src/Gryt/Gryt.csproj" --diagnostics RS0016 RS0017 --severity warn -v quiet
echo "$(grep -cv '^#' "$unshipped") unshipped public API lines in src/Gryt/PublicAPI.Unshipped.txt" >&2
