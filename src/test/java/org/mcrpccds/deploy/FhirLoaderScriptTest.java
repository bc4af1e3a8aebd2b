package org.mcrpccds.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcrpccds.fhir.DateShifter;
import org.mcrpccds.support.TestContent;

/**
 * docker/fhir-loader/load_samples.py, the one-shot container that fills the compose HAPI FHIR
 * server: its transactions carry the samples with the same date shift as the embedded /fhir
 * server, and it posts them as FHIR transactions. Needs python3, as the loader image has.
 */
class FhirLoaderScriptTest {
  private static final Path SCRIPT = Path.of("docker/fhir-loader/load_samples.py");
  private static final Path SAMPLES = Path.of("fhir-resources/patients");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String run(String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of("python3", SCRIPT.toString()));
    command.addAll(List.of(arguments));
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError("python3 is needed to test the compose FHIR loader script", e);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  @Test
  void writesOneTransactionOfPutsPerSampleWithDatesShiftedLikeTheEmbeddedServer(@TempDir Path out) throws Exception {
    LocalDate today = DateShifter.SAMPLE_ANCHOR.plusDays(400);
    run("--samples", SAMPLES.toString(), "--write-to", out.toString(), "--today", today.toString());
    DateShifter shifter = new DateShifter(TestContent.FHIR, DateShifter.SAMPLE_ANCHOR, today);
    IParser parser = TestContent.FHIR.newJsonParser();

    List<Path> samples;
    try (Stream<Path> files = Files.list(SAMPLES)) {
      samples = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(samples).isNotEmpty();
    for (Path sample : samples) {
      Bundle original = parser.parseResource(Bundle.class, Files.readString(sample));
      Bundle transaction = parser.parseResource(Bundle.class, Files.readString(out.resolve(sample.getFileName())));
      assertThat(transaction.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
      assertThat(transaction.getEntry()).hasSameSizeAs(original.getEntry());
      for (int i = 0; i < original.getEntry().size(); i++) {
        Resource expected = shifter.shift(original.getEntry().get(i).getResource());
        Bundle.BundleEntryComponent entry = transaction.getEntry().get(i);
        String reference = expected.fhirType() + "/" + expected.getIdPart();
        assertThat(entry.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.PUT);
        assertThat(entry.getRequest().getUrl()).isEqualTo(reference);
        assertThat(json(entry.getResource())).as(sample.getFileName() + " " + reference).isEqualTo(json(expected));
      }
    }
  }

  private static JsonNode json(Resource resource) throws IOException {
    Resource copy = resource.copy();
    copy.setId(copy.getIdPart());
    return JSON.readTree(TestContent.FHIR.newJsonParser().encodeResourceToString(copy));
  }

  @Test
  void waitsForTheServerAndPostsEverySampleAsATransaction() throws Exception {
    List<String> posted = Collections.synchronizedList(new ArrayList<>());
    // a stand-in for the FHIR server's HTTP interface, on loopback
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/fhir", exchange -> {
      String path = exchange.getRequestURI().getPath();
      int status = 404;
      if (exchange.getRequestMethod().equals("GET") && path.equals("/fhir/metadata")) {
        status = 200;
      } else if (exchange.getRequestMethod().equals("POST") && path.equals("/fhir")
          && exchange.getRequestHeaders().getFirst("Content-Type").equals("application/fhir+json")) {
        posted.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        status = 200;
      }
      byte[] body = "{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\"}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try {
      String output = run("--samples", SAMPLES.toString(), "--fhir", "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir/");
      long samples;
      try (Stream<Path> files = Files.list(SAMPLES)) {
        samples = files.filter(f -> f.toString().endsWith(".json")).count();
      }
      assertThat(posted).hasSize((int) samples);
      posted.forEach(body -> assertThat(TestContent.parse(Bundle.class, body).getType()).isEqualTo(Bundle.BundleType.TRANSACTION));
      assertThat(output).contains("loaded " + samples + " sample patients");
    } finally {
      server.stop(0);
    }
  }
}
