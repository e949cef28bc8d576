import {
  breaches, Comparison, MAX_GAP_MINUTES, verdict, VERDICT_WINDOW_MARGIN_MINUTES, VerdictRule, verdictWindowMinutes,
} from '../../src/model/republisher/verdict';

/** 3 of 3 minutes above 1; recovers at the first minute at or below 1 (any minute may prove it: no settling). */
const rule = (overrides: Partial<VerdictRule> = {}): VerdictRule => ({
  threshold: 1,
  comparison: 'GreaterThanThreshold',
  datapointsToAlarm: 3,
  evaluationPeriods: 3,
  recoveryThreshold: 1,
  recoveryPeriods: 1,
  recoverySettleMinutes: 0,
  ...overrides,
});
/** A breaching minute, a healthy minute, a minute without data. */
const B = 5;
const H = 0;
const _ = undefined;

describe('breaches', () => {
  test.each<[Comparison, number, boolean]>([
    ['GreaterThanThreshold', 0.9, false], ['GreaterThanThreshold', 1, false], ['GreaterThanThreshold', 1.1, true],
    ['GreaterThanOrEqualToThreshold', 0.9, false], ['GreaterThanOrEqualToThreshold', 1, true], ['GreaterThanOrEqualToThreshold', 1.1, true],
    ['LessThanThreshold', 0.9, true], ['LessThanThreshold', 1, false], ['LessThanThreshold', 1.1, false],
    ['LessThanOrEqualToThreshold', 0.9, true], ['LessThanOrEqualToThreshold', 1, true], ['LessThanOrEqualToThreshold', 1.1, false],
  ])('%s: %s against 1 breaches: %s', (comparison, value, expected) => {
    expect(breaches(value, 1, comparison)).toBe(expected);
  });
});

describe('verdict: entering', () => {
  test.each<[string, (number | undefined)[]]>([
    ['an empty window', []],
    ['a window with no data', [_, _, _, _, _]],
    ['healthy minutes', [H, H, H, H]],
    ['2 breaching minutes of 3', [H, B, B]],
    ['3 breaching minutes, not in a row', [B, B, H, B]],
  ])('%s: healthy (0)', (_name, values) => {
    expect(verdict(values, rule())).toBe(0);
  });

  test('N minutes in a row breaching: unhealthy (1)', () => {
    expect(verdict([H, B, B, B], rule())).toBe(1);
  });

  test('M of N: 2 of the last 3 minutes with data', () => {
    const twoOfThree = rule({ datapointsToAlarm: 2 });
    expect(verdict([B, H, B], twoOfThree)).toBe(1);
    expect(verdict([B, H, H, B], twoOfThree)).toBe(0);
  });

  test('minutes without data are skipped: N breaches spread over N + MAX_GAP_MINUTES minutes count', () => {
    expect(MAX_GAP_MINUTES).toBe(2);
    expect(verdict([B, _, B, _, B], rule())).toBe(1);
    expect(verdict([B, _, _, B, B], rule())).toBe(1);
  });

  test('... but not when they spread over more than N + MAX_GAP_MINUTES minutes', () => {
    expect(verdict([B, _, _, B, _, B], rule())).toBe(0);
    expect(verdict([B, _, _, _, B, B], rule())).toBe(0);
  });

  test('a late minute (no data yet, then its value) counts as soon as it arrives', () => {
    expect(verdict([H, B, B, _], rule())).toBe(0);
    expect(verdict([H, B, B, B], rule())).toBe(1);
  });

  test('non-finite values are ignored (neither breach nor recovery)', () => {
    expect(verdict([NaN, Infinity, -Infinity], rule())).toBe(0);
    expect(verdict([B, NaN, B, Infinity, B], rule())).toBe(1);
    expect(verdict([B, B, B, -Infinity, NaN], rule())).toBe(1);
  });

  test('GreaterThanOrEqualToThreshold breaches at the threshold, GreaterThanThreshold does not', () => {
    expect(verdict([1, 1, 1], rule({ comparison: 'GreaterThanOrEqualToThreshold' }))).toBe(1);
    expect(verdict([1, 1, 1], rule())).toBe(0);
  });
});

