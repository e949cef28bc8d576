/**
 * A CloudWatch composite alarm's rule (AlarmRule), read from a template and
 * evaluated on the simulated alarm states: ALARM("x"), OK("x"),
 * INSUFFICIENT_DATA("x"), TRUE, FALSE, NOT, AND, OR and parentheses
 * (CloudWatch User Guide, "Create a composite alarm"). AT_LEAST is not read:
 * the library writes its rules with AND and OR.
 */

/** A parsed rule: whether it holds, given the state of each alarm it names. */
export type CompositeRule = (state: (alarm: string) => string | undefined) => boolean;

/**
 * Parses `text`. `alarmOf` turns what a function names (an alarm ARN, or the
 * rendered reference to one) into the alarm's name.
 *
 * @returns the rule, or an error message naming what could not be read
 */
export function parseCompositeRule(text: string, alarmOf: (reference: string) => string): CompositeRule | string {
  const tokens = text.match(/ALARM|OK|INSUFFICIENT_DATA|TRUE|FALSE|NOT|AND|OR|\(|\)|"(?:[^"\\]|\\.)*"|\S/g) ?? [];
  let i = 0;
  const fail = (what: string) => { throw new Error(`${what} at token ${i + 1} ('${tokens[i] ?? 'end'}')`); };
  const expect = (token: string) => (tokens[i] === token ? i++ : fail(`expected '${token}'`));
  const factor = (): CompositeRule => {
    const token = tokens[i++];
    if (token === 'NOT') {
      const inner = factor();
      return s => !inner(s);
    }
    if (token === 'TRUE' || token === 'FALSE') {
      return () => token === 'TRUE';
    }
    if (token === '(') {
      const inner = or();
      expect(')');
      return inner;
    }
    if (token === 'ALARM' || token === 'OK' || token === 'INSUFFICIENT_DATA') {
      expect('(');
      const quoted = tokens[i++] ?? '';
      if (!quoted.startsWith('"')) {
        i--;
        fail('expected a quoted alarm');
      }
      expect(')');
      const alarm = alarmOf(quoted.slice(1, -1));
      return s => (s(alarm) ?? 'INSUFFICIENT_DATA') === token;
    }
    i--;
    return fail('expected ALARM, OK, INSUFFICIENT_DATA, TRUE, FALSE, NOT or \'(\'');
  };
  const and = (): CompositeRule => {
    let rule = factor();
    while (tokens[i] === 'AND') {
      i++;
      const left = rule;
      const right = factor();
      rule = s => left(s) && right(s);
    }
    return rule;
  };
  const or = (): CompositeRule => {
    let rule = and();
    while (tokens[i] === 'OR') {
      i++;
      const left = rule;
      const right = and();
      rule = s => left(s) || right(s);
    }
    return rule;
  };
  try {
    const rule = or();
    return i === tokens.length ? rule : fail('expected the end of the rule');
  } catch (e) {
    return (e as Error).message;
  }
}
