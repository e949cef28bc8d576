/**
 * Raising a warning with its id (`model/warnings.ts`), honouring an
 * acknowledgement of the id it had in earlier releases. Not part of the public API.
 */
import { Annotations, App } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { legacyWarningId } from '../model/warnings';

/**
 * Adds the warning `id` to `scope`, unless it is acknowledged there by its id
 * or by its earlier id. The message carries both ids (`[ack: ...]`), so
 * acknowledging either one after the warning was raised removes it too.
 */
export function addWarning(scope: IConstruct, id: string, message: string): void {
  const legacy = legacyWarningId(id);
  if (isAcknowledged(scope, legacy)) {
    return;
  }
  Annotations.of(scope).addWarningV2(id, `${message} [ack: ${legacy}]`);
}

/**
 * Whether `id` is acknowledged on `scope` or one of its parents. aws-cdk-lib
 * keeps acknowledgements per App under a registered symbol and has no public
 * query; without it (an App-less tree, another aws-cdk-lib) this says no, and
 * only the current id is honoured before the warning is raised.
 */
function isAcknowledged(scope: IConstruct, id: string): boolean {
  const app = App.of(scope) as unknown as Record<symbol, { has?: (node: IConstruct, ack: string) => boolean } | undefined> | undefined;
  const acknowledgements = app?.[Symbol.for('@aws-cdk/core.Acknowledgements')];
  return typeof acknowledgements?.has === 'function' ? acknowledgements.has(scope, id) : false;
}
