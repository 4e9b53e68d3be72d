package io.shadowflow.operator.shadow;

import io.shadowflow.api.Mismatch;

/**
 * What the shadow results of one ShadowRun add up to, over all its cycles.
 *
 * @param goldenRecorded golden records recorded for seeds that had none (those were not compared)
 * @param lastMismatch the most recent mismatch, null if none
 * @param replayP50Millis median replay time, null if unknown
 */
public record ShadowSummary(
    long replayed,
    long mismatches,
    long goldenRecorded,
    Mismatch lastMismatch,
    Double replayP50Millis,
    Double replayP99Millis) {}
