#!/usr/bin/env bash
# Runs the real-SIP end-to-end suite (playwright.sip.config.ts). Where the machine allows it (root or
# CAP_SYS_ADMIN, as in CI) it runs in fresh network and PID namespaces: only a loopback interface (all SIP,
# RTP and HTTP on 127.0.0.1, no clash with a host's SIP services or another test run) and every child
# (kamailio, rtpengine, sipp, chromium, the server) is killed by the kernel when the run ends.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/sbin:/sbin"
if unshare --net --pid --fork --mount-proc true 2>/dev/null; then
  exec unshare --net --pid --fork --mount-proc bash -c 'ip link set lo up 2>/dev/null || ifconfig lo up; exec npx playwright test -c playwright.sip.config.ts "$@"' bash "$@"
else
  echo "test-sip: namespaces not permitted here; running on the host network (ports 15060, 15070-15080, 12223, 30000-30400)" >&2
  exec npx playwright test -c playwright.sip.config.ts "$@"
fi
