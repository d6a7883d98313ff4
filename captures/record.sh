#!/usr/bin/env bash
# Records real DHCP exchanges between real servers (Kea, dnsmasq, ISC dhcpd) and real clients
# (ISC dhclient, busybox udhcpc, dhcpcd, WIDE dhcp6c, perfdhcp) into captures/*.pcap, one small file per exchange.
# The one exception is the DHCPINFORM exchange, whose client is dhcpulse (`ping -i`): no
# installed client sends INFORM.
#
# Run as root:  bash captures/record.sh [NAME...]      (no NAME: record all; see `list` below)
#
# Everything happens inside two throw-away network namespaces joined by veth pairs, all named
# dpl-rec-*, with the addresses of the lab plan in docs/ARCHITECTURE.md; nothing touches the
# host's interfaces. The namespaces, processes and temporary files are removed on exit, also on
# error or Ctrl-C. Each capture is classic pcap from `tcpdump -U --immediate-mode -w`, taken on
# the client-side veth with TX checksum offload off so the UDP checksums on disk are real.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${DPL_CAPTURES_OUT:-$HERE}
SRV=dpl-rec-srv
CLI=dpl-rec-cli
S0=dpl-rec-s0 C0=dpl-rec-c0 # on-link segment
S1=dpl-rec-s1 C1=dpl-rec-c1 # routed (relay) segment
FILTER='udp port 67 or udp port 68 or udp port 546 or udp port 547'
T=${DPL_REC_TIMEOUT:-20} # bound for every client run, seconds

die() { echo "record.sh: $*" >&2; exit 1; }
log() { echo "== $*" >&2; }

[[ $(id -u) == 0 ]] || die 'must run as root (it creates network namespaces)'
for tool in ip tcpdump ethtool kea-dhcp4 kea-dhcp6 perfdhcp dnsmasq dhcpd dhclient udhcpc dhcpcd dhcp6c unshare timeout; do
	command -v "$tool" >/dev/null || die "missing tool: $tool"
done

TMP=$(mktemp -d /tmp/dpl-rec.XXXXXX)
PIDS=()

