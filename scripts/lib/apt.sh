# scripts/lib/apt.sh — Debian packages, installed only when missing. Sourced
# (bash) by scripts/install-deps.sh, scripts/install-browser-deps.sh and
# peers/install.sh; uses sudo only when not already root.

# apt_missing PACKAGE...: the packages dpkg does not list as installed, one a line.
apt_missing() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
}

# apt_install WHO PACKAGE...: apt-get installs the packages (nothing when
# none is given); WHO names the script in its messages. Exits 1 when not
# root and there is no sudo.
apt_install() {
  local who=$1
  shift
  [ $# -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "$who: missing $*, and not root and no sudo to install them" >&2
      exit 1
    fi
    sudo=sudo
  fi
  echo "$who: installing $*"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "$@"
}
