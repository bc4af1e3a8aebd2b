package org.mcrpccds.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.mcrpccds.fhir.FhirServerGuard;
import org.mcrpccds.fhir.FhirServerProperties;
import org.mcrpccds.support.PlainFhirServer;
import org.mcrpccds.support.TestContent;
import org.mcrpccds.support.TestEvaluator;
import org.mcrpccds.support.TestFhirServer;
import org.mcrpccds.web.HttpLimitsProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The fetcher as a service starts it (its defaults, a new connection pool), its first fetch of the
 * patient-view data against a HAPI {@code RestfulServer} and against a server that is not HAPI
 * ({@link PlainFhirServer}, with a listen queue small enough to drop connection attempts): both
 * give the same record, the Medication that an order references included (read by its reference
 * from the one that ignores {@code _include}).
 */
class FhirServerFetcherTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PATIENT = "pat-mcrpc-010";

  @Test
  void theFirstFetchFromANonHapiServerAndFromHapiGiveTheSameRecord() throws IOException {
    Set<String> fromHapi = firstFetch(TestFhirServer.get().base("fhir"));
    Set<String> fromPlain;
    try (PlainFhirServer plain = PlainFhirServer.start(2)) {
      fromPlain = firstFetch(plain.base());
    }

    assertThat(fromPlain).isEqualTo(fromHapi).contains(
        "Patient/" + PATIENT,
        "MedicationRequest/mcrpc010-cabazitaxel",
        "Medication/mcrpc010-med-jevtana",
        "Observation/mcrpc010-hb-2026-11-19",
        "Observation/mcrpc010-psa-2026-11-19",
        "Observation/mcrpc010-hrr-status",
        "DiagnosticReport/mcrpc010-psma-pet-report");
  }

  /** Type/id of everything a new fetcher with the default configuration gives on its first call. */
  private static Set<String> firstFetch(String server) throws IOException {
    FhirServerProperties properties = defaults("mcrpc.fhir", FhirServerProperties.class);
    HttpLimitsProperties limits = defaults("mcrpc.http", HttpLimitsProperties.class);
    FhirServerFetcher fetcher = new FhirServerFetcher(properties, new FhirServerGuard(properties), limits,
        new SimpleMeterRegistry(), TestContent.TYPES, new ComputeSlots(limits));
    PrefetchResolver prefetch = new PrefetchResolver(TestContent.TYPES, fetcher,
        new MedicationResolver(new MedicationNames(TestEvaluator.terminology(), TestContent.TYPES)));
    try {
      Set<String> found = new TreeSet<>();
      prefetch.resolve(patientView(), request(server), null).record().byType()
          .forEach(resources -> resources.forEach(r -> found.add(r.type().name() + "/" + r.resourceId())));
      return found;
    } finally {
      fetcher.destroy();
    }
  }

  private static <T> T defaults(String prefix, Class<T> type) {
    return new Binder(new MapConfigurationPropertySource()).bindOrCreate(prefix, type);
  }

  private static HookRequest request(String server) {
    JsonNode context = JSON.createObjectNode().put("userId", "Practitioner/example").put("patientId", PATIENT);
    return new HookRequest("patient-view", "5a1a2c2e-5f4e-4f3c-9d9e-2b0f6c1d7e10", server, TestFhirServer.TOKEN, PATIENT,
        context, JSON.createObjectNode());
  }

  private static ServiceDefinition patientView() throws IOException {
    return JSON.readValue(Files.readString(Path.of("cql/services/mcrpc-patient-view.json")), ServiceDefinition.class);
  }
}
