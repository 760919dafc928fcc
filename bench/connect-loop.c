/*
 * Reference for the probe agent's accuracy: TCP connect latency measured as close to the kernel as a user
 * process gets. A blocking connect() to an IPv4 address, timed with CLOCK_MONOTONIC immediately around the
 * call; the socket is then closed with a reset (SO_LINGER 0), as the agent does (resetAndDestroy), so no
 * TIME_WAIT piles up. Same pacing as the agent's job: `interval_ms` idle gap after every probe but the last.
 *
 *   connect-loop <ipv4> <port> <count> <warmup> <interval_ms>
 *
 * Prints one line per measured (non-warmup) probe: the connect time in microseconds, or "fail <errno>".
 * Compiled by bench/probe.ts with the machine's cc into a temporary directory.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: %s <ipv4> <port> <count> <warmup> <interval_ms>\n", argv[0]);
    return 2;
  }
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons((unsigned short)atoi(argv[2]));
  if (inet_pton(AF_INET, argv[1], &addr.sin_addr) != 1) {
    fprintf(stderr, "not an IPv4 address: %s\n", argv[1]);
    return 2;
  }
  /* Loopback only: this benchmark never probes anything else. */
  if ((ntohl(addr.sin_addr.s_addr) >> 24) != 127) {
    fprintf(stderr, "loopback addresses only\n");
    return 2;
  }
  int count = atoi(argv[3]), warmup = atoi(argv[4]), interval_ms = atoi(argv[5]);
  struct linger lg = {1, 0};
  struct timespec gap = {interval_ms / 1000, (long)(interval_ms % 1000) * 1000000L};
  for (int i = 0; i < warmup + count; i++) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
      perror("socket");
      return 1;
    }
    double t0 = now_us();
    int rc = connect(fd, (struct sockaddr *)&addr, sizeof addr);
    double t1 = now_us();
    int err = errno;
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    close(fd);
    if (i >= warmup) {
      if (rc == 0) printf("%.3f\n", t1 - t0);
      else printf("fail %d\n", err);
    }
    if (interval_ms > 0 && i < warmup + count - 1) nanosleep(&gap, NULL);
  }
  return 0;
}