describe('verdict: recovering (hysteresis)', () => {
  const band = rule({ recoveryThreshold: 0.5 });

  test('a value in the band between the recovery threshold and the threshold keeps the Region out', () => {
    expect(verdict([B, B, B, 0.8, 0.8, 0.8], band)).toBe(1);
    expect(verdict([B, B, B, 0.8, 0.5], band)).toBe(0);
    expect(verdict([B, B, B, 0.3], band)).toBe(0);
  });

  test('a value in the band does not make a healthy Region unhealthy (it is assumed healthy before the window)', () => {
    expect(verdict([0.8, 0.8, 0.8, 0.8], band)).toBe(0);
  });

  test('recoveryPeriods: that many minutes with data in a row on the healthy side', () => {
    const three = rule({ recoveryPeriods: 3 });
    expect(verdict([B, B, B, H, H], three)).toBe(1);
    expect(verdict([B, B, B, H, H, H], three)).toBe(0);
    expect(verdict([B, B, B, H, _, H, _, H], three)).toBe(0);
    expect(verdict([B, B, B, H, H, 3, H, H], three)).toBe(1);
    expect(verdict([B, B, B, H, H, 3, H, H, H], three)).toBe(0);
  });

  test('missing data never brings a Region back', () => {
    expect(verdict([B, B, B, _, _, _, _, _, _, _], rule())).toBe(1);
    expect(verdict([B, B, B, H, _, _, _, _], rule({ recoveryPeriods: 2 }))).toBe(1);
  });

  test('a new breach after recovery needs M of N again', () => {
    expect(verdict([B, B, B, H, H, H, B], rule())).toBe(0);
    expect(verdict([B, B, B, H, H, H, B, B, B], rule())).toBe(1);
  });

  test('LessThanThreshold: unhealthy below, recovers at or above the recovery threshold', () => {
    const low = rule({ threshold: 10, recoveryThreshold: 20, comparison: 'LessThanThreshold' });
    expect(verdict([5, 5, 5], low)).toBe(1);
    expect(verdict([5, 5, 10], low)).toBe(0);
    expect(verdict([5, 5, 5, 15], low)).toBe(1);
    expect(verdict([5, 5, 5, 20], low)).toBe(0);
  });

  test('LessThanOrEqualToThreshold: the threshold itself breaches, and the recovery threshold itself does not recover', () => {
    const low = rule({ threshold: 10, recoveryThreshold: 20, comparison: 'LessThanOrEqualToThreshold' });
    expect(verdict([10, 10, 10], low)).toBe(1);
    expect(verdict([10, 10, 10, 20], low)).toBe(1);
    expect(verdict([10, 10, 10, 20.1], low)).toBe(0);
  });

  test('stateless: the verdict depends only on the values given (a minute read again, complete, changes it)', () => {
    const early = [H, H, B, B, B];
    const complete = [H, H, B, B, 0.9];
    expect(verdict(early, rule())).toBe(1);
    expect(verdict(complete, rule())).toBe(0);
    expect(verdict(early, rule())).toBe(1);
  });

  /*
   * Known defect, reported (not fixed here: verdict.ts is owned elsewhere). With M < N and
   * recoveryPeriods shorter than N - 1, breaches from before a recovery still count for the
   * next decision, so one incident flaps: 3 breaching minutes under "3 of 5, recover after 1"
   * give 1, 0, 1, 0 in successive runs, where the CloudWatch alarm with the same M of N
   * would stay in ALARM for minutes 3 to 5, then OK. Remove `.failing` once fixed.
   */
  test('a recovery is not undone by the breaches that came before it (M of N, one incident)', () => {
    const threeOfFive = rule({ datapointsToAlarm: 3, evaluationPeriods: 5, recoveryPeriods: 1 });
    const incident = [H, H, B, B, B, H, H, H, H];
    const runs = [5, 6, 7, 8, 9].map(end => verdict(incident.slice(0, end), threeOfFive));
    expect(runs).toEqual([1, 0, 0, 0, 0]);
  });
});

