/*
 * A DHCPv4 / DHCPv6 responder for relayed traffic that is never the limit of a load test
 * (benchmarks/perf/capacity.ts builds it with `cc -O2` and runs it in a lab's server namespace).
 *
 * It keeps no leases and checks nothing it does not need: each reply is built from its request
 * in a few hundred nanoseconds, and I/O is batched (recvmmsg/sendmmsg, up to BATCH datagrams a
 * system call), so one core answers several times what a generator on another core can send
 * (lab-facts.md: 23–37 % of a core at 40,000–80,000 DORA/s).
 *
 *   responder ADDR [PORT]     ADDR IPv4 → DHCPv4 on PORT (67); ADDR IPv6 → DHCPv6 on PORT (547)
 *
 * DHCPv4 (RFC 2131): only relayed requests (giaddr ≠ 0) are answered, DISCOVER → OFFER and
 * REQUEST → ACK, sent to giaddr:67 as §4.1 says a server answers a relay agent. xid, flags,
 * giaddr and chaddr are echoed (§4.3.1, Table 3), yiaddr is derived from chaddr so an OFFER and
 * its ACK agree, and the options are 53 (message type), 54 (server identifier: ADDR, §4.3.1
 * requires it in OFFER and ACK), 51 (lease time) and 1 (subnet mask).
 *
 * DHCPv6 (RFC 8415): only RELAY-FORW (§9) carrying SOLICIT or REQUEST in its Relay Message
 * option is answered, with a RELAY-REPL (§19.3) carrying ADVERTISE or REPLY (§18.3.1, §18.3.2),
 * sent back to the relay agent's source address and port. The reply echoes the transaction-id,
 * Client Identifier and the IA_NA's IAID, and carries a Server Identifier (DUID-LL) and an IA_NA
 * (§21.4) with one IA Address (§21.6) derived from the client's DUID; an Interface-Id option
 * (§21.18) in the RELAY-FORW is copied into the RELAY-REPL as §19.3 requires.
 *
 * On SIGTERM or SIGINT it prints its counters on one line to stderr and exits 0.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define BATCH 64
#define BUF 1500

static volatile sig_atomic_t stop;
static void on_signal(int sig) { (void)sig; stop = 1; }

static struct {
	unsigned long long received, answered, ignored, send_errors, batches;
	unsigned long long by_type[16]; /* requests by message type (v4: option 53; v6: inner msg-type) */
} count;

static uint8_t server_addr4[4];
/* Server DUID-LL (RFC 8415 §11.4): type 3, hardware type 1, a made-up link-layer address. */
static const uint8_t server_duid[] = {0, 3, 0, 1, 0x02, 0xd5, 0x00, 0x00, 0x00, 0x01};

/* ---- DHCPv4 ---------------------------------------------------------------------------------- */

/*
 * Builds the reply to one BOOTREQUEST `q` (n bytes) in `r`; returns its length, or 0 to ignore it.
 * Fixed fields at RFC 2131 §2 offsets: op 0, htype 1, hlen 2, hops 3, xid 4, secs 8, flags 10,
 * ciaddr 12, yiaddr 16, siaddr 20, giaddr 24, chaddr 28, sname 44, file 108, cookie 236.
 */
static size_t answer4(const uint8_t *q, size_t n, uint8_t *r, struct sockaddr_in *to) {
	static const uint8_t cookie[4] = {99, 130, 83, 99}; /* RFC 2131 §3 magic cookie */
	if (n < 244 || q[0] != 1 || memcmp(q + 236, cookie, 4) != 0) return 0;
	uint32_t giaddr;
	memcpy(&giaddr, q + 24, 4);
	if (giaddr == 0) return 0; /* not relayed: a direct client would need broadcast or raw sockets */
	int type = 0;
	for (size_t i = 240; i < n;) { /* RFC 2132 §2: code, length, value; 0 pads, 255 ends */
		uint8_t code = q[i];
		if (code == 255) break;
		if (code == 0) { i++; continue; }
		if (i + 1 >= n || i + 2 + q[i + 1] > n) return 0;
		if (code == 53 && q[i + 1] == 1) { type = q[i + 2]; break; }
		i += 2 + q[i + 1];
	}
	count.by_type[type & 15]++;
	uint8_t reply_type = type == 1 ? 2 : type == 3 ? 5 : 0; /* DISCOVER→OFFER, REQUEST→ACK (RFC 2132 §9.6) */
	if (reply_type == 0) return 0;

	memset(r, 0, 240);
	r[0] = 2;           /* BOOTREPLY */
	r[1] = q[1];        /* htype */
	r[2] = q[2];        /* hlen */
	memcpy(r + 4, q + 4, 4);   /* xid */
	memcpy(r + 10, q + 10, 2); /* flags */
	const uint8_t *ch = q + 28;
	/* yiaddr from chaddr: 198.19.0.0/16's pool (the lab's relayed subnet), never .0 or .255. */
	r[16] = 198, r[17] = 19, r[18] = (uint8_t)(1 + ch[4] % 254), r[19] = (uint8_t)(1 + ch[5] % 254);
	memcpy(r + 24, q + 24, 4);   /* giaddr */
	memcpy(r + 28, q + 28, 16);  /* chaddr */
	memcpy(r + 236, cookie, 4);
	uint8_t *o = r + 240;
	*o++ = 53, *o++ = 1, *o++ = reply_type;
	*o++ = 54, *o++ = 4, memcpy(o, server_addr4, 4), o += 4;
	*o++ = 51, *o++ = 4, *o++ = 0, *o++ = 0, *o++ = 0x0e, *o++ = 0x10; /* 3,600 s */
	*o++ = 1, *o++ = 4, *o++ = 255, *o++ = 255, *o++ = 0, *o++ = 0;    /* /16 */
	*o++ = 255;
	/* RFC 2131 §4.1: a relayed message's answer goes to the relay agent at giaddr, port 67. */
	to->sin_family = AF_INET;
	to->sin_port = htons(67);
	to->sin_addr.s_addr = giaddr;
	return (size_t)(o - r) < 300 ? 300 : (size_t)(o - r); /* BOOTP's 300-byte minimum (RFC 1542 §2.1) */
}

