package org.mcrpccds.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mcrpccds.fhir.PatientRecord;
import org.mcrpccds.hooks.HookRequest;
import org.mcrpccds.hooks.HookRequestReader;
import org.mcrpccds.hooks.MedicationNames;
import org.mcrpccds.hooks.MedicationResolver;
import org.mcrpccds.hooks.PrefetchResolver;
import org.mcrpccds.hooks.ServiceDefinition;
import org.mcrpccds.support.TestContent;
import org.mcrpccds.support.TestEvaluator;
import org.mcrpccds.web.HttpLimitsProperties;
import org.springframework.util.unit.DataSize;

/**
 * The benchmark's order-sign call (BenchRequests, two drafts) read as the service reads it: the
 * body, the service as cql/services declares it, the checked request, and its patient record.
 */
final class BenchHook {
  final byte[] body;
  final ServiceDefinition service;
  final HookRequestReader reader;
  final PrefetchResolver prefetch;
  final HookRequest request;

  private BenchHook(int resources) {
    body = BenchRequests.bytes(BenchRequests.orderSignWithTwoDrafts(resources));
    service = serviceDefinition(BenchRequests.ORDER_SIGN);
    reader = new HookRequestReader(new HttpLimitsProperties(DataSize.ofMegabytes(8), resources + 100, 0));
    prefetch = new PrefetchResolver(TestContent.TYPES, request -> {
      throw new IllegalStateException("the benchmark request holds all its data");
    }, new MedicationResolver(new MedicationNames(TestEvaluator.terminology(), TestContent.TYPES)));
    request = reader.read(body, service);
  }

  static BenchHook orderSign(int resources) {
    return new BenchHook(resources);
  }

  PatientRecord record() {
    return prefetch.resolve(service, request, null).record();
  }

  private static ServiceDefinition serviceDefinition(String id) {
    try {
      return new ObjectMapper().readValue(Files.readString(Path.of("cql/services", id + ".json")), ServiceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
