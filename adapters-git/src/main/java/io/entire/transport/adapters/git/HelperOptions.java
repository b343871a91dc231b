package io.entire.transport.adapters.git;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The options git sets with {@code option <name> <value>} (rule G7) and how they become {@code git
 * fetch-pack} / {@code git send-pack} arguments, mirroring git's own http helper.
 *
 * <p>Not thread-safe: one instance per helper run.
 */
final class HelperOptions {

  /** The reply for an option git set successfully. */
  static final String OK = "ok";

  /** The reply for an option this helper does not know. */
  static final String UNSUPPORTED = "unsupported";

  private static final Set<String> KNOWN =
      Set.of(
          "verbosity",
          "progress",
          "depth",
          "deepen-since",
          "deepen-not",
          "deepen-relative",
          "followtags",
          "dry-run",
          "cas",
          "force-if-includes",
          "atomic",
          "push-option",
          "pushcert",
          "filter",
          "object-format",
          "check-connectivity",
          "cloning",
          "update-shallow",
          // Partial clones: git marks the first fetch of a filtered clone and lazy fetches of
          // missing objects with these; without them fetch-pack does not record the pack as a
          // promisor pack and git reports the filtered-out objects as missing.
          "from-promisor",
          "no-dependents",
          "refetch");

  /** When to sign pushes ({@code pushcert}). */
  enum PushCert {
    NEVER,
    IF_ASKED,
    ALWAYS
  }

  // git's defaults: verbosity is the user's verbosity + 1; git always sends progress.
  private int verbosity = 1;
  private boolean progress;
  private long depth;
  private String deepenSince;
  private final List<String> deepenNot = new ArrayList<>();
  private boolean deepenRelative;
  private boolean followTags;
  private boolean dryRun;
  private final List<String> cas = new ArrayList<>();
  private boolean forceIfIncludes;
  private boolean atomic;
  private final List<String> pushOptions = new ArrayList<>();
  private PushCert pushCert = PushCert.NEVER;
  private String filter;
  private boolean objectFormat;
  private boolean checkConnectivity;
  private boolean cloning;
  private boolean updateShallow;
  private boolean fromPromisor;
  private boolean noDependents;
  private boolean refetch;

  /**
   * Applies one option.
   *
   * @param name the option name
   * @param rawValue the value as git sent it, possibly C-quoted; {@code "true"} when git sent none
   * @return the reply line: {@code ok}, {@code unsupported} or {@code error invalid <name>}
   */
  String apply(String name, String rawValue) {
    String value;
    try {
      value = CQuotedString.isQuoted(rawValue) ? CQuotedString.unquote(rawValue) : rawValue;
    } catch (IllegalArgumentException e) {
      return isKnown(name) ? invalid(name) : UNSUPPORTED;
    }
    if (!isKnown(name)) {
      return UNSUPPORTED;
    }
    try {
      switch (name) {
        case "verbosity" -> verbosity = parseInt(value);
        case "progress" -> progress = parseBoolean(value);
        case "depth" -> depth = parseDepth(value);
        case "deepen-since" -> deepenSince = requireNonEmpty(value);
        case "deepen-not" -> deepenNot.add(requireNonEmpty(value));
        case "deepen-relative" -> deepenRelative = parseBoolean(value);
        case "followtags" -> followTags = parseBoolean(value);
        case "dry-run" -> dryRun = parseBoolean(value);
        case "cas" -> cas.add(value);
        case "force-if-includes" -> forceIfIncludes = parseBoolean(value);
        case "atomic" -> atomic = parseBoolean(value);
        case "push-option" -> pushOptions.add(value);
        case "pushcert" -> pushCert = parsePushCert(value);
        case "filter" -> filter = requireNonEmpty(value);
        case "object-format" -> objectFormat = parseObjectFormat(value);
        case "check-connectivity" -> checkConnectivity = parseBoolean(value);
        case "cloning" -> cloning = parseBoolean(value);
        case "update-shallow" -> updateShallow = parseBoolean(value);
        case "from-promisor" -> fromPromisor = parseTransportFlag(value);
        case "no-dependents" -> noDependents = parseTransportFlag(value);
        case "refetch" -> refetch = parseTransportFlag(value);
        default -> throw new IllegalStateException("option not wired: " + name);
      }
    } catch (IllegalArgumentException e) {
      return invalid(name);
    }
    return OK;
  }

  private static boolean isKnown(String name) {
    return KNOWN.contains(name);
  }

  private static String invalid(String name) {
    return "error invalid " + name;
  }

