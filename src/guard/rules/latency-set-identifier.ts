import { GuardRule, isPlainString, latencyRecords } from './rule';
import { checkSetIdentifier } from '../../model/route53-record-rules';

/** A latency record has a SetIdentifier of 1 to 128 characters. */
export const LATENCY_SET_IDENTIFIER: GuardRule = {
  ids: ['AAF-RECORD-SET-IDENTIFIER'],
  description: 'a latency record has no SetIdentifier, or one over 128 characters',
  check: stack => latencyRecords(stack).flatMap(record => {
    const id = record.properties.SetIdentifier;
    if (id === undefined || id === '') {
      return [{
        resource: record,
        violation: {
          ruleId: 'AAF-RECORD-SET-IDENTIFIER',
          property: 'SetIdentifier',
          value: 'none',
          problem: 'is required on a latency record',
          fix: 'give each Region\'s record a SetIdentifier, for example the Region\'s code',
        },
      }];
    }
    return isPlainString(id) ? checkSetIdentifier('SetIdentifier', id).map(violation => ({ resource: record, violation })) : [];
  }),
};
