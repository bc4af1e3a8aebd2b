package org.mcrpccds.hooks;

/**
 * Told about every hook call after its answer is ready. Implementations run on the request thread
 * and must return at once (queue the work), because EHRs wait synchronously for cards.
 */
public interface HookCallListener {
  void onHookCall(HookCall call);
}
