#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Install dimmguard's build and test dependencies from Debian 12 packages (run as root).
# Skips apt entirely when everything is already installed.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config
  libexpected-dev nlohmann-json3-dev libcli11-dev catch2
  libi2c-dev i2c-tools libssl-dev libsqlite3-dev sqlite3
  qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools libqt6opengl6-dev libxkbcommon-dev
  xvfb xauth fonts-dejavu-core fonts-wqy-microhei python3 openbox xdotool x11-utils imagemagick
  libqrencode-dev libasound2-dev zbar-tools poppler-utils
  scdoc man-db lintian desktop-file-utils appstream systemd bash-completion zsh
  qemu-system-x86 busybox-static zstd xz-utils
  postgresql libpq-dev openssl
  clang-14 libclang-rt-14-dev
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages (${missing[*]}); run this script as root to install them" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}"
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
