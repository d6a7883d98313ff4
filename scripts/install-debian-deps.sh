#!/usr/bin/env bash
# Installs the Debian packages dhcpulse's lab, tests and benchmarks use, without
# letting their init scripts start the servers on the host's own interfaces
# (lab-facts.md: Debian's postinst may try to start the services).
set -euo pipefail

# chromium: the HTML report is tested in a real headless browser (test/perf-report.test.ts).
PKGS=(kea-dhcp4-server kea-dhcp6-server kea-ctrl-agent kea-admin dnsmasq-base isc-dhcp-server
      isc-dhcp-client udhcpc iproute2 tcpdump ethtool procps psmisc man-db
      prometheus tmux tshark dhcpcd-base wide-dhcpv6-client chromium)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-debian-deps: all packages present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-debian-deps: missing ${missing[*]}; run as root" >&2
  exit 3
fi

# policy-rc.d exiting 101 forbids service starts during the install.
policy=/usr/sbin/policy-rc.d
had_policy=0
[ -e "$policy" ] && had_policy=1
if [ $had_policy -eq 0 ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod +x "$policy"
fi
cleanup() { [ $had_policy -eq 0 ] && rm -f "$policy"; true; }
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

# Keep the packaged services off the host, now and after a reboot.
for svc in kea-dhcp4-server kea-dhcp6-server kea-ctrl-agent kea-dhcp-ddns-server isc-dhcp-server isc-dhcp-server6 dnsmasq prometheus wide-dhcpv6-client; do
  if command -v systemctl >/dev/null 2>&1; then systemctl disable "$svc" >/dev/null 2>&1 || true; fi
  update-rc.d -f "$svc" remove >/dev/null 2>&1 || true
  # Only a copy the install started on the host (its network namespace is PID 1's): the servers of
  # running labs live in their own namespaces and must not be touched.
  pkill --ns 1 --nslist net -x "${svc%-server}" 2>/dev/null || true
done
echo "install-debian-deps: installed ${missing[*]}"
