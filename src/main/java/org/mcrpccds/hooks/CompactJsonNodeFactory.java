package org.mcrpccds.hooks;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Jackson's tree of a hook request, with its objects' members in {@link CompactMembers}. */
final class CompactJsonNodeFactory extends JsonNodeFactory {
  private static final long serialVersionUID = 1L;

  @Override
  public ObjectNode objectNode() {
    return new ObjectNode(this, new CompactMembers());
  }
}
