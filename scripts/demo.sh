#!/usr/bin/env bash
# Builds gryt and walks its main job on a throw-away sandbox repository:
# a release contract declared, synced, inspected and queried (embedded SQLite, no server).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
gryt_bin=$("$root/scripts/build.sh")
sandbox=$(mktemp -d "${TMPDIR:-/tmp}/gryt-demo.XXXXXX")
trap 'rm -rf "$sandbox"' EXIT
cd "$sandbox"

step() { printf '\n\033[1m$ gryt %s\033[0m\n' "$*"; "$gryt_bin" "$@"; }

git init -q -b main . && git config user.email demo@example.com && git config user.name "Demo"
echo "# shop" > README.md && git add README.md && git commit -qm "initial commit"

step init
step generation new v2.1.0 --description "Payment integration sprint"
cat > .gryt/generations/v2.1.0.yaml <<'YAML'
version: v2.1.0
description: "Payment integration sprint"
changes:
  - type: add
    id: FEAT-101
    title: "Stripe Connect support"
  - type: fix
    id: BUG-42
    title: "Timeout on large transactions"
pipeline_template: release-pipeline
YAML
printf '\n(edited .gryt/generations/v2.1.0.yaml: two changes declared)\n'
step generation update v2.1.0
step generation show v2.1.0
step generation list
step db query "SELECT change_id, type, title FROM generation_changes ORDER BY position"
step db metric proven_ratio --gen v2.1.0
printf '\n(a bad contract is refused with file:line:column, and nothing changes)\n'
printf 'version: v2.1.0\nchanges:\n  - type: feature\n    id: X-1\n    title: "x"\n' > .gryt/generations/v2.1.0.yaml
step generation update v2.1.0 || echo "(exit $?)"
printf '\nsandbox was %s (removed); gryt is at %s\n' "$sandbox" "$gryt_bin"
