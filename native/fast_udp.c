/*
 * The load generator's fast path for UDP, on a socket node:dgram opened and bound (its fd).
 *
 * Why it exists: at thousands of exchanges a second the generator shares a small machine with
 * the server it measures, so every microsecond it spends per datagram is taken from the server.
 * Through node:dgram a received datagram costs a libuv callback into JavaScript with a new
 * address object (rinfo), and a send costs a request object and a completion callback on
 * process.nextTick. Here the sending loop sleeps between its turns, reads every datagram queued
 * with one recvmmsg, and sends with one sendto whose error comes back at once.
 *
 * The socket stays node:dgram's: its libuv watcher still reads whatever this module has not
 * (a socket read dry here just reads nothing there), so the transport can use both paths.
 * Linux only (recvmmsg); the transport falls back to node:dgram when this is not built.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <net/if.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <node_api.h>

#define MAX_BATCH 64
/* Per received datagram in the address array: 16 address bytes, 2 port bytes, 2 pad, 4 IPv6 scope id (all in network order). */
#define ADDR_STRIDE 24

static int32_t queued_us(struct msghdr *m, const struct timespec *now);

static napi_value make_int(napi_env env, int32_t v) {
	napi_value out;
	napi_create_int32(env, v, &out);
	return out;
}

/* The data and length of `v` when it is a typed array of `want`; −1 otherwise. */
static int typed(napi_env env, napi_value v, napi_typedarray_type want, void **data, size_t *len) {
	napi_typedarray_type type;
	napi_value ab;
	size_t offset;
	if (napi_get_typedarray_info(env, v, &type, len, data, &ab, &offset) != napi_ok || type != want) return -1;
	return 0;
}

static napi_value type_error(napi_env env, const char *what) {
	napi_throw_type_error(env, NULL, what);
	return NULL;
}

/*
 * sleep(us): sleeps about `us` µs (the kernel adds its timer slack, ~50 µs). A sleep, not a wait
 * on the socket: a thread waiting on it must be woken by whoever queues a datagram, and that is
 * the server, which then pays a wake-up (a cross-CPU interrupt, on a VM an exit) per answer
 * (measured in the lab at 4,500 DORA/s: waiting on the socket dropped 4–24 % of the exchanges,
 * sleeping 0–9 %). perfdhcp sleeps the same way, usleep(1) between turns.
 */
static napi_value Sleep(napi_env env, napi_callback_info info) {
	size_t argc = 1;
	napi_value argv[1];
	double us;
	napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
	if (argc < 1 || napi_get_value_double(env, argv[0], &us) != napi_ok) return type_error(env, "sleep(us)");
	if (us > 0) {
		struct timespec ts;
		ts.tv_sec = (time_t)(us / 1e6);
		ts.tv_nsec = (long)((us - (double)ts.tv_sec * 1e6) * 1000.0);
		// A signal ends the sleep early: the loop turns and Node handles it.
		nanosleep(&ts, NULL);
	}
	return NULL;
}

/*
 * recv(fd, slab, lengths, addrs[, waits]) → datagrams read (0 when none is queued), or −errno.
 * Reads up to lengths.length datagrams (at most 64) without blocking; datagram i lands in slab at i × slot,
 * slot = slab.length / lengths.length, its length in lengths[i] (−1 when it did not fit, so no
 * caller ever sees a cut datagram as whole), its source in addrs at i × 24. With `waits` (an
 * Int32Array) and timestamps() on the socket, waits[i] is how long datagram i lay in the
 * socket's receive queue, µs: this read's CLOCK_REALTIME less the kernel's arrival stamp
 * (SO_TIMESTAMPNS, socket(7)); −1 when the datagram carried no stamp.
 */
