package org.mcrpccds.bench;

import org.mcrpccds.hooks.ComputeSlots;
import org.mcrpccds.hooks.EvaluationInputs;
import org.mcrpccds.hooks.HookRequest;
import org.mcrpccds.hooks.HookRequestReader;
import org.mcrpccds.hooks.ServiceCatalog;
import org.mcrpccds.hooks.ServiceDefinition;
import org.mcrpccds.web.ApiException;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The benchmark's floor: a hook call answered after exactly the work every real call does before
 * CQL (HTTP, a compute slot, reading and checking the request, gathering what the evaluation
 * needs as the hook does: {@link EvaluationInputs}), and nothing after it. Every benchmark figure is read as a
 * ratio to this one (bench/README.md). Only in the {@code bench} profile (bench/run.sh and the test
 * suite include it): it is no CDS service, and a production service has no such endpoint.
 */
@RestController
@Profile(FloorController.PROFILE)
@RequestMapping(path = "/bench/floor", produces = MediaType.APPLICATION_JSON_VALUE)
class FloorController {
  static final String PROFILE = "bench";
  private static final String NO_CARDS = "{\"cards\":[]}";

  private final ServiceCatalog catalog;
  private final HookRequestReader reader;
  private final EvaluationInputs inputs;
  private final ComputeSlots slots;

  FloorController(ServiceCatalog catalog, HookRequestReader reader, EvaluationInputs inputs, ComputeSlots slots) {
    this.catalog = catalog;
    this.reader = reader;
    this.inputs = inputs;
    this.slots = slots;
  }

  @PostMapping("/{serviceId}")
  String call(@PathVariable String serviceId, @RequestBody(required = false) byte[] body) {
    ServiceDefinition service = catalog.find(serviceId)
        .orElseThrow(() -> ApiException.notFound("no CDS service with this id"));
    slots.run(() -> {
      HookRequest request = reader.read(body, service);
      return inputs.of(service, request);
    });
    return NO_CARDS;
  }
}
