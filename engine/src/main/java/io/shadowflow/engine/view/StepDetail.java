package io.shadowflow.engine.view;

import java.util.List;

/**
 * One step as its panel shows it. A step in flight has no hash, input or output yet (null), only
 * its failed attempts.
 *
 * @param plugin the plugin that brought the step's kind (jar, SHA-256, version); null for the
 *     engine's own kinds and in flight
 * @param stepHash SHA-256 over the step's canonical record; null in flight
 * @param external the external results the step obtained (what a replay is served); null when none
 * @param attempts oldest first; the committed one last
 */
public record StepDetail(
    String runId,
    String path,
    String name,
    String kind,
    String plugin,
    String stepHash,
    Payload input,
    Payload output,
    Payload external,
    List<Attempt> attempts) {}