describe('verdictWindowMinutes', () => {
  test('the longest rule\'s N + MAX_GAP_MINUTES + recoveryPeriods, plus the margin', () => {
    expect(VERDICT_WINDOW_MARGIN_MINUTES).toBe(10);
    expect(verdictWindowMinutes([rule()])).toBe(3 + 2 + 1 + 10);
    expect(verdictWindowMinutes([rule(), rule({ evaluationPeriods: 5, recoveryPeriods: 4 })])).toBe(5 + 2 + 4 + 10);
  });

  test('no rules: one minute plus the margin', () => {
    expect(verdictWindowMinutes([])).toBe(11);
  });

  test('the window holds an incident\'s entry and exit: entered, then recovered, as the rules say', () => {
    const r = rule({ evaluationPeriods: 5, datapointsToAlarm: 5, recoveryPeriods: 4 });
    const minutes = verdictWindowMinutes([r]);
    const values = Array.from({ length: minutes }, (_unused, i) => (i < 5 ? B : i < minutes - 4 ? _ : H));
    expect(verdict(values.slice(0, minutes - 1), r)).toBe(1);
    expect(verdict(values, r)).toBe(0);
  });
});

describe('verdict: a minute proves a recovery only once it has settled', () => {
  // The window ends with the run's minute: index values.length - k is k minutes old.
  const settling = rule({ recoverySettleMinutes: 4 });

  test('a clean minute younger than the settle age does not bring the Region back (it may be a partial or late read)', () => {
    // Breaches, then two clean minutes 2 and 1 minutes old: not settled yet.
    expect(verdict([B, B, B, B, H, H], settling)).toBe(1);
  });

  test('once the clean minute is 4 minutes old it proves the recovery', () => {
    expect(verdict([B, B, B, H, _, _, _], settling)).toBe(0);
    expect(verdict([B, B, B, H, _, _], settling)).toBe(1);
  });

  test('a newer minute that still breaches vetoes the recovery', () => {
    expect(verdict([B, B, B, H, _, _, B], settling)).toBe(1);
  });

  test('breaches count at once: leaving DNS waits for nothing', () => {
    expect(verdict([H, H, B, B, B], settling)).toBe(1);
  });

  test('a young minute that does not breach neither counts nor vetoes on the way out (it may be a late or partial read)', () => {
    // The third minute (3 minutes old) read low from some nodes only; the fourth, 2 minutes old, breaches.
    expect(verdict([H, H, B, B, 0.5, B, _], settling)).toBe(1);
    // The same low minute once settled (4 minutes old) is a real non-breach: 2 of the last 3.
    expect(verdict([H, H, B, B, 0.5, B, _, _], settling)).toBe(0);
  });

  test('two young minutes that do not breach: the third breach waits until the older one has settled (the documented floor)', () => {
    // gray-5xx, seed 10: two late 5xx counts in a row; 3 and 2 minutes old they read low.
    expect(verdict([H, H, B, B, 0.5, H, _], settling)).toBe(0);
    expect(verdict([H, H, B, B, B, 0.5, _, _], settling)).toBe(1);
  });

  test('an early understated read (the newest minute) cannot flap an unhealthy Region back', () => {
    // Every run during an incident: the newest minute reads clean (partial), the others breach.
    for (let run = 4; run < 12; run++) {
      const values = Array.from({ length: run }, (_unused, i) => (i === run - 1 ? H : B));
      expect(verdict(values, settling)).toBe(1);
    }
  });
});
