package org.mcrpccds.cql.compiled;

import java.util.HashMap;
import java.util.Map;

/**
 * Compile-time names of a define's or function's variables (operands, query aliases, lets) and the
 * slot each one has in the variables array its closures are evaluated with. Nested queries add
 * names in a child scope that shares the slot counter, so one array serves the whole body.
 */
final class Scope {
  private final ExecutableLibrary library;
  private final Map<String, Integer> slots;
  private final int[] size;

  private Scope(ExecutableLibrary library, Map<String, Integer> slots, int[] size) {
    this.library = library;
    this.slots = slots;
    this.size = size;
  }

  static Scope of(ExecutableLibrary library) {
    return new Scope(library, new HashMap<>(), new int[1]);
  }

  ExecutableLibrary library() {
    return library;
  }

  Scope child() {
    return new Scope(library, new HashMap<>(slots), size);
  }

  int declare(String name) {
    int slot = size[0]++;
    slots.put(name, slot);
    return slot;
  }

  /** The slot of {@code name}, or -1 when no variable of that name is in scope. */
  int slot(String name) {
    Integer slot = slots.get(name);
    return slot == null ? -1 : slot;
  }

  /** How many slots the body needs. */
  int size() {
    return size[0];
  }
}
