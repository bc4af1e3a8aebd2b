package org.mcrpccds.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A minimal FHIR server that is not HAPI, as small EHR test servers and façades are: the JDK's
 * {@link HttpServer} (HTTP/1.1, connections kept alive, every request handled on its one
 * dispatcher thread), reads by id and searches by {@code patient} answered with searchset Bundles
 * of the sample patients (dates shifted to today, like {@link TestFhirServer}). The listen backlog
 * is set by the test: a small one is what made the first fallback fetch after a start fail, as the
 * fetch opens a connection per query at once and the kernel drops the connection attempts that do
 * not fit (they are retried after a second). Only HAPI's parser prepares the data when the server
 * starts; nothing of HAPI answers a request.
 */
public final class PlainFhirServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FHIR_JSON = "application/fhir+json;charset=utf-8";

  private final HttpServer server;
  /** The sample patients as JSON, read once for every server: by {@code Type/id}, and by patient id. */
  private static final Map<String, JsonNode> BY_TYPE_AND_ID = new LinkedHashMap<>();
  private static final Map<String, List<JsonNode>> BY_PATIENT = new HashMap<>();

  static {
    TestFhirServer.Data data = TestFhirServer.Data.load();
    data.byId.forEach((typeAndId, resource) -> BY_TYPE_AND_ID.put(typeAndId, TestContent.toJson(resource)));
    data.byPatient.forEach((patientId, resources) -> BY_PATIENT.put(patientId, resources.stream()
        .map(resource -> BY_TYPE_AND_ID.get(resource.fhirType() + "/" + resource.getIdElement().getIdPart())).toList()));
  }
  private final List<TestFhirServer.RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final Duration firstAnswerStall;

  private PlainFhirServer(int backlog, Duration firstAnswerStall) {
    this.firstAnswerStall = firstAnswerStall;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), backlog);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/fhir", this::answer);
    server.start();
  }

  /** A server whose listen backlog holds {@code backlog} connections. */
  public static PlainFhirServer start(int backlog) {
    return new PlainFhirServer(backlog, Duration.ZERO);
  }

  /**
   * The same, but its dispatcher thread stalls for {@code firstAnswerStall} before its first
   * answer, as a busy server or a collector's pause does: meanwhile it accepts no connection.
   */
  public static PlainFhirServer startStalled(int backlog, Duration firstAnswerStall) {
    return new PlainFhirServer(backlog, firstAnswerStall);
  }

  public String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir";
  }

  /** Every request as received, oldest first; {@code authorized}: it carried {@link TestFhirServer#TOKEN}. */
  public List<TestFhirServer.RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    if (requests.isEmpty() && !firstAnswerStall.isZero()) {
      try {
        Thread.sleep(firstAnswerStall.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    String path = exchange.getRequestURI().getRawPath().substring("/fhir/".length());
    String query = exchange.getRequestURI().getRawQuery();
    requests.add(new TestFhirServer.RecordedRequest("plain", exchange.getRequestMethod(),
        exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query),
        ("Bearer " + TestFhirServer.TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))));
    exchange.getRequestBody().readAllBytes();
    JsonNode found = path.contains("/") ? BY_TYPE_AND_ID.get(path) : search(path, parameters(query));
    if (found == null) {
      send(exchange, 404, JSON.createObjectNode().put("resourceType", "OperationOutcome")
          .set("issue", JSON.createArrayNode().add(JSON.createObjectNode().put("severity", "error").put("code", "not-found"))));
    } else {
      send(exchange, 200, found);
    }
  }

  private JsonNode search(String type, Map<String, List<String>> parameters) {
    String patient = parameters.getOrDefault("patient", List.of("")).get(0);
    ObjectNode bundle = JSON.createObjectNode().put("resourceType", "Bundle").put("type", "searchset");
    ArrayNode entries = bundle.putArray("entry");
    List<JsonNode> matches = type.equals("Patient")
        ? Stream.ofNullable(BY_TYPE_AND_ID.get("Patient/" + patient)).toList()
        : BY_PATIENT.getOrDefault(patient, List.of()).stream()
            .filter(r -> r.get("resourceType").asText().equals(type))
            .filter(r -> matchesCode(r, parameters.get("code")))
            .toList();
    matches.forEach(r -> entry(entries, r, "match"));
    bundle.put("total", matches.size());
    return bundle;
  }

  private void entry(ArrayNode entries, JsonNode resource, String mode) {
    ObjectNode entry = entries.addObject()
        .put("fullUrl", base() + "/" + resource.get("resourceType").asText() + "/" + resource.get("id").asText());
    entry.set("resource", resource);
    entry.putObject("search").put("mode", mode);
  }

  /** {@code code=system|code,system|code}: any of them (the Observation prefetch template). */
  private static boolean matchesCode(JsonNode resource, List<String> codes) {
    if (codes == null) {
      return true;
    }
    for (JsonNode coding : resource.path("code").path("coding")) {
      String token = coding.path("system").asText() + "|" + coding.path("code").asText();
      if (codes.stream().flatMap(c -> Stream.of(c.split(","))).anyMatch(token::equals)) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, List<String>> parameters(String query) {
    Map<String, List<String>> parameters = new HashMap<>();
    if (query != null) {
      for (String pair : query.split("&")) {
        int equals = pair.indexOf('=');
        String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
        String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
        parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
      }
    }
    return parameters;
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", FHIR_JSON);
    // a fixed length keeps the connection open for the next request (keep-alive)
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
