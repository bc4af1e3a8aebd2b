package org.mcrpccds.hooks;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServicesJson;
import ca.uhn.hapi.fhir.cdshooks.module.CdsHooksObjectMapperFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
  /** HAPI's CDS Hooks mapper: the wire model, with FHIR resources inside suggestions. */
  private final ObjectMapper cdsJson;
  private final String discovery;

  CdsServicesController(ServiceCatalog catalog, HookRequestReader reader, HookService hooks, FhirContext fhirContext)
      throws JsonProcessingException {
    this.catalog = catalog;
    this.reader = reader;
    this.hooks = hooks;
    this.cdsJson = new CdsHooksObjectMapperFactory(fhirContext).newMapper();
    CdsServicesJson services = new CdsServicesJson();
    catalog.all().forEach(service -> services.addService(ServiceDescriptorJson.of(service)));
    this.discovery = cdsJson.writeValueAsString(services);
  }

  @GetMapping
  String discovery() {
    return discovery;
  }

  @PostMapping("/{serviceId}")
  String call(@PathVariable String serviceId, @RequestBody(required = false) byte[] body) throws JsonProcessingException {
    ServiceDefinition service = catalog.find(serviceId)
        .orElseThrow(() -> ApiException.notFound("no CDS service with this id"));
    HookRequest request = reader.read(body, service);
    CdsServiceResponseJson response = new CdsServiceResponseJson();
    hooks.cards(service, request).forEach(response::addCard);
    return cdsJson.writeValueAsString(response);
  }
}
