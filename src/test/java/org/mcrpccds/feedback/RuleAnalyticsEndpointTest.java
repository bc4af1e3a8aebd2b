package org.mcrpccds.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mcrpccds.feedback.FeedbackJson.VIEW;
import static org.mcrpccds.feedback.FeedbackJson.accepted;
import static org.mcrpccds.feedback.FeedbackJson.body;
import static org.mcrpccds.feedback.FeedbackJson.overridden;
import static org.mcrpccds.feedback.FeedbackJson.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.mcrpccds.support.ServiceTestBase;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A scripted series of real hook calls and feedback over HTTP, then {@code /analytics/rules}: the
 * counts must move by exactly what the script did (the database is shared with the rest of the
 * suite, so the test compares before and after).
 */
class RuleAnalyticsEndpointTest extends ServiceTestBase {
  private static final List<String> REQUESTS = List.of(
      "patient-view-mcrpc-post-arpi-no-psma-pet",
      "patient-view-mcrpc-post-cabazitaxel-psma-positive",
      "patient-view-mcrpc-post-docetaxel-discordant",
      "patient-view-mcrpc-taxane-naive-psma-positive",
      "patient-view-neuroendocrine-prostate-cancer",
      "patient-view-female-patient");
  private static final List<String> REASONS = List.of("patient-preference", "data-outside-record");

  @Autowired
  AuditWriter auditWriter;

  /** What the script expects to have changed for one rule. */
  private static final class Expected {
    long shown;
    long accepted;
    long overridden;
    final Map<String, Long> reasons = new HashMap<>();
  }

  private record Card(String rule, String uuid) {}

  @Test
  void countsMoveByExactlyWhatCliniciansDid() throws Exception {
    Map<String, JsonNode> before = byRule(get("/analytics/rules").json());
    long unknownBefore = get("/analytics/rules").json().path("unknownCardFeedback").asLong();

    List<Card> shown = new ArrayList<>();
    for (int round = 0; round < 2; round++) {
      for (String name : REQUESTS) {
        Response response = post("/cds-services/" + VIEW, request(name));
        assertThat(response.status()).as(name).isEqualTo(200);
        response.json().path("cards").forEach(card ->
            shown.add(new Card(card.path("extension").path("org.mcrpccds.rule").asText(), card.path("uuid").asText())));
      }
    }
    String withoutData = request("patient-view-female-patient").replaceFirst("\"prefetch\"\\s*:", "\"ignored\":");
    assertThat(post("/cds-services/" + VIEW, withoutData).status()).as("refused: no prefetch, no fhirServer").isEqualTo(412);
    assertThat(shown).as("the sample requests produce cards").hasSizeGreaterThan(4);

    Map<String, Expected> expected = new HashMap<>();
    List<ObjectNode> feedback = new ArrayList<>();
    Instant now = Instant.now();
    for (int i = 0; i < shown.size(); i++) {
      Card card = shown.get(i);
      Expected rule = expected.computeIfAbsent(card.rule(), r -> new Expected());
      rule.shown++;
      switch (i % 3) {
        case 0 -> {
          feedback.add(accepted(card.uuid(), now, "suggestion-" + i));
          rule.accepted++;
        }
        case 1 -> {
          String reason = REASONS.get(i % 2);
          feedback.add(overridden(card.uuid(), now, reason));
          rule.overridden++;
          rule.reasons.merge(reason, 1L, Long::sum);
        }
        default -> { /* the clinician did nothing: no feedback */ }
      }
    }
    // sent right after the hooks, before the audit is necessarily written: the rule must still be found
    assertThat(post("/cds-services/" + VIEW + "/feedback", body(feedback.toArray(ObjectNode[]::new))).status()).isEqualTo(200);
    assertThat(post("/cds-services/" + VIEW + "/feedback", body(feedback.get(0), feedback.get(1))).status())
        .as("repeats count once").isEqualTo(200);
    assertThat(post("/cds-services/" + VIEW + "/feedback", body(accepted("never-issued-" + UUID.randomUUID(), now))).status())
        .isEqualTo(200);
    assertThat(auditWriter.flush(Duration.ofSeconds(20))).isTrue();

    JsonNode report = get("/analytics/rules").json();
    Map<String, JsonNode> after = byRule(report);
    for (String rule : List.of("R1", "R1b", "R2", "R6", "R10")) {
      Expected e = expected.getOrDefault(rule, new Expected());
      JsonNode was = before.get(rule);
      JsonNode is = after.get(rule);
      assertThat(is.path("cardsShown").asLong() - was.path("cardsShown").asLong()).as(rule + " shown").isEqualTo(e.shown);
      assertThat(is.path("accepted").asLong() - was.path("accepted").asLong()).as(rule + " accepted").isEqualTo(e.accepted);
      assertThat(is.path("overridden").asLong() - was.path("overridden").asLong()).as(rule + " overridden").isEqualTo(e.overridden);
      for (String reason : REASONS) {
        assertThat(is.path("overrideReasons").path(reason).asLong() - was.path("overrideReasons").path(reason).asLong())
            .as(rule + " " + reason).isEqualTo(e.reasons.getOrDefault(reason, 0L));
      }
      long answered = is.path("accepted").asLong() + is.path("overridden").asLong();
      if (answered > 0) {
        assertThat(is.path("acceptanceRate").asDouble()).isEqualTo((double) is.path("accepted").asLong() / answered);
      } else {
        assertThat(is.path("acceptanceRate").isNull()).isTrue();
      }
    }
    assertThat(report.path("unknownCardFeedback").asLong() - unknownBefore).isEqualTo(1);
  }

