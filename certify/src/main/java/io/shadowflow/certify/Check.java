package io.shadowflow.certify;

/** One item's check, run against the installation under certification. */
@FunctionalInterface
public interface Check {
  Evidence run(Certification certification) throws Exception;
}
