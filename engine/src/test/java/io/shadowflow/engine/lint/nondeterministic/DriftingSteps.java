package io.shadowflow.engine.lint.nondeterministic;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Step code with each class of non-determinism `shadowflow lint` must name; every line it must name
 * ends with a {@code // finding} comment, which the test reads for the expected lines.
 */
public final class DriftingSteps {
  private DriftingSteps() {}

  public static long clock() {
    long millis = System.currentTimeMillis(); // finding
    return millis + Instant.now().getNano(); // finding
  }

  public static String random() {
    int draw = new Random().nextInt(); // finding
    return draw + UUID.randomUUID().toString(); // finding
  }

  public static List<String> hashOrder(HashSet<String> tags, HashMap<String, Integer> counts) {
    List<String> order = new ArrayList<>();
    for (String tag : tags) { // finding
      order.add(tag);
    }
    order.addAll(counts.keySet()); // finding
    return order;
  }

  public static String locale(double price) {
    return String.format("%.2f", price); // finding
  }

  public static void race(List<String> out) throws InterruptedException {
    Thread writer = new Thread(() -> out.add("writer"));
    writer.start(); // finding
    out.add("step");
    writer.join();
  }

  public static String host() throws Exception {
    String home = System.getenv("HOME"); // finding
    return home + InetAddress.getLocalHost(); // finding
  }

  public static String aroundTheContext(HttpClient client) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://example.invalid/")).build();
    return client.send(request, HttpResponse.BodyHandlers.ofString()).body(); // finding
  }

  public static Supplier<Double> inALambda() {
    return () -> Math.random(); // finding
  }
}
