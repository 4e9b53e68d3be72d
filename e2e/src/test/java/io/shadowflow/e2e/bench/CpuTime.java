package io.shadowflow.e2e.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** CPU seconds a process has used so far: what tells a benchmark which process limits it. */
final class CpuTime {
  /** Linux's USER_HZ, the unit of /proc/stat: 100 on every common architecture. */
  private static final int CLOCK_TICKS = 100;

  private CpuTime() {}

  /** Of another process; NaN where the platform does not say. */
  static double of(Process process) {
    return process.info().totalCpuDuration().map(d -> d.toMillis() / 1000.0).orElse(Double.NaN);
  }

  /**
   * Busy CPU seconds of the whole machine since it started (Linux's {@code /proc/stat}), every
   * process included: whether the cores were saturated, and by whom else; NaN elsewhere.
   */
  static double ofMachine() {
    try {
      String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      // cpu user nice system idle iowait irq softirq steal ...: all but idle and iowait are busy
      long busy = 0;
      for (int i = 1; i < Math.min(fields.length, 9); i++) {
        if (i != 4 && i != 5) {
          busy += Long.parseLong(fields[i]);
        }
      }
      return busy / (double) CLOCK_TICKS;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /**
   * CPU seconds of the local PostgreSQL server: its postmaster with the backends it has reaped, and
   * the processes it runs now (Linux's {@code /proc}); NaN elsewhere.
   */
  static double ofPostgres() {
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      Map<Long, long[]> stats = new HashMap<>();
      processes
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .forEach(
              p ->
                  stat(p).ifPresent(f -> stats.put(Long.parseLong(p.getFileName().toString()), f)));
      long ticks = 0;
      for (long[] fields : stats.values()) {
        boolean child = stats.containsKey(fields[0]);
        // A child's time moves into its postmaster's cutime and cstime once it is reaped.
        ticks += child ? fields[1] + fields[2] : fields[1] + fields[2] + fields[3] + fields[4];
      }
      return stats.isEmpty() ? Double.NaN : ticks / (double) CLOCK_TICKS;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** ppid, utime, stime, cutime, cstime of a process named postgres. */
  private static Optional<long[]> stat(Path process) {
    try {
      String stat = Files.readString(process.resolve("stat"));
      if (!stat.contains("(postgres)")) {
        return Optional.empty();
      }
      // After the name in parentheses: state ppid ... utime(14) stime cutime cstime(17)
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Optional.of(
          new long[] {
            Long.parseLong(f[1]),
            Long.parseLong(f[11]),
            Long.parseLong(f[12]),
            Long.parseLong(f[13]),
            Long.parseLong(f[14])
          });
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // gone meanwhile, or not ours to read
    }
  }

  /** Of this JVM: in the benchmarks, the API server stand-in and the benchmark's own clients. */
  static double ofThisProcess() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1e9;
  }
}
