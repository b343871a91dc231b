package io.entire.transport.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the machine's {@code git http-backend} as a CGI program for one request: the request body is
 * pumped into its stdin by another thread while its stdout is streamed to the client, so large
 * pushes and clones never sit in the heap and cannot deadlock on pipe buffers.
 *
 * <p>Immutable and thread-safe; every request gets its own process.
 */
final class GitHttpBackend {

  private static final int STDERR_TAIL = 4096;

  private final Path executable;
  private final Path projectRoot;
  private final Map<String, String> baseEnvironment;

  GitHttpBackend(Path executable, Path projectRoot, IsolatedGit git) {
    this.executable = executable;
    this.projectRoot = projectRoot;
    this.baseEnvironment = git.environment();
  }

  /**
   * Finds {@code git-http-backend} in the directory printed by {@code git --exec-path}.
   *
   * @throws IllegalStateException naming what is missing when git or the backend is not there
   */
  static Path locate(IsolatedGit git) {
    IsolatedGit.Result result;
    try {
      result = git.run(null, Duration.ofSeconds(30), "--exec-path");
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          "cannot locate git http-backend: running `git --exec-path` failed: " + e.getMessage(), e);
    }
    if (result.exitCode() != 0) {
      throw new IllegalStateException(
          "cannot locate git http-backend: `git --exec-path` exited with "
              + result.exitCode()
              + ": "
              + result.stderr().trim());
    }
    Path backend = Path.of(result.stdout().trim(), "git-http-backend");
    if (!Files.isRegularFile(backend) || !Files.isExecutable(backend)) {
      throw new IllegalStateException(
          "git http-backend not found at " + backend + " (directory from `git --exec-path`)");
    }
    return backend;
  }

  /**
   * Answers {@code ex} through a new {@code git http-backend} process.
   *
   * @param remoteUser the {@code REMOTE_USER} to pass (lets receive-pack run), or null
   * @param extraHeaders added to the response unless http-backend set the same field
   */
  void serve(Exchange ex, String remoteUser, HttpHeaders extraHeaders, ExecutorService threads)
      throws IOException {
    RequestHead head = ex.head();
    ProcessBuilder builder = new ProcessBuilder(executable.toString());
    Map<String, String> env = builder.environment();
    env.clear();
    env.putAll(baseEnvironment);
    env.put("GIT_PROJECT_ROOT", projectRoot.toString());
    env.put("GIT_HTTP_EXPORT_ALL", "1");
    env.put("GATEWAY_INTERFACE", "CGI/1.1");
    env.put("SERVER_PROTOCOL", "HTTP/1.1");
    env.put("SERVER_SOFTWARE", "entire-testkit");
    env.put("REQUEST_METHOD", head.method());
    env.put("PATH_INFO", percentDecode(head.path()));
    env.put("QUERY_STRING", head.query());
    env.put("REMOTE_ADDR", ex.remoteAddress());
    if (remoteUser != null) {
      env.put("REMOTE_USER", remoteUser);
    }
    putIfPresent(env, "CONTENT_TYPE", head.header("Content-Type"));
    long length = ex.body().declaredLength();
    if (length >= 0) {
      env.put("CONTENT_LENGTH", Long.toString(length));
    }
    // http-backend reads GIT_PROTOCOL (not HTTP_GIT_PROTOCOL) to pick protocol v2
    putIfPresent(env, "GIT_PROTOCOL", head.header("Git-Protocol"));
    putIfPresent(env, "HTTP_GIT_PROTOCOL", head.header("Git-Protocol"));
    // gzip request bodies are inflated by http-backend itself
    putIfPresent(env, "HTTP_CONTENT_ENCODING", head.header("Content-Encoding"));
    putIfPresent(env, "HTTP_USER_AGENT", head.header("User-Agent"));
    putIfPresent(env, "HTTP_HOST", head.header("Host"));

    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      ex.respondText(500, "testkit could not start " + executable + ": " + e.getMessage() + "\n");
      return;
    }
    ex.attachProcess(process);
    StderrTail stderr = new StderrTail(process.getErrorStream());
    boolean completed = false;
    try {
      // interim 100 Continue goes out on this thread, before the pump touches the body
      ex.body().sendContinueIfExpected(ex.rawOutput());
      Future<?> pump = threads.submit(() -> pump(ex.body(), process.getOutputStream()));
      threads.execute(stderr);
      InputStream stdout = new BufferedInputStream(process.getInputStream(), Exchange.BUFFER_SIZE);
      CgiResponseHead cgi = CgiResponseHead.read(stdout);
      if (cgi == null) {
        int exit = process.waitFor(10, TimeUnit.SECONDS) ? process.exitValue() : -1;
        stderr.awaitEnd();
        ex.respondText(
            502, "git http-backend sent no response (exit " + exit + "): " + stderr.tail() + "\n");
      } else {
        for (Map.Entry<String, String> field : extraHeaders.entries()) {
          cgi.headers().addIfAbsent(field.getKey(), field.getValue());
        }
        ex.respondStream(cgi.status(), cgi.headers(), stdout);
      }
      if (!awaitPump(pump) || !ex.body().isFinished()) {
        // the rest of the body is still on the wire: this connection cannot carry another request
        ex.closeConnectionAfterResponse();
      }
      completed = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ex.closeConnectionAfterResponse();
    } finally {
      // Closing its stdout first makes a process that still writes (a truncated response, a
      // client gone) fail with EPIPE at once instead of blocking until it is killed.
      LoopbackHttpServer.closeQuietly(process.getInputStream());
      if (process.isAlive()) {
        if (completed) {
          // stdout ended, so the process is exiting; give it a moment before killing it
          try {
            process.waitFor(5, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        // on failure (client gone, server closing) nobody will read its output any more
        process.destroyForcibly();
      }
      LoopbackHttpServer.closeQuietly(process.getInputStream());
    }
  }

  private static void pump(ReceivedBody body, OutputStream stdin) {
    try (stdin) {
      byte[] buf = new byte[Exchange.BUFFER_SIZE];
      int n;
      while ((n = body.read(buf, 0, buf.length)) >= 0) {
        stdin.write(buf, 0, n);
      }
    } catch (IOException e) {
      // http-backend stopped reading (it failed or answered early) or the client went away; the
      // connection is closed after the response because the body was not consumed
    }
  }

  /** Waits briefly for the pump to finish; it normally ends right after the process exits. */
  private static boolean awaitPump(Future<?> pump) throws InterruptedException {
    try {
      pump.get(2, TimeUnit.SECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  private static void putIfPresent(Map<String, String> env, String key, String value) {
    if (value != null) {
      env.put(key, value);
    }
  }

  /** Decodes %XX escapes of a URL path as UTF-8 ({@code +} stays a plus in paths). */
  static String percentDecode(String path) {
    if (path.indexOf('%') < 0) {
      return path;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%' && i + 2 < path.length()) {
        int hi = Character.digit(path.charAt(i + 1), 16);
        int lo = Character.digit(path.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          bytes.write(hi * 16 + lo);
          i += 2;
          continue;
        }
      }
      byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
      bytes.write(encoded, 0, encoded.length);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** The CGI response header block: {@code Status:} plus the fields to pass on. */
  record CgiResponseHead(int status, HttpHeaders headers) {

    /** Reads up to the blank line; null when the process wrote nothing at all. */
    static CgiResponseHead read(InputStream stdout) throws IOException {
      int status = 200;
      HttpHeaders headers = new HttpHeaders();
      boolean first = true;
      while (true) {
        String line;
        try {
          line = RequestHead.readLine(stdout, first);
        } catch (EOFException e) {
          throw new IOException("git http-backend output ended inside its header block", e);
        }
        if (line == null) {
          return null;
        }
        first = false;
        if (line.isEmpty()) {
          return new CgiResponseHead(status, headers);
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
          throw new IOException("git http-backend sent a malformed header line: " + line);
        }
        String name = line.substring(0, colon).trim();
        String value = line.substring(colon + 1).trim();
        if (name.toLowerCase(Locale.ROOT).equals("status")) {
          String code = value.split(" ", 2)[0];
          try {
            status = Integer.parseInt(code);
          } catch (NumberFormatException e) {
            throw new IOException("git http-backend sent a malformed Status: " + value, e);
          }
        } else {
          headers.add(name, value);
        }
      }
    }
  }

  /** Drains a process's stderr (so it never blocks on a full pipe), keeping the last few KiB. */
  private static final class StderrTail implements Runnable {
    private final InputStream stderr;
    private final byte[] tail = new byte[STDERR_TAIL];
    private int length;
    private boolean ended;

    StderrTail(InputStream stderr) {
      this.stderr = stderr;
    }

    @Override
    public void run() {
      byte[] buf = new byte[8192];
      try (stderr) {
        int n;
        while ((n = stderr.read(buf)) >= 0) {
          append(buf, n);
        }
      } catch (IOException e) {
        // process killed: keep what we have
      } finally {
        synchronized (this) {
          ended = true;
          notifyAll();
        }
      }
    }

    private synchronized void append(byte[] buf, int n) {
      if (n >= tail.length) {
        System.arraycopy(buf, n - tail.length, tail, 0, tail.length);
        length = tail.length;
        return;
      }
      int keep = Math.min(length, tail.length - n);
      System.arraycopy(tail, length - keep, tail, 0, keep);
      System.arraycopy(buf, 0, tail, keep, n);
      length = keep + n;
    }

    synchronized void awaitEnd() throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      while (!ended) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }

    synchronized String tail() {
      return new String(tail, 0, length, StandardCharsets.UTF_8).trim();
    }
  }
}
