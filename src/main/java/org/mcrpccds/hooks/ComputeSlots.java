package org.mcrpccds.hooks;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.mcrpccds.web.HttpLimitsProperties;
import org.springframework.stereotype.Component;

/**
 * How many hook calls compute at once: by default one per processor, the others waiting their turn
 * in arrival order. A hook call is pure computation once its body is read (parsing, CQL, cards), so
 * more of them at once than there are processors only makes them take turns on the CPU, each turn
 * on a cache the others have emptied: under a burst every call finished late instead of most
 * finishing early (bench/README.md measured p99 and throughput both ways). Waiting on the network
 * is not computing: {@link #outside} gives the slot up while a call fetches from {@code fhirServer}.
 */
@Component
public class ComputeSlots {
  private final Semaphore slots;
  /** Whether this thread holds a slot: a call that is already inside does not queue again. */
  private final ThreadLocal<Boolean> holding = ThreadLocal.withInitial(() -> false);

  public ComputeSlots(HttpLimitsProperties limits) {
    int configured = limits.computeSlots();
    this.slots = new Semaphore(configured > 0 ? configured : Runtime.getRuntime().availableProcessors(), true);
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
