/**
 * The bad-input catalogue: misconfigurations a user can write in a few lines,
 * each answered at synth time by the construct (a thrown error), by
 * Route53AlarmGuard (an error annotation) or by a warning, with a message
 * that names the rule, what is wrong (the value received) and the fix; and
 * inputs refused at run time by the simulator and the republisher's handler.
 */
import { Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Case } from './case';
import { CASES as CONSTRUCT_CASES } from './constructs.cases';
import { CASES as GUARD_GAPS_CASES } from './guard-gaps.cases';
import { CASES as GUARD_CASES } from './guard.cases';
import { CASES as NAME_CASES } from './names.cases';
import BEFORE from './rule-ids-before-issue-16.json';
import { CASES as RUNTIME_CASES } from './runtime.cases';
import { CASES as SIGNAL_CASES } from './signals.cases';

/** The findings of a case: the thrown message, or the stack's annotations of `kind`. */
function findingsOf(make: () => Stack | void, kind: 'error' | 'warning' | 'input'): string[] {
  try {
    const stack = make();
    if (!stack) {
      return [];
    }
    const annotations = Annotations.fromStack(stack);
    const found = kind === 'error' ? annotations.findError('*', Match.anyValue()) : annotations.findWarning('*', Match.anyValue());
    return found.map(m => String(m.entry.data));
  } catch (e) {
    return [(e as Error).message];
  }
}

const ALL: Case[] = [...CONSTRUCT_CASES, ...GUARD_CASES, ...NAME_CASES, ...SIGNAL_CASES, ...GUARD_GAPS_CASES, ...RUNTIME_CASES];

describe('bad-input catalogue', () => {
  test.each(ALL)('answers %s (%s)', (_description, ruleId, make, kind = 'error') => {
    const mine = findingsOf(make, kind).filter(e => e.includes(`[${ruleId}]`));
    expect(mine).not.toEqual([]);
    if (kind === 'input') {
      // It names the input at fault (a file, an option, a property, a field) and never shows a stack trace.
      expect(mine[0]).toMatch(/'[^']+'|"[^"]+"|--[a-z-]+/);
      expect(mine[0]).not.toMatch(/\n\s+at .*:\d+:\d+/);
      return;
    }
    // It names what is wrong (a value received) and how to fix it.
    expect(mine[0]).toMatch(/got[: ]/);
    expect(mine[0]).toMatch(/Fix: \S/);
  });

  test('covers at least 80 misconfigurations', () => {
    expect(ALL.length).toBeGreaterThanOrEqual(80);
  });

  test('fires at least 25 rules added since issue 16 began', () => {
    const added = new Set(ALL.map(([, id]) => id).filter(id => !BEFORE.includes(id)));
    expect(added.size).toBeGreaterThanOrEqual(25);
  });
});
