package org.mcrpccds.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mcrpccds.feedback.FeedbackJson.VIEW;
import static org.mcrpccds.feedback.FeedbackJson.request;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mcrpccds.support.ServiceTestBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/** A real hook call over HTTP, then what the audit holds (and does not hold). */
@ExtendWith(OutputCaptureExtension.class)
class AuditEndpointTest extends ServiceTestBase {
  private static final String PATIENT_ID = "pat-mcrpc-003";

  @Autowired
  AuditWriter auditWriter;
  @Autowired
  PatientIdHasher hasher;
  @Autowired
  JdbcTemplate jdbc;

  @Test
  void everyHookCallIsAuditedWithoutThePatientId(CapturedOutput output) throws Exception {
    String body = request("patient-view-mcrpc-post-arpi-no-psma-pet");
    assertThat(body).contains(PATIENT_ID);
    String hookInstance = JSON.readTree(body).path("hookInstance").asText();
    Response response = post("/cds-services/" + VIEW, body);
    assertThat(response.status()).isEqualTo(200);
    JsonNode card = response.json().path("cards").get(0);
    assertThat(auditWriter.flush(Duration.ofSeconds(20))).isTrue();

    Map<String, Object> call = jdbc.queryForMap("""
        SELECT h.* FROM hook_call h JOIN hook_card c ON c.call_id = h.id WHERE c.card_uuid = ?""", card.path("uuid").asText());
    assertThat(call).containsEntry("service_id", VIEW).containsEntry("hook", "patient-view")
        .containsEntry("hook_instance", hookInstance).containsEntry("http_status", 200)
        .containsEntry("patient_hash", hasher.hash(PATIENT_ID));
    assertThat(((Number) call.get("latency_micros")).longValue()).isPositive();
    assertThat(JSON.readTree((String) call.get("data_sources")).path("patient").asText()).isEqualTo("prefetch");

    List<Map<String, Object>> cards = jdbc.queryForList(
        "SELECT card_index, card_uuid, rule_id, indicator FROM hook_card WHERE call_id = ? ORDER BY card_index", call.get("id"));
    assertThat(cards).hasSize(response.json().path("cards").size());
    assertThat(cards.get(0)).containsEntry("card_uuid", card.path("uuid").asText())
        .containsEntry("rule_id", card.path("extension").path("org.mcrpccds.rule").asText())
        .containsEntry("indicator", card.path("indicator").asText());

    for (String table : List.of("hook_call", "hook_card", "card_feedback")) {
      assertThat(jdbc.queryForList("SELECT * FROM " + table)).as(table)
          .allSatisfy(row -> assertThat(row.values()).allSatisfy(value -> assertThat(String.valueOf(value)).doesNotContain(PATIENT_ID)));
    }
    assertThat(output.getAll()).doesNotContain(PATIENT_ID);
  }

  @Test
  void aRefusedCallIsAuditedWithItsStatusAndNoCards() throws Exception {
    String body = request("patient-view-female-patient").replaceFirst("\"prefetch\"\\s*:", "\"ignored\":")
        .replaceFirst("\"hookInstance\"\\s*:\\s*\"[^\"]*\"", "\"hookInstance\": \"refused-call-audit-test\"");
    assertThat(post("/cds-services/" + VIEW, body).status()).isEqualTo(412);
    assertThat(auditWriter.flush(Duration.ofSeconds(20))).isTrue();
    Map<String, Object> call = jdbc.queryForMap("SELECT * FROM hook_call WHERE hook_instance = 'refused-call-audit-test'");
    assertThat(call).containsEntry("http_status", 412);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hook_card WHERE call_id = ?", Long.class, call.get("id"))).isZero();
  }
}
