package org.mcrpccds.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The members of one JSON object of a hook request, in the order they came: names and values side
 * by side in one array, found by a linear search. A FHIR element has a handful of members, for
 * which this is as fast as hashing and a quarter of a LinkedHashMap's memory (no table, no entry
 * objects); a request holds thousands of such objects, and their garbage was a third of a call's
 * allocation. An object with more than {@value #MAX_LINEAR} members moves to a LinkedHashMap, so
 * that a hostile object with a million members costs no more than it would in Jackson's own map.
 */
final class CompactMembers extends AbstractMap<String, JsonNode> {
  static final int MAX_LINEAR = 16;
  private static final int INITIAL_MEMBERS = 4;

  /** name, value, name, value, …; null once the members have moved to {@link #large}. */
  private Object[] slots = new Object[2 * INITIAL_MEMBERS];
  private int size;
  private Map<String, JsonNode> large;

  @Override
  public JsonNode get(Object name) {
    if (large != null) {
      return large.get(name);
    }
    int i = indexOf(name);
    return i < 0 ? null : (JsonNode) slots[2 * i + 1];
  }

  @Override
  public boolean containsKey(Object name) {
    return large != null ? large.containsKey(name) : indexOf(name) >= 0;
  }

  @Override
  public JsonNode put(String name, JsonNode value) {
    if (large != null) {
      return large.put(name, value);
    }
    int i = indexOf(name);
    if (i >= 0) {
      JsonNode old = (JsonNode) slots[2 * i + 1];
      slots[2 * i + 1] = value;
      return old;
    }
    if (size == MAX_LINEAR) {
      large = new LinkedHashMap<>(4 * MAX_LINEAR);
      for (int m = 0; m < size; m++) {
        large.put((String) slots[2 * m], (JsonNode) slots[2 * m + 1]);
      }
      slots = null;
      size = 0;
      return large.put(name, value);
    }
    if (2 * size == slots.length) {
      slots = Arrays.copyOf(slots, 2 * slots.length);
    }
    slots[2 * size] = name;
    slots[2 * size + 1] = value;
    size++;
    return null;
  }

  @Override
  public JsonNode remove(Object name) {
    if (large != null) {
      return large.remove(name);
    }
    int i = indexOf(name);
    if (i < 0) {
      return null;
    }
    JsonNode old = (JsonNode) slots[2 * i + 1];
    removeAt(i);
    return old;
  }

  @Override
  public int size() {
    return large != null ? large.size() : size;
  }

  @Override
  public void clear() {
    if (large != null) {
      large.clear();
    } else {
      Arrays.fill(slots, 0, 2 * size, null);
      size = 0;
    }
  }

  @Override
  public Set<Entry<String, JsonNode>> entrySet() {
    return large != null ? large.entrySet() : new Members();
  }

  private int indexOf(Object name) {
    for (int i = 0; i < size; i++) {
      Object candidate = slots[2 * i];
      if (candidate == name || candidate.equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private void removeAt(int i) {
    System.arraycopy(slots, 2 * i + 2, slots, 2 * i, 2 * (size - i - 1));
    size--;
    slots[2 * size] = null;
    slots[2 * size + 1] = null;
  }

  /** The entry set of the array form: iterates in order, and its iterator can remove. */
  private final class Members extends AbstractSet<Entry<String, JsonNode>> {
    @Override
    public int size() {
      return size;
    }

    @Override
    public Iterator<Entry<String, JsonNode>> iterator() {
      return new Iterator<>() {
        private int next;
        private boolean removable;

        @Override
        public boolean hasNext() {
          return next < size;
        }

        @Override
        public Entry<String, JsonNode> next() {
          if (next >= size) {
            throw new NoSuchElementException();
          }
          int i = next++;
          removable = true;
          return new Member(i);
        }

        @Override
        public void remove() {
          if (!removable) {
            throw new IllegalStateException();
          }
          removable = false;
          removeAt(--next);
        }
      };
    }
  }

  /** One member, writing through to the array (Map.Entry#setValue). */
  private final class Member implements Entry<String, JsonNode> {
    private final String name;
    private final int index;

    Member(int index) {
      this.index = index;
      this.name = (String) slots[2 * index];
    }

    @Override
    public String getKey() {
      return name;
    }

    @Override
    public JsonNode getValue() {
      return (JsonNode) slots[2 * index + 1];
    }

    @Override
    public JsonNode setValue(JsonNode value) {
      JsonNode old = getValue();
      slots[2 * index + 1] = value;
      return old;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Entry<?, ?> entry && name.equals(entry.getKey()) && Objects.equals(getValue(), entry.getValue());
    }

    @Override
    public int hashCode() {
      return name.hashCode() ^ Objects.hashCode(getValue());
    }

    @Override
    public String toString() {
      return name + "=" + getValue();
    }
  }
}
