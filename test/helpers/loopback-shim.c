/*
 * LD_PRELOAD shim for the Janus child in tests: Janus skips interfaces flagged IFF_LOOPBACK
 * when it gathers ICE candidates, so on a machine where every test stays on 127.0.0.1 it
 * would offer none. This wrapper calls the real getifaddrs() and clears IFF_LOOPBACK on "lo".
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <string.h>

int getifaddrs(struct ifaddrs **ifap) {
  static int (*real_getifaddrs)(struct ifaddrs **);
  if (!real_getifaddrs) real_getifaddrs = (int (*)(struct ifaddrs **))dlsym(RTLD_NEXT, "getifaddrs");
  if (!real_getifaddrs) return -1;
  int rc = real_getifaddrs(ifap);
  if (rc != 0) return rc;
  for (struct ifaddrs *ifa = *ifap; ifa; ifa = ifa->ifa_next)
    if (ifa->ifa_name && strcmp(ifa->ifa_name, "lo") == 0) ifa->ifa_flags &= ~(unsigned int)IFF_LOOPBACK;
  return 0;
}