  @Test
  void theDailySeriesAddsUpToTheTotalsOfTheSameDay() throws Exception {
    assertThat(post("/cds-services/" + VIEW, request("patient-view-mcrpc-post-arpi-no-psma-pet")).status()).isEqualTo(200);
    assertThat(auditWriter.flush(Duration.ofSeconds(20))).isTrue();
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    Map<String, JsonNode> totals = new HashMap<>();
    get("/analytics/rules?from=" + today + "&to=" + today).json().path("rules")
        .forEach(rule -> totals.put(rule.path("service").asText() + "/" + rule.path("rule").asText(), rule));
    JsonNode days = get("/analytics/rules/daily?from=" + today + "&to=" + today).json().path("days");
    assertThat(days.size()).isPositive();
    for (JsonNode day : days) {
      assertThat(day.path("date").asText()).isEqualTo(today);
      JsonNode total = totals.get(day.path("service").asText() + "/" + day.path("rule").asText());
      assertThat(day.path("cardsShown").asLong()).isEqualTo(total.path("cardsShown").asLong());
      assertThat(day.path("accepted").asLong()).isEqualTo(total.path("accepted").asLong());
    }
  }

  @Test
  void aPeriodWithoutActivityCountsNothing() {
    JsonNode report = get("/analytics/rules?from=2001-01-01&to=2001-01-31T12:00:00Z").json();
    assertThat(report.path("rules").size()).as("every declared rule is listed").isGreaterThanOrEqualTo(14);
    report.path("rules").forEach(rule -> {
      assertThat(rule.path("cardsShown").asLong()).isZero();
      assertThat(rule.path("accepted").asLong() + rule.path("overridden").asLong()).isZero();
    });
  }

  @Test
  void aBadPeriodIs400() {
    assertThat(get("/analytics/rules?from=last-week").status()).isEqualTo(400);
    assertThat(get("/analytics/rules?from=2026-02-01&to=2026-01-01").status()).isEqualTo(400);
    assertThat(get("/analytics/rules/daily?to=31/12/2026").status()).isEqualTo(400);
  }

  @Test
  void theAnalyticsPageIsServed() {
    Response page = get("/analytics/index.html");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("<table", "analytics.js");
    assertThat(get("/analytics/analytics.js").status()).isEqualTo(200);
    Response bare = get("/analytics");
    assertThat(bare.status()).isEqualTo(302);
    assertThat(bare.raw().headers().firstValue("Location")).contains("/analytics/index.html");
  }

  /** The patient-view rules of a report, by rule id. */
  private static Map<String, JsonNode> byRule(JsonNode report) {
    Map<String, JsonNode> rules = new HashMap<>();
    report.path("rules").forEach(rule -> {
      if (rule.path("service").asText().equals(VIEW)) {
        rules.put(rule.path("rule").asText(), rule);
      }
    });
    return rules;
  }
}
