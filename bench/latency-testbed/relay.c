/*
 * tun-delay-relay: joins two TUN devices that live in two network namespaces and forwards every IP packet
 * from one to the other after a fixed delay (per direction). The test bed's replacement for
 * `tc qdisc ... netem delay`, which this kernel does not have.
 *
 *   relay <netns-path-1> <tun-1> <netns-path-2> <tun-2> <delay-us>
 *   e.g. relay /run/netns/ltc1 tb0 /run/netns/lts1 tb1 500
 *   relay --jitter <ms>     spins for <ms> at normal priority and reports scheduling gaps (how noisy the
 *                           machine is right now: other load shows up as gaps of a millisecond or more)
 *
 * The TUN devices must exist (ip netns exec NS ip tuntap add dev NAME mode tun); the relay enters each
 * namespace with setns() to attach to its device, so addresses and routes configured on the devices survive
 * a relay restart (a new delay). A packet read at time t is written to the other device at t + delay: queues
 * are FIFO (a constant delay keeps the order). Timing: ppoll() with nanosecond timeouts, timer slack 1 ns,
 * and a short busy wait for the last SPIN_NS so the wake-up latency of the scheduler does not add to the
 * delay. Delay 0 writes at once. Exits on SIGTERM/SIGINT; prints a packet count to stderr.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#define QCAP 8192
#define PKT 2048
#define SPIN_NS 60000LL

struct slot {
  int64_t due;
  uint16_t len;
  unsigned char data[PKT];
};

struct queue {
  struct slot *s;
  unsigned head, tail; /* head: next to send; tail: next free */
  unsigned long forwarded, dropped;
  /* Lateness of delayed packets (write time - due time): count over 20 µs / 100 µs / 1 ms, and the worst. */
  unsigned long late20, late100, late1000;
  int64_t worst, late_sum;
};

static volatile sig_atomic_t stop;
static void on_signal(int sig) { (void)sig; stop = 1; }

static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int open_tun_in(const char *nspath, const char *name) {
  int nsfd = open(nspath, O_RDONLY | O_CLOEXEC);
  if (nsfd < 0) { fprintf(stderr, "relay: open %s: %s\n", nspath, strerror(errno)); exit(1); }
  if (setns(nsfd, CLONE_NEWNET) < 0) { fprintf(stderr, "relay: setns %s: %s\n", nspath, strerror(errno)); exit(1); }
  close(nsfd);
  int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) { fprintf(stderr, "relay: open /dev/net/tun: %s\n", strerror(errno)); exit(1); }
  struct ifreq ifr;
  memset(&ifr, 0, sizeof ifr);
  ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
  strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
  if (ioctl(fd, TUNSETIFF, &ifr) < 0) { fprintf(stderr, "relay: TUNSETIFF %s: %s\n", name, strerror(errno)); exit(1); }
  return fd;
}

static int qlen(const struct queue *q) { return (int)(q->tail - q->head); }

/* Reads every waiting packet from fd into q (or writes it straight to out when there is no delay). */
static void drain(int fd, struct queue *q, int out, int64_t delay) {
  for (;;) {
    if (qlen(q) >= QCAP) {
      unsigned char junk[PKT];
      if (read(fd, junk, sizeof junk) < 0) return;
      q->dropped++;
      continue;
    }
    struct slot *s = &q->s[q->tail % QCAP];
    ssize_t n = read(fd, s->data, PKT);
    if (n <= 0) return;
    if (delay == 0) {
      if (write(out, s->data, (size_t)n) >= 0) q->forwarded++;
      continue;
    }
    s->due = now_ns() + delay;
    s->len = (uint16_t)n;
    q->tail++;
  }
}

static void deliver(struct queue *q, int out, int64_t t) {
  while (qlen(q) > 0 && q->s[q->head % QCAP].due <= t) {
    struct slot *s = &q->s[q->head % QCAP];
    int64_t late = now_ns() - s->due;
    if (write(out, s->data, s->len) >= 0) q->forwarded++;
    if (late > 20000) q->late20++;
    if (late > 100000) q->late100++;
    if (late > 1000000) q->late1000++;
    if (late > q->worst) q->worst = late;
    q->late_sum += late;
    q->head++;
  }
}

static int jitter(double ms) {
  int64_t end = now_ns() + (int64_t)(ms * 1e6), prev = now_ns(), worst = 0;
  unsigned long g20 = 0, g100 = 0, g1000 = 0;
  while (prev < end) {
    int64_t t = now_ns(), g = t - prev;
    if (g > 20000) g20++;
    if (g > 100000) g100++;
    if (g > 1000000) g1000++;
    if (g > worst) worst = g;
    prev = t;
  }
  printf("scheduling gaps in %.0f ms of spinning: > 20 us %lu, > 100 us %lu, > 1 ms %lu, worst %.3f ms\n", ms, g20, g100, g1000, worst / 1e6);
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "--jitter") == 0) return jitter(atof(argv[2]));
  if (argc != 6) {
    fprintf(stderr, "usage: relay <netns-path-1> <tun-1> <netns-path-2> <tun-2> <delay-us>\n");
    return 2;
  }
  int64_t delay = (int64_t)(atof(argv[5]) * 1000.0);
  if (delay < 0) { fprintf(stderr, "relay: negative delay\n"); return 2; }
  int a = open_tun_in(argv[1], argv[2]);
  int b = open_tun_in(argv[3], argv[4]);
  prctl(PR_SET_TIMERSLACK, 1UL);
  /* Real-time priority: ordinary load on the machine (test runs, builds) must not delay the relay; without it
   * a busy 2-vCPU machine adds multi-millisecond stalls to a few packets. Best effort. */
  struct sched_param sp = {.sched_priority = 50};
  if (sched_setscheduler(0, SCHED_FIFO, &sp) < 0) fprintf(stderr, "relay: SCHED_FIFO not available (%s); timing may suffer\n", strerror(errno));
  mlockall(MCL_CURRENT | MCL_FUTURE);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);

  struct queue ab = {0}, ba = {0};
  ab.s = calloc(QCAP, sizeof(struct slot));
  ba.s = calloc(QCAP, sizeof(struct slot));
  if (!ab.s || !ba.s) { fprintf(stderr, "relay: out of memory\n"); return 1; }
  fprintf(stderr, "relay: %s <-> %s, delay %.3f ms per direction\n", argv[2], argv[4], delay / 1e6);

  struct pollfd pfd[2] = {{.fd = a, .events = POLLIN}, {.fd = b, .events = POLLIN}};
  while (!stop) {
    int64_t t = now_ns();
    deliver(&ab, b, t);
    deliver(&ba, a, t);
    int64_t next = INT64_MAX;
    if (qlen(&ab) > 0) next = ab.s[ab.head % QCAP].due;
    if (qlen(&ba) > 0 && ba.s[ba.head % QCAP].due < next) next = ba.s[ba.head % QCAP].due;
    struct timespec timeout, *tp = NULL;
    if (next != INT64_MAX) {
      int64_t wait = next - t - SPIN_NS;
      if (wait < 0) wait = 0;
      timeout.tv_sec = wait / 1000000000LL;
      timeout.tv_nsec = wait % 1000000000LL;
      tp = &timeout;
    }
    int r = ppoll(pfd, 2, tp, NULL);
    if (r < 0 && errno != EINTR) { perror("relay: ppoll"); break; }
    if (r > 0) {
      if (pfd[0].revents & POLLIN) drain(a, &ab, b, delay);
      if (pfd[1].revents & POLLIN) drain(b, &ba, a, delay);
      continue;
    }
    /* Timed out just before a packet is due: spin for the last stretch, still serving arrivals. */
    if (next != INT64_MAX) {
      while (!stop && now_ns() < next) {
        struct timespec zero = {0, 0};
        if (ppoll(pfd, 2, &zero, NULL) > 0) {
          if (pfd[0].revents & POLLIN) drain(a, &ab, b, delay);
          if (pfd[1].revents & POLLIN) drain(b, &ba, a, delay);
        }
      }
    }
  }
  for (int i = 0; i < 2; i++) {
    struct queue *q = i == 0 ? &ab : &ba;
    fprintf(stderr, "relay: %s -> %s %lu packets (%lu dropped)", argv[i == 0 ? 2 : 4], argv[i == 0 ? 4 : 2], q->forwarded, q->dropped);
    if (delay > 0)
      fprintf(stderr, ", late > 20 us: %lu, > 100 us: %lu, > 1 ms: %lu, worst %.3f ms, mean %.1f us", q->late20, q->late100, q->late1000,
              q->worst / 1e6, q->forwarded ? q->late_sum / 1e3 / (double)q->forwarded : 0.0);
    fputc('\n', stderr);
  }
  return 0;
}
