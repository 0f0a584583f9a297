#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian/Ubuntu machine: system packages through
# apt-get (as root, or with sudo) and the npm packages from package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."

# chromium: the e2e browser (/usr/bin/chromium; Playwright never downloads one here).
# fonts-liberation: readable text in screenshots.
# The real-SIP suite (tests/sip, scripts/test-sip.sh):
#   kamailio, kamailio-websocket-modules, kamailio-tls-modules: the SIP proxy (UDP, WebSocket, WebSocket over TLS);
#   openssl: makes the proxy's test certificate;
#   rtpengine-daemon: WebRTC <-> RTP media relay in userspace (NOT the 'rtpengine' metapackage: it pulls a DKMS
#   kernel module); sip-tester: sipp, the debtors' phones; baresip: a registered debtor's phone (DTMF, hold);
#   iproute2: `ip`, for the suite's loopback-only network namespace.
APT_PACKAGES=(chromium fonts-liberation kamailio kamailio-websocket-modules kamailio-tls-modules openssl rtpengine-daemon sip-tester baresip iproute2)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "Installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Electron's binary is not needed for the tests (the renderer runs in Chromium, the main process under
# Node with 'electron' mocked), and cannot be downloaded on machines without internet access.
ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci
