package org.mcrpccds.feedback;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.mcrpccds.hooks.HookCall;
import org.mcrpccds.hooks.HookCallListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Audits every hook call without making the EHR wait for the database: the request thread only
 * hashes the patient id and puts the entry on a bounded queue; one background thread wakes every
 * {@value #BATCH_INTERVAL_MILLIS} ms and writes what has queued up, in batches. It is not woken per
 * entry: under load that was a futex call and a context switch per hook call, and transactions of
 * one or two rows. When the queue is full the entry is dropped and counted ({@code mcrpc.audit.dropped}),
 * never blocking a hook. A clean stop writes everything still queued: the writer stops after the
 * web server (lower lifecycle phase) and before the data source closes (beans are destroyed after
 * all lifecycles stop).
 */
@Component
public class AuditWriter implements HookCallListener, SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);
  private static final int BATCH_SIZE = 500;
  static final long BATCH_INTERVAL_MILLIS = 50;

  private final AuditRepository repository;
  private final PatientIdHasher hasher;
  private final Duration shutdownTimeout;
  private final BlockingQueue<AuditEntry> queue;
  /** Cards queued but not yet committed, so feedback arriving right after a hook finds its rule. */
  private final Map<String, IssuedCard> unwrittenCards = new ConcurrentHashMap<>();
  private final Counter dropped;
  private final Counter failed;
  private final AtomicLong accepted = new AtomicLong();
  private final Object progress = new Object();
  private long finished;
  private volatile boolean running;
  private volatile boolean stopped;
  private Thread thread;

  private record IssuedCard(String serviceId, String rule) {}

  public AuditWriter(AuditRepository repository, PatientIdHasher hasher, AuditProperties properties, MeterRegistry meters) {
    this.repository = repository;
    this.hasher = hasher;
    this.shutdownTimeout = properties.shutdownTimeout();
    this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
    Gauge.builder("mcrpc.audit.queue.depth", queue, BlockingQueue::size)
        .description("Hook calls waiting to be written to the audit").register(meters);
    this.dropped = Counter.builder("mcrpc.audit.dropped")
        .description("Hook calls not audited because the audit queue was full").register(meters);
    this.failed = Counter.builder("mcrpc.audit.write.failures")
        .description("Hook calls not audited because of an error (database refused them, stop timed out)").register(meters);
  }

  @Override
  public void onHookCall(HookCall call) {
    AuditEntry entry;
    try {
      entry = AuditEntry.of(call, hasher);
    } catch (RuntimeException e) {
      // the clinician's cards matter more than their audit: never fail the hook call
      failed.increment();
      log.warn("hook call not audited: {}", e.getClass().getName());
      return;
    }
    entry.cards().forEach(card -> unwrittenCards.put(card.uuid(), new IssuedCard(entry.serviceId(), card.rule())));
    if (!stopped && queue.offer(entry)) {
      accepted.incrementAndGet();
      return;
    }
    entry.cards().forEach(card -> unwrittenCards.remove(card.uuid()));
    dropped.increment();
    long drops = (long) dropped.count();
    if (drops == 1 || drops % 1000 == 0) {
      log.warn("audit queue full or stopped: {} hook calls not audited so far", drops);
    }
  }

  /** The rule of a card that is queued for the audit but not written yet. */
  Optional<String> unwrittenRule(String serviceId, String cardUuid) {
    IssuedCard card = unwrittenCards.get(cardUuid);
    return card != null && card.serviceId().equals(serviceId) ? Optional.of(card.rule()) : Optional.empty();
  }

  /**
   * Waits until every call queued before this method was called has been written (or has failed).
   * For callers that must read their own writes, such as tests; returns false on timeout.
   */
  public boolean flush(Duration timeout) throws InterruptedException {
    long target = accepted.get();
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      while (finished < target) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(progress, left);
      }
    }
    return true;
  }

  private void drain() {
    List<AuditEntry> batch = new ArrayList<>(BATCH_SIZE);
    while (true) {
      if (queue.isEmpty()) {
        if (!running) {
          return;
        }
        try {
          Thread.sleep(BATCH_INTERVAL_MILLIS);
        } catch (InterruptedException e) {
          // only stop() interrupts, after a timeout; what is still queued is lost and counted
          failed.increment(queue.size());
          Thread.currentThread().interrupt();
          return;
        }
        continue;
      }
      queue.drainTo(batch, BATCH_SIZE);
      write(batch);
      batch.clear();
    }
  }

  private void write(List<AuditEntry> batch) {
    try {
      repository.insert(batch);
    } catch (DataAccessException batchFailed) {
      // one bad entry must not cost the others: write them one by one
      batch.forEach(this::writeAlone);
    } finally {
      batch.forEach(entry -> entry.cards().forEach(card -> unwrittenCards.remove(card.uuid())));
      synchronized (progress) {
        finished += batch.size();
        progress.notifyAll();
      }
    }
  }

  private void writeAlone(AuditEntry entry) {
    try {
      repository.insert(List.of(entry));
    } catch (DataAccessException e) {
      failed.increment();
      // the message can quote values; the class and SQL state say enough
      log.warn("audit entry not written: {} (SQL state {})", e.getClass().getSimpleName(), sqlState(e));
    }
  }

  private static String sqlState(DataAccessException e) {
    return e.getMostSpecificCause() instanceof java.sql.SQLException sql ? sql.getSQLState() : "n/a";
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    stopped = false;
    thread = new Thread(this::drain, "audit-writer");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public synchronized void stop() {
    if (!running) {
      return;
    }
    stopped = true;
    running = false;
    try {
      thread.join(shutdownTimeout.toMillis());
      if (thread.isAlive()) {
        log.warn("audit writer did not finish within {}; {} hook calls not audited", shutdownTimeout, queue.size());
        thread.interrupt();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Started before and stopped after the web server, so calls still in flight at shutdown are written. */
  @Override
  public int getPhase() {
    return 0;
  }
}
