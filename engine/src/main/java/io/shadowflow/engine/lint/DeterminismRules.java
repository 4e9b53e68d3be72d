package io.shadowflow.engine.lint;

import java.util.List;

/**
 * The calls {@code shadowflow lint} finds in step code: each reads something a resumed or replayed
 * run would not see again. The remedies name the step context's methods (docs/determinism.md).
 */
final class DeterminismRules {
  private static final String CLOCK = "reads the wall clock";
  private static final String USE_NOW = "use the context's now(): the run's deterministic clock";
  private static final String RANDOM = "draws from an unseeded random source";
  private static final String USE_RANDOM = "use the context's random(): the step's seeded stream";
  private static final String THREADS = "runs code on other threads, in an order no run repeats";
  private static final String USE_STEPS =
      "do the work in the step's own thread; fan out with a parallel or forEach step";
  private static final String HOST = "reads the host it runs on";
  private static final String USE_INPUT = "pass it in the run's input or a secret";
  private static final String LOCALE = "formats with the JVM's default locale or time zone";
  private static final String USE_ROOT =
      "name the locale (Locale.ROOT) and the zone (ZoneOffset.UTC)";
  private static final String HASH_ORDER = "iterates a hash-ordered collection";
  private static final String USE_ORDER = "sort it, or use a LinkedHashMap/TreeMap/TreeSet";
  private static final String EXTERNAL = "reaches outside the run without recording the result";
  private static final String USE_EXTERNAL =
      "make the call inside the context's external(key, call): it is recorded and replayed";

  static final List<Rule> ALL =
      List.of(
          rule("java/lang/System", "currentTimeMillis", CLOCK, USE_NOW),
          rule("java/lang/System", "nanoTime", CLOCK, USE_NOW),
          rule("java/time/Instant", "now", CLOCK, USE_NOW),
          rule("java/time/LocalDateTime", "now", CLOCK, USE_NOW),
          rule("java/time/LocalDate", "now", CLOCK, USE_NOW),
          rule("java/time/LocalTime", "now", CLOCK, USE_NOW),
          rule("java/time/ZonedDateTime", "now", CLOCK, USE_NOW),
          rule("java/time/OffsetDateTime", "now", CLOCK, USE_NOW),
          rule("java/time/Clock", "systemUTC", CLOCK, USE_NOW),
          rule("java/time/Clock", "systemDefaultZone", CLOCK, USE_NOW),
          overload("java/util/Date", "<init>", "()V", CLOCK, USE_NOW),
          rule("java/util/Calendar", "getInstance", CLOCK, USE_NOW),
          overload("java/util/Random", "<init>", "()V", RANDOM, USE_RANDOM),
          rule("java/security/SecureRandom", "<init>", RANDOM, USE_RANDOM),
          rule("java/lang/Math", "random", RANDOM, USE_RANDOM),
          rule("java/lang/StrictMath", "random", RANDOM, USE_RANDOM),
          rule("java/util/concurrent/ThreadLocalRandom", "current", RANDOM, USE_RANDOM),
          rule("java/util/UUID", "randomUUID", RANDOM, USE_RANDOM),
          overload("java/util/Collections", "shuffle", "(Ljava/util/List;)V", RANDOM, USE_RANDOM),
          rule("java/lang/System", "identityHashCode", RANDOM, USE_RANDOM),
          rule("java/lang/Thread", "start", THREADS, USE_STEPS),
          rule("java/lang/Thread", "startVirtualThread", THREADS, USE_STEPS),
          rule("java/util/concurrent/Executors", "*", THREADS, USE_STEPS),
          rule("java/util/concurrent/CompletableFuture", "supplyAsync", THREADS, USE_STEPS),
          rule("java/util/concurrent/CompletableFuture", "runAsync", THREADS, USE_STEPS),
          rule("java/util/concurrent/ForkJoinPool", "commonPool", THREADS, USE_STEPS),
          rule("java/util/Collection", "parallelStream", THREADS, USE_STEPS),
          rule("java/util/List", "parallelStream", THREADS, USE_STEPS),
          rule("java/util/ArrayList", "parallelStream", THREADS, USE_STEPS),
          rule("java/util/stream/Stream", "parallel", THREADS, USE_STEPS),
          rule("java/lang/System", "getenv", HOST, USE_INPUT),
          rule("java/net/InetAddress", "getLocalHost", HOST, USE_INPUT),
          rule("java/net/InetAddress", "getHostName", HOST, USE_INPUT),
          rule("java/lang/ProcessHandle", "current", HOST, USE_INPUT),
          rule("java/util/Locale", "getDefault", LOCALE, USE_ROOT),
          rule("java/util/TimeZone", "getDefault", LOCALE, USE_ROOT),
          rule("java/time/ZoneId", "systemDefault", LOCALE, USE_ROOT),
          overload(
              "java/lang/String",
              "format",
              "(Ljava/lang/String;[Ljava/lang/Object;)Ljava/lang/String;",
              LOCALE,
              USE_ROOT),
          rule("java/lang/String", "formatted", LOCALE, USE_ROOT),
          overload("java/lang/String", "toUpperCase", "()Ljava/lang/String;", LOCALE, USE_ROOT),
          overload("java/lang/String", "toLowerCase", "()Ljava/lang/String;", LOCALE, USE_ROOT),
          overload(
              "java/time/format/DateTimeFormatter",
              "ofPattern",
              "(Ljava/lang/String;)Ljava/time/format/DateTimeFormatter;",
              LOCALE,
              USE_ROOT),
          overload(
              "java/text/SimpleDateFormat", "<init>", "(Ljava/lang/String;)V", LOCALE, USE_ROOT),
          rule("java/util/HashMap", "keySet", HASH_ORDER, USE_ORDER),
          rule("java/util/HashMap", "values", HASH_ORDER, USE_ORDER),
          rule("java/util/HashMap", "entrySet", HASH_ORDER, USE_ORDER),
          rule("java/util/HashMap", "forEach", HASH_ORDER, USE_ORDER),
          rule("java/util/HashSet", "iterator", HASH_ORDER, USE_ORDER),
          rule("java/util/HashSet", "stream", HASH_ORDER, USE_ORDER),
          rule("java/util/HashSet", "forEach", HASH_ORDER, USE_ORDER),
          rule("java/util/HashSet", "toArray", HASH_ORDER, USE_ORDER),
          rule("java/net/http/HttpClient", "send", EXTERNAL, USE_EXTERNAL),
          rule("java/net/http/HttpClient", "sendAsync", EXTERNAL, USE_EXTERNAL),
          rule("java/net/URL", "openConnection", EXTERNAL, USE_EXTERNAL),
          rule("java/net/URL", "openStream", EXTERNAL, USE_EXTERNAL),
          rule("java/net/Socket", "<init>", EXTERNAL, USE_EXTERNAL),
          rule("java/nio/file/Files", "*", EXTERNAL, USE_EXTERNAL),
          rule("java/io/FileInputStream", "<init>", EXTERNAL, USE_EXTERNAL),
          rule("java/io/FileReader", "<init>", EXTERNAL, USE_EXTERNAL));

  private DeterminismRules() {}

  private static Rule rule(String owner, String method, String breaks, String instead) {
    return new Rule(owner, method, null, breaks, instead);
  }

  private static Rule overload(
      String owner, String method, String descriptor, String breaks, String instead) {
    return new Rule(owner, method, descriptor, breaks, instead);
  }
}
