// Where the demo "lives": the account and region its ARNs name. The emulator answers for
// account 123456789012 (DESIGN.md §2.4) and the dashboard polls it as us-east-1, so those are
// the defaults; the region is a parameter because ARNs follow the caller's SigV4 scope.

export interface DemoEnv {
  region: string;
  accountId: string;
}

export const DEFAULT_DEMO_ENV: DemoEnv = { region: 'us-east-1', accountId: '123456789012' };

/** Unqualified Lambda function ARN, as a legacy `"Resource"` names it. */
export function lambdaArn(env: DemoEnv, functionName: string): string {
  return `arn:aws:lambda:${env.region}:${env.accountId}:function:${functionName}`;
}

/** FunctionName as the Workflow Studio snippet for lambda:invoke writes it (with `:$LATEST`). */
export function lambdaInvokeTarget(env: DemoEnv, functionName: string): string {
  return `${lambdaArn(env, functionName)}:$LATEST`;
}

export function snsTopicArn(env: DemoEnv, topic: string): string {
  return `arn:aws:sns:${env.region}:${env.accountId}:${topic}`;
}

/** Execution role as the console creates it (`service-role/StepFunctions-<name>-role-<hex>`). */
export function demoRoleArn(env: DemoEnv, stateMachineName: string, suffix: string): string {
  return `arn:aws:iam::${env.accountId}:role/service-role/StepFunctions-${stateMachineName}-role-${suffix}`;
}

export function logGroupArn(env: DemoEnv, logGroupName: string): string {
  // Step Functions requires the `:*` suffix on a logging destination (sfn-facts.md §2.5).
  return `arn:aws:logs:${env.region}:${env.accountId}:log-group:${logGroupName}:*`;
}

/** Optimized integrations the demo workflows use, besides Lambda functions. */
export const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
export const SNS_PUBLISH = 'arn:aws:states:::sns:publish';
/** SNS Publish that waits for a task token (the message carries it; SendTaskSuccess resumes). */
export const SNS_PUBLISH_WAIT_FOR_TOKEN = 'arn:aws:states:::sns:publish.waitForTaskToken';
export const DYNAMODB_PUT_ITEM = 'arn:aws:states:::dynamodb:putItem';
