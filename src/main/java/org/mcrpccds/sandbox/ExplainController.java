package org.mcrpccds.sandbox;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.hapi.fhir.cdshooks.module.CdsHooksObjectMapperFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.mcrpccds.hooks.HookRequestReader;
import org.mcrpccds.hooks.ServiceCatalog;
import org.mcrpccds.hooks.ServiceDefinition;
import org.mcrpccds.web.ApiException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * "Why this card": {@code POST /explain/{serviceId}} takes the same body as the hook call and
 * answers an {@link Explanation}. A separate endpoint, so hook calls do no extra work; not a CDS
 * Hooks call, so it is neither audited nor counted as cards shown. It takes no CDS client JWT, so
 * like the sample FHIR server it is a try-it feature, off in the {@code prod} profile.
 */
@RestController
@RequestMapping(path = "/explain", produces = MediaType.APPLICATION_JSON_VALUE)
@ConditionalOnProperty(prefix = "mcrpc.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
class ExplainController {
  private final ServiceCatalog catalog;
  private final HookRequestReader reader;
  private final Explainer explainer;
  /** HAPI's CDS Hooks mapper, so that cards (with FHIR resources in suggestions) read as in a hook answer. */
  private final ObjectMapper cdsJson;

  ExplainController(ServiceCatalog catalog, HookRequestReader reader, Explainer explainer, FhirContext fhirContext) {
    this.catalog = catalog;
    this.reader = reader;
    this.explainer = explainer;
    this.cdsJson = new CdsHooksObjectMapperFactory(fhirContext).newMapper().disable(SerializationFeature.INDENT_OUTPUT);
  }

  @PostMapping("/{serviceId}")
  String explain(@PathVariable String serviceId, @RequestBody(required = false) byte[] body) throws JsonProcessingException {
    ServiceDefinition service = catalog.find(serviceId)
        .orElseThrow(() -> ApiException.notFound("no CDS service with this id"));
    return cdsJson.writeValueAsString(explainer.explain(service, reader.read(body, service)));
  }
}
