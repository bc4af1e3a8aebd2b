package org.mcrpccds.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mcrpccds.feedback.FeedbackJson.VIEW;
import static org.mcrpccds.feedback.FeedbackJson.accepted;
import static org.mcrpccds.feedback.FeedbackJson.body;
import static org.mcrpccds.feedback.FeedbackJson.overridden;
import static org.mcrpccds.feedback.FeedbackJson.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcrpccds.McrpcCdsHooksApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole application started, used, stopped and started again on the same database: the
 * embedded file database of the default configuration, and a real PostgreSQL. The first run is
 * stopped without waiting for the audit, so it also proves that a clean stop writes the queue.
 */
class RestartPersistenceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final List<String> REQUESTS = List.of(
      "patient-view-mcrpc-post-arpi-no-psma-pet",
      "patient-view-mcrpc-stale-psma-pet",
      "patient-view-mcrpc-post-cabazitaxel-psma-positive");

  @Test
  void theEmbeddedFileDatabaseKeepsAuditAndFeedbackAcrossARestart(@TempDir Path folder) throws Exception {
    survivesARestart("jdbc:h2:file:" + folder.resolve("mcrpc").toAbsolutePath()
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE");
  }

  @Test
  void postgresqlKeepsAuditAndFeedbackAcrossARestart() throws Exception {
    survivesARestart(PostgresForTests.newDatabase());
  }

  private record Card(String rule, String uuid) {}

  private static void survivesARestart(String databaseUrl) throws Exception {
    Instant now = Instant.now();
    List<Card> cards = new ArrayList<>();
    try (Running first = Running.start(databaseUrl)) {
      for (String name : REQUESTS) {
        JsonNode response = first.post("/cds-services/" + VIEW, request(name), 200);
        response.path("cards").forEach(card ->
            cards.add(new Card(card.path("extension").path("org.mcrpccds.rule").asText(), card.path("uuid").asText())));
      }
      assertThat(cards).hasSizeGreaterThanOrEqualTo(3);
      first.post("/cds-services/" + VIEW + "/feedback",
          body(accepted(cards.get(0).uuid(), now), overridden(cards.get(1).uuid(), now, "record-incorrect")), 200);
    }

    try (Running second = Running.start(databaseUrl)) {
      second.post("/cds-services/" + VIEW + "/feedback", body(accepted(cards.get(0).uuid(), now)), 200);
      second.post("/cds-services/" + VIEW + "/feedback", body(overridden(cards.get(2).uuid(), now, "record-incorrect")), 200);

      Map<String, long[]> expected = new HashMap<>();
      cards.forEach(card -> expected.computeIfAbsent(card.rule(), r -> new long[3])[0]++);
      expected.get(cards.get(0).rule())[1]++;
      expected.get(cards.get(1).rule())[2]++;
      expected.get(cards.get(2).rule())[2]++;

      JsonNode report = second.get("/analytics/rules");
      long reasons = 0;
      for (JsonNode rule : report.path("rules")) {
        long[] counts = expected.getOrDefault(rule.path("rule").asText(), new long[3]);
        if (!rule.path("service").asText().equals(VIEW)) {
          counts = new long[3];
        }
        assertThat(new long[] {rule.path("cardsShown").asLong(), rule.path("accepted").asLong(), rule.path("overridden").asLong()})
            .as(rule.path("service").asText() + " " + rule.path("rule").asText()).containsExactly(counts);
        reasons += rule.path("overrideReasons").path("record-incorrect").asLong();
      }
      assertThat(reasons).isEqualTo(2);
      assertThat(report.path("unknownCardFeedback").asLong()).isZero();
    }
  }

  /** One running instance of the application on a random port. */
  private record Running(ConfigurableApplicationContext context, int port) implements AutoCloseable {

    static Running start(String databaseUrl) {
      ConfigurableApplicationContext context = new SpringApplicationBuilder(McrpcCdsHooksApplication.class).run(
          "--server.port=0",
          "--spring.datasource.url=" + databaseUrl,
          "--mcrpc.audit.patient-id-key=restart-test-key-restart-test-key-0123");
      return new Running(context, context.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
    }

    JsonNode get(String path) throws IOException, InterruptedException {
      return send(HttpRequest.newBuilder(uri(path)).GET(), 200);
    }

    JsonNode post(String path, String body, int status) throws IOException, InterruptedException {
      return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)), status);
    }

    private JsonNode send(HttpRequest.Builder request, int status) throws IOException, InterruptedException {
      HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
      return response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body());
    }

    private URI uri(String path) {
      return URI.create("http://127.0.0.1:" + port + path);
    }

    @Override
    public void close() {
      context.close();
    }
  }
}