/* ---- DHCPv6 ---------------------------------------------------------------------------------- */

static uint8_t *put_opt(uint8_t *o, unsigned code, unsigned len) {
	o[0] = (uint8_t)(code >> 8), o[1] = (uint8_t)code, o[2] = (uint8_t)(len >> 8), o[3] = (uint8_t)len;
	return o + 4;
}

/* Finds option `code` among [p, end) (RFC 8415 §21.1: code, length, value); returns its value or NULL. */
static const uint8_t *find_opt(const uint8_t *p, const uint8_t *end, unsigned code, unsigned *len) {
	while (p + 4 <= end) {
		unsigned c = (unsigned)p[0] << 8 | p[1], l = (unsigned)p[2] << 8 | p[3];
		if (p + 4 + l > end) return NULL;
		if (c == code) { *len = l; return p + 4; }
		p += 4 + l;
	}
	return NULL;
}

/* The RELAY-REPL to one RELAY-FORW `q` (n bytes) in `r`; its length, or 0 to ignore it. */
static size_t answer6(const uint8_t *q, size_t n, uint8_t *r) {
	/* RFC 8415 §9: msg-type, hop-count, link-address (16), peer-address (16), options. */
	if (n < 34 || q[0] != 12) return 0;
	const uint8_t *qend = q + n;
	unsigned mlen, ilen = 0, clen, ialen;
	const uint8_t *m = find_opt(q + 34, qend, 9, &mlen); /* OPTION_RELAY_MSG */
	const uint8_t *ifid = find_opt(q + 34, qend, 18, &ilen); /* OPTION_INTERFACE_ID */
	if (!m || mlen < 4) return 0;
	count.by_type[m[0] & 15]++;
	uint8_t reply_type = m[0] == 1 ? 2 : m[0] == 3 ? 7 : 0; /* SOLICIT→ADVERTISE, REQUEST→REPLY */
	if (reply_type == 0) return 0;
	const uint8_t *mend = m + mlen;
	const uint8_t *cid = find_opt(m + 4, mend, 1, &clen); /* OPTION_CLIENTID */
	const uint8_t *ia = find_opt(m + 4, mend, 3, &ialen); /* OPTION_IA_NA */
	if (!cid || clen < 2 || clen > 130 || !ia || ialen < 12) return 0;

	memcpy(r, q, 34); /* hop-count, link-address and peer-address echoed (§19.3) */
	r[0] = 13;        /* RELAY-REPL */
	uint8_t *o = r + 34;
	if (ifid && ilen <= 256) o = put_opt(o, 18, ilen), memcpy(o, ifid, ilen), o += ilen;
	uint8_t *relay_msg = o;
	o += 4; /* OPTION_RELAY_MSG header, length filled in below */
	uint8_t *inner = o;
	*o++ = reply_type;
	memcpy(o, m + 1, 3), o += 3; /* transaction-id */
	o = put_opt(o, 1, clen), memcpy(o, cid, clen), o += clen;
	o = put_opt(o, 2, sizeof server_duid), memcpy(o, server_duid, sizeof server_duid), o += sizeof server_duid;
	/* IA_NA (§21.4): IAID echoed, T1 1,800 s, T2 2,880 s, one IA Address (§21.6). */
	o = put_opt(o, 3, 12 + 4 + 24);
	memcpy(o, ia, 4), o += 4;
	memcpy(o, "\0\0\x07\x08\0\0\x0b\x40", 8), o += 8;
	o = put_opt(o, 5, 24);
	/* 2001:db8:2::1:xxxx, inside the lab's relayed pool 2001:db8:2::1:0/112, from the DUID's last bytes. */
	static const uint8_t prefix[14] = {0x20, 0x01, 0x0d, 0xb8, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1};
	memcpy(o, prefix, 14), o[14] = cid[clen - 2], o[15] = cid[clen - 1], o += 16;
	memcpy(o, "\0\0\x0e\x10\0\0\x1c\x20", 8), o += 8; /* preferred 3,600 s, valid 7,200 s */
	put_opt(relay_msg, 9, (unsigned)(o - inner));
	return (size_t)(o - r);
}

