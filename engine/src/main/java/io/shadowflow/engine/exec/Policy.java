package io.shadowflow.engine.exec;

import io.shadowflow.engine.policy.PolicyEnforcer;

/**
 * The rules a list of steps runs under: the run's policy, or the cleanup steps' (only the allowed
 * kinds, so a run out of budget or time can still clean up), and the attempts it makes.
 */
record Policy(PolicyEnforcer enforcer, StepAttempts attempts) {}
