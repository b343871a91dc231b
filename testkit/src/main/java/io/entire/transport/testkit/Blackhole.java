package io.entire.transport.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * The port of a {@link Fault#blackhole() blackholed} server: connects to it never complete, as if
 * the network dropped every SYN. A listening socket that never accepts, with its accept queue kept
 * full by connections of its own: Linux then drops further SYNs instead of answering them, and the
 * client's connect waits for its timeout. No root, no network namespace, no firewall rule.
 *
 * <p>Not thread-safe; owned by its server, which opens and closes it under its lock.
 */
final class Blackhole implements AutoCloseable {
  /** The smallest backlog: Linux queues backlog + 1 connections, so a few fill it. */
  private static final int BACKLOG = 1;

  /** Connections tried before giving up on filling the queue (a kernel that never drops SYNs). */
  private static final int MAX_FILLERS = 16;

  /** How long a filler may take to connect before the queue counts as full. */
  private static final int FULL_AFTER_MILLIS = 200;

  private final ServerSocket listener;
  private final List<Socket> fillers;

  private Blackhole(ServerSocket listener, List<Socket> fillers) {
    this.listener = listener;
    this.fillers = fillers;
  }

  /**
   * Binds {@code host:port} for the server {@code name} and fills its accept queue.
   *
   * @throws IllegalStateException when the port cannot be bound, or its queue never fills (the
   *     platform answers SYNs to a full queue, e.g. a non-Linux kernel)
   */
  static Blackhole hold(String name, String host, int port) {
    try {
      return open(host, port);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot install Fault.blackhole() on " + name + ": " + e.getMessage() + " (it is down)",
          e);
    }
  }

  private static Blackhole open(String host, int port) throws IOException {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(host), port);
    ServerSocket listener = new ServerSocket();
    List<Socket> fillers = new ArrayList<>();
    try {
      listener.setReuseAddress(true);
      listener.bind(address, BACKLOG);
      while (fillers.size() < MAX_FILLERS) {
        Socket filler = new Socket();
        try {
          filler.connect(address, FULL_AFTER_MILLIS);
        } catch (SocketTimeoutException full) {
          filler.close();
          return new Blackhole(listener, fillers); // this SYN was dropped: the queue is full
        }
        fillers.add(filler);
      }
      throw new IOException(
          "cannot blackhole " + host + ":" + port + ": the kernel kept accepting connections");
    } catch (IOException | RuntimeException e) {
      fillers.forEach(LoopbackHttpServer::closeQuietly);
      listener.close();
      throw e;
    }
  }

  /** Frees the port: the listener and its queued connections close. */
  @Override
  public void close() {
    fillers.forEach(LoopbackHttpServer::closeQuietly);
    LoopbackHttpServer.closeQuietly(listener);
  }
}
