package org.mcrpccds.content;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.stereotype.Component;

/** Reads the clinical content files. Used at startup only; requests never touch files. */
@Component
public class ContentStore {
  private final ResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
  private final String base;

  public ContentStore(ContentProperties properties) {
    String location = properties.location();
    this.base = location.endsWith("/") ? location : location + "/";
  }

  /** Files matching {@code pattern} (e.g. {@code cql/*.cql}), by file name, sorted. */
  public Map<String, String> read(String pattern) {
    try {
      Resource[] found = resolver.getResources(base + pattern);
      return Arrays.stream(found)
          .filter(Resource::isReadable)
          .sorted(Comparator.comparing(Resource::getFilename))
          .collect(Collectors.toMap(Resource::getFilename, ContentStore::text, (a, b) -> a, java.util.LinkedHashMap::new));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + base + pattern, e);
    }
  }

  private static String text(Resource resource) {
    try (var in = resource.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource.getDescription(), e);
    }
  }
}
