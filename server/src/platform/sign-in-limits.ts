import type { CounterWindow, WindowCounters } from './counters.js';
import type { DomainError } from './errors.js';

const MINUTE = 60_000;

/**
 * How often codes may be asked for and codes and passwords guessed (ADR 0019). Each figure is a list of fixed
 * windows counted through `WindowCounters`: in this process's memory, or in Redis shared by a cluster.
 */
export type SignInLimits = {
  /**
   * Per login as typed (an org and a mobile or email, an invitation, an admin's email), whether or not it exists,
   * so that the answer never tells who is listed.
   */
  perLogin: {
    /** Member codes asked for; the first window is the resend interval. */
    codeRequests: CounterWindow[];
    /** Member codes tried (each code also dies after five wrong tries). */
    codeChecks: CounterWindow[];
    /** Admin password sign-ins, right or wrong: beyond them the email is locked until the window ends. */
    adminSignIns: CounterWindow[];
    /** Admin sign-ups of one email, taken or free: each sends a mail, so they are few (no mail bombing). */
    adminSignUps: CounterWindow[];
  };
  /** Per client address (request.ip: see ENCLAVE_TRUST_PROXY), across logins. */
  perAddress: {
    codeRequests: CounterWindow[];
    codeChecks: CounterWindow[];
    adminSignIns: CounterWindow[];
    adminSignUps: CounterWindow[];
    /** Sign-up links followed, right or wrong. */
    adminSignUpConfirms: CounterWindow[];
  };
};

/**
 * A person needs a code or two and a few tries; a guesser needs a million. Per address the figures are higher
 * because an office or a mobile carrier puts many people behind one address. Constants rather than settings:
 * they protect every deployment alike, and tests pass their own through `createEnclave`'s options.
 */
export const SIGN_IN_LIMITS: SignInLimits = {
  perLogin: {
    codeRequests: [
      { limit: 1, ms: MINUTE },
      { limit: 5, ms: 60 * MINUTE },
    ],
    codeChecks: [{ limit: 10, ms: 10 * MINUTE }],
    adminSignIns: [{ limit: 10, ms: 15 * MINUTE }],
    adminSignUps: [{ limit: 5, ms: 60 * MINUTE }],
  },
  perAddress: {
    codeRequests: [{ limit: 30, ms: 10 * MINUTE }],
    codeChecks: [{ limit: 60, ms: 10 * MINUTE }],
    adminSignIns: [{ limit: 30, ms: 15 * MINUTE }],
    adminSignUps: [{ limit: 10, ms: 60 * MINUTE }],
    adminSignUpConfirms: [{ limit: 30, ms: 15 * MINUTE }],
  },
};

export type AttemptLimit = { key: string; windows: readonly CounterWindow[] };

/** Counts sign-in attempts against their limits; one instance per Enclave, over its counters. */
export class SignInAttempts {
  constructor(
    private readonly counters: WindowCounters,
    readonly limits: SignInLimits,
  ) {}

  /**
   * Counts one attempt against each limit in turn, before anything is checked, so that concurrent attempts
   * cannot all pass a check made before any of them is counted. The first limit without room refuses with
   * `refuse()`, and the limits after it are not counted (a spent address does not use up a login's tries).
   */
  async count(limits: readonly AttemptLimit[], refuse: () => DomainError): Promise<void> {
    for (const limit of limits) {
      const [counted] = await this.counters.take([`signin:${limit.key}`], limit.windows);
      if (!counted) throw refuse();
    }
  }
}
