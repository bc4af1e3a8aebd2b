package org.mcrpccds.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mcrpccds.web.HttpLimitsProperties;
import org.springframework.util.unit.DataSize;

class ComputeSlotsTest {
  private static ComputeSlots slots(int count) {
    return new ComputeSlots(new HttpLimitsProperties(DataSize.ofMegabytes(8), 5000, count));
  }

  @Test
  void aCallWaitsForAFreeSlotAndCallsGetThemInArrivalOrder() throws Exception {
    ComputeSlots slots = slots(1);
    CountDownLatch firstInside = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    List<String> order = new CopyOnWriteArrayList<>();
    Thread first = start(() -> slots.run(() -> {
      firstInside.countDown();
      await(releaseFirst);
      return order.add("first");
    }));
    assertThat(firstInside.await(5, TimeUnit.SECONDS)).isTrue();
    Thread second = start(() -> slots.run(() -> order.add("second")));
    waitUntilWaiting(second);
    Thread third = start(() -> slots.run(() -> order.add("third")));
    waitUntilWaiting(third);
    assertThat(order).as("nobody computes while the only slot is taken").isEmpty();

    releaseFirst.countDown();
    for (Thread thread : List.of(first, second, third)) {
      thread.join(5_000);
    }
    assertThat(order).containsExactly("first", "second", "third");
  }

  @Test
  void waitingOutsideGivesTheSlotToAnotherCall() throws Exception {
    ComputeSlots slots = slots(1);
    CountDownLatch fetching = new CountDownLatch(1);
    CountDownLatch otherDone = new CountDownLatch(1);
    List<String> order = new CopyOnWriteArrayList<>();
    Thread fetcher = start(() -> slots.run(() -> slots.outside(() -> {
      fetching.countDown();
      await(otherDone);
      return order.add("fetched");
    })));
    assertThat(fetching.await(5, TimeUnit.SECONDS)).isTrue();
    slots.run(() -> order.add("other call"));
    otherDone.countDown();
    fetcher.join(5_000);
    assertThat(order).containsExactly("other call", "fetched");
  }

  @Test
  void aCallInsideASlotDoesNotQueueAgain() {
    ComputeSlots slots = slots(1);
    assertThat(slots.run(() -> slots.run(() -> "nested"))).isEqualTo("nested");
    assertThat(slots.outside(() -> "no slot held")).isEqualTo("no slot held");
  }

  @Test
  void theDefaultIsThreeSlotsPerProcessor() throws Exception {
    int processors = ComputeSlots.PER_PROCESSOR * Runtime.getRuntime().availableProcessors();
    ComputeSlots slots = slots(0);
    CountDownLatch inside = new CountDownLatch(processors);
    CountDownLatch release = new CountDownLatch(1);
    List<Thread> threads = new CopyOnWriteArrayList<>();
    for (int i = 0; i < processors; i++) {
      threads.add(start(() -> slots.run(() -> {
        inside.countDown();
        await(release);
        return null;
      })));
    }
    assertThat(inside.await(5, TimeUnit.SECONDS)).as("three calls per processor compute at once").isTrue();
    Thread oneMore = start(() -> slots.run(() -> null));
    waitUntilWaiting(oneMore);
    release.countDown();
    oneMore.join(5_000);
    for (Thread thread : threads) {
      thread.join(5_000);
    }
    assertThat(oneMore.isAlive()).isFalse();
  }

  private static Thread start(Runnable call) {
    Thread thread = new Thread(call);
    thread.start();
    return thread;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Until the thread is parked on the semaphore (bounded: a broken semaphore fails the test, not hangs it). */
  private static void waitUntilWaiting(Thread thread) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (thread.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertThat(thread.getState()).isEqualTo(Thread.State.WAITING);
  }
}
