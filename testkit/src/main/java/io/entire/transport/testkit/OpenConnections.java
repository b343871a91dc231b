package io.entire.transport.testkit;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The connections a {@link LoopbackHttpServer} is serving, so that going {@link Fault#down() down}
 * or closing can abort every one of them, hanging ones included.
 *
 * <p>Thread-safe: the accept thread admits, connection threads leave, and the thread switching the
 * fault aborts, concurrently. Admitting and aborting share one monitor, so a connection is either
 * admitted before an abort (and aborted by it) or refused; it is not the server's main lock, which
 * {@link LoopbackHttpServer#fault(Fault)} holds while it waits for the accept thread to end.
 */
final class OpenConnections {

  private final Set<ConnectionLoop> open = ConcurrentHashMap.newKeySet();

  /** Adds {@code connection} when {@code stillWanted} holds; decides atomically with aborts. */
  boolean admitIf(BooleanSupplier stillWanted, ConnectionLoop connection) {
    synchronized (open) {
      if (!stillWanted.getAsBoolean()) {
        return false;
      }
      open.add(connection);
      return true;
    }
  }

  /** Forgets a connection that ended or never started. */
  void leave(ConnectionLoop connection) {
    open.remove(connection);
  }

  /** Aborts every admitted connection (see {@link ConnectionLoop#abort()}). */
  void abortAll() {
    synchronized (open) {
      for (ConnectionLoop c : open) {
        c.abort();
      }
    }
  }
}
