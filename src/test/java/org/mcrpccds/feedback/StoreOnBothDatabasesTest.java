package org.mcrpccds.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mcrpccds.feedback.FeedbackItem.Outcome;
import org.mcrpccds.hooks.HookCall;
import org.mcrpccds.hooks.HookCall.IssuedCard;
import org.mcrpccds.hooks.ServiceDefinition;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The repositories, the audit writer and the analytics queries, run unchanged on H2 and on PostgreSQL. */
class StoreOnBothDatabasesTest {
  private static final String VIEW = "mcrpc-patient-view";
  private static final String SIGN = "mcrpc-order-sign";
  private static final List<ServiceDefinition> SERVICES = List.of(
      new ServiceDefinition(VIEW, "patient-view", null, null, null, "L", Map.of(), List.of("R1", "R2", "R6"), null),
      new ServiceDefinition(SIGN, "order-sign", null, null, null, "L", Map.of(), List.of("R4", "R12"), null));
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aRepeatedFeedbackItemIsStoredOnce(TestStore.Kind kind) {
    try (TestStore store = new TestStore(kind)) {
      FeedbackItem accepted = item("card-1", Outcome.ACCEPTED, NOW, null);
      assertThat(store.feedback.insertIfAbsent(VIEW, accepted, "R1", NOW)).isTrue();
      assertThat(store.feedback.insertIfAbsent(VIEW, accepted, "R1", NOW.plusSeconds(5))).isFalse();
      assertThat(store.feedback.insertIfAbsent(VIEW, item("card-1", Outcome.OVERRIDDEN, NOW, "record-incorrect"), "R1", NOW))
          .as("another outcome for the same card is new feedback").isTrue();
      assertThat(store.feedback.insertIfAbsent(SIGN, accepted, null, NOW)).as("same card id, other service").isTrue();
      assertThat(store.count("card_feedback")).isEqualTo(3);
    }
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void concurrentFeedbackWritesLoseNothing(TestStore.Kind kind) throws Exception {
    int threads = 8;
    int ownItems = 50;
    List<FeedbackItem> shared = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      shared.add(item("shared-" + i, Outcome.OVERRIDDEN, NOW, "patient-preference"));
    }
    try (TestStore store = new TestStore(kind)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<Integer>> stored = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        Callable<Integer> writer = () -> {
          int inserted = 0;
          for (int i = 0; i < ownItems; i++) {
            inserted += store.feedback.insertIfAbsent(VIEW, item("own-" + thread + "-" + i, Outcome.ACCEPTED, NOW, null), "R2",
                NOW) ? 1 : 0;
            // every thread also sends every shared item: only one copy of each may survive
            FeedbackItem repeat = shared.get(i % shared.size());
            inserted += store.feedback.insertIfAbsent(VIEW, repeat, "R2", NOW) ? 1 : 0;
          }
          return inserted;
        };
        stored.add(pool.submit(writer));
      }
      int insertedInTotal = 0;
      for (Future<Integer> result : stored) {
        insertedInTotal += result.get();
      }
      pool.shutdown();
      long expected = (long) threads * ownItems + shared.size();
      assertThat(store.count("card_feedback")).isEqualTo(expected);
      assertThat(insertedInTotal).isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void analyticsCountsExactlyWhatWasShownAndAnswered(TestStore.Kind kind) throws Exception {
    try (TestStore store = new TestStore(kind)) {
      AuditWriter writer = writer(store, 100);
      writer.start();
      HookCall first = call(VIEW, 200, NOW, card("R1"), card("R2"));
      HookCall second = call(VIEW, 200, NOW, card("R2"));
      HookCall refused = call(SIGN, 412, NOW);
      HookCall yesterday = call(SIGN, 200, NOW.minus(Duration.ofDays(1)), card("R12"));
      List.of(first, second, refused, yesterday).forEach(writer::onHookCall);
      assertThat(writer.flush(Duration.ofSeconds(10))).isTrue();
      writer.stop();

      FeedbackRecorder recorder = new FeedbackRecorder(new IssuedCards(writer, store.audit), store.feedback,
          new SimpleMeterRegistry(), java.time.Clock.systemUTC());
      recorder.record(VIEW, List.of(
          item(first.cards().get(0).uuid(), Outcome.ACCEPTED, NOW, null),
          item(first.cards().get(1).uuid(), Outcome.OVERRIDDEN, NOW, "patient-preference"),
          item(second.cards().get(0).uuid(), Outcome.OVERRIDDEN, NOW, "patient-preference"),
          item(second.cards().get(0).uuid(), Outcome.OVERRIDDEN, NOW, "patient-preference"),
          item(UUID.randomUUID().toString(), Outcome.ACCEPTED, NOW, null)));
      recorder.record(SIGN, List.of(
          item(yesterday.cards().get(0).uuid(), Outcome.OVERRIDDEN, NOW.minus(Duration.ofDays(1)), "benefit-outweighs-risk"),
          item(first.cards().get(0).uuid(), Outcome.ACCEPTED, NOW, null)));

      RuleAnalytics analytics = new RuleAnalytics(JdbcClient.create(store.jdbc), SERVICES);
      RuleAnalytics.Report all = analytics.rules(AnalyticsPeriod.of(null, null));
      assertThat(all.rules()).containsExactly(
          new RuleStats(VIEW, "R1", 1, 1, 0, Map.of(), 1.0),
          new RuleStats(VIEW, "R2", 2, 0, 2, Map.of("patient-preference", 2L), 0.0),
          new RuleStats(VIEW, "R6", 0, 0, 0, Map.of(), null),
          new RuleStats(SIGN, "R4", 0, 0, 0, Map.of(), null),
          new RuleStats(SIGN, "R12", 1, 0, 1, Map.of("benefit-outweighs-risk", 1L), 0.0));
      assertThat(all.unknownCardFeedback()).as("a made-up card, and a real card sent to the wrong service").isEqualTo(2);

      String today = LocalDate.ofInstant(NOW, ZoneOffset.UTC).toString();
      RuleAnalytics.Report onlyToday = analytics.rules(AnalyticsPeriod.of(today, today));
      assertThat(onlyToday.rules()).filteredOn(stats -> stats.rule().equals("R12"))
          .containsExactly(new RuleStats(SIGN, "R12", 0, 0, 0, Map.of(), null));

      assertThat(analytics.daily(AnalyticsPeriod.of(null, null)).days()).containsExactly(
          new DailyRuleStats(LocalDate.ofInstant(NOW.minus(Duration.ofDays(1)), ZoneOffset.UTC), SIGN, "R12", 1, 0, 1),
          new DailyRuleStats(LocalDate.parse(today), VIEW, "R1", 1, 1, 0),
          new DailyRuleStats(LocalDate.parse(today), VIEW, "R2", 2, 0, 2));
    }
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void theAuditKeepsTheHashNeverThePatientId(TestStore.Kind kind) throws Exception {
    try (TestStore store = new TestStore(kind)) {
      AuditWriter writer = writer(store, 10);
      writer.start();
      writer.onHookCall(call(VIEW, 200, NOW, card("R1")));
      assertThat(writer.flush(Duration.ofSeconds(10))).isTrue();
      writer.stop();
      Map<String, Object> row = store.jdbc.queryForMap("SELECT * FROM hook_call");
      assertThat(row.values()).allSatisfy(value -> assertThat(String.valueOf(value)).doesNotContain("patient-42"));
      assertThat(row.get("patient_hash")).isEqualTo(hasher().hash("patient-42"));
      assertThat(row.get("data_sources")).isEqualTo("{\"patient\":\"prefetch\",\"conditions\":\"fetched\"}");
      assertThat(row.get("hook_instance")).isEqualTo("instance-1");
      assertThat(((Number) row.get("latency_micros")).longValue()).isEqualTo(1234);
    }
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void aFullQueueDropsAndCountsAndAStopWritesWhatIsQueued(TestStore.Kind kind) {
    try (TestStore store = new TestStore(kind)) {
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      AuditWriter writer = new AuditWriter(store.audit, hasher(), properties(2), meters);
      HookCall queued = call(VIEW, 200, NOW, card("R2"));
      // not started yet: nothing drains, so the third call finds the queue full
      writer.onHookCall(queued);
      writer.onHookCall(call(VIEW, 200, NOW));
      writer.onHookCall(call(VIEW, 200, NOW, card("R1")));
      assertThat(meters.get("mcrpc.audit.queue.depth").gauge().value()).isEqualTo(2);
      assertThat(meters.get("mcrpc.audit.dropped").counter().count()).isEqualTo(1);
      IssuedCards cards = new IssuedCards(writer, store.audit);
      assertThat(cards.ruleOf(VIEW, queued.cards().get(0).uuid())).as("found while still queued").contains("R2");

      writer.start();
      writer.stop();

      assertThat(store.count("hook_call")).isEqualTo(2);
      assertThat(meters.get("mcrpc.audit.queue.depth").gauge().value()).isZero();
      assertThat(cards.ruleOf(VIEW, queued.cards().get(0).uuid())).as("found in the database").contains("R2");
      assertThat(cards.ruleOf(SIGN, queued.cards().get(0).uuid())).as("not this service's card").isEmpty();
    }
  }

  @Test
  void aBlockedDatabaseNeverSlowsTheHookThread() throws Exception {
    try (TestStore store = new TestStore(TestStore.Kind.POSTGRESQL);
        Connection blocker = store.dataSource.getConnection()) {
      AuditWriter writer = writer(store, 1000);
      writer.start();
      blocker.setAutoCommit(false);
      blocker.createStatement().execute("LOCK TABLE hook_call IN ACCESS EXCLUSIVE MODE");

      // the lock is released only after this loop: a hook thread that touched the database would never finish it
      assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
        for (int i = 0; i < 100; i++) {
          writer.onHookCall(call(VIEW, 200, NOW, card("R2")));
        }
      });
      assertThat(writer.flush(Duration.ofMillis(300))).as("the writer is stuck on the lock").isFalse();

      blocker.commit();
      assertThat(writer.flush(Duration.ofSeconds(20))).isTrue();
      writer.stop();
      assertThat(store.count("hook_call")).isEqualTo(100);
    }
  }

  @ParameterizedTest
  @EnumSource(TestStore.Kind.class)
  void retentionPurgesOnlyOldRows(TestStore.Kind kind) throws Exception {
    try (TestStore store = new TestStore(kind)) {
      AuditWriter writer = writer(store, 10);
      writer.start();
      writer.onHookCall(call(VIEW, 200, NOW.minus(Duration.ofDays(91)), card("R1")));
      writer.onHookCall(call(VIEW, 200, NOW.minus(Duration.ofDays(89)), card("R2")));
      assertThat(writer.flush(Duration.ofSeconds(10))).isTrue();
      writer.stop();
      store.feedback.insertIfAbsent(VIEW, item("old", Outcome.ACCEPTED, NOW, null), "R1", NOW.minus(Duration.ofDays(91)));
      store.feedback.insertIfAbsent(VIEW, item("new", Outcome.ACCEPTED, NOW, null), "R2", NOW);

      new AuditRetention(store.audit, store.feedback, properties(10), java.time.Clock.systemUTC()).purge();

      assertThat(store.jdbc.queryForList("SELECT rule_id FROM hook_card", String.class)).containsExactly("R2");
      assertThat(store.count("hook_call")).isEqualTo(1);
      assertThat(store.jdbc.queryForList("SELECT card_uuid FROM card_feedback", String.class)).containsExactly("new");
    }
  }

  private static AuditWriter writer(TestStore store, int capacity) {
    return new AuditWriter(store.audit, hasher(), properties(capacity), new SimpleMeterRegistry());
  }

  private static AuditProperties properties(int capacity) {
    return new AuditProperties(null, Duration.ofDays(90), AuditProperties.DEFAULT_PURGE_CRON, capacity, Duration.ofSeconds(10));
  }

  private static PatientIdHasher hasher() {
    return new PatientIdHasher("a-test-key-that-is-long-enough-for-hmac");
  }

  private static IssuedCard card(String rule) {
    return new IssuedCard(rule, UUID.randomUUID().toString(), "info");
  }

  private static HookCall call(String service, int status, Instant time, IssuedCard... cards) {
    Map<String, String> sources = new java.util.LinkedHashMap<>();
    sources.put("patient", "prefetch");
    sources.put("conditions", "fetched");
    return new HookCall(time, service, service.equals(VIEW) ? "patient-view" : "order-sign", "instance-1", "patient-42",
        status, List.of(cards), sources, 1_234_000);
  }

  static FeedbackItem item(String card, Outcome outcome, Instant time, String reasonCode) {
    return new FeedbackItem(card, outcome, time, List.of(), reasonCode == null ? null : "http://mcrpccds.org/fhir/CodeSystem/override-reason",
        reasonCode);
  }
}
