package org.mcrpccds.sandbox;

import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.TokenParam;
import org.hl7.fhir.instance.model.api.IAnyResource;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** A type outside any patient compartment (Medication): read, and list all or by {@code _id}. */
public class ListingSearchProvider extends SampleResourceProvider {

  ListingSearchProvider(SampleRecords records, Class<? extends IBaseResource> type, String typeName) {
    super(records, type, typeName);
  }

  @Search
  public IBundleProvider search(@OptionalParam(name = IAnyResource.SP_RES_ID) TokenParam id) {
    return matches(records.all(typeName).stream()
        .filter(resource -> id == null || resource.getIdElement().getIdPart().equals(id.getValue()))
        .toList());
  }
}
