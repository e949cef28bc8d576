/**
 * What ties a drill's FIS experiment template to the tools that read it
 * (`drill plan`, `drill report`): its tags, the key of its one action and of
 * its one target, and its name. The constructs write these, the CLI finds a
 * Region's drill of a fault by them; spelled once, here.
 */

/** The tag keys every drill experiment template carries (CloudFormation `Tags` of AWS::FIS::ExperimentTemplate is a map). */
export const DRILL_TAG_KEYS = {
  /** The failover's name. */
  failover: 'cdk-active-active-failover:failover',
  /** The Region the drill injects its fault into. */
  region: 'cdk-active-active-failover:region',
  /** The DrillFault. */
  fault: 'cdk-active-active-failover:fault',
} as const;

/** The key of a drill template's one action. */
export const DRILL_ACTION_KEY = 'Inject';

/** The key (and name) of a drill template's one target: the ECS tasks of the Region's service. */
export const DRILL_TARGET_KEY = 'Tasks';

/** A drill template's `Name` tag: `<failoverName>-<region>-drill-<fault>` (names.ts spells every name the library gives). */
export { drillTemplateName } from '../names';
