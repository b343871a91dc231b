package io.entire.transport.testkit;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Fault} as installed on one server by {@link TestServer#fault(Fault)}: the fault and,
 * when it is limited with {@link Fault#times(int)}, how many matching requests may still get it.
 * Each installation counts afresh, so installing the same fault again starts its count again.
 *
 * <p>Thread-safe: every connection thread claims from it; the count is taken atomically, so with
 * concurrent requests exactly {@code limit} of them get the fault.
 */
final class InstalledFault {

  private final Fault fault;
  private final AtomicInteger remaining;

  InstalledFault(Fault fault) {
    this.fault = fault;
    this.remaining = new AtomicInteger(fault.limit());
  }

  Fault fault() {
    return fault;
  }

  /**
   * The fault a request with this method and path gets: the installed one when it matches and is
   * not spent (taking one from its count), else {@link Fault#none()}.
   */
  Fault claim(String method, String path) {
    if (!fault.appliesTo(method, path)) {
      return Fault.none();
    }
    if (fault.limit() == 0) {
      return fault;
    }
    int before = remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0);
    return before > 0 ? fault : Fault.none();
  }
}
