package io.entire.transport.bootstrap.helper;

import java.time.LocalTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * slf4j's backend in the helper (G8): one line per message on stderr, {@code [LEVEL] Logger -
 * message} as slf4j-simple writes it, with the time first under {@code ENTIRE_DEBUG}. Warnings and
 * errors always, debug only with {@code ENTIRE_DEBUG}; HttpClient's own loggers never below info,
 * since its header and wire logs print {@code Authorization} values verbatim (our HTTP adapter logs
 * requests with credentials redacted instead).
 *
 * <p>The helper's own rather than slf4j-simple: that one looks for a {@code
 * simplelogger.properties} resource in every module of the JDK and in the jar before its first
 * message, about ten milliseconds of every git command. {@link HelperLogging} names this class in
 * {@code slf4j.provider}, so slf4j does not search the class path either. Public only because slf4j
 * instantiates it by reflection.
 */
public final class StderrLoggerProvider implements SLF4JServiceProvider {
  private static volatile boolean debug;

  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new NOPMDCAdapter();
  private final ILoggerFactory factory = new Loggers();

  /** Made by slf4j. */
  public StderrLoggerProvider() {}

  /** Whether debug messages are written; loggers made earlier follow too. */
  static void debug(boolean on) {
    debug = on;
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return factory;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {
    // Nothing to read or find.
  }

  /**
   * The loggers by name, each made once. A class rather than a lambda: each lambda's first use
   * costs a start without a startup archive ~0.4 ms (DESIGN §7).
   */
  private static final class Loggers implements ILoggerFactory {
    private final Map<String, Logger> byName = new ConcurrentHashMap<>();

    @Override
    public Logger getLogger(String name) {
      Logger logger = byName.get(name);
      if (logger == null) {
        Logger made = new StderrLogger(name);
        logger = byName.putIfAbsent(name, made);
        if (logger == null) {
          logger = made;
        }
      }
      return logger;
    }
  }

  /** One named logger; its level follows {@link #debug(boolean)}. */
  private static final class StderrLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    private final String shortName;
    private final boolean httpClient;

    StderrLogger(String name) {
      this.name = name;
      this.shortName = name.substring(name.lastIndexOf('.') + 1);
      this.httpClient = name.startsWith("org.apache.hc.");
    }

    private boolean enabled(Level level) {
      if (level.toInt() >= Level.WARN.toInt()) {
        return true;
      }
      int lowest = debug ? Level.DEBUG.toInt() : Level.WARN.toInt();
      if (httpClient) {
        lowest = Math.max(lowest, Level.INFO.toInt());
      }
      return level.toInt() >= lowest;
    }

    @Override
    public boolean isTraceEnabled() {
      return false;
    }

    @Override
    public boolean isDebugEnabled() {
      return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
      return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
      if (!enabled(level)) {
        return;
      }
      StringBuilder line = new StringBuilder(128);
      if (debug) {
        LocalTime now = LocalTime.now();
        pad(line, now.getHour(), 2).append(':');
        pad(line, now.getMinute(), 2).append(':');
        pad(line, now.getSecond(), 2).append('.');
        pad(line, now.getNano() / 1_000_000, 3).append(' ');
      }
      line.append('[').append(level).append("] ").append(shortName).append(" - ");
      line.append(MessageFormatter.basicArrayFormat(pattern, arguments)).append('\n');
      // Looked up per message, as slf4j-simple does, and written in one call: lines of several
      // threads never interleave.
      java.io.PrintStream stderr = System.err;
      synchronized (stderr) {
        stderr.print(line);
        if (throwable != null && debug) {
          // A stack trace is for ENTIRE_DEBUG; the message is what the user reads.
          throwable.printStackTrace(stderr);
        }
        stderr.flush();
      }
    }

    private static StringBuilder pad(StringBuilder line, int value, int digits) {
      String text = Integer.toString(value);
      for (int i = text.length(); i < digits; i++) {
        line.append('0');
      }
      return line.append(text);
    }
  }
}
