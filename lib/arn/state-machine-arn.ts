// ARN shapes (reference/sfn-facts.md §2.2):
//   execution   arn:<partition>:states:<region>:<account>:execution:<sm>[/<label>]:<name>
//   express     arn:<partition>:states:<region>:<account>:express:<sm>[/<label>]:<name>:<uuid>
//   machine     arn:<partition>:states:<region>:<account>:stateMachine:<sm>

const EXECUTION_ARN = /^(arn:[^:]+:states:[^:]*:[^:]*):(execution|express):([^:/]+)(?:\/[^:]*)?:(.+)$/;

export interface ExecutionArnParts {
  stateMachineArn: string;
  stateMachineName: string;
  /** The execution's name (for Express, without the trailing uuid). */
  name: string;
  type: 'STANDARD' | 'EXPRESS';
  region: string;
}

/** Splits an execution ARN; null when it is not one. A Map Run child maps to its parent machine. */
export function parseExecutionArn(executionArn: string): ExecutionArnParts | null {
  const match = EXECUTION_ARN.exec(executionArn);
  if (!match) return null;
  const [, prefix = '', kind, stateMachineName = '', rest = ''] = match;
  const name = kind === 'express' ? rest.replace(/:[^:]*$/, '') : rest;
  return {
    stateMachineArn: `${prefix}:stateMachine:${stateMachineName}`,
    stateMachineName,
    name,
    type: kind === 'express' ? 'EXPRESS' : 'STANDARD',
    region: prefix.split(':')[3] ?? '',
  };
}

/** The resource name at the end of a state machine ARN. */
export function stateMachineNameFromArn(stateMachineArn: string): string {
  return stateMachineArn.slice(stateMachineArn.lastIndexOf(':') + 1);
}
