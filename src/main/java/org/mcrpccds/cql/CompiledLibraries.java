package org.mcrpccds.cql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cqframework.cql.cql2elm.CqlCompilerException;
import org.cqframework.cql.cql2elm.CqlCompilerOptions;
import org.cqframework.cql.cql2elm.CqlTranslator;
import org.cqframework.cql.cql2elm.LibraryManager;
import org.cqframework.cql.cql2elm.ModelManager;
import org.cqframework.cql.cql2elm.StringLibrarySourceProvider;
import org.cqframework.cql.cql2elm.model.CompiledLibrary;
import org.cqframework.cql.cql2elm.quick.FhirLibrarySourceProvider;
import org.cqframework.cql.elm.serializing.DefaultElmLibraryReaderProvider;
import org.hl7.elm.r1.Library;
import org.hl7.elm.r1.VersionedIdentifier;

/**
 * The CQL libraries of the content, compiled once and kept in the {@link LibraryManager} cache that
 * all evaluations share. The build translates them to ELM ahead of time ({@link ElmPrecompiler});
 * at startup that ELM is used when it was made from exactly the CQL being loaded, otherwise the CQL
 * is translated here. A library with an error stops the application: a rule that silently never
 * fires is worse than a service that does not start.
 */
public final class CompiledLibraries {
  private static final Pattern HEADER = Pattern.compile("^\\s*library\\s+(\\w+)\\s+version\\s+'([^']+)'", Pattern.MULTILINE);

  private final LibraryManager libraryManager;
  private final Map<String, VersionedIdentifier> byName = new LinkedHashMap<>();
  private final boolean fromPrecompiledElm;

  /** Translates the CQL. */
  public CompiledLibraries(Collection<String> cqlSources) {
    this(cqlSources, PrecompiledElm.NONE);
  }

  public CompiledLibraries(Collection<String> cqlSources, PrecompiledElm elm) {
    this.libraryManager = new LibraryManager(new ModelManager(), options(), new ConcurrentHashMap<>());
    // FHIRHelpers 4.0.1 comes from the classpath (org.cqframework:quick)
    libraryManager.getLibrarySourceLoader().registerProvider(new FhirLibrarySourceProvider());
    libraryManager.getLibrarySourceLoader().registerProvider(new StringLibrarySourceProvider(List.copyOf(cqlSources)));

    Map<VersionedIdentifier, String> sources = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (String source : cqlSources) {
      Matcher header = HEADER.matcher(source);
      if (header.find()) {
        sources.put(new VersionedIdentifier().withId(header.group(1)).withVersion(header.group(2)), source);
      } else {
        problems.add("a CQL file has no 'library <Name> version '<v>'' header");
      }
    }
    this.fromPrecompiledElm = problems.isEmpty() && elm.matches(sources);
    if (fromPrecompiledElm) {
      elm.libraries().forEach(this::cache);
      sources.keySet().forEach(id -> byName.put(id.getId(), id));
    } else {
      sources.keySet().forEach(id -> translate(id, problems));
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("CQL translation failed:\n  " + String.join("\n  ", problems));
    }
  }

  static java.util.Optional<String> libraryName(String cql) {
    Matcher header = HEADER.matcher(cql);
    return header.find() ? java.util.Optional.of(header.group(1)) : java.util.Optional.empty();
  }

  /** The translator options, identical at build time and at startup. */
  static CqlCompilerOptions options() {
    CqlCompilerOptions options = CqlCompilerOptions.defaultOptions();
    options.getOptions().add(CqlCompilerOptions.Options.EnableResultTypes);
    return options;
  }

  private void translate(VersionedIdentifier id, List<String> problems) {
    List<CqlCompilerException> errors = new ArrayList<>();
    CompiledLibrary compiled = libraryManager.resolveLibrary(id, errors);
    errors.stream()
        .filter(e -> e.getSeverity() == CqlCompilerException.ErrorSeverity.Error)
        .forEach(e -> problems.add(id.getId() + " " + location(e) + ": " + e.getMessage()));
    if (compiled != null) {
      byName.put(id.getId(), id);
    }
  }

  private void cache(Library library) {
    var compiled = new CompiledLibrary();
    compiled.setLibrary(library);
    compiled.setIdentifier(library.getIdentifier());
    var key = new VersionedIdentifier().withId(library.getIdentifier().getId()).withVersion(library.getIdentifier().getVersion());
    libraryManager.getCompiledLibraries().put(key, compiled);
  }

  private static String location(CqlCompilerException e) {
    var locator = e.getLocator();
    return locator == null ? "" : "[" + locator.getStartLine() + ":" + locator.getStartChar() + "]";
  }

  public LibraryManager libraryManager() {
    return libraryManager;
  }

  public boolean fromPrecompiledElm() {
    return fromPrecompiledElm;
  }

  public VersionedIdentifier identifier(String libraryName) {
    VersionedIdentifier id = byName.get(libraryName);
    if (id == null) {
      throw new IllegalArgumentException("no CQL library named " + libraryName);
    }
    return id;
  }

  /** Every library as ELM: ours and the ones they include (FHIRHelpers). */
  public List<Library> all() {
    return libraryManager.getCompiledLibraries().values().stream().map(CompiledLibrary::getLibrary).toList();
  }

  public CompiledLibrary compiled(String libraryName) {
    return libraryManager.getCompiledLibraries().get(identifier(libraryName));
  }

  /** Every compiled library (ours and the ones they include), as ELM JSON, for the build. */
  Map<String, String> elmJson() {
    Map<String, String> json = new LinkedHashMap<>();
    libraryManager.getCompiledLibraries().forEach((id, compiled) ->
        json.put(id.getId() + "-" + id.getVersion() + ".json", CqlTranslator.convertToJson(compiled.getLibrary())));
    return json;
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * ELM made by the build: the libraries and, per library name, the SHA-256 of the CQL they were
   * translated from.
   */
  public record PrecompiledElm(List<String> elmJson, Map<String, String> sourceHashes) {
    public static final PrecompiledElm NONE = new PrecompiledElm(List.of(), Map.of());

    boolean matches(Map<VersionedIdentifier, String> sources) {
      if (sourceHashes.size() != sources.size()) {
        return false;
      }
      return sources.entrySet().stream()
          .allMatch(e -> sha256(e.getValue()).equals(sourceHashes.get(e.getKey().getId())));
    }

    List<Library> libraries() {
      var reader = DefaultElmLibraryReaderProvider.INSTANCE.create("application/elm+json");
      return elmJson.stream().map(reader::read).toList();
    }
  }
}
