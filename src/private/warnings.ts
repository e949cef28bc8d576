/**
 * Raising a warning with its id (`model/warnings.ts`), honouring an
 * acknowledgement of the id it had in earlier releases. Not part of the public API.
 */
import { Annotations, App } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { legacyWarningId } from '../model/warnings';

/**
 * Adds the warning `id` to `scope`, unless it is acknowledged there (or on a
 * construct above it, the App aside) by its id or by its earlier id.
 *
 * The message ends with both ids as `[ack: ...]` tags, the current id first
 * (the CDK CLI shows the first), so acknowledging either one after the
 * warning was raised removes it too.
 */
export function addWarning(scope: IConstruct, id: string, message: string): void {
  const legacy = legacyWarningId(id);
  if (isAcknowledged(scope, id) || isAcknowledged(scope, legacy)) {
    return;
  }
  // addWarningV2 appends the tag of the id it is given: give it the earlier id, so the current one comes first.
  Annotations.of(scope).addWarningV2(legacy, `${message} [ack: ${id}]`);
}

/**
 * Whether `id` is acknowledged on `scope` or a construct above it (the App
 * aside). aws-cdk-lib keeps acknowledgements per App under a registered
 * symbol and has no public query; asking for a child of `scope` makes older
 * aws-cdk-lib versions, which look only above the construct asked about,
 * include `scope` itself. Without that store (an App-less tree, another
 * aws-cdk-lib) this says no, and only the earlier id is honoured before the
 * warning is raised.
 */
function isAcknowledged(scope: IConstruct, id: string): boolean {
  const app = App.of(scope) as unknown as Record<symbol, { has?: (node: string, ack: string) => boolean } | undefined> | undefined;
  const acknowledgements = app?.[Symbol.for('@aws-cdk/core.Acknowledgements')];
  return typeof acknowledgements?.has === 'function' ? acknowledgements.has(`${scope.node.path}/*`, id) : false;
}
