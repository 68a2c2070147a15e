/**
 * Errors with a stable `code` that every layer can rely on. Adapters translate driver errors into these
 * so use cases never see driver types; the Teams adapter turns each code into a clear card.
 */
export type ErrorCode =
  'validation' | 'not-found' | 'forbidden' | 'conflict' | 'stale' | 'not-configured' | 'nothing-to-do' | 'internal';

/** Base class of every expected, user-explainable failure. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Field-level problems, for validation errors: field name -> message. */
    readonly details: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Input failed validation; `details` names each offending field. */
export class ValidationError extends DomainError {
  constructor(message: string, details: Record<string, string> = {}) {
    super('validation', message, details);
    this.name = 'ValidationError';
  }
}

/** The record does not exist in the caller's tenant (ids from other tenants look exactly like this). */
export class NotFoundError extends DomainError {
  constructor(message: string) {
    super('not-found', message);
    this.name = 'NotFoundError';
  }
}

/** The caller is known but their role does not allow the action. */
export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super('forbidden', message);
    this.name = 'ForbiddenError';
  }
}

/** A uniqueness rule would be broken (e.g. a second application for the same role). */
export class ConflictError extends DomainError {
  constructor(message: string) {
    super('conflict', message);
    this.name = 'ConflictError';
  }
}

/** Nothing was wrong, but there is nothing to act on yet (e.g. automatic matching with nobody to match). */
export class NothingToDoError extends DomainError {
  constructor(message: string) {
    super('nothing-to-do', message);
    this.name = 'NothingToDoError';
  }
}

/** The action was based on an outdated view of the record (stale card, double click, lost race). */
export class StaleError extends DomainError {
  constructor(message: string) {
    super('stale', message);
    this.name = 'StaleError';
  }
}
