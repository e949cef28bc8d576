import { Template } from 'aws-cdk-lib/assertions';
import { CONFIG_VERSION, RepublisherConfig } from '../../src/model/republisher/config';

/**
 * Reads the republisher configuration from a synthesized template, the way a
 * tool reading cdk.out would: the schedule's input, with each CloudFormation
 * reference replaced by a placeholder.
 */
export function republisherConfig(template: Template): RepublisherConfig {
  const rules = Object.values(template.findResources('AWS::Events::Rule', { Properties: { ScheduleExpression: 'rate(1 minute)' } }));
  expect(rules).toHaveLength(1);
  const input = rules[0].Properties.Targets[0].Input;
  const text = typeof input === 'string' ? input : (input['Fn::Join'][1] as unknown[])
    .map(part => (typeof part === 'string' ? part : `<${Object.keys(part as object)[0]}>`)).join('');
  const event = JSON.parse(text);
  expect(event).toMatchObject({ kind: 'tick', version: CONFIG_VERSION });
  return event.config;
}
