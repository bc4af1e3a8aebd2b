package org.mcrpccds.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/** The deployment files of docker/, read as data for the tests. */
final class Manifests {
  static final Path DOCKER = Path.of("docker");
  static final Path K8S = DOCKER.resolve("k8s");

  private Manifests() {}

  /** Every YAML document of every file in docker/k8s, in file order. */
  static List<Map<String, Object>> kubernetes() {
    try (Stream<Path> files = Files.list(K8S)) {
      List<Map<String, Object>> documents = new ArrayList<>();
      files.filter(f -> f.toString().endsWith(".yaml") && !f.getFileName().toString().equals("kustomization.yaml"))
          .sorted()
          .forEach(file -> documents.addAll(yaml(file)));
      return documents;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> yaml(Path file) {
    try (Reader reader = Files.newBufferedReader(file)) {
      List<Map<String, Object>> documents = new ArrayList<>();
      new Yaml().loadAll(reader).forEach(document -> {
        if (document != null) {
          documents.add((Map<String, Object>) document);
        }
      });
      return documents;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, Object> only(String kind) {
    List<Map<String, Object>> found = kubernetes().stream().filter(d -> kind.equals(d.get("kind"))).toList();
    if (found.size() != 1) {
      throw new AssertionError("expected exactly one " + kind + " in docker/k8s, found " + found.size());
    }
    return found.get(0);
  }

  /** The value at a dotted path ({@code spec.template.metadata.labels}); list items as {@code containers.0}. */
  @SuppressWarnings("unchecked")
  static <T> T at(Object node, String path) {
    Object current = node;
    for (String step : path.split("\\.")) {
      if (current instanceof Map<?, ?> map) {
        current = map.get(step);
      } else if (current instanceof List<?> list && step.matches("\\d+")) {
        current = list.get(Integer.parseInt(step));
      } else {
        throw new AssertionError("no " + path + " (stopped at " + step + ")");
      }
      if (current == null) {
        throw new AssertionError("no " + path + " (missing " + step + ")");
      }
    }
    return (T) current;
  }

  static String dockerfile() {
    return read(DOCKER.resolve("Dockerfile"));
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first group of the first match of {@code regex} in {@code text}. */
  static String find(String text, String regex) {
    Matcher matcher = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
    if (!matcher.find()) {
      throw new AssertionError("nothing matches " + regex);
    }
    return matcher.group(1);
  }
}