cleanup() {
	local rc=$?
	set +e
	for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
	for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
	# dhclient forks into the background once bound; stop any left in our namespace by its pid file.
	for pf in "$TMP"/*.pid; do [[ -s $pf ]] && kill "$(cat "$pf")" 2>/dev/null; done
	# Anything still running inside our own namespaces was started by this script.
	for ns in "$SRV" "$CLI"; do
		for pid in $(ip netns pids "$ns" 2>/dev/null); do kill "$pid" 2>/dev/null; done
	done
	ip netns del "$SRV" 2>/dev/null
	ip netns del "$CLI" 2>/dev/null
	if [[ $rc != 0 ]]; then
		echo "record.sh: failed (exit $rc); logs follow" >&2
		for f in "$TMP"/*.log; do [[ -f $f ]] && { echo "--- $f" >&2; tail -n 20 "$f" >&2; }; done
	fi
	rm -rf "$TMP"
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

in_srv() { ip netns exec "$SRV" "$@"; }
in_cli() { ip netns exec "$CLI" "$@"; }

# --- the network ---------------------------------------------------------------------------

build_network() {
	ip netns del "$SRV" 2>/dev/null || true
	ip netns del "$CLI" 2>/dev/null || true
	ip netns add "$SRV"
	ip netns add "$CLI"
	ip link add "$S0" netns "$SRV" type veth peer name "$C0" netns "$CLI"
	ip link add "$S1" netns "$SRV" type veth peer name "$C1" netns "$CLI"
	in_cli ip link set "$C0" address 02:00:00:00:00:02
	for ns in "$SRV" "$CLI"; do
		ip netns exec "$ns" ip link set lo up
		# Link-local addresses usable at once, so DHCPv6 clients and servers need not wait for DAD.
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
	done
	in_srv ip addr add 198.18.0.1/16 dev "$S0"
	in_srv ip addr add 2001:db8:1::1/64 dev "$S0" nodad
	in_srv ip addr add 198.19.0.1/16 dev "$S1"
	in_srv ip addr add 2001:db8:2::1/64 dev "$S1" nodad
	in_cli ip addr add 198.19.0.2/16 dev "$C1"
	in_cli ip addr add 2001:db8:2::2/64 dev "$C1" nodad
	for dev in "$S0" "$S1"; do
		in_srv ip link set "$dev" up
		in_srv ethtool -K "$dev" tx off >/dev/null
	done
	for dev in "$C0" "$C1"; do
		in_cli ip link set "$dev" up
		in_cli ethtool -K "$dev" tx off >/dev/null
	done
	# Wait until link-local addresses exist and are no longer tentative.
	for _ in $(seq 50); do
		if in_cli ip -6 addr show dev "$C0" scope link | grep -q inet6 &&
			! in_cli ip -6 addr show tentative | grep -q inet6 &&
			! in_srv ip -6 addr show tentative | grep -q inet6; then
			return 0
		fi
		sleep 0.1
	done
	die 'IPv6 link-local addresses did not come up'
}

# --- capture ---------------------------------------------------------------------------------

CAP_PID=
CAP_NAME=

capture_start() { # NAME IFACE
	CAP_NAME=$1
	local err="$TMP/tcpdump-$1.log"
	# Started directly (not through a shell function) so that $! is the process itself and not a subshell.
	ip netns exec "$CLI" timeout 120 tcpdump -i "$2" -U --immediate-mode -n -w "$OUT/$1.pcap" "$FILTER" 2>"$err" &
	CAP_PID=$!
	PIDS+=("$CAP_PID")
	for _ in $(seq 50); do
		grep -q 'listening on' "$err" && return 0
		sleep 0.1
	done
	die "tcpdump did not start on $2"
}

capture_stop() {
	sleep 0.5 # let the last reply land
	# SIGTERM, not SIGINT: a background job of a non-interactive shell ignores SIGINT. `timeout`
	# passes SIGTERM on, and tcpdump closes the file cleanly on it.
	kill -TERM "$CAP_PID" 2>/dev/null || true
	wait "$CAP_PID" 2>/dev/null || true
	# tcpdump drops privileges and leaves its files owned by its own user; hand them back.
	chown "$(id -u):$(id -g)" "$OUT/$CAP_NAME.pcap"
	local count
	count=$(tcpdump -nr "$OUT/$CAP_NAME.pcap" 2>/dev/null | wc -l)
	log "$CAP_NAME.pcap: $count packets"
	[[ $count -gt 0 ]] || die "$CAP_NAME.pcap is empty"
}

# --- servers -----------------------------------------------------------------------------------

SERVER_PID=

server_stop() {
	if [[ -n $SERVER_PID ]]; then
		kill "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
		SERVER_PID=
	fi
}

wait_for_log() { # FILE PATTERN WHAT
	for _ in $(seq 100); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		kill -0 "$SERVER_PID" 2>/dev/null || die "$3 exited during start-up"
		sleep 0.1
	done
	die "$3 did not start (no '$2' in $1)"
}

kea_env() { echo "KEA_PIDFILE_DIR=$TMP" "KEA_LOCKFILE_DIR=$TMP" "KEA_LOGGER_DESTINATION=$TMP/kea-early.log"; }

kea4_start() {
	cat >"$TMP/kea4.json" <<EOF
{
  "Dhcp4": {
    "interfaces-config": { "interfaces": [ "$S0", "$S1" ], "dhcp-socket-type": "raw" },
    "lease-database": { "type": "memfile", "persist": true, "name": "$TMP/kea4.leases", "lfc-interval": 0 },
    "authoritative": true,
    "valid-lifetime": 4000,
    "renew-timer": 1000,
    "rebind-timer": 2000,
    "option-data": [
      { "name": "domain-name-servers", "data": "198.18.0.53, 198.18.0.54" },
      { "name": "domain-name", "data": "lab.dhcpulse.test" }
    ],
    "subnet4": [
      {
        "id": 1, "subnet": "198.18.0.0/16", "interface": "$S0",
        "pools": [ { "pool": "198.18.1.0 - 198.18.255.254" } ],
        "option-data": [ { "name": "routers", "data": "198.18.0.1" } ],
        "reservations": [ { "hw-address": "02:00:00:00:00:01", "ip-address": "198.18.0.10" } ]
      },
      {
        "id": 2, "subnet": "198.19.0.0/16",
        "relay": { "ip-addresses": [ "198.19.0.2" ] },
        "pools": [ { "pool": "198.19.1.0 - 198.19.255.254" } ],
        "option-data": [ { "name": "routers", "data": "198.19.0.1" } ]
      }
    ],
    "loggers": [
      { "name": "kea-dhcp4", "severity": "INFO", "output_options": [ { "output": "$TMP/kea4.log" } ] }
    ]
  }
}
EOF
	in_srv env $(kea_env) kea-dhcp4 -t "$TMP/kea4.json" >"$TMP/kea4-check.log" 2>&1 || die "kea-dhcp4 rejected its configuration: $(tail -n 3 "$TMP/kea4-check.log")"
	ip netns exec "$SRV" env $(kea_env) kea-dhcp4 -c "$TMP/kea4.json" >"$TMP/kea4-stdout.log" 2>&1 &
	SERVER_PID=$!
	PIDS+=("$SERVER_PID")
	wait_for_log "$TMP/kea4.log" DHCP4_STARTED kea-dhcp4
}

kea6_start() {
	cat >"$TMP/kea6.json" <<EOF
{
  "Dhcp6": {
    "interfaces-config": { "interfaces": [ "$S0", "$S1/2001:db8:2::1" ] },
    "lease-database": { "type": "memfile", "persist": true, "name": "$TMP/kea6.leases", "lfc-interval": 0 },
    "server-id": { "type": "LLT", "persist": false },
    "preferred-lifetime": 3000,
    "valid-lifetime": 4000,
    "renew-timer": 1000,
    "rebind-timer": 2000,
    "option-data": [
      { "name": "dns-servers", "data": "2001:db8:1::53" },
      { "name": "domain-search", "data": "lab.dhcpulse.test" }
    ],
    "subnet6": [
      {
        "id": 1, "subnet": "2001:db8:1::/64", "interface": "$S0",
        "pools": [ { "pool": "2001:db8:1::1:0/112" } ],
        "pd-pools": [ { "prefix": "2001:db8:8000::", "prefix-len": 33, "delegated-len": 56 } ]
      },
      {
        "id": 2, "subnet": "2001:db8:2::/64",
        "relay": { "ip-addresses": [ "2001:db8:2::2" ] },
        "pools": [ { "pool": "2001:db8:2::1:0/112" } ]
      }
    ],
    "loggers": [
      { "name": "kea-dhcp6", "severity": "INFO", "output_options": [ { "output": "$TMP/kea6.log" } ] }
    ]
  }
}
EOF
	in_srv env $(kea_env) kea-dhcp6 -t "$TMP/kea6.json" >"$TMP/kea6-check.log" 2>&1 || die "kea-dhcp6 rejected its configuration: $(tail -n 3 "$TMP/kea6-check.log")"
	ip netns exec "$SRV" env $(kea_env) kea-dhcp6 -c "$TMP/kea6.json" >"$TMP/kea6-stdout.log" 2>&1 &
	SERVER_PID=$!
	PIDS+=("$SERVER_PID")
	wait_for_log "$TMP/kea6.log" DHCP6_STARTED kea-dhcp6
}

dnsmasq_start() {
	# --port=0: DHCP only, no DNS. --no-ping: offer at once instead of pinging first (about 3 s).
	ip netns exec "$SRV" dnsmasq --no-daemon --conf-file=/dev/null --port=0 --interface="$S0" --bind-interfaces \
		--dhcp-range=198.18.1.0,198.18.255.254,255.255.0.0,4000 \
		--dhcp-option=option:router,198.18.0.1 --dhcp-option=option:dns-server,198.18.0.53,198.18.0.54 \
		--dhcp-option=option:domain-name,lab.dhcpulse.test \
		--dhcp-authoritative --no-ping --leasefile-ro --pid-file="$TMP/dnsmasq.srvpid" \
		--log-dhcp --log-facility="$TMP/dnsmasq.log" >"$TMP/dnsmasq-stdout.log" 2>&1 &
	SERVER_PID=$!
	PIDS+=("$SERVER_PID")
	wait_for_log "$TMP/dnsmasq.log" 'DHCP, IP range' dnsmasq
}

dhcpd_start() {
	cat >"$TMP/dhcpd.conf" <<EOF
authoritative;
ping-check false;
default-lease-time 4000;
max-lease-time 4000;
option domain-name "lab.dhcpulse.test";
option domain-name-servers 198.18.0.53, 198.18.0.54;
subnet 198.18.0.0 netmask 255.255.0.0 {
  range 198.18.1.0 198.18.255.254;
  option routers 198.18.0.1;
}
EOF
	: >"$TMP/dhcpd.leases"
	ip netns exec "$SRV" dhcpd -4 -f -d -cf "$TMP/dhcpd.conf" -lf "$TMP/dhcpd.leases" -pf "$TMP/dhcpd.srvpid" "$S0" >"$TMP/dhcpd.log" 2>&1 &
	SERVER_PID=$!
	PIDS+=("$SERVER_PID")
	wait_for_log "$TMP/dhcpd.log" 'Sending on' dhcpd
}

# --- clients -----------------------------------------------------------------------------------

cat >"$TMP/dhclient.conf" <<'EOF'
request subnet-mask, broadcast-address, routers, domain-name, domain-name-servers;
EOF
cat >"$TMP/dhclient6.conf" <<'EOF'
request dhcp6.name-servers, dhcp6.domain-search;
EOF
# What dhclient-script does with an address, and no more: configure it when bound, remove it
# when released, so a RELEASE can leave from the leased address as it does on a real host.
cat >"$TMP/addr-script" <<'EOF'
#!/bin/sh
case "$reason" in
BOUND|RENEW|REBIND|REBOOT) ip addr replace "$new_ip_address/16" dev "$interface" ;;
RELEASE|EXPIRE|STOP) [ -n "$old_ip_address" ] && ip addr del "$old_ip_address/16" dev "$interface" ;;
esac
exit 0
EOF
chmod +x "$TMP/addr-script"

# dhclient NAME [dhclient args...]: one bounded run; leaves the daemon (if it bound) to be stopped by dhclient_stop.
dhclient_run() {
	local name=$1
	shift
	in_cli timeout "$T" dhclient -1 -v -cf "$TMP/dhclient.conf" -lf "$TMP/$name.lease" -pf "$TMP/$name.pid" "$@" >>"$TMP/dhclient-$name.log" 2>&1
}

dhclient_stop() { # NAME: stop the background client without a RELEASE (SIGTERM; `dhclient -x` would start a client on every interface)
	local pf="$TMP/$1.pid"
	if [[ -s $pf ]]; then
		kill "$(cat "$pf")" 2>/dev/null || true
		for _ in $(seq 50); do kill -0 "$(cat "$pf")" 2>/dev/null || break; sleep 0.1; done
		rm -f "$pf"
	fi
}

set_client_mac() {
	in_cli ip link set "$C0" down
	in_cli ip link set "$C0" address "$1"
	in_cli ip link set "$C0" up
}

# --- the captures --------------------------------------------------------------------------------

rec_kea4_dora_dhclient() {
	# MAC 02:00:00:00:00:01 holds a reservation: the client is offered 198.18.0.10.
	set_client_mac 02:00:00:00:00:01
	capture_start kea4-dora-dhclient "$C0"
	dhclient_run kea4-dora -sf /bin/true "$C0"
	capture_stop
	dhclient_stop kea4-dora
	set_client_mac 02:00:00:00:00:02
}

rec_kea4_dora_udhcpc() {
	capture_start kea4-dora-udhcpc "$C0"
	in_cli timeout "$T" udhcpc -i "$C0" -f -q -n -t 3 -T 2 -s /bin/true >"$TMP/udhcpc.log" 2>&1
	capture_stop
}

# dhcpcd with Debian's default configuration (/etc/dhcpcd.conf of dhcpcd-base: a DUID-based client
# identifier, RFC 4361; vendor class; rapid commit; classless routes), never touching the system
# (--noconfigure) and without the ARP probe of the offered address, so that one run is one DORA.
dhcpcd_conf() { # FILE EXTRA-LINES...
	local file=$1
	shift
	{ grep -v '^#' /etc/dhcpcd.conf | grep -v '^$'; echo noarp; echo noipv4ll; printf '%s\n' "$@"; } >"$file"
}

# dhcpcd keeps its DUID and leases in /var/lib/dhcpcd and its pid file and socket in /run/dhcpcd,
# paths it has no flag for: run it in a mount namespace of its own with empty tmpfs over both, so
# the host's files are neither read nor written.
dhcpcd_run() { # LOG DHCPCD-ARGS...
	local log=$1
	shift
	in_cli timeout "$T" unshare -m sh -c 'mount -t tmpfs dpl-rec /var/lib/dhcpcd && mount -t tmpfs dpl-rec /run && exec dhcpcd "$@"' dhcpcd "$@" >"$log" 2>&1 || true
}

rec_kea4_dora_dhcpcd() {
	dhcpcd_conf "$TMP/dhcpcd4.conf"
	capture_start kea4-dora-dhcpcd "$C0"
	dhcpcd_run "$TMP/dhcpcd4.log" -4 -1 -B --noconfigure -f "$TMP/dhcpcd4.conf" -c /bin/true "$C0"
	capture_stop
}

rec_kea4_release_dhclient() {
	dhclient_run kea4-release -sf "$TMP/addr-script" "$C0"
	capture_start kea4-release-dhclient "$C0"
	in_cli timeout "$T" dhclient -r -v -cf "$TMP/dhclient.conf" -lf "$TMP/kea4-release.lease" -pf "$TMP/kea4-release.pid" -sf "$TMP/addr-script" "$C0" >>"$TMP/dhclient-kea4-release.log" 2>&1
	capture_stop
}

rec_kea4_nak_dhclient() {
	# A remembered, unexpired lease on 198.18.0.200 (in the subnet, outside the pool, never given
	# to this client) makes dhclient start in INIT-REBOOT (RFC 2131 §3.2); an authoritative Kea NAKs it.
	cat >"$TMP/kea4-nak.lease" <<EOF
lease {
  interface "$C0";
  fixed-address 198.18.0.200;
  option subnet-mask 255.255.0.0;
  option dhcp-lease-time 4000;
  option dhcp-server-identifier 198.18.0.1;
  renew 4 2037/12/31 00:00:00;
  rebind 4 2037/12/31 00:00:00;
  expire 4 2037/12/31 00:00:00;
}
EOF
	capture_start kea4-nak-init-reboot-dhclient "$C0"
	dhclient_run kea4-nak -sf /bin/true "$C0" || true
	capture_stop
	dhclient_stop kea4-nak
	grep -q DHCPNAK "$TMP/dhclient-kea4-nak.log" || die 'dhclient reported no DHCPNAK'
}

rec_kea4_relayed_perfdhcp() {
	# Relay agent information (RFC 3046): circuit-id "dpl-rec-c1" (sub-option 1), remote-id
	# 02:00:00:00:00:fe (sub-option 2). perfdhcp acts as the relay 198.19.0.2 (it always does).
	local circuit remote
	circuit=$(printf '%s' "$C1" | od -An -tx1 | tr -d ' \n')
	remote=0200000000fe
	local o82
	o82=$(printf '01%02x%s02%02x%s' $((${#circuit} / 2)) "$circuit" $((${#remote} / 2)) "$remote")
	capture_start kea4-relayed-option82-perfdhcp "$C1"
	in_cli timeout "$T" perfdhcp -4 -g single -l 198.19.0.2 -r 2 -n 3 -R 3 -W 1500000 -o "82,$o82" 198.19.0.1 >"$TMP/perfdhcp-relay4.log" 2>&1
	capture_stop
}

rec_kea4_inform_dhcpulse() {
	# DHCPINFORM (RFC 2131 §3.4): none of the installed clients sends one, so the client here is
	# dhcpulse's dhcping mode (`ping -i`), built from this checkout; the server side is real Kea.
	# The client is the routed segment's host 198.19.0.2 (an address it already has, in ciaddr),
	# unicast to 198.19.0.1:67; Kea answers DHCPACK to ciaddr:68 (RFC 2131 §4.3.5).
	local bin="$HERE/../bin/dhcpulse.js"
	command -v node >/dev/null || die 'missing tool: node'
	[[ -f $HERE/../dist/cli.js ]] || die 'dhcpulse is not built (npm run build)'
	capture_start kea4-inform-dhcpulse "$C1"
	in_cli timeout "$T" node "$bin" ping -i -s 198.19.0.1 -c 198.19.0.2 -h 02:00:00:00:00:03 --timeout 2 >"$TMP/dhcpulse-inform.log" 2>&1 || die "dhcpulse ping -i failed: $(tail -n 3 "$TMP/dhcpulse-inform.log")"
	capture_stop
}

rec_kea6_sarr_perfdhcp() {
	capture_start kea6-sarr-na-pd-perfdhcp "$C0"
	in_cli timeout "$T" perfdhcp -6 -g single -l "$C0" -e address-and-prefix -r 2 -n 3 -R 3 -W 1500000 >"$TMP/perfdhcp-sarr6.log" 2>&1
	capture_stop
}

rec_kea6_sarr_dhclient() {
	capture_start kea6-sarr-na-pd-dhclient "$C0"
	in_cli timeout "$T" dhclient -6 -N -P -1 -v -cf "$TMP/dhclient6.conf" -lf "$TMP/kea6-dhclient.lease" -pf "$TMP/kea6-dhclient.pid" -sf /bin/true "$C0" >"$TMP/dhclient-kea6-dhclient.log" 2>&1
	capture_stop
	dhclient_stop kea6-dhclient
}

# DHCPv6 straight away (no router advertisement in the lab), asking for an address and a prefix.
rec_kea6_sarr_dhcpcd() {
	dhcpcd_conf "$TMP/dhcpcd6.conf" noipv6rs 'ia_na 1' 'ia_pd 2'
	capture_start kea6-sarr-na-pd-dhcpcd "$C0"
	dhcpcd_run "$TMP/dhcpcd6.log" -6 -1 -B --noconfigure -f "$TMP/dhcpcd6.conf" -c /bin/true "$C0"
	capture_stop
}

# WIDE-DHCPv6's dhcp6c asking for an address and a prefix; stopped by SIGTERM once bound, on which
# it releases its leases (RELEASE, REPLY). Its DUID file and pid file go to tmpfs, as dhcpcd's.
rec_kea6_sarr_release_dhcp6c() {
	cat >"$TMP/dhcp6c.conf" <<-EOF
		interface $C0 {
			send ia-na 1;
			send ia-pd 2;
			request domain-name-servers;
			request domain-name;
		};
		id-assoc na 1 { };
		id-assoc pd 2 { };
	EOF
	capture_start kea6-sarr-release-dhcp6c "$C0"
	in_cli timeout 8 unshare -m sh -c 'mkdir -p /var/lib/dhcpv6 && mount -t tmpfs dpl-rec /var/lib/dhcpv6 && mount -t tmpfs dpl-rec /run && exec dhcp6c -f -c "$0" "$1"' "$TMP/dhcp6c.conf" "$C0" >"$TMP/dhcp6c.log" 2>&1 || true
	capture_stop
	in_cli ip -6 addr flush dev "$C0" scope global
}

rec_kea6_relayed_perfdhcp() {
	capture_start kea6-relayed-perfdhcp "$C1"
	in_cli timeout "$T" perfdhcp -6 -g single -l "$C1" -A 1 -r 2 -n 3 -R 3 -W 1500000 2001:db8:2::1 >"$TMP/perfdhcp-relay6.log" 2>&1
	capture_stop
}

rec_dnsmasq4_dora_dhclient() {
	capture_start dnsmasq4-dora-dhclient "$C0"
	dhclient_run dnsmasq -sf /bin/true "$C0"
	capture_stop
	dhclient_stop dnsmasq
}

rec_dhcpd4_dora_dhclient() {
	capture_start dhcpd4-dora-dhclient "$C0"
	dhclient_run dhcpd -sf /bin/true "$C0"
	capture_stop
	dhclient_stop dhcpd
}

# --- run -----------------------------------------------------------------------------------------

KEA4=(kea4_dora_dhclient kea4_dora_udhcpc kea4_dora_dhcpcd kea4_release_dhclient kea4_nak_dhclient kea4_relayed_perfdhcp kea4_inform_dhcpulse)
KEA6=(kea6_sarr_perfdhcp kea6_sarr_dhclient kea6_sarr_dhcpcd kea6_sarr_release_dhcp6c kea6_relayed_perfdhcp)
ALL=("${KEA4[@]}" "${KEA6[@]}" dnsmasq4_dora_dhclient dhcpd4_dora_dhclient)

if [[ ${1:-} == list ]]; then
	printf '%s\n' "${ALL[@]}"
	exit 0
fi
WANT=("$@")
[[ ${#WANT[@]} -gt 0 ]] || WANT=("${ALL[@]}")
wanted() { local w; for w in "${WANT[@]}"; do [[ $w == "$1" ]] && return 0; done; return 1; }
for w in "${WANT[@]}"; do
	printf '%s\n' "${ALL[@]}" | grep -qx "$w" || die "unknown capture: $w (try: record.sh list)"
done

mkdir -p "$OUT"
build_network
log "network up: $SRV <-> $CLI"

run_group() { # START-FN REC...
	local start=$1 started=
	shift
	for rec in "$@"; do
		wanted "$rec" || continue
		[[ -n $started ]] || { $start; started=1; }
		log "recording $rec"
		"rec_$rec"
	done
	server_stop
}

run_group kea4_start "${KEA4[@]}"
run_group kea6_start "${KEA6[@]}"
run_group dnsmasq_start dnsmasq4_dora_dhclient
run_group dhcpd_start dhcpd4_dora_dhclient
log "done; captures in $OUT"
