package org.mcrpccds.feedback;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * UUIDs of version 7 (RFC 9562): the millisecond of creation first, then random bits. As primary
 * keys of the audit they arrive in index order, so every insert appends to the right edge of the
 * B-tree instead of splitting pages at random places (on H2 and PostgreSQL alike), and no call
 * waits on SecureRandom. They identify audit rows only; nothing relies on them being unguessable.
 */
final class TimeOrderedIds {
  private TimeOrderedIds() {}

  static UUID next(long epochMillis) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low);
  }
}
