# shellcheck shell=bash
# Installs the Debian packages countersign needs, only those missing; safe to run again and again.
# Sourced by scripts/test, scripts/demo, scripts/bench and scripts/fuzz.

countersign_packages=(
  ca-certificates git cmake ninja-build g++ pkg-config
  libsecp256k1-dev libssl-dev libboost-dev nlohmann-json3-dev libcli11-dev libsqlite3-dev
  libgtest-dev libgmock-dev librapidcheck-dev libbenchmark-dev
  clang libclang-rt-14-dev
)

countersign_install_deps() {
  local missing=() p
  for p in "${countersign_packages[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "countersign: installing ${missing[*]}"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "countersign: need root (or sudo) to install: ${missing[*]}" >&2; return 1; }
    sudo=(sudo)
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Node.js and npm, for the devnet's npm packages and the JavaScript benchmark peers. A newer Node already on
# the machine is kept.
countersign_install_node() {
  command -v node >/dev/null && command -v npm >/dev/null && return 0
  countersign_install_deps nodejs npm
}

# The devnet's pinned npm packages (anvil, solc, hardhat): the build compiles the contracts with solc and the
# tests start anvil. npm ci runs only when the lockfile is newer than the installed tree.
countersign_install_devnet_packages() {
  countersign_install_node
  [ devnet/node_modules/.package-lock.json -nt devnet/package-lock.json ] ||
    (cd devnet && npm ci --no-audit --no-fund --loglevel=error)
}

countersign_jobs() {
  local n
  n=$(nproc 2>/dev/null || echo 2)
  echo "$n"
}
