#!/usr/bin/env bash
# Builds gryt and walks the usage guide's "Complete Workflow: Feature Release" on a throw-away
# sandbox repository (embedded SQLite, no server): a contract, a failed attempt, two proofs,
# the progress view, a promotion that tags exactly the commit that was tested, the audit trail
# and compliance report, and a hot-fix.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# GRYT_BIN runs the demo with another gryt (the installed tool, in ToolPackageTests).
gryt_bin=${GRYT_BIN:-$("$root/scripts/build.sh")}
sandbox=$(mktemp -d "${TMPDIR:-/tmp}/gryt-demo.XXXXXX")
trap 'rm -rf "$sandbox"' EXIT
cd "$sandbox"

say()  { printf '\n\033[2m# %s\033[0m\n' "$*"; }
step() { printf '\033[1m$ gryt %s\033[0m\n' "$*"; "$gryt_bin" "$@"; }
fails() { printf '\033[1m$ gryt %s\033[0m\n' "$*"; if "$gryt_bin" "$@"; then echo "(expected a failure)"; exit 1; else echo "(exit $?, as expected)"; fi; }

git init -q -b main . && git config user.email demo@example.com && git config user.name "Demo"
echo "# shop" > README.md && git add README.md && git commit -qm "initial commit"

say "1. Create the generation: a release contract"
step init
step generation new v2.1.0 --description "Payment integration sprint"

say "2. Declare its changes, with the pipeline that proves them, and sync"
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
cat > .gryt/pipelines/release-pipeline.yaml <<'YAML'
name: release-pipeline
description: Build and test
steps:
  - name: build
    run: echo building
  - name: test
    run: grep -q stripe payments.txt && echo "::gryt metric coverage=87.5"
    needs: [build]
YAML
git add -A && git commit -qm "release contract and pipeline"
step generation update v2.1.0
say "promotion is refused while nothing is proven"
fails generation promote v2.1.0

say "3. Prove the first change: the first attempt fails, and gets no tag"
step evolution start v2.1.0 --change FEAT-101
fails run release-pipeline
step evolution start v2.1.0 --change FEAT-101
echo stripe > payments.txt && git add payments.txt && git commit -qm "feat: add Stripe Connect support [FEAT-101]"
step run release-pipeline

say "4. Prove the second change"
step evolution start v2.1.0 --change BUG-42
echo "timeout=30" >> payments.txt && git commit -qam "fix: handle large transaction timeouts [BUG-42]"
step run release-pipeline

say "5. Check progress"
step evolution list v2.1.0

say "6. Promote: gates, then the tag v2.1.0 on the newest proven commit"
step generation promote v2.1.0
git --no-pager log --oneline --decorate -n 3
step generation list
step db metric pass_rate --gen v2.1.0
step db query "SELECT event_type, resource_type, actor FROM audit_events ORDER BY seq"

say "7. The audit trail: the hash chain verifies; export it; the NIST SP 800-161 report"
step audit verify
step audit export --output audit.html --format html
step compliance --output compliance.md --format md
sed -n '1,25p' compliance.md

say "8. Hot-fix the release: v2.1.1, proven and fast-track promoted"
step audit hotfix v2.1.0 --issue CRIT-99 --title "Fix payment processing crash"
step evolution start v2.1.1 --change CRIT-99
echo "crash=fixed" >> payments.txt && git commit -qam "fix: prevent crash in payment processor [CRIT-99]"
step run release-pipeline
step audit hotfix-promote v2.1.1
step audit list-snapshots

say "a bad contract is refused with file:line:column, and nothing changes"
printf 'version: v2.2.0\nchanges:\n  - type: feature\n    id: X-1\n    title: "x"\n' > .gryt/generations/v2.2.0.yaml
fails generation update v2.2.0
printf '\nsandbox was %s (removed); gryt is at %s\n' "$sandbox" "$gryt_bin"
