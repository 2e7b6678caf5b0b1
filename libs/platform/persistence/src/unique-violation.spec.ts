import { isUniqueViolation } from './unique-violation.js';

describe('isUniqueViolation', () => {
  const pgError = Object.assign(new Error('duplicate key value violates unique constraint "k"'), {
    code: '23505',
    constraint: 'k',
  });

  it('recognises the pg error and a wrapper holding it as driverError', () => {
    expect(isUniqueViolation(pgError)).toBe(true);
    expect(isUniqueViolation({ message: 'wrapped', driverError: pgError })).toBe(true);
  });

  it('matches the constraint name when one is given', () => {
    expect(isUniqueViolation(pgError, 'k')).toBe(true);
    expect(isUniqueViolation(pgError, 'other')).toBe(false);
  });

  it('is false for other errors and non-errors', () => {
    expect(isUniqueViolation(Object.assign(new Error('fk'), { code: '23503' }))).toBe(false);
    expect(isUniqueViolation(undefined)).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
    expect(isUniqueViolation('23505')).toBe(false);
  });
});
