package io.shadowflow.api;

/**
 * The faults a replay can inject, by the names users write: in a ShadowRun's {@code
 * spec.faults.types} and in the engine's {@code --faults} option. Each strikes with the catalog
 * code docs/fault-injection.md lists (e.g. DISK_FULL raises DB_DISK_FULL).
 */
public enum FaultName {
  CONNECTION_RESET,
  TIMEOUT,
  HTTP_503,
  HTTP_401,
  HTTP_403,
  HTTP_404,
  MALFORMED_RESPONSE,
  SCHEMA_VIOLATION,
  OUT_OF_MEMORY,
  DENIED_KIND,
  DB_CONNECTION_LOST,
  POOL_EXHAUSTED,
  DISK_FULL
}
