import { parseCompositeRule } from '../../src/simulator/composite-rule';

const states: Record<string, string> = { a: 'ALARM', b: 'OK', c: 'ALARM' };
const holds = (text: string) => {
  const rule = parseCompositeRule(text, ref => ref.replace(/^arn:aws:cloudwatch:[^:]+:\d+:alarm:/, ''));
  if (typeof rule === 'string') {
    throw new Error(rule);
  }
  return rule(name => states[name]);
};

describe('composite alarm rules', () => {
  test.each<[string, boolean]>([
    ['ALARM("a")', true],
    ['ALARM("b")', false],
    ['OK("b")', true],
    ['INSUFFICIENT_DATA("unknown")', true],
    ['(ALARM("a") AND ALARM("b")) OR (ALARM("a") AND ALARM("c"))', true],
    ['ALARM("a") AND ALARM("b") OR ALARM("c")', true],
    ['ALARM("a") AND (ALARM("b") OR NOT ALARM("c"))', false],
    ['ALARM("arn:aws:cloudwatch:eu-central-1:111111111111:alarm:a") AND TRUE', true],
    ['NOT FALSE', true],
  ])('%s is %s', (text, expected) => {
    expect(holds(text)).toBe(expected);
  });

  test.each<[string, string]>([
    ['ALARM(a)', 'expected a quoted alarm at token 3 (\'a\')'],
    ['ALARM("a") ALARM("b")', 'expected the end of the rule at token 5 (\'ALARM\')'],
    ['AT_LEAST(2, ALARM, ("a", "b"))', 'expected ALARM, OK, INSUFFICIENT_DATA, TRUE, FALSE, NOT or \'(\' at token 1 (\'A\')'],
    ['(ALARM("a")', 'expected \')\' at token 6 (\'end\')'],
  ])('fails if the rule is %s', (text, message) => {
    expect(parseCompositeRule(text, ref => ref)).toBe(message);
  });
});
