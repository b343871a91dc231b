package io.entire.transport.application.port.in;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CancellationTest {

  @Test
  void startsNotCancelled() {
    assertFalse(new Cancellation().isCancelled());
  }

  @Test
  void cancelRunsEveryListenerOnceAndStaysCancelled() {
    Cancellation c = new Cancellation();
    List<String> ran = new ArrayList<>();
    c.onCancel(() -> ran.add("abort socket"));
    c.onCancel(() -> ran.add("kill child"));

    c.cancel();
    c.cancel();

    assertTrue(c.isCancelled());
    assertEquals(List.of("abort socket", "kill child"), ran);
  }

  @Test
  void registeringAfterCancelRunsAtOnce() {
    Cancellation c = new Cancellation();
    c.cancel();
    AtomicInteger runs = new AtomicInteger();

    c.onCancel(runs::incrementAndGet);

    assertEquals(1, runs.get());
  }

  @Test
  void closingTheRegistrationUnregisters() {
    Cancellation c = new Cancellation();
    AtomicInteger runs = new AtomicInteger();
    Cancellation.Registration registration = c.onCancel(runs::incrementAndGet);

    registration.close();
    c.cancel();

    assertEquals(0, runs.get());
  }

  @Test
  void cancelFromAnotherThreadRunsListenersOnThatThread() throws InterruptedException {
    Cancellation c = new Cancellation();
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    c.onCancel(
        () -> {
          ranOn.set(Thread.currentThread());
          done.countDown();
        });
    Thread signalHandler = new Thread(c::cancel, "signal-handler");

    signalHandler.start();

    assertTrue(done.await(5, TimeUnit.SECONDS));
    signalHandler.join(5000);
    assertEquals(signalHandler, ranOn.get());
    assertTrue(c.isCancelled());
  }
}
