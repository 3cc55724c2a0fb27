// Everything the harness refuses is a HarnessError; failures raised inside the bundle's own code
// (where the bundle might swallow them) are also collected, so a test can never pass over one.

export class HarnessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HarnessError';
  }
}

export class Failures {
  readonly list: HarnessError[] = [];

  /** Records the failure and returns it, for the caller to throw into the bundle as well. */
  add(message: string): HarnessError {
    const failure = new HarnessError(message);
    this.list.push(failure);
    return failure;
  }

  /** Throws the first recorded failure, naming every one. */
  assertNone(): void {
    if (this.list.length === 0) return;
    throw new HarnessError(this.list.map((failure) => failure.message).join('\n'));
  }
}
