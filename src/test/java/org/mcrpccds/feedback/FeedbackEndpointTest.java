package org.mcrpccds.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mcrpccds.feedback.FeedbackJson.VIEW;
import static org.mcrpccds.feedback.FeedbackJson.accepted;
import static org.mcrpccds.feedback.FeedbackJson.body;
import static org.mcrpccds.feedback.FeedbackJson.overridden;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mcrpccds.support.ServiceTestBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** POST /cds-services/{id}/feedback over HTTP: what is refused, what is stored, and how often. */
class FeedbackEndpointTest extends ServiceTestBase {
  private static final String FEEDBACK = "/cds-services/" + VIEW + "/feedback";
  private static final Instant WHEN = Instant.parse("2026-11-02T09:30:00Z");

  @Autowired
  JdbcTemplate jdbc;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      malformed JSON                | {"feedback": [
      not an object                 | [1, 2]
      no feedback array             | {}
      feedback not an array         | {"feedback": {"card": "x"}}
      item not an object            | {"feedback": ["x"]}
      card missing                  | {"feedback": [{"outcome": "accepted", "outcomeTimestamp": "2026-11-02T09:30:00Z"}]}
      card blank                    | {"feedback": [{"card": " ", "outcome": "accepted", "outcomeTimestamp": "2026-11-02T09:30:00Z"}]}
      card not a string             | {"feedback": [{"card": 7, "outcome": "accepted", "outcomeTimestamp": "2026-11-02T09:30:00Z"}]}
      outcome missing               | {"feedback": [{"card": "c", "outcomeTimestamp": "2026-11-02T09:30:00Z"}]}
      outcome not allowed           | {"feedback": [{"card": "c", "outcome": "ignored", "outcomeTimestamp": "2026-11-02T09:30:00Z"}]}
      outcome in capitals           | {"feedback": [{"card": "c", "outcome": "ACCEPTED", "outcomeTimestamp": "2026-11-02T09:30:00Z"}]}
      outcomeTimestamp missing      | {"feedback": [{"card": "c", "outcome": "accepted"}]}
      outcomeTimestamp not a date   | {"feedback": [{"card": "c", "outcome": "accepted", "outcomeTimestamp": "yesterday"}]}
      acceptedSuggestions malformed | {"feedback": [{"card": "c", "outcome": "accepted", "outcomeTimestamp": "2026-11-02T09:30:00Z", "acceptedSuggestions": "s1"}]}
      overrideReason malformed      | {"feedback": [{"card": "c", "outcome": "overridden", "outcomeTimestamp": "2026-11-02T09:30:00Z", "overrideReason": "busy"}]}
      """)
  void anInvalidBodyIsRefusedWithAnOperationOutcome(String why, String body) {
    Response response = post(FEEDBACK, body);
    assertThat(response.status()).as(why).isEqualTo(400);
    assertThat(response.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(response.json().path("issue").get(0).path("code").asText()).isEqualTo("invalid");
  }

  @Test
  void anEmptyBodyIsRefused() {
    assertThat(post(FEEDBACK, "").status()).isEqualTo(400);
  }

  @Test
  void oneInvalidItemRefusesTheWholeRequest() {
    String card = "whole-" + UUID.randomUUID();
    String body = "{\"feedback\": [" + accepted(card, WHEN) + ", {\"card\": \"x\", \"outcome\": \"accepted\"}]}";
    assertThat(post(FEEDBACK, body).status()).isEqualTo(400);
    assertThat(rowsFor(card)).isZero();
  }

  @Test
  void anUnknownServiceIs404() {
    Response response = post("/cds-services/no-such-service/feedback", body(accepted("c", WHEN)));
    assertThat(response.status()).isEqualTo(404);
    assertThat(response.json().path("resourceType").asText()).isEqualTo("OperationOutcome");
  }

  @Test
  void aRepeatedItemIsStoredOnceAndStillAnswered200() {
    String card = "repeat-" + UUID.randomUUID();
    String body = body(overridden(card, WHEN, "patient-preference"));
    assertThat(post(FEEDBACK, body).status()).isEqualTo(200);
    assertThat(post(FEEDBACK, body).status()).isEqualTo(200);
    assertThat(post(FEEDBACK, body(overridden(card, WHEN, "patient-preference"), overridden(card, WHEN, null))).status())
        .isEqualTo(200);
    assertThat(rowsFor(card)).isEqualTo(1);

    assertThat(post(FEEDBACK, body(overridden(card, WHEN.plus(1, ChronoUnit.MINUTES), null))).status()).isEqualTo(200);
    assertThat(rowsFor(card)).as("a later outcome is new feedback").isEqualTo(2);
  }

  @Test
  void aTimestampWithAnOffsetOrWithoutOneIsTheSameInstantInUtc() {
    String card = "offset-" + UUID.randomUUID();
    String utc = "{\"feedback\": [{\"card\": \"" + card + "\", \"outcome\": \"accepted\", \"outcomeTimestamp\": \"2026-11-02T09:30:00\"}]}";
    String paris = utc.replace("2026-11-02T09:30:00", "2026-11-02T10:30:00+01:00");
    assertThat(post(FEEDBACK, utc).status()).isEqualTo(200);
    assertThat(post(FEEDBACK, paris).status()).isEqualTo(200);
    assertThat(rowsFor(card)).isEqualTo(1);
  }

  @Test
  void feedbackOnACardNeverIssuedIsKeptAndFlagged() {
    String card = "never-issued-" + UUID.randomUUID();
    assertThat(post(FEEDBACK, body(accepted(card, WHEN, "s-1", "s-2"))).status()).isEqualTo(200);
    Map<String, Object> row = jdbc.queryForMap(
        "SELECT unknown_card, rule_id, outcome, accepted_suggestions FROM card_feedback WHERE card_uuid = ?", card);
    assertThat(row).containsEntry("unknown_card", true).containsEntry("outcome", "accepted")
        .containsEntry("accepted_suggestions", "s-1 s-2");
    assertThat(row.get("rule_id")).isNull();
  }

  @Test
  void theFreeTextCommentOfAnOverrideIsNotStored() {
    String card = "comment-" + UUID.randomUUID();
    assertThat(post(FEEDBACK, body(overridden(card, WHEN, "record-incorrect"))).status()).isEqualTo(200);
    Map<String, Object> row = jdbc.queryForMap("SELECT * FROM card_feedback WHERE card_uuid = ?", card);
    assertThat(row).containsEntry("override_reason_code", "record-incorrect")
        .containsEntry("override_reason_system", FeedbackJson.REASON_SYSTEM);
    assertThat(row.values()).allSatisfy(value -> assertThat(String.valueOf(value)).doesNotContain("free text"));
  }

  @Test
  void concurrentFeedbackLosesNothing() throws Exception {
    String run = "concurrent-" + UUID.randomUUID() + "-";
    int clients = 8;
    int postsEach = 15;
    int sharedItems = 5;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<List<Integer>>> statuses = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      statuses.add(pool.submit(() -> {
        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i < postsEach; i++) {
          // each post carries one item of its own and one item every client also sends
          codes.add(post(FEEDBACK, body(accepted(run + client + "-" + i, WHEN),
              overridden(run + "shared-" + (i % sharedItems), WHEN, "specialist-decision"))).status());
        }
        return codes;
      }));
    }
    for (Future<List<Integer>> codes : statuses) {
      assertThat(codes.get()).containsOnly(200);
    }
    pool.shutdown();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM card_feedback WHERE card_uuid LIKE ?", Long.class, run + "%"))
        .isEqualTo((long) clients * postsEach + sharedItems);
  }

  private long rowsFor(String card) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM card_feedback WHERE card_uuid = ?", Long.class, card);
  }
}
