# Debian's packages the test suite needs, installed when missing, in the background while npm ci
# runs: Chromium (the browser tests drive it with playwright-core; no browser download works here)
# and PostgreSQL (the second test run; .ci/postgres.sh starts it).
#   install_test_packages_in_background; …; wait_for_test_packages

install_test_packages_in_background() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || missing+=(postgresql)
  APT_LOG="$(mktemp /tmp/grassroots-apt.XXXXXX)"
  if [ ${#missing[@]} -eq 0 ]; then
    APT_PID=""
    return
  fi
  echo "== installing ${missing[*]} from Debian's packages (in the background)"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") >"$APT_LOG" 2>&1 &
  APT_PID=$!
}

wait_for_test_packages() {
  [ -z "${APT_PID:-}" ] && return
  if ! wait "$APT_PID"; then
    echo "Installing Debian's packages failed:" >&2
    tail -n 30 "$APT_LOG" >&2
    exit 1
  fi
  echo "Debian's packages installed: $(chromium --version 2>/dev/null)"
}
