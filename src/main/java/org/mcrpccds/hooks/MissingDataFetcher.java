package org.mcrpccds.hooks;

import java.util.List;
import java.util.Map;
import org.mcrpccds.fhir.FhirElement;

/** Fetches prefetch keys the client did not send from the request's {@code fhirServer}. */
public interface MissingDataFetcher {

  /**
   * @param queries prefetch key → template (with {@code {{context.*}}} tokens still in it)
   * @return the resources found, as FHIR JSON like prefetched ones (Bundles are flattened by the caller)
   * @throws org.mcrpccds.web.ApiException 412 when a key cannot be fetched
   */
  List<FhirElement> fetch(HookRequest request, Map<String, String> queries);
}