static napi_value Recv(napi_env env, napi_callback_info info) {
	size_t argc = 5;
	napi_value argv[5];
	int32_t fd;
	uint8_t *slab, *addrs;
	int32_t *lengths, *waits = NULL;
	size_t slab_len, n_len, addrs_len, waits_len = 0;
	napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
	if (argc < 4 || napi_get_value_int32(env, argv[0], &fd) != napi_ok || typed(env, argv[1], napi_uint8_array, (void **)&slab, &slab_len) ||
	    typed(env, argv[2], napi_int32_array, (void **)&lengths, &n_len) || typed(env, argv[3], napi_uint8_array, (void **)&addrs, &addrs_len) ||
	    (argc >= 5 && typed(env, argv[4], napi_int32_array, (void **)&waits, &waits_len)))
		return type_error(env, "recv(fd, slab: Uint8Array, lengths: Int32Array, addrs: Uint8Array[, waits: Int32Array])");
	size_t vlen = n_len < MAX_BATCH ? n_len : MAX_BATCH;
	if (vlen == 0 || addrs_len < vlen * ADDR_STRIDE || (waits && waits_len < vlen)) return type_error(env, "recv: lengths empty, or addrs or waits too short");
	size_t slot = slab_len / n_len;
	struct mmsghdr msgs[MAX_BATCH];
	struct iovec iov[MAX_BATCH];
	struct sockaddr_storage from[MAX_BATCH];
	/* Room for one SCM_TIMESTAMPNS per datagram. */
	union {
		char buf[CMSG_SPACE(sizeof(struct timespec))];
		struct cmsghdr align;
	} control[MAX_BATCH];
	memset(msgs, 0, sizeof(struct mmsghdr) * vlen);
	for (size_t i = 0; i < vlen; i++) {
		iov[i].iov_base = slab + i * slot;
		iov[i].iov_len = slot;
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
		msgs[i].msg_hdr.msg_name = &from[i];
		msgs[i].msg_hdr.msg_namelen = sizeof(from[i]);
		if (waits) {
			msgs[i].msg_hdr.msg_control = control[i].buf;
			msgs[i].msg_hdr.msg_controllen = sizeof(control[i].buf);
		}
	}
	int r = recvmmsg(fd, msgs, (unsigned)vlen, MSG_DONTWAIT, NULL);
	if (r < 0) return make_int(env, errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -errno);
	struct timespec now;
	if (waits) clock_gettime(CLOCK_REALTIME, &now);
	for (int i = 0; i < r; i++) {
		uint8_t *a = addrs + (size_t)i * ADDR_STRIDE;
		memset(a, 0, ADDR_STRIDE);
		lengths[i] = (msgs[i].msg_hdr.msg_flags & MSG_TRUNC) ? -1 : (int32_t)msgs[i].msg_len;
		if (from[i].ss_family == AF_INET) {
			struct sockaddr_in *s = (struct sockaddr_in *)&from[i];
			memcpy(a, &s->sin_addr, 4);
			memcpy(a + 16, &s->sin_port, 2);
		} else if (from[i].ss_family == AF_INET6) {
			struct sockaddr_in6 *s = (struct sockaddr_in6 *)&from[i];
			memcpy(a, &s->sin6_addr, 16);
			memcpy(a + 16, &s->sin6_port, 2);
			uint32_t scope = htonl(s->sin6_scope_id);
			memcpy(a + 20, &scope, 4);
		}
		if (waits) waits[i] = queued_us(&msgs[i].msg_hdr, &now);
	}
	return make_int(env, r);
}

/* µs between the kernel's arrival stamp on `m` and `now`, 0 if the clock stepped back, −1 without a stamp. */
static int32_t queued_us(struct msghdr *m, const struct timespec *now) {
	for (struct cmsghdr *c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_TIMESTAMPNS) continue;
		struct timespec ts;
		memcpy(&ts, CMSG_DATA(c), sizeof(ts));
		double us = (double)(now->tv_sec - ts.tv_sec) * 1e6 + (double)(now->tv_nsec - ts.tv_nsec) / 1e3;
		return us < 0 ? 0 : us > 2e9 ? 2000000000 : (int32_t)us;
	}
	return -1;
}

/*
 * timestamps(fd) → 0, or −errno: SO_TIMESTAMPNS (socket(7)), so recv() can say how long each
 * datagram waited in the receive queue. A generator that reads late must neither count its own
 * lateness as the server's latency nor miss that it fell behind.
 */
static napi_value Timestamps(napi_env env, napi_callback_info info) {
	size_t argc = 1;
	napi_value argv[1];
	int32_t fd;
	napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
	if (argc < 1 || napi_get_value_int32(env, argv[0], &fd) != napi_ok) return type_error(env, "timestamps(fd)");
	int on = 1;
	return make_int(env, setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof(on)) < 0 ? -errno : 0);
}

/*
 * receiveBuffer(fd, bytes) → 0, or −errno: SO_RCVBUFFORCE (socket(7)), a receive buffer above
 * net.core.rmem_max, which needs CAP_NET_ADMIN (the caller keeps SO_RCVBUF's capped size on
 * EPERM). A load generator whose process was not scheduled for 140-160 ms (a shared 2-vCPU
 * machine) found its answers dropped at rmem_max's default 4 MiB: 2,800-17,900 in a 3 s run asked
 * 200,000 DORA/s, each counted as a timeout.
 */
static napi_value ReceiveBuffer(napi_env env, napi_callback_info info) {
	size_t argc = 2;
	napi_value argv[2];
	int32_t fd, bytes;
	napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
	if (argc < 2 || napi_get_value_int32(env, argv[0], &fd) != napi_ok || napi_get_value_int32(env, argv[1], &bytes) != napi_ok) return type_error(env, "receiveBuffer(fd, bytes)");
	return make_int(env, setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof(bytes)) < 0 ? -errno : 0);
}

