/*
 * What the kernel charges a sender per UDP datagram on this machine, with one sendto a datagram
 * and with sendmmsg batches (benchmarks/perf/capacity.ts builds it with `cc -O2` and runs it in a
 * lab's client namespace, pinned to the tools' core).
 *
 *   sendcost FROM TO COUNT BATCH     FROM/TO IPv4 addresses; BATCH 1: sendto, else sendmmsg
 *
 * It sends COUNT 300-byte datagrams from FROM:67 to TO:67 (the responder, which ignores them:
 * their giaddr is 0), pausing 0.2 ms every 1,024 so the responder's queue never overflows, and
 * prints the process's CPU per datagram (user + system, getrusage). A veth pair hands each
 * datagram to the receiving namespace's socket within the sender's system call, so this is the
 * floor under any generator's cost per request, whatever its language: issue #21 asks whether
 * batching sends (sendmmsg) lowers it.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#define MAX_BATCH 64
#define SIZE 300

int main(int argc, char **argv) {
	if (argc != 5) {
		fprintf(stderr, "usage: sendcost FROM TO COUNT BATCH\n");
		return 2;
	}
	int count = atoi(argv[3]), batch = atoi(argv[4]);
	if (batch < 1 || batch > MAX_BATCH || count < 1) return 2;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in from = {.sin_family = AF_INET, .sin_port = htons(67)}, to = {.sin_family = AF_INET, .sin_port = htons(67)};
	if (inet_pton(AF_INET, argv[1], &from.sin_addr) != 1 || inet_pton(AF_INET, argv[2], &to.sin_addr) != 1) return 2;
	if (bind(fd, (struct sockaddr *)&from, sizeof from) < 0) {
		perror("bind");
		return 1;
	}
	static char payload[SIZE];
	payload[0] = 1; /* BOOTREQUEST, giaddr 0: the responder drops it unanswered */
	struct mmsghdr msgs[MAX_BATCH];
	struct iovec iov[MAX_BATCH];
	memset(msgs, 0, sizeof msgs);
	for (int i = 0; i < MAX_BATCH; i++) {
		iov[i] = (struct iovec){payload, SIZE};
		msgs[i].msg_hdr = (struct msghdr){.msg_name = &to, .msg_namelen = sizeof to, .msg_iov = &iov[i], .msg_iovlen = 1};
	}
	int sent = 0, since_pause = 0;
	while (sent < count) {
		int n = batch == 1 ? (sendto(fd, payload, SIZE, 0, (struct sockaddr *)&to, sizeof to) == SIZE) : sendmmsg(fd, msgs, (unsigned)batch, 0);
		if (n > 0) sent += n, since_pause += n;
		if (since_pause >= 1024) {
			since_pause = 0;
			nanosleep(&(struct timespec){0, 200000}, NULL);
		}
	}
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
	printf("%d %.4f\n", sent, cpu * 1e6 / sent);
	return 0;
}
