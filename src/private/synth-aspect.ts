/**
 * Running a construct's checks once during synthesis, after every construct
 * (and escape hatch) is configured. Not part of the public API.
 */
import { Aspects, IAspect } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** Calls `check` when synthesis visits `construct`. */
export function checkAtSynth(construct: IConstruct, check: () => void): void {
  Aspects.of(construct).add(new RunAtSynth(construct, check));
}

class RunAtSynth implements IAspect {
  constructor(private readonly construct: IConstruct, private readonly check: () => void) {}

  public visit(node: IConstruct): void {
    if (node === this.construct) {
      this.check();
    }
  }
}
