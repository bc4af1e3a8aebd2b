package org.mcrpccds.sandbox;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.method.ResponsePage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Resource;

/**
 * Read by id for one resource type of the samples; the subclasses add the searches that the type
 * supports. Nothing here writes: the sandbox server declares no create, update or delete.
 * Public because HAPI calls the annotated methods reflectively.
 */
public class SampleResourceProvider implements IResourceProvider {
  protected final SampleRecords records;
  protected final String typeName;
  private final Class<? extends IBaseResource> type;

  SampleResourceProvider(SampleRecords records, Class<? extends IBaseResource> type, String typeName) {
    this.records = records;
    this.type = type;
    this.typeName = typeName;
  }

  @Override
  public Class<? extends IBaseResource> getResourceType() {
    return type;
  }

  @Read
  public IBaseResource read(@IdParam IIdType id) {
    return records.find(typeName, id.getIdPart())
        .orElseThrow(() -> SampleServerErrors.notFound(typeName + "/" + id.getIdPart() + " is not a sample resource"));
  }

  /** A search result (pageable), each entry marked {@code search.mode = match} as EHR servers do. */
  static IBundleProvider matches(List<? extends Resource> found) {
    found.forEach(resource -> ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(resource, BundleEntrySearchModeEnum.MATCH));
    return new SimpleBundleProvider(found);
  }

  /**
   * A search result whose every page is followed by what its {@code _include}s name, marked
   * {@code search.mode = include} (the prefetch templates ask for the Medications that orders,
   * statements and administrations reference).
   */
  IBundleProvider matches(List<? extends Resource> found, Set<Include> includes) {
    if (includes == null || includes.isEmpty()) {
      return matches(found);
    }
    found.forEach(resource -> ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(resource, BundleEntrySearchModeEnum.MATCH));
    return new SimpleBundleProvider(found) {
      @Override
      public List<IBaseResource> getResources(int from, int to, ResponsePage.ResponsePageBuilder page) {
        List<IBaseResource> resources = new ArrayList<>(super.getResources(from, to, page));
        List<Resource> included = records.included(typeName, resources, includes);
        included.forEach(resource -> ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(resource, BundleEntrySearchModeEnum.INCLUDE));
        page.setIncludedResourceCount(included.size());
        resources.addAll(included);
        return resources;
      }
    };
  }
}
