package org.mcrpccds.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mcrpccds.hooks.EvaluationInputs;
import org.mcrpccds.hooks.HookRequest;
import org.mcrpccds.hooks.HookRequestReader;
import org.mcrpccds.hooks.ServiceDefinition;
import org.mcrpccds.support.TestEvaluator;
import org.mcrpccds.web.HttpLimitsProperties;
import org.springframework.util.unit.DataSize;

/**
 * The benchmark's order-sign call (BenchRequests, two drafts) read as the service reads it: the
 * body, the service as cql/services declares it, the checked request, and what its evaluation
 * reads (the patient record with the drafts, the parameters), gathered as the service gathers them.
 */
final class BenchHook {
  final byte[] body;
  final ServiceDefinition service;
  final HookRequestReader reader;
  final EvaluationInputs inputs;
  final HookRequest request;

  private BenchHook(int resources) {
    body = BenchRequests.bytes(BenchRequests.orderSignWithTwoDrafts(resources));
    service = serviceDefinition(BenchRequests.ORDER_SIGN);
    reader = new HookRequestReader(new HttpLimitsProperties(DataSize.ofMegabytes(8), resources + 100, 0));
    inputs = TestEvaluator.inputs();
    request = reader.read(body, service);
  }

  static BenchHook orderSign(int resources) {
    return new BenchHook(resources);
  }

  /** Gathered anew on every call, as every hook call gathers it. */
  EvaluationInputs.Input input() {
    return inputs.of(service, request);
  }

  private static ServiceDefinition serviceDefinition(String id) {
    try {
      return new ObjectMapper().readValue(Files.readString(Path.of("cql/services", id + ".json")), ServiceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