/*
 * target(family, address, port) → the destination as a socket address for send(), or null when
 * `address` is not an IP literal of that family (a name: the caller sends through node:dgram).
 * An IPv6 literal may carry a zone (`fe80::1%eth0`, `ff02::1:2%eth0`).
 */
static napi_value Target(napi_env env, napi_callback_info info) {
	size_t argc = 3;
	napi_value argv[3], out;
	int32_t family, port;
	char address[INET6_ADDRSTRLEN + IF_NAMESIZE + 2];
	size_t len;
	napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
	if (argc < 3 || napi_get_value_int32(env, argv[0], &family) != napi_ok || napi_get_value_int32(env, argv[2], &port) != napi_ok ||
	    napi_get_value_string_utf8(env, argv[1], address, sizeof(address), &len) != napi_ok)
		return type_error(env, "target(family, address, port)");
	napi_get_null(env, &out);
	if (len >= sizeof(address) - 1 || port < 0 || port > 65535) return out;
	void *data;
	if (family == 4) {
		struct sockaddr_in s;
		memset(&s, 0, sizeof(s));
		s.sin_family = AF_INET;
		s.sin_port = htons((uint16_t)port);
		if (inet_pton(AF_INET, address, &s.sin_addr) != 1) return out;
		napi_create_buffer_copy(env, sizeof(s), &s, &data, &out);
		return out;
	}
	struct sockaddr_in6 s;
	memset(&s, 0, sizeof(s));
	s.sin6_family = AF_INET6;
	s.sin6_port = htons((uint16_t)port);
	char *zone = strchr(address, '%');
	if (zone) {
		*zone++ = 0;
		unsigned idx = if_nametoindex(zone);
		if (idx == 0) {
			char *end;
			unsigned long n = strtoul(zone, &end, 10);
			if (*zone == 0 || *end != 0 || n == 0) return out;
			idx = (unsigned)n;
		}
		s.sin6_scope_id = idx;
	}
	if (inet_pton(AF_INET6, address, &s.sin6_addr) != 1) return out;
	napi_create_buffer_copy(env, sizeof(s), &s, &data, &out);
	return out;
}

/* send(fd, payload, target) → 0 when the kernel took the datagram, else −errno. */
static napi_value Send(napi_env env, napi_callback_info info) {
	size_t argc = 3;
	napi_value argv[3];
	int32_t fd;
	uint8_t *payload, *to;
	size_t payload_len, to_len;
	napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
	if (argc < 3 || napi_get_value_int32(env, argv[0], &fd) != napi_ok || typed(env, argv[1], napi_uint8_array, (void **)&payload, &payload_len) ||
	    typed(env, argv[2], napi_uint8_array, (void **)&to, &to_len))
		return type_error(env, "send(fd, payload: Uint8Array, target: Uint8Array)");
	ssize_t r;
	do r = sendto(fd, payload, payload_len, 0, (struct sockaddr *)to, (socklen_t)to_len);
	while (r < 0 && errno == EINTR);
	return make_int(env, r < 0 ? -errno : 0);
}

/*
 * bindToDevice(fd, name) → 0, or −errno: SO_BINDTODEVICE (socket(7)), so the socket sends only
 * through that interface and receives only what arrived on it. node:dgram has no such option,
 * and a probe told to use an interface must not leave through another (the default route).
 */
static napi_value BindToDevice(napi_env env, napi_callback_info info) {
	size_t argc = 2;
	napi_value argv[2];
	int32_t fd;
	char name[IF_NAMESIZE + 1];
	size_t len;
	napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
	if (argc < 2 || napi_get_value_int32(env, argv[0], &fd) != napi_ok || napi_get_value_string_utf8(env, argv[1], name, sizeof(name), &len) != napi_ok)
		return type_error(env, "bindToDevice(fd, name)");
	if (len >= IF_NAMESIZE) return make_int(env, -ENODEV);
	int r = setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, name, (socklen_t)(len + 1));
	return make_int(env, r < 0 ? -errno : 0);
}

NAPI_MODULE_INIT() {
	static const struct {
		const char *name;
		napi_callback fn;
	} fns[] = {{"sleep", Sleep}, {"recv", Recv}, {"target", Target}, {"send", Send}, {"bindToDevice", BindToDevice}, {"timestamps", Timestamps}, {"receiveBuffer", ReceiveBuffer}};
	for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
		napi_value f;
		napi_create_function(env, fns[i].name, NAPI_AUTO_LENGTH, fns[i].fn, NULL, &f);
		napi_set_named_property(env, exports, fns[i].name, f);
	}
	napi_set_named_property(env, exports, "addrStride", make_int(env, ADDR_STRIDE));
	return exports;
}
