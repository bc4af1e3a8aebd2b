package org.mcrpccds.hooks;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.mcrpccds.web.HttpLimitsProperties;
import org.springframework.stereotype.Component;

/**
 * How many hook calls compute at once: by default three per processor, the others waiting their
 * turn in arrival order. A hook call is mostly computation once its body is read (parsing, CQL,
 * cards), so a burst of calls all computing at once only makes them take turns on the CPU, each
 * turn on a cache the others have emptied, and the scheduler favours the newest: the slowest calls
 * of a burst finished very late (p99 at 16 connections on two cores: 20 ms without slots, 10 ms
 * with six). One slot per processor is no better: a call also waits on the scheduler, locks and
 * sockets, and every hand-over from a finished call to a waiting one is a thread wake-up, costly
 * on virtual machines (throughput fell by a third). bench/README.md has the measurements. Waiting
 * on the network is not computing: {@link #outside} gives the slot up while a call fetches from
 * {@code fhirServer}.
 */
@Component
public class ComputeSlots {
  static final int PER_PROCESSOR = 3;

  private final Semaphore slots;
  /** Whether this thread holds a slot: a call that is already inside does not queue again. */
  private final ThreadLocal<Boolean> holding = ThreadLocal.withInitial(() -> false);

  public ComputeSlots(HttpLimitsProperties limits) {
    int configured = limits.computeSlots();
    this.slots = new Semaphore(configured > 0 ? configured : PER_PROCESSOR * Runtime.getRuntime().availableProcessors(), true);
  }

  /** Runs {@code work} in a slot, waiting for one in arrival order. */
  public <T> T run(Supplier<T> work) {
    if (holding.get()) {
      return work.get();
    }
    slots.acquireUninterruptibly();
    holding.set(true);
    try {
      return work.get();
    } finally {
      holding.set(false);
      slots.release();
    }
  }

  /** Runs blocking I/O without a slot: the one this thread holds is given back meanwhile, then taken again. */
  public <T> T outside(Supplier<T> io) {
    if (!holding.get()) {
      return io.get();
    }
    holding.set(false);
    slots.release();
    try {
      return io.get();
    } finally {
      slots.acquireUninterruptibly();
      holding.set(true);
    }
  }
}
