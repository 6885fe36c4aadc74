#!/usr/bin/env bash
# The sync acceptance walk (issue 12, docs/sync.md): starts a gryt-server on a free port with a SQLite
# file, then two clones (alice, bob) and a CI runner folder release v2.1.0 together in cloud mode through
# a bare git remote: rc numbers from the server, a CI run bound to the evolution the server knows, one
# promotion (the second is refused by the server's compare-and-swap), the same history everywhere after
# pull. Then the conflict cases: a stale contract push, a pull over unpushed edits, an unreachable
# server, a revoked key. Ends with "N passed, N failed" like the acceptance scripts.
#   GRYT=path/to/gryt GRYT_SERVER=path/to/gryt-server bash scripts/sync-demo.sh [--keep-server]
# Without them it builds both with scripts/build.sh. --keep-server (opt-in; the walk is the same) leaves the
# server running on the walk's data when it ends and prints its URL, a read key for the web dashboard and how
# to stop it (docs/dashboard.md: the dashboard's screenshots are taken from it).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
keep_server=
case "${1:-}" in
  --keep-server) keep_server=1 ;;
  '') ;;
  *) echo "usage: sync-demo.sh [--keep-server]" >&2; exit 2 ;;
esac
if [ -z "${GRYT:-}" ] || [ -z "${GRYT_SERVER:-}" ]; then
  GRYT=$("$root/scripts/build.sh") || { echo "building gryt failed"; echo "0 passed, 1 failed"; exit 1; }
  GRYT_SERVER="$root/artifacts/gryt-server/gryt-server"
fi

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok     $1"; }
bad() { failed=$((failed + 1)); echo "FAILED $1"; }
check() { local what=$1; shift; if "$@" >/dev/null 2>&1; then ok "$what"; else bad "$what"; fi; }
# run DIR CMD…: OUT, ERR and RC of a command in DIR.
run() { local dir=$1; shift; OUT=$(cd "$dir" && "$@" 2>"$work/err"); RC=$?; ERR=$(head -n 1 "$work/err"); }

work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$keep_server" ] && [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then return; fi
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"
}
trap cleanup EXIT
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null NO_COLOR=1
unset CI GRYT_TOKEN GRYT_DB GRYT_ACTOR

# 1. The server: the README's two commands, on a port the system picks.
"$GRYT_SERVER" --database "$work/server.db" --urls http://127.0.0.1:0 >"$work/server.log" 2>&1 &
server_pid=$!
url=
for _ in $(seq 1 100); do
  url=$(grep -oE 'listening on http://127\.0\.0\.1:[0-9]+' "$work/server.log" | head -n 1 | sed 's/listening on //')
  [ -n "$url" ] && break
  sleep 0.1
done
if [ -z "$url" ]; then cat "$work/server.log"; bad "gryt-server starts"; echo "$passed passed, $failed failed"; exit 1; fi
ok "gryt-server listens on $url"
check "the server answers /health" bash -c "curl -fsS '$url/health' | grep -q '\"status\":\"ok\"'"
key() { "$GRYT_SERVER" keys create --database "$work/server.db" --project shop --role "$1" --name "$2" 2>/dev/null; }

git init -q --bare --initial-branch=main "$work/origin.git"
machine() { # machine NAME: a clone with a config folder of its own
  mkdir -p "$work/$1-home"
  git clone -q "$work/origin.git" "$work/$1" 2>/dev/null
  git -C "$work/$1" config user.name "$1"; git -C "$work/$1" config user.email "$1@example.invalid"
}
as() { local who=$1; shift; XDG_CONFIG_HOME="$work/$who-home" GRYT_ACTOR="$who" run "$work/$who" "$GRYT" "$@"; }

