import { ApiError } from './api-error.ts';

export const ACCOUNT_ID = '123456789012';

export interface ParsedArn {
  region: string;
  account: string;
  /** stateMachine | execution | express | mapRun | activity | ... */
  resourceType: string;
  /** Everything after `<resourceType>:`. */
  resource: string;
}

/** Parses an `arn:aws:states:` ARN; InvalidArn with AWS's wording when it is not one. */
export function parseStatesArn(arn: string): ParsedArn {
  const parts = arn.split(':');
  if (parts.length < 7 || parts[0] !== 'arn' || !parts[1]?.startsWith('aws') || parts[2] !== 'states') {
    throw new ApiError('InvalidArn', `Invalid Arn: 'Invalid ARN prefix: ${arn}'`);
  }
  const [, , , region = '', account = '', resourceType = ''] = parts;
  const resource = parts.slice(6).join(':');
  if (!region || !account || !resource) throw new ApiError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${resourceType}'`);
  return { region, account, resourceType, resource };
}

/** Requires one of the given resource types. */
export function expectArn(arn: string, ...types: string[]): ParsedArn {
  const parsed = parseStatesArn(arn);
  if (!types.includes(parsed.resourceType)) {
    throw new ApiError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${parsed.resourceType}'`);
  }
  return parsed;
}

export const stateMachineArn = (region: string, name: string): string =>
  `arn:aws:states:${region}:${ACCOUNT_ID}:stateMachine:${name}`;

/**
 * Names of state machines and executions: 1-80 characters, none of whitespace, brackets,
 * wildcards, `"#%\^|~\`$&,;:/` or control characters (the CreateStateMachine/StartExecution docs).
 */
export function isValidName(name: string): boolean {
  if (name.length < 1 || name.length > 80) return false;
  return !/[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/.test(name);
}