/* ---- The loop -------------------------------------------------------------------------------- */

int main(int argc, char **argv) {
	if (argc < 2) {
		fprintf(stderr, "usage: %s ADDR [PORT]\n", argv[0]);
		return 2;
	}
	struct sockaddr_storage local = {0};
	socklen_t local_len;
	int v6 = strchr(argv[1], ':') != NULL;
	int port = argc > 2 ? atoi(argv[2]) : v6 ? 547 : 67;
	if (v6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&local;
		a->sin6_family = AF_INET6, a->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, argv[1], &a->sin6_addr) != 1) return fprintf(stderr, "bad address %s\n", argv[1]), 2;
		local_len = sizeof *a;
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)&local;
		a->sin_family = AF_INET, a->sin_port = htons((uint16_t)port);
		if (inet_pton(AF_INET, argv[1], &a->sin_addr) != 1) return fprintf(stderr, "bad address %s\n", argv[1]), 2;
		memcpy(server_addr4, &a->sin_addr, 4);
		local_len = sizeof *a;
	}
	int fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM, 0);
	if (fd < 0) return perror("socket"), 1;
	/* Large buffers so a burst of the generator's never overflows here (root may pass rmem_max). */
	int size = 8 << 20;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) < 0) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof size) < 0) setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
	if (bind(fd, (struct sockaddr *)&local, local_len) < 0) return perror("bind"), 1;

	/* No SA_RESTART: the signal interrupts recvmmsg with EINTR, and the loop ends. */
	struct sigaction sa = {0};
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	static uint8_t in[BATCH][BUF], out[BATCH][BUF];
	static struct sockaddr_storage from[BATCH], to[BATCH];
	static struct mmsghdr rx[BATCH], tx[BATCH];
	static struct iovec rxv[BATCH], txv[BATCH];
	for (int i = 0; i < BATCH; i++) {
		rxv[i] = (struct iovec){in[i], BUF};
		rx[i].msg_hdr = (struct msghdr){.msg_name = &from[i], .msg_iov = &rxv[i], .msg_iovlen = 1};
		tx[i].msg_hdr = (struct msghdr){.msg_name = &to[i], .msg_iov = &txv[i], .msg_iovlen = 1};
	}
	fprintf(stderr, "responder: DHCPv%d on %s port %d\n", v6 ? 6 : 4, argv[1], port);

	while (!stop) {
		for (int i = 0; i < BATCH; i++) rx[i].msg_hdr.msg_namelen = sizeof from[i];
		/* Blocks for the first datagram, then takes whatever else is queued (MSG_WAITFORONE). */
		int got = recvmmsg(fd, rx, BATCH, MSG_WAITFORONE, NULL);
		if (got < 0) {
			if (errno == EINTR) continue;
			perror("recvmmsg");
			break;
		}
		count.batches++;
		count.received += (unsigned)got;
		unsigned k = 0;
		for (int i = 0; i < got; i++) {
			size_t len;
			if (v6) {
				len = answer6(in[i], rx[i].msg_len, out[k]);
				/* RFC 8415 §19.3: back to the relay agent the RELAY-FORW came from. */
				memcpy(&to[k], &from[i], sizeof(struct sockaddr_in6));
				tx[k].msg_hdr.msg_namelen = sizeof(struct sockaddr_in6);
			} else {
				len = answer4(in[i], rx[i].msg_len, out[k], (struct sockaddr_in *)&to[k]);
				tx[k].msg_hdr.msg_namelen = sizeof(struct sockaddr_in);
			}
			if (len == 0) {
				count.ignored++;
				continue;
			}
			txv[k] = (struct iovec){out[k], len};
			k++;
		}
		for (unsigned sent = 0; sent < k;) {
			int s = sendmmsg(fd, tx + sent, k - sent, 0);
			if (s <= 0) {
				if (s < 0 && errno == EINTR) continue;
				count.send_errors += k - sent; /* a full send buffer or an unreachable relay: counted, not retried */
				break;
			}
			sent += (unsigned)s;
			count.answered += (unsigned)s;
		}
	}
	fprintf(stderr, "responder: received %llu answered %llu ignored %llu send_errors %llu batches %llu (%.1f a batch); by type",
	        count.received, count.answered, count.ignored, count.send_errors, count.batches,
	        count.batches ? (double)count.received / (double)count.batches : 0.0);
	for (int t = 0; t < 16; t++)
		if (count.by_type[t]) fprintf(stderr, " %d:%llu", t, count.by_type[t]);
	fprintf(stderr, "\n");
	return 0;
}
