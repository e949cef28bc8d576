/**
 * The rule for names the library puts into construct ids, alarm names and set
 * identifiers (failover and signal names).
 */

/** Letters, digits, '-', '_' and '.', starting with a letter or digit; at most 64 characters. */
const USABLE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** What a usable name is, for messages. */
export const USABLE_NAME_DESCRIPTION = 'must start with a letter or digit and contain only letters, digits, \'-\', \'_\' and \'.\' (at most 64 characters)';

/** Whether `name` can name constructs, alarms and set identifiers. */
export function isUsableName(name: string): boolean {
  return USABLE_NAME.test(name);
}
