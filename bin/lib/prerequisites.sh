# Checks for what NormLab needs from the machine, sourced by the bin/ scripts.
# Missing Debian packages are installed when that is permitted (root, or password-less sudo, and
# NORMLAB_INSTALL is not "never"); otherwise the script stops with the exact command to run.

die() {
  echo "normlab: $*" >&2
  exit 2
}

require_java() {
  local wanted=$1 version
  command -v java >/dev/null 2>&1 || die "no java on PATH; install a JDK ${wanted}+ (e.g. sudo apt-get install -y openjdk-17-jdk-headless)"
  version=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  [ "${version%%.*}" -ge "$wanted" ] 2>/dev/null || die "java ${version} found; NormLab needs ${wanted} or newer"
}

require_debian_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0

  local command="apt-get install -y ${missing[*]}"
  if [ "${NORMLAB_INSTALL:-auto}" != "never" ] && command -v apt-get >/dev/null 2>&1; then
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
      if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo"; else sudo="none"; fi
    fi
    if [ "$sudo" != "none" ]; then
      echo "normlab: installing Debian packages: ${missing[*]}"
      $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q \
        && $sudo env DEBIAN_FRONTEND=noninteractive $command -q \
        && return 0
      die "installing ${missing[*]} failed; run: sudo apt-get update && sudo ${command}"
    fi
  fi
  die "missing Debian packages: ${missing[*]}
Install them with:
  sudo apt-get update && sudo ${command}"
}