# 2. alice sets the project up; config.yaml (cloud, this server) travels through git.
machine alice
as alice init
as alice sync config --mode cloud --server "$url" --project shop
as alice generation new v2.1.0
cat > "$work/alice/.gryt/generations/v2.1.0.yaml" <<'YAML'
version: v2.1.0
description: "Payment integration sprint"
changes:
  - type: add
    id: FEAT-101
    title: "Stripe Connect support"
  - type: fix
    id: BUG-42
    title: "Timeout on large transactions"
pipeline_template: release
YAML
printf 'name: release\nsteps:\n  - name: test\n    run: "true"\n' > "$work/alice/.gryt/pipelines/release.yaml"
git -C "$work/alice" add -A && git -C "$work/alice" commit -qm "v2.1.0 contract, release pipeline, sync settings" && git -C "$work/alice" push -q origin main
key release alice | (cd "$work/alice" && XDG_CONFIG_HOME="$work/alice-home" "$GRYT" sync login >/dev/null 2>&1)
check "alice logged in, key kept 0600 in her config folder" test "$(stat -c %a "$work/alice-home/gryt/credentials.json")" = 600
check "no key under .gryt/" bash -c "! grep -rq gryt_ '$work/alice/.gryt' --exclude='gryt.db*'"

as alice evolution start v2.1.0 --change FEAT-101
[ "$RC" -eq 0 ] && grep -q 'v2.1.0-rc.1' <<< "$OUT" && ok "alice's evolution gets rc.1 from the server" || bad "alice's evolution gets rc.1 from the server ($ERR)"
as alice run release
[ "$RC" -eq 0 ] && ok "alice's run passes and is pushed at its end" || bad "alice's run passes ($ERR)"
git -C "$work/alice" push -q origin --tags

# 3. bob starts BUG-42 and leaves the proof to CI.
machine bob
key release bob | (cd "$work/bob" && XDG_CONFIG_HOME="$work/bob-home" "$GRYT" sync login >/dev/null 2>&1)
as bob evolution start v2.1.0 --change BUG-42
grep -q 'v2.1.0-rc.2' <<< "$OUT" && ok "bob's evolution gets rc.2 from the server" || bad "bob's evolution gets rc.2 from the server ($ERR)"

# 4. The CI runner: a fresh checkout, no database, the key from the platform's secrets.
machine ci
ci_key=$(key write ci-runner)
CI=true GRYT_TOKEN="$ci_key" run "$work/ci" "$GRYT" sync pull
[ "$RC" -eq 0 ] && ok "CI pulls the shared record" || bad "CI pulls the shared record ($ERR)"
CI=true GRYT_TOKEN="$ci_key" run "$work/ci" "$GRYT" run release
[ "$RC" -eq 0 ] && grep -q 'proving BUG-42 as v2.1.0-rc.2' <<< "$ERR" && ok "the CI run binds to rc.2, the evolution the server knows" || bad "the CI run binds to rc.2 ($ERR)"
check "the CI checkout stays clean" test -z "$(git -C "$work/ci" status --porcelain)"
git -C "$work/ci" push -q origin --tags

# 5. One promotion: alice's; bob's is refused by the server.
for who in alice bob; do git -C "$work/$who" fetch -q --tags origin; as "$who" sync pull; done
as alice generation promote v2.1.0
[ "$RC" -eq 0 ] && ok "alice promotes v2.1.0 (the server's CAS said yes first)" || bad "alice promotes v2.1.0 ($ERR)"
git -C "$work/alice" push -q origin --tags
as bob generation promote v2.1.0
[ "$RC" -eq 4 ] && grep -q 'already promoted on the server by alice' <<< "$ERR" && ok "bob's promotion is refused, exit 4: $ERR" || bad "bob's promotion is refused with exit 4 (exit $RC: $ERR)"
check "bob made no v2.1.0 tag" test -z "$(git -C "$work/bob" tag --list v2.1.0)"

