// Why a task stopped early, as errors the loop can tell apart.
export class CancelledError extends Error {
  constructor(message = 'Task cancelled.') {
    super(message);
    this.name = 'CancelledError';
  }
}

export class BudgetExceededError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BudgetExceededError';
  }
}
