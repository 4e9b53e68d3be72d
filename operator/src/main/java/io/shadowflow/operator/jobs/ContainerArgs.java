package io.shadowflow.operator.jobs;

import java.util.List;

/**
 * Container arguments as Kubernetes reads them: it expands {@code $(VAR)} from the container's
 * environment, where the database password is. Every {@code $} is written {@code $$}, which
 * Kubernetes turns back into one {@code $}, so no argument can ever be expanded.
 */
public final class ContainerArgs {
  private ContainerArgs() {}

  /** {@code args} with every {@code $} escaped: the container receives them as given. */
  public static List<String> escaped(List<String> args) {
    return args.stream().map(arg -> arg.replace("$", "$$")).toList();
  }
}
