#!/usr/bin/env bash
# Local registries for the publish-step tests (src/Gryt.Tests/Steps/PublishRegistryTests.cs).
#   registries.sh install [all|verdaccio|apt]   install what is missing (idempotent, quick when present)
#   registries.sh verdaccio                     print the path of the installed verdaccio program
#   registries.sh docker-start DIR              start a private docker daemon in DIR, print its DOCKER_HOST
#   registries.sh docker-stop DIR               stop it
# verdaccio goes into a cache folder from npm; docker-registry, twine and docker.io come from Debian
# (root only). The tests start each registry on 127.0.0.1 with their own config; the docker daemon
# (for container-build --push) is started by .ci/run, on its own socket, with no network setup of its own.
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
  command -v dockerd >/dev/null 2>&1 || [ -x /usr/sbin/dockerd ] || missing+=(docker.io)
  [ "${#missing[@]}" -eq 0 ] && return 0
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >&2
  else
    echo "not root or no apt-get: ${missing[*]} not installed, their publish tests are skipped" >&2
  fi
}

docker_start() {
  local dir=$1 dockerd
  dockerd=$(command -v dockerd || echo /usr/sbin/dockerd)
  [ -x "$dockerd" ] || { echo "dockerd is not installed" >&2; return 1; }
  mkdir -p "$dir"
  # Its own socket, data and state: an existing daemon is left alone; no bridge or iptables rules.
  "$dockerd" --host "unix://$dir/docker.sock" --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/docker.pid" \
    --iptables=false --ip6tables=false --bridge=none --storage-driver=vfs >"$dir/dockerd.log" 2>&1 &
  echo $! > "$dir/launcher.pid"
  for _ in $(seq 1 40); do
    if DOCKER_HOST="unix://$dir/docker.sock" docker info >/dev/null 2>&1; then echo "unix://$dir/docker.sock"; return 0; fi
    sleep 0.5
  done
  echo "dockerd did not answer within 20 s (see $dir/dockerd.log)" >&2
  docker_stop "$dir"
  return 1
}

docker_stop() {
  local dir=$1 pid
  pid=$(cat "$dir/launcher.pid" 2>/dev/null || true)
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$dir/launcher.pid"
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
  docker-start) docker_start "${2:?docker-start needs a folder}" ;;
  docker-stop) docker_stop "${2:?docker-stop needs a folder}" ;;
  *) echo "usage: registries.sh install [all|verdaccio|apt] | verdaccio | docker-start DIR | docker-stop DIR" >&2; exit 2 ;;
esac