# 6. The same history in all three after pull; one tag per name.
for who in alice bob ci; do
  git -C "$work/$who" fetch -q --tags origin
  if [ "$who" = ci ]; then CI=true GRYT_TOKEN="$ci_key" run "$work/ci" "$GRYT" sync pull; else as "$who" sync pull; fi
done
history() { (cd "$work/$1" && "$GRYT" db query "SELECT e.evolution_id, e.tag, e.status, g.status FROM evolutions e JOIN generations g USING (generation_id) ORDER BY e.tag" 2>/dev/null); }
check "bob has alice's history" test "$(history alice)" = "$(history bob)"
check "the CI folder has alice's history" test "$(history alice)" = "$(history ci)"
check "v2.1.0 is promoted everywhere" bash -c "[ \$(grep -c promoted <<< '$(history bob)') -eq 2 ]"
check "one tag per name on the remote" test "$(git -C "$work/origin.git" tag --list 'v2.1.0*' | tr '\n' ' ')" = "v2.1.0 v2.1.0-rc.1 v2.1.0-rc.2 "

# 7. The conflict cases (hybrid mode, a generation of their own).
for who in alice bob; do as "$who" sync config --mode hybrid; done
printf 'version: v2.2.0\nchanges:\n  - type: add\n    id: FEAT-7\n    title: "Refunds"\n' > "$work/alice/.gryt/generations/v2.2.0.yaml"
as alice sync push --version v2.2.0
as bob sync pull
printf '  - type: fix\n    id: BUG-1\n    title: "Alice fix"\n' >> "$work/alice/.gryt/generations/v2.2.0.yaml"
as alice sync push --version v2.2.0
printf '  - type: fix\n    id: BUG-2\n    title: "Bob fix"\n' >> "$work/bob/.gryt/generations/v2.2.0.yaml"
as bob sync status --version v2.2.0
grep -q 'conflict' <<< "$OUT" && ok "status shows the conflict" || bad "status shows the conflict ($OUT)"
as bob sync push --version v2.2.0
[ "$RC" -eq 4 ] && grep -q 'based on revision 1, the server has revision 2' <<< "$ERR" && ok "a stale push is exit 4 naming both revisions: $ERR" || bad "a stale push is exit 4 naming both revisions (exit $RC: $ERR)"
before=$(sha256sum "$work/bob/.gryt/generations/v2.2.0.yaml")
as bob sync pull
[ "$RC" -eq 4 ] && ok "pull refuses over unpushed local edits, exit 4" || bad "pull refuses over unpushed local edits (exit $RC: $ERR)"
check "the edited file is untouched" test "$before" = "$(sha256sum "$work/bob/.gryt/generations/v2.2.0.yaml")"

as alice sync config --server http://127.0.0.1:9
GRYT_TOKEN=gryt_000000000000_unused as alice sync push
[ "$RC" -eq 5 ] && grep -q 'cannot reach the sync server' <<< "$ERR" && ok "an unreachable server is exit 5: $ERR" || bad "an unreachable server is exit 5 (exit $RC: $ERR)"
as alice sync config --server "$url"
"$GRYT_SERVER" keys revoke --database "$work/server.db" "$(cut -d_ -f2 <<< "$ci_key")" >/dev/null 2>&1
sleep 3   # the server caches a key for 2 s: a revocation holds within that (docs/sync.md)
CI=true GRYT_TOKEN="$ci_key" run "$work/ci" "$GRYT" sync push
[ "$RC" -eq 5 ] && grep -q 'refused the key (revoked_key)' <<< "$ERR" && ok "a revoked key is exit 5: $ERR" || bad "a revoked key is exit 5 (exit $RC: $ERR)"

if [ -n "$keep_server" ]; then
  # Opt-in: the server stays up on the walk's data for the web dashboard (a key of role read to sign in with).
  echo "server kept: GRYT_DASHBOARD_URL=$url GRYT_DASHBOARD_KEY=$(key read viewer)"
  echo "stop it with: kill $server_pid; rm -rf $work"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
