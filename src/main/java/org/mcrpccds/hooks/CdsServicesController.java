package org.mcrpccds.hooks;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseCardJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServicesJson;
import ca.uhn.hapi.fhir.cdshooks.module.CdsHooksObjectMapperFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.mcrpccds.cards.RuleExtension;
import org.mcrpccds.web.ApiException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** CDS Hooks 2.0 endpoints: discovery and the service calls. */
@RestController
@RequestMapping(path = "/cds-services", produces = MediaType.APPLICATION_JSON_VALUE)
class CdsServicesController {
  private final ServiceCatalog catalog;
  private final HookRequestReader reader;
  private final HookService hooks;
  private final List<HookCallListener> listeners;
  private final ComputeSlots slots;
  /** HAPI's CDS Hooks mapper: the wire model, with FHIR resources inside suggestions. */
  private final ObjectMapper cdsJson;
  private final String discovery;

  CdsServicesController(ServiceCatalog catalog, HookRequestReader reader, HookService hooks,
      List<HookCallListener> listeners, ComputeSlots slots, FhirContext fhirContext) throws JsonProcessingException {
    this.catalog = catalog;
    this.reader = reader;
    this.hooks = hooks;
    this.listeners = listeners;
    this.slots = slots;
    this.cdsJson = new CdsHooksObjectMapperFactory(fhirContext).newMapper().disable(SerializationFeature.INDENT_OUTPUT);
    CdsServicesJson services = new CdsServicesJson();
    catalog.all().forEach(service -> services.addService(ServiceDescriptorJson.of(service)));
    this.discovery = cdsJson.writeValueAsString(services);
  }

  @GetMapping
  String discovery() {
    return discovery;
  }

  /**
   * The answer as UTF-8 bytes straight from Jackson: card texts are not Latin-1, and re-encoding a
   * String costs. The body is read before a compute slot is taken, so a slow client holds none.
   */
  @PostMapping("/{serviceId}")
  byte[] call(@PathVariable String serviceId, @RequestBody(required = false) byte[] body) {
    long start = System.nanoTime();
    ServiceDefinition service = catalog.find(serviceId)
        .orElseThrow(() -> ApiException.notFound("no CDS service with this id"));
    return slots.run(() -> answer(service, body, start));
  }

  private byte[] answer(ServiceDefinition service, byte[] body, long start) {
    HookRequest request = reader.read(body, service);
    HookService.Outcome outcome;
    try {
      outcome = hooks.handle(service, request);
    } catch (ApiException refused) {
      notify(service, request, refused.status().value(), List.of(), Map.of(), start);
      throw refused;
    }
    CdsServiceResponseJson response = new CdsServiceResponseJson();
    outcome.cards().forEach(response::addCard);
    byte[] json;
    try {
      json = cdsJson.writeValueAsBytes(response);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the CDS Hooks response model did not serialize", e);
    }
    notify(service, request, 200, outcome.cards(), outcome.input().dataSources(), start);
    return json;
  }

  private void notify(ServiceDefinition service, HookRequest request, int status, List<CdsServiceResponseCardJson> cards,
      Map<String, String> sources, long start) {
    if (listeners.isEmpty()) {
      return;
    }
    List<HookCall.IssuedCard> issued = cards.stream()
        .map(card -> new HookCall.IssuedCard(((RuleExtension) card.getExtension()).getRule(), card.getUuid(),
            card.getIndicator().name().toLowerCase(java.util.Locale.ROOT)))
        .toList();
    HookCall call = new HookCall(Instant.now(), service.id(), service.hook(), request.hookInstance(), request.patientId(),
        status, issued, sources, System.nanoTime() - start);
    listeners.forEach(listener -> listener.onHookCall(call));
  }
}
