/** One broken promise of an interface's contract, found by its conformance suite: which check, and what was seen. */
export interface ConformanceFailure {
  readonly check: string;
  readonly message: string;
}
