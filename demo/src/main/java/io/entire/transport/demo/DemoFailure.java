package io.entire.transport.demo;

/** A demo step did not do what it should; its message says what, for the demo's last line. */
final class DemoFailure extends Exception {
  private static final long serialVersionUID = 1L;

  DemoFailure(String message) {
    super(message);
  }
}