  /** Returns the verbosity (the user's verbosity + 1; 0 is quiet). */
  int verbosity() {
    return verbosity;
  }

  /** Returns whether git asked for {@code :object-format} in {@code list} output. */
  boolean objectFormat() {
    return objectFormat;
  }

  /** Returns whether {@code --dry-run} was requested. */
  boolean dryRun() {
    return dryRun;
  }

  /**
   * The arguments of {@code git fetch-pack} for a v0/v1 fetch (G5), as git's http helper passes
   * them.
   *
   * @param url the remote URL, shown in fetch-pack's messages
   */
  List<String> fetchPackArguments(String url) {
    List<String> args = new ArrayList<>();
    args.add("fetch-pack");
    args.add("--stateless-rpc");
    args.add("--stdin");
    args.add("--lock-pack");
    if (followTags) {
      args.add("--include-tag");
    }
    args.add("--thin");
    if (verbosity >= 3) {
      args.add("-v");
      args.add("-v");
    }
    if (checkConnectivity) {
      args.add("--check-self-contained-and-connected");
    }
    if (cloning) {
      args.add("--cloning");
    }
    if (updateShallow) {
      args.add("--update-shallow");
    }
    if (!progress) {
      args.add("--no-progress");
    }
    if (depth > 0) {
      args.add("--depth=" + depth);
    }
    if (deepenSince != null) {
      args.add("--shallow-since=" + deepenSince);
    }
    for (String exclude : deepenNot) {
      args.add("--shallow-exclude=" + exclude);
    }
    // git only deepens relative to the current shallow boundary when a depth is given.
    if (deepenRelative && depth > 0) {
      args.add("--deepen-relative");
    }
    if (filter != null) {
      args.add("--filter=" + filter);
    }
    if (fromPromisor) {
      args.add("--from-promisor");
    }
    if (noDependents) {
      args.add("--no-dependents");
    }
    if (refetch) {
      args.add("--refetch");
    }
    args.add(url);
    return args;
  }

  /**
   * The arguments of {@code git send-pack} for a push (G6), as git's http helper passes them.
   *
   * @param url the remote URL, shown in send-pack's messages
   */
  List<String> sendPackArguments(String url) {
    List<String> args = new ArrayList<>();
    args.add("send-pack");
    args.add("--stateless-rpc");
    args.add("--helper-status");
    args.add("--thin");
    if (dryRun) {
      args.add("--dry-run");
    }
    if (pushCert == PushCert.ALWAYS) {
      args.add("--signed=yes");
    } else if (pushCert == PushCert.IF_ASKED) {
      args.add("--signed=if-asked");
    }
    if (atomic) {
      args.add("--atomic");
    }
    if (verbosity == 0) {
      args.add("--quiet");
    } else if (verbosity > 1) {
      args.add("--verbose");
    }
    for (String option : pushOptions) {
      args.add("--push-option=" + option);
    }
    args.add(progress ? "--progress" : "--no-progress");
    for (String lease : cas) {
      args.add("--force-with-lease=" + lease);
    }
    if (forceIfIncludes) {
      args.add("--force-if-includes");
    }
    args.add("--stdin");
    args.add(url);
    return args;
  }

  private static int parseInt(String value) {
    if (!value.matches("-?[0-9]{1,9}")) {
      throw new IllegalArgumentException("not an integer");
    }
    return Integer.parseInt(value);
  }

  private static long parseDepth(String value) {
    if (!value.matches("[0-9]{1,18}")) {
      throw new IllegalArgumentException("not a depth");
    }
    return Long.parseLong(value);
  }

  private static boolean parseBoolean(String value) {
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("not a boolean");
    };
  }

  /**
   * A flag git may pass on as the transport set it: {@code git clone --filter} sends {@code option
   * from-promisor 1}, lazy fetches send {@code true}; git's http helper takes both.
   */
  private static boolean parseTransportFlag(String value) {
    return switch (value) {
      case "1" -> true;
      case "0" -> false;
      default -> parseBoolean(value);
    };
  }

  private static PushCert parsePushCert(String value) {
    return switch (value) {
      case "true" -> PushCert.ALWAYS;
      case "false" -> PushCert.NEVER;
      case "if-asked" -> PushCert.IF_ASKED;
      default -> throw new IllegalArgumentException("not a pushcert value");
    };
  }

  private static boolean parseObjectFormat(String value) {
    // git only ever sends "true": it asks the helper to report the remote's object format.
    if (!value.equals("true")) {
      throw new IllegalArgumentException("not true");
    }
    return true;
  }

  private static String requireNonEmpty(String value) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException("empty");
    }
    return value;
  }
}
