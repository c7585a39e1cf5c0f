# Shared by bin/test and bin/demo: make sure redis-server and redis-cli exist, installing the
# Debian packages when running as root, otherwise saying exactly what is missing.
require_redis() {
  local missing=()
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
  command -v redis-sentinel >/dev/null 2>&1 || missing+=(redis-sentinel)
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing ${missing[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    # The packages start system services on 6379/26379 where an init system runs; tests use
    # their own free ports, so those are left alone.
  else
    echo "error: missing ${missing[*]}; install with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
}
