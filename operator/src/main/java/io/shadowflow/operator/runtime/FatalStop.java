package io.shadowflow.operator.runtime;

/**
 * What a running operator tells its host when it cannot go on: it lost its Lease (another replica
 * leads now), or an informer stopped for good (its cache would never change again). In a pod the
 * host exits, and the kubelet starts the operator again; in-process hosts restart it themselves
 * ({@link OperatorSupervisor}). Called at most once per operator, on a thread of its own, so that
 * the host may stop the operator from it.
 */
@FunctionalInterface
public interface FatalStop {
  void cannotGoOn(String reason);
}
