package org.mcrpccds.cql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cqframework.cql.cql2elm.CqlCompilerException;
import org.cqframework.cql.cql2elm.CqlCompilerOptions;
import org.cqframework.cql.cql2elm.LibraryManager;
import org.cqframework.cql.cql2elm.ModelManager;
import org.cqframework.cql.cql2elm.StringLibrarySourceProvider;
import org.cqframework.cql.cql2elm.model.CompiledLibrary;
import org.cqframework.cql.cql2elm.quick.FhirLibrarySourceProvider;
import org.hl7.elm.r1.VersionedIdentifier;

/**
 * Translates every CQL library of the content once, at startup, and keeps the compiled result in
 * the {@link LibraryManager} cache that all evaluations share. A library with an error stops the
 * application: a rule that silently never fires is worse than a service that does not start.
 */
public final class CompiledLibraries {
  private static final Pattern HEADER = Pattern.compile("^\\s*library\\s+(\\w+)\\s+version\\s+'([^']+)'", Pattern.MULTILINE);

  private final LibraryManager libraryManager;
  private final Map<String, VersionedIdentifier> byName = new LinkedHashMap<>();

  public CompiledLibraries(Collection<String> cqlSources) {
    this.libraryManager = new LibraryManager(new ModelManager(), CqlCompilerOptions.defaultOptions(), new ConcurrentHashMap<>());
    // FHIRHelpers 4.0.1 comes from the classpath (org.cqframework:quick)
    libraryManager.getLibrarySourceLoader().registerProvider(new FhirLibrarySourceProvider());
    libraryManager.getLibrarySourceLoader().registerProvider(new StringLibrarySourceProvider(List.copyOf(cqlSources)));

    List<String> problems = new ArrayList<>();
    for (String source : cqlSources) {
      Matcher header = HEADER.matcher(source);
      if (!header.find()) {
        problems.add("a CQL file has no 'library <Name> version '<v>'' header");
        continue;
      }
      VersionedIdentifier id = new VersionedIdentifier().withId(header.group(1)).withVersion(header.group(2));
      List<CqlCompilerException> errors = new ArrayList<>();
      CompiledLibrary compiled = libraryManager.resolveLibrary(id, errors);
      errors.stream()
          .filter(e -> e.getSeverity() == CqlCompilerException.ErrorSeverity.Error)
          .forEach(e -> problems.add(id.getId() + " " + location(e) + ": " + e.getMessage()));
      if (compiled != null) {
        byName.put(id.getId(), id);
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("CQL translation failed:\n  " + String.join("\n  ", problems));
    }
  }

  private static String location(CqlCompilerException e) {
    var locator = e.getLocator();
    return locator == null ? "" : "[" + locator.getStartLine() + ":" + locator.getStartChar() + "]";
  }

  public LibraryManager libraryManager() {
    return libraryManager;
  }

  public VersionedIdentifier identifier(String libraryName) {
    VersionedIdentifier id = byName.get(libraryName);
    if (id == null) {
      throw new IllegalArgumentException("no CQL library named " + libraryName);
    }
    return id;
  }

  public CompiledLibrary compiled(String libraryName) {
    return libraryManager.getCompiledLibraries().get(identifier(libraryName));
  }
}
