/**
 * A Region's stack outputs: what an operator's commands need. Not part of the
 * public API.
 */
import { CfnOutput } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { evacuationCommand, statusCommand } from '../model/commands';
import { healthAlarmName } from '../model/names';

/** What a Region's outputs show. */
export interface RegionOutputsProps {
  readonly failoverName: string;
  readonly region: string;
  readonly regionalRecordName: string;
  readonly hasHealthAlarm: boolean;
  readonly switchHealthCheck?: route53.IHealthCheck;
}

/** Creates the outputs in `scope/Outputs`. */
export function createRegionOutputs(scope: Construct, props: RegionOutputsProps): void {
  const outputs = new Construct(scope, 'Outputs');
  const { failoverName, region } = props;
  const output = (id: string, value: string, description: string) => new CfnOutput(outputs, id, { value, description });
  output('RegionalRecordName', props.regionalRecordName, `The name that always reaches ${region}`);
  if (props.hasHealthAlarm) {
    output('HealthAlarmName', healthAlarmName(failoverName, region), 'In ALARM while the Region is out of DNS');
  }
  if (props.switchHealthCheck) {
    output('EvacuateCommand', evacuationCommand(failoverName, region, 1), 'Takes the Region out of DNS');
    output('RestoreCommand', evacuationCommand(failoverName, region, 0), 'Returns the Region to DNS (when its signals are healthy)');
    output('StatusCommand', statusCommand(failoverName, region, props.hasHealthAlarm), 'Shows the switch and the Region\'s health');
    output('SwitchHealthCheckId', props.switchHealthCheck.healthCheckId,
      'The switch\'s health check (break glass when this Region\'s CloudWatch is impaired: '
      + 'aws route53 update-health-check --health-check-id <id> --inverted, then --no-inverted)');
  }
}
