package org.mcrpccds.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mcrpccds.support.ServiceTestBase;

/**
 * Malformed and hostile hook calls, fuzz style: truncated JSON, wrong types everywhere, huge
 * strings, deep nesting, unknown hooks, prefetch of the wrong resource types, draft orders that are
 * not a Bundle, SSRF targets. None may produce a 5xx or a stack trace; every refusal is a 4xx with
 * a JSON OperationOutcome; and the service still answers afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileRequestTest extends ServiceTestBase {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String PATIENT_VIEW = "/cds-services/mcrpc-patient-view";
  private static final String ORDER_SIGN = "/cds-services/mcrpc-order-sign";
  private static final String ORDER_SELECT = "/cds-services/mcrpc-order-select";

  /** Bodies that must be refused. */
  static Stream<Arguments> refused() {
    List<Arguments> cases = new ArrayList<>();
    String patientView = sample("patient-view-mcrpc-post-arpi-no-psma-pet.json");
    String orderSign = sample("order-sign-pluvicto-no-psma-pet.json");
    for (String body : List.of("", " ", "{", "[", "null", "[]", "42", "\"hook\"", "true", "{\"hook\":", "{}",
        "{\"hook\":\"patient-view\"}", "{\"hook\":\"patient-view\",\"hookInstance\":\"x\"}", "\u0000", "{\"a\":1}}")) {
      cases.add(Arguments.of("literal " + body, PATIENT_VIEW, body));
    }
    for (int cut : new int[] {1, 10, 100, 1000, patientView.length() / 2, patientView.length() - 2}) {
      cases.add(Arguments.of("truncated at " + cut, PATIENT_VIEW, patientView.substring(0, cut)));
    }
    cases.add(Arguments.of("unknown hook", PATIENT_VIEW, edit(patientView, r -> r.put("hook", "medication-prescribe"))));
    cases.add(Arguments.of("another service's hook", ORDER_SIGN, edit(orderSign, r -> r.put("hook", "patient-view"))));
    cases.add(Arguments.of("hook of wrong case", PATIENT_VIEW, edit(patientView, r -> r.put("hook", "PATIENT-VIEW"))));
    cases.add(Arguments.of("blank hookInstance", PATIENT_VIEW, edit(patientView, r -> r.put("hookInstance", " "))));
    cases.add(Arguments.of("huge string", PATIENT_VIEW, edit(patientView, r -> r.put("hookInstance", "x".repeat(5_000_000)))));
    cases.add(Arguments.of("huge number", PATIENT_VIEW, patientView.replaceFirst("\\{", "{\"n\":" + "9".repeat(5000) + ",")));
    cases.add(Arguments.of("deep nesting", PATIENT_VIEW, "{\"hook\":" + "[".repeat(50_000) + "]".repeat(50_000) + "}"));
    cases.add(Arguments.of("deep nesting in a resource", PATIENT_VIEW, edit(patientView, r -> {
      ObjectNode patient = (ObjectNode) r.at("/prefetch/patient");
      ObjectNode inner = patient.putArray("extension").addObject();
      for (int i = 0; i < 200; i++) {
        inner = inner.putArray("extension").addObject();
      }
    })));
    cases.add(Arguments.of("invalid UTF-8", PATIENT_VIEW, new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}));
    cases.add(Arguments.of("patient is a Condition", PATIENT_VIEW, edit(patientView, r ->
        ((ObjectNode) r.get("prefetch")).set("patient", r.at("/prefetch/conditions/entry/0/resource")))));
    cases.add(Arguments.of("a search prefetch is not a Bundle", PATIENT_VIEW, edit(patientView, r ->
        ((ObjectNode) r.get("prefetch")).set("conditions", r.at("/prefetch/patient")))));
    cases.add(Arguments.of("prefetch of an unknown resource type", PATIENT_VIEW, edit(patientView, r ->
        ((ObjectNode) r.get("prefetch")).putObject("patient").put("resourceType", "Spaceship"))));
    cases.add(Arguments.of("prefetch of no resource", PATIENT_VIEW, edit(patientView, r ->
        ((ObjectNode) r.get("prefetch")).putObject("patient").put("name", "x"))));
    cases.add(Arguments.of("prefetch is an array", PATIENT_VIEW, edit(patientView, r -> r.putArray("prefetch"))));
    cases.add(Arguments.of("draftOrders missing", ORDER_SIGN, edit(orderSign, r -> ((ObjectNode) r.get("context")).remove("draftOrders"))));
    cases.add(Arguments.of("draftOrders is a Patient", ORDER_SIGN, edit(orderSign, r ->
        ((ObjectNode) r.get("context")).set("draftOrders", r.at("/prefetch/patient")))));
    cases.add(Arguments.of("draftOrders is an array", ORDER_SIGN, edit(orderSign, r -> ((ObjectNode) r.get("context")).putArray("draftOrders"))));
    cases.add(Arguments.of("draftOrders is a string", ORDER_SIGN, edit(orderSign, r -> ((ObjectNode) r.get("context")).put("draftOrders", "Bundle"))));
    cases.add(Arguments.of("selections is an object", ORDER_SELECT, edit(orderSign, r -> {
      r.put("hook", "order-select");
      ((ObjectNode) r.get("context")).putObject("selections");
    })));
    cases.add(Arguments.of("selections of numbers", ORDER_SELECT, edit(orderSign, r -> {
      r.put("hook", "order-select");
      ((ObjectNode) r.get("context")).putArray("selections").add(1).add(2);
    })));
    cases.add(Arguments.of("too many resources", PATIENT_VIEW, edit(patientView, r -> {
      ArrayNode entries = ((ObjectNode) r.at("/prefetch/observations")).putArray("entry");
      for (int i = 0; i < 5001; i++) {
        entries.addObject().putObject("resource").put("resourceType", "Observation");
      }
    })));
    cases.add(Arguments.of("body over 8 MiB", PATIENT_VIEW, "{\"hook\":\"" + "x".repeat(9 * 1024 * 1024) + "\"}"));
    for (String server : List.of("javascript:alert(1)", "file:///etc/passwd", "http://169.254.169.254/latest/meta-data",
        "http://[::ffff:169.254.169.254]/", "http://127.0.0.1.nip.io/fhir", "gopher://127.0.0.1:25/")) {
      cases.add(Arguments.of("fhirServer " + server, PATIENT_VIEW, edit(patientView, r -> {
        r.remove("prefetch");
        r.put("fhirServer", server);
        r.putObject("fhirAuthorization").put("access_token", "secret-token");
      })));
    }
    cases.add(Arguments.of("a context value that is not a FHIR id", PATIENT_VIEW, edit(patientView, r -> {
      r.remove("prefetch");
      ((ObjectNode) r.get("context")).put("patientId", "../../admin?x=1");
      r.put("fhirServer", "http://127.0.0.1:1/fhir");
    })));
    return cases.stream();
  }

  /** Every member a few levels down replaced by values of wrong types. */
  static Stream<Arguments> wrongTypes() {
    List<Arguments> cases = new ArrayList<>();
    String patientView = sample("patient-view-mcrpc-post-arpi-no-psma-pet.json");
    String orderSign = sample("order-sign-pluvicto-no-psma-pet.json");
    for (String[] service : new String[][] {{PATIENT_VIEW, patientView}, {ORDER_SIGN, orderSign}}) {
      JsonNode request = read(service[1]);
      for (String path : paths(request, "", 0)) {
        for (String value : wrongValues(request.at(path))) {
          cases.add(Arguments.of(service[0] + " " + path + " = " + value, service[0], edit(service[1], r -> replace(r, path, value))));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void isRefusedWithA4xxOperationOutcome(String name, String path, Object body) {
    Response response = postRaw(path, body);

    assertThat(response.status()).as(name + ": " + abbreviated(response.body())).isBetween(400, 499);
    assertIsOperationOutcome(name, response);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wrongTypes")
  void neverFailsWithA5xx(String name, String path, String body) {
    Response response = postRaw(path, body);

    assertThat(response.status()).as(name + ": " + abbreviated(response.body())).isLessThan(500);
    if (response.status() != 200) {
      assertIsOperationOutcome(name, response);
    }
  }

  /** Garbage that Tomcat refuses before any servlet runs is an OperationOutcome too. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedHttp")
  void malformedHttpIsA400OperationOutcome(String name, String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

      assertThat(answer).as(name).startsWith("HTTP/1.1 400").contains("\"resourceType\":\"OperationOutcome\"")
          .doesNotContain("Tomcat").doesNotContain("Exception");
    }
  }

  static Stream<Arguments> malformedHttp() {
    String end = "Host: x\r\nConnection: close\r\n\r\n";
    return Stream.of(
        Arguments.of("bad percent-encoding", "GET /cds-services/%zz HTTP/1.1\r\n" + end),
        Arguments.of("encoded NUL", "GET /cds-services/a%00b HTTP/1.1\r\n" + end),
        Arguments.of("illegal character", "GET /cds-services/x|y HTTP/1.1\r\n" + end),
        Arguments.of("header over the limit", "GET /cds-services HTTP/1.1\r\nX-Big: " + "a".repeat(20_000) + "\r\n" + end),
        Arguments.of("unreadable Content-Length", "POST /cds-services/mcrpc-patient-view HTTP/1.1\r\nContent-Length: abc\r\n" + end));
  }

  @AfterAll
  void theServiceStillAnswers() {
    assertThat(get("/cds-services").status()).isEqualTo(200);
    assertThat(post(PATIENT_VIEW, sample("patient-view-mcrpc-post-arpi-no-psma-pet.json")).status()).isEqualTo(200);
  }

  private static void assertIsOperationOutcome(String name, Response response) {
    assertThat(response.json().path("resourceType").asText()).as(name).isEqualTo("OperationOutcome");
    assertThat(response.body()).as(name).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("secret-token");
  }

  /** @param body a String (sent as UTF-8) or the exact bytes */
  private Response postRaw(String path, Object body) {
    byte[] bytes = body instanceof byte[] raw ? raw : ((String) body).getBytes(StandardCharsets.UTF_8);
    return send(HttpRequest.newBuilder(URI.create(url(path)))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
  }

  /** null, a scalar and a container, each of a type the original value does not have. */
  private static List<String> wrongValues(JsonNode original) {
    return List.of("null", original.isTextual() ? "42" : "\"x\"", original.isArray() ? "{}" : "[]");
  }

  /** Member paths a few levels down, arrays followed into their first element only. */
  private static List<String> paths(JsonNode node, String prefix, int depth) {
    List<String> paths = new ArrayList<>();
    if (depth == 4 || !(node instanceof ContainerNode<?>)) {
      return paths;
    }
    if (node.isArray()) {
      if (!node.isEmpty()) {
        paths.add(prefix + "/0");
        paths.addAll(paths(node.get(0), prefix + "/0", depth + 1));
      }
      return paths;
    }
    node.fieldNames().forEachRemaining(field -> {
      paths.add(prefix + "/" + field);
      if (!prefix.startsWith("/prefetch/") || depth < 3) {
        paths.addAll(paths(node.get(field), prefix + "/" + field, depth + 1));
      }
    });
    return paths;
  }

  private static void replace(ObjectNode root, String path, String value) {
    int slash = path.lastIndexOf('/');
    JsonNode parent = root.at(path.substring(0, slash));
    String last = path.substring(slash + 1);
    JsonNode replacement = read(value);
    if (parent instanceof ObjectNode object) {
      object.set(last, replacement);
    } else if (parent instanceof ArrayNode array) {
      array.set(Integer.parseInt(last), replacement);
    }
  }

  private static String edit(String json, Consumer<ObjectNode> change) {
    ObjectNode request = (ObjectNode) read(json);
    change.accept(request);
    return request.toString();
  }

  private static JsonNode read(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sample(String file) {
    try {
      return Files.readString(Path.of("fhir-resources/requests", file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String abbreviated(String body) {
    return body.length() > 300 ? body.substring(0, 300) + "…" : body;
  }
}
