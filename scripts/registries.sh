#!/usr/bin/env bash
# Local registries for the publish-step tests (src/Gryt.Tests/Steps/PublishRegistryTests.cs).
#   registries.sh install [all|verdaccio|apt]   install what is missing (idempotent, quick when present)
#   registries.sh verdaccio                     print the path of the installed verdaccio program
# verdaccio goes into a cache folder from npm; docker-registry and twine come from Debian (root only).
# Nothing is started here: the tests start each registry on 127.0.0.1 with their own config.
set -euo pipefail
home=${GRYT_REGISTRIES_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/gryt-registries}
verdaccio_bin=$home/verdaccio/node_modules/.bin/verdaccio

install_verdaccio() {
  [ -x "$verdaccio_bin" ] && return 0
  command -v npm >/dev/null 2>&1 || { echo "npm is not installed: verdaccio cannot be installed" >&2; return 1; }
  mkdir -p "$home/verdaccio"
  # 6.8.0 runs on node 20 (later ones want node 22); its node-fetch range resolves to a broken release.
  cat > "$home/verdaccio/package.json" <<'EOF'
{ "name": "gryt-test-registries", "private": true,
  "dependencies": { "verdaccio": "6.8.0" },
  "overrides": { "node-fetch": "2.7.0" } }
EOF
  (cd "$home/verdaccio" && npm install --no-audit --no-fund --loglevel=error >&2)
  [ -x "$verdaccio_bin" ]
}

install_apt() {
  local missing=()
  command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
  /usr/bin/python3 -m twine --version >/dev/null 2>&1 || missing+=(twine)
  [ "${#missing[@]}" -eq 0 ] && return 0
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >&2
  else
    echo "not root or no apt-get: ${missing[*]} not installed, their publish tests are skipped" >&2
  fi
}

case "${1:-}" in
  install)
    case "${2:-all}" in
      verdaccio) install_verdaccio ;;
      apt) install_apt ;;
      all) rc=0; install_verdaccio || rc=$?; install_apt || rc=$?; exit "$rc" ;;
      *) echo "registries.sh: unknown part '$2' (all, verdaccio, apt)" >&2; exit 2 ;;
    esac ;;
  verdaccio) install_verdaccio && echo "$verdaccio_bin" ;;
  *) echo "usage: registries.sh install [all|verdaccio|apt] | registries.sh verdaccio" >&2; exit 2 ;;
esac
